// `s =~ pattern`: whether the whole string matches the regular expression.
// Patterns are POSIX extended regular expressions (regcomp: no exceptions,
// so a bad pattern is an error, never an abort in wasm), with the Java
// spellings Cypher users write translated: \d \w \s (and \D \W \S), and a
// leading (?i) for case-insensitive matching. Null unless both are strings.
#pragma once

#include <string>

#include "core/status.h"
#include "core/value.h"

namespace namidb::query {

Result<Value> RegexMatch(const Value& subject, const Value& pattern);

// The POSIX ERE for a Cypher (Java-style) pattern, anchored at both ends;
// sets `*icase` for a leading (?i).
std::string PosixPattern(const std::string& pattern, bool* icase);

}  // namespace namidb::query
