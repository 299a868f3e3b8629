#include <algorithm>
#include <set>

#include "query/common/query_error.h"
#include "query/execution/update_context.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
namespace {

// A property value Cypher can store: null (meaning "remove"), booleans,
// numbers, strings, and lists of those.
Status CheckStorable(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kNull:
    case ValueKind::kBool:
    case ValueKind::kInt:
    case ValueKind::kFloat:
    case ValueKind::kString:
    case ValueKind::kBytes:
    case ValueKind::kDate:
    case ValueKind::kDateTime:
    case ValueKind::kLocalTime:
    case ValueKind::kTime:
    case ValueKind::kLocalDateTime:
    case ValueKind::kDuration:
      return Status::OK();
    case ValueKind::kList:
      // A stored list is homogeneous (Neo4j's arrays): one kind of simple
      // value, no nulls.
      for (const auto& e : v.as_list()) {
        if (e.kind() == ValueKind::kList || e.kind() == ValueKind::kMap ||
            e.kind() == ValueKind::kNode || e.kind() == ValueKind::kRelationship ||
            e.kind() == ValueKind::kPath) {
          return RuntimeError(
              "TypeError", "InvalidPropertyType",
              "a property list may hold only simple values (booleans, numbers, strings, "
              "temporal values), not " +
                  TypeName(e));
        }
        if (e.is_null()) {
          return RuntimeError("TypeError", "InvalidPropertyType",
                              "a property list cannot hold null");
        }
        if (e.kind() != v.as_list().front().kind()) {
          return RuntimeError("TypeError", "InvalidPropertyType",
                              "a property list holds values of one type, not " +
                                  TypeName(v.as_list().front()) + " and " + TypeName(e));
        }
      }
      return Status::OK();
    default:
      return RuntimeError("TypeError", "InvalidPropertyType",
                          TypeName(v) + " values cannot be stored as properties");
  }
}

// The entries of a map value (or of a node's or relationship's properties).
Result<ValueMap> MapOf(const Value& v) {
  if (v.is_null()) return ValueMap();
  if (v.kind() == ValueKind::kMap) return v.as_map();
  if (v.kind() == ValueKind::kNode) return v.as_node().properties;
  if (v.kind() == ValueKind::kRelationship) return v.as_relationship().properties;
  return RuntimeError("TypeError", "InvalidArgumentType", "expected a map, got " + TypeName(v));
}

// `for_merge`: MERGE cannot create what it could never match again, so a
// null property value is an error there.
Result<ValueMap> EvaluateProperties(const Expr* e, Row& row, ExecContext& ctx, bool for_merge) {
  ValueMap out;
  if (!e) return out;
  NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*e, row, ctx.eval));
  NAMIDB_ASSIGN_OR_RETURN(ValueMap map, MapOf(v));
  for (const auto& [k, value] : map) {
    NAMIDB_RETURN_IF_ERROR(CheckStorable(value));
    if (value.is_null() && for_merge) {
      return RuntimeError("SemanticError", "MergeReadOwnWrites",
                          "MERGE cannot use a null property value ('" + k + "')");
    }
    if (!value.is_null()) out.Set(k, value);
  }
  return out;
}

// Creates the nodes and relationships of a pattern for one row, binding
// them into its slots.
Status CreateInRow(ExecContext& ctx, UpdateContext* update, const std::vector<CreateNode>& nodes,
                   const std::vector<CreateRel>& rels, bool for_merge, Row& row) {
  WriterSession& writer = *update->writer;
  UpdateCounters& counters = update->counters;
  for (const CreateNode& n : nodes) {
    if (n.bound) {
      if (row[n.slot].kind() != ValueKind::kNode) {
        return RuntimeError("SemanticError", "CreateNodeFromNull",
                            "cannot create a relationship from or to a null node");
      }
      continue;
    }
    NAMIDB_ASSIGN_OR_RETURN(ValueMap props, EvaluateProperties(n.properties, row, ctx, for_merge));
    Uuid id = update->ids->Next();
    NAMIDB_RETURN_IF_ERROR(writer.UpsertNode(n.labels, id, props));
    ++counters.nodes_created;
    counters.labels_added += static_cast<int64_t>(n.labels.size());
    counters.properties_set += static_cast<int64_t>(props.size());
    row[n.slot] = Value::Node(NodeValue{id, n.labels, std::move(props)});
  }
  for (const CreateRel& r : rels) {
    NAMIDB_ASSIGN_OR_RETURN(ValueMap props, EvaluateProperties(r.properties, row, ctx, for_merge));
    const Uuid& src = row[nodes[r.from].slot].as_node().id;
    const Uuid& dst = row[nodes[r.to].slot].as_node().id;
    NAMIDB_ASSIGN_OR_RETURN(Uuid id,
                            writer.UpsertEdge(r.type, src, dst, props, update->ids->Next()));
    ++counters.relationships_created;
    counters.properties_set += static_cast<int64_t>(props.size());
    row[r.slot] = Value::Relationship(RelationshipValue{id, r.type, src, dst, std::move(props)});
  }
  return Status::OK();
}

// After each row an update applies: the deadline, and the statement's
// staged changes reserved as they grew.
Status Progress(ExecContext& ctx, UpdateContext* update) {
  NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
  uint64_t staged = update->writer->staged_bytes() * kStagedBytesFactor;
  if (staged <= update->staged.bytes()) return Status::OK();
  return update->staged.Add(ctx.memory, staged - update->staged.bytes(),
                            "the statement's staged changes");
}

// Reads all input first, applies the update row by row, then refreshes the
// graph values in the rows and hands them out.
class EagerUpdate : public Materialized {
 public:
  EagerUpdate(OperatorPtr input, UpdateContext* update) : update_(update) {
    children_.push_back(std::move(input));
  }

 protected:
  Result<std::vector<Row>> Compute(ExecContext& ctx) override {
    NAMIDB_ASSIGN_OR_RETURN(std::vector<Row> rows,
                            Drain(*children_[0], ctx, &hold_, "an update's rows"));
    NAMIDB_RETURN_IF_ERROR(Apply(ctx, rows));
    NAMIDB_RETURN_IF_ERROR(Progress(ctx, update_));
    ++ctx.graph_version;
    NAMIDB_RETURN_IF_ERROR(Refresh(ctx, rows));
    return rows;
  }
  virtual Status Apply(ExecContext& ctx, std::vector<Row>& rows) = 0;
  WriterSession& writer() { return *update_->writer; }
  UpdateCounters& counters() { return update_->counters; }
  UpdateContext* update_;

 private:
  // Every node and relationship value in the rows, re-read.
  static Status Refresh(ExecContext& ctx, std::vector<Row>& rows) {
    std::vector<Uuid> nodes, edges;
    for (const Row& row : rows) {
      for (const Value& v : row) {
        if (v.kind() == ValueKind::kNode) nodes.push_back(v.as_node().id);
        if (v.kind() == ValueKind::kRelationship) edges.push_back(v.as_relationship().id);
      }
    }
    if (nodes.empty() && edges.empty()) return Status::OK();
    NAMIDB_ASSIGN_OR_RETURN(ElementValues loaded,
                            LoadElements(ctx, std::move(edges), std::move(nodes)));
    for (Row& row : rows) {
      for (Value& v : row) {
        if (v.kind() == ValueKind::kNode) {
          auto it = loaded.nodes.find(v.as_node().id);
          if (it != loaded.nodes.end()) v = it->second;
        } else if (v.kind() == ValueKind::kRelationship) {
          auto it = loaded.edges.find(v.as_relationship().id);
          if (it != loaded.edges.end()) v = it->second;
        }
      }
    }
    return Status::OK();
  }
};

class Create final : public EagerUpdate {
 public:
  Create(OperatorPtr input, UpdateContext* update, std::vector<CreateNode> nodes,
         std::vector<CreateRel> rels)
      : EagerUpdate(std::move(input), update), nodes_(std::move(nodes)), rels_(std::move(rels)) {}
  std::string Describe() const override { return "Create"; }

 protected:
  Status Apply(ExecContext& ctx, std::vector<Row>& rows) override {
    for (Row& row : rows) {
      NAMIDB_RETURN_IF_ERROR(CreateInRow(ctx, update_, nodes_, rels_, false, row));
      NAMIDB_RETURN_IF_ERROR(Progress(ctx, update_));
    }
    return Status::OK();
  }

 private:
  std::vector<CreateNode> nodes_;
  std::vector<CreateRel> rels_;
};

// SET / REMOVE items applied to one row.
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
          NAMIDB_RETURN_IF_ERROR(
              Update(ctx, owner, [&](ValueMap* props, std::vector<std::string>*) {
                if (value.is_null()) {
                  if (props->Erase(target.name)) ++counters().properties_set;
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
          NAMIDB_RETURN_IF_ERROR(
              Update(ctx, row[slots_[i]], [&](ValueMap* props, std::vector<std::string>*) {
                if (replace) {
                  counters().properties_set += static_cast<int64_t>(props->size());
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
          NAMIDB_RETURN_IF_ERROR(
              Update(ctx, node, [&](ValueMap*, std::vector<std::string>* labels) {
                for (const auto& l : item.labels) {
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
  // written back.
  template <typename Edit>
  Status Update(ExecContext& ctx, const Value& target, Edit&& edit) {
    if (target.is_null()) return Status::OK();
    if (target.kind() == ValueKind::kNode) {
      NAMIDB_ASSIGN_OR_RETURN(auto r, ctx.graph->LookupNode(target.as_node().id));
      if (!r) return Status::OK();  // deleted earlier in this statement
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

class SetItems final : public EagerUpdate {
 public:
  SetItems(OperatorPtr input, UpdateContext* update, SetApplier items)
      : EagerUpdate(std::move(input), update), items_(std::move(items)) {}
  std::string Describe() const override { return items_.remove() ? "Remove" : "Set"; }

 protected:
  Status Apply(ExecContext& ctx, std::vector<Row>& rows) override {
    for (Row& row : rows) {
      NAMIDB_RETURN_IF_ERROR(items_.Apply(ctx, row));
      NAMIDB_RETURN_IF_ERROR(Progress(ctx, update_));
    }
    return Status::OK();
  }

 private:
  SetApplier items_;
};

// MERGE: per input row, in order, the pattern's matches (through the
// writer's view, so a row sees what earlier rows created) with ON MATCH
// applied to each; or, when there is none, the pattern created with ON
// CREATE applied.
class Merge final : public EagerUpdate {
 public:
  Merge(OperatorPtr input, UpdateContext* update, MergeSpec spec)
      : EagerUpdate(std::move(input), update),
        spec_(std::move(spec)),
        on_create_(update, spec_.on_create, spec_.on_create_slots, false),
        on_match_(update, spec_.on_match, spec_.on_match_slots, false) {}
  std::string Describe() const override { return "Merge"; }

 protected:
  Status Apply(ExecContext& ctx, std::vector<Row>& rows) override {
    std::vector<Row> out;
    for (Row& row : rows) {
      NAMIDB_ASSIGN_OR_RETURN(std::vector<Row> matches,
                              ctx.eval.subplans->Run(spec_.match_subplan, row, false));
      if (!matches.empty()) {
        for (Row& m : matches) {
          NAMIDB_RETURN_IF_ERROR(on_match_.Apply(ctx, m));
          NAMIDB_RETURN_IF_ERROR(Progress(ctx, update_));
          NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, RowBytes(m), "MERGE"));
          out.push_back(std::move(m));
        }
        ++ctx.graph_version;  // the next row's match sees these changes
        continue;
      }
      if (row.size() < ctx.width) row.resize(ctx.width);
      NAMIDB_RETURN_IF_ERROR(CreateInRow(ctx, update_, spec_.nodes, spec_.rels, true, row));
      if (spec_.path) {
        NAMIDB_ASSIGN_OR_RETURN(row[spec_.path_slot], Evaluate(*spec_.path, row, ctx.eval));
      }
      NAMIDB_RETURN_IF_ERROR(on_create_.Apply(ctx, row));
      NAMIDB_RETURN_IF_ERROR(Progress(ctx, update_));
      ++ctx.graph_version;
      out.push_back(std::move(row));
    }
    rows = std::move(out);
    return Status::OK();
  }

 private:
  MergeSpec spec_;
  SetApplier on_create_;
  SetApplier on_match_;
};

class Foreach final : public EagerUpdate {
 public:
  Foreach(OperatorPtr input, UpdateContext* update, const Expr* list, int slot, int body)
      : EagerUpdate(std::move(input), update), list_(list), slot_(slot), body_(body) {}
  std::string Describe() const override { return "Foreach"; }

 protected:
  Status Apply(ExecContext& ctx, std::vector<Row>& rows) override {
    for (Row& row : rows) {
      NAMIDB_ASSIGN_OR_RETURN(Value list, Evaluate(*list_, row, ctx.eval));
      if (list.is_null()) continue;
      if (list.kind() != ValueKind::kList) {
        return RuntimeError("TypeError", "InvalidArgumentType",
                            "FOREACH needs a list, got " + TypeName(list));
      }
      for (const Value& element : list.as_list()) {
        Row argument = row;
        if (argument.size() < ctx.width) argument.resize(ctx.width);
        argument[slot_] = element;
        NAMIDB_RETURN_IF_ERROR(ctx.eval.subplans->Run(body_, argument, false).status());
        NAMIDB_RETURN_IF_ERROR(Progress(ctx, update_));
        ++ctx.graph_version;
      }
    }
    return Status::OK();
  }

 private:
  const Expr* list_;
  int slot_;
  int body_;
};

class Delete final : public EagerUpdate {
 public:
  Delete(OperatorPtr input, UpdateContext* update, std::vector<const Expr*> targets, bool detach)
      : EagerUpdate(std::move(input), update), targets_(std::move(targets)), detach_(detach) {}
  std::string Describe() const override { return detach_ ? "DetachDelete" : "Delete"; }

 protected:
  Status Apply(ExecContext& ctx, std::vector<Row>& rows) override {
    // Relationships first, then nodes: `DELETE n, r` may name a node's last
    // relationship after the node.
    std::set<Uuid> nodes, edges;
    for (Row& row : rows) {
      for (const Expr* t : targets_) {
        NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*t, row, ctx.eval));
        switch (v.kind()) {
          case ValueKind::kNull:
            break;
          case ValueKind::kNode:
            if (nodes.insert(v.as_node().id).second) {
              NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, kSetEntryBytes, "DELETE"));
            }
            break;
          case ValueKind::kRelationship:
            if (edges.insert(v.as_relationship().id).second) {
              NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, kSetEntryBytes, "DELETE"));
            }
            break;
          case ValueKind::kPath:
            for (const auto& n : v.as_path().nodes) nodes.insert(n.id);
            for (const auto& r : v.as_path().relationships) edges.insert(r.id);
            break;
          default:
            return RuntimeError("TypeError", "InvalidArgumentType",
                                "DELETE takes nodes, relationships or paths, not " + TypeName(v));
        }
      }
    }
    for (const Uuid& e : edges) {
      NAMIDB_RETURN_IF_ERROR(Progress(ctx, update_));
      NAMIDB_ASSIGN_OR_RETURN(auto r, ctx.graph->LookupEdge(e));
      if (!r) continue;
      NAMIDB_RETURN_IF_ERROR(writer().TombstoneEdge(e));
      ++counters().relationships_deleted;
      update_->deleted.insert(e);
    }
    for (const Uuid& n : nodes) {
      NAMIDB_RETURN_IF_ERROR(Progress(ctx, update_));
      NAMIDB_ASSIGN_OR_RETURN(auto record, ctx.graph->LookupNode(n));
      if (!record) continue;  // deleted already
      size_t touching = 0;
      std::vector<Uuid> taken_along;
      for (Direction d : {Direction::kOut, Direction::kIn}) {
        NAMIDB_ASSIGN_OR_RETURN(auto adjacent, ctx.graph->Expand(n, d));
        for (const auto& a : adjacent) {
          if (d == Direction::kIn && a.node == n) continue;  // a self-loop, counted once
          ++touching;
          taken_along.push_back(a.edge);
        }
      }
      if (touching > 0 && !detach_) {
        return RuntimeError("ConstraintVerificationFailed", "DeleteConnectedNode",
                            "cannot delete a node that still has relationships; use DETACH DELETE");
      }
      NAMIDB_RETURN_IF_ERROR(writer().TombstoneNode(n));  // removes its relationships too
      ++counters().nodes_deleted;
      update_->deleted.insert(n);
      update_->deleted.insert(taken_along.begin(), taken_along.end());
      counters().relationships_deleted += static_cast<int64_t>(touching);
    }
    return Status::OK();
  }

 private:
  static constexpr uint64_t kSetEntryBytes = 48 + sizeof(Uuid);  // a std::set node

  std::vector<const Expr*> targets_;
  bool detach_;
};

}  // namespace

OperatorPtr MakeCreate(OperatorPtr input, UpdateContext* update, std::vector<CreateNode> nodes,
                       std::vector<CreateRel> rels) {
  return std::make_unique<Create>(std::move(input), update, std::move(nodes), std::move(rels));
}

OperatorPtr MakeSetItems(OperatorPtr input, UpdateContext* update,
                         const std::vector<SetItem>* items, std::vector<int> variable_slots,
                         bool remove) {
  return std::make_unique<SetItems>(std::move(input), update,
                                    SetApplier(update, items, std::move(variable_slots), remove));
}

OperatorPtr MakeForeach(OperatorPtr input, UpdateContext* update, const Expr* list, int slot,
                        int body) {
  return std::make_unique<Foreach>(std::move(input), update, list, slot, body);
}

OperatorPtr MakeMerge(OperatorPtr input, UpdateContext* update, MergeSpec spec) {
  return std::make_unique<Merge>(std::move(input), update, std::move(spec));
}

OperatorPtr MakeDelete(OperatorPtr input, UpdateContext* update, std::vector<const Expr*> targets,
                       bool detach) {
  return std::make_unique<Delete>(std::move(input), update, std::move(targets), detach);
}

}  // namespace namidb::query
