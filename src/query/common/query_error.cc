#include "query/common/query_error.h"

namespace namidb::query {

Status CompileError(std::string_view type, std::string_view detail, const SourcePos& pos,
                    std::string_view message) {
  std::string text = std::string(type) + " (" + std::string(detail) + ") at line " +
                     std::to_string(pos.line) + ", column " + std::to_string(pos.column) + ": " +
                     std::string(message);
  return Status::Query(
      {std::string(type), "compile time", std::string(detail), pos.line, pos.column},
      std::move(text));
}

Status SyntaxError(std::string_view detail, const SourcePos& pos, std::string_view message) {
  return CompileError("SyntaxError", detail, pos, message);
}

Status RuntimeError(std::string_view type, std::string_view detail, std::string_view message) {
  std::string text = std::string(type) + " (" + std::string(detail) + "): " + std::string(message);
  return Status::Query({std::string(type), "runtime", std::string(detail), 0, 0}, std::move(text));
}

}  // namespace namidb::query
