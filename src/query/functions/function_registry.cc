#include "query/functions/function_registry.h"

#include <algorithm>
#include <map>
#include <string>

#include "query/functions/aggregate_functions.h"
#include "query/functions/functions.h"
#include "query/functions/neo4j_functions.h"
#include "query/functions/temporal_functions.h"
#include "query/functions/vector_functions.h"

namespace namidb::query {
namespace {

// Built once, never freed: entries are referenced from plans for the
// life of the process. A std::map keeps them in name order and in place.
struct Registry {
  std::map<std::string, ScalarFunction, std::less<>> scalars;
  std::map<std::string, AggregateFunction, std::less<>> aggregates;
};

const Registry& TheRegistry() {
  static const Registry* registry = [] {
    auto* r = new Registry;
    for (const ScalarFunction& f : ScalarFunctionEntries()) r->scalars.emplace(f.name, f);
    for (const ScalarFunction& f : TemporalFunctionEntries()) r->scalars.emplace(f.name, f);
    for (const ScalarFunction& f : Neo4jFunctionEntries()) r->scalars.emplace(f.name, f);
    for (const ScalarFunction& f : VectorFunctionEntries()) r->scalars.emplace(f.name, f);
    for (const AggregateFunction& f : AggregateFunctionEntries()) r->aggregates.emplace(f.name, f);
    return r;
  }();
  return *registry;
}

}  // namespace

Status WrongArgumentType(std::string_view fn, const Value& v) {
  return RuntimeError("TypeError", "InvalidArgumentValue",
                      std::string(fn) + "() does not take " + TypeName(v));
}

bool ScalarFunction::Takes(size_t index, ValueKind kind) const {
  if (kind == ValueKind::kNull || takes.empty()) return true;
  return (takes[std::min(index, takes.size() - 1)] & KindBit(kind)) != 0;
}

std::optional<std::string> ScalarFunction::ArgumentCountProblem(std::string_view written,
                                                                size_t count) const {
  if (count >= min_args && count <= max_args) return std::nullopt;
  return std::string(written) + "() takes " + std::to_string(min_args) +
         (max_args != min_args ? " to " + std::to_string(max_args) : "") + " argument(s), got " +
         std::to_string(count);
}

const ScalarFunction* FindScalarFunction(std::string_view name) {
  const auto& scalars = TheRegistry().scalars;
  auto it = scalars.find(AsciiLower(name));
  return it == scalars.end() ? nullptr : &it->second;
}

const AggregateFunction* FindAggregateFunction(std::string_view name) {
  const auto& aggregates = TheRegistry().aggregates;
  auto it = aggregates.find(AsciiLower(name));
  // count(*) is no call's name.
  if (it == aggregates.end() || it->second.id == AggregateId::kCountStar) return nullptr;
  return &it->second;
}

const AggregateFunction& CountStarAggregate() {
  return TheRegistry().aggregates.find("count(*)")->second;
}

const AggregateFunction& AggregateById(AggregateId id) {
  for (const auto& [name, f] : TheRegistry().aggregates) {
    if (f.id == id) return f;
  }
  return CountStarAggregate();  // every id has an entry (function_registry_test)
}

std::vector<const ScalarFunction*> AllScalarFunctions() {
  std::vector<const ScalarFunction*> out;
  for (const auto& [name, f] : TheRegistry().scalars) out.push_back(&f);
  return out;
}

std::vector<const AggregateFunction*> AllAggregateFunctions() {
  std::vector<const AggregateFunction*> out;
  for (const auto& [name, f] : TheRegistry().aggregates) out.push_back(&f);
  return out;
}

Result<Value> CallScalar(const ScalarFunction& f, std::string_view written,
                         const std::vector<Value>& args, const DateTimeValue* statement_time,
                         MemoryBudget* memory) {
  if (f.checks_kinds) {
    for (size_t i = 0; i < args.size(); ++i) {
      if (!f.Takes(i, args[i].kind())) return WrongArgumentType(written, args[i]);
    }
  }
  if (memory && f.result_bytes) {
    if (uint64_t bytes = f.result_bytes(args); bytes > 0) {
      NAMIDB_RETURN_IF_ERROR(memory->CheckFits(bytes, f.name + "()"));
    }
  }
  return f.call(f, args, statement_time);
}

Status Accumulate(const AggregateFunction& f, bool distinct, AggregateState& state, const Value& v,
                  AggregateContext& ctx) {
  if (v.is_null() && !f.takes_nulls) return Status::OK();
  if (distinct && f.duplicates_matter) {
    if (!state.seen.insert({v}).second) return Status::OK();
    NAMIDB_RETURN_IF_ERROR(
        ctx.hold->Add(ctx.memory, 64 + sizeof(Value) + ValueBytes(v), "DISTINCT in an aggregate"));
  }
  return f.update(f, state, v, ctx);
}

bool FunctionTakes(std::string_view name, size_t index, ValueKind kind) {
  const ScalarFunction* f = FindScalarFunction(name);
  return !f || f->Takes(index, kind);
}

Result<Value> CallScalarFunction(std::string_view name, const std::vector<Value>& args,
                                 const DateTimeValue* statement_time, MemoryBudget* memory) {
  const ScalarFunction* f = FindScalarFunction(name);
  if (!f) {
    return RuntimeError("SyntaxError", "UnknownFunction", "unknown function " + std::string(name));
  }
  if (auto problem = f->ArgumentCountProblem(name, args.size())) {
    return RuntimeError("SyntaxError", "InvalidNumberOfArguments", *problem);
  }
  return CallScalar(*f, name, args, statement_time, memory);
}

}  // namespace namidb::query
