// Small logical plans for the optimizer rules' tests: bound expressions
// made by hand (slot reads, calls) and the plan's shape as text.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "query/execution/operators/once.h"
#include "query/functions/function_registry.h"
#include "query/optimizer/logical_plan.h"
#include "query/optimizer/optimizer.h"
#include "query/parser/parser.h"
#include "query/planner/planner.h"
#include "query/query_runner.h"

namespace namidb::query::testing {

// Owns the expressions of a test plan and the slots it hands out.
class PlanBuilder {
 public:
  // A bound read of `slot`.
  const Expr* Slot(int slot) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kVariable;
    e->slot = slot;
    return Keep(std::move(e));
  }
  // An integer literal (a SKIP / LIMIT count).
  const Expr* Int(int64_t v) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kLiteral;
    e->value = Value::Int(v);
    return Keep(std::move(e));
  }
  // `size(slot)`: a call reading `slot`.
  const Expr* SizeOf(int slot) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kFunction;
    e->name = "size";
    e->function = FindScalarFunction("size");
    auto arg = std::make_unique<Expr>();
    arg->kind = ExprKind::kVariable;
    arg->slot = slot;
    e->children.push_back(std::move(arg));
    return Keep(std::move(e));
  }
  // `slot.key`.
  const Expr* Property(int slot, const std::string& key) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kProperty;
    e->name = key;
    e->children.push_back(Take(Slot(slot)));
    return Keep(std::move(e));
  }
  // `name(slot)`: a call of a scalar function.
  const Expr* Call(const std::string& name, int slot) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kFunction;
    e->name = name;
    e->function = FindScalarFunction(name);
    e->children.push_back(Take(Slot(slot)));
    return Keep(std::move(e));
  }
  // `left op right`, of expressions this builder made (they become its operands).
  const Expr* Binary(BinaryOp op, const Expr* left, const Expr* right) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kBinary;
    e->binary_op = op;
    e->name = std::string(BinaryOpName(op));
    e->children.push_back(Take(left));
    e->children.push_back(Take(right));
    return Keep(std::move(e));
  }
  const Expr* Equals(const Expr* left, const Expr* right) {
    return Binary(BinaryOp::kEqual, left, right);
  }
  // `{key: value, ...}`, of values this builder made.
  const Expr* Map(std::vector<std::pair<std::string, const Expr*>> entries) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kMap;
    for (auto& [key, value] : entries) {
      e->names.push_back(key);
      e->children.push_back(Take(value));
    }
    return Keep(std::move(e));
  }
  // A pattern predicate: its reads are not in its children.
  const Expr* PatternPredicate() {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kPatternPredicate;
    e->subplan = 0;
    return Keep(std::move(e));
  }

  LogicalPtr Pipeline(CountableExpansion countable = {}) {
    return LogicalPipeline(MakeOnce(), countable);
  }

  // Runs the optimizer, without the rules named in `disabled`.
  void Optimize(LogicalPtr* root, std::set<std::string, std::less<>> disabled = {},
                const std::vector<SchemaEntry>* schema = nullptr) {
    OptimizerContext ctx{[this] { return next_slot++; }, &owned, schema};
    OptimizerOptions options;
    options.disabled = std::move(disabled);
    namidb::query::Optimize(root, ctx, options);
  }

  int next_slot = 100;
  std::vector<ExprPtr> owned;

 private:
  const Expr* Keep(ExprPtr e) {
    owned.push_back(std::move(e));
    return owned.back().get();
  }
  // `e`, made by this builder, to become part of another expression.
  ExprPtr Take(const Expr* e) {
    for (ExprPtr& kept : owned) {
      if (kept.get() == e) return std::move(kept);
    }
    return nullptr;
  }
};

// `plan` under a Filter of each of `conjuncts`, the first lowest (a MATCH's
// WHERE as the planner stacks it).
inline LogicalPtr FilteredBy(LogicalPtr plan, const std::vector<const Expr*>& conjuncts) {
  for (const Expr* c : conjuncts) {
    plan = LogicalOver(LogicalKind::kFilter, std::move(plan));
    plan->predicate = c;
  }
  return plan;
}

// The operator under the Filters at the top of `root` (a scan, in the
// plans the scan rules' tests build).
inline const LogicalOperator& ScanOf(const LogicalOperator& root) {
  const LogicalOperator* op = &root;
  while (op->kind == LogicalKind::kFilter) op = op->input.get();
  return *op;
}

inline std::string Shape(const LogicalOperator& root) {
  std::string out;
  for (const std::string& line : DescribeLogical(root)) out += line + "\n";
  return out;
}

// `text` planned against `reader` (its schema and statistics) without the
// rules in `off`, and run: its rows one line each, in order (with EXPLAIN,
// the plan).
inline std::string RunWithout(GraphReader& reader, const std::string& text,
                              std::set<std::string, std::less<>> off) {
  PlannedStatement planned;
  planned.text = text;
  auto query = Parse(planned.text);
  EXPECT_TRUE(query.ok()) << query.status().ToString();
  if (!query.ok()) return "";
  planned.query = std::move(*query);
  planned.schema = reader.schema();
  OptimizerOptions options;
  options.disabled = std::move(off);
  auto plan = PlanQuery(planned.query, nullptr, planned.schema, &reader.stats(), nullptr, options);
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  if (!plan.ok()) return "";
  planned.plan = std::move(*plan);
  auto result = RunPlanned(planned, reader, {});
  EXPECT_TRUE(result.ok()) << text << ": " << result.status().ToString();
  if (!result.ok()) return "";
  std::string out;
  for (const auto& row : result->rows) {
    for (const auto& v : row) out += v.ToString() + " ";
    out += "\n";
  }
  return out;
}

}  // namespace namidb::query::testing
