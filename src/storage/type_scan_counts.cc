// GraphReader::CountNeighborsOfType: the neighbour counts of a whole label
// by one pass over a relationship type's adjacency in the other direction,
// for when the label's nodes are many. Counting per source seeks each
// source's group and tests each far end against a hash set of the far
// label's members: a random probe per relationship. Read from the far end's
// side instead (edges into persons from the outgoing adjacency of
// messages), the far ends come in ascending order, so their label check is
// a merge with the label's sorted ids, and each relationship costs one
// probe into a table of the sources, which are fewer. Without a label to
// check, the pass reads the sources' own side instead: their groups come
// ascending, as the sources do, so counting is a merge too and nothing is
// probed at random.
#include <algorithm>
#include <cstring>
#include <optional>

#include "storage/adjacency_codec.h"
#include "storage/graph_reader.h"
#include "storage/key_order.h"

namespace namidb {
namespace {

// The sources and their counts in one table, so a relationship counted
// touches one slot (the count beside the id, not in an array of its own):
// open addressing over a power of two of slots at most half full, as
// UuidSet.
class SourceCounts {
 public:
  explicit SourceCounts(std::span<const Uuid> sources) {
    size_t capacity = 16;
    while (capacity < sources.size() * 2) capacity *= 2;
    slots_.assign(capacity, Slot{});
    for (uint32_t i = 0; i < sources.size(); ++i) {
      if (sources[i].is_nil()) continue;  // no node has it
      Slot& slot = slots_[SlotOf(sources[i])];
      slot.id = sources[i];
      slot.place = i;
    }
  }
  // Counts one relationship of `id`, if it is a source.
  void Add(const Uuid& id) {
    Slot& slot = slots_[SlotOf(id)];
    if (!slot.id.is_nil()) ++slot.count;
  }
  // Every source's count, in the order given.
  std::vector<uint64_t> Counts(size_t sources) const {
    std::vector<uint64_t> counts(sources, 0);
    for (const Slot& slot : slots_) {
      if (!slot.id.is_nil()) counts[slot.place] = slot.count;
    }
    return counts;
  }

 private:
  struct Slot {
    Uuid id;
    uint32_t place = 0;
    uint64_t count = 0;
  };
  size_t SlotOf(const Uuid& id) const {
    const size_t mask = slots_.size() - 1;
    for (size_t i = UuidHash()(id) & mask;; i = (i + 1) & mask) {
      if (slots_[i].id.is_nil() || slots_[i].id == id) return i;
    }
  }
  std::vector<Slot> slots_;
};

// The entries of one type in one run's tables of a kind, block by block in
// key order, a batch of blocks per read.
class RunCursor {
 public:
  static constexpr size_t kBlocksPerRead = 32;

  RunCursor(size_t run, std::vector<BlockRead> blocks, size_t prefix_size)
      : run_(run), pending_(std::move(blocks)), prefix_size_(prefix_size) {}

  size_t run() const { return run_; }
  // Moves to the next entry with the prefix among the blocks loaded, false
  // when they hold no more: then Load the next batch and Advance again,
  // unless exhausted(). Reads nothing.
  bool Advance(std::string_view prefix) {
    for (;;) {
      if (at_ < end_) {
        ++at_;
        if (at_ < end_) return true;
      }
      at_ = end_ = nullptr;
      if (loaded_ >= blocks_.size()) return false;
      table_ = pending_[next_read_ - blocks_.size() + loaded_].table;
      const DecodedBlock& block = *blocks_[loaded_++];
      auto first = std::lower_bound(
          block.begin(), block.end(), prefix,
          [](const BlockEntry& e, std::string_view k) { return KeyLess(e.key, k); });
      auto last = std::partition_point(
          first, block.end(), [&](const BlockEntry& e) { return KeyHasPrefix(e.key, prefix); });
      at_ = block.data() + (first - block.begin());
      end_ = block.data() + (last - block.begin());
      if (at_ < end_) return true;
    }
  }
  bool exhausted() const { return next_read_ >= pending_.size(); }
  // Reads the next batch of blocks.
  Status Load(ObjectStore& store) {
    const size_t n = std::min(kBlocksPerRead, pending_.size() - next_read_);
    std::span<const BlockRead> reads(pending_.data() + next_read_, n);
    NAMIDB_ASSIGN_OR_RETURN(blocks_, TableReader::ReadBlocks(store, reads));
    next_read_ += n;
    loaded_ = 0;
    return Status::OK();
  }
  // The entry it is on: its key past the type (node, then edge id).
  const BlockEntry& entry() const { return *at_; }
  std::string_view tail() const { return std::string_view(at_->key).substr(prefix_size_); }
  // The table of that entry, for errors.
  const std::string& table() const { return table_->key(); }

 private:
  size_t run_;
  std::vector<BlockRead> pending_;
  size_t prefix_size_;
  size_t next_read_ = 0;
  std::vector<std::shared_ptr<const DecodedBlock>> blocks_;
  size_t loaded_ = 0;
  const BlockEntry* at_ = nullptr;
  const BlockEntry* end_ = nullptr;
  const TableReader* table_ = nullptr;
};

// A k-way merge of the runs' entries by their key past the type (far end,
// edge id), over the blocks loaded: of the entries of one edge, the newest
// run's decides, and `visit` gets it. Apart from the reads so that nothing
// in the loop can reach the store (in the wasm build such a call costs
// every iteration Asyncify's bookkeeping).
template <typename Visit>
class TypeMerge {
 public:
  TypeMerge(std::vector<RunCursor>* cursors, std::string_view prefix, Visit visit)
      : cursors_(*cursors), prefix_(prefix), visit_(std::move(visit)) {}

  // Adds a cursor positioned on an entry.
  void Add(size_t cursor) {
    live_.push_back(cursor);
    std::push_heap(live_.begin(), live_.end(), After{cursors_});
  }
  // Merges until a cursor's loaded blocks run out, and returns it (out of
  // the merge until it is added again); nullopt once every cursor is done.
  [[gnu::noinline]] Result<std::optional<size_t>> MergeLoaded() {
    if (live_.size() == 1) {
      // One run left (or only one, as after a compaction): its entries in
      // order, with no heap to keep.
      const size_t c = live_.back();
      RunCursor& cursor = cursors_[c];
      do {
        if (!Decide(cursor)) return Malformed(cursor);
      } while (cursor.Advance(prefix_));
      live_.pop_back();
      return std::optional<size_t>(c);
    }
    const After after{cursors_};
    while (!live_.empty()) {
      std::pop_heap(live_.begin(), live_.end(), after);
      const size_t c = live_.back();
      RunCursor& cursor = cursors_[c];
      if (!Decide(cursor)) return Malformed(cursor);
      if (cursor.Advance(prefix_)) {
        std::push_heap(live_.begin(), live_.end(), after);
      } else {
        live_.pop_back();
        return std::optional<size_t>(c);
      }
    }
    return std::optional<size_t>();
  }

 private:
  // The heap's order: the smallest tail on top, the newest run first.
  struct After {
    const std::vector<RunCursor>& cursors;
    bool operator()(size_t a, size_t b) const {
      const std::string_view x = cursors[a].tail(), y = cursors[b].tail();
      if (KeyLess(y, x)) return true;
      if (KeyLess(x, y)) return false;
      return cursors[a].run() > cursors[b].run();
    }
  };

  // Hands the cursor's entry to `visit` unless a newer run's entry of the
  // same edge came just before it (entries of one edge are adjacent in the
  // merge, the newest first). False when the entry is malformed: no Status
  // per entry, which in wasm costs more than the rest.
  bool Decide(const RunCursor& cursor) {
    const std::string_view tail = cursor.tail();
    if (any_decided_ && SameTail(tail)) return true;
    const BlockEntry& e = cursor.entry();
    // Checks the key's size too: a tail is 32 bytes from here on.
    AdjacencyTail a;
    if (!ReadAdjacencyTail(e.key, prefix_.size() + kId, e.value, &a)) return false;
    any_decided_ = true;
    std::memcpy(last_tail_, tail.data(), sizeof(last_tail_));
    Uuid node;
    std::memcpy(node.bytes.data(), tail.data(), kId);
    visit_(node, a);
    return true;
  }
  // What is wrong with the entry Decide refused.
  Status Malformed(const RunCursor& cursor) const {
    const BlockEntry& e = cursor.entry();
    return DecodeAdjacencyTail(e.key, prefix_.size() + kId, e.value, cursor.table()).status();
  }
  static constexpr size_t kId = sizeof(Uuid);

  std::vector<RunCursor>& cursors_;
  std::string_view prefix_;
  Visit visit_;
  std::vector<size_t> live_;  // cursors on an entry: a heap by After
  // Whether `tail` is the last one decided: words compared, not bytes.
  bool SameTail(std::string_view tail) const {
    if (tail.size() != sizeof(last_tail_)) return false;  // to the check of its size
    uint64_t words[4];
    std::memcpy(words, tail.data(), sizeof(words));
    return words[0] == last_tail_[0] && words[1] == last_tail_[1] && words[2] == last_tail_[2] &&
           words[3] == last_tail_[3];
  }

  uint64_t last_tail_[4] = {};  // of the entry that decided last: far end, edge id
  bool any_decided_ = false;
};

}  // namespace

Result<std::optional<std::vector<uint64_t>>> GraphReader::CountNeighborsOfType(
    std::span<const Uuid> sources, Direction direction, const std::string& type,
    std::span<const std::string> far_labels,
    std::span<const std::shared_ptr<const std::vector<Uuid>>> far_members,
    const std::function<Status()>& poll) {
  const bool outgoing = direction == Direction::kOut;
  // The far end's side when far ends need a label check (edges into the
  // sources are the outgoing adjacency of their far ends, and the other way
  // round); else the sources' own side, grouped by source, when the sources
  // come ascending as the groups do.
  const bool near_side = far_labels.empty() && std::is_sorted(sources.begin(), sources.end()) &&
                         std::adjacent_find(sources.begin(), sources.end()) == sources.end();
  const bool scans_outgoing = near_side ? outgoing : !outgoing;
  const std::string_view kind = AdjacencyKind(scans_outgoing, AdjacencyLayout::kByType);
  const std::string_view old_kind = AdjacencyKind(scans_outgoing, AdjacencyLayout::kByNode);
  for (const Run& run : runs_) {
    if (run.contains(old_kind)) return std::optional<std::vector<uint64_t>>();
  }
  const std::string prefix = TypedAdjacencyTypePrefix(type);

  std::vector<RunCursor> cursors;
  for (size_t r = 0; r < runs_.size(); ++r) {
    auto tables = runs_[r].find(kind);
    if (tables == runs_[r].end()) continue;
    std::vector<BlockRead> blocks;
    for (const Table& t : TablesWithPrefix(tables->second, prefix)) {
      auto [first, last] = t.reader->index().BlockRangeWithPrefix(prefix);
      for (size_t b = first; b < last; ++b) {
        blocks.push_back({t.reader.get(), t.reader->index().block(b)});
      }
    }
    if (!blocks.empty()) cursors.emplace_back(r, std::move(blocks), prefix.size());
  }

  SourceCounts counted(near_side ? std::span<const Uuid>() : sources);
  const bool overlay_nodes = overlay_.node_slots() > 0;
  const bool overlay_edges = overlay_.edge_slots() > 0;
  std::vector<size_t> member_at(far_members.size(), 0);  // merge positions, far ends ascending
  // What the overlay says of far end `id`'s labels, where it holds the node.
  auto overlay_verdict = [&](const Uuid& id) -> std::optional<bool> {
    if (!overlay_nodes) return std::nullopt;
    const NodeRecord* r = overlay_.NodeRecordOf(id);
    if (!r) return std::nullopt;
    return std::all_of(far_labels.begin(), far_labels.end(),
                       [&](const std::string& l) { return OverlayCarries(*r, l); });
  };
  // Whether far end `id` carries every label; ids come ascending.
  auto far_carries = [&](const Uuid& id) {
    if (std::optional<bool> verdict = overlay_verdict(id)) return *verdict;
    for (size_t l = 0; l < far_members.size(); ++l) {
      const std::vector<Uuid>& members = *far_members[l];
      size_t& at = member_at[l];
      while (at < members.size() && members[at] < id) ++at;
      if (at == members.size() || members[at] != id) return false;
    }
    return true;
  };

  // Counts of the near side's pass, by a merge of the groups with the
  // sources (both ascending).
  std::vector<uint64_t> near_counts(near_side ? sources.size() : 0, 0);
  size_t source_at = 0;
  // The overlay's version of an edge it holds is counted below. `node` is
  // the node whose group the entry is in: the far end, or on the near side
  // the source.
  auto visit = [&](const Uuid& node, const AdjacencyTail& a) {
    if (a.deleted || (overlay_edges && overlay_.EdgeRecordOf(a.edge))) return;
    if (near_side) {
      while (source_at < sources.size() && sources[source_at] < node) ++source_at;
      if (source_at < sources.size() && sources[source_at] == node) ++near_counts[source_at];
      return;
    }
    if (far_carries(node)) counted.Add(a.other);
  };
  TypeMerge<decltype(visit)> merge(&cursors, prefix, visit);
  // Positions cursor c on its next entry, reading blocks as it needs them,
  // and hands it back to the merge unless it has none left.
  auto resume = [&](size_t c) -> Status {
    while (!cursors[c].Advance(prefix)) {
      if (cursors[c].exhausted()) return Status::OK();
      NAMIDB_RETURN_IF_ERROR(cursors[c].Load(*store_));
      if (poll) NAMIDB_RETURN_IF_ERROR(poll());
    }
    merge.Add(c);
    return Status::OK();
  };
  for (size_t c = 0; c < cursors.size(); ++c) NAMIDB_RETURN_IF_ERROR(resume(c));
  for (;;) {
    NAMIDB_ASSIGN_OR_RETURN(std::optional<size_t> ran_out, merge.MergeLoaded());
    if (!ran_out) break;
    NAMIDB_RETURN_IF_ERROR(resume(*ran_out));
  }

  std::vector<uint64_t> counts =
      near_side ? std::move(near_counts) : counted.Counts(sources.size());
  if (overlay_edges) {
    // The overlay's edges, and the far end's label by membership (ids no
    // longer ascending here).
    auto carries = [&](const Uuid& id) {
      if (std::optional<bool> verdict = overlay_verdict(id)) return *verdict;
      return std::all_of(far_members.begin(), far_members.end(), [&](const auto& members) {
        return std::binary_search(members->begin(), members->end(), id);
      });
    };
    for (size_t i = 0; i < sources.size(); ++i) {
      for (const Uuid& edge :
           outgoing ? overlay_.OutEdges(sources[i], type) : overlay_.InEdges(sources[i], type)) {
        const EdgeRecord* r = overlay_.FindEdge(edge);
        if (carries(outgoing ? r->dst : r->src)) ++counts[i];
      }
    }
  }
  return std::optional<std::vector<uint64_t>>(std::move(counts));
}

}  // namespace namidb
