// SET / REMOVE items applied to one row.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "query/common/query_error.h"
#include "query/execution/dynamic_labels.h"
#include "query/execution/evaluator.h"
#include "query/execution/operator.h"
#include "query/execution/stored_properties.h"
#include "query/execution/update_context.h"
#include "query/functions/value_ops.h"
#include "query/parser/ast.h"
#include "storage/writer_session.h"

namespace namidb::query {

class SetApplier {
 public:
  SetApplier(UpdateContext* update, const std::vector<SetItem>* items,
             std::vector<int> variable_slots, bool remove)
      : update_(update), items_(items), slots_(std::move(variable_slots)), remove_(remove) {}

  Status Apply(ExecContext& ctx, Row& row) {
    for (size_t i = 0; i < items_->size(); ++i) {
      const SetItem& item = (*items_)[i];
      switch (item.kind) {
        case SetKind::kProperty: {
          const Expr& target = *item.target;
          NAMIDB_ASSIGN_OR_RETURN(Value owner, Evaluate(*target.children[0], row, ctx.eval));
          Value value;
          if (!remove_) {
            NAMIDB_ASSIGN_OR_RETURN(value, Evaluate(*item.value, row, ctx.eval));
            NAMIDB_RETURN_IF_ERROR(CheckStorable(value));
          }
          NAMIDB_RETURN_IF_ERROR(Update(ctx, owner,
                                        remove_ ? "remove a property from" : "set a property of",
                                        [&](ValueMap* props, std::vector<std::string>*) {
                                          if (value.is_null()) {
                                            if (props->Erase(target.name))
                                              ++counters().properties_set;
                                          } else {
                                            props->Set(target.name, value);
                                            ++counters().properties_set;
                                          }
                                          return Status::OK();
                                        }));
          break;
        }
        case SetKind::kReplace:
        case SetKind::kMerge: {
          NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*item.value, row, ctx.eval));
          NAMIDB_ASSIGN_OR_RETURN(ValueMap map, MapOf(v));
          for (const auto& [k, value] : map) NAMIDB_RETURN_IF_ERROR(CheckStorable(value));
          bool replace = item.kind == SetKind::kReplace;
          NAMIDB_RETURN_IF_ERROR(Update(ctx, row[slots_[i]], "set the properties of",
                                        [&](ValueMap* props, std::vector<std::string>*) {
                                          if (replace) {
                                            counters().properties_set +=
                                                static_cast<int64_t>(props->size());
                                            *props = ValueMap();
                                          }
                                          for (const auto& [k, value] : map) {
                                            if (value.is_null()) {
                                              props->Erase(k);
                                            } else {
                                              props->Set(k, value);
                                            }
                                            ++counters().properties_set;
                                          }
                                          return Status::OK();
                                        }));
          break;
        }
        case SetKind::kLabels: {
          const Value& node = row[slots_[i]];
          if (!node.is_null() && node.kind() != ValueKind::kNode) {
            return RuntimeError("TypeError", "InvalidArgumentType", "labels belong to nodes");
          }
          if (node.is_null()) break;
          std::vector<const Expr*> dynamic;
          for (const auto& e : item.dynamic_labels) dynamic.push_back(e.get());
          NAMIDB_ASSIGN_OR_RETURN(std::vector<std::string> item_labels,
                                  LabelsForRow(item.labels, dynamic, row, ctx.eval));
          NAMIDB_RETURN_IF_ERROR(Update(ctx, node, remove_ ? "remove labels from" : "add labels to",
                                        [&](ValueMap*, std::vector<std::string>* labels) {
                                          for (const auto& l : item_labels) {
                                            auto at = std::find(labels->begin(), labels->end(), l);
                                            if (remove_ && at != labels->end()) {
                                              labels->erase(at);
                                              ++counters().labels_removed;
                                            } else if (!remove_ && at == labels->end()) {
                                              labels->push_back(l);
                                              ++counters().labels_added;
                                            }
                                          }
                                          return Status::OK();
                                        }));
          break;
        }
      }
    }
    return Status::OK();
  }

  bool empty() const { return items_->empty(); }
  bool remove() const { return remove_; }

 private:
  WriterSession& writer() { return *update_->writer; }
  UpdateCounters& counters() { return update_->counters; }

  // The current record of a node or relationship, edited by `edit`, then
  // written back. One the statement deleted is an error (`what` says what
  // the write would have done), as in Neo4j.
  template <typename Edit>
  Status Update(ExecContext& ctx, const Value& target, std::string_view what, Edit&& edit) {
    if (target.is_null()) return Status::OK();
    NAMIDB_RETURN_IF_ERROR(CheckNotDeletedForWrite(*update_, target, what));
    if (target.kind() == ValueKind::kNode) {
      NAMIDB_ASSIGN_OR_RETURN(auto r, ctx.graph->LookupNode(target.as_node().id));
      if (!r) return Status::OK();
      NAMIDB_RETURN_IF_ERROR(edit(&r->properties, &r->labels));
      return writer().UpsertNode(r->labels, target.as_node().id, r->properties);
    }
    if (target.kind() == ValueKind::kRelationship) {
      NAMIDB_ASSIGN_OR_RETURN(auto r, ctx.graph->LookupEdge(target.as_relationship().id));
      if (!r) return Status::OK();
      NAMIDB_RETURN_IF_ERROR(edit(&r->properties, nullptr));
      return writer()
          .UpsertEdge(r->type, r->src, r->dst, r->properties, target.as_relationship().id)
          .status();
    }
    return RuntimeError("TypeError", "InvalidArgumentType",
                        "can only update nodes and relationships, not " + TypeName(target));
  }

  UpdateContext* update_;
  const std::vector<SetItem>* items_;
  std::vector<int> slots_;
  bool remove_;
};

}  // namespace namidb::query
