// A label expression of Neo4j 5's patterns and predicates: `A|B`, `A&B`,
// `!A`, `%` (any label) and parentheses, in `(n:A|B)` and `WHERE n:A|B`.
// A plain conjunction (`:A:B`, `:A&B`) stays a list of labels where the
// syntax tree has one; this is the rest. A dynamic label (`$(expr)`,
// `$all(expr)`, `$any(expr)`) is a leaf whose labels an expression gives
// per row: the expression is an operand of the predicate the expression
// is in (`Expr::children[1 + operand]` of its kHasLabels).
#pragma once

#include <span>
#include <string>
#include <vector>

namespace namidb::query {

struct LabelExpression {
  enum class Kind { kLabel, kAny, kNot, kAnd, kOr, kDynamic };
  Kind kind = Kind::kLabel;
  std::string name;  // kLabel; kDynamic: the operand's text, for ToString
  std::vector<LabelExpression> children;
  size_t operand = 0;  // kDynamic: which operand gives its labels
  bool any = false;    // kDynamic: `$any`, one of the labels; else all of them

  // Whether an element carrying `labels` satisfies it (a relationship's
  // type as its one label); `dynamic[i]` holds operand i's labels.
  bool Matches(std::span<const std::string> labels,
               std::span<const std::vector<std::string>> dynamic = {}) const;
  // Whether a kDynamic leaf is anywhere in it.
  bool HasDynamic() const;
  // A dynamic label every element that satisfies it must meet: itself, or
  // a `$(…)` of its top conjunction; null if none (what a scan may read).
  const LabelExpression* RequiredDynamic() const;
  // Whether it is labels and `$(…)` / `$all(…)` joined by `&` (or one of
  // them), what a pattern to create may take: the labels added to `labels`
  // once each, the operands of the dynamic ones to `dynamic`.
  bool IsCreatable(std::vector<std::string>* labels, std::vector<size_t>* dynamic) const;
  // The labels every element that satisfies it carries: the plain labels
  // of its top conjunction (what a scan may start from).
  std::vector<std::string> Required() const;
  // As Cypher writes it, parenthesized where needed (dumps, EXPLAIN); a
  // dynamic label's operand as `operands[operand]` when given, else as
  // its text.
  std::string ToString(std::span<const std::string> operands = {}) const;
  // The labels of a plain conjunction, or false when it is anything else.
  bool IsConjunction(std::vector<std::string>* labels) const;
  // The names of a plain disjunction (`A|B`, a relationship's types), or
  // false when it is anything else.
  bool IsDisjunction(std::vector<std::string>* names) const;
  // Labels of which every element that satisfies it carries one at least
  // (`A|B`: A and B; `(A|B)&!C`: A and B), what a scan may read instead of
  // every element; empty when there are none such (`!A`, `%`).
  std::vector<std::string> AnyOf() const;

  // The same expression: a dynamic label's text aside (its operand is
  // compared where it is, as an expression).
  friend bool operator==(const LabelExpression& a, const LabelExpression& b) {
    return a.kind == b.kind && (a.kind == Kind::kDynamic || a.name == b.name) &&
           a.children == b.children && a.operand == b.operand && a.any == b.any;
  }
};

}  // namespace namidb::query
