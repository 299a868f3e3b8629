// CALL { subquery } IN TRANSACTIONS: the rows of CallSubquery (its parts
// run per input row, the outputs joined to it), with the changes the
// subquery stages committed every `rows` input rows, each commit a WAL
// segment and a manifest swap of its own, so a long load keeps what it
// committed if it fails later and stages one transaction at a time.
//
// A failed transaction (an error of the subquery or of its commit) fails
// the statement under ON ERROR FAIL, the transactions before it staying
// committed. Under ON ERROR CONTINUE it is rolled back and the next one
// runs; under BREAK none after it runs. Its input rows then come out once
// each with the subquery's columns null. REPORT STATUS gives every row the
// map {started, committed, transactionId, errorMessage} of its transaction.
// Errors that leave nothing to continue with (a stopped statement, another
// writer having won the namespace, a failing store) fail it under any mode.
//
// The commits leave the writer's view as it is
// (WriterSession::CommitBatchKeepingView); the flush they may call for runs
// between two transactions when nothing before or after the CALL reads the
// graph (TransactionsSpec::flush_between), else when the statement ends.
#pragma once

#include "query/execution/operator.h"
#include "query/execution/operators/call_subquery.h"

namespace namidb::query {

OperatorPtr MakeCallInTransactions(OperatorPtr input, CallSubquerySpec spec);

}  // namespace namidb::query
