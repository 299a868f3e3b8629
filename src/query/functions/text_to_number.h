// Text to numbers as Neo4j reads it, which is Java's grammar: toFloat()
// parses as Double.parseDouble, toInteger() as Long.parseLong and, when
// that fails, as java.math.BigDecimal truncated towards zero. So one rule
// holds everywhere: surrounding whitespace is allowed for a float and not
// for an integer, hexadecimal only as a float with a binary exponent
// (`0x1p4`), `NaN` and `Infinity` spelt as Java spells them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace namidb::query {

// Double.parseDouble: leading and trailing characters up to U+0020 are
// ignored; then [+-]? and one of `NaN`, `Infinity`, a decimal (digits with
// at most one point, at least one digit, an optional exponent [eE][+-]?
// digits) or a hexadecimal (0x, hex digits with at most one point, a
// required exponent [pP][+-]?digits); a decimal or hexadecimal may end in
// one of [fFdD]. nullopt when the text is none of these.
std::optional<double> ParseJavaDouble(std::string_view text);

// Long.parseLong, else BigDecimal's grammar ([+-]?, digits with at most one
// point and at least one digit, an optional exponent [eE][+-]?digits, no
// whitespace) with the fraction dropped. nullopt when the text is neither
// or its integer part is out of the 64-bit range.
std::optional<int64_t> ParseJavaInteger(std::string_view text);

}  // namespace namidb::query
