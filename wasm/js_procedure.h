// Procedures whose body is a JavaScript function (Database.registerProcedure
// in js/src/database.ts): the engine suspends on the async import
// namidb_procedure_call, the function runs (and may await), and its rows
// come back as tagged JSON (core/value_json.h).
#pragma once

#include "query/functions/procedures.h"

namespace namidb {

// The body of procedure `signature` that calls JS handler `handler` (an id
// of js/src/bridge.ts). Arguments cross as result JSON (`lossless`: every
// integer a bigint), rows as parameter JSON: one array per row, one value
// per output in signature order.
query::ProcedureBody JsProcedureBody(int handler, query::ProcedureSignature signature,
                                     bool lossless);

}  // namespace namidb
