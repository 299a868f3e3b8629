#include "query/binder/binder.h"

#include <unordered_map>
#include <utility>

namespace namidb::query {

namespace {

// Binds one query part. The variables of the part's scope are BoundPart's;
// what a comprehension, a pattern in an expression or a subquery binds is
// local: a stack of names that hides the scope's while it is bound.
class PartBinder {
 public:
  explicit PartBinder(BoundPart* part) : part_(part) {}

  void BindClauses(const std::vector<Clause>& clauses) {
    for (size_t i = 0; i < clauses.size(); ++i) {
      clause_ = i;
      part_->clauses.push_back({&clauses[i], {}, {}, false});
      BindClause(clauses[i]);
    }
  }

 private:
  // Where a definition goes: the part's scope (a clause of the part), or
  // the local stack (inside an expression or a subquery).
  bool local() const { return depth_ > 0; }

  BoundClause& current() { return part_->clauses[clause_]; }

  // A name read here: a local one, one of the scope, or unknown (no read).
  void Read(const std::string& name) {
    if (name.empty() || IsLocal(name) || hidden_ > 0) return;
    auto it = scope_.find(name);
    if (it == scope_.end()) return;
    BoundVariable& v = part_->variables[it->second];
    v.last_read = clause_;
    if (v.first < clause_) current().reads.insert(name);
  }

  bool IsLocal(const std::string& name) const {
    auto it = local_count_.find(name);
    return it != local_count_.end() && it->second > 0;
  }

  // A name bound or read by a pattern: bound already (a read), else defined.
  void BindOrRead(const std::string& name, VariableKind kind) {
    if (name.empty()) return;
    if (IsLocal(name) || (hidden_ == 0 && scope_.count(name))) {
      Read(name);
    } else {
      Define(name, kind);
    }
  }

  void Define(const std::string& name, VariableKind kind) {
    if (name.empty()) return;
    if (local()) {
      locals_.push_back({name, kind});
      ++local_count_[name];
      return;
    }
    auto it = scope_.find(name);
    if (it != scope_.end()) part_->variables[it->second].dropped = clause_;
    int id = NewVariable(name, kind);
    scope_[name] = id;
    current().introduced.push_back(id);
  }

  int NewVariable(const std::string& name, VariableKind kind) {
    int id = static_cast<int>(part_->variables.size());
    BoundVariable v;
    v.name = name;
    v.kind = kind;
    v.id = id;
    v.first = clause_;
    part_->variables.push_back(std::move(v));
    return id;
  }

  // Local definitions made after `mark` go out of scope.
  void PopLocals(size_t mark) {
    while (locals_.size() > mark) {
      --local_count_[locals_.back().first];
      locals_.pop_back();
    }
  }

  // The kind `name` is bound to here, when known.
  VariableKind KindOf(const std::string& name) const {
    if (IsLocal(name)) {
      for (size_t i = locals_.size(); i-- > 0;) {
        if (locals_[i].first == name) return locals_[i].second;
      }
    }
    auto it = scope_.find(name);
    if (hidden_ == 0 && it != scope_.end()) return part_->variables[it->second].kind;
    return VariableKind::kValue;
  }

  void BindExpr(const Expr* e) {
    if (!e) return;
    switch (e->kind) {
      case ExprKind::kVariable:
        Read(e->name);
        return;
      case ExprKind::kListComprehension:
      case ExprKind::kQuantifier: {
        // [x IN list WHERE p | f], all(x IN list WHERE p): the list outside x.
        BindExpr(e->children[0].get());
        Local inner(this);
        Define(e->variable, VariableKind::kValue);
        for (size_t i = 1; i < e->children.size(); ++i) BindExpr(e->children[i].get());
        return;
      }
      case ExprKind::kReduce: {
        BindExpr(e->children[0].get());
        BindExpr(e->children[1].get());
        Local inner(this);
        Define(e->variable, VariableKind::kValue);
        if (!e->names.empty()) Define(e->names[0], VariableKind::kValue);
        BindExpr(e->children[2].get());
        return;
      }
      case ExprKind::kPatternComprehension:
      case ExprKind::kPatternPredicate:
      case ExprKind::kExists:
      case ExprKind::kCountSubquery:
      case ExprKind::kCollectSubquery: {
        Local inner(this);
        if (e->subquery) {
          BindSubquery(*e->subquery, /*sees_outside=*/true);
        } else if (e->pattern) {
          BindPattern(*e->pattern);
        }
        for (const auto& c : e->children) BindExpr(c.get());
        return;
      }
      default:
        for (const auto& c : e->children) BindExpr(c.get());
        return;
    }
  }

  // Binds definitions locally while it lives; they go with it.
  class Local {
   public:
    explicit Local(PartBinder* b) : b_(b), mark_(b->locals_.size()) { ++b_->depth_; }
    ~Local() {
      b_->PopLocals(mark_);
      --b_->depth_;
    }
    Local(const Local&) = delete;
    Local& operator=(const Local&) = delete;

   private:
    PartBinder* b_;
    size_t mark_;
  };

  void BindPattern(const PatternPart& part) {
    for (size_t i = 0; i < part.nodes.size(); ++i) {
      const NodePattern& n = part.nodes[i];
      BindExpr(n.properties.get());
      for (const auto& label : n.dynamic_labels) BindExpr(label.get());
      BindOrRead(n.variable, VariableKind::kNode);
      if (i < part.rels.size()) {
        const RelPattern& r = part.rels[i];
        BindExpr(r.min_hops.get());
        BindExpr(r.max_hops.get());
        if (r.quantified) {
          BindGroup(r);  // its relationship's map too
        } else {
          BindExpr(r.properties.get());
        }
        BindExpr(r.dynamic_type.get());
        BindOrRead(r.variable,
                   r.variable_length ? VariableKind::kRelationships : VariableKind::kRelationship);
      }
    }
    BindOrRead(part.path_variable, VariableKind::kPath);
  }

  // A quantified path pattern's group: in its maps and condition, its
  // names are one repetition's elements; outside, group variables (lists).
  void BindGroup(const RelPattern& r) {
    const QuantifiedHop& hop = *r.quantified;
    {
      Local inner(this);
      for (const NodePattern* n : hop.Nodes()) Define(n->variable, VariableKind::kNode);
      Define(r.variable, VariableKind::kRelationship);
      for (const RelPattern& more : hop.more) Define(more.variable, VariableKind::kRelationship);
      BindExpr(r.properties.get());
      for (const Expr* e : hop.Checks()) BindExpr(e);
    }
    for (const NodePattern* n : hop.Nodes()) BindOrRead(n->variable, VariableKind::kValue);
    for (const RelPattern& more : hop.more) BindOrRead(more.variable, VariableKind::kValue);
  }

  // A subquery's clauses, all local. `sees_outside`: the scope around is
  // visible in it (EXISTS; CALL only through its leading WITH).
  void BindSubquery(const Query& query, bool sees_outside) {
    for (const SingleQuery& q : query.parts) {
      Local inner(this);
      bool sees = sees_outside || (!q.clauses.empty() && q.clauses[0].kind == ClauseKind::kWith);
      // What the scope around holds stays out of reach: no reads of it.
      if (!sees) ++hidden_;
      for (const Clause& c : q.clauses) BindClause(c);
      if (!sees) --hidden_;
    }
  }

  void BindSetItems(const std::vector<SetItem>& items) {
    for (const SetItem& item : items) {
      Read(item.variable);
      for (const auto& label : item.dynamic_labels) BindExpr(label.get());
      BindExpr(item.target.get());
      BindExpr(item.value.get());
    }
  }

  void BindClause(const Clause& c) {
    switch (c.kind) {
      case ClauseKind::kMatch:
        for (const PatternPart& part : c.pattern) BindPattern(part);
        BindExpr(c.where.get());
        return;
      case ClauseKind::kCreate:
      case ClauseKind::kMerge:
        for (const PatternPart& part : c.pattern) BindPattern(part);
        BindExpr(c.where.get());  // MERGE's tests of dynamic labels
        BindSetItems(c.on_create);
        BindSetItems(c.on_match);
        return;
      case ClauseKind::kUnwind:
      case ClauseKind::kLoadCsv:
        BindExpr(c.expr.get());
        Define(c.alias, VariableKind::kValue);
        return;
      case ClauseKind::kSet:
      case ClauseKind::kRemove:
        BindSetItems(c.set_items);
        return;
      case ClauseKind::kDelete:
        for (const auto& e : c.arguments) BindExpr(e.get());
        return;
      case ClauseKind::kForeach: {
        BindExpr(c.expr.get());
        Local inner(this);
        Define(c.alias, VariableKind::kValue);
        for (const Clause& body : c.body) BindClause(body);
        return;
      }
      case ClauseKind::kCallProcedure:
        for (const auto& e : c.arguments) BindExpr(e.get());
        for (const YieldItem& y : c.yields) Define(y.variable, VariableKind::kValue);
        BindExpr(c.where.get());  // YIELD ... WHERE
        return;
      case ClauseKind::kCallSubquery:
        BindCallSubquery(c);
        return;
      case ClauseKind::kWith:
      case ClauseKind::kReturn:
        BindProjection(c.projection);
        return;
    }
  }

  // CALL { ... }: what its first part returns joins the scope. A variable
  // scope clause reads what it names (all with `*`) and lets the parts see
  // the scope around.
  void BindCallSubquery(const Clause& c) {
    std::vector<std::pair<std::string, VariableKind>> columns;
    if (c.imports_all) {
      for (const auto& [name, id] : scope_) Read(name);
    }
    for (const ExprPtr& name : c.imports) Read(name->name);
    {
      Local inner(this);
      BindSubquery(*c.subquery, /*sees_outside=*/c.has_scope_clause);
    }
    if (!c.subquery->parts.empty() && !c.subquery->parts[0].clauses.empty()) {
      const Clause& last = c.subquery->parts[0].clauses.back();
      if (last.kind == ClauseKind::kReturn) {
        for (const ProjectionItem& item : last.projection.items) {
          columns.push_back({item.alias, VariableKind::kValue});
        }
      }
    }
    for (const auto& [name, kind] : columns) Define(name, kind);
    BindExpr(c.transaction_rows.get());
    if (!c.report_status.empty()) Define(c.report_status, VariableKind::kValue);
  }

  // WITH / RETURN: items over the scope before; ORDER BY and WHERE over
  // the projected names and, under them, the scope before; after it only
  // the projected names (and with `*` the scope before) are in scope.
  void BindProjection(const Projection& p) {
    if (p.star) {
      if (local()) {
        // A subquery's `*` reads whatever of the scope around it sees.
        if (hidden_ == 0) {
          for (const auto& [name, id] : scope_) Read(name);
        }
      } else {
        current().reads_whole_scope = true;
        for (const auto& [name, id] : scope_) Read(name);
      }
    }
    for (const ProjectionItem& item : p.items) BindExpr(item.expr.get());
    std::vector<std::pair<std::string, VariableKind>> projected;
    for (const ProjectionItem& item : p.items) {
      VariableKind kind = item.expr && item.expr->kind == ExprKind::kVariable
                              ? KindOf(item.expr->name)
                              : VariableKind::kValue;
      projected.push_back({item.alias, kind});
    }
    if (local()) {
      // Inside a subquery the scope around stays visible as far as the
      // reads go (more is kept, never less); the projected names are local.
      for (const auto& [name, kind] : projected) Define(name, kind);
      for (const SortItem& s : p.order_by) BindExpr(s.expr.get());
      BindExpr(p.where.get());
      BindExpr(p.skip.get());
      BindExpr(p.limit.get());
      return;
    }
    // The part's scope: a new one of the projected names, a variable
    // projected as itself keeping its binding; ORDER BY and WHERE see the
    // new names over the old ones.
    std::map<std::string, int> before = scope_;
    std::map<std::string, int> after = p.star ? scope_ : std::map<std::string, int>();
    for (size_t i = 0; i < p.items.size(); ++i) {
      const ProjectionItem& item = p.items[i];
      const auto& [name, kind] = projected[i];
      auto old = before.find(name);
      bool same = item.expr && item.expr->kind == ExprKind::kVariable && item.expr->name == name &&
                  old != before.end();
      if (same) {
        after[name] = old->second;
        continue;
      }
      int id = NewVariable(name, kind);
      after[name] = id;
      current().introduced.push_back(id);
    }
    for (const auto& [name, id] : before) {
      auto it = after.find(name);
      if (it == after.end() || it->second != id) part_->variables[id].dropped = clause_;
    }
    // ORDER BY / WHERE: a projected name first, else one of before.
    std::map<std::string, int> both = before;
    for (const auto& [name, id] : after) both[name] = id;
    scope_ = std::move(both);
    for (const SortItem& s : p.order_by) BindExpr(s.expr.get());
    BindExpr(p.where.get());
    BindExpr(p.skip.get());
    BindExpr(p.limit.get());
    scope_ = std::move(after);
  }

  BoundPart* part_;
  size_t clause_ = 0;
  std::map<std::string, int> scope_;  // the part's scope: name -> variable id
  std::vector<std::pair<std::string, VariableKind>> locals_;
  std::unordered_map<std::string, int> local_count_;  // how often each name is on locals_
  int depth_ = 0;                                     // Local scopes open
  int hidden_ = 0;  // > 0: inside a CALL subquery part that imports nothing
};

}  // namespace

std::set<std::string> BoundPart::ReadAfter(size_t clause) const {
  std::set<std::string> out;
  for (const BoundVariable& v : variables) {
    bool in_scope = v.first <= clause && (v.dropped == SIZE_MAX || clause < v.dropped);
    if (in_scope && v.last_read != SIZE_MAX && v.last_read > clause) out.insert(v.name);
  }
  return out;
}

std::map<std::string, const BoundVariable*> BoundPart::ScopeAfter(size_t clause) const {
  std::map<std::string, const BoundVariable*> out;
  for (const BoundVariable& v : variables) {
    bool in_scope = v.first <= clause && (v.dropped == SIZE_MAX || clause < v.dropped);
    if (in_scope) out[v.name] = &v;
  }
  return out;
}

std::vector<std::string> BoundPart::Introduced(size_t clause) const {
  std::vector<std::string> out;
  for (int id : clauses[clause].introduced) out.push_back(variables[id].name);
  return out;
}

BoundQuery BindQuery(const Query& query) {
  BoundQuery out;
  out.parts.resize(query.parts.size());
  for (size_t i = 0; i < query.parts.size(); ++i) {
    PartBinder binder(&out.parts[i]);
    binder.BindClauses(query.parts[i].clauses);
  }
  return out;
}

}  // namespace namidb::query
