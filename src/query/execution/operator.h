// Physical operators: a pull-based, vectorized pipeline.
//
// Each operator hands out rows in chunks of up to kChunkRows; a row is a
// vector of slots the planner assigned (evaluator.h). Operators that read
// the graph do it once per chunk: an Expand asks the GraphReader for the
// edges of every node in the chunk, then for every neighbour and edge
// record, in batched calls, never one row at a time.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "query/execution/csv_source.h"
#include "query/execution/evaluator.h"
#include "query/parser/ast.h"
#include "storage/graph_reader.h"

namespace namidb::query {

// A chunk holds at most kChunkRows rows, and an operator stops filling one
// once the values it copied or built into it come to kChunkBytes (a row
// holding a long list, copied for each element UNWIND makes of it): what
// is in flight between operators stays small, whatever the rows hold.
constexpr size_t kChunkRows = 1024;
constexpr uint64_t kChunkBytes = uint64_t{8} << 20;

// Operators pull from the operators below them by recursion, sub-pipelines
// (EXISTS, CALL { }, pattern comprehensions) inside the operators that run
// them: at most this many nested at once, which the wasm build's stack holds
// with room to spare (docs/architecture.md, "Bounded recursion"). The
// planner refuses a longer pipeline at the clause that makes it; nesting
// past it at run time is NestingTooDeep too.
constexpr size_t kMaxPipelineDepth = 1000;

struct ExecContext {
  GraphReader* graph = nullptr;
  EvalContext eval;
  size_t width = 0;  // slots per row, fixed once the plan is built
  // Bumped by updating operators whenever they change the graph, so that
  // operators caching what they read know to read again.
  uint64_t graph_version = 0;
  // Limits (QueryLimits): rows all operators may hand out in total (0: no
  // limit).
  uint64_t max_intermediate_rows = 0;
  uint64_t rows_handed_out = 0;
  size_t depth = 0;  // operators in Next() now, nested (kMaxPipelineDepth)
  // The statement's memory (what operators hold is reserved from it) and
  // its deadline, cancellation and yielding: the same for every part of a
  // statement, never null while it runs.
  MemoryBudget* memory = nullptr;
  Interrupts* interrupts = nullptr;
  // Where LOAD CSV reads (null: nowhere; it fails saying so), and what it
  // read, for the result.
  const CsvSources* csv = nullptr;
  CsvLoadStats* csv_stats = nullptr;
};

class Operator {
 public:
  virtual ~Operator() = default;
  // Replaces `out` with the next rows (at least one) and returns true, or
  // returns false when there are no more. Counts rows and time (PROFILE).
  Result<bool> Next(ExecContext& ctx, std::vector<Row>* out);
  // Starts over (for the inner side of OPTIONAL MATCH).
  virtual void Reset() {
    for (auto& c : children_) c->Reset();
  }
  // Starts over for another statement (a plan kept by a prepared
  // statement): Reset, and every operator below also lets go of what it
  // keeps across Resets (a scanned label, a label's members), and of its
  // PROFILE counts.
  void Release() {
    Reset();
    ReleaseTree();
  }
  virtual std::string Describe() const = 0;
  const std::vector<std::unique_ptr<Operator>>& children() const { return children_; }
  uint64_t rows_out() const { return rows_out_; }
  double seconds() const { return seconds_; }  // including the operators below

 protected:
  virtual Result<bool> DoNext(ExecContext& ctx, std::vector<Row>* out) = 0;
  // What Reset keeps for the next run within one statement, let go.
  virtual void DropCaches() {}
  std::vector<std::unique_ptr<Operator>> children_;

 private:
  void ReleaseTree() {
    rows_out_ = 0;
    seconds_ = 0;
    DropCaches();
    for (auto& c : children_) c->ReleaseTree();
  }
  uint64_t rows_out_ = 0;
  double seconds_ = 0;
};

using OperatorPtr = std::unique_ptr<Operator>;

// Pulls `op` to its end, every row in one vector, each reserved in `hold`
// for `what` as it comes (ResourceExhausted past the statement's memory).
Result<std::vector<Row>> Drain(Operator& op, ExecContext& ctx, MemoryHold* hold,
                               std::string_view what);

// An operator that computes all of its rows at once (sorting, grouping,
// updating), then hands them out chunk by chunk. What it holds is reserved
// in `hold_` while it computes, and given back once every row is handed
// out.
class Materialized : public Operator {
 public:
  Result<bool> DoNext(ExecContext& ctx, std::vector<Row>* out) override;
  void Reset() override;

 protected:
  virtual Result<std::vector<Row>> Compute(ExecContext& ctx) = 0;
  MemoryHold hold_;

 private:
  bool computed_ = false;
  std::vector<Row> rows_;
  size_t at_ = 0;
};

// Node and relationship values, as rows hold them.
// Records are taken by value: callers move decoded records in.
Value NodeToValue(const Uuid& id, NodeRecord r);
Value EdgeToValue(const Uuid& id, EdgeRecord r);

// The live records of some edges and nodes as values, keyed by id: two
// batched reads however many ids (duplicates welcome). Absent ids are absent.
struct ElementValues {
  std::unordered_map<Uuid, Value, UuidHash> edges;
  std::unordered_map<Uuid, Value, UuidHash> nodes;
};
Result<ElementValues> LoadElements(ExecContext& ctx, std::vector<Uuid> edge_ids,
                                   std::vector<Uuid> node_ids,
                                   NodeFields node_fields = NodeFields::kAll);

// One row of nulls: the start of every query part.
OperatorPtr MakeOnce();

// The rows an enclosing operator puts in: the start of the inner side of an
// OPTIONAL MATCH, or of a pattern predicate's sub-pipeline.
class ArgumentOperator final : public Operator {
 public:
  void Feed(std::vector<Row> rows) {
    rows_ = std::move(rows);
    done_ = false;
  }
  Result<bool> DoNext(ExecContext&, std::vector<Row>* out) override {
    if (done_ || rows_.empty()) return false;
    *out = rows_;
    done_ = true;
    return true;
  }
  void Reset() override { done_ = false; }
  std::string Describe() const override { return "Argument"; }

 private:
  std::vector<Row> rows_;
  bool done_ = false;
};

OperatorPtr MakeArgument(ArgumentOperator** handle);

struct NodeFilter {
  std::vector<std::string> labels;
  const Expr* properties = nullptr;  // a map expression, or null
};

// How much of a node the rest of a query reads (node_reads.h): its identity
// alone (count(n), id(n)), its labels too, or its properties as well. A node
// value made for less than kFull lacks what nothing reads.
enum class NodeDetail { kId, kLabels, kFull };

// Binds `slot` to every node (with the first label, if any) that passes
// `filter`, for every input row.
OperatorPtr MakeNodeScan(OperatorPtr input, int slot, NodeFilter filter,
                         NodeDetail detail = NodeDetail::kFull);
// Binds `slot` to every node passing `filter` among those an index finds:
// the nodes with `label` whose `property` equals `value` (evaluated per
// row). One batched record read per chunk of rows.
struct IndexSeek {
  std::string label;
  std::string property;
  const Expr* value = nullptr;
};
OperatorPtr MakeNodeIndexSeek(OperatorPtr input, int slot, NodeFilter filter, IndexSeek seek);
// Binds `slot` to the node whose id() is `id` (evaluated per row; a value
// that is no node id finds nothing) if it passes `filter`: one batched
// point read per chunk of rows, for `WHERE id(n) = $id`.
OperatorPtr MakeNodeIdSeek(OperatorPtr input, int slot, NodeFilter filter, const Expr* id);
// CALL { subquery }: for each input row, the rows of each part's
// sub-pipeline (QueryPlan::subplans), run with the row as argument; an
// output row is the input row with the part's returned columns copied into
// `output_slots`. Without columns (a subquery that only updates) each input
// row comes out once. `distinct`: UNION rather than UNION ALL.
struct CallSubquerySpec {
  struct Part {
    int subplan;
    std::vector<int> column_slots;
  };
  std::vector<Part> parts;
  std::vector<int> output_slots;
  bool distinct = false;
};
OperatorPtr MakeCallSubquery(OperatorPtr input, CallSubquerySpec spec);

// An equi-join of two independent pipelines: `build` is read whole into a
// hash table keyed by `build_key`; each `input` row is joined with the
// build rows whose key is equivalent to its `probe_key` (nulls never
// join), copying `build_slots` over. Equivalence is a superset of `=`
// (NaN, lists holding null), so the planner keeps the condition as a
// filter above.
struct HashJoinSpec {
  const Expr* probe_key = nullptr;  // both null: a cartesian product
  const Expr* build_key = nullptr;
  std::vector<int> build_slots;
};
OperatorPtr MakeHashJoin(OperatorPtr input, OperatorPtr build, HashJoinSpec spec);
// Keeps rows whose `slot` holds a node that passes `filter`.
OperatorPtr MakeNodeCheck(OperatorPtr input, int slot, NodeFilter filter);

struct ExpandSpec {
  int from_slot = -1;
  int rel_slot = -1;  // always bound (anonymous relationships get a hidden slot)
  int to_slot = -1;
  bool to_bound = false;   // `to_slot` already holds a node: keep only edges to it
  bool rel_bound = false;  // `rel_slot` already holds a relationship: keep only it
  std::vector<std::string> types;
  RelDirection direction = RelDirection::kRight;
  const Expr* rel_properties = nullptr;
  NodeFilter to_filter;
  std::vector<int> distinct_from;  // relationship slots of the same MATCH
  // False when nothing can read the relationship's properties (anonymous,
  // no property map, not in a named path): its record is not read.
  bool load_rel = true;
  // What the query reads of the node reached; `to_filter` is checked
  // whatever it says.
  NodeDetail to_detail = NodeDetail::kFull;
  // How many source nodes the input brings, when the planner knows (a scan
  // of a whole label); 0 when not. Lets the label check of the nodes
  // reached judge from the first chunk how many the expansion will reach.
  uint64_t expected_sources = 0;
  // >= 0: count instead of expanding. Each input row comes out once, with
  // the number of rows the expansion would have made of it in this slot,
  // or not at all for none (the planner's rewrite of `count(m)` grouped by
  // the source).
  int count_slot = -1;
};
OperatorPtr MakeExpand(OperatorPtr input, ExpandSpec spec);
// Makes `expand`, an operator MakeExpand returned, count into `count_slot`
// (ExpandSpec::count_slot).
void CountExpansions(Operator& expand, int count_slot);

// A variable-length relationship (`*min..max`): walks level by level, one
// batched read per level for the whole chunk, never reusing an edge within a
// path. `rel_slot` gets the list of relationships, `nodes_slot` the list of
// nodes after the start (for named paths). Bounds are integer expressions
// (literals or parameters); no max means no limit but the edges.
struct VarLengthSpec {
  ExpandSpec step;
  const Expr* min_hops = nullptr;  // default 1
  const Expr* max_hops = nullptr;  // default unbounded
  bool has_range = false;          // `*n` alone means exactly n
  int nodes_slot = -1;
  // The walk runs against the pattern's direction (the planner started from
  // its far end): hand out relationships and nodes in pattern order.
  bool reverse = false;
  // Nothing reads the relationships and copies of a row do not matter: with
  // at most 1 as minimum, one row per distinct end node, found breadth-first
  // (every node a trail of 1..max hops reaches is one a shortest path
  // reaches; the start itself only through a closed trail), instead of one
  // row per trail. The relationship list is left empty.
  bool distinct_ends = false;
};
OperatorPtr MakeVarLengthExpand(OperatorPtr input, VarLengthSpec spec);

// shortestPath / allShortestPaths between two bound nodes: a breadth-first
// search, one batched read per level; `path_slot` gets the path (one row per
// path), `rel_slot` (if >= 0) its relationships.
struct ShortestPathSpec {
  int from_slot = -1;
  int to_slot = -1;
  int path_slot = -1;
  int rel_slot = -1;
  std::vector<std::string> types;
  RelDirection direction = RelDirection::kBoth;
  const Expr* max_hops = nullptr;  // default unbounded
  bool single_hop = false;         // no `*`: paths of one relationship
  bool zero_length = false;        // `*0..`: a node is its own shortest path
  bool all = false;
};
OperatorPtr MakeShortestPath(OperatorPtr input, ShortestPathSpec spec);

// Keeps the rows `predicate` holds for; on top of a Filter, adds the
// predicate to it (tested after those it has).
OperatorPtr MakeFilter(OperatorPtr input, const Expr* predicate);

struct ProjectItem {
  const Expr* expr;
  int slot;
};
// Writes each item's value into its slot.
OperatorPtr MakeProject(OperatorPtr input, std::vector<ProjectItem> items);

struct AggregateItem {
  std::string function;  // lower case; "count*" for count(*)
  bool distinct = false;
  const Expr* argument = nullptr;   // null for count(*)
  const Expr* parameter = nullptr;  // percentileCont/Disc's second argument
  int slot = -1;
};
// Groups rows by the key items and computes the aggregates per group;
// without keys, one row even for no input.
OperatorPtr MakeAggregate(OperatorPtr input, std::vector<ProjectItem> keys,
                          std::vector<AggregateItem> aggregates);

OperatorPtr MakeDistinct(OperatorPtr input, std::vector<int> slots);
// Nulls every slot but `keep`: after WITH, what is out of scope is dropped,
// so rows stay small as later operators copy them.
OperatorPtr MakeRetain(OperatorPtr input, std::vector<int> keep);

struct SortKey {
  const Expr* expr;
  bool descending;
};
// Orders the rows by `keys`, ties in input order. With a `limit` (and
// `skip`) expression, the SKIP / LIMIT above it, only the first
// skip + limit rows are ordered and kept (a top-k).
OperatorPtr MakeSort(OperatorPtr input, std::vector<SortKey> keys, const Expr* skip = nullptr,
                     const Expr* limit = nullptr);
OperatorPtr MakeSkip(OperatorPtr input, const Expr* count);
// With `drain`, the input is still pulled to its end once the limit is
// reached (it holds updates that must happen in full).
OperatorPtr MakeLimit(OperatorPtr input, const Expr* count, bool drain = false);
OperatorPtr MakeUnwind(OperatorPtr input, const Expr* list, int slot);

// OPTIONAL MATCH: runs `inner` (which starts with the Argument `argument`)
// for the input rows; an input row for which it finds nothing comes out
// once, its new slots null. `tag_slot` is a scratch slot for matching
// inner rows to input rows.
OperatorPtr MakeOptional(OperatorPtr input, OperatorPtr inner, ArgumentOperator* argument,
                         int tag_slot);

}  // namespace namidb::query
