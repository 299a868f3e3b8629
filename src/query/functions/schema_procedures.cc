#include "query/functions/schema_procedures.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/property_type.h"
#include "storage/node_cursor.h"

namespace namidb::query {
namespace {

// Neo4j's name for the type of a stored value (Value.getTypeName()): a list
// whose elements share one type is that type's array; other lists (mixed,
// empty) are "List".
std::string PropertyTypeName(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kBool:
      return "Boolean";
    case ValueKind::kInt:
      return "Long";
    case ValueKind::kFloat:
      return "Double";
    case ValueKind::kString:
      return "String";
    case ValueKind::kBytes:
      return "ByteArray";
    case ValueKind::kDate:
      return "Date";
    case ValueKind::kDateTime:
      return "DateTime";
    case ValueKind::kLocalTime:
      return "LocalTime";
    case ValueKind::kTime:
      return "Time";
    case ValueKind::kLocalDateTime:
      return "LocalDateTime";
    case ValueKind::kDuration:
      return "Duration";
    case ValueKind::kMap:
      return "Map";
    case ValueKind::kList: {
      const ValueList& list = v.as_list();
      if (list.empty()) return "List";
      for (const Value& e : list) {
        if (e.kind() != list.front().kind() || e.kind() == ValueKind::kList) return "List";
      }
      return PropertyTypeName(list.front()) + "Array";
    }
    default:
      return std::string(ValueKindName(v.kind()));
  }
}

// How often each property occurs among the elements of one type, with the
// types of its values.
struct TypeProperties {
  uint64_t elements = 0;
  std::map<std::string, std::pair<uint64_t, std::set<std::string>>> properties;

  void Add(const ValueMap& props) {
    ++elements;
    for (const auto& [key, value] : props) {
      if (value.is_null()) continue;
      auto& [count, types] = properties[key];
      ++count;
      types.insert(PropertyTypeName(value));
    }
  }
};

Value Strings(const std::set<std::string>& names) {
  ValueList list;
  for (const std::string& n : names) list.push_back(Value::String(n));
  return Value::List(std::move(list));
}

// The rows of one type: a row per property, or one of nulls where its
// elements have none. `head` leads each row (the type's name, labels).
void AppendTypeRows(const ValueList& head, const TypeProperties& type,
                    std::vector<ValueList>* rows) {
  if (type.properties.empty()) {
    ValueList row = head;
    row.insert(row.end(), {Value(), Value(), Value::Bool(false)});
    rows->push_back(std::move(row));
    return;
  }
  for (const auto& [name, seen] : type.properties) {
    ValueList row = head;
    row.insert(row.end(), {Value::String(name), Strings(seen.second),
                           Value::Bool(seen.first == type.elements)});
    rows->push_back(std::move(row));
  }
}

// ":`A`:`B`", as Neo4j writes a node type or a relationship type.
std::string TypeText(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    out += ":`";
    for (char c : n) out += c == '`' ? std::string("``") : std::string(1, c);
    out += "`";
  }
  return out;
}

// Calls `visit` with each window of live nodes (in id order, labels read)
// and the relationships going out of each: every relationship once.
template <typename Visit>
Status ForEachOutgoingWindow(ProcedureContext& ctx, Visit visit) {
  NAMIDB_ASSIGN_OR_RETURN(auto cursor, NodeCursor::Records(ctx.graph, "", NodeFields::kLabels));
  std::vector<std::pair<Uuid, NodeRecord>> window;
  std::vector<Uuid> ids;
  while (true) {
    NAMIDB_ASSIGN_OR_RETURN(bool more, cursor->Next(&window));
    if (!more) return Status::OK();
    ids.clear();
    for (const auto& [id, record] : window) {
      NAMIDB_RETURN_IF_ERROR(ctx.Poll());  // a node without relationships counts too
      ids.push_back(id);
    }
    NAMIDB_ASSIGN_OR_RETURN(auto out, ctx.graph.ExpandMany(ids, Direction::kOut));
    NAMIDB_RETURN_IF_ERROR(visit(window, out));
  }
}

// A stable id for an element the schema procedure makes up (Neo4j gives
// them negative ids): a hash of what it stands for, as a UUIDv8.
Uuid MadeUpId(const std::string& what) {
  Uuid id;
  uint64_t h[2] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
  for (int half = 0; half < 2; ++half) {
    for (char c : what) {
      h[half] ^= static_cast<uint8_t>(c);
      h[half] *= 0x100000001b3ULL;
    }
    for (int i = 0; i < 8; ++i) id.bytes[half * 8 + i] = static_cast<uint8_t>(h[half] >> (8 * i));
  }
  id.bytes[6] = static_cast<uint8_t>((id.bytes[6] & 0x0F) | 0x80);
  id.bytes[8] = static_cast<uint8_t>((id.bytes[8] & 0x3F) | 0x80);
  return id;
}

std::string ConstraintText(const SchemaEntry& e) {
  return "CONSTRAINT " + e.name + " FOR (n" + TypeText({e.label}) + ") REQUIRE n." + e.property +
         (e.kind == "exists" ? " IS NOT NULL"
          : e.kind == "type" ? " IS :: " + PropertyTypesText(e.types)
                             : " IS UNIQUE");
}

}  // namespace

Procedure NodeTypePropertiesProcedure() {
  auto signature = ParseProcedureSignature(
      "db.schema.nodeTypeProperties() :: (nodeType :: STRING?, nodeLabels :: LIST? OF STRING?, "
      "propertyName :: STRING?, propertyTypes :: LIST? OF STRING?, mandatory :: BOOLEAN?)");
  return {*signature,
          [](const ValueList&, ProcedureContext& ctx) -> Result<std::vector<ValueList>> {
            std::map<std::vector<std::string>, TypeProperties> types;
            NAMIDB_ASSIGN_OR_RETURN(auto cursor, NodeCursor::Records(ctx.graph, ""));
            std::vector<std::pair<Uuid, NodeRecord>> window;
            while (true) {
              NAMIDB_ASSIGN_OR_RETURN(bool more, cursor->Next(&window));
              if (!more) break;
              for (auto& [id, record] : window) {
                NAMIDB_RETURN_IF_ERROR(ctx.Poll());
                std::sort(record.labels.begin(), record.labels.end());
                types[record.labels].Add(record.properties);
              }
            }
            std::vector<ValueList> rows;
            for (const auto& [labels, type] : types) {
              ValueList names;
              for (const std::string& l : labels) names.push_back(Value::String(l));
              AppendTypeRows({Value::String(TypeText(labels)), Value::List(std::move(names))}, type,
                             &rows);
            }
            return rows;
          },
          "The node types (sets of labels) of the graph with their properties, the types of "
          "their values, and whether every node of the type has each."};
}

Procedure RelTypePropertiesProcedure() {
  auto signature = ParseProcedureSignature(
      "db.schema.relTypeProperties() :: (relType :: STRING?, propertyName :: STRING?, "
      "propertyTypes :: LIST? OF STRING?, mandatory :: BOOLEAN?)");
  return {*signature,
          [](const ValueList&, ProcedureContext& ctx) -> Result<std::vector<ValueList>> {
            std::map<std::string, TypeProperties> types;
            std::vector<Uuid> edges;
            Status scanned = ForEachOutgoingWindow(
                ctx, [&](const auto&, const std::vector<std::vector<Neighbor>>& out) -> Status {
                  edges.clear();
                  for (const auto& list : out) {
                    for (const Neighbor& n : list) edges.push_back(n.edge);
                  }
                  NAMIDB_ASSIGN_OR_RETURN(auto records, ctx.graph.LookupEdges(edges));
                  for (const auto& record : records) {
                    NAMIDB_RETURN_IF_ERROR(ctx.Poll());
                    if (record) types[record->type].Add(record->properties);
                  }
                  return Status::OK();
                });
            if (!scanned.ok()) return scanned;
            std::vector<ValueList> rows;
            for (const auto& [type, properties] : types) {
              AppendTypeRows({Value::String(TypeText({type}))}, properties, &rows);
            }
            return rows;
          },
          "The relationship types of the graph with their properties, the types of their "
          "values, and whether every relationship of the type has each."};
}

Procedure SchemaVisualizationProcedure() {
  auto signature = ParseProcedureSignature(
      "db.schema.visualization() :: (nodes :: LIST? OF NODE?, relationships :: LIST? OF "
      "RELATIONSHIP?)");
  return {
      *signature,
      [](const ValueList&, ProcedureContext& ctx) -> Result<std::vector<ValueList>> {
        // (start label, type, end label) of every relationship.
        std::set<std::tuple<std::string, std::string, std::string>> joined;
        std::vector<Uuid> far;
        Status scanned = ForEachOutgoingWindow(
            ctx,
            [&](const std::vector<std::pair<Uuid, NodeRecord>>& window,
                const std::vector<std::vector<Neighbor>>& out) -> Status {
              far.clear();
              for (const auto& list : out) {
                for (const Neighbor& n : list) far.push_back(n.node);
              }
              std::sort(far.begin(), far.end());
              far.erase(std::unique(far.begin(), far.end()), far.end());
              NAMIDB_ASSIGN_OR_RETURN(auto ends, ctx.graph.LookupNodes(far, NodeFields::kLabels));
              for (size_t i = 0; i < window.size(); ++i) {
                for (const Neighbor& n : out[i]) {
                  NAMIDB_RETURN_IF_ERROR(ctx.Poll());
                  size_t at = std::lower_bound(far.begin(), far.end(), n.node) - far.begin();
                  if (!ends[at]) continue;
                  for (const std::string& a : window[i].second.labels) {
                    for (const std::string& b : ends[at]->labels) joined.insert({a, n.type, b});
                  }
                }
              }
              return Status::OK();
            });
        if (!scanned.ok()) return scanned;
        ValueList nodes;
        for (const auto& [label, count] : ctx.graph.stats().labels) {
          if (count == 0) continue;
          ValueList indexes, constraints;
          for (const SchemaEntry& e : ctx.graph.schema()) {
            if (e.label != label) continue;
            if (HasIndex(e)) indexes.push_back(Value::String(e.property));
            if (e.kind != "index") constraints.push_back(Value::String(ConstraintText(e)));
          }
          nodes.push_back(
              Value::Node(NodeValue{MadeUpId("label:" + label),
                                    {label},
                                    ValueMap{{"constraints", Value::List(std::move(constraints))},
                                             {"indexes", Value::List(std::move(indexes))},
                                             {"name", Value::String(label)}}}));
        }
        ValueList relationships;
        for (const auto& [a, type, b] : joined) {
          relationships.push_back(Value::Relationship(RelationshipValue{
              MadeUpId("type:" + a + "\n" + type + "\n" + b), type, MadeUpId("label:" + a),
              MadeUpId("label:" + b), ValueMap{{"name", Value::String(type)}}}));
        }
        return std::vector<ValueList>{
            {Value::List(std::move(nodes)), Value::List(std::move(relationships))}};
      },
      "The graph's schema as a graph: a node per label (its name, indexed properties and "
      "constraints) and a relationship per type between the labels it joins."};
}

}  // namespace namidb::query
