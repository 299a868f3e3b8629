// Procedures: what `CALL name(args) YIELD ...` calls. A procedure has a
// signature (its inputs and outputs, each named and typed) and a body that
// maps one list of arguments to rows of outputs. The built-ins read the
// graph's catalogue (db.labels(), db.relationshipTypes(), db.propertyKeys(),
// db.indexes(), db.constraints()) and what can be called (dbms.functions(),
// dbms.procedures(): routine_catalog.h); an embedding application registers more
// by signature text, as Neo4j prints them:
//   test.my.proc(name :: STRING?, id :: INTEGER?) :: (city :: STRING?)
//   test.doNothing() :: ()          (also `:: VOID`: no outputs)
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "storage/graph_reader.h"

namespace namidb::query {

// A type of a procedure's input or output: ANY, BOOLEAN, STRING, NUMBER
// (an integer or a float), INTEGER, FLOAT, MAP, NODE, RELATIONSHIP, PATH, a
// temporal type, or LIST OF <type>. A trailing `?` makes it nullable.
struct ProcedureType {
  std::string name;                        // upper case: "INTEGER", "LIST", ...
  std::shared_ptr<ProcedureType> element;  // LIST OF element (null: ANY)
  bool nullable = false;
  std::string ToString() const;
};

struct ProcedureField {
  std::string name;
  ProcedureType type;
};

struct ProcedureSignature {
  std::string name;  // dotted: "db.labels"
  std::vector<ProcedureField> inputs;
  std::vector<ProcedureField> outputs;  // empty: a VOID procedure
  std::string ToString() const;
};

// Parses "ns.name(in :: TYPE, ...) :: (out :: TYPE, ...)" (or ":: VOID").
// An error says what was expected where.
Result<ProcedureSignature> ParseProcedureSignature(std::string_view text);

// Whether a value of kind `kind` may be passed where `type` is expected
// (null always may: procedures see it and decide). INTEGER is assignable
// to FLOAT (the value is converted) and to NUMBER.
bool TypeAccepts(const ProcedureType& type, ValueKind kind);
// `value` as `type` expects it (an integer for a FLOAT becomes a float),
// or a TypeError (InvalidArgumentType) naming `what`.
Result<Value> CoerceArgument(const ProcedureType& type, const Value& value, std::string_view what);

// What a procedure's body reads besides its arguments: the statement's view
// of the graph, and its interrupts. A body that reads much (the schema
// procedures scan the graph) calls Poll() once per element, so that the
// statement's time limit or its caller's cancel stops it there.
struct ProcedureContext {
  GraphReader& graph;
  std::function<Status()> poll;  // none: nothing stops the body
  Status Poll() const { return poll ? poll() : Status::OK(); }
};

// A procedure's body: the arguments (one per input, coerced) to rows (one
// value per output, in signature order).
using ProcedureBody =
    std::function<Result<std::vector<ValueList>>(const ValueList& args, ProcedureContext& ctx)>;

struct Procedure {
  ProcedureSignature signature;
  ProcedureBody body;
  std::string description;  // for dbms.procedures(); empty: the signature stands for it
};

// The procedures a statement may call: the built-ins and those registered
// (a registered name replaces a built-in of the same name). Names are
// matched exactly, as Neo4j does.
// Neo4j's name for the type of a constraint (db.constraints(), SHOW
// CONSTRAINTS): "UNIQUENESS", "NODE_PROPERTY_EXISTENCE" or "NODE_PROPERTY_TYPE".
const char* ConstraintTypeName(const SchemaEntry& e);

class ProcedureRegistry {
 public:
  ProcedureRegistry();
  // dbms.procedures() lists this registry: it stays where it was made.
  ProcedureRegistry(const ProcedureRegistry&) = delete;
  ProcedureRegistry& operator=(const ProcedureRegistry&) = delete;
  Status Register(Procedure procedure);
  const Procedure* Find(std::string_view name) const;
  // Every procedure, by name.
  std::vector<const Procedure*> All() const;
  // Bumped by every Register: a plan made earlier may point at a procedure
  // replaced since (src/api/prepared_statement.h plans again).
  uint64_t generation() const { return generation_; }
  // The built-ins alone, shared by statements run without a registry.
  static const ProcedureRegistry& BuiltIns();

 private:
  std::map<std::string, Procedure, std::less<>> procedures_;
  uint64_t generation_ = 0;
};

}  // namespace namidb::query
