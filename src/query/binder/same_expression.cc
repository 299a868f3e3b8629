#include "query/binder/same_expression.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "query/functions/functions.h"

namespace namidb::query {

namespace {

bool Same(const Expr* a, const Expr* b) {
  if (!a || !b) return a == b;  // an absent optional part matches only another
  return SameExpression(*a, *b);
}

bool SameChildren(const Expr& a, const Expr& b) {
  if (a.children.size() != b.children.size()) return false;
  for (size_t i = 0; i < a.children.size(); ++i) {
    if (!Same(a.children[i].get(), b.children[i].get())) return false;
  }
  return true;
}

bool SameNamesAsSets(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  b.erase(std::unique(b.begin(), b.end()), b.end());
  return a == b;
}

// The operators one left-associative chain may hold (the parser's
// precedence levels); a comparison chain is no such chain (the parser
// makes `a < b < c` a conjunction) and the power operator is left alone.
int ChainLevel(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr:
      return 1;
    case BinaryOp::kXor:
      return 2;
    case BinaryOp::kAnd:
      return 3;
    case BinaryOp::kAdd:
    case BinaryOp::kSubtract:
    case BinaryOp::kConcatenate:
      return 4;
    case BinaryOp::kMultiply:
    case BinaryOp::kDivide:
    case BinaryOp::kModulo:
      return 5;
    default:
      return 0;
  }
}

// A kBinary expression as its flat chain: operands and the operator before
// each operand past the first. A first operand that is itself a chain of
// the same level (`(a + b) + c`, parenthesized or not) is unfolded, since
// it is evaluated just as the flat chain is.
void Flatten(const Expr& e, std::vector<const Expr*>* operands, std::vector<BinaryOp>* ops) {
  const Expr& first = *e.children[0];
  int level = ChainLevel(e.binary_op);
  if (level != 0 && first.kind == ExprKind::kBinary && ChainLevel(first.binary_op) == level) {
    Flatten(first, operands, ops);
  } else {
    operands->push_back(&first);
  }
  for (size_t step = 0; step + 1 < e.children.size(); ++step) {
    ops->push_back(StepOp(e, step));
    operands->push_back(e.children[step + 1].get());
  }
}

bool SameBinary(const Expr& a, const Expr& b) {
  std::vector<const Expr*> a_operands, b_operands;
  std::vector<BinaryOp> a_ops, b_ops;
  Flatten(a, &a_operands, &a_ops);
  Flatten(b, &b_operands, &b_ops);
  if (a_ops != b_ops || a_operands.size() != b_operands.size()) return false;
  for (size_t i = 0; i < a_operands.size(); ++i) {
    if (!Same(a_operands[i], b_operands[i])) return false;
  }
  return true;
}

bool SameMap(const Expr& a, const Expr& b) {
  if (a.names.size() != b.names.size() || a.children.size() != b.children.size()) return false;
  for (size_t i = 0; i < a.names.size(); ++i) {
    auto at = std::find(b.names.begin(), b.names.end(), a.names[i]);
    if (at == b.names.end()) return false;
    size_t j = static_cast<size_t>(at - b.names.begin());
    if (i >= a.children.size() || j >= b.children.size()) return false;
    if (!Same(a.children[i].get(), b.children[j].get())) return false;
  }
  return true;
}

bool SameNode(const NodePattern& a, const NodePattern& b) {
  return a.variable == b.variable && SameNamesAsSets(a.labels, b.labels) &&
         SameNamesAsSets(a.any_labels, b.any_labels) &&
         Same(a.properties.get(), b.properties.get());
}

bool SameRel(const RelPattern& a, const RelPattern& b);

bool SameHop(const QuantifiedHop* a, const QuantifiedHop* b) {
  if (!a || !b) return a == b;
  if (a->middle.size() != b->middle.size() || a->more.size() != b->more.size()) return false;
  for (size_t i = 0; i < a->middle.size(); ++i) {
    if (!SameNode(a->middle[i], b->middle[i])) return false;
  }
  for (size_t i = 0; i < a->more.size(); ++i) {
    if (!SameRel(a->more[i], b->more[i])) return false;
  }
  return SameNode(a->from, b->from) && SameNode(a->to, b->to) &&
         Same(a->where.get(), b->where.get());
}

bool SameRel(const RelPattern& a, const RelPattern& b) {
  return a.variable == b.variable && SameNamesAsSets(a.types, b.types) &&
         a.direction == b.direction && a.variable_length == b.variable_length &&
         a.range == b.range && Same(a.min_hops.get(), b.min_hops.get()) &&
         Same(a.max_hops.get(), b.max_hops.get()) && Same(a.properties.get(), b.properties.get()) &&
         SameHop(a.quantified.get(), b.quantified.get());
}

bool SamePattern(const PatternPart* a, const PatternPart* b) {
  if (!a || !b) return a == b;
  if (a->path_variable != b->path_variable || a->kind != b->kind ||
      a->nodes.size() != b->nodes.size() || a->rels.size() != b->rels.size()) {
    return false;
  }
  for (size_t i = 0; i < a->nodes.size(); ++i) {
    if (!SameNode(a->nodes[i], b->nodes[i])) return false;
  }
  for (size_t i = 0; i < a->rels.size(); ++i) {
    if (!SameRel(a->rels[i], b->rels[i])) return false;
  }
  return true;
}

void AddPatternVariables(const PatternPart& part, std::set<std::string>* out);

// The reads of `e` into `out`, `locals` holding the names bound around it
// inside the expression.
void CollectReads(const Expr* e, std::vector<std::string>* locals, std::set<std::string>* out,
                  bool* has_subquery) {
  if (!e) return;
  if (e->subquery) *has_subquery = true;
  auto is_local = [locals](const std::string& name) {
    return std::find(locals->begin(), locals->end(), name) != locals->end();
  };
  switch (e->kind) {
    case ExprKind::kVariable:
      if (!e->name.empty() && !is_local(e->name)) out->insert(e->name);
      return;
    case ExprKind::kListComprehension:
    case ExprKind::kQuantifier:
      CollectReads(e->children[0].get(), locals, out, has_subquery);
      locals->push_back(e->variable);
      for (size_t i = 1; i < e->children.size(); ++i)
        CollectReads(e->children[i].get(), locals, out, has_subquery);
      locals->pop_back();
      return;
    case ExprKind::kReduce: {
      CollectReads(e->children[0].get(), locals, out, has_subquery);
      CollectReads(e->children[1].get(), locals, out, has_subquery);
      size_t mark = locals->size();
      locals->push_back(e->variable);
      if (!e->names.empty()) locals->push_back(e->names[0]);
      CollectReads(e->children[2].get(), locals, out, has_subquery);
      locals->resize(mark);
      return;
    }
    case ExprKind::kPatternComprehension:
    case ExprKind::kPatternPredicate:
    case ExprKind::kExists:
    case ExprKind::kCountSubquery:
    case ExprKind::kCollectSubquery:
      if (e->pattern) {
        std::set<std::string> names;
        AddPatternVariables(*e->pattern, &names);
        for (const std::string& name : names) {
          if (!is_local(name)) out->insert(name);
        }
        for (const NodePattern& n : e->pattern->nodes)
          CollectReads(n.properties.get(), locals, out, has_subquery);
        for (const RelPattern& r : e->pattern->rels)
          CollectReads(r.properties.get(), locals, out, has_subquery);
      }
      break;
    default:
      break;
  }
  for (const auto& c : e->children) CollectReads(c.get(), locals, out, has_subquery);
}

void AddPatternVariables(const PatternPart& part, std::set<std::string>* out) {
  for (const NodePattern& n : part.nodes) {
    if (!n.variable.empty()) out->insert(n.variable);
  }
  for (const RelPattern& r : part.rels) {
    if (!r.variable.empty()) out->insert(r.variable);
  }
  if (!part.path_variable.empty()) out->insert(part.path_variable);
}

}  // namespace

bool SameExpression(const Expr& a, const Expr& b) {
  if (&a == &b) return true;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ExprKind::kLiteral:
      return a.value == b.value;
    case ExprKind::kParameter:
      return a.name == b.name;
    case ExprKind::kVariable:
      // The planner's own slot reads have no name: the same slot.
      if (a.name.empty() || b.name.empty()) return a.name == b.name && a.slot == b.slot;
      return a.name == b.name;
    case ExprKind::kProperty:
      return a.name == b.name && SameChildren(a, b);
    case ExprKind::kHasLabels:
      if (a.label_expression || b.label_expression) {
        return a.label_expression && b.label_expression &&
               *a.label_expression == *b.label_expression && SameChildren(a, b);
      }
      return SameNamesAsSets(a.names, b.names) && SameChildren(a, b);
    case ExprKind::kMap:
      return SameMap(a, b);
    case ExprKind::kMapProjection:  // in order: a later entry replaces an earlier one
      return a.names == b.names && SameChildren(a, b);
    case ExprKind::kFunction:
      return a.distinct == b.distinct && AsciiLower(a.name) == AsciiLower(b.name) &&
             SameChildren(a, b);
    case ExprKind::kCountStar:
      return true;
    case ExprKind::kUnary:
      return a.name == b.name && SameChildren(a, b);
    case ExprKind::kBinary:
      return SameBinary(a, b);
    case ExprKind::kCase:
      return a.has_subject == b.has_subject && a.has_else == b.has_else && SameChildren(a, b);
    case ExprKind::kListComprehension:
      return a.variable == b.variable && SameChildren(a, b);
    case ExprKind::kQuantifier:
      return AsciiLower(a.name) == AsciiLower(b.name) && a.variable == b.variable &&
             SameChildren(a, b);
    case ExprKind::kReduce:
      return a.variable == b.variable && a.names == b.names && SameChildren(a, b);
    case ExprKind::kPatternComprehension:
    case ExprKind::kPatternPredicate:
    case ExprKind::kExists:
    case ExprKind::kCountSubquery:
    case ExprKind::kCollectSubquery:
      if (a.subquery || b.subquery) return false;
      return SamePattern(a.pattern.get(), b.pattern.get()) && SameChildren(a, b);
    case ExprKind::kTypePredicate:
      return *a.cypher_type == *b.cypher_type && SameChildren(a, b);
    case ExprKind::kList:
    case ExprKind::kIsNull:
    case ExprKind::kIsNotNull:
    case ExprKind::kIndex:
    case ExprKind::kSlice:
    case ExprKind::kBuildPath:
      return SameChildren(a, b);
  }
  return false;
}

std::set<std::string> ExpressionReads(const Expr& e, bool* has_subquery) {
  std::set<std::string> out;
  std::vector<std::string> locals;
  bool subquery = false;
  CollectReads(&e, &locals, &out, &subquery);
  if (has_subquery) *has_subquery = subquery;
  return out;
}

}  // namespace namidb::query
