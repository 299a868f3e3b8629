// What engine calls hand back to JavaScript: plain data, never a C++
// exception. A failure is {error: {code, message, type?, phase?, detail?,
// line?, column?}} (js/src/database.ts and engine.ts make typed errors of
// it). A statement's rows cross in the binary row format
// (api/binary_row_format.h); a procedure's arguments as JSON text (ResultJson).
#pragma once

#include <emscripten/val.h>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "core/value.h"

namespace namidb {

emscripten::val ErrorVal(const Status& status);

// Values for a procedure written in JS (js_procedure.cc) cross as JSON text
// in the tagged scheme of core/value_json.h, with
// one addition for JavaScript: an integer JSON.parse would round (beyond
// ±2^53), or with `lossless` every integer, is {"$bigint": "…"}, so that
// integers and floats stay apart.
nlohmann::json ResultJson(const Value& v, bool lossless);

}  // namespace namidb
