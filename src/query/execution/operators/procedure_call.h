// The operator of `CALL proc(args) YIELD ...`: for each input row, the
// procedure's rows, each extending the input row with the yielded outputs.
#pragma once

#include <vector>

#include "query/execution/operator.h"
#include "query/functions/procedures.h"
#include "query/parser/ast.h"

namespace namidb::query {

struct ProcedureCallSpec {
  const Procedure* procedure = nullptr;
  std::vector<const Expr*> arguments;  // one per input of the signature
  std::vector<int> output_slots;       // one per output: its slot, or -1 (not yielded)
  // OPTIONAL CALL: an input row the procedure gives no rows for (none
  // that `where`, its YIELD's WHERE, keeps) comes out once, its outputs
  // null.
  bool optional = false;
  const Expr* where = nullptr;
};

// A procedure without outputs (VOID) passes each input row on once,
// whatever its body returns; one with outputs multiplies rows by its own.
OperatorPtr MakeProcedureCall(OperatorPtr input, ProcedureCallSpec spec);

}  // namespace namidb::query
