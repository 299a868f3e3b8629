// GraphReader: a pinned manifest version, read on demand.
//
// Opening costs two round trips: the manifest, then one batched call for the
// tails of every data file and every WAL segment (the WAL tail since the last
// flush, kept in memory as an overlay). After that a batch of node lookups is
// at most one batched read of node-table blocks, and expanding a node one of
// adjacency blocks; blocks already in the BlockCache cost nothing. Overlay
// records (newer than every table) win over table records.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "storage/block_cache.h"
#include "storage/graph_state.h"
#include "storage/layout.h"
#include "storage/manifest.h"
#include "storage/table_reader.h"
#include "store/object_store.h"

namespace namidb {

enum class Direction { kOut, kIn };

struct Neighbor {
  Uuid edge;
  Uuid node;
  std::string type;
  friend bool operator==(const Neighbor&, const Neighbor&) = default;
};

class GraphReader {
 public:
  static Result<std::unique_ptr<GraphReader>> Open(std::shared_ptr<ObjectStore> store,
                                                   const NamespaceLayout& layout,
                                                   std::shared_ptr<BlockCache> cache);

  // Live nodes by id, in request order (nullopt where absent or deleted).
  Result<std::vector<std::optional<NodeRecord>>> LookupNodes(std::span<const Uuid> ids);
  // The live edges of `node` in one direction, optionally of one type,
  // ordered by edge id.
  Result<std::vector<Neighbor>> Expand(const Uuid& node, Direction direction,
                                       const std::string& type = "");

  const Manifest& manifest() const { return manifest_; }

 private:
  GraphReader() = default;
  TableReader* Table(std::string_view kind) const;

  std::shared_ptr<ObjectStore> store_;
  Manifest manifest_;
  GraphState overlay_;  // the WAL segments after the last flush
  std::vector<std::pair<std::string, std::unique_ptr<TableReader>>> tables_;  // kind -> reader
};

}  // namespace namidb
