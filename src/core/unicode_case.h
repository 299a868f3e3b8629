// Unicode case mapping of UTF-8 text, the same natively and in wasm (the
// C libraries of the two map case differently, and neither beyond ASCII
// without a locale): the full mappings without conditions, as Java's
// String.toUpperCase / toLowerCase with Locale.ROOT give them (ß to SS,
// İ to i + U+0307), from tables of the Unicode version
// scripts/generate_unicode_tables.py names. One rule they leave out: a
// capital sigma at the end of a word lowers to σ here, not to ς.
#pragma once

#include <string>
#include <string_view>

namespace namidb {

std::string ToUpperCase(std::string_view text);
std::string ToLowerCase(std::string_view text);

}  // namespace namidb
