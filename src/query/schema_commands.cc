#include "query/schema_commands.h"

#include <algorithm>

#include "core/property_type.h"
#include "query/functions/procedures.h"

namespace namidb::query {

QueryResult ShowSchema(const GraphReader& graph, const SchemaCommand& command) {
  bool constraints = command.kind == SchemaCommandKind::kShowConstraints;
  QueryResult result;
  result.columns = {"name", "type", "label", "property"};
  for (const SchemaEntry& e : graph.schema()) {
    if (constraints ? e.kind == "index" : !HasIndex(e)) continue;
    result.rows.push_back({Value::String(e.name),
                           Value::String(constraints          ? ConstraintTypeName(e)
                                         : e.kind == "unique" ? "UNIQUE"
                                                              : "INDEX"),
                           Value::String(e.label), Value::String(e.property)});
  }
  return result;
}

Status ChangeSchema(WriterSession& writer, const SchemaCommand& command) {
  std::vector<SchemaEntry> schema = writer.schema();
  bool creating = command.kind == SchemaCommandKind::kCreateIndex ||
                  command.kind == SchemaCommandKind::kCreateConstraint;
  bool index = command.kind == SchemaCommandKind::kCreateIndex ||
               command.kind == SchemaCommandKind::kDropIndex;
  std::string what = index ? "index" : "constraint";
  if (creating) {
    std::string kind = index                          ? "index"
                       : command.existence            ? "exists"
                       : !command.value_types.empty() ? "type"
                                                      : "unique";
    SchemaEntry entry{command.name, kind, command.label, command.property, command.value_types};
    if (entry.name.empty()) {
      entry.name = what + "_" + command.label + "_" + command.property +
                   (kind == "exists" ? "_exists"
                    : kind == "type" ? "_type"
                                     : "");
    }
    for (const SchemaEntry& e : schema) {
      bool same_target = e.kind == kind && e.label == entry.label && e.property == entry.property;
      bool same_rule = same_target && e.types == entry.types;
      if (same_target && kind == "type" && !same_rule) {
        // Two type constraints on one property would allow only what both
        // name: Neo4j refuses the second, whatever IF NOT EXISTS says.
        return Status::AlreadyExists("a type constraint on :" + e.label + "(" + e.property +
                                     ") exists already: " + e.name +
                                     " (IS :: " + PropertyTypesText(e.types) + ")");
      }
      if (e.name != entry.name && !same_rule) continue;
      if (command.if_not_exists) return Status::OK();
      return Status::AlreadyExists(same_rule
                                       ? "an equivalent " + what + " exists already: " + e.name
                                       : "a schema object named " + e.name + " exists already");
    }
    schema.push_back(std::move(entry));
  } else {
    auto it = std::find_if(schema.begin(), schema.end(), [&](const SchemaEntry& e) {
      return e.name == command.name && (e.kind == "index") == index;
    });
    if (it == schema.end()) {
      if (command.if_exists) return Status::OK();
      return Status::NotFound("there is no " + what + " named " + command.name);
    }
    schema.erase(it);
  }
  return writer.SetSchema(std::move(schema)).status();
}

}  // namespace namidb::query
