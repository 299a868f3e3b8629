// The logical plan of a MATCH (its patterns and WHERE) and of a projection
// (RETURN / WITH): what their rows go through, as a tree the optimizer
// rewrites by rules (optimizer.h) before the planner turns it into
// operators (planner/physical_plan.h).
//
// Its leaves, Pipelines, are the rows of the clauses before, which are
// operators already (the other clauses the planner still builds as
// operators directly: docs/architecture.md, "The query engine"); a
// Pipeline under a projection carries what the planner knows of them that
// a rule may use. Every expression is bound: slots are set, calls resolved.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "query/execution/node_filter.h"
#include "query/execution/operator.h"
#include "query/execution/operators/aggregate.h"
#include "query/execution/operators/argument.h"
#include "query/execution/operators/count_from_statistics.h"
#include "query/execution/operators/expand.h"
#include "query/execution/operators/hash_join.h"
#include "query/execution/operators/node_index_seek.h"
#include "query/execution/operators/project.h"
#include "query/execution/operators/shortest_path.h"
#include "query/execution/operators/sort.h"
#include "query/execution/operators/var_length_expand.h"
#include "query/parser/ast.h"

namespace namidb::query {

enum class LogicalKind {
  kPipeline,             // the rows so far, already operators
  kCountFromStatistics,  // one row: a count the manifest's statistics answer
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
};

struct LogicalOperator;
using LogicalPtr = std::unique_ptr<LogicalOperator>;

// An Expand at the top of a Pipeline that can hand out, per source row,
// how many rows it would make instead of the rows (CountExpansions).
struct CountableExpansion {
  Operator* expand = nullptr;  // null: the pipeline does not end in one
  int reached_slot = -1;       // the node it reaches; -1 when anonymous
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
  StatisticsCountable statistics;  // kPipeline: its facts; kCountFromStatistics: the count
  int count_slot = -1;             // set by CountExpansionsRule: rows become counts here

  // kProject: the items; kAggregate: the grouping keys
  std::vector<ProjectItem> items;
  std::vector<AggregateItem> aggregates;  // kAggregate
  std::vector<int> slots;                 // kDistinct, kRetain
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

  // kNodeScan, kNodeIndexSeek, kNodeIdSeek, kNodeCheck
  int node_slot = -1;
  NodeFilter node_filter;
  NodeDetail detail = NodeDetail::kFull;  // kNodeScan
  std::vector<std::string> columns;       // kNodeScan: properties read as columns
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
