// The Cypher lexer: query text to tokens, each with its position.
//
// It knows literals (integers in decimal, hex `0x` and octal `0o`, floats
// with fractions and exponents, strings in single or double quotes with
// backslash escapes including \uXXXX and \UXXXXXXXX), names (letters, digits
// and `_`, or anything between backticks with `` for a backtick), parameters
// (`$name`, `$0`), operators and punctuation, and skips whitespace and
// comments (`// ...`, `/* ... */`). Keywords are names: the parser matches
// them without regard to case, since they may also be used as names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "query/common/query_error.h"

namespace namidb::query {

enum class TokenKind {
  kEnd,
  kName,        // text: the name (unescaped for backticks)
  kQuotedName,  // a backtick name: never a keyword
  kInteger,     // text: the literal as written (range checked by the parser)
  kFloat,       // text: as written
  kBadNumber,   // text: a number running into a name (`1a`, `0x1g`, `0o8`, `0x`): an
                // InvalidNumberLiteral where a value is expected, unexpected elsewhere
  kString,      // text: the decoded value
  kParameter,   // text: the name after '$'
  kSymbol,      // text: the operator or punctuation, e.g. "(", "<=", "..", "=~"
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;
  SourcePos pos;   // where the token starts
  size_t end = 0;  // the byte offset just past it
};

// The tokens of `query`, ending with a kEnd token; a SyntaxError for text
// that is no token (an unterminated string or comment, a bad escape).
Result<std::vector<Token>> Tokenize(std::string_view query);

}  // namespace namidb::query
