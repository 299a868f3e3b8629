#include "query/functions/decimal_round.h"

#include <cmath>
#include <string>

#include "core/float_text.h"
#include "query/common/query_error.h"
#include "query/functions/functions.h"

namespace namidb::query {

Result<RoundingMode> ParseRoundingMode(std::string_view name) {
  static constexpr std::pair<std::string_view, RoundingMode> kModes[] = {
      {"up", RoundingMode::kUp},
      {"down", RoundingMode::kDown},
      {"ceiling", RoundingMode::kCeiling},
      {"floor", RoundingMode::kFloor},
      {"half_up", RoundingMode::kHalfUp},
      {"half_down", RoundingMode::kHalfDown},
      {"half_even", RoundingMode::kHalfEven},
      {"unnecessary", RoundingMode::kUnnecessary},
  };
  std::string lower = AsciiLower(name);
  for (const auto& [text, mode] : kModes) {
    if (lower == text) return mode;
  }
  return RuntimeError("ArgumentError", "InvalidArgumentValue",
                      "round() has no rounding mode '" + std::string(name) +
                          "'; the modes are UP, DOWN, CEILING, FLOOR, HALF_UP, HALF_DOWN, "
                          "HALF_EVEN and UNNECESSARY");
}

Result<double> RoundDecimal(double value, int64_t precision, RoundingMode mode) {
  if (!std::isfinite(value) || value == 0) return value;
  // Beyond these a double has no digit to round, or every digit goes.
  if (precision > 400) return value;
  if (precision < -400) precision = -400;
  const bool negative = value < 0;
  DecimalDigits d = ShortestDigits(value);
  // How many of the digits stay: those at or above 10^-precision.
  const int64_t keep = d.exponent + 1 + precision;
  if (keep >= static_cast<int64_t>(d.digits.size())) return value;  // nothing to round
  std::string kept = keep > 0 ? d.digits.substr(0, keep) : "0";
  // The dropped part against half a unit of the last kept place.
  int against_half = -1;  // below half
  if (keep >= 0) {
    char first = d.digits[keep];
    bool more = static_cast<size_t>(keep) + 1 < d.digits.size();
    against_half = first > '5' || (first == '5' && more) ? 1 : first == '5' ? 0 : -1;
  }
  const bool odd = (kept.back() - '0') % 2 == 1;
  bool away = false;  // whether the kept digits grow by one unit
  switch (mode) {
    case RoundingMode::kUp:
      away = true;
      break;
    case RoundingMode::kDown:
      away = false;
      break;
    case RoundingMode::kCeiling:
      away = !negative;
      break;
    case RoundingMode::kFloor:
      away = negative;
      break;
    case RoundingMode::kHalfUp:
      away = against_half >= 0;
      break;
    case RoundingMode::kHalfDown:
      away = against_half > 0;
      break;
    case RoundingMode::kHalfEven:
      away = against_half > 0 || (against_half == 0 && odd);
      break;
    case RoundingMode::kUnnecessary:
      return RuntimeError("ArgumentError", "InvalidArgumentValue",
                          "round() with mode UNNECESSARY: " + FormatFloat(value) +
                              " needs rounding at precision " + std::to_string(precision));
  }
  if (away) {
    int i = static_cast<int>(kept.size()) - 1;
    for (; i >= 0 && kept[i] == '9'; --i) kept[i] = '0';
    if (i < 0) {
      kept.insert(kept.begin(), '1');
    } else {
      ++kept[i];
    }
  }
  if (kept.find_first_not_of('0') == std::string::npos) return 0.0;  // no -0.0: BigDecimal has none
  std::string text = (negative ? "-" : "") + kept + "e" + std::to_string(-precision);
  return std::strtod(text.c_str(), nullptr);
}

}  // namespace namidb::query
