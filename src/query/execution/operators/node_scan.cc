#include "query/execution/operators/node_scan.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/uuid_set.h"
#include "query/common/memory_budget.h"
#include "query/execution/chunk.h"
#include "query/execution/dynamic_labels.h"
#include "query/execution/element_values.h"
#include "query/execution/evaluator.h"
#include "query/execution/node_filter.h"
#include "query/execution/operator.h"

namespace namidb::query {
namespace {

// Every node of a label for each input row, handed out kChunkRows at a time
// (an input row can match a whole label: the operators above must not get
// it in one chunk).
class NodeScan final : public Operator {
 public:
  NodeScan(OperatorPtr input, int slot, NodeFilter filter, NodeDetail detail,
           std::vector<std::string> columns)
      : slot_(slot), filter_(std::move(filter)), detail_(detail), columns_(std::move(columns)) {
    if (filter_.labels.size() != 1) columns_.clear();  // columns belong to one label
    children_.push_back(std::move(input));
  }
  std::string Describe() const override {
    std::string what = " (all nodes)";
    if (!filter_.labels.empty()) {
      what = " :" + filter_.labels[0];
    } else if (!filter_.any_labels.empty()) {
      what.clear();
      for (const auto& label : filter_.any_labels) what += (what.empty() ? " :" : "|") + label;
    } else if (DynamicScan()) {
      what = filter_.scan_any ? " :$any(…)" : " :$(…)";
    }
    if (IdsOnly()) what += " (ids)";
    for (size_t i = 0; i < columns_.size(); ++i) what += (i ? ", " : " (columns ") + columns_[i];
    if (!columns_.empty()) what += ")";
    return "NodeScan" + what;
  }
  // Reset keeps the scanned nodes while the graph is unchanged (the
  // version is pinned for a read query), so a sub-pipeline run once per row
  // scans once; a statement's own writes (MERGE, row by row) rescan.
  void Reset() override {
    Operator::Reset();
    input_.clear();
    at_row_ = 0;
    at_node_ = 0;
    exhausted_ = false;
  }

 protected:
  void DropCaches() override {
    loaded_ = false;
    nodes_ = {};
    hold_.Clear();
  }
  Result<bool> DoNext(ExecContext& ctx, std::vector<Row>* out) override {
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
      Row& row = input_[at_row_];
      if (at_node_ == 0) row_bytes_ = RowCopyBytes(row);
      while (at_node_ < nodes_.size() && !chunk.full()) {
        NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
        const Value& n = nodes_[at_node_++];
        if (!columns_.empty()) {  // of the label by construction, without labels
          NAMIDB_ASSIGN_OR_RETURN(
              bool ok, PropertiesMatch(filter_.properties, n.as_node().properties, row, ctx));
          if (!ok) continue;
        } else if (!IdsOnly()) {  // ids from the label index match by construction
          NAMIDB_ASSIGN_OR_RETURN(bool ok, NodeMatches(filter_, n.as_node(), row, ctx));
          if (!ok) continue;
        }
        Row made = row;
        made[slot_] = n;
        chunk.Add(std::move(made), row_bytes_);
      }
      if (at_node_ >= nodes_.size()) {
        ++at_row_;
        at_node_ = 0;
      }
    }
    return !out->empty();
  }

 private:
  Status Load(ExecContext& ctx) {
    // A dynamic label's labels, which a cached plan's next run may change.
    std::vector<std::string> dynamic;
    if (DynamicScan() && !input_.empty()) {
      Row scratch = input_[0];  // the expression reads no variable
      NAMIDB_ASSIGN_OR_RETURN(dynamic,
                              EvaluateDynamicLabels(*filter_.scan_labels, scratch, ctx.eval));
    }
    if (loaded_ && version_ == ctx.graph_version && dynamic == dynamic_) return Status::OK();
    nodes_.clear();
    hold_.Clear();
    version_ = ctx.graph_version;
    dynamic_ = dynamic;
    // What to read: every node of one label, or of any of several (each
    // once); neither, every node. All of a dynamic label's labels: its
    // first one's nodes (the pattern's predicate checks the others).
    std::vector<std::string> any_of = filter_.any_labels;
    if (!dynamic.empty()) {
      any_of = filter_.scan_any ? dynamic : std::vector<std::string>{dynamic[0]};
    } else if (DynamicScan() && filter_.scan_any) {
      loaded_ = true;  // one of no labels: no node
      return Status::OK();
    }
    // The scan is read whole: refuse one the memory cannot hold before
    // reading it (the manifest counts the nodes).
    const GraphStats& stats = ctx.graph->stats();
    auto counted = filter_.labels.empty() ? std::optional<uint64_t>(stats.nodes) : std::nullopt;
    if (!filter_.labels.empty()) {
      if (auto it = stats.labels.find(filter_.labels[0]); it != stats.labels.end())
        counted = it->second;
    } else if (!any_of.empty()) {
      counted = 0;
      for (const auto& label : any_of) {
        if (auto it = stats.labels.find(label); it != stats.labels.end()) *counted += it->second;
      }
    }
    if (counted)
      NAMIDB_RETURN_IF_ERROR(ctx.memory->CheckFits(*counted * kIdNodeBytes, "a label scan"));
    if (!columns_.empty()) {
      NAMIDB_RETURN_IF_ERROR(LoadColumns(ctx));
    } else if (IdsOnly()) {
      // Nothing reads these nodes but their identity, and the label index
      // alone decides the one label asked for.
      NAMIDB_ASSIGN_OR_RETURN(auto ids, ctx.graph->ScanLabelIds(filter_.labels[0]));
      NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, ids.size() * kIdNodeBytes, "a label scan"));
      for (const Uuid& id : ids) nodes_.push_back(Value::Node(NodeValue{id, {}, {}}));
    } else if (filter_.labels.empty() && !any_of.empty()) {
      NAMIDB_RETURN_IF_ERROR(LoadLabels(ctx, any_of));
    } else {
      NodeFields fields = FieldsToRead(detail_, filter_);
      auto scanned = filter_.labels.empty() ? ctx.graph->ScanNodes()
                                            : ctx.graph->ScanLabel(filter_.labels[0], fields);
      if (!scanned.ok()) return scanned.status();
      for (auto& [id, r] : *scanned) NAMIDB_RETURN_IF_ERROR(Hold(ctx, id, std::move(r)));
    }
    loaded_ = true;
    return Status::OK();
  }

  // The nodes of any of `labels` (`(n:A|B)`), each once: a node of two
  // is in both scans.
  Status LoadLabels(ExecContext& ctx, const std::vector<std::string>& labels) {
    NodeFields fields = FieldsToRead(detail_, filter_);
    UuidSet seen;
    for (size_t i = 0; i < labels.size(); ++i) {
      NAMIDB_ASSIGN_OR_RETURN(auto scanned, ctx.graph->ScanLabel(labels[i], fields));
      for (auto& [id, r] : scanned) {
        if (labels.size() > 1 && !seen.Insert(id)) continue;
        NAMIDB_RETURN_IF_ERROR(Hold(ctx, id, std::move(r)));
      }
    }
    return Status::OK();
  }

  Status Hold(ExecContext& ctx, const Uuid& id, NodeRecord r) {
    nodes_.push_back(NodeToValue(id, std::move(r)));
    return hold_.Add(ctx.memory, sizeof(Value) + ValueBytes(nodes_.back()), "a label scan");
  }

  // The nodes of the label with the columns' properties alone. Values the
  // pattern's map asks for that no row changes (literals, parameters) let
  // the scan skip chunks whose statistics rule them out.
  Status LoadColumns(ExecContext& ctx) {
    std::vector<std::optional<Value>> equal(columns_.size());
    if (filter_.properties && filter_.properties->kind == ExprKind::kMap && !input_.empty()) {
      const Expr& map = *filter_.properties;
      for (size_t i = 0; i < map.names.size() && i < map.children.size(); ++i) {
        const Expr* e = map.children[i].get();
        if (!e || (e->kind != ExprKind::kLiteral && e->kind != ExprKind::kParameter)) continue;
        auto at = std::lower_bound(columns_.begin(), columns_.end(), map.names[i]);
        if (at == columns_.end() || *at != map.names[i]) continue;
        NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*e, input_[0], ctx.eval));
        equal[at - columns_.begin()] = std::move(v);
      }
    }
    NAMIDB_ASSIGN_OR_RETURN(auto scanned,
                            ctx.graph->ScanLabelColumns(filter_.labels[0], columns_, equal));
    nodes_.reserve(scanned.ids.size());
    // The memory is asked for once per kLabelScanChunk nodes, not per node.
    uint64_t bytes = 0;
    for (size_t i = 0; i < scanned.ids.size(); ++i) {
      NodeValue node{scanned.ids[i], {}, {}};
      node.properties.Reserve(columns_.size());
      for (size_t c = 0; c < columns_.size(); ++c) {
        if (!scanned.values[i][c].is_null())
          node.properties.Set(columns_[c], std::move(scanned.values[i][c]));
      }
      nodes_.push_back(Value::Node(std::move(node)));
      bytes += sizeof(Value) + ValueBytes(nodes_.back());
      if ((i + 1) % GraphReader::kLabelScanChunk == 0) {
        NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, bytes, "a label scan"));
        bytes = 0;
      }
    }
    return hold_.Add(ctx.memory, bytes, "a label scan");
  }

  // A node made of its id alone, as a label scan holds it.
  static constexpr uint64_t kIdNodeBytes = sizeof(Value) + sizeof(NodeValue) + 32;

  bool DynamicScan() const {
    return filter_.labels.empty() && filter_.any_labels.empty() && filter_.scan_labels;
  }

  bool IdsOnly() const {
    return detail_ == NodeDetail::kId && filter_.labels.size() == 1 && !filter_.properties;
  }

  int slot_;
  NodeFilter filter_;
  NodeDetail detail_;
  std::vector<std::string> columns_;  // read as columns, ascending
  bool loaded_ = false;
  uint64_t version_ = 0;
  std::vector<Value> nodes_;
  std::vector<std::string> dynamic_;  // the dynamic label's labels nodes_ are of
  MemoryHold hold_;                   // for nodes_
  std::vector<Row> input_;            // the input chunk being scanned for
  size_t at_row_ = 0;
  size_t at_node_ = 0;
  uint64_t row_bytes_ = 0;  // what a copy of input_[at_row_] allocates
  bool exhausted_ = false;
};

}  // namespace

OperatorPtr MakeNodeScan(OperatorPtr input, int slot, NodeFilter filter, NodeDetail detail,
                         std::vector<std::string> columns) {
  return std::make_unique<NodeScan>(std::move(input), slot, std::move(filter), detail,
                                    std::move(columns));
}

}  // namespace namidb::query
