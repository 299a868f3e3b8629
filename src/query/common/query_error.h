// Cypher errors: a Status of code InvalidArgument that carries the openCypher
// classification (type, phase, detail) and, for compile-time errors, where
// in the query text they were found.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace namidb::query {

// A position in the query text: a byte offset and its 1-based line and
// column (columns count characters, not bytes).
struct SourcePos {
  size_t offset = 0;
  int line = 1;
  int column = 1;
};

// "SyntaxError (UnexpectedSyntax) at line 1, column 8: expected ')'"
Status SyntaxError(std::string_view detail, const SourcePos& pos, std::string_view message);
// Any compile-time error with a position (SemanticError, TypeError, ...).
Status CompileError(std::string_view type, std::string_view detail, const SourcePos& pos,
                    std::string_view message);
// A runtime error (no position).
Status RuntimeError(std::string_view type, std::string_view detail, std::string_view message);

}  // namespace namidb::query
