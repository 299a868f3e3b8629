#include "query/execution/evaluator.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "query/common/query_error.h"
#include "query/execution/dynamic_labels.h"
#include "query/functions/function_registry.h"
#include "query/functions/regex_match.h"
#include "query/functions/temporal_fields.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
Status CheckValueDepth(int depth, const Expr& at, std::string_view what) {
  return CheckBuiltDepth(depth, at.pos, what);
}

namespace {

Value FromTernary(Ternary t) { return t ? Value::Bool(*t) : Value(); }

Status Unsupported(const Expr& e, std::string_view what) {
  return CompileError("SyntaxError", "UnsupportedFeature", e.pos,
                      std::string(what) + " is not supported yet");
}

// The statement's deadline, polled once per list element (none when the
// context has no statement, as when the planner folds a constant).
Status Poll(const EvalContext& ctx) {
  return ctx.interrupts ? ctx.interrupts->Poll() : Status::OK();
}

// A list, map or string the evaluator built must fit in the statement's
// memory (MemoryBudget::CheckValue), and a list or map nest no deeper than
// kMaxBuiltValueDepth; others hold nothing of their own.
Status CheckBuilt(const Value& v, const EvalContext& ctx, const Expr& e, std::string_view what) {
  switch (v.kind()) {
    case ValueKind::kString:
    case ValueKind::kBytes:
      return ctx.memory ? ctx.memory->CheckValue(sizeof(Value) + ValueBytes(v), what)
                        : Status::OK();
    case ValueKind::kList:
    case ValueKind::kMap: {
      const ValueSize size = MeasureValue(v);
      NAMIDB_RETURN_IF_ERROR(CheckValueDepth(size.depth, e, what));
      return ctx.memory ? ctx.memory->CheckValue(sizeof(Value) + size.bytes, what) : Status::OK();
    }
    default:
      return Status::OK();
  }
}

// A list being built element by element: `bytes` so far must fit; once
// built, they count as built.
Status CheckGrowing(uint64_t bytes, const EvalContext& ctx, std::string_view what) {
  return ctx.memory ? ctx.memory->CheckFits(bytes, what) : Status::OK();
}
Status CheckGrown(uint64_t bytes, const EvalContext& ctx, std::string_view what) {
  return ctx.memory ? ctx.memory->CheckValue(sizeof(Value) + bytes, what) : Status::OK();
}

// Appends `v` to `out`, a list `e` builds: its nesting and the list's
// bytes so far (`bytes`) checked.
Status AppendElement(ValueList* out, Value v, uint64_t* bytes, const Expr& e,
                     const EvalContext& ctx, std::string_view what) {
  const ValueSize element = MeasureValue(v);
  out->push_back(std::move(v));
  NAMIDB_RETURN_IF_ERROR(CheckValueDepth(element.depth + 1, e, what));
  *bytes += sizeof(Value) + element.bytes;
  return CheckGrowing(*bytes, ctx, what);
}

void SetLocal(Row& row, int slot, Value v) {
  if (row.size() <= static_cast<size_t>(slot)) row.resize(slot + 1);
  row[slot] = std::move(v);
}

Result<Value> Property(const Expr& e, const Value& target) {
  const ValueMap* props = nullptr;
  switch (target.kind()) {
    case ValueKind::kNull:
      return Value();
    case ValueKind::kNode:
      props = &target.as_node().properties;
      break;
    case ValueKind::kRelationship:
      props = &target.as_relationship().properties;
      break;
    case ValueKind::kMap:
      props = &target.as_map();
      break;
    case ValueKind::kDate:
    case ValueKind::kDateTime:
    case ValueKind::kLocalTime:
    case ValueKind::kTime:
    case ValueKind::kLocalDateTime:
    case ValueKind::kDuration:
      return TemporalField(target, e.name);
    default:
      return RuntimeError("TypeError", "InvalidArgumentType",
                          "cannot read property '" + e.name + "' of " + TypeName(target));
  }
  const Value* v = props->Find(e.name);
  return v ? *v : Value();
}

Result<Value> Index(const Value& target, const Value& index) {
  if (target.is_null() || index.is_null()) return Value();
  if (target.kind() == ValueKind::kList) {
    if (index.kind() != ValueKind::kInt) {
      return RuntimeError("TypeError", "ListElementAccessByNonInteger",
                          "a list index must be an integer, not " + TypeName(index));
    }
    const auto& l = target.as_list();
    int64_t i = index.as_int(), n = static_cast<int64_t>(l.size());
    if (i < 0) i += n;
    if (i < 0 || i >= n) return Value();
    return l[i];
  }
  const ValueMap* props = nullptr;
  if (target.kind() == ValueKind::kMap) props = &target.as_map();
  if (target.kind() == ValueKind::kNode) props = &target.as_node().properties;
  if (target.kind() == ValueKind::kRelationship) props = &target.as_relationship().properties;
  if (props) {
    if (index.kind() != ValueKind::kString) {
      return RuntimeError("TypeError", "MapElementAccessByNonString",
                          "a map key must be a string, not " + TypeName(index));
    }
    const Value* v = props->Find(index.as_string());
    return v ? *v : Value();
  }
  return RuntimeError("TypeError", "InvalidArgumentType", "cannot index " + TypeName(target));
}

Result<Value> In(const Value& item, const Value& list) {
  if (list.is_null()) return Value();
  if (list.kind() != ValueKind::kList) {
    return RuntimeError("TypeError", "InvalidArgumentType",
                        "IN needs a list, got " + TypeName(list));
  }
  bool unknown = false;
  for (const auto& element : list.as_list()) {
    Ternary eq = Equals(item, element);
    if (!eq) {
      unknown = true;
    } else if (*eq) {
      return Value::Bool(true);
    }
  }
  return unknown ? Value() : Value::Bool(false);
}

Result<Value> StringPredicate(BinaryOp op, const Value& a, const Value& b) {
  if (a.kind() != ValueKind::kString || b.kind() != ValueKind::kString) return Value();
  const std::string &s = a.as_string(), &t = b.as_string();
  if (op == BinaryOp::kStartsWith) {
    return Value::Bool(s.compare(0, t.size(), t) == 0 && s.size() >= t.size());
  }
  if (op == BinaryOp::kEndsWith) {
    return Value::Bool(s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0);
  }
  return Value::Bool(s.find(t) != std::string::npos);  // CONTAINS
}

Result<Value> Compare(BinaryOp op, const Value& a, const Value& b) {
  if (op == BinaryOp::kEqual) return FromTernary(Equals(a, b));
  if (op == BinaryOp::kNotEqual) {
    Ternary eq = Equals(a, b);
    return eq ? Value::Bool(!*eq) : Value();
  }
  std::optional<int> c = CompareValues(a, b);
  if (!c) return Value();
  if (*c == kUnordered) return Value::Bool(false);  // NaN: no order holds
  switch (op) {
    case BinaryOp::kLess:
      return Value::Bool(*c < 0);
    case BinaryOp::kGreater:
      return Value::Bool(*c > 0);
    case BinaryOp::kLessEqual:
      return Value::Bool(*c <= 0);
    default:
      return Value::Bool(*c >= 0);  // >=
  }
}

Result<Value> Slice(const Value& target, const Value* from, const Value* to) {
  if (target.is_null()) return Value();
  if ((from && from->is_null()) || (to && to->is_null())) return Value();
  if (target.kind() != ValueKind::kList) {
    return RuntimeError("TypeError", "InvalidArgumentType", "cannot slice " + TypeName(target));
  }
  const auto& l = target.as_list();
  int64_t n = static_cast<int64_t>(l.size());
  auto bound = [n](const Value* v, int64_t fallback) -> Result<int64_t> {
    if (!v) return fallback;
    if (v->kind() != ValueKind::kInt) {
      return RuntimeError("TypeError", "InvalidArgumentType", "slice bounds must be integers");
    }
    int64_t i = v->as_int();
    if (i < 0) i += n;
    return std::clamp<int64_t>(i, 0, n);
  };
  NAMIDB_ASSIGN_OR_RETURN(int64_t begin, bound(from, 0));
  NAMIDB_ASSIGN_OR_RETURN(int64_t end, bound(to, n));
  if (begin >= end) return Value::List({});
  return Value::List(ValueList(l.begin() + begin, l.begin() + end));
}

// startNode(r) / endNode(r): the endpoint's record, read from the graph.
Result<Value> EndNode(const Expr& e, const std::vector<Value>& args, bool start,
                      const EvalContext& ctx) {
  if (args.size() != 1) {
    return CompileError("SyntaxError", "InvalidNumberOfArguments", e.pos,
                        e.name + "() takes 1 argument");
  }
  const Value& r = args[0];
  if (r.is_null()) return Value();
  if (r.kind() != ValueKind::kRelationship) {
    return RuntimeError("TypeError", "InvalidArgumentValue",
                        e.name + "() needs a relationship, not " + TypeName(r));
  }
  const Uuid& id = start ? r.as_relationship().start : r.as_relationship().end;
  if (!ctx.graph) return Status::Internal("no graph to read " + e.name + "() from");
  NAMIDB_ASSIGN_OR_RETURN(auto node, ctx.graph->LookupNode(id));
  if (!node) return Value();
  return Value::Node(NodeValue{id, node->labels, node->properties});
}

// Whether the statement deleted anything yet: reads check only then, and
// build no message otherwise.
bool AnyDeleted(const EvalContext& ctx) { return ctx.deleted && !ctx.deleted->empty(); }

// The value of a variable, a literal or a given parameter where it is, with
// no copy; null for anything else (a missing parameter too: evaluated, it
// is the error).
const Value* InPlace(const Expr& e, const Row& row, const EvalContext& ctx) {
  switch (e.kind) {
    case ExprKind::kVariable:
    case ExprKind::kCountStar:
      return &row[e.slot];
    case ExprKind::kLiteral:
      return &e.value;
    case ExprKind::kParameter:
      return ctx.params ? ctx.params->Find(e.name) : nullptr;
    default:
      return nullptr;
  }
}

// One function per composite kind, kept out of line: Evaluate recurses
// through them for nested expressions, and a frame holding every case's
// locals at once would exhaust the wasm stack within a few dozen levels.
[[gnu::noinline]] Result<Value> EvaluateParameter(const Expr& e, [[maybe_unused]] Row& row,
                                                  [[maybe_unused]] const EvalContext& ctx) {
  const Value* v = ctx.params ? ctx.params->Find(e.name) : nullptr;
  if (!v) {
    return CompileError("ParameterMissing", "MissingParameter", e.pos,
                        "no value given for parameter $" + e.name);
  }
  return *v;
}

[[gnu::noinline]] Result<Value> EvaluateProperty(const Expr& e, [[maybe_unused]] Row& row,
                                                 [[maybe_unused]] const EvalContext& ctx) {
  Value held;
  NAMIDB_ASSIGN_OR_RETURN(const Value* target, EvaluateOperand(*e.children[0], row, ctx, &held));
  if (AnyDeleted(ctx)) {
    NAMIDB_RETURN_IF_ERROR(CheckNotDeleted(*target, ctx, "property '" + e.name + "'"));
  }
  return Property(e, *target);
}

[[gnu::noinline]] Result<Value> EvaluateHasLabels(const Expr& e, [[maybe_unused]] Row& row,
                                                  [[maybe_unused]] const EvalContext& ctx) {
  Value held;
  NAMIDB_ASSIGN_OR_RETURN(const Value* operand, EvaluateOperand(*e.children[0], row, ctx, &held));
  const Value& target = *operand;
  if (target.is_null()) return Value();
  if (target.kind() == ValueKind::kNode)
    NAMIDB_RETURN_IF_ERROR(CheckNotDeleted(target, ctx, "the labels"));
  // The labels of the dynamic ones (`n:$(expr)`), operands after the subject.
  std::vector<std::vector<std::string>> dynamic;
  for (size_t i = 1; i < e.children.size(); ++i) {
    NAMIDB_ASSIGN_OR_RETURN(auto labels, EvaluateDynamicLabels(*e.children[i], row, ctx));
    dynamic.push_back(std::move(labels));
  }
  if (target.kind() == ValueKind::kRelationship) {
    // `r:T` asks for the relationship's one type.
    const std::string& type = target.as_relationship().type;
    if (e.label_expression) {
      return Value::Bool(e.label_expression->Matches(std::span(&type, 1), dynamic));
    }
    for (const auto& l : e.names) {
      if (l != type) return Value::Bool(false);
    }
    return Value::Bool(true);
  }
  if (target.kind() != ValueKind::kNode) {
    return RuntimeError("TypeError", "InvalidArgumentValue",
                        "label predicates need a node or a relationship, got " + TypeName(target));
  }
  const auto& labels = target.as_node().labels;
  if (e.label_expression) return Value::Bool(e.label_expression->Matches(labels, dynamic));
  for (const auto& l : e.names) {
    if (std::find(labels.begin(), labels.end(), l) == labels.end()) return Value::Bool(false);
  }
  return Value::Bool(true);
}

[[gnu::noinline]] Result<Value> EvaluateList(const Expr& e, [[maybe_unused]] Row& row,
                                             [[maybe_unused]] const EvalContext& ctx) {
  ValueList out;
  for (const auto& c : e.children) {
    NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*c, row, ctx));
    out.push_back(std::move(v));
  }
  Value list = Value::List(std::move(out));
  NAMIDB_RETURN_IF_ERROR(CheckBuilt(list, ctx, e, "a list"));
  return list;
}

[[gnu::noinline]] Result<Value> EvaluateMap(const Expr& e, [[maybe_unused]] Row& row,
                                            [[maybe_unused]] const EvalContext& ctx) {
  ValueMap out;
  for (size_t i = 0; i < e.children.size(); ++i) {
    NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*e.children[i], row, ctx));
    out.Set(e.names[i], std::move(v));
  }
  Value map = Value::Map(std::move(out));
  NAMIDB_RETURN_IF_ERROR(CheckBuilt(map, ctx, e, "a map"));
  return map;
}

// `subject {entries}`: null of a null subject, else the entries in order
// (`.*`'s merged in), over a node, a relationship or a map.
[[gnu::noinline]] Result<Value> EvaluateMapProjection(const Expr& e, [[maybe_unused]] Row& row,
                                                      [[maybe_unused]] const EvalContext& ctx) {
  NAMIDB_ASSIGN_OR_RETURN(Value subject, Evaluate(*e.children[0], row, ctx));
  if (subject.is_null()) return Value();
  ValueKind kind = subject.kind();
  if (kind != ValueKind::kNode && kind != ValueKind::kRelationship && kind != ValueKind::kMap) {
    return RuntimeError(
        "TypeError", "InvalidArgumentType",
        "a map projection needs a node, a relationship or a map, got " + TypeName(subject));
  }
  ValueMap out;
  for (size_t i = 1; i < e.children.size(); ++i) {
    NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*e.children[i], row, ctx));
    if (!e.names[i].empty()) {
      out.Set(e.names[i], std::move(v));
    } else if (v.kind() == ValueKind::kMap) {
      for (const auto& [key, value] : v.as_map()) out.Set(key, value);
    }
  }
  Value map = Value::Map(std::move(out));
  NAMIDB_RETURN_IF_ERROR(CheckBuilt(map, ctx, e, "a map"));
  return map;
}

[[gnu::noinline]] Result<Value> EvaluateFunction(const Expr& e, [[maybe_unused]] Row& row,
                                                 [[maybe_unused]] const EvalContext& ctx) {
  if (e.slot >= 0) return row[e.slot];  // an aggregate, computed by the planner's operator
  const ScalarFunction* f = e.function;
  if (!f) {
    // Not resolved by a planner (an expression made by hand): resolved here.
    f = FindScalarFunction(e.name);
    if (!f) {
      return CompileError("SyntaxError", "UnknownFunction", e.pos,
                          "unknown function " + e.name + "()");
    }
    if (auto problem = f->ArgumentCountProblem(e.name, e.children.size())) {
      return CompileError("SyntaxError", "InvalidNumberOfArguments", e.pos, *problem);
    }
  }
  std::vector<Value> args;
  args.reserve(e.children.size());
  for (const auto& c : e.children) {
    NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*c, row, ctx));
    args.push_back(std::move(v));
  }
  switch (f->id) {
    case FunctionId::kExists:
      // exists(pattern) is the pattern's test (an EXISTS { } when the
      // pattern has label expressions); else whether a value is there.
      if (e.children[0]->kind == ExprKind::kPatternPredicate ||
          e.children[0]->kind == ExprKind::kExists) {
        return args[0];
      }
      return Value::Bool(!args[0].is_null());
    case FunctionId::kStartNode:
    case FunctionId::kEndNode:
      return EndNode(e, args, f->id == FunctionId::kStartNode, ctx);
    case FunctionId::kLabels:
    case FunctionId::kKeys:
    case FunctionId::kProperties:
      // What a deleted element no longer has: its labels and properties.
      NAMIDB_RETURN_IF_ERROR(CheckNotDeleted(args[0], ctx, e.name + "()"));
      break;
    default:
      break;
  }
  NAMIDB_ASSIGN_OR_RETURN(
      Value result, CallScalar(*f, e.name, args,
                               ctx.statement_time ? &*ctx.statement_time : nullptr, ctx.memory));
  NAMIDB_RETURN_IF_ERROR(CheckBuilt(result, ctx, e, e.name + "()"));
  return result;
}

[[gnu::noinline]] Result<Value> EvaluateUnary(const Expr& e, [[maybe_unused]] Row& row,
                                              [[maybe_unused]] const EvalContext& ctx) {
  NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*e.children[0], row, ctx));
  if (e.name == "NOT") {
    NAMIDB_ASSIGN_OR_RETURN(Ternary t, AsPredicate(v));
    return t ? Value::Bool(!*t) : Value();
  }
  if (e.name == "-") return Negate(v);
  if (!v.is_null() && v.kind() != ValueKind::kInt && v.kind() != ValueKind::kFloat) {
    return RuntimeError("TypeError", "InvalidArgumentType", "unary + needs a number");
  }
  return v;
}

// A non-boolean operator applied to two evaluated operands.
Result<Value> ApplyBinary(BinaryOp op, const Value& a, const Value& b) {
  switch (op) {
    case BinaryOp::kAdd:
      return Add(a, b);
    case BinaryOp::kConcatenate:
      return Concatenate(a, b);
    case BinaryOp::kSubtract:
      return Subtract(a, b);
    case BinaryOp::kMultiply:
      return Multiply(a, b);
    case BinaryOp::kDivide:
      return Divide(a, b);
    case BinaryOp::kModulo:
      return Modulo(a, b);
    case BinaryOp::kPower:
      return Power(a, b);
    case BinaryOp::kIn:
      return In(a, b);
    case BinaryOp::kStartsWith:
    case BinaryOp::kEndsWith:
    case BinaryOp::kContains:
      return StringPredicate(op, a, b);
    case BinaryOp::kRegexMatch:
      return RegexMatch(a, b);
    default:
      return Compare(op, a, b);
  }
}

// AND, OR and XOR over any number of operands, left to right (a chain
// `a AND b AND c` is one node): AND stops at the first false and OR at the
// first true, as nested binary operators would; otherwise null if any
// operand is null.
Result<Value> EvaluateLogical(const Expr& e, Row& row, const EvalContext& ctx) {
  const BinaryOp op = e.binary_op;
  // The operands' value so far (AND starts at true, OR and XOR at false),
  // and whether one was null: then the result is null unless an operand
  // decides it. Two plain flags, not a Ternary: GCC's -O3 takes an
  // optional<bool> assigned in the loop for uninitialised.
  bool value = op == BinaryOp::kAnd;
  bool some_null = false;
  for (const auto& child : e.children) {
    NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*child, row, ctx));
    NAMIDB_ASSIGN_OR_RETURN(Ternary t, AsPredicate(v));
    if (op == BinaryOp::kAnd && t == Ternary(false)) return Value::Bool(false);
    if (op == BinaryOp::kOr && t == Ternary(true)) return Value::Bool(true);
    if (!t) {
      some_null = true;
    } else if (op == BinaryOp::kXor) {
      value = value != *t;
    }
  }
  return some_null ? Value() : Value::Bool(value);
}

[[gnu::noinline]] Result<Value> EvaluateBinary(const Expr& e, [[maybe_unused]] Row& row,
                                               [[maybe_unused]] const EvalContext& ctx) {
  const BinaryOp op = e.binary_op;
  if (op == BinaryOp::kAnd || op == BinaryOp::kOr || op == BinaryOp::kXor) {
    return EvaluateLogical(e, row, ctx);
  }
  if (e.children.size() == 2) {
    // Both operands where they are when they can be: a comparison with a
    // variable or a parameter copies nothing.
    Value held_a, held_b;
    const Expr& right = *e.children[1];
    NAMIDB_ASSIGN_OR_RETURN(const Value* a, EvaluateOperand(*e.children[0], row, ctx, &held_a));
    const ExprKind left = e.children[0]->kind;
    const bool in_row = left == ExprKind::kVariable || left == ExprKind::kCountStar;
    if (in_row && !InPlace(right, row, ctx)) {
      held_a = *a;  // evaluating `right` may grow the row under `a`
      a = &held_a;
    }
    NAMIDB_ASSIGN_OR_RETURN(const Value* b, EvaluateOperand(right, row, ctx, &held_b));
    NAMIDB_ASSIGN_OR_RETURN(Value out, ApplyBinary(op, *a, *b));
    if (op == BinaryOp::kAdd || op == BinaryOp::kConcatenate) {
      NAMIDB_RETURN_IF_ERROR(CheckBuilt(out, ctx, e, op == BinaryOp::kAdd ? "+" : "||"));
    }
    return out;
  }
  // A chain folds from the left: ((c0 op1 c1) op2 c2) ...
  NAMIDB_ASSIGN_OR_RETURN(Value acc, Evaluate(*e.children[0], row, ctx));
  for (size_t i = 1; i < e.children.size(); ++i) {
    NAMIDB_ASSIGN_OR_RETURN(Value b, Evaluate(*e.children[i], row, ctx));
    const BinaryOp step = StepOp(e, i - 1);
    NAMIDB_ASSIGN_OR_RETURN(acc, ApplyBinary(step, acc, b));
    // + joins strings and lists: no bigger than its operands, but a
    // reduce() doubling a list each step outgrows any memory.
    if (step == BinaryOp::kAdd || step == BinaryOp::kConcatenate) {
      NAMIDB_RETURN_IF_ERROR(CheckBuilt(acc, ctx, e, step == BinaryOp::kAdd ? "+" : "||"));
    }
  }
  return acc;
}

[[gnu::noinline]] Result<Value> EvaluateTypePredicate(const Expr& e, [[maybe_unused]] Row& row,
                                                      [[maybe_unused]] const EvalContext& ctx) {
  NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*e.children[0], row, ctx));
  return Value::Bool(e.cypher_type->Matches(v));
}

[[gnu::noinline]] Result<Value> EvaluateIsNull(const Expr& e, [[maybe_unused]] Row& row,
                                               [[maybe_unused]] const EvalContext& ctx) {
  Value held;
  NAMIDB_ASSIGN_OR_RETURN(const Value* v, EvaluateOperand(*e.children[0], row, ctx, &held));
  return Value::Bool(v->is_null() == (e.kind == ExprKind::kIsNull));
}

[[gnu::noinline]] Result<Value> EvaluateIndex(const Expr& e, [[maybe_unused]] Row& row,
                                              [[maybe_unused]] const EvalContext& ctx) {
  NAMIDB_ASSIGN_OR_RETURN(Value target, Evaluate(*e.children[0], row, ctx));
  NAMIDB_ASSIGN_OR_RETURN(Value index, Evaluate(*e.children[1], row, ctx));
  NAMIDB_RETURN_IF_ERROR(CheckNotDeleted(target, ctx, "a property"));
  return Index(target, index);
}

[[gnu::noinline]] Result<Value> EvaluateSlice(const Expr& e, [[maybe_unused]] Row& row,
                                              [[maybe_unused]] const EvalContext& ctx) {
  NAMIDB_ASSIGN_OR_RETURN(Value target, Evaluate(*e.children[0], row, ctx));
  std::optional<Value> from, to;
  if (e.children[1]) {
    NAMIDB_ASSIGN_OR_RETURN(from, Evaluate(*e.children[1], row, ctx));
  }
  if (e.children[2]) {
    NAMIDB_ASSIGN_OR_RETURN(to, Evaluate(*e.children[2], row, ctx));
  }
  return Slice(target, from ? &*from : nullptr, to ? &*to : nullptr);
}

[[gnu::noinline]] Result<Value> EvaluateCase(const Expr& e, [[maybe_unused]] Row& row,
                                             [[maybe_unused]] const EvalContext& ctx) {
  size_t i = 0;
  std::optional<Value> subject;
  if (e.has_subject) {
    NAMIDB_ASSIGN_OR_RETURN(subject, Evaluate(*e.children[0], row, ctx));
    i = 1;
  }
  size_t pairs_end = e.children.size() - (e.has_else ? 1 : 0);
  for (; i + 1 < pairs_end; i += 2) {
    NAMIDB_ASSIGN_OR_RETURN(Value when, Evaluate(*e.children[i], row, ctx));
    bool hit;
    if (subject) {
      hit = Equals(*subject, when) == Ternary(true);
    } else {
      hit = when.kind() == ValueKind::kBool && when.as_bool();
    }
    if (hit) return Evaluate(*e.children[i + 1], row, ctx);
  }
  if (e.has_else) return Evaluate(*e.children.back(), row, ctx);
  return Value();
}

[[gnu::noinline]] Result<Value> EvaluateListComprehension(const Expr& e, [[maybe_unused]] Row& row,
                                                          [[maybe_unused]] const EvalContext& ctx) {
  NAMIDB_ASSIGN_OR_RETURN(Value list, Evaluate(*e.children[0], row, ctx));
  if (list.is_null()) return Value();
  if (list.kind() != ValueKind::kList) {
    return RuntimeError("TypeError", "InvalidArgumentType", "a comprehension needs a list");
  }
  ValueList out;
  uint64_t bytes = 0;
  for (const auto& item : list.as_list()) {
    NAMIDB_RETURN_IF_ERROR(Poll(ctx));
    SetLocal(row, e.local_slot, item);
    if (e.children[1]) {
      NAMIDB_ASSIGN_OR_RETURN(Value keep, Evaluate(*e.children[1], row, ctx));
      NAMIDB_ASSIGN_OR_RETURN(Ternary t, AsPredicate(keep));
      if (t != Ternary(true)) continue;
    }
    Value projected;
    if (e.children[2]) {
      NAMIDB_ASSIGN_OR_RETURN(projected, Evaluate(*e.children[2], row, ctx));
    }
    NAMIDB_RETURN_IF_ERROR(AppendElement(&out, e.children[2] ? std::move(projected) : item, &bytes,
                                         e, ctx, "a list comprehension"));
  }
  NAMIDB_RETURN_IF_ERROR(CheckGrown(bytes, ctx, "a list comprehension"));
  return Value::List(std::move(out));
}

[[gnu::noinline]] Result<Value> EvaluateQuantifier(const Expr& e, [[maybe_unused]] Row& row,
                                                   [[maybe_unused]] const EvalContext& ctx) {
  NAMIDB_ASSIGN_OR_RETURN(Value list, Evaluate(*e.children[0], row, ctx));
  if (list.is_null()) return Value();
  if (list.kind() != ValueKind::kList) {
    return RuntimeError("TypeError", "InvalidArgumentType", e.name + "() needs a list");
  }
  size_t yes = 0, unknown = 0;
  for (const auto& item : list.as_list()) {
    NAMIDB_RETURN_IF_ERROR(Poll(ctx));
    SetLocal(row, e.local_slot, item);
    Ternary t(true);
    if (e.children[1]) {
      NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*e.children[1], row, ctx));
      NAMIDB_ASSIGN_OR_RETURN(t, AsPredicate(v));
    }
    if (!t) {
      ++unknown;
    } else if (*t) {
      ++yes;
    }
  }
  size_t n = list.as_list().size(), no = n - yes - unknown;
  if (e.name == "ALL") return no > 0 ? Value::Bool(false) : unknown ? Value() : Value::Bool(true);
  if (e.name == "ANY") return yes > 0 ? Value::Bool(true) : unknown ? Value() : Value::Bool(false);
  if (e.name == "NONE") return yes > 0 ? Value::Bool(false) : unknown ? Value() : Value::Bool(true);
  // SINGLE
  if (yes > 1) return Value::Bool(false);
  if (unknown) return Value();
  return Value::Bool(yes == 1);
}

[[gnu::noinline]] Result<Value> EvaluateReduce(const Expr& e, [[maybe_unused]] Row& row,
                                               [[maybe_unused]] const EvalContext& ctx) {
  NAMIDB_ASSIGN_OR_RETURN(Value acc, Evaluate(*e.children[0], row, ctx));
  NAMIDB_ASSIGN_OR_RETURN(Value list, Evaluate(*e.children[1], row, ctx));
  if (list.is_null()) return Value();
  if (list.kind() != ValueKind::kList) {
    return RuntimeError("TypeError", "InvalidArgumentType", "reduce() needs a list");
  }
  // slot: the accumulator; local_slot: the element.
  for (const auto& item : list.as_list()) {
    NAMIDB_RETURN_IF_ERROR(Poll(ctx));
    SetLocal(row, e.slot, acc);
    SetLocal(row, e.local_slot, item);
    NAMIDB_ASSIGN_OR_RETURN(acc, Evaluate(*e.children[2], row, ctx));
  }
  return acc;
}

[[gnu::noinline]] Result<Value> EvaluateBuildPath(const Expr& e, [[maybe_unused]] Row& row,
                                                  [[maybe_unused]] const EvalContext& ctx) {
  PathValue path;
  NAMIDB_ASSIGN_OR_RETURN(Value start, Evaluate(*e.children[0], row, ctx));
  if (start.kind() != ValueKind::kNode) return Value();  // an OPTIONAL MATCH that found nothing
  path.nodes.push_back(start.as_node());
  for (size_t i = 1; i + 1 < e.children.size(); i += 2) {
    NAMIDB_ASSIGN_OR_RETURN(Value rels, Evaluate(*e.children[i], row, ctx));
    NAMIDB_ASSIGN_OR_RETURN(Value nodes, Evaluate(*e.children[i + 1], row, ctx));
    if (rels.kind() != ValueKind::kList || nodes.kind() != ValueKind::kList) return Value();
    for (const auto& r : rels.as_list()) {
      if (r.kind() != ValueKind::kRelationship) return Value();
      path.relationships.push_back(r.as_relationship());
    }
    for (const auto& n : nodes.as_list()) {
      if (n.kind() != ValueKind::kNode) return Value();
      path.nodes.push_back(n.as_node());
    }
  }
  return Value::Path(std::move(path));
}

[[gnu::noinline]] Result<Value> EvaluatePatternPredicate(const Expr& e, [[maybe_unused]] Row& row,
                                                         [[maybe_unused]] const EvalContext& ctx) {
  if (!ctx.subplans || e.subplan < 0) return Unsupported(e, "this pattern");
  NAMIDB_ASSIGN_OR_RETURN(auto found, ctx.subplans->Run(e.subplan, row, /*first_only=*/true));
  return Value::Bool(!found.empty());
}

// COUNT { ... }: how many matches of the pattern, or rows of the subquery.
[[gnu::noinline]] Result<Value> EvaluateCountSubquery(const Expr& e, [[maybe_unused]] Row& row,
                                                      [[maybe_unused]] const EvalContext& ctx) {
  if (!ctx.subplans || e.subplan < 0) return Unsupported(e, "this COUNT subquery");
  NAMIDB_ASSIGN_OR_RETURN(auto found, ctx.subplans->Run(e.subplan, row, /*first_only=*/false));
  return Value::Int(static_cast<int64_t>(found.size()));
}

// COLLECT { ... RETURN x }: the values of x in the subquery's rows, in order.
[[gnu::noinline]] Result<Value> EvaluateCollectSubquery(const Expr& e, [[maybe_unused]] Row& row,
                                                        [[maybe_unused]] const EvalContext& ctx) {
  if (!ctx.subplans || e.subplan < 0) return Unsupported(e, "this COLLECT subquery");
  NAMIDB_ASSIGN_OR_RETURN(auto found, ctx.subplans->Run(e.subplan, row, /*first_only=*/false));
  ValueList out;
  uint64_t bytes = 0;
  for (Row& r : found) {
    NAMIDB_RETURN_IF_ERROR(
        AppendElement(&out, std::move(r[e.local_slot]), &bytes, e, ctx, "a COLLECT subquery"));
  }
  NAMIDB_RETURN_IF_ERROR(CheckGrown(bytes, ctx, "a COLLECT subquery"));
  return Value::List(std::move(out));
}

[[gnu::noinline]] Result<Value> EvaluatePatternComprehension(
    const Expr& e, [[maybe_unused]] Row& row, [[maybe_unused]] const EvalContext& ctx) {
  if (!ctx.subplans || e.subplan < 0) return Unsupported(e, "pattern comprehension");
  NAMIDB_ASSIGN_OR_RETURN(auto found, ctx.subplans->Run(e.subplan, row, /*first_only=*/false));
  ValueList out;
  uint64_t bytes = 0;
  for (Row& r : found) {
    NAMIDB_RETURN_IF_ERROR(Poll(ctx));
    NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*e.children[1], r, ctx));
    NAMIDB_RETURN_IF_ERROR(
        AppendElement(&out, std::move(v), &bytes, e, ctx, "a pattern comprehension"));
  }
  NAMIDB_RETURN_IF_ERROR(CheckGrown(bytes, ctx, "a pattern comprehension"));
  return Value::List(std::move(out));
}

using Evaluator = Result<Value> (*)(const Expr&, Row&, const EvalContext&);

// The composite kinds' functions, called through this table: a direct call
// of a function with one caller would be inlined back into Evaluate by the
// wasm optimizer, whatever `noinline` says.
Evaluator EvaluatorFor(ExprKind kind) {
  switch (kind) {
    case ExprKind::kParameter:
      return EvaluateParameter;
    case ExprKind::kProperty:
      return EvaluateProperty;
    case ExprKind::kHasLabels:
      return EvaluateHasLabels;
    case ExprKind::kList:
      return EvaluateList;
    case ExprKind::kMap:
      return EvaluateMap;
    case ExprKind::kMapProjection:
      return EvaluateMapProjection;
    case ExprKind::kFunction:
      return EvaluateFunction;
    case ExprKind::kUnary:
      return EvaluateUnary;
    case ExprKind::kBinary:
      return EvaluateBinary;
    case ExprKind::kIsNull:
    case ExprKind::kIsNotNull:
      return EvaluateIsNull;
    case ExprKind::kTypePredicate:
      return EvaluateTypePredicate;
    case ExprKind::kIndex:
      return EvaluateIndex;
    case ExprKind::kSlice:
      return EvaluateSlice;
    case ExprKind::kCase:
      return EvaluateCase;
    case ExprKind::kListComprehension:
      return EvaluateListComprehension;
    case ExprKind::kQuantifier:
      return EvaluateQuantifier;
    case ExprKind::kReduce:
      return EvaluateReduce;
    case ExprKind::kBuildPath:
      return EvaluateBuildPath;
    case ExprKind::kPatternPredicate:
    case ExprKind::kExists:
      return EvaluatePatternPredicate;
    case ExprKind::kCountSubquery:
      return EvaluateCountSubquery;
    case ExprKind::kCollectSubquery:
      return EvaluateCollectSubquery;
    case ExprKind::kPatternComprehension:
      return EvaluatePatternComprehension;
    default:
      return nullptr;
  }
}

struct EvaluatorTable {
  Evaluator by_kind[static_cast<size_t>(ExprKind::kBuildPath) + 1] = {};
  EvaluatorTable() {
    for (size_t k = 0; k < std::size(by_kind); ++k)
      by_kind[k] = EvaluatorFor(static_cast<ExprKind>(k));
  }
};

}  // namespace

bool DeletedByStatement(const Value& v, const std::unordered_set<Uuid, UuidHash>* deleted) {
  if (!deleted || deleted->empty()) return false;
  if (v.kind() == ValueKind::kNode) return deleted->count(v.as_node().id) > 0;
  if (v.kind() == ValueKind::kRelationship) return deleted->count(v.as_relationship().id) > 0;
  return false;
}

Status DeletedEntityError(const Value& v, std::string_view action) {
  bool node = v.kind() == ValueKind::kNode;
  const Uuid& id = node ? v.as_node().id : v.as_relationship().id;
  return RuntimeError("EntityNotFound", "DeletedEntityAccess",
                      "cannot " + std::string(action) + (node ? " node " : " relationship ") +
                          id.ToString() + ": this statement deleted it");
}

Status CheckNotDeleted(const Value& v, const EvalContext& ctx, std::string_view what) {
  if (!DeletedByStatement(v, ctx.deleted)) return Status::OK();
  return DeletedEntityError(v, "read " + std::string(what) + " of");
}

Result<const Value*> EvaluateOperand(const Expr& e, Row& row, const EvalContext& ctx, Value* held) {
  if (const Value* v = InPlace(e, row, ctx)) return v;
  NAMIDB_ASSIGN_OR_RETURN(*held, Evaluate(e, row, ctx));
  return held;
}

Result<Value> Evaluate(const Expr& e, Row& row, const EvalContext& ctx) {
  switch (e.kind) {
    case ExprKind::kLiteral:
      return e.value;
    case ExprKind::kVariable:
    case ExprKind::kCountStar:  // aggregated by the planner
      return row[e.slot];
    default: {
      static const EvaluatorTable table;
      Evaluator f = table.by_kind[static_cast<size_t>(e.kind)];
      if (!f) return Status::Internal("unknown expression kind");
      return f(e, row, ctx);
    }
  }
}

}  // namespace namidb::query
