// Any temporal value seen as the parts it has — a date, a time of day, a
// zone — so functions can take fields from one kind and build another.
#pragma once

#include <cstdint>
#include <optional>

#include "core/value.h"

namespace namidb::query {

// A fixed offset (zone 0), or a named zone (time_zone.h) shown at `offset`.
struct ZoneSpec {
  int32_t offset = 0;
  int32_t zone = 0;
};

struct TemporalParts {
  std::optional<int64_t> days;   // the local date, days since 1970-01-01
  std::optional<int64_t> nanos;  // the local time of day
  std::optional<ZoneSpec> zone;  // TIME and DATETIME only
};

// The parts of a DATE, LOCAL TIME, TIME, LOCAL DATETIME or DATETIME;
// nullopt for anything else (durations included).
std::optional<TemporalParts> PartsOf(const Value& value);

}  // namespace namidb::query
