#include "query/binder/check_bound.h"

#include <algorithm>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "query/common/query_error.h"
#include "query/functions/function_registry.h"
#include "query/functions/functions.h"

namespace namidb::query {

namespace {

using Names = std::set<std::string>;

// Walks a statement with the planner's scopes: the names in scope at each
// clause, and at each expression those it is bound over. Where the planner's
// order of binding depends on more than the text (the join order of a
// MATCH's or MERGE's pattern), an expression in a pattern is checked over
// the names before it in the text, which is the planner's order when the
// pattern is planned from its first element.
class Checker {
 public:
  // `standalone_call`: the clause of a statement that is one CALL and
  // nothing else, if it is one.
  explicit Checker(const Clause* standalone_call) : standalone_call_(standalone_call) {}

  // `clauses` over `scope`, which they change as the planner would.
  // `columns`: if not null, receives the names the last RETURN gives.
  Status Clauses(const std::vector<Clause>& clauses, Names& scope, Names* columns) {
    for (const Clause& c : clauses) NAMIDB_RETURN_IF_ERROR(Check(c, scope, columns));
    return Status::OK();
  }

 private:
  Status Check(const Clause& c, Names& scope, Names* columns) {
    switch (c.kind) {
      case ClauseKind::kMatch:
      case ClauseKind::kCreate:
      case ClauseKind::kMerge:
        for (const PatternPart& part : c.pattern) {
          if (c.kind == ClauseKind::kCreate) {
            NAMIDB_RETURN_IF_ERROR(CreatePattern(part, scope));
          } else {
            if (c.kind == ClauseKind::kMerge) NAMIDB_RETURN_IF_ERROR(MergeBindsNew(part, scope));
            NAMIDB_RETURN_IF_ERROR(Pattern(part, scope, c.pattern));
          }
        }
        NAMIDB_RETURN_IF_ERROR(Expression(c.where.get(), scope));
        NAMIDB_RETURN_IF_ERROR(SetItems(c.on_create, scope));
        return SetItems(c.on_match, scope);
      case ClauseKind::kUnwind:
      case ClauseKind::kLoadCsv:
        // LOAD CSV's hidden variables (linenumber(), file()) come with its
        // alias: they make no scope of their own.
        NAMIDB_RETURN_IF_ERROR(Expression(c.expr.get(), scope));
        return Introduce(c.alias, c.pos, scope);
      case ClauseKind::kSet:
      case ClauseKind::kRemove:
        return SetItems(c.set_items, scope);
      case ClauseKind::kDelete:
        for (const auto& e : c.arguments) NAMIDB_RETURN_IF_ERROR(Expression(e.get(), scope));
        return Status::OK();
      case ClauseKind::kForeach: {
        NAMIDB_RETURN_IF_ERROR(Expression(c.expr.get(), scope));
        Names inner = scope;
        inner.insert(c.alias);
        return Nested([&] { return Clauses(c.body, inner, nullptr); });
      }
      case ClauseKind::kCallProcedure: {
        for (const auto& e : c.arguments) NAMIDB_RETURN_IF_ERROR(Expression(e.get(), scope));
        // Only a call that is the whole statement yields outputs it does not
        // name (which its signature holds, not the text).
        if (c.yield_star && &c != standalone_call_) {
          return SyntaxError("UnexpectedSyntax", c.pos,
                             "YIELD * is only allowed when CALL stands alone");
        }
        // A call that stands alone binds every output, but nothing follows it.
        for (const YieldItem& y : c.yields) scope.insert(y.variable);
        return Expression(c.where.get(), scope);
      }
      case ClauseKind::kCallSubquery:
        return CallSubquery(c, scope);
      case ClauseKind::kWith:
      case ClauseKind::kReturn:
        return ProjectionClause(c, scope, columns);
    }
    return Status::OK();
  }

  // CALL { ... }: a part sees the scope around only through a leading WITH
  // of plain variables (ImportsScope), or with a variable scope clause
  // what that names; what the first part returns joins it.
  Status CallSubquery(const Clause& c, Names& scope) {
    if (c.in_transactions) NAMIDB_RETURN_IF_ERROR(InTransactions(c));
    Names imported;
    for (const ExprPtr& name : c.imports) {
      if (!scope.count(name->name)) {
        return SyntaxError("UndefinedVariable", name->pos,
                           "variable '" + name->name + "' is not defined");
      }
      if (!imported.insert(name->name).second) {
        return SyntaxError("VariableAlreadyBound", name->pos,
                           "variable '" + name->name + "' is imported twice");
      }
    }
    Names columns;
    for (size_t i = 0; i < c.subquery->parts.size(); ++i) {
      const std::vector<Clause>& clauses = c.subquery->parts[i].clauses;
      Names inner = c.has_scope_clause      ? (c.imports_all ? scope : imported)
                    : ImportsScope(clauses) ? scope
                                            : Names();
      Names returned;
      NAMIDB_RETURN_IF_ERROR(Nested([&] { return Clauses(clauses, inner, &returned); }));
      if (i == 0) columns = std::move(returned);
    }
    for (const std::string& name : columns) {
      if (scope.count(name)) {
        return SyntaxError("VariableAlreadyBound", c.pos,
                           "variable '" + name + "' is already defined outside the subquery");
      }
    }
    scope.insert(columns.begin(), columns.end());
    if (!c.report_status.empty()) return Introduce(c.report_status, c.pos, scope);
    return Status::OK();
  }

  // CALL { } IN TRANSACTIONS: only at a statement's top level, its number
  // of rows a value of no variable, and a status reported only where a
  // failed transaction lets the statement go on.
  Status InTransactions(const Clause& c) {
    if (depth_ > 0) {
      return SyntaxError("InvalidClauseComposition", c.pos,
                         "CALL { } IN TRANSACTIONS cannot be nested in a subquery or FOREACH");
    }
    if (c.transaction_rows) {
      Names none;
      NAMIDB_RETURN_IF_ERROR(Expression(c.transaction_rows.get(), none));
    }
    if (!c.report_status.empty() && c.on_error == OnTransactionError::kFail) {
      return SyntaxError("InvalidClauseComposition", c.pos,
                         "REPORT STATUS needs ON ERROR CONTINUE or ON ERROR BREAK");
    }
    return Status::OK();
  }

  // Runs `check` one level of nesting deeper (a subquery, a FOREACH body).
  template <typename Check>
  Status Nested(const Check& check) {
    ++depth_;
    Status status = check();
    --depth_;
    return status;
  }

  // WITH / RETURN: items over the scope before; ORDER BY, WHERE, SKIP and
  // LIMIT over it and the projected names; after it only the projected
  // names (with `*` the scope before too).
  Status ProjectionClause(const Clause& c, Names& scope, Names* columns) {
    const Projection& p = c.projection;
    // Names with a space are the parser's and LOAD CSV's, which * leaves out.
    const bool nothing_named = std::all_of(scope.begin(), scope.end(), [](const auto& name) {
      return std::string_view(name).starts_with(' ');
    });
    if (p.star && p.items.empty() && c.kind == ClauseKind::kReturn && nothing_named) {
      return SyntaxError("NoVariablesInScope", c.pos, "RETURN * needs variables in scope");
    }
    for (const ProjectionItem& item : p.items) {
      NAMIDB_RETURN_IF_ERROR(Expression(item.expr.get(), scope));
      if (p.let && scope.count(item.alias)) {
        return AlreadyBound(item.alias, c.pos, "; LET binds a new name");
      }
    }
    Names after = p.star ? scope : Names();
    for (const ProjectionItem& item : p.items) after.insert(item.alias);
    Names both = scope;
    both.insert(after.begin(), after.end());
    for (const SortItem& s : p.order_by) NAMIDB_RETURN_IF_ERROR(Expression(s.expr.get(), both));
    NAMIDB_RETURN_IF_ERROR(Expression(p.where.get(), both));
    NAMIDB_RETURN_IF_ERROR(Expression(p.skip.get(), both));
    NAMIDB_RETURN_IF_ERROR(Expression(p.limit.get(), both));
    if (c.kind == ClauseKind::kReturn && columns) *columns = after;
    scope = std::move(after);
    return Status::OK();
  }

  // SET and REMOVE items: `n.k = v` reads n through its target; `n = map`,
  // `n += map` and `n:Label` name n itself.
  Status SetItems(const std::vector<SetItem>& items, const Names& scope) {
    for (const SetItem& item : items) {
      if (item.kind != SetKind::kProperty && !scope.count(item.variable)) {
        return Undefined(item.variable, item.pos);
      }
      NAMIDB_RETURN_IF_ERROR(Expressions(item.dynamic_labels, scope));
      NAMIDB_RETURN_IF_ERROR(Expression(item.target.get(), scope));
      NAMIDB_RETURN_IF_ERROR(Expression(item.value.get(), scope));
    }
    return Status::OK();
  }

  // A new name for `scope` (UNWIND, LOAD CSV): one already there is an error.
  static Status Introduce(const std::string& name, const SourcePos& pos, Names& scope) {
    if (!scope.insert(name).second) return AlreadyBound(name, pos, "");
    return Status::OK();
  }

  static Status AlreadyBound(const std::string& name, const SourcePos& pos,
                             const std::string& why) {
    return SyntaxError("VariableAlreadyBound", pos,
                       "variable '" + name + "' is already defined" + why);
  }

  static Status Undefined(const std::string& name, const SourcePos& pos) {
    return SyntaxError("UndefinedVariable", pos, "variable '" + name + "' is not defined");
  }

  // A path's name is new: neither in scope nor a name of its own elements.
  static Status PathNameIsNew(const PatternPart& part, const Names& scope) {
    if (part.path_variable.empty()) return Status::OK();
    bool reused = scope.count(part.path_variable) > 0;
    for (const auto& n : part.nodes) reused |= n.variable == part.path_variable;
    for (const auto& r : part.rels) reused |= r.variable == part.path_variable;
    return reused ? AlreadyBound(part.path_variable, part.pos, "") : Status::OK();
  }

  // What MERGE may not take from `scope` or repeat within its pattern: a
  // node alone, a node with labels or properties, a relationship. It makes
  // the whole pattern when it finds none of it, so every part it names
  // again must be a plain reference.
  static Status MergeBindsNew(const PatternPart& part, const Names& scope) {
    if (part.rels.empty() && scope.count(part.nodes[0].variable)) {
      return AlreadyBound(part.nodes[0].variable, part.nodes[0].pos, "; MERGE needs a new node");
    }
    Names seen = scope;
    for (const NodePattern& n : part.nodes) {
      bool decorated = !n.labels.empty() || !n.dynamic_labels.empty() || n.properties;
      if (!n.variable.empty() && !seen.insert(n.variable).second && decorated) {
        return AlreadyBound(n.variable, n.pos, "; it cannot take labels or properties here");
      }
    }
    // A bound relationship is refused first: no type or shape makes it new.
    // (A node's name on a relationship of the pattern is the planner's
    // VariableTypeConflict.)
    Names rels = scope;
    for (const RelPattern& r : part.rels) {
      if (!r.variable.empty() && !rels.insert(r.variable).second) {
        return AlreadyBound(r.variable, r.pos, "");
      }
    }
    return Status::OK();
  }

  // A pattern to match, its names added to `scope`: each element's
  // expressions (property maps, hop bounds) over the names before it in
  // the text, the element's own not yet bound. A name of the whole pattern
  // (`all`: the parts of its clause) is no UndefinedVariable here: the
  // planner's join order may bind it first, and reports it if not.
  Status Pattern(const PatternPart& part, Names& scope, std::span<const PatternPart> all) {
    ScopedNames pending(&pending_);
    for (const PatternPart& p : all) {
      for (const NodePattern& n : p.nodes) pending_.insert(n.variable);
      for (const RelPattern& r : p.rels) pending_.insert(r.variable);
    }
    NAMIDB_RETURN_IF_ERROR(PathNameIsNew(part, scope));
    for (size_t i = 0; i < part.nodes.size(); ++i) {
      const NodePattern& n = part.nodes[i];
      // The parser moves an inline WHERE into the pattern's; one left here
      // would be no condition at all.
      if (n.where || (i < part.rels.size() && part.rels[i].where)) {
        return Status::Internal("a pattern kept an inline WHERE the parser should have moved");
      }
      NAMIDB_RETURN_IF_ERROR(Expression(n.properties.get(), scope));
      NAMIDB_RETURN_IF_ERROR(Expressions(n.dynamic_labels, scope));  // MERGE's
      if (!n.variable.empty()) scope.insert(n.variable);
      if (i == part.rels.size()) break;
      const RelPattern& r = part.rels[i];
      NAMIDB_RETURN_IF_ERROR(Expression(r.dynamic_type.get(), scope));
      // A group's relationship map sees the group's names (Group).
      if (!r.quantified) NAMIDB_RETURN_IF_ERROR(Expression(r.properties.get(), scope));
      NAMIDB_RETURN_IF_ERROR(Expression(r.min_hops.get(), scope));
      NAMIDB_RETURN_IF_ERROR(Expression(r.max_hops.get(), scope));
      if (r.quantified) NAMIDB_RETURN_IF_ERROR(Group(r, scope));
      if (!r.variable.empty()) scope.insert(r.variable);
    }
    if (!part.path_variable.empty()) scope.insert(part.path_variable);
    return Status::OK();
  }

  // A quantified path pattern's group, its names added to `scope` (as
  // lists). They are new: bound before or elsewhere in the pattern, one
  // name would be an element and a list at once. Its maps and condition
  // see them as one repetition's elements.
  Status Group(const RelPattern& r, Names& scope) {
    const QuantifiedHop& hop = *r.quantified;
    Names inner = scope;
    for (const NodePattern* n : hop.Nodes()) {
      if (n->variable.empty()) continue;
      if (scope.count(n->variable) || pending_.count(n->variable)) {
        return AlreadyBound(n->variable, n->pos,
                            "; a quantified path pattern's variables are its own");
      }
      inner.insert(n->variable);
    }
    std::vector<const RelPattern*> rels{&r};
    for (const RelPattern& more : hop.more) rels.push_back(&more);
    for (const RelPattern* each : rels) {
      if (each->variable.empty()) continue;
      // Within the group too: one relationship cannot be two of a repetition.
      if (scope.count(each->variable) || inner.count(each->variable)) {
        return AlreadyBound(each->variable, each->pos,
                            "; a quantified path pattern's variables are its own");
      }
      inner.insert(each->variable);
    }
    NAMIDB_RETURN_IF_ERROR(Expression(r.properties.get(), inner));
    for (const Expr* e : hop.Checks()) NAMIDB_RETURN_IF_ERROR(Expression(e, inner));
    for (const NodePattern* n : hop.Nodes()) {
      if (!n->variable.empty()) scope.insert(n->variable);
    }
    for (const RelPattern& more : hop.more) {
      if (!more.variable.empty()) scope.insert(more.variable);
    }
    return Status::OK();
  }

  // A pattern to create: as the planner makes them, its nodes, then its
  // relationships, then its path. A node named before (in scope, or earlier
  // in the clause) is a reference, which takes no labels or properties and
  // does not stand alone (that would create it again); a relationship is
  // always new.
  Status CreatePattern(const PatternPart& part, Names& scope) {
    NAMIDB_RETURN_IF_ERROR(PathNameIsNew(part, scope));
    for (const NodePattern& n : part.nodes) {
      bool decorated = !n.labels.empty() || !n.dynamic_labels.empty() || n.properties;
      if (!n.variable.empty() && scope.count(n.variable)) {
        if (decorated || part.nodes.size() == 1) return AlreadyBound(n.variable, n.pos, "");
        continue;
      }
      NAMIDB_RETURN_IF_ERROR(Expression(n.properties.get(), scope));
      NAMIDB_RETURN_IF_ERROR(Expressions(n.dynamic_labels, scope));
      if (!n.variable.empty()) scope.insert(n.variable);
    }
    for (const RelPattern& r : part.rels) {
      if (!r.variable.empty() && scope.count(r.variable))
        return AlreadyBound(r.variable, r.pos, "");
      NAMIDB_RETURN_IF_ERROR(Expression(r.properties.get(), scope));
      NAMIDB_RETURN_IF_ERROR(Expression(r.dynamic_type.get(), scope));
      if (!r.variable.empty()) scope.insert(r.variable);
    }
    if (!part.path_variable.empty()) scope.insert(part.path_variable);
    return Status::OK();
  }

  // A call names a built-in function, scalar or aggregate, or what LOAD
  // CSV is reading (linenumber(), file(), without arguments; null outside
  // it).
  static Status Call(const Expr& e) {
    if (FindScalarFunction(e.name) || FindAggregateFunction(e.name)) return Status::OK();
    if (e.children.empty()) {
      std::string name = AsciiLower(e.name);
      if (name == "linenumber" || name == "file") return Status::OK();
    }
    return SyntaxError("UnknownFunction", e.pos, "unknown function " + e.name + "()");
  }

  Status Expressions(const std::vector<ExprPtr>& list, const Names& scope) {
    for (const auto& e : list) NAMIDB_RETURN_IF_ERROR(Expression(e.get(), scope));
    return Status::OK();
  }

  Status Expression(const Expr* e, const Names& scope) {
    if (!e) return Status::OK();
    // A call before its arguments, as the planner binds it.
    if (e->kind == ExprKind::kFunction) NAMIDB_RETURN_IF_ERROR(Call(*e));
    switch (e->kind) {
      case ExprKind::kVariable:
        return scope.count(e->name) || pending_.count(e->name) ? Status::OK()
                                                               : Undefined(e->name, e->pos);
      case ExprKind::kListComprehension:
      case ExprKind::kQuantifier:
      case ExprKind::kReduce: {
        // The list (and reduce's initial value) outside the variables.
        size_t outside = e->kind == ExprKind::kReduce ? 2 : 1;
        Names inner = scope;
        inner.insert(e->variable);
        if (e->kind == ExprKind::kReduce && !e->names.empty()) inner.insert(e->names[0]);
        for (size_t i = 0; i < e->children.size(); ++i) {
          NAMIDB_RETURN_IF_ERROR(Expression(e->children[i].get(), i < outside ? scope : inner));
        }
        return Status::OK();
      }
      case ExprKind::kPatternComprehension:
      case ExprKind::kPatternPredicate:
      case ExprKind::kExists:
      case ExprKind::kCountSubquery:
      case ExprKind::kCollectSubquery: {
        // Run per row with the row's scope: an EXISTS subquery's clauses
        // start from it.
        Names inner = scope;
        if (e->subquery) {
          for (const SingleQuery& part : e->subquery->parts) {
            Names clauses_scope = scope;
            NAMIDB_RETURN_IF_ERROR(
                Nested([&] { return Clauses(part.clauses, clauses_scope, nullptr); }));
          }
        } else if (e->pattern) {
          NAMIDB_RETURN_IF_ERROR(Pattern(*e->pattern, inner, std::span(e->pattern.get(), 1)));
        }
        for (const auto& c : e->children) NAMIDB_RETURN_IF_ERROR(Expression(c.get(), inner));
        return Status::OK();
      }
      default:
        for (const auto& c : e->children) NAMIDB_RETURN_IF_ERROR(Expression(c.get(), scope));
        return e->kind == ExprKind::kFunction ? ArgumentCount(*e) : Status::OK();
    }
  }

  // The number of a call's arguments, after the arguments themselves, as
  // the planner binds them (an aggregate's count(*) is no call).
  static Status ArgumentCount(const Expr& e) {
    auto wrong = [&e](const std::string& problem) {
      return SyntaxError("InvalidNumberOfArguments", e.pos, problem);
    };
    if (const ScalarFunction* f = FindScalarFunction(e.name)) {
      if (f->id == FunctionId::kExists && e.children.size() != 1) {
        return wrong("exists() takes one argument");
      }
      if (auto problem = f->ArgumentCountProblem(e.name, e.children.size())) return wrong(*problem);
    } else if (const AggregateFunction* a = FindAggregateFunction(e.name)) {
      if (e.children.size() != a->arguments) {
        return wrong(e.name + "() takes " + std::to_string(a->arguments) + " argument(s)");
      }
    }
    return Status::OK();
  }

  // Restores a set of names when it goes out of scope.
  class ScopedNames {
   public:
    explicit ScopedNames(Names* names) : names_(names), saved_(*names) {}
    ~ScopedNames() { *names_ = std::move(saved_); }

   private:
    Names* names_;
    Names saved_;
  };

  const Clause* standalone_call_;
  Names pending_;  // names of the pattern being matched (Pattern)
  int depth_ = 0;  // subqueries and FOREACH bodies the clause checked is in
};

// A statement with CALL { } IN TRANSACTIONS commits its transactions one
// by one, so nothing else of it may change the graph: those changes would
// go into its first transaction. Neither may it be a UNION.
Status CheckTransactionsAlone(const Query& query) {
  for (const SingleQuery& part : query.parts) {
    const Clause* transactions = nullptr;
    const Clause* update = nullptr;
    for (const Clause& c : part.clauses) {
      if (c.kind == ClauseKind::kCallSubquery && c.in_transactions) {
        if (!transactions) transactions = &c;
        continue;
      }
      if (!update && FindUpdatingClause(c)) update = &c;
    }
    if (!transactions) continue;
    if (query.parts.size() > 1) {
      return SyntaxError("InvalidClauseComposition", transactions->pos,
                         "CALL { } IN TRANSACTIONS cannot be part of a UNION");
    }
    if (update) {
      return SyntaxError("UnsupportedFeature", update->pos,
                         "a statement with CALL { } IN TRANSACTIONS changes the graph only "
                         "inside it; move this clause into the subquery");
    }
  }
  return Status::OK();
}

}  // namespace

const Clause* FindUpdatingClause(const Clause& c) {
  switch (c.kind) {
    case ClauseKind::kCreate:
    case ClauseKind::kMerge:
    case ClauseKind::kSet:
    case ClauseKind::kRemove:
    case ClauseKind::kDelete:
    case ClauseKind::kForeach:
      return &c;
    case ClauseKind::kCallSubquery:
      return c.subquery ? FindUpdatingClause(*c.subquery) : nullptr;
    default:
      return nullptr;
  }
}

const Clause* FindUpdatingClause(const Query& q) {
  for (const SingleQuery& part : q.parts) {
    for (const Clause& c : part.clauses) {
      if (const Clause* update = FindUpdatingClause(c)) return update;
    }
  }
  return nullptr;
}

bool ImportsScope(const std::vector<Clause>& part) {
  if (part.empty() || part.front().kind != ClauseKind::kWith) return false;
  const Projection& p = part.front().projection;
  if (p.distinct || !p.order_by.empty() || p.skip || p.limit || p.where) return false;
  for (const ProjectionItem& item : p.items) {
    if (item.expr->kind != ExprKind::kVariable) return false;
  }
  return true;
}

Status CheckBound(const Query& query) {
  const Clause* standalone_call = nullptr;
  if (query.parts.size() == 1 && query.parts[0].clauses.size() == 1 &&
      query.parts[0].clauses[0].kind == ClauseKind::kCallProcedure) {
    standalone_call = &query.parts[0].clauses[0];
  }
  for (const SingleQuery& part : query.parts) {
    Names scope;
    NAMIDB_RETURN_IF_ERROR(Checker(standalone_call).Clauses(part.clauses, scope, nullptr));
  }
  return CheckTransactionsAlone(query);
}

}  // namespace namidb::query
