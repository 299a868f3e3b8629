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
#include "storage/node_cursor.h"

namespace namidb::query {
namespace {

// Every node of a label for each input row, handed out kChunkRows at a time
// (an input row can match a whole label: the operators above must not get
// it in one chunk).
class NodeScan final : public Operator {
 public:
  NodeScan(OperatorPtr input, int slot, NodeFilter filter, NodeDetail detail,
           std::vector<std::string> columns, bool streamed,
           std::vector<ColumnConditionSpec> conditions)
      : slot_(slot),
        filter_(std::move(filter)),
        detail_(detail),
        columns_(std::move(columns)),
        streamed_(streamed),
        conditions_(std::move(conditions)) {
    if (filter_.labels.size() != 1) columns_.clear();  // columns belong to one label
    if (columns_.empty()) conditions_.clear();
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
    static constexpr const char* kOps[] = {"=", "<", "<=", ">", ">="};
    for (size_t i = 0; i < conditions_.size(); ++i) {
      what += (i ? ", " : " (checks ") + conditions_[i].property + " " +
              kOps[static_cast<int>(conditions_[i].op)] + " …";
    }
    if (!conditions_.empty()) what += ")";
    return "NodeScan" + what;
  }
  // Reset keeps a scan read whole while the graph is unchanged (the version
  // is pinned for a read query), so a sub-pipeline run once per row scans
  // once; a statement's own writes (MERGE, row by row) rescan.
  void Reset() override {
    Operator::Reset();
    input_.clear();
    at_row_ = 0;
    at_node_ = 0;
    row_started_ = false;
    exhausted_ = false;
    if (!whole_) {
      nodes_.clear();
      hold_.Clear();
    }
  }

 protected:
  void DropCaches() override {
    whole_ = false;
    keep_failed_ = false;
    nodes_ = {};
    hold_.Clear();
    cursors_.clear();
  }
  Result<bool> DoNext(ExecContext& ctx, std::vector<Row>* out) override {
    out->clear();
    Chunk chunk(ctx, out);
    while (!chunk.full()) {
      if (at_row_ >= input_.size()) {
        if (exhausted_) break;
        input_.clear();
        at_row_ = 0;
        row_started_ = false;
        NAMIDB_ASSIGN_OR_RETURN(bool more, children_[0]->Next(ctx, &input_));
        if (!more) {
          exhausted_ = true;
          break;
        }
        NAMIDB_RETURN_IF_ERROR(Prepare(ctx));
        continue;
      }
      Row& row = input_[at_row_];
      if (!row_started_) {
        row_bytes_ = RowCopyBytes(row);
        NAMIDB_RETURN_IF_ERROR(StartRow(ctx));
        row_started_ = true;
      }
      bool row_done = false;
      while (!chunk.full()) {
        if (at_node_ >= nodes_.size()) {
          NAMIDB_ASSIGN_OR_RETURN(bool more, NextWindow(ctx));
          if (!more) {
            row_done = true;
            break;
          }
          continue;
        }
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
      if (row_done) {
        ++at_row_;
        row_started_ = false;
      }
    }
    return !out->empty();
  }

 private:
  // A scan kept whole for the rows and Resets after, at most (a larger one
  // is read again for each), and no more than an eighth of the statement's
  // memory.
  static constexpr uint64_t kKeepBytes = 16u << 20;
  static uint64_t KeepBytes(const ExecContext& ctx) {
    const uint64_t limit = ctx.memory->limit();
    return limit ? std::min(kKeepBytes, limit / 8) : kKeepBytes;
  }

  // For an input chunk: what to read (a dynamic label's labels, which a
  // cached plan's next run may change), and whether what is kept still is.
  Status Prepare(ExecContext& ctx) {
    std::vector<std::string> dynamic;
    if (DynamicScan() && !input_.empty()) {
      Row scratch = input_[0];  // the expression reads no variable
      NAMIDB_ASSIGN_OR_RETURN(dynamic,
                              EvaluateDynamicLabels(*filter_.scan_labels, scratch, ctx.eval));
    }
    if (!cursors_.empty() && version_ == ctx.graph_version && dynamic == dynamic_) {
      return Status::OK();
    }
    DropCaches();
    version_ = ctx.graph_version;
    dynamic_ = std::move(dynamic);
    return OpenCursors(ctx);
  }

  // What to read: every node of one label, or of any of several (each
  // once); neither, every node. All of a dynamic label's labels: its first
  // one's nodes (the pattern's predicate checks the others).
  Status OpenCursors(ExecContext& ctx) {
    std::vector<std::string> any_of = filter_.any_labels;
    if (!dynamic_.empty()) {
      any_of = filter_.scan_any ? dynamic_ : std::vector<std::string>{dynamic_[0]};
    } else if (DynamicScan() && filter_.scan_any) {
      whole_ = true;  // one of no labels: no node
      return Status::OK();
    }
    GraphReader& graph = *ctx.graph;
    if (!columns_.empty()) {
      NAMIDB_ASSIGN_OR_RETURN(auto conditions, Conditions(ctx));
      NAMIDB_ASSIGN_OR_RETURN(auto cursor, NodeCursor::Columns(graph, filter_.labels[0], columns_,
                                                               std::move(conditions)));
      cursors_.push_back(std::move(cursor));
    } else if (IdsOnly()) {
      // Nothing reads these nodes but their identity, and the label index
      // alone decides the one label asked for.
      NAMIDB_ASSIGN_OR_RETURN(auto cursor, NodeCursor::Ids(graph, filter_.labels[0]));
      cursors_.push_back(std::move(cursor));
    } else {
      const NodeFields fields = FieldsToRead(detail_, filter_);
      if (!filter_.labels.empty()) any_of = {filter_.labels[0]};
      if (any_of.empty()) any_of = {""};  // every node
      for (const std::string& label : any_of) {
        NAMIDB_ASSIGN_OR_RETURN(auto cursor, NodeCursor::Records(graph, label, fields));
        cursors_.push_back(std::move(cursor));
      }
    }
    return Status::OK();
  }

  // What a column scan checks on the columns before making a node: the
  // values the pattern's map asks for that no row changes (literals,
  // parameters), and the comparisons of rule column_conditions. Each lets
  // it skip the chunks whose statistics rule it out.
  Result<std::vector<ColumnCondition>> Conditions(ExecContext& ctx) {
    std::vector<ColumnCondition> out;
    if (input_.empty()) return out;
    auto add = [&](const std::string& property, ColumnCompare op, const Expr& e) -> Status {
      auto at = std::lower_bound(columns_.begin(), columns_.end(), property);
      if (at == columns_.end() || *at != property) return Status::OK();
      NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(e, input_[0], ctx.eval));
      out.push_back({static_cast<size_t>(at - columns_.begin()), op, std::move(v)});
      return Status::OK();
    };
    if (filter_.properties && filter_.properties->kind == ExprKind::kMap) {
      const Expr& map = *filter_.properties;
      for (size_t i = 0; i < map.names.size() && i < map.children.size(); ++i) {
        const Expr* e = map.children[i].get();
        if (!e || (e->kind != ExprKind::kLiteral && e->kind != ExprKind::kParameter)) continue;
        NAMIDB_RETURN_IF_ERROR(add(map.names[i], ColumnCompare::kEq, *e));
      }
    }
    for (const ColumnConditionSpec& c : conditions_) {
      NAMIDB_RETURN_IF_ERROR(add(c.property, c.op, *c.value));
    }
    return out;
  }

  // For an input row: the nodes kept whole, or the scan from its start.
  // A statement that may change the graph reads every node before its
  // first row goes on (the clauses after this one must not change what it
  // reads); the manifest counts the nodes, so one the memory cannot hold is
  // refused before it is read.
  Status StartRow(ExecContext& ctx) {
    at_node_ = 0;
    if (whole_) return Status::OK();
    nodes_.clear();
    hold_.Clear();
    for (auto& cursor : cursors_) cursor->Rewind();
    cursor_at_ = 0;
    seen_.Clear();
    keeping_ = !keep_failed_;
    if (streamed_) return Status::OK();
    NAMIDB_RETURN_IF_ERROR(ctx.memory->CheckFits(Counted(ctx) * kIdNodeBytes, "a label scan"));
    keeping_ = true;
    while (true) {
      NAMIDB_ASSIGN_OR_RETURN(bool more, NextWindow(ctx));
      if (!more) return Status::OK();
    }
  }

  uint64_t Counted(ExecContext& ctx) const {
    const GraphStats& stats = ctx.graph->stats();
    if (cursors_.empty()) return 0;
    if (filter_.labels.empty() && filter_.any_labels.empty() && dynamic_.empty()) {
      return stats.nodes;
    }
    uint64_t counted = 0;
    std::vector<std::string> labels = filter_.labels.empty() ? filter_.any_labels : filter_.labels;
    if (!dynamic_.empty()) labels = dynamic_;
    for (const auto& label : labels) {
      if (auto it = stats.labels.find(label); it != stats.labels.end()) counted += it->second;
    }
    return counted;
  }

  // The next window of nodes into nodes_: appended while the scan is kept
  // (whole_ once it ends), in place of the last otherwise. False at the end.
  Result<bool> NextWindow(ExecContext& ctx) {
    if (whole_) return false;
    std::vector<std::pair<Uuid, NodeRecord>> window;
    while (cursor_at_ < cursors_.size()) {
      NAMIDB_ASSIGN_OR_RETURN(bool more, cursors_[cursor_at_]->Next(&window));
      if (more) break;
      ++cursor_at_;
    }
    if (cursor_at_ >= cursors_.size()) {
      if (keeping_) whole_ = true;  // every node is in nodes_
      return false;
    }
    if (!keeping_) {
      nodes_.clear();
      hold_.Clear();
      at_node_ = 0;
    }
    uint64_t bytes = 0;
    const bool dedupe = cursors_.size() > 1;  // a node of two labels is in both scans
    for (auto& [id, record] : window) {
      if (dedupe && !seen_.Insert(id)) continue;
      if (!columns_.empty() || IdsOnly()) {
        nodes_.push_back(Value::Node(NodeValue{id, {}, std::move(record.properties)}));
      } else {
        nodes_.push_back(NodeToValue(id, std::move(record)));
      }
      bytes += sizeof(Value) + ValueBytes(nodes_.back());
    }
    NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, bytes, "a label scan"));
    if (keeping_ && streamed_ && hold_.bytes() > KeepBytes(ctx)) {
      // Too large to keep: from here on a window at a time.
      keeping_ = false;
      keep_failed_ = true;
      nodes_.erase(nodes_.begin(), nodes_.begin() + static_cast<ptrdiff_t>(at_node_));
      at_node_ = 0;
      uint64_t left = 0;
      for (const Value& v : nodes_) left += sizeof(Value) + ValueBytes(v);
      hold_.Clear();
      NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, left, "a label scan"));
    }
    return true;
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
  bool streamed_;
  std::vector<ColumnConditionSpec> conditions_;
  uint64_t version_ = 0;
  std::vector<std::string> dynamic_;                  // the dynamic label's labels the cursors read
  std::vector<std::unique_ptr<NodeCursor>> cursors_;  // read one after another
  size_t cursor_at_ = 0;
  UuidSet seen_;  // nodes handed out for this row, with several cursors
  // nodes_ holds every node the scan gives (whole_), or the nodes of the
  // windows read for this row so far (keeping_), or its latest window.
  std::vector<Value> nodes_;
  bool whole_ = false;
  bool keeping_ = false;
  bool keep_failed_ = false;  // this scan is too large to keep
  MemoryHold hold_;           // for nodes_
  std::vector<Row> input_;    // the input chunk being scanned for
  size_t at_row_ = 0;
  size_t at_node_ = 0;
  bool row_started_ = false;
  uint64_t row_bytes_ = 0;  // what a copy of input_[at_row_] allocates
  bool exhausted_ = false;
};

}  // namespace

OperatorPtr MakeNodeScan(OperatorPtr input, int slot, NodeFilter filter, NodeDetail detail,
                         std::vector<std::string> columns, bool streamed,
                         std::vector<ColumnConditionSpec> conditions) {
  return std::make_unique<NodeScan>(std::move(input), slot, std::move(filter), detail,
                                    std::move(columns), streamed, std::move(conditions));
}

}  // namespace namidb::query
