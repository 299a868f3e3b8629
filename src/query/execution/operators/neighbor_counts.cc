#include "query/execution/operators/neighbor_counts.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/uuid_set.h"
#include "query/common/memory_budget.h"
#include "query/common/query_error.h"
#include "query/execution/chunk.h"
#include "query/execution/group_table.h"
#include "query/execution/label_members.h"
#include "query/execution/operator.h"

namespace namidb::query {
namespace {

class NeighborCounts final : public Operator {
 public:
  NeighborCounts(OperatorPtr input, NeighborCountsSpec spec)
      : spec_(std::move(spec)), groups_(spec_.key_slots.size()) {
    children_.push_back(std::move(input));
    if (spec_.direction != RelDirection::kLeft) ways_.push_back(Direction::kOut);
    if (spec_.direction != RelDirection::kRight) ways_.push_back(Direction::kIn);
  }
  std::string Describe() const override {
    std::string what = "NeighborCounts :" + spec_.label + " " + ArrowOf(spec_.direction) + " " +
                       (spec_.type.empty() ? "" : ":" + spec_.type);
    for (const auto& l : spec_.to_labels) what += " :" + l;
    for (size_t i = 0; i < spec_.columns.size(); ++i) {
      what += (i ? ", " : " (columns ") + spec_.columns[i];
    }
    if (!spec_.columns.empty()) what += ")";
    if (spec_.grouped) what += " grouped";
    return what;
  }
  void Reset() override {
    Operator::Reset();
    input_.clear();
    at_row_ = 0;
    at_node_ = 0;
    exhausted_ = false;
    groups_.Clear();
    sums_.clear();
    grouped_at_ = 0;
    grouped_done_ = false;
  }

 protected:
  void DropCaches() override {
    loaded_ = false;
    sources_ = {};
    members_.clear();
    member_ids_.clear();
    counts_.clear();
    batch_start_ = 0;
    hold_.Clear();
  }

  Result<bool> DoNext(ExecContext& ctx, std::vector<Row>* out) override {
    if (spec_.grouped) return GroupedNext(ctx, out);
    out->clear();
    Chunk chunk(ctx, out);
    while (!chunk.full()) {
      if (at_row_ >= input_.size()) {
        if (exhausted_) break;
        input_.clear();
        at_row_ = 0;
        at_node_ = 0;
        NAMIDB_ASSIGN_OR_RETURN(bool more, children_[0]->Next(ctx, &input_));
        if (!more) {
          exhausted_ = true;
          break;
        }
        NAMIDB_RETURN_IF_ERROR(Load(ctx));
        continue;
      }
      const Row& row = input_[at_row_];
      while (at_node_ < sources_.ids.size() && !chunk.full()) {
        NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
        // The counts of a batch of sources in one read, as they are needed.
        if (at_node_ >= batch_start_ + counts_.size() || at_node_ < batch_start_) {
          NAMIDB_RETURN_IF_ERROR(CountBatch(ctx, at_node_));
        }
        const size_t i = at_node_++;
        const uint64_t n = counts_[i - batch_start_];
        if (n == 0) continue;  // no row: the pattern does not match this node
        Row made = row;
        for (size_t c = 0; c < spec_.column_slots.size(); ++c) {
          made[spec_.column_slots[c]] = sources_.values[i][c];
        }
        made[spec_.count_slot] = Value::Int(static_cast<int64_t>(n));
        const uint64_t bytes = RowCopyBytes(made);
        chunk.Add(std::move(made), bytes);
      }
      if (at_node_ >= sources_.ids.size()) {
        ++at_row_;
        at_node_ = 0;
      }
    }
    return !out->empty();
  }

 private:
  // Grouped: every source counted, the counts summed per distinct tuple of
  // key values, then the groups' rows a chunk at a time.
  Result<bool> GroupedNext(ExecContext& ctx, std::vector<Row>* out) {
    out->clear();
    if (!grouped_done_) {
      std::vector<Value> key(spec_.key_slots.size());
      std::vector<Row> input;
      for (;;) {
        NAMIDB_ASSIGN_OR_RETURN(bool more, children_[0]->Next(ctx, &input));
        if (!more) break;
        NAMIDB_RETURN_IF_ERROR(Load(ctx));
        for (size_t row = 0; row < input.size(); ++row) {
          for (size_t i = 0; i < sources_.ids.size(); ++i) {
            NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
            if (i >= batch_start_ + counts_.size() || i < batch_start_) {
              NAMIDB_RETURN_IF_ERROR(CountBatch(ctx, i));
            }
            const uint64_t n = counts_[i - batch_start_];
            if (n == 0) continue;  // no row: the pattern does not match this node
            for (size_t k = 0; k < key.size(); ++k) {
              key[k] = sources_.values[i][spec_.key_columns[k]];
            }
            auto [group, fresh] = groups_.FindOrAdd(key);
            if (fresh) {
              uint64_t bytes = kGroupBytes;
              for (const Value& v : groups_.key(group)) bytes += sizeof(Value) + ValueBytes(v);
              NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, bytes, "grouping"));
              sums_.push_back(0);
            }
            if (n > static_cast<uint64_t>(INT64_MAX) ||
                __builtin_add_overflow(sums_[group], static_cast<int64_t>(n), &sums_[group])) {
              return RuntimeError("ArithmeticError", "IntegerOverflow", "sum() overflows");
            }
          }
        }
      }
      grouped_done_ = true;
    }
    // The groups' rows a chunk at a time, made as they are handed out.
    Chunk chunk(ctx, out);
    while (grouped_at_ < groups_.size() && !chunk.full()) {
      const size_t g = grouped_at_++;
      Row row(ctx.width);
      std::span<Value> values = groups_.key(g);
      for (size_t k = 0; k < values.size(); ++k) row[spec_.key_slots[k]] = std::move(values[k]);
      for (int slot : spec_.sum_slots) row[slot] = Value::Int(sums_[g]);
      const uint64_t bytes = RowCopyBytes(row);
      chunk.Add(std::move(row), bytes);
    }
    return !out->empty();
  }
  // A group's key vector slot, hash and sum, beside its values.
  static constexpr uint64_t kGroupBytes = 3 * sizeof(uint64_t) + 16;

  // The label's nodes with the grouped properties, and the far end's
  // members, once per version of the graph.
  Status Load(ExecContext& ctx) {
    if (loaded_ && version_ == ctx.graph_version) return Status::OK();
    DropCaches();
    version_ = ctx.graph_version;
    const GraphStats& stats = ctx.graph->stats();
    if (auto it = stats.labels.find(spec_.label); it != stats.labels.end()) {
      NAMIDB_RETURN_IF_ERROR(
          ctx.memory->CheckFits(it->second * kSourceBytes, "counting relationships"));
    }
    if (spec_.columns.empty()) {
      NAMIDB_ASSIGN_OR_RETURN(sources_.ids, ctx.graph->ScanLabelIds(spec_.label));
      sources_.values.assign(sources_.ids.size(), {});
    } else {
      NAMIDB_ASSIGN_OR_RETURN(sources_, ctx.graph->ScanLabelColumns(spec_.label, spec_.columns));
    }
    uint64_t bytes = sources_.ids.size() * kSourceBytes;
    for (const auto& values : sources_.values) {
      for (const Value& v : values) bytes += sizeof(Value) + ValueBytes(v);
    }
    NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, bytes, "counting relationships"));
    checks_labels_ = !EveryNodeCarries(*ctx.graph, spec_.to_labels);
    by_type_ = CountsByType(stats);
    if (by_type_) {
      // A count per source at once.
      NAMIDB_RETURN_IF_ERROR(
          hold_.Add(ctx.memory, sources_.ids.size() * sizeof(uint64_t), "counting relationships"));
    }
    NAMIDB_RETURN_IF_ERROR(LoadMembers(ctx));
    loaded_ = true;
    return Status::OK();
  }

  // Whether one pass over the type's relationships beats a read per source
  // (GraphReader::CountNeighborsOfType): one direction and one type, and
  // sources many enough to hold a good part of its relationships. A read
  // per source seeks its group and probes the far label's set for each
  // relationship; the pass costs less per relationship (no seek, the label
  // check a merge) but reads every one of the type.
  bool CountsByType(const GraphStats& stats) const {
    if (ways_.size() != 1 || spec_.type.empty()) return false;
    auto type = stats.types.find(spec_.type);
    const uint64_t relationships = type == stats.types.end() ? 0 : type->second;
    return relationships <= kRelationshipsPerSource * sources_.ids.size();
  }
  static constexpr uint64_t kRelationshipsPerSource = 16;

  // The far labels' members the check needs: their sorted ids to count by
  // type, their sets to count per source. What the reader keeps is its
  // memory, as its block cache is.
  Status LoadMembers(ExecContext& ctx) {
    if (!checks_labels_) return Status::OK();
    for (const auto& label : spec_.to_labels) {
      bool kept = false;
      uint64_t bytes = 0;
      if (by_type_) {
        NAMIDB_ASSIGN_OR_RETURN(auto ids, ctx.graph->StoredLabelIds(label, &kept));
        bytes = ids->size() * sizeof(Uuid);
        member_ids_.push_back(std::move(ids));
      } else {
        NAMIDB_ASSIGN_OR_RETURN(auto set, ctx.graph->StoredLabelSet(label, &kept));
        bytes = set->bytes();
        members_.push_back(std::move(set));
      }
      if (!kept) NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, bytes, "a label's members"));
    }
    return Status::OK();
  }

  // The counts of the sources from `from` on, a batch of them; every
  // source's at once when counted by type.
  Status CountBatch(ExecContext& ctx, size_t from) {
    if (by_type_) {
      const std::vector<std::string> no_labels;
      NAMIDB_ASSIGN_OR_RETURN(
          auto all,
          ctx.graph->CountNeighborsOfType(sources_.ids, ways_[0], spec_.type,
                                          checks_labels_ ? spec_.to_labels : no_labels, member_ids_,
                                          [&ctx] { return ctx.interrupts->Poll(); }));
      if (all) {
        counts_ = std::move(*all);
        batch_start_ = 0;
        return Status::OK();
      }
      // A run in the layout before adjacency by type: a read per source.
      by_type_ = false;
      member_ids_.clear();
      NAMIDB_RETURN_IF_ERROR(LoadMembers(ctx));
    }
    const size_t n = std::min(GraphReader::kLabelScanChunk, sources_.ids.size() - from);
    std::span<const Uuid> batch(sources_.ids.data() + from, n);
    GraphReader::NeighborFilter keep;
    if (!members_.empty()) {
      keep = [this, &ctx](const Uuid& id) {
        return CarriesAll(*ctx.graph, members_, spec_.to_labels, id);
      };
    }
    NAMIDB_ASSIGN_OR_RETURN(
        counts_, ctx.graph->CountNeighbors(batch, ways_, spec_.type,
                                           spec_.direction == RelDirection::kBoth, keep));
    batch_start_ = from;
    return Status::OK();
  }

  // A source's id and its row of values, beside the values themselves.
  static constexpr uint64_t kSourceBytes = sizeof(Uuid) + sizeof(std::vector<Value>);

  NeighborCountsSpec spec_;
  std::vector<Direction> ways_;
  bool loaded_ = false;
  uint64_t version_ = 0;
  GraphReader::LabelColumns sources_;
  bool checks_labels_ = false;                           // the far end's labels need a check
  bool by_type_ = false;                                 // counted by CountNeighborsOfType
  std::vector<std::shared_ptr<const UuidSet>> members_;  // per label of to_labels
  std::vector<std::shared_ptr<const std::vector<Uuid>>> member_ids_;  // the same, by type
  MemoryHold hold_;                                                   // for the above
  std::vector<uint64_t> counts_;  // of sources [batch_start_, batch_start_ + size)
  size_t batch_start_ = 0;
  std::vector<Row> input_;
  size_t at_row_ = 0;
  size_t at_node_ = 0;
  bool exhausted_ = false;
  // Grouped: the groups and their sums, handed out from grouped_at_.
  GroupTable groups_;
  std::vector<int64_t> sums_;
  size_t grouped_at_ = 0;
  bool grouped_done_ = false;
};

}  // namespace

OperatorPtr MakeNeighborCounts(OperatorPtr input, NeighborCountsSpec spec) {
  return std::make_unique<NeighborCounts>(std::move(input), std::move(spec));
}

}  // namespace namidb::query
