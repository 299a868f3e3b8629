// Lossless Value <-> JSON, for the manifest, debugging and the JS boundary.
//
// Scheme:
// - null, booleans and strings are themselves; integers are JSON integers and
//   finite floats JSON floats (nlohmann keeps the two apart and prints 1.0
//   with its '.0'); lists are arrays and maps are objects.
// - Every other value is a one-key object whose key starts with '$':
//     {"$float": "NaN" | "Infinity" | "-Infinity"}
//     {"$bytes": "<base64>"}
//     {"$date" | "$localtime" | "$time" | "$localdatetime" | "$datetime" |
//      "$duration": "<ISO 8601 text>"}
//     {"$node": {"id": "<uuid>", "labels": [...], "properties": {...}}}
//     {"$rel": {"id", "type", "start", "end", "properties"}}
//     {"$path": {"nodes": [...], "relationships": [...]}}   (elements untagged)
// - A map that has exactly one key starting with '$' is wrapped as
//   {"$map": {...}} so that decoding is unambiguous.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/value.h"

namespace namidb {

nlohmann::json ValueToJson(const Value& value);
// InvalidArgument naming the place (e.g. "$.a[2]") of anything malformed,
// and of values nested deeper than kMaxValueDepth (core/limits.h), which
// could not be stored.
Result<Value> ValueFromJson(const nlohmann::json& json);

std::string ValueToJsonText(const Value& value);
// Parse errors are InvalidArgument, never exceptions.
Result<Value> ValueFromJsonText(std::string_view text);

}  // namespace namidb
