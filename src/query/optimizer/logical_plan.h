// The logical plan of a projection (RETURN / WITH): what its rows go
// through, as a tree the optimizer rewrites by rules (optimizer.h) before
// the planner turns it into operators (planner/physical_plan.h).
//
// Its leaf, a Pipeline, is the rows of the clauses before the projection,
// which the planner still builds as operators directly (docs/architecture.md,
// "The query engine"); it carries what the planner knows of them that a
// rule may use. Every expression is bound: slots are set, calls resolved.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "query/execution/operator.h"
#include "query/execution/operators/aggregate.h"
#include "query/execution/operators/count_from_statistics.h"
#include "query/execution/operators/project.h"
#include "query/execution/operators/sort.h"
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
  kFilter,               // WITH ... WHERE `predicate`
  kRetain,               // only `slots` survive (WITH drops the variables before it)
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
  LogicalKind kind = LogicalKind::kPipeline;
  LogicalPtr input;  // null only for a Pipeline and a CountFromStatistics

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
};

// A Pipeline leaf over `pipeline`.
LogicalPtr LogicalPipeline(OperatorPtr pipeline, CountableExpansion countable = {},
                           StatisticsCountable statistics = {});
// `kind` over `input`; the caller fills in the fields of the kind.
LogicalPtr LogicalOver(LogicalKind kind, LogicalPtr input);

// The tree, one operator per line from the top, children indented
// ("Sort (top 1 keys)" ...): what the optimizer's tests compare.
std::vector<std::string> DescribeLogical(const LogicalOperator& root);

}  // namespace namidb::query
