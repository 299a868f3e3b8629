// Test shorthands over a GraphReader (a reader's or a writer's view): each
// call fails the test on an error instead of returning a Result.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "storage/graph_reader.h"

namespace namidb::testing {

inline std::vector<Uuid> LiveNodeIds(GraphReader& view) {
  std::vector<Uuid> ids;
  auto nodes = view.ScanNodes();
  EXPECT_TRUE(nodes.ok()) << nodes.status().ToString();
  if (nodes.ok()) {
    for (const auto& [id, r] : *nodes) ids.push_back(id);
  }
  return ids;
}

inline std::optional<NodeRecord> Node(GraphReader& view, const Uuid& id) {
  auto r = view.LookupNode(id);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::nullopt;
}

inline std::optional<EdgeRecord> Edge(GraphReader& view, const Uuid& id) {
  auto r = view.LookupEdge(id);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::nullopt;
}

// Edge ids leaving `node`, ascending; with a type, only that type.
inline std::vector<Uuid> OutEdgeIds(GraphReader& view, const Uuid& node,
                                    const std::string& type = "") {
  std::vector<Uuid> ids;
  auto out = view.Expand(node, Direction::kOut, type);
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  if (out.ok()) {
    for (const auto& n : *out) ids.push_back(n.edge);
  }
  return ids;
}

}  // namespace namidb::testing
