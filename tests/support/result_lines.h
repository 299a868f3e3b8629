// Query results as text for assertions: one line per row, its values'
// Cypher text joined by " | ".
#pragma once

#include <string>
#include <vector>

#include "core/value.h"

namespace namidb::testing {

inline std::vector<std::string> ResultLines(const std::vector<std::vector<Value>>& rows) {
  std::vector<std::string> lines;
  lines.reserve(rows.size());
  for (const auto& row : rows) {
    std::string line;
    for (const auto& v : row) line += (line.empty() ? "" : " | ") + v.ToString();
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace namidb::testing
