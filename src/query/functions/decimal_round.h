// round(value, precision, mode): a number rounded to `precision` decimal
// places as java.math.BigDecimal rounds it, which is what Neo4j documents.
// The rounding is done on the number's shortest decimal form (the digits
// toString() prints), not on its binary value: round(2.675, 2) is 2.68,
// though the double nearest 2.675 lies just below it.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/status.h"

namespace namidb::query {

enum class RoundingMode : uint8_t {
  kUp,           // away from zero
  kDown,         // towards zero
  kCeiling,      // towards +infinity
  kFloor,        // towards -infinity
  kHalfUp,       // to the nearest, a tie away from zero (the default)
  kHalfDown,     // to the nearest, a tie towards zero
  kHalfEven,     // to the nearest, a tie to the even neighbour
  kUnnecessary,  // the value must need no rounding
};

// The mode a name gives ("HALF_EVEN", in any case), or an ArgumentError
// naming the modes there are.
Result<RoundingMode> ParseRoundingMode(std::string_view name);

// `value` rounded to `precision` places after the decimal point (a
// negative precision rounds to tens, hundreds, ...). NaN and infinities
// come back as they are; kUnnecessary on a value that needs rounding is an
// ArgumentError.
Result<double> RoundDecimal(double value, int64_t precision, RoundingMode mode);

}  // namespace namidb::query
