#include "storage/compaction.h"

#include <algorithm>
#include <map>
#include <memory>

#include "storage/adjacency_codec.h"
#include "storage/column_builder.h"
#include "storage/id_coding.h"
#include "storage/label_index_codec.h"
#include "storage/property_index_builder.h"
#include "storage/record_codec.h"

namespace namidb {
namespace {

// Entries of one run in key order, for a merge.
class EntryCursor {
 public:
  virtual ~EntryCursor() = default;
  // Moves to the first entry; then valid() says whether there is one.
  virtual Status Start() = 0;
  virtual bool valid() const = 0;
  // Views valid until Next().
  virtual const BlockEntry& entry() const = 0;
  virtual Status Next() = 0;
};

// The entries of one kind of one run, in key order, read in block batches:
// up to `batch` blocks (or kBatchBytes of them) in one call, decoded one at
// a time, so memory holds one batch as stored and one block decoded.
class RunCursor final : public EntryCursor {
 public:
  RunCursor(ObjectStore& store, const std::vector<GraphReader::Table>* tables, size_t batch)
      : store_(store), tables_(tables), batch_(batch) {}

  Status Start() override { return Fill(); }
  bool valid() const override { return at_ < entries_.size(); }
  const BlockEntry& entry() const override { return entries_[at_]; }
  Status Next() override {
    ++at_;
    return Fill();
  }

 private:
  static constexpr uint64_t kBatchBytes = 8u << 20;

  // Decodes the next fetched block whenever the current one is used up, and
  // fetches the next batch whenever none is left.
  Status Fill() {
    while (at_ >= entries_.size()) {
      entries_ = DecodedBlock();
      at_ = 0;
      if (next_fetched_ < fetched_.size()) {
        std::string bytes = std::move(fetched_[next_fetched_++]);
        NAMIDB_ASSIGN_OR_RETURN(entries_, DecodeTableBlock(bytes, fetched_key_));
        continue;
      }
      fetched_.clear();
      next_fetched_ = 0;
      if (!tables_ || table_ >= tables_->size()) return Status::OK();
      const TableReader& table = *(*tables_)[table_].reader;
      std::vector<BlockHandle> blocks = table.index().Blocks();
      std::vector<GetRequest> requests;
      uint64_t bytes = 0;
      for (size_t b = block_; b < blocks.size() && requests.size() < batch_ && bytes < kBatchBytes;
           ++b) {
        requests.push_back({table.key(), ByteRange{blocks[b].offset, blocks[b].size}});
        bytes += blocks[b].size;
      }
      block_ += requests.size();
      if (block_ >= blocks.size()) {
        ++table_;
        block_ = 0;
      }
      if (requests.empty()) continue;
      fetched_key_ = table.key();
      auto results = store_.GetMany(requests);
      for (auto& result : results) {
        if (!result.ok()) {
          if (result.status().Is(StatusCode::kNotFound)) {
            return Status::Corruption("table " + table.key() +
                                      " listed in the manifest is missing");
          }
          return result.status();
        }
        fetched_.push_back(std::move(result->data));
      }
    }
    return Status::OK();
  }

  ObjectStore& store_;
  const std::vector<GraphReader::Table>* tables_;
  size_t batch_;
  size_t table_ = 0;
  size_t block_ = 0;
  std::vector<std::string> fetched_;  // blocks as stored, not yet decoded
  size_t next_fetched_ = 0;
  std::string fetched_key_;
  DecodedBlock entries_;
  size_t at_ = 0;
};

// The entries of a run's by-node adjacency tables ("out" / "in", written
// before format version 5) in the by-type layout, keys rewritten: one pass
// over the tables per type they hold, each keeping that type's entries (in
// node, then edge order, as the by-type layout sorts them). A pass notes the
// smallest type above its own, the next pass's; the first finds the
// smallest. Compaction reads a run of the old layout once per type, once.
class ByTypeFromByNodeCursor final : public EntryCursor {
 public:
  ByTypeFromByNodeCursor(ObjectStore& store, const std::vector<GraphReader::Table>* tables,
                         size_t batch)
      : store_(store), tables_(tables), batch_(batch) {}

  Status Start() override {
    NAMIDB_RETURN_IF_ERROR(StartPass());  // finds the smallest type
    return Advance();
  }
  bool valid() const override { return valid_; }
  const BlockEntry& entry() const override { return entry_; }
  Status Next() override {
    NAMIDB_RETURN_IF_ERROR(cursor_->Next());
    return Advance();
  }

 private:
  static constexpr size_t kId = sizeof(Uuid);

  Status StartPass() {
    cursor_ = std::make_unique<RunCursor>(store_, tables_, batch_);
    return cursor_->Start();
  }

  // Moves to the next entry of the current type, starting the next type's
  // pass when this one ends.
  Status Advance() {
    while (true) {
      while (cursor_->valid()) {
        const BlockEntry& e = cursor_->entry();
        if (e.key.size() < 2 * kId + 1) {
          return Status::Corruption("an adjacency key of " + std::to_string(e.key.size()) +
                                    " bytes");
        }
        // node:16 | encoded type | edge:16
        std::string_view encoded = e.key.substr(kId, e.key.size() - 2 * kId);
        if (started_ && encoded == type_) {
          key_.assign(encoded);
          key_.append(e.key.substr(0, kId));
          key_.append(e.key.substr(e.key.size() - kId));
          entry_ = {key_, e.value};
          valid_ = true;
          return Status::OK();
        }
        if ((!started_ || encoded > type_) && (!has_next_ || encoded < next_type_)) {
          next_type_.assign(encoded);
          has_next_ = true;
        }
        NAMIDB_RETURN_IF_ERROR(cursor_->Next());
      }
      if (!has_next_) {
        valid_ = false;
        return Status::OK();
      }
      type_ = std::move(next_type_);
      next_type_.clear();
      has_next_ = false;
      started_ = true;
      NAMIDB_RETURN_IF_ERROR(StartPass());
    }
  }

  ObjectStore& store_;
  const std::vector<GraphReader::Table>* tables_;
  size_t batch_;
  std::unique_ptr<RunCursor> cursor_;
  bool started_ = false;  // whether type_ is a type (false: the first pass)
  std::string type_;      // the encoded type of this pass
  bool has_next_ = false;
  std::string next_type_;
  std::string key_;
  BlockEntry entry_;
  bool valid_ = false;
};

// Whether a value of `kind` marks a tombstone.
Result<bool> IsTombstone(std::string_view kind, std::string_view value) {
  if (AdjacencyLayoutOf(kind)) {
    if (value.empty()) return Status::Corruption("empty adjacency value");
    return (static_cast<uint8_t>(value.back()) & kRecordDeleted) != 0;
  }
  Decoder in(value, kind);
  NAMIDB_RETURN_IF_ERROR(in.ReadVarint64().status());  // the LSN
  return ReadFlags(&in);
}

// Merges `cursors` (started; a run's before an older run's), calling
// `on_live(entry)` for every entry kept (in key order): the newest version
// of each key, tombstones included unless `drop_tombstones` (`kind` says
// how a tombstone looks).
template <typename OnLive>
Status MergeCursors(std::span<const std::unique_ptr<EntryCursor>> cursors, std::string_view kind,
                    bool drop_tombstones, OnLive&& on_live) {
  while (true) {
    // The smallest key; the first cursor holding it is the newest version.
    EntryCursor* newest = nullptr;
    for (const auto& c : cursors) {
      if (c->valid() && (!newest || c->entry().key < newest->entry().key)) newest = c.get();
    }
    if (!newest) return Status::OK();
    // Views into the newest cursor's block: used before it moves on, so a
    // record's bytes are never copied on their way to the output.
    const BlockEntry winner = newest->entry();
    for (const auto& c : cursors) {
      if (c.get() != newest && c->valid() && c->entry().key == winner.key) {
        NAMIDB_RETURN_IF_ERROR(c->Next());
      }
    }
    bool deleted = false;
    if (drop_tombstones) {
      NAMIDB_ASSIGN_OR_RETURN(deleted, IsTombstone(kind, winner.value));
    }
    if (!deleted) NAMIDB_RETURN_IF_ERROR(on_live(winner));
    NAMIDB_RETURN_IF_ERROR(newest->Next());
  }
}

// Merges one kind across `runs` (newest first), as MergeCursors.
template <typename OnLive>
Status MergeKind(ObjectStore& store, std::span<const GraphReader::Run> runs, std::string_view kind,
                 size_t batch, bool drop_tombstones, OnLive&& on_live) {
  std::vector<std::unique_ptr<EntryCursor>> cursors;
  for (const auto& run : runs) {
    auto tables = run.find(kind);
    cursors.push_back(
        std::make_unique<RunCursor>(store, tables == run.end() ? nullptr : &tables->second, batch));
    NAMIDB_RETURN_IF_ERROR(cursors.back()->Start());
  }
  return MergeCursors(cursors, kind, drop_tombstones, on_live);
}

// The same for the adjacency of one direction, in the by-type layout: a
// run's by-type tables as they are, a run's by-node tables rewritten.
template <typename OnLive>
Status MergeAdjacency(ObjectStore& store, std::span<const GraphReader::Run> runs, bool outgoing,
                      size_t batch, bool drop_tombstones, OnLive&& on_live) {
  const std::string_view by_type = AdjacencyKind(outgoing, AdjacencyLayout::kByType);
  const std::string_view by_node = AdjacencyKind(outgoing, AdjacencyLayout::kByNode);
  std::vector<std::unique_ptr<EntryCursor>> cursors;
  for (const auto& run : runs) {
    if (auto tables = run.find(by_type); tables != run.end()) {
      cursors.push_back(std::make_unique<RunCursor>(store, &tables->second, batch));
      NAMIDB_RETURN_IF_ERROR(cursors.back()->Start());
    }
    if (auto tables = run.find(by_node); tables != run.end()) {
      cursors.push_back(std::make_unique<ByTypeFromByNodeCursor>(store, &tables->second, batch));
      NAMIDB_RETURN_IF_ERROR(cursors.back()->Start());
    }
  }
  return MergeCursors(cursors, by_type, drop_tombstones, on_live);
}

}  // namespace

Result<std::vector<TableRef>> CompactRuns(ObjectStore& store, const NamespaceLayout& layout,
                                          std::span<const GraphReader::Run> runs,
                                          const RunSpec& spec,
                                          const std::vector<IndexedProperty>& indexes,
                                          const CompactionOptions& options) {
  std::vector<TableRef> out;
  auto finish = [&out](RunWriter& writer) -> Status {
    NAMIDB_ASSIGN_OR_RETURN(std::vector<TableRef> tables, writer.Finish());
    for (auto& t : tables) out.push_back(std::move(t));
    return Status::OK();
  };
  // Nodes, noting each live node's labels and indexed values for the indexes.
  std::map<std::string, std::vector<Uuid>> by_label;
  PropertyIndexBuilder properties(indexes);
  ColumnBuilder columns(options.max_run_column_bytes);
  // Merging newer runs with stored indexes: every node the output holds
  // (tombstones too), ascending, to tell the index entries it rebuilds from
  // those it carries over.
  bool carry_index_entries = !options.drop_tombstones && !indexes.empty();
  std::vector<Uuid> merged_ids;
  {
    RunWriter writer(store, layout, "nodes", spec);
    auto keep = [&](const BlockEntry& e) -> Status {
      NAMIDB_RETURN_IF_ERROR(writer.Add(e.key, e.value));
      Decoder key(e.key, "nodes table");
      NAMIDB_ASSIGN_OR_RETURN(Uuid id, ReadUuid(&key));
      if (carry_index_entries) merged_ids.push_back(id);
      NAMIDB_ASSIGN_OR_RETURN(NodeRecord r, DecodeNodeRecord(e.value, "nodes table"));
      if (r.deleted) return Status::OK();  // a tombstone kept: no index entry, no column row
      for (auto& label : r.labels) by_label[label].push_back(id);
      properties.Add(id, r);
      return columns.Add(id, r);
    };
    NAMIDB_RETURN_IF_ERROR(
        MergeKind(store, runs, "nodes", options.blocks_per_read, options.drop_tombstones, keep));
    NAMIDB_RETURN_IF_ERROR(finish(writer));
  }
  if (carry_index_entries) {
    // An entry for a node no input holds was written for a node of an older
    // run (an index built after it) and stays true until a newer run holds
    // the node, which readers check as for any entry.
    auto carry = [&](const BlockEntry& e) -> Status {
      if (e.key.size() < 16) return Status::Corruption("short property index key");
      Decoder key(e.key.substr(e.key.size() - 16), "props table");
      NAMIDB_ASSIGN_OR_RETURN(Uuid id, ReadUuid(&key));
      if (!std::binary_search(merged_ids.begin(), merged_ids.end(), id)) {
        properties.AddEncoded(e.key);
      }
      return Status::OK();
    };
    NAMIDB_RETURN_IF_ERROR(MergeKind(store, runs, "props", options.blocks_per_read,
                                     /*drop_tombstones=*/false, carry));
    merged_ids = {};
  }
  {
    // Keys sort by encoded label (length first), then node id.
    std::vector<std::pair<std::string, const std::string*>> labels;
    for (const auto& [label, ids] : by_label) labels.emplace_back(LabelIndexPrefix(label), &label);
    std::sort(labels.begin(), labels.end());
    RunWriter writer(store, layout, "labels", spec);
    for (const auto& [prefix, label] : labels) {
      for (const Uuid& id : by_label[*label]) {
        NAMIDB_RETURN_IF_ERROR(writer.Add(LabelIndexKey(*label, id), ""));
      }
    }
    NAMIDB_RETURN_IF_ERROR(finish(writer));
  }
  by_label.clear();
  {
    RunWriter writer(store, layout, "props", spec);
    NAMIDB_RETURN_IF_ERROR(properties.Write(writer));
    NAMIDB_RETURN_IF_ERROR(finish(writer));
  }
  {
    RunWriter writer(store, layout, "cols", spec);
    NAMIDB_RETURN_IF_ERROR(columns.Write(writer));
    NAMIDB_RETURN_IF_ERROR(finish(writer));
  }
  {
    RunWriter writer(store, layout, "edges", spec);
    NAMIDB_RETURN_IF_ERROR(
        MergeKind(store, runs, "edges", options.blocks_per_read, options.drop_tombstones,
                  [&](const BlockEntry& e) { return writer.Add(e.key, e.value); }));
    NAMIDB_RETURN_IF_ERROR(finish(writer));
  }
  for (bool outgoing : {true, false}) {
    // By type first whatever the inputs' layout, one type per table.
    RunWriter writer(store, layout, std::string(AdjacencyKind(outgoing, AdjacencyLayout::kByType)),
                     spec);
    std::string type;
    auto add = [&](const BlockEntry& e) -> Status {
      NAMIDB_ASSIGN_OR_RETURN(std::string_view t, TypedAdjacencyKeyType(e.key, "adjacency table"));
      if (t != type) {
        NAMIDB_RETURN_IF_ERROR(writer.Cut());
        type.assign(t);
      }
      return writer.Add(e.key, e.value);
    };
    NAMIDB_RETURN_IF_ERROR(MergeAdjacency(store, runs, outgoing, options.blocks_per_read,
                                          options.drop_tombstones, add));
    NAMIDB_RETURN_IF_ERROR(finish(writer));
  }
  return out;
}

Status ForEachLiveNode(ObjectStore& store, std::span<const GraphReader::Run> runs,
                       const std::function<Status(const Uuid&, const NodeRecord&)>& visit,
                       const CompactionOptions& options, const NodeProjection* projection) {
  auto decode = [&](const BlockEntry& e) -> Status {
    Decoder key(e.key, "nodes table");
    NAMIDB_ASSIGN_OR_RETURN(Uuid id, ReadUuid(&key));
    if (!projection) {
      NAMIDB_ASSIGN_OR_RETURN(NodeRecord r, DecodeNodeRecord(e.value, "nodes table"));
      return visit(id, r);
    }
    // The labels first: most nodes of a namespace of several labels are
    // stepped over without their properties decoded.
    NAMIDB_ASSIGN_OR_RETURN(NodeRecord head, DecodeNodeLabels(e.value, "nodes table"));
    bool wanted = std::any_of(head.labels.begin(), head.labels.end(), [&](const std::string& l) {
      return std::binary_search(projection->labels.begin(), projection->labels.end(), l);
    });
    if (!wanted) return Status::OK();
    NAMIDB_ASSIGN_OR_RETURN(NodeRecord r,
                            DecodeNodeRecordNamed(e.value, "nodes table", projection->keys));
    return visit(id, r);
  };
  return MergeKind(store, runs, "nodes", options.blocks_per_read, /*drop_tombstones=*/true, decode);
}

NodeProjection ProjectionOf(const std::vector<IndexedProperty>& pairs) {
  NodeProjection p;
  for (const auto& pair : pairs) {
    p.labels.push_back(pair.label);
    p.keys.push_back(pair.property);
  }
  for (auto* v : {&p.labels, &p.keys}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  return p;
}

std::optional<std::pair<size_t, size_t>> PickRunsToMerge(std::span<const uint64_t> run_bytes,
                                                         const TieringOptions& options) {
  size_t n = run_bytes.size();
  size_t over = std::max<size_t>(options.merge_over_runs, 1);
  auto size = [&](size_t i) { return std::max(run_bytes[i], options.min_run_bytes); };
  for (size_t first = 0; first < n; ++first) {
    uint64_t smallest = size(first), largest = size(first);
    size_t last = first + 1;
    for (; last < n; ++last) {
      uint64_t lo = std::min(smallest, size(last)), hi = std::max(largest, size(last));
      if (static_cast<double>(hi) > options.size_ratio * static_cast<double>(lo)) break;
      smallest = lo;
      largest = hi;
    }
    if (last - first > over) return std::make_pair(first, last);
  }
  if (options.max_runs == 0 || n <= options.max_runs || n < over + 1) return std::nullopt;
  size_t best = 0;
  uint64_t best_bytes = UINT64_MAX;
  for (size_t first = 0; first + over + 1 <= n; ++first) {
    uint64_t bytes = 0;
    for (size_t i = first; i < first + over + 1; ++i) bytes += run_bytes[i];
    if (bytes < best_bytes) {
      best = first;
      best_bytes = bytes;
    }
  }
  return std::make_pair(best, best + over + 1);
}

}  // namespace namidb
