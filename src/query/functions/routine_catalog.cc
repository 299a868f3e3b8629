#include "query/functions/routine_catalog.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "query/functions/function_descriptions.h"
#include "query/functions/function_registry.h"

namespace namidb::query {
namespace {

// The names Cypher writes with capitals, where the registry keeps them
// lower case (calls match without regard to case) and has no display name.
constexpr const char* kWrittenNames[] = {"datetime.fromEpoch",
                                         "datetime.fromEpochMillis",
                                         "duration.inDays",
                                         "duration.inMonths",
                                         "duration.inSeconds",
                                         "elementId",
                                         "endNode",
                                         "isNaN",
                                         "lTrim",
                                         "rTrim",
                                         "startNode",
                                         "toBoolean",
                                         "toFloat",
                                         "toInteger",
                                         "toString",
                                         "localDateTime",
                                         "localDateTime.realtime",
                                         "localDateTime.statement",
                                         "localDateTime.transaction",
                                         "localDateTime.truncate",
                                         "localTime",
                                         "localTime.realtime",
                                         "localTime.statement",
                                         "localTime.transaction",
                                         "localTime.truncate",
                                         "stDev",
                                         "stDevP",
                                         "percentileCont",
                                         "percentileDisc"};

// A function's name as Cypher writes it.
std::string WrittenName(const std::string& lower, const std::string& display) {
  if (!display.empty()) return display;
  for (const char* written : kWrittenNames) {
    std::string folded(written);
    std::transform(folded.begin(), folded.end(), folded.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (folded == lower) return written;
  }
  return lower;
}

// The kinds of an argument as a type: "STRING", "INTEGER | FLOAT", "ANY".
std::string KindsText(KindSet kinds) {
  if (kinds == kAnyKind) return "ANY";
  std::string out;
  for (unsigned k = 0; k < 8 * sizeof(KindSet); ++k) {
    const auto kind = static_cast<ValueKind>(k);
    if (kind == ValueKind::kNull || !(kinds & KindBit(kind))) continue;
    if (k > static_cast<unsigned>(ValueKind::kDuration)) break;
    out += (out.empty() ? "" : " | ") + std::string(ValueKindName(kind));
  }
  return out.empty() ? "ANY" : out;
}

// "substring(STRING, INTEGER[, INTEGER])": the arguments' kinds, the
// optional ones in brackets, `...` for any number more.
std::string ScalarSignature(const ScalarFunction& f) {
  std::string out = WrittenName(f.name, f.display) + "(";
  const size_t shown = std::min<size_t>(f.max_args, std::max<size_t>(f.min_args, 3));
  for (size_t i = 0; i < shown; ++i) {
    const std::string type =
        f.takes.empty() ? "ANY" : KindsText(f.takes[std::min(i, f.takes.size() - 1)]);
    out += (i >= f.min_args ? "[" : "") + std::string(i ? ", " : "") + type;
  }
  for (size_t i = f.min_args; i < shown; ++i) out += "]";
  if (f.max_args > shown) out += shown ? ", ..." : "...";
  return out + ")";
}

// Neo4j's categories, judged by what a function's first argument takes.
std::string Category(const ScalarFunction& f) {
  if (f.temporal) return "Temporal";
  if (f.name.starts_with("vector.")) return "Vector";
  if (f.of_double) return "Numeric";
  if (f.of_text) return "String";
  if (f.takes.empty()) return "Scalar";
  const KindSet first = f.takes[0];
  const KindSet numbers = KindBit(ValueKind::kInt) | KindBit(ValueKind::kFloat);
  if ((first & ~KindBit(ValueKind::kNull)) == numbers) return "Numeric";
  if ((first & ~KindBit(ValueKind::kNull)) == KindBit(ValueKind::kString)) return "String";
  if ((first & ~KindBit(ValueKind::kNull)) == KindBit(ValueKind::kList)) return "List";
  return "Scalar";
}

// A function's description, or its signature where it has none.
std::string Described(const std::string& lower, const std::string& signature) {
  std::string_view text = FunctionDescription(lower);
  return text.empty() ? signature : std::string(text);
}

}  // namespace

Procedure FunctionsProcedure() {
  auto signature = ParseProcedureSignature(
      "dbms.functions() :: (name :: STRING, category :: STRING, description :: STRING, "
      "signature :: STRING, isBuiltIn :: BOOLEAN, aggregating :: BOOLEAN)");
  return {*signature,
          [](const ValueList&, ProcedureContext&) -> Result<std::vector<ValueList>> {
            std::vector<ValueList> rows;
            for (const ScalarFunction* f : AllScalarFunctions()) {
              // A name with a space is the parser's own (IS NORMALIZED).
              if (f->name.find(' ') != std::string::npos) continue;
              std::string text = ScalarSignature(*f);
              rows.push_back({Value::String(WrittenName(f->name, f->display)),
                              Value::String(Category(*f)), Value::String(Described(f->name, text)),
                              Value::String(text), Value::Bool(true), Value::Bool(false)});
            }
            for (const AggregateFunction* f : AllAggregateFunctions()) {
              if (f->id == AggregateId::kCountStar) continue;
              std::string name = WrittenName(f->name, "");
              std::string text = name + (f->arguments == 2 ? "(ANY, FLOAT)" : "(ANY)");
              rows.push_back({Value::String(name), Value::String("Aggregating"),
                              Value::String(Described(f->name, text)), Value::String(text),
                              Value::Bool(true), Value::Bool(true)});
            }
            std::sort(rows.begin(), rows.end(), [](const ValueList& a, const ValueList& b) {
              return a[0].as_string() < b[0].as_string();
            });
            return rows;
          },
          "The functions a statement can call: name, category, description, signature."};
}

Procedure ProceduresProcedure(std::function<std::vector<const Procedure*>()> list) {
  auto signature = ParseProcedureSignature(
      "dbms.procedures() :: (name :: STRING, description :: STRING, mode :: STRING, "
      "worksOnSystem :: BOOLEAN, signature :: STRING)");
  return {*signature,
          [list = std::move(list)](const ValueList&,
                                   ProcedureContext&) -> Result<std::vector<ValueList>> {
            std::vector<ValueList> rows;
            for (const Procedure* p : list()) {
              std::string text = p->signature.ToString();
              rows.push_back({Value::String(p->signature.name),
                              Value::String(p->description.empty() ? text : p->description),
                              Value::String("READ"), Value::Bool(false), Value::String(text)});
            }
            return rows;
          },
          "The procedures a statement can call: name, description, mode, signature."};
}

}  // namespace namidb::query
