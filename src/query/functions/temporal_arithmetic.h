// Arithmetic with durations: a temporal value plus or minus a duration
// (months and days on the calendar, seconds on the clock), durations added,
// subtracted, multiplied and divided by numbers (duration_between.h has
// the duration between two temporal values).
#pragma once

#include <optional>
#include <string_view>

#include "core/status.h"
#include "core/value.h"

namespace namidb::query {

// `a op b` for op one of + - * / when an operand is temporal and the pair is
// one of the above; nullopt otherwise (the caller reports the type error).
std::optional<Result<Value>> TemporalArithmetic(char op, const Value& a, const Value& b);

}  // namespace namidb::query
