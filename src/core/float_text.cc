#include "core/float_text.h"

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace namidb {

DecimalDigits ShortestDigits(double value) {
  double magnitude = std::fabs(value);
  if (magnitude == 0) return {"0", 0};
  char buf[40];
  // Fifteen digits hold any double that has as few; a subnormal has fewer
  // significant bits, so its shortest form may be shorter still.
  int from = magnitude < DBL_MIN ? 1 : 15;
  for (int precision = from; precision <= 17; ++precision) {
    snprintf(buf, sizeof buf, "%.*e", precision - 1, magnitude);
    if (std::strtod(buf, nullptr) == magnitude) break;
  }
  std::string text = buf;  // d.ddddde[+-]xx
  size_t e = text.find('e');
  DecimalDigits out;
  out.exponent = std::atoi(text.c_str() + e + 1);
  for (size_t i = 0; i < e; ++i) {
    if (text[i] != '.') out.digits += text[i];
  }
  while (out.digits.size() > 1 && out.digits.back() == '0') out.digits.pop_back();
  return out;
}

std::string FormatFloat(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  DecimalDigits d = ShortestDigits(v);
  std::string out = std::signbit(v) ? "-" : "";
  double magnitude = std::fabs(v);
  if (magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e7)) {
    out += d.digits[0];
    out += '.';
    out += d.digits.size() > 1 ? d.digits.substr(1) : "0";
    return out + "E" + std::to_string(d.exponent);
  }
  if (d.exponent < 0) {
    return out + "0." + std::string(static_cast<size_t>(-d.exponent - 1), '0') + d.digits;
  }
  size_t whole = static_cast<size_t>(d.exponent) + 1;
  if (d.digits.size() <= whole) {
    return out + d.digits + std::string(whole - d.digits.size(), '0') + ".0";
  }
  return out + d.digits.substr(0, whole) + "." + d.digits.substr(whole);
}

}  // namespace namidb
