// The planner of a query part's clauses (planner.h gives the whole of a
// query to it part by part): it walks the clauses in order, keeping the
// variables in scope (name -> row slot), binds each clause's expressions to
// slots, and makes each clause a logical plan over the operators so far,
// which the optimizer's rules rewrite before physical_plan.h makes operators
// of it. Its work is spread over files by clause:
//   part_planner.cc           the clauses in order, LOAD CSV
//   bind_expressions.cc       expressions bound to slots, static types
//   plan_match.cc             MATCH: pattern parts, join order, counting
//   pending_conditions.cc     WHERE conditions placed as their names bind,
//                             index and id seeks
//   plan_pattern_elements.cc  nodes, relationships, groups, shortest paths
//   plan_projection.cc        WITH / RETURN: aggregation, ORDER BY, DISTINCT
//   plan_updates.cc           CREATE, MERGE, SET, REMOVE, DELETE, FOREACH
//   plan_calls.cc             CALL procedures and CALL { subqueries }
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "query/binder/binder.h"
#include "query/common/query_error.h"
#include "query/execution/node_filter.h"
#include "query/execution/operator.h"
#include "query/execution/update_context.h"
#include "query/optimizer/logical_plan.h"
#include "query/optimizer/optimizer.h"
#include "query/planner/node_reads.h"
#include "query/planner/planner.h"
#include "query/planner/query_facts.h"

namespace namidb::query {

// An error of names CheckBound reports before planning
// (binder/check_bound.h): the planner meeting one is its defect, not the
// statement's.
inline Status BinderChecked(std::string_view detail) {
  return Status::Internal("the binder let a " + std::string(detail) + " error through");
}

using Scope = std::map<std::string, int>;

// Sets `*slot` to `value` for the rest of the enclosing scope: the binding
// contexts (inside a WHERE, inside a MATCH with pending conditions).
template <typename T>
class ScopedValue {
 public:
  ScopedValue(T* slot, T value) : slot_(slot), saved_(std::exchange(*slot, value)) {}
  ~ScopedValue() { *slot_ = saved_; }
  ScopedValue(const ScopedValue&) = delete;
  ScopedValue& operator=(const ScopedValue&) = delete;

 private:
  T* slot_;
  T saved_;
};

// A logical operator binding or checking the node in `slot`.
inline LogicalPtr LogicalNodeOp(LogicalKind kind, LogicalPtr input, int slot, NodeFilter filter) {
  LogicalPtr op = LogicalOver(kind, std::move(input));
  op->node_slot = slot;
  op->node_filter = std::move(filter);
  return op;
}

inline Status Unsupported(const SourcePos& pos, const std::string& what) {
  return CompileError("SyntaxError", "UnsupportedFeature", pos, what + " is not supported yet");
}

class PartPlanner {
 public:
  PartPlanner(QueryPlan* plan, UpdateContext* update, const std::vector<SchemaEntry>& schema,
              const GraphStats* stats, const NodeReads* node_reads)
      : plan_(plan), update_(update), schema_(schema), stats_(stats), node_reads_(node_reads) {}

  // `bound`: the binder's summary of `q`, which says what later clauses
  // read (LiveAfter).
  Result<PartPlan> PlanPart(SingleQuery& q, const BoundPart& bound);

  void set_optimizer(const OptimizerOptions* options) { optimizer_options_ = options; }

  void set_procedures(const ProcedureRegistry* procedures) { procedures_ = procedures; }

  // The clause of a query that is one CALL and nothing else: it may pass
  // its arguments implicitly (parameters named as the inputs), YIELD *,
  // and returns its outputs without a RETURN.
  void set_standalone_call(const Clause* c) { standalone_call_ = c; }

 private:
  // A conjunct of the current MATCH's WHERE, waiting for the variables of
  // that MATCH it names.
  struct PendingFilter {
    Expr* expr;
    std::set<std::string> needs;
    bool applied = false;
  };

  // `n.property = value` among the pending conjuncts, with an index on a
  // label of `n` and a value computable before `n` is bound.
  struct IndexEquality {
    const SchemaEntry* index;
    Expr* value;
  };

  // An expression evaluated after an aggregating or DISTINCT projection
  // (an item around an aggregate, ORDER BY, WITH ... WHERE): an expression
  // that is the same (SameExpression) as one the projection computed, or
  // as an aggregate it computed, reads the projected value; other
  // variables must be projected names. Inside an expression with an
  // aggregate only a variable, a property access or an aggregate reads a
  // projected value (openCypher: a larger grouping key may not be used
  // there), and a variable the projection did not group by is ambiguous
  // (which row's value?), so an error.
  struct Projected {
    Expr* expr;
    int slot;
  };

  // The slots a relationship pattern was planned into.
  struct RelStep {
    int rel_slot;
    int nodes_slot;  // variable length: the nodes after the start; else -1
  };

  // The latest pattern whose rows the statistics count (a whole label
  // straight from once_, or every relationship of a type from a scan of
  // every node): its operator, the variables a count may name, and what
  // the statistics count (optimizer/count_from_statistics.h).
  struct CountedPattern {
    const void* op = nullptr;
    std::vector<std::string> variables;
    StatisticsCount count;
  };

  // --- part_planner.cc: the clauses in order

  // The clauses of `q` on top of `*op`; `part` receives RETURN's columns.
  // `bound`: the binder's summary of the clauses of a query part, whose
  // plans may clear what the clauses after them do not read (LiveAfter);
  // null for those of a subquery.
  Status PlanClauses(std::vector<Clause>& clauses, OperatorPtr* op_out, Scope& scope,
                     PartPlan* result, bool require_return = true,
                     const BoundPart* bound = nullptr);

  int NewSlot() { return width_++; }

  // A slot whose values are of `kind`.
  int NewSlotOf(ValueKind kind) {
    const int slot = NewSlot();
    slot_kind_[slot] = kind;
    return slot;
  }

  // LOAD CSV ... AS row: the row, and hidden variables for linenumber() and
  // file() (a name with a space no query can write; WITH drops them).
  Status PlanLoadCsv(Clause& c, OperatorPtr* op, Scope& scope);

  static constexpr std::string_view kLineNumberVariable = " linenumber";

  static constexpr std::string_view kFileVariable = " file";

  // An operator pulls from the one below it by recursion: a statement whose
  // clauses make a pipeline deeper than the stack holds is refused at the
  // clause that made it so (execution/operator.h, kMaxPipelineDepth).
  static Status CheckPipelineDepth(const Operator& root, const SourcePos& at);

  // An updating clause in a read-only query: WriteInReadQuery.
  Status CheckWritable(const Clause& c) const;

  void SetSlotKind(int slot, std::optional<ValueKind> kind);

  // The slots of `scope` that the clauses after the one being planned may
  // read, into `live`: those of the variables the binder finds read later
  // (`*` reads every one), and those it does not know (LOAD CSV's hidden
  // ones). False when not known (a subquery's clauses).
  bool LiveAfter(const Scope& scope, std::vector<int>* live) const;

  // --- bind_expressions.cc: expressions bound to slots

  // A sub-pipeline for a pattern predicate, pattern comprehension or
  // EXISTS, run once per row with the row as its argument. Variables it
  // binds stay inside it.
  Status PlanSubplan(Expr& e, const Scope& scope);

  // The kind an expression certainly has, when the query text makes it
  // certain: a literal, a list or map literal, a variable a pattern bound to
  // an element or WITH bound to a literal, a comprehension variable over a
  // list literal of one kind. Otherwise nothing.
  std::optional<ValueKind> StaticKind(const Expr& e) const;

  // An operator's result kind: predicates are boolean (or null); numbers
  // stay integers only between integers; + joins strings and lists.
  std::optional<ValueKind> BinaryKind(const Expr& e) const;

  // The kind every element of a list literal has, if they all share one.
  std::optional<ValueKind> ElementKind(const Expr& list) const;

  // Type errors the query text makes certain are compile-time errors.
  Status CheckStaticTypes(const Expr& e) const;

  Status Bind(Expr& e, const Scope& scope);

  // A WHERE condition (of MATCH, WITH, a comprehension, EXISTS): the one
  // place a pattern may stand as a predicate.
  Status BindPredicate(Expr& e, const Scope& scope);

  Status BindInner(Expr& e, const Scope& scope);

  // A variable a pattern reuses must hold what the pattern puts there.
  Status CheckBoundKind(const std::string& variable, const SourcePos& pos, const Scope& scope,
                        ValueKind want);

  // --- plan_match.cc: MATCH

  // Properties in a pattern to match: a map, never a whole parameter.
  Status CheckMatchProperties(const ExprPtr& properties);

  Result<NodeFilter> NodeFilterOf(NodePattern& n, const Scope& scope);

  // MATCH: the pattern parts in order, with each conjunct of WHERE applied
  // as soon as the variables it needs are bound (predicate pushdown), and an
  // equality on an indexed property turned into an index seek.
  // `copies_do_not_matter`: the clauses after it need only its distinct rows
  // (recorded on the plan for the rule distinct_ends).
  Status PlanMatch(Clause& c, OperatorPtr* op, Scope& scope, bool copies_do_not_matter);

  // What the planner noted of operators as it built them, against where
  // the rules put Filters and seeks: an Expand no longer right over the
  // whole scan expects no number of sources, and a counted pattern with a
  // Filter below its top is not the statistics' count.
  void CheckNotes(LogicalOperator* op);

  // What `op` stands for among the operators named by identity (once_,
  // whole_scan_, ...): a Pipeline its top operator, else itself.
  static const void* Top(const LogicalPtr& op);

  // The operators of a logical plan (physical_plan.h), the one place they
  // are made; tests may ask for the plan described first. A clause no rule
  // rewrites (LOAD CSV, CALL, the updates) comes here without Optimize: no
  // rule has anything to do on it.
  OperatorPtr Build(LogicalPtr logical,
                    std::map<const LogicalOperator*, const Operator*>* built = nullptr);

  // The operators of a pattern's logical plan, optimized; what named a
  // logical operator by identity names its operator after. `live_after`:
  // the slots the clauses after it read (LiveAfter), null when not known.
  OperatorPtr Finish(LogicalPtr logical, const std::vector<int>* live_after = nullptr);

  // Whether the countable Expand noted in this plan is, after the rules,
  // right over a scan of every node of one label straight from once_, and
  // what a NeighborCounts needs of both (optimizer/neighbor_counts.h).
  void NoteWholeLabel(const LogicalOperator& root);

  // A pattern part of a MATCH: expanded from the rows so far, or, when it
  // shares no variable with them, planned on its own (with the conditions
  // on its variables alone) and joined to them: hash joined when a WHERE
  // equality links the two (`MATCH (a:A), (b:B) WHERE a.x = b.y`; the
  // equality stays a filter), else a cartesian product whose side is built
  // once rather than the part scanned again per row. The part's rows are
  // the side built; the rule join_order swaps the sides when the rows so
  // far are `left_rows` nodes (UINT64_MAX: unknown) and the part starts
  // from more.
  Status PlanJoinedPart(PatternPart& part, LogicalPtr* op, Scope& scope,
                        std::vector<int>& rel_slots, uint64_t left_rows);

  // Plans `part` in a pipeline of its own (no rows so far), applying there
  // the pending conditions that name only its variables.
  Status PlanWithOwnConditions(PatternPart& part, LogicalPtr* op, Scope& scope,
                               std::vector<int>& rel_slots);

  // A pending `x = y` whose one side names only variables bound so far and
  // the other only variables of `part` (each side at least one).
  std::optional<std::pair<Expr*, Expr*>> JoinKeys(const PatternPart& part,
                                                  const Scope& scope) const;

  Status PlanPatternPart(PatternPart& part, LogicalPtr* op, Scope& scope,
                         std::vector<int>& rel_slots);

  // The order to plan a MATCH's pattern parts in. Parts that share
  // variables form one connected pattern written in pieces
  // (`(a:Person)-->(b), (b)-->(c:City {name: $n})`): it starts from the
  // piece joined to rows already bound, else the one whose start finds the
  // fewest nodes (an index seek, else the rarest label by the manifest's
  // counts), and grows along shared variables. Separate patterns keep
  // their written order (PlanJoinedPart picks a hash join's build side);
  // a MATCH with shortestPath keeps written order throughout.
  std::vector<PatternPart*> PartsInJoinOrder(std::vector<PatternPart>& parts, const Scope& scope);

  // How many nodes a part's cheapest start finds: 1 for an index seek, a
  // label's count by the manifest, or "unknown" (no label, no statistics).
  uint64_t PartStartCost(const PatternPart& part, const Scope& scope);

  // Where a pattern starts: a bound node, else one an index finds, else
  // the node whose label has the fewest nodes by the manifest's counts (the
  // first label when there are none), else the first node.
  size_t StartNode(const PatternPart& part, const Scope& scope);

  // The nodes of `labels` as the statistics count them, a node of two
  // counted twice: what a scan of them reads.
  uint64_t LabelsCount(const std::vector<std::string>& labels) const;

  // --- pending_conditions.cc: WHERE conjuncts placed as their names bind

  // Planning something that is not part of the current MATCH (a sub-pipeline,
  // a hash join's build side): its pending conditions do not apply there.
  ScopedValue<std::vector<PendingFilter>*> WithoutConditions() { return {&pending_, nullptr}; }

  static void SplitConjuncts(Expr* e, std::vector<Expr*>* out);

  // The names of the scope `e` reads, as the binder layer finds them: not
  // one a comprehension, quantifier or reduce() binds of its own (`any(x IN
  // a.list WHERE x > 0)` waits for `a` alone, whatever else is called x).
  static void MentionedNames(const Expr& e, std::set<std::string>* out);

  bool Ready(const PendingFilter& f, const Scope& scope) const;

  // Marks the pending conjuncts whose variables are all bound now: no
  // later seek or join key is chosen by them (their Filters are placed by
  // the rule filter_placement, StackConditions).
  void MarkReady(const Scope& scope);

  // The conjuncts of a MATCH's WHERE, bound, as Filters on top of its plan
  // in WHERE order, each with the slots it reads (every slot in scope for
  // one with a subquery); the rule filter_placement moves each down to
  // where they are bound (optimizer/filter_placement.h).
  Status StackConditions(Expr* where, LogicalPtr* op, const Scope& scope);

  // An index on a label of `n` and `property`, or null.
  const SchemaEntry* IndexOn(const NodePattern& n, const std::string& property) const;

  std::optional<IndexEquality> PendingIndexEquality(const NodePattern& n, const Scope& scope) const;

  // `id(n) = value` or `elementId(n) = value` among the pending conjuncts,
  // with a value computable before `n` is bound: a point read of n.
  Expr* PendingIdEquality(const NodePattern& n, const Scope& scope) const;

  // Whether a seek finds the candidates of `n`: an index or its id.
  bool Seekable(const NodePattern& n, const Scope& scope) const;

  // An index that finds the candidates of a node pattern: one on a label of
  // the pattern and a property its map compares for equality.
  std::optional<IndexSeek> IndexFor(const NodePattern& n) const;

  // --- plan_pattern_elements.cc: nodes, relationships, groups, paths

  // shortestPath((a)-[:T*..n]-(b)) with a and b bound before.
  Status PlanShortestPath(PatternPart& part, LogicalPtr* op, Scope& scope);

  ExprPtr SlotRef(int slot);

  ExprPtr ListOf(ExprPtr item);

  // The value of a named path, from the slots its pattern was planned into.
  const Expr* BuildPath(const PatternPart& part);

  // The node a pattern starts from: scanned, or checked if already bound.
  Status PlanNode(NodePattern& n, LogicalPtr* op, Scope& scope);

  Status PlanNodeOperator(NodePattern& n, LogicalPtr* op, Scope& scope);

  // A quantified path pattern's group: each hop's elements in scratch
  // slots, over which its maps and condition are bound; a list slot for
  // each node it names (PlanRel binds the names to them after).
  Result<HopCheck> PlanGroup(RelPattern& rel, const Scope& scope, bool backwards);

  // A group of several relationships: a scratch slot per element of one
  // repetition (a node named twice shares the first's), the steps in the
  // order the walk takes them, and a list slot per name.
  Result<HopCheck> PlanChain(RelPattern& rel, const Scope& scope, bool backwards);

  // The names of a planned group and the list slot each is bound to after
  // the pattern (-1: a node name the group repeats, which shares the first).
  static std::vector<std::pair<std::string, int>> GroupLists(const RelPattern& rel,
                                                             const HopCheck& hop);

  Status PlanRel(NodePattern& from, RelPattern& rel, NodePattern& to, bool backwards,
                 LogicalPtr* op, Scope& scope, std::vector<int>& rel_slots);

  // What the rest of the statement reads of the node a pattern binds.
  NodeDetail DetailOf(const NodePattern& n) const;

  // --- plan_projection.cc: WITH and RETURN

  Status PlanProjection(Clause& c, OperatorPtr* op, Scope* scope, PartPlan* result);

  // SKIP / LIMIT: a constant expression; without parameters its value is
  // known now, and checked now.
  Status BindCount(Expr& e, const char* what);

  // The variables of `scope` the projection's items use.
  static Scope MentionedIn(const std::vector<std::pair<Expr*, std::string>>& items,
                           const Scope& scope);

  static std::vector<Projected> ProjectedValues(
      const std::vector<std::pair<Expr*, std::string>>& items, const std::vector<int>& slots,
      const std::vector<std::vector<Expr*>>& aggregates);

  // `rebound`: the aliases `e` sees that hide a variable of the same name
  // (an expression reading one is no projected expression).
  Status BindOverProjection(Expr& e, const Scope& scope, const std::vector<Projected>& projected,
                            const std::set<std::string>& rebound, const Scope& before,
                            bool around_aggregate);

  // Whether `e`, bound after the projection, is `projected`: the same
  // expression, reading no alias that hides a variable of its name.
  static bool Repeats(const Expr& e, const Expr& projected, const std::set<std::string>& rebound);

  // An ORDER BY expression that repeats a projected one (e.g. an aggregate)
  // reads the projected value.
  Status BindSortKey(Expr& e, const Scope& scope,
                     const std::vector<std::pair<Expr*, std::string>>& items,
                     const std::vector<int>& slots, const std::set<std::string>& rebound);

  // --- plan_updates.cc: CREATE, MERGE, SET, REMOVE, DELETE, FOREACH

  Status PlanUpdate(Clause& c, OperatorPtr* op, Scope& scope);

  // The expressions of a pattern's dynamic labels (`:$(expr)`), bound.
  Result<std::vector<const Expr*>> BindDynamicLabels(std::vector<ExprPtr>& labels,
                                                     const Scope& scope);

  // SET / REMOVE items: their expressions bound, and the slot of the
  // variable each `n = map`, `n += map`, `n:Label` item names (else -1).
  Result<std::vector<int>> BindSetItems(std::vector<SetItem>& items, const Scope& scope);

  // FOREACH (x IN list | updates): the updates as a sub-pipeline run per
  // row and element; the rows pass through unchanged.
  Status PlanForeach(Clause& c, OperatorPtr* op, const Scope& scope);

  // MERGE: the pattern planned as a match sub-pipeline over each row, and
  // as a create into the same slots.
  Status PlanMerge(Clause& c, OperatorPtr* op, Scope& scope);

  Status PlanCreate(Clause& c, OperatorPtr* op, Scope& scope);

  // A pattern used as a predicate only tests variables bound before it.
  Status CheckNoNewVariables(const PatternPart& part, const Scope& scope);

  // A relationship `clause` (CREATE or MERGE) can make: one type (or a
  // dynamic one), not variable-length.
  static Status CheckMakeable(const RelPattern& r, std::string_view clause);

  // --- plan_calls.cc: CALL

  // CALL name(args) [YIELD field [AS variable], ... [WHERE cond]].
  Status PlanCallProcedure(Clause& c, OperatorPtr* op, Scope& scope, PartPlan* standalone);

  // CALL { subquery }: each part a sub-pipeline over the row. Only a
  // leading WITH of plain variables imports variables from outside; the
  // columns it returns join the outer scope. `input_reads_graph`: the
  // clauses before it may read the graph (IN TRANSACTIONS then reads all
  // of its input before its first commit); `output_reads_graph`: the
  // clauses after it may (IN TRANSACTIONS then flushes only at the end).
  Status PlanCallSubquery(Clause& c, OperatorPtr* op, Scope& scope, bool input_reads_graph,
                          bool output_reads_graph);

  // The parts of a (UNION) subquery as a CALL { }'s: each a sub-pipeline
  // from an Argument leaf of its own, over `scope` (for a CALL { } part,
  // only when it imports it by a leading WITH), returning the same columns
  // (`columns`); UNION and UNION ALL not mixed. `require_return`: each
  // part must end with RETURN. Fills `spec` but its output slots.
  Status PlanSubqueryParts(Query& sub, const Scope& scope, bool imports_by_with,
                           bool require_return, CallSubquerySpec* spec,
                           std::vector<std::string>* columns);
  // The CallSubquery operator of `spec` over `input`, through its logical plan.
  OperatorPtr BuildCallSubquery(OperatorPtr input, CallSubquerySpec spec);

  // --- state

  QueryPlan* plan_;
  UpdateContext* update_;
  const std::vector<SchemaEntry>& schema_;               // indexes the plan may use
  const GraphStats* stats_;                              // label counts, or null
  const NodeReads* node_reads_;                          // what the statement reads of each node
  const OptimizerOptions* optimizer_options_ = nullptr;  // rules left out (tests)
  const ProcedureRegistry* procedures_ = &ProcedureRegistry::BuiltIns();
  const Clause* standalone_call_ = nullptr;
  int width_ = 0;
  std::map<const NodePattern*, int> node_slot_;    // the slot each planned pattern node is in
  std::map<int, ValueKind> slot_kind_;             // what a slot certainly holds (StaticKind)
  bool in_predicate_ = false;                      // binding a WHERE condition
  std::vector<PendingFilter>* pending_ = nullptr;  // the current MATCH's WHERE conjuncts
  bool has_updates_ = false;                       // an updating clause is planned below
  // The binder's summary of the query part whose clause bound_clause_ is
  // being planned (LiveAfter); null in a subquery.
  const BoundPart* bound_part_ = nullptr;
  size_t bound_clause_ = 0;
  std::map<const RelPattern*, RelStep> rel_step_;
  bool in_named_path_ = false;        // planning a pattern part with a path variable
  bool repeatable_elements_ = false;  // planning a MATCH REPEATABLE ELEMENTS
  // The operators below are named by identity: an operator, or, while a
  // MATCH is planned, a logical one (Top; Finish relinks them).
  const void* once_ = nullptr;  // the first operator of the part being planned
  // The latest scan of a whole label (or of every node) straight from
  // once_, and how many nodes it brings.
  std::pair<const void*, uint64_t> whole_scan_{nullptr, 0};
  // The latest Expand that could count, and the variable of the node it reaches.
  std::pair<const void*, std::string> countable_{nullptr, ""};
  // That Expand, if it starts from a whole label (NoteWholeLabel), and what
  // of both the rule neighbor_counts needs.
  std::pair<const void*, WholeLabelExpansion> whole_label_{nullptr, {}};
  CountedPattern counted_pattern_;
  std::map<const PatternPart*, std::pair<const Expr*, int>>
      path_expr_;  // named path: its value, its slot
};

}  // namespace namidb::query
