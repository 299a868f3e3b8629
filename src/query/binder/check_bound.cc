#include "query/binder/check_bound.h"

#include <set>
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
          NAMIDB_RETURN_IF_ERROR(c.kind == ClauseKind::kCreate ? CreatePattern(part, scope)
                                                               : Pattern(part, scope));
        }
        NAMIDB_RETURN_IF_ERROR(Expression(c.where.get(), scope));
        NAMIDB_RETURN_IF_ERROR(SetItems(c.on_create, scope));
        return SetItems(c.on_match, scope);
      case ClauseKind::kUnwind:
      case ClauseKind::kLoadCsv:
        // LOAD CSV's hidden variables (linenumber(), file()) come with its
        // alias: they make no scope of their own.
        NAMIDB_RETURN_IF_ERROR(Expression(c.expr.get(), scope));
        scope.insert(c.alias);
        return Status::OK();
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
        return Clauses(c.body, inner, nullptr);
      }
      case ClauseKind::kCallProcedure: {
        for (const auto& e : c.arguments) NAMIDB_RETURN_IF_ERROR(Expression(e.get(), scope));
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
  // of plain variables (ImportsScope); what the first part returns joins it.
  Status CallSubquery(const Clause& c, Names& scope) {
    Names columns;
    for (size_t i = 0; i < c.subquery->parts.size(); ++i) {
      const std::vector<Clause>& clauses = c.subquery->parts[i].clauses;
      Names inner = ImportsScope(clauses) ? scope : Names();
      Names returned;
      NAMIDB_RETURN_IF_ERROR(Clauses(clauses, inner, &returned));
      if (i == 0) columns = std::move(returned);
    }
    scope.insert(columns.begin(), columns.end());
    return Status::OK();
  }

  // WITH / RETURN: items over the scope before; ORDER BY, WHERE, SKIP and
  // LIMIT over it and the projected names; after it only the projected
  // names (with `*` the scope before too).
  Status ProjectionClause(const Clause& c, Names& scope, Names* columns) {
    const Projection& p = c.projection;
    if (p.star && p.items.empty() && c.kind == ClauseKind::kReturn && scope.empty()) {
      return SyntaxError("NoVariablesInScope", c.pos, "RETURN * needs variables in scope");
    }
    for (const ProjectionItem& item : p.items) {
      NAMIDB_RETURN_IF_ERROR(Expression(item.expr.get(), scope));
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

  Status SetItems(const std::vector<SetItem>& items, const Names& scope) {
    for (const SetItem& item : items) {
      NAMIDB_RETURN_IF_ERROR(Expression(item.target.get(), scope));
      NAMIDB_RETURN_IF_ERROR(Expression(item.value.get(), scope));
    }
    return Status::OK();
  }

  // A pattern to match, its names added to `scope`: each element's
  // expressions (property maps, hop bounds) over the names before it in
  // the text, the element's own not yet bound.
  Status Pattern(const PatternPart& part, Names& scope) {
    for (size_t i = 0; i < part.nodes.size(); ++i) {
      const NodePattern& n = part.nodes[i];
      NAMIDB_RETURN_IF_ERROR(Expression(n.properties.get(), scope));
      if (!n.variable.empty()) scope.insert(n.variable);
      if (i == part.rels.size()) break;
      const RelPattern& r = part.rels[i];
      NAMIDB_RETURN_IF_ERROR(Expression(r.properties.get(), scope));
      NAMIDB_RETURN_IF_ERROR(Expression(r.min_hops.get(), scope));
      NAMIDB_RETURN_IF_ERROR(Expression(r.max_hops.get(), scope));
      if (!r.variable.empty()) scope.insert(r.variable);
    }
    if (!part.path_variable.empty()) scope.insert(part.path_variable);
    return Status::OK();
  }

  // A pattern to create: as the planner makes them, its nodes, then its
  // relationships, then its path.
  Status CreatePattern(const PatternPart& part, Names& scope) {
    for (const NodePattern& n : part.nodes) {
      NAMIDB_RETURN_IF_ERROR(Expression(n.properties.get(), scope));
      if (!n.variable.empty()) scope.insert(n.variable);
    }
    for (const RelPattern& r : part.rels) {
      NAMIDB_RETURN_IF_ERROR(Expression(r.properties.get(), scope));
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

  Status Expression(const Expr* e, const Names& scope) {
    if (!e) return Status::OK();
    // A call before its arguments, as the planner binds it.
    if (e->kind == ExprKind::kFunction) NAMIDB_RETURN_IF_ERROR(Call(*e));
    switch (e->kind) {
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
      case ExprKind::kExists: {
        // Run per row with the row's scope: an EXISTS subquery's clauses
        // start from it.
        Names inner = scope;
        if (e->subquery) {
          for (const SingleQuery& part : e->subquery->parts) {
            Names clauses_scope = scope;
            NAMIDB_RETURN_IF_ERROR(Clauses(part.clauses, clauses_scope, nullptr));
          }
        } else if (e->pattern) {
          NAMIDB_RETURN_IF_ERROR(Pattern(*e->pattern, inner));
        }
        for (const auto& c : e->children) NAMIDB_RETURN_IF_ERROR(Expression(c.get(), inner));
        return Status::OK();
      }
      default:
        for (const auto& c : e->children) NAMIDB_RETURN_IF_ERROR(Expression(c.get(), scope));
        return Status::OK();
    }
  }
};

}  // namespace

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
  for (const SingleQuery& part : query.parts) {
    Names scope;
    NAMIDB_RETURN_IF_ERROR(Checker().Clauses(part.clauses, scope, nullptr));
  }
  return Status::OK();
}

}  // namespace namidb::query
