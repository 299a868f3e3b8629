// What a statement can call, as procedures: dbms.functions() (every
// function, scalar and aggregating) and dbms.procedures() (every procedure
// of a registry), what SHOW FUNCTIONS and SHOW PROCEDURES run.
#pragma once

#include <functional>

#include "query/functions/procedures.h"

namespace namidb::query {

// dbms.functions() :: (name, category, description, signature, isBuiltIn,
// aggregating), one row per function by name.
Procedure FunctionsProcedure();

// dbms.procedures() :: (name, description, mode, worksOnSystem, signature),
// one row per procedure `list` gives when called.
Procedure ProceduresProcedure(std::function<std::vector<const Procedure*>()> list);

}  // namespace namidb::query
