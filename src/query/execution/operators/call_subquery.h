// CALL { subquery }: for each input row, the rows of each part's
// sub-pipeline (QueryPlan::subplans), run with the row as argument; an
// output row is the input row with the part's returned columns copied into
// `output_slots`. Without columns (a subquery that only updates) each input
// row comes out once. `distinct`: UNION rather than UNION ALL. `optional`
// (OPTIONAL CALL): an input row the parts give no rows for comes out once,
// its columns null. With `transactions`, CALL { } IN TRANSACTIONS
// (call_in_transactions.h).
#pragma once

#include <optional>
#include <vector>

#include "query/common/memory_budget.h"
#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

struct UpdateContext;

// CALL { } IN TRANSACTIONS: the subquery's changes committed every `rows`
// input rows.
struct TransactionsSpec {
  const Expr* rows = nullptr;  // OF rows ROWS; null: kDefaultTransactionRows
  OnTransactionError on_error = OnTransactionError::kFail;
  int status_slot = -1;  // REPORT STATUS AS: the variable's slot, or -1
  // The input is read a transaction's rows at a time rather than all
  // first: what comes before the CALL reads nothing of the graph (LOAD
  // CSV, UNWIND), so the commits cannot change what it reads.
  bool stream_input = false;
  // And nothing after the CALL reads the graph either: between two
  // transactions no operator is in the middle of a read, so the flush the
  // commits call for runs then, bounding the writer's memtable.
  bool flush_between = false;
  UpdateContext* update = nullptr;  // null in a read-only run: nothing to commit
};
inline constexpr int64_t kDefaultTransactionRows = 1000;

struct CallSubquerySpec {
  struct Part {
    int subplan;
    std::vector<int> column_slots;
  };
  std::vector<Part> parts;
  std::vector<int> output_slots;
  bool distinct = false;
  bool optional = false;
  std::optional<TransactionsSpec> transactions;
};
OperatorPtr MakeCallSubquery(OperatorPtr input, CallSubquerySpec spec);

// The rows of `spec`'s parts for input row `row`, appended to `out`, each
// reserved in `hold`.
Status CallSubqueryRows(ExecContext& ctx, const CallSubquerySpec& spec, Row row,
                        std::vector<Row>* out, MemoryHold* hold);

}  // namespace namidb::query
