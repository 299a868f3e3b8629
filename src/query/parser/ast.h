// The syntax tree of a Cypher statement, as the parser builds it: no names
// resolved, no types checked (the binder does that), every node with the
// position it came from so later errors can point into the query.
//
// Expressions are one struct with a kind, in the manner of a tagged union:
// the parser and the binder both walk them generically (children), and a
// field is meaningful only for the kinds its comment names.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"
#include "query/common/query_error.h"
#include "query/parser/cypher_type.h"
#include "query/parser/label_expression.h"

namespace namidb::query {

struct Expr;
struct PatternPart;
struct Query;
// Entries of the function registry (query/functions/function_registry.h),
// which the planner resolves calls to.
struct ScalarFunction;
struct AggregateFunction;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind {
  kLiteral,               // value
  kParameter,             // name
  kVariable,              // name
  kProperty,              // children[0] . name
  kHasLabels,             // children[0] : names... (`n:A:B` as a predicate)
  kList,                  // children
  kMap,                   // names[i] : children[i]
  kFunction,              // name (dotted as written), distinct, children = arguments
  kCountStar,             // count(*)
  kUnary,                 // name = "NOT" | "-" | "+", children[0]
  kBinary,                // name = operator (upper case for words), children[0..1]; a chain
                          // of one precedence level has more children (Expr::chain_ops)
  kIsNull,                // children[0] IS NULL
  kIsNotNull,             // children[0] IS NOT NULL
  kTypePredicate,         // children[0] IS :: cypher_type (Neo4j 5)
  kIndex,                 // children[0] [ children[1] ]
  kSlice,                 // children[0] [ children[1]? .. children[2]? ]; null children allowed
  kCase,                  // children: [subject?] (when, then)* [else]; has_subject, has_else
  kListComprehension,     // [ name IN children[0] WHERE children[1]? | children[2]? ]
  kQuantifier,            // name = all|any|none|single, variable, children[0] list, [1] predicate
  kReduce,                // reduce(variable = children[0], names[0] IN children[1] | children[2])
  kPatternComprehension,  // [ pattern WHERE children[0]? | children[1] ]
  kPatternPredicate,      // a pattern with a relationship, used as a predicate
  kExists,                // EXISTS { pattern [WHERE children[0]] } or EXISTS { subquery }
  kCountSubquery,         // COUNT { ... }, as EXISTS: the number of its matches / rows
  kCollectSubquery,       // COLLECT { subquery }: its one column's values (local_slot)
  kMapProjection,         // children[0] { names[i]: children[i] for i >= 1 }: the subject
                          // variable, then entries in order, a later key replacing an earlier;
                          // an empty name merges its child's map in (`.*`); names[0] unused
  // Made by the planner for a named path: children[0] the start node, then
  // per step a list of its relationships and a list of the nodes after it.
  kBuildPath,
};

// The operator of a kBinary expression, resolved from its name once by the
// parser rather than by string comparisons on every evaluation.
enum class BinaryOp : uint8_t {
  kAnd,
  kOr,
  kXor,
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,
  kModulo,
  kPower,
  kIn,
  kStartsWith,
  kEndsWith,
  kContains,
  kRegexMatch,
  kConcatenate,  // || (Neo4j 5)
  kEqual,
  kNotEqual,
  kLess,
  kGreater,
  kLessEqual,
  kGreaterEqual,
};
// The operator named `name` as the parser writes it ("AND", "+", "STARTS
// WITH", "<>", ...), or nullopt.
std::optional<BinaryOp> BinaryOpNamed(std::string_view name);
// The other way: "AND", "+", "STARTS WITH", ...
std::string_view BinaryOpName(BinaryOp op);

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  BinaryOp binary_op = BinaryOp::kAnd;  // kBinary only; of a chain, its first operator
  // A kBinary chain of one precedence level (`a AND b AND c`, `a + b - c`)
  // is one node with every operand as a child, evaluated left to right as
  // ((c0 op1 c1) op2 c2) ...: chain_ops[i] joins children[i + 1] to what
  // comes before (chain_ops[0] == binary_op). Empty for two operands.
  // Generated queries chain thousands of terms; flat, they nest no deeper
  // than one.
  std::vector<BinaryOp> chain_ops;
  SourcePos pos;
  size_t end = 0;  // byte offset just past the expression in the query text
  std::string name;
  std::string variable;            // comprehension, quantifier, reduce accumulator
  std::vector<std::string> names;  // map keys, labels, reduce's iteration variable
  // kHasLabels of a label expression that is not a plain conjunction of
  // `names` (`n:A|B`); null otherwise.
  std::shared_ptr<const LabelExpression> label_expression;
  std::shared_ptr<const CypherType> cypher_type;  // kTypePredicate
  Value value;
  std::vector<ExprPtr> children;  // a null entry marks an absent optional part
  bool distinct = false;
  bool has_subject = false;
  bool has_else = false;
  std::shared_ptr<PatternPart> pattern;  // pattern comprehension / predicate / EXISTS
  std::shared_ptr<Query> subquery;       // EXISTS { MATCH ... RETURN ... }
  // Set by the planner: the row slot of a variable (kVariable) or of the
  // local variable a comprehension, quantifier or reduce binds; for an
  // aggregate in a projection, its result slot.
  int slot = -1;
  int local_slot = -1;
  int subplan = -1;  // pattern predicate / comprehension / EXISTS: its sub-pipeline
  // Set by the planner for kFunction: the registry entry the call resolved
  // to, a scalar function or an aggregate (count(*)'s too), so that no row
  // looks a name up.
  const ScalarFunction* function = nullptr;
  const AggregateFunction* aggregate = nullptr;
  // Levels of nesting from here down (1 for a leaf); the parser bounds it
  // (kMaxNestingDepth in parser.h), so every walk of the tree has a
  // bounded depth of recursion.
  int height = 1;
};

// The operator joining children[step + 1] of a kBinary expression (step 0
// for a plain binary one).
inline BinaryOp StepOp(const Expr& e, size_t step) {
  return e.chain_ops.empty() ? e.binary_op : e.chain_ops[step];
}

enum class RelDirection { kRight, kLeft, kBoth };  // -->, <--, --

// The direction as walked from the other end.
inline RelDirection Against(RelDirection d) {
  if (d == RelDirection::kBoth) return d;
  return d == RelDirection::kRight ? RelDirection::kLeft : RelDirection::kRight;
}

// The direction as plans show it: "->", "<-" or "--".
inline const char* ArrowOf(RelDirection d) {
  return d == RelDirection::kRight ? "->" : d == RelDirection::kLeft ? "<-" : "--";
}

struct NodePattern {
  SourcePos pos;
  std::string variable;  // empty: anonymous
  std::vector<std::string> labels;
  ExprPtr properties;  // a map literal or a parameter, or null
  // A label expression that is not a plain conjunction (`(n:A|B)`): the
  // parser turns it into a predicate of the clause's WHERE (naming the node
  // if it has no name) and leaves here only what it requires, `labels`.
  // Set only between those two steps, and where a pattern cannot take it
  // (CREATE, MERGE), for the error.
  std::shared_ptr<const LabelExpression> label_expression;
  // The expressions of label_expression's dynamic labels (`:$(expr)`), which
  // go with it into the predicate.
  std::vector<ExprPtr> label_operands;
  // In CREATE and MERGE: labels that expressions give per row (`:$(expr)`),
  // each a STRING or a LIST<STRING>, besides `labels`.
  std::vector<ExprPtr> dynamic_labels;
  // With no `labels` nor `any_labels`: a copy of the expression of a
  // dynamic label the node must carry (`(n:$($l))`, `(n:$any($l))`), from
  // which a scan may take the labels to read once per statement.
  ExprPtr scan_labels;
  bool scan_any = false;  // scan_labels is `$any`'s: the node has one of them
  // With no `labels`, what the label expression gives instead: the node
  // carries one of these at least (`A|B`), so a scan reads those labels
  // alone (LabelExpression::AnyOf). Empty when nothing is known.
  std::vector<std::string> any_labels;
  // `(n:L WHERE predicate)` (Neo4j 5): as label_expression, the parser
  // moves it into the pattern's WHERE; set only between those two steps.
  ExprPtr where;
};

struct QuantifiedHop;

struct RelPattern {
  SourcePos pos;
  std::string variable;
  std::vector<std::string> types;  // alternatives: [:A|B]
  // A type expression that is not a plain disjunction (`[:!A]`, `[:%]`),
  // as NodePattern::label_expression: the parser makes it a predicate
  // (of the clause's WHERE, or for a variable length of each hop, as a
  // group's) and leaves `types` empty.
  std::shared_ptr<const LabelExpression> label_expression;
  std::vector<ExprPtr> label_operands;  // as NodePattern's
  // As NodePattern::scan_labels: a copy of the expression of a dynamic type
  // that is the whole type expression, for an expansion to read its types.
  ExprPtr scan_types;
  bool scan_any = false;
  // In CREATE and MERGE, a type an expression gives per row (`:$(expr)`),
  // instead of `types`.
  ExprPtr dynamic_type;
  RelDirection direction = RelDirection::kBoth;
  bool variable_length = false;  // `*`
  // With `*`: the bounds as written (`*`, `*2`, `*1..3`, `*..3`, `*2..`);
  // each an integer literal or a parameter.
  ExprPtr min_hops;
  ExprPtr max_hops;
  bool range = false;  // `..` was written
  ExprPtr properties;
  // A quantified path pattern (Neo4j 5, `((a)-[r:T]->(b) WHERE p){1,3}`):
  // its one relationship, repeated as the bounds say, is this pattern
  // (variable_length, with the quantifier as bounds); the group's nodes and
  // condition are here. Null for a relationship written without a group,
  // quantified (`-[r:T]->{1,3}`) or not.
  std::shared_ptr<QuantifiedHop> quantified;
  // `[r:T WHERE predicate]`, as NodePattern::where (per hop of a
  // quantified relationship, as its label expression).
  ExprPtr where;
};

// The repeated hop of a quantified path pattern. Each repetition binds
// `from`, the relationship and `to` to one hop of the walk, meets their
// labels and property maps and makes `where` true; the next repetition
// starts where it ended. Outside the group their names are group
// variables: the lists of what each repetition bound, in pattern order.
struct QuantifiedHop {
  NodePattern from;
  NodePattern to;
  ExprPtr where;  // null: none
  // A group of more than one relationship (`((a)-[:R]->(b)-[:S]->(c)){2}`):
  // the nodes between `from` and `to`, and the relationships after the
  // first (the group's RelPattern), in pattern order. Empty for one.
  std::vector<NodePattern> middle;
  std::vector<RelPattern> more;

  // Its nodes in pattern order: `from`, `middle`, `to`.
  std::vector<const NodePattern*> Nodes() const {
    std::vector<const NodePattern*> out{&from};
    for (const NodePattern& n : middle) out.push_back(&n);
    out.push_back(&to);
    return out;
  }
  // The maps and the condition its elements are checked by, besides the
  // first relationship's map (null where absent).
  std::vector<const Expr*> Checks() const {
    std::vector<const Expr*> out;
    for (const NodePattern* n : Nodes()) out.push_back(n->properties.get());
    for (const RelPattern& r : more) out.push_back(r.properties.get());
    out.push_back(where.get());
    return out;
  }
};

enum class PathKind { kPlain, kShortest, kAllShortest };

struct PatternPart {
  SourcePos pos;
  std::string path_variable;  // p = (...)
  PathKind kind = PathKind::kPlain;
  int64_t selector_count = 1;      // SHORTEST k [GROUPS], ANY k: k
  std::vector<NodePattern> nodes;  // nodes.size() == rels.size() + 1
  std::vector<RelPattern> rels;
};

struct ProjectionItem {
  ExprPtr expr;
  std::string alias;  // AS alias, or the expression text as written
  bool aliased = false;
};

struct SortItem {
  ExprPtr expr;
  bool descending = false;
  // Where nulls go (GQL's NULLS FIRST / NULLS LAST); by default where
  // Cypher's order puts them, after every value: last ascending, first
  // descending.
  bool nulls_first = false;
};

struct Projection {
  bool distinct = false;
  bool star = false;  // RETURN * / WITH *
  bool let = false;   // LET x = e (a WITH *, e AS x): x is a new name
  std::vector<ProjectionItem> items;
  std::vector<SortItem> order_by;
  ExprPtr skip;
  ExprPtr limit;
  ExprPtr where;  // WITH ... WHERE
};

enum class SetKind {
  kProperty,  // target (a property expression) = value
  kReplace,   // variable = value (a map)
  kMerge,     // variable += value
  kLabels,    // variable:Label:...
};

struct SetItem {
  SetKind kind = SetKind::kProperty;
  SourcePos pos;
  std::string variable;
  std::vector<std::string> labels;
  std::vector<ExprPtr> dynamic_labels;  // `n:$(expr)`: labels an expression gives per row
  ExprPtr target;
  ExprPtr value;
};

enum class ClauseKind {
  kMatch,
  kUnwind,
  kWith,
  kReturn,
  kCallSubquery,
  kCallProcedure,
  kCreate,
  kMerge,
  kSet,
  kRemove,
  kDelete,
  kForeach,
  kLoadCsv,
};

// What CALL { } IN TRANSACTIONS does when one of its transactions fails:
// the statement fails (the transactions before stay committed), or the
// failed one is rolled back and the next ones run, or none after it runs.
enum class OnTransactionError : uint8_t { kFail, kContinue, kBreak };

// One item of YIELD: an output of the procedure and the variable it binds.
struct YieldItem {
  SourcePos pos;
  std::string field;
  std::string variable;  // the field's name unless renamed with AS
};

struct Clause {
  ClauseKind kind = ClauseKind::kMatch;
  SourcePos pos;
  bool optional = false;  // OPTIONAL MATCH, OPTIONAL CALL
  // MATCH REPEATABLE ELEMENTS: a match may bind a relationship more than
  // once (walks); otherwise each relationship once (DIFFERENT RELATIONSHIPS).
  bool repeatable_elements = false;
  std::vector<PatternPart> pattern;  // MATCH, CREATE, MERGE (one part)
  ExprPtr where;                     // MATCH ... WHERE
  ExprPtr expr;                      // UNWIND list, FOREACH list, LOAD CSV's URL
  std::string alias;                 // UNWIND ... AS alias, FOREACH variable, LOAD CSV ... AS
  bool with_headers = false;         // LOAD CSV WITH HEADERS
  char field_terminator = ',';       // LOAD CSV ... FIELDTERMINATOR
  Projection projection;             // WITH, RETURN
  std::shared_ptr<Query> subquery;   // CALL { ... }
  // CALL (a, b) { ... }, CALL (*) { ... }, CALL () { ... }: Neo4j 5's
  // variable scope clause. The subquery sees the variables it names (with
  // `*` the whole scope around) and no others, so a leading WITH imports
  // nothing more. Without one, a leading WITH of plain variables imports.
  bool has_scope_clause = false;
  bool imports_all = false;      // CALL (*)
  std::vector<ExprPtr> imports;  // the named variables, kVariable each
  // CALL { ... } IN [n CONCURRENT] TRANSACTIONS [OF rows ROWS]
  // [ON ERROR ...] [REPORT STATUS AS variable]: the subquery's changes
  // committed every `transaction_rows` input rows (1000 when null).
  bool in_transactions = false;
  ExprPtr transaction_rows;
  OnTransactionError on_error = OnTransactionError::kFail;
  std::string report_status;       // the variable of REPORT STATUS AS, or empty
  std::string procedure;           // CALL name.space.proc
  std::vector<ExprPtr> arguments;  // procedure arguments; DELETE targets
  bool has_arguments = false;      // CALL proc() vs CALL proc
  std::vector<YieldItem> yields;   // YIELD a, b AS c
  bool yield_star = false;         // YIELD *
  bool has_yield = false;
  std::vector<SetItem> set_items;  // SET / REMOVE items
  std::vector<SetItem> on_create;  // MERGE ... ON CREATE SET
  std::vector<SetItem> on_match;   // MERGE ... ON MATCH SET
  bool detach = false;             // DETACH DELETE
  std::vector<Clause> body;        // FOREACH ( x IN list | body )
};

struct SingleQuery {
  std::vector<Clause> clauses;
  // Ended by FINISH (GQL, Neo4j 5): the clauses run, the part returns
  // nothing, so it needs no RETURN.
  bool finish = false;
};

enum class QueryMode { kRun, kExplain, kProfile };

// CREATE / DROP / SHOW of indexes and of uniqueness and existence constraints: a statement
// of its own, run by query/schema_commands.h rather than planned.
enum class SchemaCommandKind {
  kNone,
  kCreateIndex,
  kCreateConstraint,
  kDropIndex,
  kDropConstraint,
  kShowIndexes,
  kShowConstraints,
};

struct SchemaCommand {
  SchemaCommandKind kind = SchemaCommandKind::kNone;
  SourcePos pos;
  std::string name;  // empty: a name is made from label and property
  std::string label;
  std::string property;
  bool if_not_exists = false;
  bool if_exists = false;
  bool existence = false;  // CREATE CONSTRAINT ... IS NOT NULL (else IS UNIQUE)
  // CREATE CONSTRAINT ... IS :: T: the property types allowed
  // (core/property_type.h names), in their canonical order.
  std::vector<std::string> value_types;
};

struct Query {
  QueryMode mode = QueryMode::kRun;
  SchemaCommand schema;            // kind != kNone: this statement is a schema command
  std::vector<SingleQuery> parts;  // joined by UNION
  std::vector<bool> union_all;     // union_all[i] joins parts[i] and parts[i + 1]
};

}  // namespace namidb::query
