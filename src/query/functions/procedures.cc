#include "query/functions/procedures.h"

#include <cctype>

#include "core/property_type.h"
#include "core/version.h"
#include "query/common/query_error.h"
#include "query/functions/routine_catalog.h"
#include "query/functions/schema_procedures.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
namespace {

// A small reader over signature text: words, symbols and whitespace.
class SignatureReader {
 public:
  explicit SignatureReader(std::string_view text) : text_(text) {}

  void SkipSpace() {
    while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) ++at_;
  }
  bool Accept(std::string_view symbol) {
    SkipSpace();
    if (text_.substr(at_, symbol.size()) != symbol) return false;
    at_ += symbol.size();
    return true;
  }
  Status Expect(std::string_view symbol) {
    if (Accept(symbol)) return Status::OK();
    return Error("'" + std::string(symbol) + "'");
  }
  // A name: letters, digits and '_', or `quoted`.
  Result<std::string> Name(std::string_view what) {
    SkipSpace();
    if (at_ < text_.size() && text_[at_] == '`') {
      size_t end = text_.find('`', at_ + 1);
      if (end == std::string_view::npos) return Error(what);
      std::string name(text_.substr(at_ + 1, end - at_ - 1));
      at_ = end + 1;
      return name;
    }
    size_t start = at_;
    while (at_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[at_])) || text_[at_] == '_')) {
      ++at_;
    }
    if (start == at_) return Error(what);
    return std::string(text_.substr(start, at_ - start));
  }
  bool AtEnd() {
    SkipSpace();
    return at_ == text_.size();
  }
  Status Error(std::string_view expected) const {
    return Status::InvalidArgument(
        "procedure signature '" + std::string(text_) + "': expected " + std::string(expected) +
        " at offset " + std::to_string(at_) +
        "; write it as ns.name(in :: TYPE?, ...) :: (out :: TYPE?, ...)");
  }

 private:
  std::string_view text_;
  size_t at_ = 0;
};

bool KnownTypeName(const std::string& name) {
  static const char* kNames[] = {"ANY",      "BOOLEAN",  "STRING", "NUMBER",       "INTEGER",
                                 "FLOAT",    "MAP",      "NODE",   "RELATIONSHIP", "PATH",
                                 "DATE",     "DATETIME", "TIME",   "LOCALTIME",    "LOCALDATETIME",
                                 "DURATION", "LIST"};
  for (const char* n : kNames) {
    if (name == n) return true;
  }
  return false;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

Result<ProcedureType> ParseType(SignatureReader& in) {
  NAMIDB_ASSIGN_OR_RETURN(std::string word, in.Name("a type (STRING, INTEGER, LIST OF ANY, ...)"));
  ProcedureType type;
  type.name = Upper(word);
  if (!KnownTypeName(type.name)) return in.Error("a type name, not '" + word + "'");
  type.nullable = in.Accept("?");
  if (type.name == "LIST") {
    NAMIDB_ASSIGN_OR_RETURN(std::string of, in.Name("OF"));
    if (Upper(of) != "OF") return in.Error("OF after LIST");
    NAMIDB_ASSIGN_OR_RETURN(ProcedureType element, ParseType(in));
    type.element = std::make_shared<ProcedureType>(std::move(element));
  }
  return type;
}

Result<std::vector<ProcedureField>> ParseFields(SignatureReader& in, std::string_view what) {
  std::vector<ProcedureField> fields;
  NAMIDB_RETURN_IF_ERROR(in.Expect("("));
  if (in.Accept(")")) return fields;
  do {
    ProcedureField f;
    NAMIDB_ASSIGN_OR_RETURN(f.name, in.Name(what));
    NAMIDB_RETURN_IF_ERROR(in.Expect("::"));
    NAMIDB_ASSIGN_OR_RETURN(f.type, ParseType(in));
    for (const auto& other : fields) {
      if (other.name == f.name) return in.Error("a name not used twice ('" + f.name + "')");
    }
    fields.push_back(std::move(f));
  } while (in.Accept(","));
  NAMIDB_RETURN_IF_ERROR(in.Expect(")"));
  return fields;
}

// The built-ins: the graph's catalogue.
Procedure Names(const char* name, const char* column, const char* description,
                const std::map<std::string, uint64_t>& (*of)(const GraphStats&)) {
  auto signature = ParseProcedureSignature(std::string(name) + "() :: (" + column + " :: STRING?)");
  return {*signature,
          [of](const ValueList&, ProcedureContext& ctx) -> Result<std::vector<ValueList>> {
            std::vector<ValueList> rows;
            for (const auto& [key, count] : of(ctx.graph.stats())) {
              if (count > 0) rows.push_back({Value::String(key)});
            }
            return rows;
          },
          description};
}

Procedure Schema(bool constraints) {
  // A constraint's row also says the types a type constraint allows
  // (Neo4j's propertyType; null for the other kinds).
  auto signature =
      ParseProcedureSignature(std::string(constraints ? "db.constraints" : "db.indexes") +
                              "() :: (name :: STRING?, type :: STRING?, entityType :: STRING?, "
                              "labelsOrTypes :: LIST? OF STRING?, properties :: LIST? OF STRING?" +
                              (constraints ? ", propertyType :: STRING?)" : ")"));
  return {*signature,
          [constraints](const ValueList&, ProcedureContext& ctx) -> Result<std::vector<ValueList>> {
            std::vector<ValueList> rows;
            for (const SchemaEntry& e : ctx.graph.schema()) {
              if (constraints ? e.kind == "index" : !HasIndex(e)) continue;
              rows.push_back({Value::String(e.name),
                              Value::String(constraints          ? ConstraintTypeName(e)
                                            : e.kind == "unique" ? "UNIQUE"
                                                                 : "INDEX"),
                              Value::String("NODE"), Value::List({Value::String(e.label)}),
                              Value::List({Value::String(e.property)})});
              if (constraints) {
                rows.back().push_back(e.kind == "type" ? Value::String(PropertyTypesText(e.types))
                                                       : Value());
              }
            }
            return rows;
          },
          constraints
              ? "The constraints of the schema: name, type, labels, properties and the types "
                "a type constraint allows."
              : "The indexes of the schema: name, type, labels and properties."};
}

// What tools ask first of a server they connect to: which engine, which
// release.
Procedure Components() {
  auto signature = ParseProcedureSignature(
      "dbms.components() :: (name :: STRING?, versions :: LIST? OF STRING?, edition :: STRING?)");
  return {*signature,
          [](const ValueList&, ProcedureContext&) -> Result<std::vector<ValueList>> {
            return std::vector<ValueList>{{Value::String("namidb-wasm"),
                                           Value::List({Value::String(std::string(kVersion))}),
                                           Value::String("embedded")}};
          },
          "The engine and its release: name, versions and edition."};
}

}  // namespace

const char* ConstraintTypeName(const SchemaEntry& e) {
  return e.kind == "exists" ? "NODE_PROPERTY_EXISTENCE"
         : e.kind == "type" ? "NODE_PROPERTY_TYPE"
                            : "UNIQUENESS";
}

std::string ProcedureType::ToString() const {
  std::string out = name + (nullable ? "?" : "");
  if (element) out += " OF " + element->ToString();
  return out;
}

std::string ProcedureSignature::ToString() const {
  auto fields = [](const std::vector<ProcedureField>& list) {
    std::string out = "(";
    for (size_t i = 0; i < list.size(); ++i) {
      out += (i ? ", " : "") + list[i].name + " :: " + list[i].type.ToString();
    }
    return out + ")";
  };
  return name + fields(inputs) + " :: " + (outputs.empty() ? "VOID" : fields(outputs));
}

Result<ProcedureSignature> ParseProcedureSignature(std::string_view text) {
  SignatureReader in(text);
  ProcedureSignature s;
  NAMIDB_ASSIGN_OR_RETURN(s.name, in.Name("a procedure name"));
  while (in.Accept(".")) {
    NAMIDB_ASSIGN_OR_RETURN(std::string part, in.Name("a name after '.'"));
    s.name += "." + part;
  }
  NAMIDB_ASSIGN_OR_RETURN(s.inputs, ParseFields(in, "an input name"));
  NAMIDB_RETURN_IF_ERROR(in.Expect("::"));
  if (!in.Accept("VOID")) {
    NAMIDB_ASSIGN_OR_RETURN(s.outputs, ParseFields(in, "an output name"));
  }
  if (!in.AtEnd()) return in.Error("the end of the signature");
  return s;
}

bool TypeAccepts(const ProcedureType& type, ValueKind kind) {
  if (kind == ValueKind::kNull || type.name == "ANY") return true;
  if (type.name == "NUMBER") return kind == ValueKind::kInt || kind == ValueKind::kFloat;
  if (type.name == "FLOAT") return kind == ValueKind::kInt || kind == ValueKind::kFloat;
  return ValueKindName(kind) == type.name;
}

Result<Value> CoerceArgument(const ProcedureType& type, const Value& value, std::string_view what) {
  if (!TypeAccepts(type, value.kind())) {
    return RuntimeError(
        "TypeError", "InvalidArgumentType",
        std::string(what) + " must be " + type.ToString() + ", not " + TypeName(value));
  }
  if (type.name == "FLOAT" && value.kind() == ValueKind::kInt) {
    return Value::Float(static_cast<double>(value.as_int()));
  }
  if (type.name == "LIST" && type.element && value.kind() == ValueKind::kList) {
    ValueList out;
    for (const auto& v : value.as_list()) {
      NAMIDB_ASSIGN_OR_RETURN(Value e, CoerceArgument(*type.element, v, what));
      out.push_back(std::move(e));
    }
    return Value::List(std::move(out));
  }
  return value;
}

ProcedureRegistry::ProcedureRegistry() {
  for (Procedure p :
       {Names(
            "db.labels", "label", "The labels some node carries.",
            [](const GraphStats& s) -> const auto& { return s.labels; }),
        Names(
            "db.relationshipTypes", "relationshipType", "The types some relationship has.",
            [](const GraphStats& s) -> const auto& { return s.types; }),
        Names(
            "db.propertyKeys", "propertyKey", "The property keys some node or relationship has.",
            [](const GraphStats& s) -> const auto& { return s.property_keys; }),
        Schema(false), Schema(true), NodeTypePropertiesProcedure(), RelTypePropertiesProcedure(),
        SchemaVisualizationProcedure(), Components(), FunctionsProcedure(),
        ProceduresProcedure([this] { return All(); })}) {
    procedures_[p.signature.name] = std::move(p);
  }
}

std::vector<const Procedure*> ProcedureRegistry::All() const {
  std::vector<const Procedure*> out;
  for (const auto& [name, p] : procedures_) out.push_back(&p);
  return out;
}

Status ProcedureRegistry::Register(Procedure procedure) {
  if (!procedure.body)
    return Status::InvalidArgument("procedure " + procedure.signature.name + " has no body");
  std::string name = procedure.signature.name;
  procedures_[name] = std::move(procedure);
  ++generation_;
  return Status::OK();
}

const Procedure* ProcedureRegistry::Find(std::string_view name) const {
  auto it = procedures_.find(name);
  return it == procedures_.end() ? nullptr : &it->second;
}

const ProcedureRegistry& ProcedureRegistry::BuiltIns() {
  static const auto* registry = new ProcedureRegistry();
  return *registry;
}

}  // namespace namidb::query
