#include "storage/graph_reader.h"

#include <algorithm>
#include <set>

#include "storage/adjacency_codec.h"
#include "storage/id_coding.h"
#include "storage/key_order.h"
#include "storage/label_index_codec.h"
#include "storage/node_cursor.h"
#include "storage/property_index.h"
#include "storage/property_index_codec.h"
#include "storage/record_codec.h"
#include "storage/snapshot.h"
#include "storage/wal_segment.h"

namespace namidb {
namespace {

// Missing objects the manifest lists are corruption (or a reader pinned past
// the GC grace period), other failures are the store's.
Status ListedObjectError(const Status& status, std::string_view what, const std::string& key) {
  if (!status.Is(StatusCode::kNotFound)) return status;
  return Status::Corruption(std::string(what) + " " + key + " listed in the manifest is missing");
}

}  // namespace

std::span<const GraphReader::Table> GraphReader::TablesWithPrefix(std::span<const Table> tables,
                                                                  std::string_view prefix) {
  // The first table whose last key is at or past the prefix, then those
  // whose first key is at most the prefix or starts with it.
  auto first = std::partition_point(tables.begin(), tables.end(),
                                    [&](const Table& t) { return t.ref.largest < prefix; });
  auto last = first;
  while (last != tables.end() &&
         (last->ref.smallest <= prefix || last->ref.smallest.starts_with(prefix))) {
    ++last;
  }
  return {first, last};
}

// How nodes and edges differ for the reader: their table, decoder and
// overlay accessors.
template <>
struct RecordKind<NodeRecord> {
  static constexpr std::string_view kTable = "nodes";
  static Result<NodeRecord> Decode(std::string_view v) { return DecodeNodeRecord(v, kTable); }
  static const NodeRecord* Of(const GraphState& s, const Uuid& id) { return s.NodeRecordOf(id); }
  static std::vector<Uuid> LiveIds(const GraphState& s) { return s.NodeIds(); }
};

template <>
struct RecordKind<EdgeRecord> {
  static constexpr std::string_view kTable = "edges";
  static Result<EdgeRecord> Decode(std::string_view v) { return DecodeEdgeRecord(v, kTable); }
  static const EdgeRecord* Of(const GraphState& s, const Uuid& id) { return s.EdgeRecordOf(id); }
  static std::vector<Uuid> LiveIds(const GraphState& s) { return s.EdgeIds(); }
};

namespace {

std::string IdKey(const Uuid& id) {
  std::string key;
  PutUuid(&key, id);
  return key;
}

// Whether a node table value is a tombstone, from its flags alone.
Result<bool> IsTombstone(std::string_view value) {
  Decoder in(value, "nodes table");
  NAMIDB_RETURN_IF_ERROR(in.ReadVarint64().status());  // the LSN
  return ReadFlags(&in);
}

}  // namespace

Result<std::unique_ptr<GraphReader>> GraphReader::Open(std::shared_ptr<ObjectStore> store,
                                                       const NamespaceLayout& layout,
                                                       std::shared_ptr<BlockCache> cache) {
  NAMIDB_ASSIGN_OR_RETURN(auto pinned, Snapshot::ReadManifestToOpen(*store, layout));
  return FromManifest(std::move(store), layout, std::move(pinned.first), std::move(cache),
                      /*replay_wal=*/true);
}

Result<std::unique_ptr<GraphReader>> GraphReader::FromManifest(std::shared_ptr<ObjectStore> store,
                                                               const NamespaceLayout& layout,
                                                               Manifest manifest,
                                                               std::shared_ptr<BlockCache> cache,
                                                               bool replay_wal) {
  std::unique_ptr<GraphReader> reader(new GraphReader());
  reader->store_ = store;
  reader->cache_ = cache;
  reader->manifest_ = std::move(manifest);
  reader->stats_ = reader->manifest_.stats;
  const Manifest& m = reader->manifest_;

  // Every table tail and every WAL segment in one round trip.
  std::vector<GetRequest> requests;
  for (const auto& t : m.tables) {
    requests.push_back({layout.Absolute(t.key), ByteRange{t.size - t.meta_size, t.meta_size}});
  }
  if (replay_wal) {
    for (const auto& w : m.wal) requests.push_back({layout.Absolute(w.key), std::nullopt});
  }
  auto results = requests.empty() ? std::vector<Result<GetResult>>() : store->GetMany(requests);
  uint64_t run_lsn = 0;
  for (size_t i = 0; i < m.tables.size(); ++i) {
    if (!results[i].ok()) return ListedObjectError(results[i].status(), "table", requests[i].key);
    NAMIDB_ASSIGN_OR_RETURN(auto table,
                            TableReader::FromTail(results[i], requests[i].key, m.tables[i], cache));
    if (reader->runs_.empty() || m.tables[i].max_lsn != run_lsn) reader->runs_.emplace_back();
    run_lsn = m.tables[i].max_lsn;
    auto& tables = reader->runs_.back()[m.tables[i].kind];
    if (!tables.empty() && tables.back().ref.largest >= m.tables[i].smallest) {
      return Status::Corruption("manifest " + layout.ManifestKey() + " lists overlapping " +
                                m.tables[i].kind + " tables in one run");
    }
    tables.push_back({m.tables[i], std::move(table)});
  }
  for (const Run& run : reader->runs_) {
    auto nodes = run.find("nodes");
    reader->node_tables_.push_back(nodes == run.end() ? nullptr : &nodes->second);
  }
  for (size_t w = 0; replay_wal && w < m.wal.size(); ++w) {
    size_t i = m.tables.size() + w;
    if (!results[i].ok()) {
      return ListedObjectError(results[i].status(), "WAL segment", requests[i].key);
    }
    NAMIDB_ASSIGN_OR_RETURN(WalSegment segment,
                            DecodeWalSegment(results[i]->data, requests[i].key));
    if (segment.first_lsn != m.wal[w].first_lsn || segment.last_lsn != m.wal[w].last_lsn) {
      return Status::Corruption("WAL segment " + requests[i].key +
                                " holds LSNs the manifest does not list");
    }
    for (auto& mutation : segment.mutations) reader->overlay_.Apply(std::move(mutation));
  }
  return reader;
}

Result<std::vector<std::optional<std::string>>> GraphReader::MergedGet(
    std::string_view kind, std::span<const std::string> keys, std::vector<RunBlock>* blocks_read) {
  // Every candidate block of every run in one batched read; bloom filters
  // and key ranges rule most runs out without reading anything.
  std::vector<BlockRead> reads;
  std::vector<size_t> key_of;  // per read, the key it is for
  std::vector<std::vector<std::optional<size_t>>> read_of(
      runs_.size(), std::vector<std::optional<size_t>>(keys.size()));
  for (size_t r = 0; r < runs_.size(); ++r) {
    auto tables = runs_[r].find(kind);
    if (tables == runs_[r].end()) continue;
    for (size_t k = 0; k < keys.size(); ++k) {
      auto t = std::lower_bound(
          tables->second.begin(), tables->second.end(), keys[k],
          [](const Table& table, const std::string& key) { return table.ref.largest < key; });
      if (t == tables->second.end() || t->ref.smallest > keys[k]) continue;
      if (auto handle = t->reader->index().Find(keys[k])) {
        read_of[r][k] = reads.size();
        reads.push_back({t->reader.get(), *handle});
        key_of.push_back(k);
      }
    }
  }
  std::vector<std::optional<std::string>> out(keys.size());
  if (reads.empty()) return out;
  // A block read because the bloom filter could not rule a key out, which
  // holds none of the keys asked of it, stays out of the cache: staging
  // looks up ids that mostly do not exist yet, and the blocks its false
  // positives read (1% of a load's lookups) filled a writer's cache with
  // blocks nothing read again, and made it grow when lookups met them again.
  const TableReader::KeepBlock holds_a_key = [&](std::span<const size_t> served,
                                                 const DecodedBlock& block) {
    for (size_t i : served) {
      if (block.Find(keys[key_of[i]])) return true;
    }
    return false;
  };
  NAMIDB_ASSIGN_OR_RETURN(auto blocks, TableReader::ReadBlocks(*store_, reads, holds_a_key));
  if (blocks_read) {
    // Keys of one block ask for it once each: hand it out once.
    std::set<std::pair<const TableReader*, uint64_t>> seen;
    for (size_t r = 0; r < runs_.size(); ++r) {
      for (size_t k = 0; k < keys.size(); ++k) {
        if (!read_of[r][k]) continue;
        const BlockRead& read = reads[*read_of[r][k]];
        if (!seen.insert({read.table, read.handle.offset}).second) continue;
        blocks_read->push_back({r, blocks[*read_of[r][k]]});
      }
    }
  }
  for (size_t k = 0; k < keys.size(); ++k) {
    for (size_t r = 0; r < runs_.size(); ++r) {  // newest first
      if (!read_of[r][k]) continue;
      if (const std::string_view* v = blocks[*read_of[r][k]]->Find(keys[k])) {
        out[k] = std::string(*v);
        break;
      }
    }
  }
  return out;
}

Result<GraphReader::ScannedEntries> GraphReader::MergedScan(std::string_view kind,
                                                            std::span<const std::string> prefixes) {
  std::vector<KindPrefix> of_kind;
  of_kind.reserve(prefixes.size());
  for (const std::string& p : prefixes) of_kind.push_back({kind, p});
  return MergedScan(of_kind);
}

Result<GraphReader::ScannedEntries> GraphReader::MergedScan(std::span<const KindPrefix> prefixes) {
  struct Want {
    size_t prefix, read;
  };
  std::vector<BlockRead> reads;
  std::vector<Want> wants;
  for (size_t r = 0; r < runs_.size(); ++r) {
    std::string_view kind;
    const std::vector<Table>* tables = nullptr;
    for (size_t p = 0; p < prefixes.size(); ++p) {
      if (p == 0 || prefixes[p].kind != kind) {
        kind = prefixes[p].kind;
        auto found = runs_[r].find(kind);
        tables = found == runs_[r].end() ? nullptr : &found->second;
      }
      if (!tables) continue;
      for (const Table& t : TablesWithPrefix(*tables, prefixes[p].prefix)) {
        const TableIndex& index = t.reader->index();
        if (prefixes[p].tail != 0 && !index.MayHoldGroup(prefixes[p].prefix, prefixes[p].tail)) {
          continue;
        }
        auto [first, last] = index.BlockRangeWithPrefix(prefixes[p].prefix);
        for (size_t b = first; b < last; ++b) {
          // Sorted prefixes ask for one block many times in a row: read it once.
          const BlockHandle& h = index.block(b);
          if (reads.empty() || reads.back().table != t.reader.get() ||
              reads.back().handle.offset != h.offset) {
            reads.push_back({t.reader.get(), h});
          }
          wants.push_back({p, reads.size() - 1});
        }
      }
    }
  }
  // Each prefix's group, and how many groups there are.
  std::vector<size_t> group_of(prefixes.size());
  size_t groups = 0;
  for (size_t p = 0; p < prefixes.size(); ++p) {
    group_of[p] = prefixes[p].group == kOwnGroup ? p : prefixes[p].group;
    groups = std::max(groups, group_of[p] + 1);
  }
  ScannedEntries out;
  out.starts.assign(groups + 1, 0);
  if (reads.empty()) return out;
  NAMIDB_ASSIGN_OR_RETURN(out.blocks, TableReader::ReadBlocks(*store_, reads));
  // A group found in one table alone is its entries in the order the
  // blocks were read; only a group in several tables needs a merge.
  std::vector<const TableReader*> table_of(groups, nullptr);
  std::vector<bool> several(groups, false);
  for (const Want& w : wants) {
    const TableReader*& t = table_of[group_of[w.prefix]];
    if (t && t != reads[w.read].table) several[group_of[w.prefix]] = true;
    t = reads[w.read].table;
  }
  // Each want's entries: the keys with its prefix in its block.
  std::vector<std::pair<const BlockEntry*, const BlockEntry*>> ranges(wants.size());
  for (size_t i = 0; i < wants.size(); ++i) {
    const std::string& prefix = prefixes[wants[i].prefix].prefix;
    const DecodedBlock& block = *out.blocks[wants[i].read];
    auto e = std::lower_bound(
        block.begin(), block.end(), prefix,
        [](const BlockEntry& x, const std::string& k) { return KeyLess(x.key, k); });
    // The keys with the prefix follow one another: their end is found by
    // bisection, not by a comparison per entry.
    auto end = std::partition_point(
        e, block.end(), [&](const BlockEntry& x) { return KeyHasPrefix(x.key, prefix); });
    ranges[i] = {block.data() + (e - block.begin()), block.data() + (end - block.begin())};
  }
  // Wants are grouped by run, newest first: the first version of an entry
  // (its key after its prefix) wins.
  std::map<size_t, std::map<std::string_view, const BlockEntry*>> merged;
  std::vector<size_t> counts(groups, 0);
  for (size_t i = 0; i < wants.size(); ++i) {
    const size_t g = group_of[wants[i].prefix];
    if (!several[g]) {
      counts[g] += ranges[i].second - ranges[i].first;
      continue;
    }
    const size_t prefix_size = prefixes[wants[i].prefix].prefix.size();
    for (const BlockEntry* e = ranges[i].first; e != ranges[i].second; ++e) {
      merged[g].emplace(e->key.substr(prefix_size), e);
    }
  }
  for (const auto& [g, entries] : merged) counts[g] = entries.size();
  for (size_t g = 0; g < groups; ++g) out.starts[g + 1] = out.starts[g] + counts[g];
  out.all.resize(out.starts.back());
  std::vector<size_t> next(out.starts.begin(), out.starts.end() - 1);
  for (size_t i = 0; i < wants.size(); ++i) {
    const size_t g = group_of[wants[i].prefix];
    if (several[g]) continue;
    for (const BlockEntry* e = ranges[i].first; e != ranges[i].second; ++e) out.all[next[g]++] = e;
  }
  for (const auto& [g, entries] : merged) {
    for (const auto& [key, entry] : entries) out.all[next[g]++] = entry;
  }
  return out;
}

Result<std::vector<bool>> GraphReader::ContainsNodes(std::span<const Uuid> ids) {
  return ContainsNodes(ids, nullptr);
}

Result<std::vector<bool>> GraphReader::ContainsNodes(std::span<const Uuid> ids,
                                                     const LiveVisitor& also_live) {
  std::vector<bool> out(ids.size());
  std::vector<std::string> keys;
  std::vector<size_t> slots;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (const NodeRecord* r = overlay_.NodeRecordOf(ids[i])) {
      out[i] = !r->deleted;
      continue;
    }
    if (runs_.empty()) continue;
    keys.push_back(IdKey(ids[i]));
    slots.push_back(i);
  }
  if (keys.empty()) return out;
  std::vector<RunBlock> blocks;
  NAMIDB_ASSIGN_OR_RETURN(auto values, MergedGet("nodes", keys, also_live ? &blocks : nullptr));
  for (size_t j = 0; j < values.size(); ++j) {
    if (!values[j]) continue;
    NAMIDB_ASSIGN_OR_RETURN(bool deleted, IsTombstone(*values[j]));
    out[slots[j]] = !deleted;
  }
  for (const RunBlock& b : blocks) {
    for (const BlockEntry& e : *b.block) {
      if (e.key.size() != sizeof(Uuid)) continue;
      Uuid id;
      std::copy(e.key.begin(), e.key.end(), reinterpret_cast<char*>(id.bytes.data()));
      if (const NodeRecord* r = overlay_.NodeRecordOf(id)) {
        if (r->deleted) continue;  // staged or committed since the last flush
      } else {
        // A newer run may hold a tombstone (or any newer version): skip.
        if (b.run > 0 && NewerRunsMayHoldNode(b.run, e.key)) continue;
        NAMIDB_ASSIGN_OR_RETURN(bool deleted, IsTombstone(e.value));
        if (deleted) continue;
      }
      if (!also_live(id)) return out;
    }
  }
  return out;
}

Result<std::optional<NodeRecord>> GraphReader::LookupNode(const Uuid& id) {
  // The writer asks once per staged change: answer from the overlay
  // without allocating when it can.
  if (const NodeRecord* r = overlay_.NodeRecordOf(id)) {
    if (r->deleted) return std::optional<NodeRecord>();
    return std::optional<NodeRecord>(*r);
  }
  if (runs_.empty()) return std::optional<NodeRecord>();
  NAMIDB_ASSIGN_OR_RETURN(auto found, LookupNodes(std::span<const Uuid>(&id, 1)));
  return std::move(found.front());
}

Result<std::optional<EdgeRecord>> GraphReader::LookupEdge(const Uuid& id) {
  if (const EdgeRecord* r = overlay_.EdgeRecordOf(id)) {
    if (r->deleted) return std::optional<EdgeRecord>();
    return std::optional<EdgeRecord>(*r);
  }
  if (runs_.empty()) return std::optional<EdgeRecord>();
  NAMIDB_ASSIGN_OR_RETURN(auto found, LookupEdges(std::span<const Uuid>(&id, 1)));
  return std::move(found.front());
}

template <typename Record, typename Decode, typename Copy>
Result<std::vector<std::optional<Record>>> GraphReader::LookupRecords(std::span<const Uuid> ids,
                                                                      const Decode& decode,
                                                                      const Copy& copy) {
  using Kind = RecordKind<Record>;
  std::vector<std::optional<Record>> out(ids.size());
  std::vector<std::string> keys;
  std::vector<size_t> slots;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (const Record* r = Kind::Of(overlay_, ids[i])) {
      if (!r->deleted) out[i] = copy(*r);  // newer than any table
      continue;
    }
    keys.push_back(IdKey(ids[i]));
    slots.push_back(i);
  }
  if (keys.empty() || runs_.empty()) return out;
  NAMIDB_ASSIGN_OR_RETURN(auto values, MergedGet(Kind::kTable, keys));
  for (size_t j = 0; j < values.size(); ++j) {
    if (!values[j]) continue;
    NAMIDB_ASSIGN_OR_RETURN(Record r, decode(*values[j], Kind::kTable));
    if (!r.deleted) out[slots[j]] = std::move(r);
  }
  return out;
}

Result<std::vector<std::optional<NodeRecord>>> GraphReader::LookupNodes(std::span<const Uuid> ids,
                                                                        NodeFields fields) {
  auto whole = [](const NodeRecord& r) { return r; };
  if (fields == NodeFields::kAll) return LookupRecords<NodeRecord>(ids, DecodeNodeRecord, whole);
  auto head = [](const NodeRecord& r) {
    return NodeRecord{.lsn = r.lsn, .deleted = r.deleted, .labels = r.labels, .properties = {}};
  };
  return LookupRecords<NodeRecord>(ids, DecodeNodeLabels, head);
}

Result<std::vector<std::optional<NodeRecord>>> GraphReader::LookupNodesNamed(
    std::span<const Uuid> ids, std::span<const std::string> keys) {
  auto decode = [keys](std::string_view bytes, std::string_view table_key) {
    return DecodeNodeRecordNamed(bytes, table_key, keys);
  };
  auto named = [keys](const NodeRecord& r) {
    NodeRecord out{.lsn = r.lsn, .deleted = r.deleted, .labels = r.labels, .properties = {}};
    for (const std::string& key : keys) {
      if (const Value* v = r.properties.Find(key)) out.properties.Set(key, *v);
    }
    return out;
  };
  return LookupRecords<NodeRecord>(ids, decode, named);
}

Result<std::vector<std::optional<EdgeRecord>>> GraphReader::LookupEdges(std::span<const Uuid> ids) {
  return LookupRecords<EdgeRecord>(ids, DecodeEdgeRecord, [](const EdgeRecord& r) { return r; });
}

Result<std::vector<Neighbor>> GraphReader::Expand(const Uuid& node, Direction direction,
                                                  const std::string& type) {
  NAMIDB_ASSIGN_OR_RETURN(auto all, ExpandMany(std::span<const Uuid>(&node, 1), direction, type));
  return std::move(all.front());
}

Result<std::vector<std::vector<Neighbor>>> GraphReader::ExpandMany(std::span<const Uuid> nodes,
                                                                   Direction direction,
                                                                   const std::string& type) {
  NAMIDB_ASSIGN_OR_RETURN(auto ways,
                          ExpandManyWays(nodes, std::span<const Direction>(&direction, 1), type));
  return std::move(ways.front());
}

Result<GraphReader::AdjacencyScan> GraphReader::ScanAdjacency(std::span<const Uuid> nodes,
                                                              std::span<const Direction> directions,
                                                              const std::string& type) {
  AdjacencyScan scan;
  if (!type.empty()) {
    scan.types.push_back(type);
  } else {
    // Every type with a live relationship in this version: a type none has
    // now has no entry a read could return.
    for (const auto& [t, count] : stats_.types) {
      if (count > 0) scan.types.push_back(t);
    }
  }
  for (const std::string& t : scan.types) {
    scan.prefix_sizes.push_back(sizeof(Uuid) + TypedAdjacencyTypePrefix(t).size());
  }
  std::vector<KindPrefix> prefixes;
  const size_t types = scan.types.size();
  for (size_t d = 0; d < directions.size(); ++d) {
    const bool outgoing = directions[d] == Direction::kOut;
    // The layouts the runs hold in this direction: a namespace written
    // before format version 5 has runs of the by-node layout until a
    // compaction rewrites them.
    std::vector<AdjacencyLayout> layouts;
    for (AdjacencyLayout layout : {AdjacencyLayout::kByType, AdjacencyLayout::kByNode}) {
      std::string_view kind = AdjacencyKind(outgoing, layout);
      if (std::any_of(runs_.begin(), runs_.end(),
                      [&](const Run& run) { return run.find(kind) != run.end(); })) {
        layouts.push_back(layout);
      }
    }
    // Type by type and node by node, so that the prefixes of one table come
    // in key order and MergedScan reads a block that several ask for once.
    for (size_t t = 0; t < types; ++t) {
      for (AdjacencyLayout layout : layouts) {
        for (size_t i = 0; i < nodes.size(); ++i) {
          prefixes.push_back({AdjacencyKind(outgoing, layout),
                              AdjacencyGroupPrefix(layout, nodes[i], scan.types[t]),
                              (d * nodes.size() + i) * types + t, sizeof(Uuid)});
        }
      }
    }
  }
  NAMIDB_ASSIGN_OR_RETURN(scan.scanned, MergedScan(prefixes));
  // Groups found in no table are not in MergedScan's count.
  const size_t groups = directions.size() * nodes.size() * types;
  if (scan.scanned.starts.size() < groups + 1) {
    scan.scanned.starts.resize(groups + 1, scan.scanned.starts.back());
  }
  return scan;
}

Result<std::vector<std::vector<std::vector<Neighbor>>>> GraphReader::ExpandManyWays(
    std::span<const Uuid> nodes, std::span<const Direction> directions, const std::string& type) {
  NAMIDB_ASSIGN_OR_RETURN(AdjacencyScan scan, ScanAdjacency(nodes, directions, type));
  const size_t types = scan.types.size();
  std::vector<std::vector<std::vector<Neighbor>>> ways(directions.size());
  // Most reads find no edge in the overlay (nothing staged or committed
  // since the last flush): then no edge needs looking up there.
  const bool overlay_holds_edges = overlay_.edge_slots() > 0;
  for (size_t d = 0; d < directions.size(); ++d) {
    bool outgoing = directions[d] == Direction::kOut;
    auto& out = ways[d];
    out.resize(nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i) {
      for (size_t t = 0; t < types; ++t) {
        auto entries = scan.scanned.entries((d * nodes.size() + i) * types + t);
        out[i].reserve(out[i].size() + entries.size());
        for (const BlockEntry* e : entries) {
          AdjacencyTail a;
          if (!ReadAdjacencyTail(e->key, scan.prefix_sizes[t], e->value, &a)) {
            return DecodeAdjacencyTail(e->key, scan.prefix_sizes[t], e->value, "adjacency table")
                .status();
          }
          // The overlay has the newer word on any edge it knows.
          if (a.deleted || (overlay_holds_edges && overlay_.EdgeRecordOf(a.edge))) continue;
          out[i].push_back({a.edge, a.other, scan.types[t]});
        }
      }
      if (overlay_holds_edges) {
        for (const Uuid& edge :
             outgoing ? overlay_.OutEdges(nodes[i], type) : overlay_.InEdges(nodes[i], type)) {
          const EdgeRecord* r = overlay_.FindEdge(edge);
          out[i].push_back({edge, outgoing ? r->dst : r->src, r->type});
        }
      }
      // One group's entries come in edge order already.
      auto by_edge = [](const Neighbor& a, const Neighbor& b) { return a.edge < b.edge; };
      if (!std::is_sorted(out[i].begin(), out[i].end(), by_edge)) {
        std::sort(out[i].begin(), out[i].end(), by_edge);
      }
    }
  }
  return ways;
}

Result<std::vector<uint64_t>> GraphReader::CountNeighbors(std::span<const Uuid> nodes,
                                                          std::span<const Direction> directions,
                                                          const std::string& type,
                                                          bool once_both_ways,
                                                          const NeighborFilter& keep) {
  NAMIDB_ASSIGN_OR_RETURN(AdjacencyScan scan, ScanAdjacency(nodes, directions, type));
  const size_t types = scan.types.size();
  std::vector<uint64_t> counts(nodes.size(), 0);
  const bool overlay_holds_edges = overlay_.edge_slots() > 0;
  for (size_t d = 0; d < directions.size(); ++d) {
    const bool outgoing = directions[d] == Direction::kOut;
    // As ExpandManyWays and an undirected step: a self-loop shows up both
    // ways; its incoming side is left out.
    const bool skip_self = once_both_ways && !outgoing;
    for (size_t i = 0; i < nodes.size(); ++i) {
      uint64_t n = 0;
      for (size_t t = 0; t < types; ++t) {
        for (const BlockEntry* e : scan.scanned.entries((d * nodes.size() + i) * types + t)) {
          AdjacencyTail a;
          if (!ReadAdjacencyTail(e->key, scan.prefix_sizes[t], e->value, &a)) {
            return DecodeAdjacencyTail(e->key, scan.prefix_sizes[t], e->value, "adjacency table")
                .status();
          }
          if (a.deleted || (overlay_holds_edges && overlay_.EdgeRecordOf(a.edge))) continue;
          if (skip_self && a.other == nodes[i]) continue;
          if (!keep || keep(a.other)) ++n;
        }
      }
      if (overlay_holds_edges) {
        for (const Uuid& edge :
             outgoing ? overlay_.OutEdges(nodes[i], type) : overlay_.InEdges(nodes[i], type)) {
          const EdgeRecord* r = overlay_.FindEdge(edge);
          const Uuid& other = outgoing ? r->dst : r->src;
          if (skip_self && other == nodes[i]) continue;
          if (!keep || keep(other)) ++n;
        }
      }
      counts[i] += n;
    }
  }
  return counts;
}

Result<std::vector<std::pair<Uuid, NodeRecord>>> GraphReader::ScanLabel(const std::string& label,
                                                                        NodeFields fields) {
  std::vector<std::pair<Uuid, NodeRecord>> out;
  NAMIDB_RETURN_IF_ERROR(ForEachWithLabel(label, fields, [&](const Uuid& id, NodeRecord& record) {
    out.emplace_back(id, std::move(record));
    return Status::OK();
  }));
  return out;
}

Status GraphReader::ForEachWithLabel(const std::string& label, NodeFields fields,
                                     const std::function<Status(const Uuid&, NodeRecord&)>& visit) {
  // A window at a time: the blocks of one are let go before the next, so a
  // label far larger than the memory at hand (a Worker isolate's 128 MB) is
  // scanned within it.
  NAMIDB_ASSIGN_OR_RETURN(auto cursor, NodeCursor::Records(*this, label, fields));
  std::vector<std::pair<Uuid, NodeRecord>> window;
  while (true) {
    NAMIDB_ASSIGN_OR_RETURN(bool more, cursor->Next(&window));
    if (!more) return Status::OK();
    for (auto& [id, record] : window) NAMIDB_RETURN_IF_ERROR(visit(id, record));
  }
}

bool GraphReader::NewerRunsMayHoldNode(size_t run, std::string_view key) const {
  for (size_t r = 0; r < run; ++r) {
    if (!node_tables_[r]) continue;
    for (const Table& t : *node_tables_[r]) {
      if (t.ref.smallest <= key && key <= t.ref.largest && t.reader->index().Find(key)) return true;
    }
  }
  return false;
}

Result<std::vector<Uuid>> GraphReader::ScanLabelIds(const std::string& label) {
  NAMIDB_ASSIGN_OR_RETURN(auto stored, StoredLabelIds(label));
  if (overlay_.node_slots() == 0) return *stored;
  std::vector<Uuid> out;
  out.reserve(stored->size());
  for (const Uuid& id : *stored) {
    if (!overlay_.NodeRecordOf(id)) out.push_back(id);  // else the memtable decides
  }
  const size_t from_tables = out.size();
  for (const Uuid& id : overlay_.NodeIds(label)) out.push_back(id);
  // Both parts ascend, and no id is in both.
  std::inplace_merge(out.begin(), out.begin() + static_cast<ptrdiff_t>(from_tables), out.end());
  return out;
}

Result<std::shared_ptr<const std::vector<Uuid>>> GraphReader::StoredLabelIds(
    const std::string& label, bool* kept) {
  NAMIDB_ASSIGN_OR_RETURN(auto rows, StoredLabelRows(label, kept));
  return rows->ids;
}

Result<std::shared_ptr<const UuidSet>> GraphReader::StoredLabelSet(const std::string& label,
                                                                   bool* kept) {
  if (auto at = stored_label_sets_.find(label); at != stored_label_sets_.end()) {
    if (kept) *kept = true;
    return at->second;
  }
  NAMIDB_ASSIGN_OR_RETURN(auto ids, StoredLabelIds(label));
  UuidSet set;
  set.Reserve(ids->size());
  for (const Uuid& id : *ids) set.Insert(id);
  const uint64_t bytes = set.bytes();
  return Keep(stored_label_sets_, label, std::move(set), bytes, kept);
}

template <typename T>
std::shared_ptr<const T> GraphReader::Keep(
    std::map<std::string, std::shared_ptr<const T>, std::less<>>& kept, const std::string& label,
    T made, uint64_t bytes, bool* was_kept) {
  auto shared = std::make_shared<const T>(std::move(made));
  const uint64_t budget = cache_ ? cache_->stats().capacity_bytes / 4 : 0;
  const bool keep = stored_label_bytes_ + bytes <= budget;
  if (keep) {
    kept.emplace(label, shared);
    stored_label_bytes_ += bytes;
  }
  if (was_kept) *was_kept = keep;
  return shared;
}

// StoredLabelRows keeps through it too (label_rows.cc).
template std::shared_ptr<const GraphReader::LabelRows> GraphReader::Keep(
    std::map<std::string, std::shared_ptr<const LabelRows>, std::less<>>&, const std::string&,
    LabelRows, uint64_t, bool*);

bool GraphReader::OverlayCarries(const NodeRecord& r, const std::string& label) {
  return !r.deleted && std::find(r.labels.begin(), r.labels.end(), label) != r.labels.end();
}

template <typename Record>
Result<std::vector<std::pair<Uuid, Record>>> GraphReader::ScanRecords() {
  using Kind = RecordKind<Record>;
  std::string all;
  NAMIDB_ASSIGN_OR_RETURN(auto scanned,
                          MergedScan(Kind::kTable, std::span<const std::string>(&all, 1)));
  std::vector<std::pair<Uuid, Record>> out;
  for (const BlockEntry* e : scanned.entries(0)) {
    Decoder in(e->key, Kind::kTable);
    NAMIDB_ASSIGN_OR_RETURN(Uuid id, ReadUuid(&in));
    if (Kind::Of(overlay_, id)) continue;  // the overlay's version is newer
    NAMIDB_ASSIGN_OR_RETURN(Record r, Kind::Decode(e->value));
    if (!r.deleted) out.emplace_back(id, std::move(r));
  }
  for (const Uuid& id : Kind::LiveIds(overlay_)) out.emplace_back(id, *Kind::Of(overlay_, id));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

Result<std::vector<std::pair<Uuid, NodeRecord>>> GraphReader::ScanNodes() {
  return ScanRecords<NodeRecord>();
}

Result<std::vector<std::pair<Uuid, EdgeRecord>>> GraphReader::ScanEdges() {
  return ScanRecords<EdgeRecord>();
}

Result<std::vector<Uuid>> GraphReader::NodesWithProperty(const std::string& label,
                                                         const std::string& property,
                                                         const Value& value) {
  NAMIDB_ASSIGN_OR_RETURN(auto found,
                          NodesWithProperties(label, property, std::span<const Value>(&value, 1)));
  return std::move(found.front());
}

Result<GraphReader::MemoryIndex*> GraphReader::MemoryIndexOf(const std::string& label,
                                                             const std::string& property) {
  auto at = property_indexes_.find({label, property});
  if (at != property_indexes_.end()) return &at->second;
  MemoryIndex index;
  auto add = [&](const Uuid& id, const NodeRecord& record) {
    const Value* v = record.properties.Find(property);
    if (!v) return;
    if (auto k = PropertyIndexKey(*v))
      index.ids[*k].push_back(id);  // ids ascend: both sources are ordered
  };
  if (IsStoredIndex(manifest_, label, property)) {
    for (const Uuid& id : overlay_.NodeIds(label)) add(id, *overlay_.NodeRecordOf(id));
  } else {
    index.whole = true;
    // A chunk of records at a time, so the index, not the label, is what stays in memory.
    NAMIDB_RETURN_IF_ERROR(
        ForEachWithLabel(label, NodeFields::kAll, [&](const Uuid& id, NodeRecord& record) {
          add(id, record);
          return Status::OK();
        }));
  }
  return &property_indexes_.emplace(std::make_pair(label, property), std::move(index))
              .first->second;
}

Result<std::vector<std::vector<Uuid>>> GraphReader::NodesWithProperties(
    const std::string& label, const std::string& property, std::span<const Value> values) {
  std::vector<std::optional<std::string>> keys;
  bool any = false;
  for (const Value& v : values) {
    keys.push_back(PropertyIndexKey(v));
    any |= keys.back().has_value();
  }
  std::vector<std::vector<Uuid>> out(values.size());
  if (!any) return out;  // null and NaN equal nothing
  NAMIDB_ASSIGN_OR_RETURN(MemoryIndex * index, MemoryIndexOf(label, property));
  if (!index->whole) return StoredIndexLookup(label, property, keys, *index);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!keys[i]) continue;
    auto hit = index->ids.find(*keys[i]);
    if (hit != index->ids.end()) out[i] = hit->second;
  }
  return out;
}

Result<std::vector<std::vector<Uuid>>> GraphReader::StoredIndexLookup(
    const std::string& label, const std::string& property,
    const std::vector<std::optional<std::string>>& keys, MemoryIndex& overlay) {
  std::vector<std::vector<Uuid>> out(keys.size());
  std::vector<std::string> prefixes(keys.size());
  // Every block of every run that can hold one of the values, in one batch.
  struct Want {
    size_t value, run, read;
  };
  std::vector<BlockRead> reads;
  std::vector<Want> wants;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!keys[i]) continue;
    prefixes[i] = PropertyIndexValuePrefix(label, property, *keys[i]);
    for (size_t r = 0; r < runs_.size(); ++r) {
      auto tables = runs_[r].find("props");
      if (tables == runs_[r].end()) continue;
      for (const Table& t : TablesWithPrefix(tables->second, prefixes[i])) {
        for (const BlockHandle& h : t.reader->index().BlocksWithPrefix(prefixes[i])) {
          wants.push_back({i, r, reads.size()});
          reads.push_back({t.reader.get(), h});
        }
      }
    }
  }
  // (value, node) pairs an entry names but a newer version may contradict.
  std::vector<std::pair<size_t, Uuid>> uncertain;
  if (!reads.empty()) {
    NAMIDB_ASSIGN_OR_RETURN(auto blocks, TableReader::ReadBlocks(*store_, reads));
    for (const Want& w : wants) {
      const std::string& prefix = prefixes[w.value];
      const DecodedBlock& block = *blocks[w.read];
      auto e = std::lower_bound(
          block.begin(), block.end(), prefix,
          [](const BlockEntry& x, const std::string& k) { return KeyLess(x.key, k); });
      for (; e != block.end() && KeyHasPrefix(e->key, prefix); ++e) {
        NAMIDB_ASSIGN_OR_RETURN(
            Uuid id, DecodePropertyIndexNode(e->key, prefix, reads[w.read].table->key()));
        if (overlay_.NodeRecordOf(id)) continue;  // the overlay's version decides
        // An entry holds as of its run: exact unless a newer run may hold
        // another version of the node, or the key is a hash of the value.
        bool newer = w.run > 0 && NewerRunsMayHoldNode(w.run, IdKey(id));
        if (newer || PropertyIndexKeyIsHashed(*keys[w.value])) {
          uncertain.emplace_back(w.value, id);
        } else {
          out[w.value].push_back(id);
        }
      }
    }
  }
  if (!uncertain.empty()) {
    std::vector<Uuid> ids;
    for (const auto& u : uncertain) ids.push_back(u.second);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    NAMIDB_ASSIGN_OR_RETURN(auto records, LookupNodes(ids));
    for (const auto& [value, id] : uncertain) {
      const auto& r = records[std::lower_bound(ids.begin(), ids.end(), id) - ids.begin()];
      if (!r || std::find(r->labels.begin(), r->labels.end(), label) == r->labels.end()) continue;
      const Value* v = r->properties.Find(property);
      if (v && PropertyIndexKey(*v) == keys[value]) out[value].push_back(id);
    }
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!keys[i]) continue;
    auto hit = overlay.ids.find(*keys[i]);
    if (hit != overlay.ids.end())
      out[i].insert(out[i].end(), hit->second.begin(), hit->second.end());
    std::sort(out[i].begin(), out[i].end());
    out[i].erase(std::unique(out[i].begin(), out[i].end()), out[i].end());
  }
  return out;
}

void GraphReader::UpdatePropertyIndexes(const Uuid& id, const NodeRecord* before,
                                        const NodeRecord* after) {
  for (auto& [key, memory] : property_indexes_) {
    auto& index = memory.ids;
    const std::string& label = key.first;  // not a structured binding: the lambda captures it
    const std::string& property = key.second;
    auto entry = [&](const NodeRecord* r) -> std::optional<std::string> {
      if (!r || r->deleted) return std::nullopt;
      if (std::find(r->labels.begin(), r->labels.end(), label) == r->labels.end())
        return std::nullopt;
      const Value* v = r->properties.Find(property);
      return v ? PropertyIndexKey(*v) : std::nullopt;
    };
    if (auto old = entry(before)) {
      auto& ids = index[*old];
      std::erase(ids, id);
      if (ids.empty()) index.erase(*old);
    }
    if (auto now = entry(after)) {
      auto& ids = index[*now];
      ids.insert(std::lower_bound(ids.begin(), ids.end(), id), id);
    }
  }
}

}  // namespace namidb
