#include "storage/recovery.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>

#include "core/limits.h"
#include "storage/graph_reader.h"
#include "storage/layout.h"
#include "storage/manifest.h"
#include "storage/snapshot.h"
#include "storage/wal_segment.h"

namespace namidb {
namespace {

struct Segment {
  std::string key;  // relative
  uint64_t size = 0;
  WalSegment decoded;
};

// Whether every object `m` lists is present, at the size it records.
bool Complete(const Manifest& m, const std::map<std::string, uint64_t>& sizes) {
  auto present = [&](const std::string& key, uint64_t size) {
    auto it = sizes.find(key);
    return it != sizes.end() && it->second == size;
  };
  for (const auto& t : m.tables) {
    if (!present(t.key, t.size)) return false;
  }
  for (const auto& w : m.wal) {
    if (!present(w.key, w.size)) return false;
  }
  return true;
}

// The newest complete checkpoint, or nullopt.
Result<std::optional<Manifest>> NewestCheckpoint(ObjectStore& store, const NamespaceLayout& layout,
                                                 const std::map<std::string, uint64_t>& sizes) {
  std::map<uint64_t, std::vector<std::string>, std::greater<>> by_lsn;
  for (const auto& [key, size] : sizes) {
    auto name = NamespaceLayout::Parse(key);
    if (name && name->type == ObjectName::Type::kCheckpoint) by_lsn[name->lsn].push_back(key);
  }
  for (const auto& [lsn, keys] : by_lsn) {
    std::vector<GetRequest> requests;
    for (const auto& key : keys) requests.push_back({layout.Absolute(key), std::nullopt});
    auto results = store.GetMany(requests);
    std::optional<Manifest> best;
    for (size_t i = 0; i < results.size(); ++i) {
      if (!results[i].ok()) return results[i].status();
      NAMIDB_ASSIGN_OR_RETURN(Manifest m, DecodeManifest(results[i]->data, requests[i].key));
      if (m.ns != layout.ns() || m.last_lsn != lsn) {
        return Status::Corruption("checkpoint " + requests[i].key + " does not match its name");
      }
      // Of checkpoints at one LSN (a flush and the compaction after it, a
      // schema change) the later version holds the newer tables.
      if (Complete(m, sizes) && (!best || m.version > best->version)) best = std::move(m);
    }
    if (best) return best;
  }
  return std::optional<Manifest>();
}

// The counts after `chain` (mutations in LSN order) changed the state `base`
// read: each mutation replaces the version before it.
Result<GraphStats> CountAfter(GraphReader& base, const std::vector<Mutation>& chain) {
  std::vector<Uuid> node_ids, edge_ids;
  for (const auto& m : chain) {
    bool node = m.kind == MutationKind::kUpsertNode || m.kind == MutationKind::kTombstoneNode;
    (node ? node_ids : edge_ids).push_back(m.id);
  }
  for (auto* ids : {&node_ids, &edge_ids}) {
    std::sort(ids->begin(), ids->end());
    ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  }
  NAMIDB_ASSIGN_OR_RETURN(auto nodes_before, base.LookupNodes(node_ids));
  NAMIDB_ASSIGN_OR_RETURN(auto edges_before, base.LookupEdges(edge_ids));
  std::map<Uuid, std::optional<NodeRecord>> nodes;
  std::map<Uuid, std::optional<EdgeRecord>> edges;
  for (size_t i = 0; i < node_ids.size(); ++i) nodes[node_ids[i]] = std::move(nodes_before[i]);
  for (size_t i = 0; i < edge_ids.size(); ++i) edges[edge_ids[i]] = std::move(edges_before[i]);
  GraphStats stats = base.stats();
  for (const auto& m : chain) {
    switch (m.kind) {
      case MutationKind::kUpsertNode:
      case MutationKind::kTombstoneNode: {
        std::optional<NodeRecord>& now = nodes[m.id];
        if (now) CountNode(&stats, *now, -1);
        now.reset();
        if (m.kind == MutationKind::kUpsertNode) {
          now = NodeRecord{m.lsn, false, m.labels, m.properties};
          CountNode(&stats, *now, +1);
        }
        break;
      }
      case MutationKind::kUpsertEdge:
      case MutationKind::kTombstoneEdge: {
        std::optional<EdgeRecord>& now = edges[m.id];
        if (now) CountEdge(&stats, *now, -1);
        now.reset();
        if (m.kind == MutationKind::kUpsertEdge) {
          now = EdgeRecord{m.lsn, false, m.type, m.src, m.dst, m.properties};
          CountEdge(&stats, *now, +1);
        }
        break;
      }
    }
  }
  return stats;
}

int64_t NowMs(const RecoveryOptions& options) {
  if (options.now_ms) return options.now_ms();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<RecoveryReport> RecoverManifest(std::shared_ptr<ObjectStore> store, std::string_view ns,
                                       const RecoveryOptions& options) {
  NAMIDB_ASSIGN_OR_RETURN(NamespaceLayout layout, NamespaceLayout::Make(options.prefix, ns));
  auto current = Snapshot::ReadManifest(*store, layout);
  if (current.ok()) {
    return Status::AlreadyExists("namespace '" + layout.ns() +
                                 "' has a manifest: there is nothing to recover; open it");
  }
  if (!current.status().Is(StatusCode::kNotFound)) return current.status();
  NAMIDB_ASSIGN_OR_RETURN(std::vector<ObjectMeta> objects, store->ListAll(layout.root() + "/"));
  if (objects.empty()) {
    return Status::NotFound("namespace '" + layout.ns() +
                            "' holds no objects: there is nothing to recover");
  }
  std::map<std::string, uint64_t> sizes;  // relative key -> size
  uint64_t max_epoch = 0;
  for (const auto& o : objects) {
    std::string key = layout.Relative(o.key);
    if (auto name = NamespaceLayout::Parse(key)) max_epoch = std::max(max_epoch, name->epoch);
    sizes[key] = o.size;
  }

  // 1. The base.
  NAMIDB_ASSIGN_OR_RETURN(std::optional<Manifest> checkpoint,
                          NewestCheckpoint(*store, layout, sizes));
  Manifest base;
  base.ns = layout.ns();
  if (checkpoint) base = std::move(*checkpoint);
  RecoveryReport report;
  report.checkpoint = base.checkpoint;

  // 2. The WAL segments after it, read in one batched call, chained.
  std::vector<Segment> segments;
  std::vector<GetRequest> requests;
  for (const auto& [key, size] : sizes) {
    auto name = NamespaceLayout::Parse(key);
    if (name && name->type == ObjectName::Type::kWal && name->lsn > base.last_lsn) {
      segments.push_back({key, size, {}});
      requests.push_back({layout.Absolute(key), std::nullopt});
    }
  }
  if (!requests.empty()) {
    auto results = store->GetMany(requests);
    for (size_t i = 0; i < results.size(); ++i) {
      if (!results[i].ok()) return results[i].status();
      NAMIDB_ASSIGN_OR_RETURN(segments[i].decoded,
                              DecodeWalSegment(results[i]->data, requests[i].key));
    }
  }
  // Along published history writer epochs never decrease (a stale writer
  // can no longer publish), so a segment can follow another only if its
  // epoch is at least as high. How far the chain reaches from each segment,
  // from the last one back:
  std::sort(segments.begin(), segments.end(), [](const Segment& a, const Segment& b) {
    return a.decoded.first_lsn != b.decoded.first_lsn ? a.decoded.first_lsn > b.decoded.first_lsn
                                                      : a.key < b.key;
  });
  std::map<uint64_t, std::vector<size_t>> starting_at;  // first LSN -> segments, in key order
  std::vector<uint64_t> reach(segments.size());
  for (size_t i = 0; i < segments.size(); ++i) {
    reach[i] = segments[i].decoded.last_lsn;
    auto next = starting_at.find(segments[i].decoded.last_lsn + 1);
    if (next != starting_at.end()) {
      for (size_t j : next->second) {
        if (segments[j].decoded.writer_epoch >= segments[i].decoded.writer_epoch)
          reach[i] = std::max(reach[i], reach[j]);
      }
    }
    starting_at[segments[i].decoded.first_lsn].push_back(i);
  }
  std::vector<const Segment*> chain;
  uint64_t tip = base.last_lsn;
  uint64_t epoch = base.writer_epoch;
  for (auto at = starting_at.find(tip + 1); at != starting_at.end();
       at = starting_at.find(tip + 1)) {
    // The winner of a race is the one the chain continues from; a tie
    // (the race was for the last commit) keeps the smaller key.
    std::optional<size_t> best;
    for (size_t j : at->second) {
      if (segments[j].decoded.writer_epoch < epoch) continue;
      if (!best || reach[j] > reach[*best]) best = j;
    }
    if (!best) break;
    for (size_t j : at->second) {
      if (j != *best && reach[j] == reach[*best] && segments[j].decoded.writer_epoch >= epoch) {
        report.forks.push_back(segments[j].key);
      }
    }
    chain.push_back(&segments[*best]);
    tip = segments[*best].decoded.last_lsn;
    epoch = segments[*best].decoded.writer_epoch;
  }
  // Anything newer than the chain's end is data that cannot be placed.
  for (const auto& [key, size] : sizes) {
    auto name = NamespaceLayout::Parse(key);
    if (!name || name->type == ObjectName::Type::kCheckpoint) continue;
    bool past = name->type == ObjectName::Type::kWal ? name->lsn > tip + 1 : name->lsn > tip;
    if (past) {
      return Status::Corruption(
          "cannot recover namespace '" + layout.ns() + "' consistently: " + key +
          " holds changes from LSN " + std::to_string(name->lsn) +
          ", but its newest checkpoint and the WAL segments after it reach only LSN " +
          std::to_string(tip) +
          " (objects were lost, or the files predate checkpoints); nothing was changed");
    }
  }

  // 3. The counts, from the base read as a reader would.
  std::vector<Mutation> mutations;
  for (const Segment* s : chain) {
    for (const auto& m : s->decoded.mutations) mutations.push_back(m);
  }
  NAMIDB_ASSIGN_OR_RETURN(
      auto reader, GraphReader::FromManifest(store, layout, base, std::make_shared<BlockCache>(),
                                             /*replay_wal=*/true));
  NAMIDB_ASSIGN_OR_RETURN(GraphStats stats, CountAfter(*reader, mutations));
  reader.reset();
  mutations.clear();

  // 4. The manifest, with its checkpoint.
  Manifest next = base;
  next.version = base.version + chain.size() + 1;
  next.writer_epoch = std::max(max_epoch, base.writer_epoch) + 1;
  next.last_lsn = tip;
  for (const Segment* s : chain) {
    next.wal.push_back(WalRef{s->key, s->decoded.first_lsn, s->decoded.last_lsn, s->size});
  }
  next.stats = std::move(stats);
  int64_t now = NowMs(options);
  std::string checkpoint_key = layout.CheckpointKey(next.writer_epoch, next.last_lsn);
  next.checkpoint = layout.Relative(checkpoint_key);
  std::set<std::string> listed{next.checkpoint};
  for (const auto& t : next.tables) listed.insert(t.key);
  for (const auto& w : next.wal) listed.insert(w.key);
  next.retired.clear();
  next.retired.push_back(
      RetiredRef{"", tip, now});  // every other WAL segment (all start by tip + 1)
  for (const auto& [key, size] : sizes) {
    if (listed.count(key)) continue;
    auto name = NamespaceLayout::Parse(key);
    if (!name) continue;  // not ours
    ++report.retired;
    if (name->type != ObjectName::Type::kWal) next.retired.push_back(RetiredRef{key, 0, now});
  }
  NAMIDB_ASSIGN_OR_RETURN(std::string text, EncodeManifest(next));
  if (text.size() > kMaxManifestBytes) {
    return Status::ResourceExhausted("the recovered manifest would take " +
                                     std::to_string(text.size()) +
                                     " bytes, more than a manifest may hold; nothing was changed");
  }
  NAMIDB_RETURN_IF_ERROR(store->Put(checkpoint_key, text, PutOptions::IfAbsent()).status());
  auto put = store->Put(layout.ManifestKey(), text, PutOptions::IfAbsent());
  if (!put.ok()) {
    (void)store->Delete(checkpoint_key);
    if (put.status().Is(StatusCode::kPreconditionFailed)) {
      return Status::AlreadyExists("a manifest of namespace '" + layout.ns() +
                                   "' appeared while it was being recovered; open it");
    }
    return put.status();
  }
  report.version = next.version;
  report.last_lsn = next.last_lsn;
  report.tables = next.tables.size();
  report.wal_segments = next.wal.size();
  return report;
}

}  // namespace namidb
