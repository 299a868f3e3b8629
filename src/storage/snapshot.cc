#include "storage/snapshot.h"

#include "storage/id_coding.h"
#include "storage/record_codec.h"
#include "storage/table_format.h"
#include "storage/wal_segment.h"

namespace namidb {

Result<std::pair<Manifest, VersionToken>> Snapshot::ReadManifest(ObjectStore& store,
                                                                 const NamespaceLayout& layout) {
  std::string key = layout.ManifestKey();
  NAMIDB_ASSIGN_OR_RETURN(GetResult got, store.Get(key));
  NAMIDB_ASSIGN_OR_RETURN(Manifest manifest, DecodeManifest(got.data, key));
  if (manifest.ns != layout.ns()) {
    return Status::Corruption("manifest " + key + " belongs to namespace '" + manifest.ns + "'");
  }
  return std::make_pair(std::move(manifest), got.meta.version);
}

Result<std::pair<Manifest, VersionToken>> Snapshot::ReadManifestToOpen(
    ObjectStore& store, const NamespaceLayout& layout) {
  auto manifest = ReadManifest(store, layout);
  if (manifest.ok() || !manifest.status().Is(StatusCode::kNotFound)) return manifest;
  NAMIDB_ASSIGN_OR_RETURN(ListPage page, store.List(layout.root() + "/", ListOptions{"", 1}));
  if (page.objects.empty()) return manifest.status();
  // Another writer may have created the namespace between the read and the
  // listing: what it listed is then the manifest it wrote, so read again.
  auto again = ReadManifest(store, layout);
  if (again.ok() || !again.status().Is(StatusCode::kNotFound)) return again;
  return Status::ManifestMissing(
      "namespace '" + layout.ns() + "' has no " + layout.ManifestKey() + ", but holds objects (" +
      page.objects.front().key +
      ", ...): its manifest was lost, and opening it as a new namespace would orphan them. Recover "
      "it with recover() (RecoverManifest in C++), which rebuilds the manifest from its newest "
      "checkpoint and WAL segments; see docs/api.md, \"Recovering a namespace\"");
}

namespace {

// The status of reading an object the manifest lists: a missing one is
// corruption, or a snapshot pinned past the GC grace period.
Status ListedObjectStatus(const Result<GetResult>& result, std::string_view what,
                          const std::string& key) {
  if (result.ok()) return Status::OK();
  if (!result.status().Is(StatusCode::kNotFound)) return result.status();
  return Status::Corruption(std::string(what) + " " + key +
                            " listed in the manifest is missing (a snapshot pinned longer than "
                            "the GC grace period must be refreshed)");
}

// Loads the data files: every table's tail in one batched read, then every
// block in a second.
Status LoadTables(ObjectStore& store, const NamespaceLayout& layout, const Manifest& manifest,
                  GraphState* state) {
  // Adjacency tables repeat what the edge table holds; a full load derives
  // adjacency itself and reads only nodes and edges.
  // Oldest run first, so that a newer record (or tombstone) replaces an older one.
  std::vector<const TableRef*> refs;
  for (auto t = manifest.tables.rbegin(); t != manifest.tables.rend(); ++t) {
    if (t->kind == "nodes" || t->kind == "edges") refs.push_back(&*t);
  }
  if (refs.empty()) return Status::OK();  // no round trip for nothing
  std::vector<GetRequest> tails;
  for (const TableRef* t : refs) {
    tails.push_back({layout.Absolute(t->key), ByteRange{t->size - t->meta_size, t->meta_size}});
  }
  auto tail_results = store.GetMany(tails);
  std::vector<GetRequest> blocks;
  std::vector<size_t> block_table;
  for (size_t i = 0; i < tail_results.size(); ++i) {
    const TableRef& ref = *refs[i];
    const std::string& key = tails[i].key;
    NAMIDB_RETURN_IF_ERROR(ListedObjectStatus(tail_results[i], "table", key));
    if (tail_results[i]->meta.size != ref.size) {
      return Status::Corruption("table " + key + " has the wrong size");
    }
    NAMIDB_ASSIGN_OR_RETURN(TableIndex index,
                            TableIndex::Open(tail_results[i]->data, ref.size, key));
    if (index.entry_count() != ref.entries) {
      return Status::Corruption("table " + key + " holds a different number of entries");
    }
    for (const BlockHandle& h : index.Blocks()) {
      blocks.push_back({key, ByteRange{h.offset, h.size}});
      block_table.push_back(i);
    }
  }
  if (blocks.empty()) return Status::OK();
  auto block_results = store.GetMany(blocks);
  for (size_t b = 0; b < block_results.size(); ++b) {
    const TableRef& ref = *refs[block_table[b]];
    const std::string& key = blocks[b].key;
    if (!block_results[b].ok()) return block_results[b].status();
    NAMIDB_ASSIGN_OR_RETURN(DecodedBlock entries, DecodeTableBlock(block_results[b]->data, key));
    for (const auto& e : entries) {
      Decoder id_in(e.key, key);
      NAMIDB_ASSIGN_OR_RETURN(Uuid id, ReadUuid(&id_in));
      if (ref.kind == "nodes") {
        NAMIDB_ASSIGN_OR_RETURN(NodeRecord r, DecodeNodeRecord(e.value, key));
        if (r.lsn > ref.max_lsn) return Status::Corruption("table " + key + " holds a newer LSN");
        state->SetNode(id, std::move(r));
      } else {
        NAMIDB_ASSIGN_OR_RETURN(EdgeRecord r, DecodeEdgeRecord(e.value, key));
        if (r.lsn > ref.max_lsn) return Status::Corruption("table " + key + " holds a newer LSN");
        state->SetEdge(id, std::move(r));
      }
    }
  }
  return Status::OK();
}

}  // namespace

Result<GraphState> Snapshot::Replay(ObjectStore& store, const NamespaceLayout& layout,
                                    const Manifest& manifest) {
  GraphState state;
  NAMIDB_RETURN_IF_ERROR(LoadTables(store, layout, manifest, &state));
  std::vector<GetRequest> requests;
  for (const auto& wal : manifest.wal) requests.push_back({layout.Absolute(wal.key), std::nullopt});
  // Every segment in one round trip (none when there are none).
  auto results = requests.empty() ? std::vector<Result<GetResult>>() : store.GetMany(requests);
  for (size_t i = 0; i < results.size(); ++i) {
    const WalRef& ref = manifest.wal[i];
    const std::string& key = requests[i].key;
    NAMIDB_RETURN_IF_ERROR(ListedObjectStatus(results[i], "WAL segment", key));
    const GetResult& got = *results[i];
    if (got.data.size() != ref.size) {
      return Status::Corruption("WAL segment " + key + " has " + std::to_string(got.data.size()) +
                                " bytes, the manifest says " + std::to_string(ref.size));
    }
    NAMIDB_ASSIGN_OR_RETURN(WalSegment segment, DecodeWalSegment(got.data, key));
    if (segment.first_lsn != ref.first_lsn || segment.last_lsn != ref.last_lsn) {
      return Status::Corruption("WAL segment " + key + " holds LSNs the manifest does not list");
    }
    for (auto& m : segment.mutations) state.Apply(std::move(m));
  }
  if (!manifest.wal.empty() && state.max_lsn() != manifest.wal.back().last_lsn) {
    return Status::Corruption("replay of " + layout.ManifestKey() + " ended at the wrong LSN");
  }
  if (!(state.stats().nodes == manifest.stats.nodes &&
        state.stats().edges == manifest.stats.edges)) {
    return Status::Corruption("manifest " + layout.ManifestKey() +
                              " counts disagree with its WAL segments");
  }
  return state;
}

Result<std::shared_ptr<const Snapshot>> Snapshot::Open(ObjectStore& store,
                                                       const NamespaceLayout& layout) {
  NAMIDB_ASSIGN_OR_RETURN(auto pinned, ReadManifestToOpen(store, layout));
  NAMIDB_ASSIGN_OR_RETURN(GraphState state, Replay(store, layout, pinned.first));
  return std::shared_ptr<const Snapshot>(
      new Snapshot(std::move(pinned.first), std::move(pinned.second), std::move(state)));
}

}  // namespace namidb
