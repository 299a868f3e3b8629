// The logical plan of each clause of a query part: a MATCH (its patterns
// and WHERE), a projection (RETURN / WITH), UNWIND, LOAD CSV, CALL (a
// procedure or a subquery) and the updating clauses (CREATE, MERGE, SET,
// REMOVE, DELETE, FOREACH). What their rows go through, as a tree the
// optimizer rewrites by rules (optimizer.h) before the planner turns it
// into operators (planner/physical_plan.h, the one place that makes them).
//
// Its leaves, Pipelines, are the rows of the clauses before, which are
// operators already: the planner builds one logical plan per clause and
// makes its operators before planning the next clause, because what the
// rules use of the rows before (CountableExpansion, StatisticsCountable,
// the start of the part) names operators by identity, because the rules
// were written for one clause's plan and must not move anything across an
// update (a Filter of a MATCH below the SET before it), and because a
// statement whose clauses
// make a pipeline too deep is refused at the clause that made it so
// (CheckPipelineDepth counts operators). A Pipeline under a projection
// carries what the planner knows of them that a rule may use. The
// sub-pipelines (a MERGE's match, FOREACH's updates, a CALL subquery's
// parts, pattern predicates) are logical plans of their own from an
// Argument leaf, made into operators as they are planned. Every
// expression is bound: slots are set, calls resolved.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "query/execution/node_filter.h"
#include "query/execution/operator.h"
#include "query/execution/operators/aggregate.h"
#include "query/execution/operators/argument.h"
#include "query/execution/operators/call_subquery.h"
#include "query/execution/operators/count_from_statistics.h"
#include "query/execution/operators/create.h"
#include "query/execution/operators/expand.h"
#include "query/execution/operators/hash_join.h"
#include "query/execution/operators/load_csv.h"
#include "query/execution/operators/merge.h"
#include "query/execution/operators/neighbor_counts.h"
#include "query/execution/operators/node_index_seek.h"
#include "query/execution/operators/node_scan.h"
#include "query/execution/operators/procedure_call.h"
#include "query/execution/operators/project.h"
#include "query/execution/operators/shortest_path.h"
#include "query/execution/operators/sort.h"
#include "query/execution/operators/var_length_expand.h"
#include "query/execution/update_context.h"
#include "query/parser/ast.h"

namespace namidb::query {

enum class LogicalKind {
  kPipeline,             // the rows of the clauses before, already operators (above)
  kCountFromStatistics,  // one row: a count the manifest's statistics answer
  kNeighborCounts,       // a row per node of a label with relationships: their count
  kProject,              // items written into slots
  kAggregate,            // grouping keys and aggregates, one row per group
  kDistinct,             // rows with the same values in `slots` once
  kSort,                 // ORDER BY; with `limit`, only the first skip + limit rows
  kSkip,                 // SKIP `count`
  kLimit,                // LIMIT `count`
  kFilter,               // WHERE `predicate` (of a MATCH or of a WITH)
  kRetain,               // only `slots` survive (WITH drops the variables before it)
  // The reading operators of MATCH, each binding `node_slot` or its spec's slots:
  kNodeScan,         // every node (with `node_filter`'s labels)
  kNodeIndexSeek,    // the nodes an index finds (`index_seek`)
  kNodeIdSeek,       // the node `id` names (id() / elementId())
  kNodeCheck,        // rows whose bound node passes `node_filter`
  kExpand,           // one relationship from a bound node (`expand`)
  kVarLengthExpand,  // a variable-length relationship (`var_length`)
  kShortestPath,     // shortestPath / allShortestPaths (`shortest_path`)
  kHashJoin,         // `input` joined to `right`, a cartesian product without keys (`join`)
  kOptional,         // OPTIONAL MATCH: `right` per row of `input`, from `argument`
  // The other reading clauses:
  kUnwind,         // UNWIND `list` AS `element_slot`
  kLoadCsv,        // LOAD CSV (`load_csv`)
  kProcedureCall,  // CALL procedure(args) YIELD ... (`procedure_call`)
  kCallSubquery,   // CALL { ... }: its parts, sub-pipelines (`call_subquery`)
  // The updating clauses, their changes staged through `update`:
  kCreate,    // CREATE (`create_nodes`, `create_rels`)
  kMerge,     // MERGE (`merge`; its pattern's match a sub-pipeline of its own)
  kSetItems,  // SET, or REMOVE with `remove` (`set_items`, their variables' `slots`)
  kDelete,    // [DETACH] DELETE `targets`
  kForeach,   // FOREACH (`element_slot` IN `list` | the updates of sub-pipeline `subplan`)
};

struct LogicalOperator;
using LogicalPtr = std::unique_ptr<LogicalOperator>;

// A countable Expand whose input is a scan of every node of one label
// straight from the start of the query part, no filter between them: what
// a NeighborCounts needs of both (rule neighbor_counts).
struct WholeLabelExpansion {
  bool present = false;
  int source_slot = -1;              // the scanned node
  std::string label;                 // its label
  std::vector<std::string> columns;  // the properties the scan reads as columns, ascending
  std::string type;                  // of the relationships; empty: any
  RelDirection direction = RelDirection::kRight;
  std::vector<std::string> to_labels;  // of the node reached
};

// An Expand at the top of a Pipeline that can hand out, per source row,
// how many rows it would make instead of the rows (CountExpansions).
struct CountableExpansion {
  CountableExpansion() = default;
  CountableExpansion(Operator* e, int reached) : expand(e), reached_slot(reached) {}
  Operator* expand = nullptr;  // null: the pipeline does not end in one
  int reached_slot = -1;       // the node it reaches; -1 when anonymous
  WholeLabelExpansion whole_label;
};

// A Pipeline that is a pattern whose rows the manifest's statistics count:
// a whole label (or every node) scanned from the start of the query part,
// or every relationship of a type from a scan of every node, with nothing
// filtered (execution/operators/count_from_statistics.h).
struct StatisticsCountable {
  bool present = false;
  std::vector<int> slots;  // the pattern's variables, which a count may name
  StatisticsCount count;   // what the statistics count
};

// What the operator of a clause other than MATCH and the projections
// needs (LogicalOperator::clause, made by LogicalOver for those kinds).
struct ClauseFields {
  const Expr* list = nullptr;        // kUnwind, kForeach: the list, per row
  int element_slot = -1;             // kUnwind, kForeach: where each element goes
  LoadCsvSpec load_csv;              // kLoadCsv
  ProcedureCallSpec procedure_call;  // kProcedureCall
  CallSubquerySpec call_subquery;    // kCallSubquery

  UpdateContext* update = nullptr;                  // the updating kinds
  std::vector<CreateNode> create_nodes;             // kCreate
  std::vector<CreateRel> create_rels;               // kCreate
  MergeSpec merge;                                  // kMerge
  const std::vector<SetItem>* set_items = nullptr;  // kSetItems
  bool remove = false;                              // kSetItems: REMOVE
  std::vector<const Expr*> targets;                 // kDelete
  bool detach = false;                              // kDelete: DETACH DELETE
  int subplan = -1;                                 // kForeach: the updates, per element
};

struct LogicalOperator {
  LogicalOperator() = default;
  LogicalOperator(const LogicalOperator&) = delete;
  LogicalOperator& operator=(const LogicalOperator&) = delete;
  ~LogicalOperator();  // frees a chain of inputs without recursing

  LogicalKind kind = LogicalKind::kPipeline;
  LogicalPtr input;  // null only for a Pipeline and a CountFromStatistics
  LogicalPtr right;  // kHashJoin: the build side; kOptional: the inner rows

  // kPipeline
  OperatorPtr pipeline;
  CountableExpansion countable;
  StatisticsCountable statistics;      // kPipeline: its facts; kCountFromStatistics: the count
  int count_slot = -1;                 // set by CountExpansionsRule: rows become counts here
  NeighborCountsSpec neighbor_counts;  // kNeighborCounts

  // kProject: the items; kAggregate: the grouping keys
  std::vector<ProjectItem> items;
  std::vector<AggregateItem> aggregates;  // kAggregate
  std::vector<int> slots;                 // kDistinct, kRetain; kSetItems: per item, its variable
  std::vector<SortKey> sort_keys;         // kSort
  const Expr* skip = nullptr;             // kSort with a limit: the SKIP above it
  const Expr* limit = nullptr;            // kSort: the LIMIT above it (a top-k)
  const Expr* count = nullptr;            // kSkip, kLimit
  bool drain = false;                     // kLimit: run the input in full (updates below)
  const Expr* predicate = nullptr;        // kFilter
  // kFilter: a WHERE conjunct of a MATCH, stacked at the top of its plan for
  // the rule filter_placement, and the slots it reads.
  bool placeable = false;
  std::vector<int> reads;
  bool bare = false;  // kPipeline: one empty row, none of the rows before (a join's own side)
  // No Filter goes between this operator and the one above it (an Expand
  // and the NodeCheck of the node it reaches, the ends of a ShortestPath).
  bool joined_to_above = false;
  // The top of a MATCH's plan: the clauses after it need only its distinct
  // rows, so any number of copies of a row will do (rule distinct_ends).
  bool copies_do_not_matter = false;
  // Slots nothing above reads, cleared in the rows the operator hands out
  // (rule liveness).
  std::vector<int> dead_after;

  // kNodeScan, kNodeIndexSeek, kNodeIdSeek, kNodeCheck
  int node_slot = -1;
  NodeFilter node_filter;
  NodeDetail detail = NodeDetail::kFull;  // kNodeScan
  std::vector<std::string> columns;       // kNodeScan: properties read as columns
  bool streamed = false;                  // kNodeScan: a window at a time (MakeNodeScan)
  std::vector<ColumnConditionSpec> column_conditions;  // kNodeScan (rule column_conditions)
  // kNodeScan and the seeks made of it: not empty, the only properties the
  // statement reads of the node (NodeReads::ColumnsOf), all a seek decodes.
  std::vector<std::string> properties;
  IndexSeek index_seek;            // kNodeIndexSeek
  const Expr* id = nullptr;        // kNodeIdSeek
  ExpandSpec expand;               // kExpand
  VarLengthSpec var_length;        // kVarLengthExpand
  ShortestPathSpec shortest_path;  // kShortestPath
  HashJoinSpec join;               // kHashJoin
  // kHashJoin: the slots `input` binds (what a build of it keeps), and how
  // many rows each side starts from by the planner's estimate (1 for a
  // seek, a label's count by the manifest's statistics; UINT64_MAX when
  // unknown), by which the rule join_order picks the side to build.
  std::vector<int> input_slots;
  uint64_t input_start_rows = UINT64_MAX;
  uint64_t right_start_rows = UINT64_MAX;
  ArgumentOperator* argument = nullptr;  // kOptional: the leaf of `right` it feeds
  int tag_slot = -1;                     // kOptional

  // The clauses other than MATCH and the projections, apart: those make
  // many operators per statement, which stay small.
  std::unique_ptr<ClauseFields> clause;
};

// A Pipeline leaf over `pipeline`.
LogicalPtr LogicalPipeline(OperatorPtr pipeline, CountableExpansion countable = {},
                           StatisticsCountable statistics = {});
// `kind` over `input`; the caller fills in the fields of the kind.
LogicalPtr LogicalOver(LogicalKind kind, LogicalPtr input);
// `kind` (kHashJoin, kOptional) over `input` and `right`.
LogicalPtr LogicalOver(LogicalKind kind, LogicalPtr input, LogicalPtr right);

// The tree, one operator per line from the top, children indented (the
// input, then `right`): what the optimizer's tests compare.
std::vector<std::string> DescribeLogical(const LogicalOperator& root);

}  // namespace namidb::query
