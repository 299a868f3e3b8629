// Floats as text: the shortest decimal digits that read back to the same
// double, and the form toString() gives them.
#pragma once

#include <string>

namespace namidb {

// `|value|` (finite) as decimal digits d1 d2 ... dn, no trailing zeros and
// d1 != 0 (zero is "0"), with the exponent of d1: |value| = d1.d2...dn x
// 10^exponent. The fewest of 15 to 17 significant digits (of 1 to 17 for a
// subnormal) that read back to `value` exactly.
struct DecimalDigits {
  std::string digits;
  int exponent = 0;
};
DecimalDigits ShortestDigits(double value);

// A float as Cypher prints it, which is Java's Double.toString (what Neo4j's
// toString() and string concatenation give): plain decimals with at least
// one digit after the point for 10^-3 <= |v| < 10^7 ("0.001", "1234567.0"),
// otherwise a mantissa and exponent ("1.0E7", "1.5E-4", "-2.5E20"); "NaN",
// "Infinity", "-Infinity".
std::string FormatFloat(double v);

}  // namespace namidb
