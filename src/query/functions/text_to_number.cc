#include "query/functions/text_to_number.h"

#include <cstdlib>
#include <limits>
#include <string>

namespace namidb::query {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// A mantissa as Java's grammars take it: digits with at most one point and
// at least one digit. Advances `at` past it; false if there is none.
bool ReadMantissa(std::string_view s, size_t& at, bool (*digit)(char)) {
  size_t digits = 0;
  bool point = false;
  for (; at < s.size(); ++at) {
    if (digit(s[at])) {
      ++digits;
    } else if (s[at] == '.' && !point) {
      point = true;
    } else {
      break;
    }
  }
  return digits > 0;
}

// [marker][+-]?digits at `at`, if s[at] is one of the two markers.
// Returns false on a marker without digits; `present` tells whether
// there was one.
bool ReadExponent(std::string_view s, size_t& at, char lower, char upper, bool& present) {
  present = at < s.size() && (s[at] == lower || s[at] == upper);
  if (!present) return true;
  ++at;
  if (at < s.size() && (s[at] == '+' || s[at] == '-')) ++at;
  size_t start = at;
  while (at < s.size() && IsDigit(s[at])) ++at;
  return at > start;
}

}  // namespace

std::optional<double> ParseJavaDouble(std::string_view text) {
  // String.trim(): every character up to U+0020, control characters included.
  while (!text.empty() && static_cast<unsigned char>(text.front()) <= ' ') text.remove_prefix(1);
  while (!text.empty() && static_cast<unsigned char>(text.back()) <= ' ') text.remove_suffix(1);
  size_t at = 0;
  bool negative = false;
  if (at < text.size() && (text[at] == '+' || text[at] == '-')) negative = text[at++] == '-';
  std::string_view rest = text.substr(at);
  if (rest == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (rest == "Infinity") {
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }
  bool hex = rest.size() > 1 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X');
  if (hex) at += 2;
  bool exponent = false;
  if (!ReadMantissa(text, at, hex ? IsHexDigit : IsDigit)) return std::nullopt;
  if (!ReadExponent(text, at, hex ? 'p' : 'e', hex ? 'P' : 'E', exponent)) return std::nullopt;
  if (hex && !exponent) return std::nullopt;
  size_t end = at;
  if (at < text.size() &&
      (text[at] == 'f' || text[at] == 'F' || text[at] == 'd' || text[at] == 'D')) {
    ++at;
  }
  if (at != text.size()) return std::nullopt;
  // The text is now one strtod reads whole, and reads as Java does:
  // correctly rounded, overflow to an infinity, underflow to zero.
  std::string number(text.substr(0, end));
  return std::strtod(number.c_str(), nullptr);
}

std::optional<int64_t> ParseJavaInteger(std::string_view text) {
  size_t at = 0;
  bool negative = false;
  if (at < text.size() && (text[at] == '+' || text[at] == '-')) negative = text[at++] == '-';
  // The digits before and after the point, then the exponent.
  size_t int_start = at;
  while (at < text.size() && IsDigit(text[at])) ++at;
  std::string_view whole = text.substr(int_start, at - int_start);
  std::string_view fraction;
  if (at < text.size() && text[at] == '.') {
    size_t frac_start = ++at;
    while (at < text.size() && IsDigit(text[at])) ++at;
    fraction = text.substr(frac_start, at - frac_start);
  }
  if (whole.empty() && fraction.empty()) return std::nullopt;
  int64_t exponent = 0;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    ++at;
    bool exp_negative = false;
    if (at < text.size() && (text[at] == '+' || text[at] == '-')) exp_negative = text[at++] == '-';
    size_t exp_start = at;
    for (; at < text.size() && IsDigit(text[at]); ++at) {
      // BigDecimal takes an exponent that fits an int; beyond that no
      // integer part is in range anyway, so saturating changes no answer.
      if (exponent < 1'000'000'000) exponent = exponent * 10 + (text[at] - '0');
    }
    if (at == exp_start) return std::nullopt;
    if (exp_negative) exponent = -exponent;
  }
  if (at != text.size()) return std::nullopt;
  // The integer part: the digits left of the point once the exponent has
  // moved it, the rest dropped (truncation towards zero). Digit i counts
  // through `whole` then `fraction`; past both, the point moved over zeros.
  auto digit = [&](int64_t i) -> unsigned {
    const size_t k = static_cast<size_t>(i);
    if (k < whole.size()) return static_cast<unsigned>(whole[k] - '0');
    if (k - whole.size() < fraction.size()) {
      return static_cast<unsigned>(fraction[k - whole.size()] - '0');
    }
    return 0;
  };
  const int64_t point = static_cast<int64_t>(whole.size()) + exponent;
  const int64_t written = static_cast<int64_t>(whole.size() + fraction.size());
  int64_t first = 0;  // leading zeros do not count; past the written digits all are zeros
  while (first < point && first < written && digit(first) == 0) ++first;
  if (first >= point || first >= written) return 0;
  if (point - first > 19) return std::nullopt;
  uint64_t magnitude = 0;
  for (int64_t i = first; i < point; ++i) {
    const unsigned d = digit(i);
    if (magnitude > (UINT64_MAX - d) / 10) return std::nullopt;
    magnitude = magnitude * 10 + d;
  }
  constexpr uint64_t kMaxMagnitude = uint64_t{1} << 63;  // |INT64_MIN|
  if (magnitude > kMaxMagnitude - (negative ? 0 : 1)) return std::nullopt;
  if (negative) return static_cast<int64_t>(0 - magnitude);
  return static_cast<int64_t>(magnitude);
}

}  // namespace namidb::query
