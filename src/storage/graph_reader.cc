#include "storage/graph_reader.h"

#include <algorithm>
#include <set>

#include "storage/adjacency_codec.h"
#include "storage/id_coding.h"
#include "storage/record_codec.h"
#include "storage/snapshot.h"
#include "storage/wal_segment.h"

namespace namidb {

Result<std::unique_ptr<GraphReader>> GraphReader::Open(std::shared_ptr<ObjectStore> store,
                                                       const NamespaceLayout& layout,
                                                       std::shared_ptr<BlockCache> cache) {
  NAMIDB_ASSIGN_OR_RETURN(auto pinned, Snapshot::ReadManifest(*store, layout));
  std::unique_ptr<GraphReader> reader(new GraphReader());
  reader->store_ = store;
  reader->manifest_ = std::move(pinned.first);
  const Manifest& m = reader->manifest_;

  // Every table tail and every WAL segment in one round trip.
  std::vector<GetRequest> requests;
  for (const auto& t : m.tables) {
    requests.push_back({layout.Absolute(t.key), ByteRange{t.size - t.meta_size, t.meta_size}});
  }
  for (const auto& w : m.wal) requests.push_back({layout.Absolute(w.key), std::nullopt});
  auto results = requests.empty() ? std::vector<Result<GetResult>>() : store->GetMany(requests);
  for (size_t i = 0; i < m.tables.size(); ++i) {
    if (!results[i].ok() && results[i].status().Is(StatusCode::kNotFound)) {
      return Status::Corruption("table " + requests[i].key + " listed in the manifest is missing");
    }
    NAMIDB_ASSIGN_OR_RETURN(auto table,
                            TableReader::FromTail(results[i], requests[i].key, m.tables[i], cache));
    reader->tables_.emplace_back(m.tables[i].kind, std::move(table));
  }
  for (size_t w = 0; w < m.wal.size(); ++w) {
    size_t i = m.tables.size() + w;
    if (!results[i].ok()) {
      if (results[i].status().Is(StatusCode::kNotFound)) {
        return Status::Corruption("WAL segment " + requests[i].key +
                                  " listed in the manifest is missing");
      }
      return results[i].status();
    }
    NAMIDB_ASSIGN_OR_RETURN(WalSegment segment,
                            DecodeWalSegment(results[i]->data, requests[i].key));
    if (segment.first_lsn != m.wal[w].first_lsn || segment.last_lsn != m.wal[w].last_lsn) {
      return Status::Corruption("WAL segment " + requests[i].key +
                                " holds LSNs the manifest does not list");
    }
    for (const auto& mutation : segment.mutations) reader->overlay_.Apply(mutation);
  }
  return reader;
}

TableReader* GraphReader::Table(std::string_view kind) const {
  for (const auto& [k, table] : tables_) {
    if (k == kind) return table.get();
  }
  return nullptr;
}

Result<std::vector<std::optional<NodeRecord>>> GraphReader::LookupNodes(std::span<const Uuid> ids) {
  std::vector<std::optional<NodeRecord>> out(ids.size());
  std::vector<std::string> keys;
  std::vector<size_t> slots;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (const NodeRecord* r = overlay_.NodeRecordOf(ids[i])) {
      if (!r->deleted) out[i] = *r;  // newer than any table
      continue;
    }
    std::string key;
    PutUuid(&key, ids[i]);
    keys.push_back(std::move(key));
    slots.push_back(i);
  }
  TableReader* nodes = Table("nodes");
  if (keys.empty() || !nodes) return out;
  NAMIDB_ASSIGN_OR_RETURN(auto values, nodes->GetMany(*store_, keys));
  for (size_t j = 0; j < values.size(); ++j) {
    if (!values[j]) continue;
    NAMIDB_ASSIGN_OR_RETURN(NodeRecord r, DecodeNodeRecord(*values[j], "nodes table"));
    out[slots[j]] = std::move(r);
  }
  return out;
}

Result<std::vector<Neighbor>> GraphReader::Expand(const Uuid& node, Direction direction,
                                                  const std::string& type) {
  std::vector<Neighbor> out;
  bool outgoing = direction == Direction::kOut;
  if (TableReader* table = Table(outgoing ? "out" : "in")) {
    std::string prefix =
        type.empty() ? AdjacencyPrefix(node) : AdjacencyPrefix(node, std::string_view(type));
    NAMIDB_ASSIGN_OR_RETURN(auto entries, table->Scan(*store_, prefix));
    for (const auto& e : entries) {
      NAMIDB_ASSIGN_OR_RETURN(AdjacencyEntry a, DecodeAdjacency(e.key, e.value, "adjacency table"));
      // The overlay has the newer word on any edge it knows.
      if (overlay_.EdgeRecordOf(a.edge)) continue;
      out.push_back({a.edge, a.other, a.type});
    }
  }
  for (const Uuid& edge : outgoing ? overlay_.OutEdges(node, type) : overlay_.InEdges(node, type)) {
    const EdgeRecord* r = overlay_.FindEdge(edge);
    out.push_back({edge, outgoing ? r->dst : r->src, r->type});
  }
  std::sort(out.begin(), out.end(),
            [](const Neighbor& a, const Neighbor& b) { return a.edge < b.edge; });
  return out;
}

}  // namespace namidb
