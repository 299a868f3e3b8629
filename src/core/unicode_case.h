// Unicode case mapping of UTF-8 text, the same natively and in wasm (the
// C libraries of the two map case differently, and neither beyond ASCII
// without a locale): the full mappings without conditions, as Java's
// String.toUpperCase / toLowerCase with Locale.ROOT give them (ß to SS,
// İ to i + U+0307), from tables of the Unicode version
// scripts/generate_unicode_tables.py names, and Java's one condition with
// Locale.ROOT: a capital sigma ending a word (a cased letter before it in
// its word, none after) lowers to ς, elsewhere to σ.
#pragma once

#include <string>
#include <string_view>

namespace namidb {

std::string ToUpperCase(std::string_view text);
std::string ToLowerCase(std::string_view text);

}  // namespace namidb
