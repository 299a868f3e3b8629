#include "query/parser/parser.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "core/property_type.h"
#include "query/parser/lexer.h"

namespace namidb::query {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// A deep copy, for chained comparisons (`a < b < c` is `a < b AND b < c`).
// The nodes of an expression's tree.
size_t NodesOf(const Expr& e) {
  size_t n = 1;
  for (const auto& c : e.children) n += c ? NodesOf(*c) : 0;
  return n;
}

ExprPtr Clone(const Expr& e) {
  auto out = std::make_unique<Expr>();
  out->kind = e.kind;
  out->binary_op = e.binary_op;
  out->chain_ops = e.chain_ops;
  out->height = e.height;
  out->pos = e.pos;
  out->end = e.end;
  out->name = e.name;
  out->variable = e.variable;
  out->names = e.names;
  out->value = e.value;
  out->distinct = e.distinct;
  out->has_subject = e.has_subject;
  out->has_else = e.has_else;
  out->pattern = e.pattern;
  out->subquery = e.subquery;
  out->label_expression = e.label_expression;
  out->cypher_type = e.cypher_type;
  for (const auto& c : e.children) out->children.push_back(c ? Clone(*c) : nullptr);
  return out;
}

// Words that start a clause (or end a query part): a projection item list
// or a pattern stops in front of them.
constexpr std::string_view kClauseWords[] = {
    "MATCH", "OPTIONAL", "UNWIND", "WITH",   "RETURN",  "CALL",  "CREATE", "MERGE",
    "SET",   "REMOVE",   "DELETE", "DETACH", "FOREACH", "UNION", "LOAD",   "INSERT"};

class Parser {
 public:
  Parser(std::string_view text, std::vector<Token> tokens)
      : text_(text), tokens_(std::move(tokens)) {}

  Result<Query> ParseStatement() {
    Query q;
    if (AtSchemaCommand()) {
      NAMIDB_ASSIGN_OR_RETURN(q.schema, ParseSchemaCommand());
      AcceptSymbol(";");
      if (Cur().kind != TokenKind::kEnd) return Unexpected("the end of the statement");
      return q;
    }
    NAMIDB_ASSIGN_OR_RETURN(q, ParseQueryBody(/*nested=*/false));
    AcceptSymbol(";");
    if (Cur().kind != TokenKind::kEnd) return Unexpected("the end of the query");
    NAMIDB_RETURN_IF_ERROR(CheckHeight());
    return q;
  }

 private:
  // --- tokens -------------------------------------------------------------

  const Token& Cur() const { return tokens_[at_]; }
  const Token& Ahead(size_t n) const { return tokens_[std::min(at_ + n, tokens_.size() - 1)]; }
  void Advance() {
    last_end_ = Cur().end;
    if (at_ + 1 < tokens_.size()) ++at_;
  }
  static bool IsWord(const Token& t, std::string_view word) {
    return t.kind == TokenKind::kName && EqualsIgnoreCase(t.text, word);
  }
  static bool IsSymbol(const Token& t, std::string_view s) {
    return t.kind == TokenKind::kSymbol && t.text == s;
  }
  bool AtWord(std::string_view word) const { return IsWord(Cur(), word); }
  bool AtSymbol(std::string_view s) const { return IsSymbol(Cur(), s); }
  bool AcceptWord(std::string_view word) {
    if (!AtWord(word)) return false;
    Advance();
    return true;
  }
  bool AcceptSymbol(std::string_view s) {
    if (!AtSymbol(s)) return false;
    Advance();
    return true;
  }
  Status ExpectWord(std::string_view word) {
    if (AcceptWord(word)) return Status::OK();
    return Unexpected(std::string(word));
  }
  Status ExpectSymbol(std::string_view s) {
    if (AcceptSymbol(s)) return Status::OK();
    return Unexpected("'" + std::string(s) + "'");
  }

  Status Unexpected(const std::string& expected) const {
    const Token& t = Cur();
    std::string found;
    switch (t.kind) {
      case TokenKind::kEnd:
        found = "the end of the query";
        break;
      case TokenKind::kString:
        found = "a string";
        break;
      default:
        found = "'" + std::string(text_.substr(t.pos.offset, t.end - t.pos.offset)) + "'";
    }
    return SyntaxError("UnexpectedSyntax", t.pos, "expected " + expected + ", found " + found);
  }

  bool AtClauseWord() const { return IsClauseWord(Cur()); }
  static bool IsClauseWord(const Token& t) {
    for (std::string_view w : kClauseWords) {
      if (IsWord(t, w)) return true;
    }
    return false;
  }

  // A name: a plain name (keywords included) or a `quoted` one.
  Result<std::string> ParseName(const char* what) {
    if (Cur().kind == TokenKind::kName || Cur().kind == TokenKind::kQuotedName) {
      std::string name = Cur().text;
      Advance();
      return name;
    }
    return Unexpected(what);
  }
  bool AtName() const {
    return Cur().kind == TokenKind::kName || Cur().kind == TokenKind::kQuotedName;
  }

  ExprPtr Make(ExprKind kind, const SourcePos& pos) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->pos = pos;
    return e;
  }
  ExprPtr Done(ExprPtr e) {
    e->end = last_end_;
    e->height = 1;
    for (const auto& c : e->children) {
      if (c) e->height = std::max(e->height, c->height + 1);
    }
    if (e->height > kMaxNestingDepth && !too_deep_) too_deep_ = e->pos;
    return e;
  }

  // --- nesting ----------------------------------------------------------------

  // One more level of the parser's descent while it lives (`levels` for a
  // subquery); Check() says whether the query went too deep.
  class Nesting {
   public:
    Nesting(Parser* p, int levels) : p_(p), levels_(levels) { p_->depth_ += levels_; }
    ~Nesting() { p_->depth_ -= levels_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    Status Check() const {
      if (p_->depth_ > kMaxNestingDepth) return p_->TooDeep(p_->Cur().pos);
      return Status::OK();
    }

   private:
    Parser* p_;
    int levels_;
  };

  Status TooDeep(const SourcePos& pos) const {
    return SyntaxError(
        "NestingTooDeep", pos,
        "the query nests expressions more than " + std::to_string(kMaxNestingDepth) +
            " levels deep here (parentheses, lists, maps, CASE, calls and subqueries "
            "count; a subquery as " +
            std::to_string(kSubqueryNestingLevels) +
            "); flatten it, or pass deep values as parameters");
  }

  // A tree Done() found too high, as an error.
  Status CheckHeight() const { return too_deep_ ? TooDeep(*too_deep_) : Status::OK(); }

  // --- queries and clauses -------------------------------------------------

  // --- schema commands ----------------------------------------------------

  bool AtSchemaCommand() const {
    const Token& next = Ahead(1);
    if (AtWord("CREATE") && IndexTypeWord(next) && IsWord(Ahead(2), "INDEX")) return true;
    if (AtWord("CREATE") || AtWord("DROP"))
      return IsWord(next, "INDEX") || IsWord(next, "CONSTRAINT");
    if (AtWord("SHOW")) {
      // With YIELD, WHERE or clauses after it, a query (ParseShowRoutines).
      const Token& after = Ahead(2);
      return ShowsSchema(next) && (after.kind == TokenKind::kEnd || IsSymbol(after, ";"));
    }
    return false;
  }

  static bool ShowsSchema(const Token& t) {
    return IsWord(t, "INDEX") || IsWord(t, "INDEXES") || IsWord(t, "CONSTRAINT") ||
           IsWord(t, "CONSTRAINTS");
  }

  // The word naming an index's type before INDEX (`CREATE RANGE INDEX`).
  static bool IndexTypeWord(const Token& t) {
    for (std::string_view w : {"RANGE", "BTREE", "TEXT", "POINT", "LOOKUP", "FULLTEXT", "VECTOR"}) {
      if (IsWord(t, w)) return true;
    }
    return false;
  }

  // What a schema command names that there is none of, as an error.
  Status UnsupportedSchema(const SourcePos& pos, const std::string& what) const {
    return CompileError(
        "SyntaxError", "UnsupportedFeature", pos,
        what +
            " are not supported: a namespace has range indexes, and uniqueness, "
            "existence and type constraints, on one node property (docs/cypher.md)");
  }

  // CREATE [RANGE] INDEX [name] [IF NOT EXISTS] FOR (n:Label) ON (n.property)
  //   [OPTIONS {...}]
  // CREATE INDEX ON :Label(property)
  // CREATE CONSTRAINT [name] [IF NOT EXISTS] FOR (n:Label) REQUIRE n.property
  //   IS [NODE] UNIQUE | IS NOT NULL | IS :: type (or ON (n:Label) ASSERT ...)
  // DROP INDEX | CONSTRAINT name [IF EXISTS]
  // SHOW INDEX[ES] | CONSTRAINT[S]
  Result<SchemaCommand> ParseSchemaCommand() {
    SchemaCommand c;
    c.pos = Cur().pos;
    if (AcceptWord("SHOW")) {
      bool index = AtWord("INDEX") || AtWord("INDEXES");
      Advance();
      c.kind = index ? SchemaCommandKind::kShowIndexes : SchemaCommandKind::kShowConstraints;
      return c;
    }
    if (AcceptWord("DROP")) {
      bool index = AcceptWord("INDEX");
      if (!index) NAMIDB_RETURN_IF_ERROR(ExpectWord("CONSTRAINT"));
      c.kind = index ? SchemaCommandKind::kDropIndex : SchemaCommandKind::kDropConstraint;
      NAMIDB_ASSIGN_OR_RETURN(c.name, ParseName("an index or constraint name"));
      if (AcceptWord("IF")) {
        NAMIDB_RETURN_IF_ERROR(ExpectWord("EXISTS"));
        c.if_exists = true;
      }
      return c;
    }
    NAMIDB_RETURN_IF_ERROR(ExpectWord("CREATE"));
    if (IndexTypeWord(Cur()) && IsWord(Ahead(1), "INDEX")) {
      // A range index is the one kind there is (BTREE: its name before Neo4j 5).
      if (!AtWord("RANGE") && !AtWord("BTREE")) {
        std::string type = Cur().text;
        for (char& ch : type) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        return UnsupportedSchema(Cur().pos, type + " indexes");
      }
      Advance();
    }
    bool index = AcceptWord("INDEX");
    if (!index) NAMIDB_RETURN_IF_ERROR(ExpectWord("CONSTRAINT"));
    c.kind = index ? SchemaCommandKind::kCreateIndex : SchemaCommandKind::kCreateConstraint;
    if (index && AtWord("ON") && IsSymbol(Ahead(1), ":")) {
      // The older form: CREATE INDEX ON :Label(property)
      Advance();
      Advance();
      NAMIDB_ASSIGN_OR_RETURN(c.label, ParseName("a label"));
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol("("));
      NAMIDB_ASSIGN_OR_RETURN(c.property, ParseName("a property name"));
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol(")"));
      return c;
    }
    if (!AtWord("FOR") && !AtWord("ON") && !(AtWord("IF") && IsWord(Ahead(1), "NOT"))) {
      NAMIDB_ASSIGN_OR_RETURN(c.name, ParseName("a name"));
    }
    if (AcceptWord("IF")) {
      NAMIDB_RETURN_IF_ERROR(ExpectWord("NOT"));
      NAMIDB_RETURN_IF_ERROR(ExpectWord("EXISTS"));
      c.if_not_exists = true;
    }
    bool old_syntax = !index && AtWord("ON");
    if (!AcceptWord("FOR") && !AcceptWord("ON")) return Unexpected("FOR");
    NAMIDB_RETURN_IF_ERROR(ExpectSymbol("("));
    if (AtSymbol(")")) {
      return UnsupportedSchema(Cur().pos, index ? "Indexes on relationship properties"
                                                : "Constraints on relationship properties");
    }
    NAMIDB_ASSIGN_OR_RETURN(std::string variable, ParseName("a variable"));
    NAMIDB_RETURN_IF_ERROR(ExpectSymbol(":"));
    NAMIDB_ASSIGN_OR_RETURN(c.label, ParseName("a label"));
    NAMIDB_RETURN_IF_ERROR(ExpectSymbol(")"));
    auto property_of_variable = [&]() -> Status {
      SourcePos at = Cur().pos;
      NAMIDB_ASSIGN_OR_RETURN(std::string v, ParseName("a variable"));
      if (v != variable)
        return SyntaxError("UndefinedVariable", at, "variable '" + v + "' is not defined");
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol("."));
      NAMIDB_ASSIGN_OR_RETURN(c.property, ParseName("a property name"));
      return Status::OK();
    };
    if (index) {
      NAMIDB_RETURN_IF_ERROR(ExpectWord("ON"));
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol("("));
      NAMIDB_RETURN_IF_ERROR(property_of_variable());
      if (AtSymbol(",")) return UnsupportedSchema(Cur().pos, "Composite indexes");
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol(")"));
      return SkipOptions(std::move(c));
    }
    NAMIDB_RETURN_IF_ERROR(ExpectWord(old_syntax ? "ASSERT" : "REQUIRE"));
    if (AtSymbol("(")) return UnsupportedSchema(Cur().pos, "Constraints on several properties");
    NAMIDB_RETURN_IF_ERROR(property_of_variable());
    const SourcePos is = Cur().pos;
    NAMIDB_RETURN_IF_ERROR(ExpectWord("IS"));
    if (AcceptWord("NOT")) {
      NAMIDB_RETURN_IF_ERROR(ExpectWord("NULL"));
      c.existence = true;
      return SkipOptions(std::move(c));
    }
    if (AtSymbol(":") || AtWord("TYPED")) {
      if (!AcceptWord("TYPED")) {
        NAMIDB_RETURN_IF_ERROR(ExpectSymbol(":"));
        NAMIDB_RETURN_IF_ERROR(ExpectSymbol(":"));
      }
      const SourcePos at = Cur().pos;
      NAMIDB_ASSIGN_OR_RETURN(CypherType type, ParseType());
      NAMIDB_RETURN_IF_ERROR(AddPropertyTypes(type, at, &c.value_types));
      NormalizePropertyTypes(&c.value_types);
      return SkipOptions(std::move(c));
    }
    if (AtWord("KEY") || (AtWord("NODE") && IsWord(Ahead(1), "KEY"))) {
      return UnsupportedSchema(is, "Key constraints (IS NODE KEY)");
    }
    AcceptWord("NODE");  // IS NODE UNIQUE: the same
    NAMIDB_RETURN_IF_ERROR(ExpectWord("UNIQUE"));
    return SkipOptions(std::move(c));
  }

  // The scalar property type each Cypher type kind names.
  static constexpr std::pair<CypherType::Kind, std::string_view> kPropertyTypes[] = {
      {CypherType::Kind::kBoolean, "BOOLEAN"},
      {CypherType::Kind::kString, "STRING"},
      {CypherType::Kind::kInteger, "INTEGER"},
      {CypherType::Kind::kFloat, "FLOAT"},
      {CypherType::Kind::kDate, "DATE"},
      {CypherType::Kind::kLocalTime, "LOCAL TIME"},
      {CypherType::Kind::kZonedTime, "ZONED TIME"},
      {CypherType::Kind::kLocalDateTime, "LOCAL DATETIME"},
      {CypherType::Kind::kZonedDateTime, "ZONED DATETIME"},
      {CypherType::Kind::kDuration, "DURATION"},
  };
  static std::optional<std::string_view> ScalarPropertyType(const CypherType& t) {
    for (const auto& [kind, name] : kPropertyTypes) {
      if (t.kind == kind) return name;
    }
    return std::nullopt;
  }
  // The property types a type constraint's `type` allows, added to `out`:
  // a scalar property type, a LIST<T NOT NULL> of one, or a union of them
  // (Neo4j 5's rule). NOT NULL of the whole is what IS NOT NULL says.
  Status AddPropertyTypes(const CypherType& type, const SourcePos& at,
                          std::vector<std::string>* out) const {
    auto refuse = [&](const std::string& why) {
      return CompileError(
          "SyntaxError", "InvalidPropertyType", at,
          "a property type constraint cannot require " + type.ToString() + ": " + why);
    };
    if (type.kind == CypherType::Kind::kUnion) {
      for (const CypherType& m : type.members) NAMIDB_RETURN_IF_ERROR(AddPropertyTypes(m, at, out));
      return Status::OK();
    }
    if (type.not_null) {
      return refuse("NOT NULL is an existence constraint of its own (REQUIRE n.p IS NOT NULL)");
    }
    if (type.kind == CypherType::Kind::kList) {
      const CypherType& element = *type.element;
      auto name = ScalarPropertyType(element);
      if (!name || !element.not_null) {
        return refuse(
            "a list's elements must be of one property type, NOT NULL (LIST<INTEGER NOT NULL>)");
      }
      out->push_back("LIST<" + std::string(*name) + " NOT NULL>");
      return Status::OK();
    }
    if (type.kind == CypherType::Kind::kPoint) {
      return CompileError("SyntaxError", "UnsupportedFeature", at,
                          "property type constraints on POINT are not supported: the engine has "
                          "no point values");
    }
    auto name = ScalarPropertyType(type);
    if (!name) {
      return refuse(
          "the types allowed are BOOLEAN, STRING, INTEGER, FLOAT, DATE, LOCAL TIME, "
          "ZONED TIME, LOCAL DATETIME, ZONED DATETIME, DURATION, lists of one of them "
          "and unions of those");
    }
    out->push_back(std::string(*name));
    return Status::OK();
  }

  // OPTIONS { ... } after CREATE INDEX / CONSTRAINT: a range index has no
  // settings to choose, so the map is read and left.
  Result<SchemaCommand> SkipOptions(SchemaCommand c) {
    if (AcceptWord("OPTIONS")) {
      if (!AtSymbol("{")) return Unexpected("a map of options");
      NAMIDB_RETURN_IF_ERROR(ParseExpression().status());
    }
    return c;
  }

  Result<Query> ParseQueryBody(bool nested) {
    Nesting nesting(this, nested ? kSubqueryNestingLevels : 0);
    NAMIDB_RETURN_IF_ERROR(nesting.Check());
    Query q;
    if (!nested) {
      if (AcceptWord("EXPLAIN")) {
        q.mode = QueryMode::kExplain;
      } else if (AcceptWord("PROFILE")) {
        q.mode = QueryMode::kProfile;
      }
    }
    const std::optional<SourcePos> next_before = first_next_;
    first_next_.reset();
    NAMIDB_ASSIGN_OR_RETURN(SingleQuery first, ParseSingleQuery());
    q.parts.push_back(std::move(first));
    while (AcceptWord("UNION")) {
      const bool all = AcceptWord("ALL");
      if (!all) AcceptWord("DISTINCT");  // GQL's spelling of the default
      q.union_all.push_back(all);
      NAMIDB_ASSIGN_OR_RETURN(SingleQuery next, ParseSingleQuery());
      q.parts.push_back(std::move(next));
    }
    if (first_next_ && q.parts.size() > 1) {
      return CompileError("SyntaxError", "UnsupportedFeature", *first_next_,
                          "NEXT in a query of UNION parts is not supported yet");
    }
    first_next_ = next_before;
    return q;
  }

  Result<SingleQuery> ParseSingleQuery() {
    SingleQuery q;
    while (Cur().kind != TokenKind::kEnd && !AtSymbol("}") && !AtSymbol(";") && !AtWord("UNION")) {
      if (AtWord("LET") && IsSymbol(Ahead(2), "=")) {
        NAMIDB_RETURN_IF_ERROR(ParseLet(&q.clauses));
        continue;
      }
      if (!q.clauses.empty() && AcceptWord("FINISH")) {
        q.finish = true;
        if (Cur().kind != TokenKind::kEnd && !AtSymbol("}") && !AtSymbol(";") && !AtWord("UNION")) {
          return Unexpected("the end of the query after FINISH");
        }
        break;
      }
      NAMIDB_ASSIGN_OR_RETURN(Clause c, ParseClause());
      q.clauses.push_back(std::move(c));
      if (AtWord("NEXT")) NAMIDB_RETURN_IF_ERROR(ContinueAfterReturn(&q.clauses));
    }
    if (q.clauses.empty()) return Unexpected("a clause");
    return q;
  }

  // `LET x = expr, y = expr` (GQL, Cypher 25): each binding a `WITH *,
  // expr AS x` of its own, so a later one may read an earlier one.
  Status ParseLet(std::vector<Clause>* clauses) {
    Advance();  // LET
    do {
      Clause c;
      c.kind = ClauseKind::kWith;
      c.pos = Cur().pos;
      c.projection.star = true;
      c.projection.let = true;
      ProjectionItem item;
      NAMIDB_ASSIGN_OR_RETURN(item.alias, ParseName("a variable"));
      item.aliased = true;
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol("="));
      NAMIDB_ASSIGN_OR_RETURN(item.expr, ParseExpression());
      c.projection.items.push_back(std::move(item));
      clauses->push_back(std::move(c));
    } while (AcceptSymbol(","));
    return Status::OK();
  }

  // `... RETURN items NEXT ...` (GQL's linear composition, Cypher 25): what
  // follows starts from the RETURN's rows with its columns as variables,
  // as after a WITH of the same items.
  Status ContinueAfterReturn(std::vector<Clause>* clauses) {
    SourcePos pos = Cur().pos;
    Advance();  // NEXT
    Clause& last = clauses->back();
    if (last.kind != ClauseKind::kReturn) {
      return SyntaxError("InvalidClauseComposition", pos, "NEXT must follow a RETURN");
    }
    if (Cur().kind == TokenKind::kEnd || AtSymbol(";") || AtSymbol("}") || AtWord("UNION")) {
      return Unexpected("a statement after NEXT");
    }
    last.kind = ClauseKind::kWith;
    for (ProjectionItem& item : last.projection.items) item.aliased = true;
    if (!first_next_) first_next_ = pos;
    return Status::OK();
  }

  Result<Clause> ParseClause() {
    Clause c;
    c.pos = Cur().pos;
    if (AtWord("OPTIONAL") && IsWord(Ahead(1), "CALL")) {
      // OPTIONAL CALL (Neo4j 5): a row whose call gives none stays, its
      // outputs null.
      Advance();
      Advance();
      c.optional = true;
      return ParseCall(std::move(c));
    }
    if (AtWord("OPTIONAL") || AtWord("MATCH")) {
      c.kind = ClauseKind::kMatch;
      c.optional = AcceptWord("OPTIONAL");
      NAMIDB_RETURN_IF_ERROR(ExpectWord("MATCH"));
      ParseMatchMode(&c);
      NAMIDB_ASSIGN_OR_RETURN(c.pattern, ParsePattern());
      if (AcceptWord("WHERE")) {
        NAMIDB_ASSIGN_OR_RETURN(c.where, ParseExpression());
      }
      NAMIDB_ASSIGN_OR_RETURN(c.where, LabelPredicatesInto(c.pattern, std::move(c.where)));
      return c;
    }
    if (AcceptWord("UNWIND")) {
      c.kind = ClauseKind::kUnwind;
      NAMIDB_ASSIGN_OR_RETURN(c.expr, ParseExpression());
      NAMIDB_RETURN_IF_ERROR(ExpectWord("AS"));
      NAMIDB_ASSIGN_OR_RETURN(c.alias, ParseName("a variable"));
      return c;
    }
    if (AtWord("LOAD") && IsWord(Ahead(1), "CSV")) return ParseLoadCsv(std::move(c));
    if (AcceptWord("FILTER")) {
      // GQL's `FILTER [WHERE] condition` (Cypher 25): `WITH * WHERE condition`.
      c.kind = ClauseKind::kWith;
      c.projection.star = true;
      AcceptWord("WHERE");
      NAMIDB_ASSIGN_OR_RETURN(c.projection.where, ParseExpression());
      return c;
    }
    if ((AtWord("ORDER") && IsWord(Ahead(1), "BY")) || AtWord("SKIP") || AtWord("OFFSET") ||
        AtWord("LIMIT")) {
      // GQL's ORDER BY, OFFSET (SKIP) and LIMIT as clauses of their own
      // (Cypher 25): `WITH *` with that ending.
      c.kind = ClauseKind::kWith;
      Projection all;
      all.star = true;
      NAMIDB_ASSIGN_OR_RETURN(c.projection, ParseProjectionTail(std::move(all)));
      return c;
    }
    if (AcceptWord("WITH")) {
      c.kind = ClauseKind::kWith;
      NAMIDB_ASSIGN_OR_RETURN(c.projection, ParseProjection());
      if (AcceptWord("WHERE")) {
        NAMIDB_ASSIGN_OR_RETURN(c.projection.where, ParseExpression());
      }
      return c;
    }
    if (AcceptWord("RETURN")) {
      c.kind = ClauseKind::kReturn;
      NAMIDB_ASSIGN_OR_RETURN(c.projection, ParseProjection());
      return c;
    }
    if (AcceptWord("CALL")) return ParseCall(std::move(c));
    if (AtWord("SHOW")) return ParseShowRoutines(std::move(c));
    if (AcceptWord("CREATE") || AcceptWord("INSERT")) {  // INSERT: GQL's CREATE
      c.kind = ClauseKind::kCreate;
      NAMIDB_ASSIGN_OR_RETURN(c.pattern, ParsePattern());
      NAMIDB_RETURN_IF_ERROR(LabelsToCreate(c.pattern, nullptr));
      return c;
    }
    if (AcceptWord("MERGE")) {
      c.kind = ClauseKind::kMerge;
      NAMIDB_ASSIGN_OR_RETURN(PatternPart part, ParsePatternPart());
      c.pattern.push_back(std::move(part));
      // The match side's tests of dynamic labels: the clause's WHERE.
      NAMIDB_RETURN_IF_ERROR(LabelsToCreate(c.pattern, &c.where));
      while (AtWord("ON")) {
        Advance();
        bool create = AcceptWord("CREATE");
        if (!create && !AcceptWord("MATCH")) return Unexpected("CREATE or MATCH");
        NAMIDB_RETURN_IF_ERROR(ExpectWord("SET"));
        NAMIDB_ASSIGN_OR_RETURN(auto items, ParseSetItems());
        auto& into = create ? c.on_create : c.on_match;
        for (auto& item : items) into.push_back(std::move(item));
      }
      return c;
    }
    if (AcceptWord("SET")) {
      c.kind = ClauseKind::kSet;
      NAMIDB_ASSIGN_OR_RETURN(c.set_items, ParseSetItems());
      return c;
    }
    if (AcceptWord("REMOVE")) {
      c.kind = ClauseKind::kRemove;
      NAMIDB_ASSIGN_OR_RETURN(c.set_items, ParseRemoveItems());
      return c;
    }
    if (AtWord("DETACH") || AtWord("DELETE")) {
      c.kind = ClauseKind::kDelete;
      c.detach = AcceptWord("DETACH");
      NAMIDB_RETURN_IF_ERROR(ExpectWord("DELETE"));
      do {
        NAMIDB_ASSIGN_OR_RETURN(ExprPtr target, ParseExpression());
        c.arguments.push_back(std::move(target));
      } while (AcceptSymbol(","));
      return c;
    }
    if (AcceptWord("FOREACH")) {
      c.kind = ClauseKind::kForeach;
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol("("));
      NAMIDB_ASSIGN_OR_RETURN(c.alias, ParseName("a variable"));
      NAMIDB_RETURN_IF_ERROR(ExpectWord("IN"));
      NAMIDB_ASSIGN_OR_RETURN(c.expr, ParseExpression());
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol("|"));
      while (!AtSymbol(")")) {
        NAMIDB_ASSIGN_OR_RETURN(Clause inner, ParseClause());
        c.body.push_back(std::move(inner));
      }
      if (c.body.empty()) return Unexpected("an updating clause");
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol(")"));
      return c;
    }
    return Unexpected("a clause (MATCH, RETURN, WITH, UNWIND, CREATE, ...)");
  }

  // LOAD CSV [WITH HEADERS] FROM url AS variable [FIELDTERMINATOR 'c']
  Result<Clause> ParseLoadCsv(Clause c) {
    c.kind = ClauseKind::kLoadCsv;
    Advance();  // LOAD
    Advance();  // CSV
    if (AcceptWord("WITH")) {
      NAMIDB_RETURN_IF_ERROR(ExpectWord("HEADERS"));
      c.with_headers = true;
    }
    NAMIDB_RETURN_IF_ERROR(ExpectWord("FROM"));
    NAMIDB_ASSIGN_OR_RETURN(c.expr, ParseExpression());
    NAMIDB_RETURN_IF_ERROR(ExpectWord("AS"));
    NAMIDB_ASSIGN_OR_RETURN(c.alias, ParseName("a variable"));
    if (AtWord("FIELDTERMINATOR")) {
      Advance();
      const Token& t = Cur();
      // One ASCII character that is not the quote or a line end; '\t' is a tab.
      bool valid = t.kind == TokenKind::kString && t.text.size() == 1 &&
                   static_cast<unsigned char>(t.text[0]) < 0x80 && t.text[0] != '"' &&
                   t.text[0] != '\n' && t.text[0] != '\r';
      if (!valid) {
        return SyntaxError("InvalidArgumentValue", t.pos,
                           "FIELDTERMINATOR takes a string of one ASCII character other than a "
                           "quote or a line end, such as ';' or '\\t'");
      }
      c.field_terminator = t.text[0];
      Advance();
    }
    return c;
  }

  // After CALL { ... } IN: [n] [CONCURRENT] TRANSACTIONS [OF rows ROW[S]]
  // [ON ERROR CONTINUE | BREAK | FAIL] [REPORT STATUS AS variable].
  // Concurrent transactions run one after another: a namespace has one writer.
  Status ParseInTransactions(Clause* c) {
    c->in_transactions = true;
    if (!AtWord("TRANSACTIONS") && !AtWord("CONCURRENT")) {
      NAMIDB_RETURN_IF_ERROR(ParsePostfix().status());  // how many at once
      if (!AtWord("CONCURRENT")) return Unexpected("CONCURRENT");
    }
    AcceptWord("CONCURRENT");
    NAMIDB_RETURN_IF_ERROR(ExpectWord("TRANSACTIONS"));
    if (AcceptWord("OF")) {
      NAMIDB_ASSIGN_OR_RETURN(c->transaction_rows, ParseUnary());
      if (!AcceptWord("ROWS") && !AcceptWord("ROW")) return Unexpected("ROWS");
    }
    if (AcceptWord("ON")) {
      NAMIDB_RETURN_IF_ERROR(ExpectWord("ERROR"));
      if (AcceptWord("CONTINUE")) {
        c->on_error = OnTransactionError::kContinue;
      } else if (AcceptWord("BREAK")) {
        c->on_error = OnTransactionError::kBreak;
      } else if (AtWord("RETRY")) {
        // Retried against what? A commit fails for good here (another
        // writer won the namespace, a constraint, the store).
        return CompileError("SyntaxError", "UnsupportedFeature", Cur().pos,
                            "ON ERROR RETRY is not supported: a failed commit is final; use ON "
                            "ERROR CONTINUE, BREAK or FAIL");
      } else if (!AcceptWord("FAIL")) {
        return Unexpected("CONTINUE, BREAK or FAIL");
      }
    }
    if (AcceptWord("REPORT")) {
      NAMIDB_RETURN_IF_ERROR(ExpectWord("STATUS"));
      NAMIDB_RETURN_IF_ERROR(ExpectWord("AS"));
      NAMIDB_ASSIGN_OR_RETURN(c->report_status, ParseName("a variable"));
    }
    return Status::OK();
  }

  Result<Clause> ParseCall(Clause c) {
    if (AcceptSymbol("(")) {
      // A variable scope clause: `(a, b)`, `(*)` or `()`, then a subquery.
      c.has_scope_clause = true;
      if (AcceptSymbol("*")) {
        c.imports_all = true;
      } else if (!AtSymbol(")")) {
        do {
          auto e = Make(ExprKind::kVariable, Cur().pos);
          NAMIDB_ASSIGN_OR_RETURN(e->name, ParseName("a variable"));
          c.imports.push_back(Done(std::move(e)));
        } while (AcceptSymbol(","));
      }
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol(")"));
      if (!AtSymbol("{")) return Unexpected("'{' (a subquery after its variables)");
    }
    if (AcceptSymbol("{")) {
      c.kind = ClauseKind::kCallSubquery;
      NAMIDB_ASSIGN_OR_RETURN(Query inner, ParseQueryBody(/*nested=*/true));
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol("}"));
      if (AcceptWord("IN")) NAMIDB_RETURN_IF_ERROR(ParseInTransactions(&c));
      c.subquery = std::make_shared<Query>(std::move(inner));
      return c;
    }
    c.kind = ClauseKind::kCallProcedure;
    NAMIDB_ASSIGN_OR_RETURN(c.procedure, ParseName("a procedure name"));
    while (AcceptSymbol(".")) {
      NAMIDB_ASSIGN_OR_RETURN(std::string part, ParseName("a procedure name"));
      c.procedure += "." + part;
    }
    if (AcceptSymbol("(")) {
      c.has_arguments = true;
      if (!AtSymbol(")")) {
        do {
          NAMIDB_ASSIGN_OR_RETURN(ExprPtr arg, ParseExpression());
          c.arguments.push_back(std::move(arg));
        } while (AcceptSymbol(","));
      }
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol(")"));
    }
    if (AcceptWord("YIELD")) NAMIDB_RETURN_IF_ERROR(ParseYield(&c));
    return c;
  }

  // What follows YIELD: `*` or fields (`f AS v`), then WHERE.
  Status ParseYield(Clause* c) {
    c->has_yield = true;
    if (AcceptSymbol("*")) {
      c->yield_star = true;
    } else {
      do {
        YieldItem item;
        item.pos = Cur().pos;
        NAMIDB_ASSIGN_OR_RETURN(item.field, ParseName("a field name"));
        item.variable = item.field;
        if (AcceptWord("AS")) {
          item.pos = Cur().pos;
          NAMIDB_ASSIGN_OR_RETURN(item.variable, ParseName("a variable"));
        }
        c->yields.push_back(std::move(item));
      } while (AcceptSymbol(","));
    }
    if (AcceptWord("WHERE")) {
      NAMIDB_ASSIGN_OR_RETURN(c->where, ParseExpression());
    }
    return Status::OK();
  }

  // SHOW [ALL | BUILT IN | USER DEFINED] FUNCTION[S] and SHOW PROCEDURE[S]
  // (Neo4j 5), with EXECUTABLE [BY CURRENT USER | BY name] taken and
  // [YIELD ...] [WHERE ...]: a call of dbms.functions() / dbms.procedures()
  // whose columns without YIELD are Neo4j's defaults. There are no
  // user-defined functions. SHOW INDEX[ES] | CONSTRAINT[S] followed by
  // YIELD, WHERE or more clauses is a call of db.indexes() /
  // db.constraints() the same way (alone, a schema command).
  Result<Clause> ParseShowRoutines(Clause c) {
    Advance();  // SHOW
    if (ShowsSchema(Cur())) {
      const bool indexes = AtWord("INDEX") || AtWord("INDEXES");
      Advance();
      c.kind = ClauseKind::kCallProcedure;
      c.procedure = indexes ? "db.indexes" : "db.constraints";
      c.has_arguments = true;
      if (AcceptWord("YIELD")) {
        NAMIDB_RETURN_IF_ERROR(ParseYield(&c));
        return c;
      }
      c.has_yield = true;
      for (const char* field : {"name", "type", "entityType", "labelsOrTypes", "properties"}) {
        c.yields.push_back({c.pos, field, field});
      }
      if (AcceptWord("WHERE")) {
        NAMIDB_ASSIGN_OR_RETURN(c.where, ParseExpression());
      }
      return c;
    }
    bool user_defined = false;
    if (AcceptWord("BUILT")) {
      NAMIDB_RETURN_IF_ERROR(ExpectWord("IN"));
    } else if (AcceptWord("USER")) {
      NAMIDB_RETURN_IF_ERROR(ExpectWord("DEFINED"));
      user_defined = true;
    } else {
      AcceptWord("ALL");
    }
    const bool functions = AtWord("FUNCTION") || AtWord("FUNCTIONS");
    if (!functions && (user_defined || !(AtWord("PROCEDURE") || AtWord("PROCEDURES")))) {
      return Unexpected(user_defined ? "FUNCTIONS" : "FUNCTIONS or PROCEDURES");
    }
    Advance();
    if (AcceptWord("EXECUTABLE") && AcceptWord("BY")) {
      if (AcceptWord("CURRENT")) {
        NAMIDB_RETURN_IF_ERROR(ExpectWord("USER"));
      } else {
        NAMIDB_RETURN_IF_ERROR(ParseName("a user name").status());
      }
    }
    c.kind = ClauseKind::kCallProcedure;
    c.procedure = functions ? "dbms.functions" : "dbms.procedures";
    c.has_arguments = true;
    if (AcceptWord("YIELD")) {
      NAMIDB_RETURN_IF_ERROR(ParseYield(&c));
    } else {
      c.has_yield = true;
      for (const char* field :
           functions ? std::vector<const char*>{"name", "category", "description"}
                     : std::vector<const char*>{"name", "description", "mode", "worksOnSystem"}) {
        c.yields.push_back({c.pos, field, field});
      }
      if (AcceptWord("WHERE")) {
        NAMIDB_ASSIGN_OR_RETURN(c.where, ParseExpression());
      }
    }
    if (user_defined) {
      auto none = Make(ExprKind::kLiteral, c.pos);
      none->value = Value::Bool(false);
      NAMIDB_ASSIGN_OR_RETURN(c.where, And(std::move(c.where), Done(std::move(none))));
    }
    return c;
  }

  Result<Projection> ParseProjection() {
    Projection p;
    p.distinct = AcceptWord("DISTINCT");
    if (AcceptSymbol("*")) {
      p.star = true;
      if (!AcceptSymbol(",")) return ParseProjectionTail(std::move(p));
    }
    do {
      ProjectionItem item;
      NAMIDB_ASSIGN_OR_RETURN(item.expr, ParseExpression());
      if (AcceptWord("AS")) {
        NAMIDB_ASSIGN_OR_RETURN(item.alias, ParseName("an alias"));
        item.aliased = true;
      } else {
        item.alias = std::string(
            text_.substr(item.expr->pos.offset, item.expr->end - item.expr->pos.offset));
      }
      p.items.push_back(std::move(item));
    } while (AcceptSymbol(","));
    return ParseProjectionTail(std::move(p));
  }

  Result<Projection> ParseProjectionTail(Projection p) {
    if (AtWord("ORDER")) {
      Advance();
      NAMIDB_RETURN_IF_ERROR(ExpectWord("BY"));
      do {
        SortItem item;
        NAMIDB_ASSIGN_OR_RETURN(item.expr, ParseExpression());
        if (AcceptWord("DESC") || AcceptWord("DESCENDING")) {
          item.descending = true;
        } else if (!AcceptWord("ASC")) {
          AcceptWord("ASCENDING");
        }
        item.nulls_first = item.descending;
        if (AtWord("NULLS") && (IsWord(Ahead(1), "FIRST") || IsWord(Ahead(1), "LAST"))) {
          Advance();  // NULLS
          item.nulls_first = AtWord("FIRST");
          Advance();
        }
        p.order_by.push_back(std::move(item));
      } while (AcceptSymbol(","));
    }
    if (AcceptWord("SKIP") || AcceptWord("OFFSET")) {  // OFFSET: GQL's word, as Neo4j 5 takes it
      NAMIDB_ASSIGN_OR_RETURN(p.skip, ParseExpression());
    }
    if (AcceptWord("LIMIT")) {
      NAMIDB_ASSIGN_OR_RETURN(p.limit, ParseExpression());
    }
    return p;
  }

  // A match mode (GQL, Neo4j 5) after MATCH: REPEATABLE ELEMENT[S] or
  // DIFFERENT RELATIONSHIP[S], the default. Without the second word, the
  // first is a path's name (`MATCH repeatable = (a)`).
  void ParseMatchMode(Clause* c) {
    auto second = [&](std::string_view one) {
      const Token& t = Ahead(1);
      return t.kind == TokenKind::kName &&
             (EqualsIgnoreCase(t.text, one) || EqualsIgnoreCase(t.text, std::string(one) + "S"));
    };
    if (AtWord("REPEATABLE") && second("ELEMENT")) {
      c->repeatable_elements = true;
    } else if (!(AtWord("DIFFERENT") && second("RELATIONSHIP"))) {
      return;
    }
    Advance();
    Advance();
  }

  Result<std::vector<SetItem>> ParseSetItems() {
    std::vector<SetItem> items;
    do {
      SetItem item;
      item.pos = Cur().pos;
      if (AtName() &&
          (IsSymbol(Ahead(1), "=") || IsSymbol(Ahead(1), "+=") || IsSymbol(Ahead(1), ":"))) {
        NAMIDB_ASSIGN_OR_RETURN(item.variable, ParseName("a variable"));
        if (AcceptSymbol(":")) {
          item.kind = SetKind::kLabels;
          NAMIDB_ASSIGN_OR_RETURN(item.labels, ParseLabelsAfterColon(&item.dynamic_labels));
        } else {
          item.kind = AcceptSymbol("+=") ? SetKind::kMerge : SetKind::kReplace;
          if (item.kind == SetKind::kReplace) NAMIDB_RETURN_IF_ERROR(ExpectSymbol("="));
          NAMIDB_ASSIGN_OR_RETURN(item.value, ParseExpression());
        }
      } else {
        item.kind = SetKind::kProperty;
        NAMIDB_ASSIGN_OR_RETURN(item.target, ParsePostfix());
        if (item.target->kind != ExprKind::kProperty) {
          return SyntaxError("UnexpectedSyntax", item.pos,
                             "SET needs a property, a variable or labels");
        }
        NAMIDB_RETURN_IF_ERROR(ExpectSymbol("="));
        NAMIDB_ASSIGN_OR_RETURN(item.value, ParseExpression());
      }
      items.push_back(std::move(item));
    } while (AcceptSymbol(","));
    return items;
  }

  Result<std::vector<SetItem>> ParseRemoveItems() {
    std::vector<SetItem> items;
    do {
      SetItem item;
      item.pos = Cur().pos;
      if (AtName() && IsSymbol(Ahead(1), ":")) {
        item.kind = SetKind::kLabels;
        NAMIDB_ASSIGN_OR_RETURN(item.variable, ParseName("a variable"));
        Advance();  // ':'
        NAMIDB_ASSIGN_OR_RETURN(item.labels, ParseLabelsAfterColon(&item.dynamic_labels));
      } else {
        item.kind = SetKind::kProperty;
        NAMIDB_ASSIGN_OR_RETURN(item.target, ParsePostfix());
        if (item.target->kind != ExprKind::kProperty) {
          return SyntaxError("UnexpectedSyntax", item.pos, "REMOVE needs a property or labels");
        }
      }
      items.push_back(std::move(item));
    } while (AcceptSymbol(","));
    return items;
  }

  // `A:B:C` after the first ':' was taken: a set of labels, in the order
  // first written (`:A:B:A` is `:A:B`). Dynamic ones (`:$(expr)`) go to
  // `dynamic`.
  Result<std::vector<std::string>> ParseLabelsAfterColon(std::vector<ExprPtr>* dynamic) {
    std::vector<std::string> labels;
    do {
      if (AtDynamicLabel(0)) {
        if (Cur().kind == TokenKind::kParameter && EqualsIgnoreCase(Cur().text, "any")) {
          return SyntaxError("UnexpectedSyntax", Cur().pos,
                             "SET and REMOVE take labels, not one of them: $(…), not $any(…)");
        }
        LabelOperandsInto into(this, dynamic);
        NAMIDB_RETURN_IF_ERROR(ParseDynamicLabel().status());
        continue;
      }
      NAMIDB_ASSIGN_OR_RETURN(std::string label, ParseName("a label"));
      if (std::find(labels.begin(), labels.end(), label) == labels.end()) {
        labels.push_back(std::move(label));
      }
    } while (AcceptSymbol(":"));
    return labels;
  }

  // A label expression after its ':' (Neo4j 5): `|` binds loosest, then
  // `&` (and the old `:` between labels), then `!`; `%` is any label.
  // `in_expression`: in `n:A|x`, a `|` followed by a name that goes on
  // (`| x.name`, a comprehension's projection) is not the expression's.
  Result<LabelExpression> ParseLabelExpression(bool in_expression) {
    LabelExpression first;
    NAMIDB_ASSIGN_OR_RETURN(first, ParseLabelConjunction(in_expression));
    if (!AtSymbol("|") || (in_expression && !LabelFollows(1))) return first;
    LabelExpression any;
    any.kind = LabelExpression::Kind::kOr;
    any.children.push_back(std::move(first));
    while (AtSymbol("|") && (!in_expression || LabelFollows(1))) {
      Advance();
      AcceptSymbol(":");  // `:A|:B`, as relationship types take it
      NAMIDB_ASSIGN_OR_RETURN(LabelExpression next, ParseLabelConjunction(in_expression));
      any.children.push_back(std::move(next));
    }
    return any;
  }
  // Whether token `n` ahead starts a label of an expression's disjunction.
  bool LabelFollows(size_t n) const {
    const Token& t = Ahead(n);
    if (IsSymbol(t, "!") || IsSymbol(t, "%") || IsSymbol(t, "(") || IsSymbol(t, ":") ||
        AtDynamicLabel(n)) {
      return true;
    }
    if (t.kind != TokenKind::kName && t.kind != TokenKind::kQuotedName) return false;
    const Token& after = Ahead(n + 1);
    return !(IsSymbol(after, ".") || IsSymbol(after, "(") || IsSymbol(after, "[") ||
             IsSymbol(after, "{"));
  }
  Result<LabelExpression> ParseLabelConjunction(bool in_expression) {
    LabelExpression first;
    NAMIDB_ASSIGN_OR_RETURN(first, ParseLabelFactor(in_expression));
    const bool colon_joins = !in_relationship_types_;  // `:A:B` of labels
    if (!AtSymbol("&") && !(colon_joins && AtSymbol(":"))) return first;
    LabelExpression all;
    all.kind = LabelExpression::Kind::kAnd;
    all.children.push_back(std::move(first));
    while (AcceptSymbol("&") || (colon_joins && AcceptSymbol(":"))) {
      NAMIDB_ASSIGN_OR_RETURN(LabelExpression next, ParseLabelFactor(in_expression));
      all.children.push_back(std::move(next));
    }
    return all;
  }
  Result<LabelExpression> ParseLabelFactor(bool in_expression) {
    Nesting nesting(this, 1);  // `!` and parentheses nest
    NAMIDB_RETURN_IF_ERROR(nesting.Check());
    LabelExpression e;
    if (AcceptSymbol("!")) {
      e.kind = LabelExpression::Kind::kNot;
      NAMIDB_ASSIGN_OR_RETURN(LabelExpression inner, ParseLabelFactor(in_expression));
      e.children.push_back(std::move(inner));
      return e;
    }
    if (AcceptSymbol("%")) {
      e.kind = LabelExpression::Kind::kAny;
      return e;
    }
    if (AcceptSymbol("(")) {
      NAMIDB_ASSIGN_OR_RETURN(e, ParseLabelExpression(false));
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol(")"));
      return e;
    }
    if (AtDynamicLabel(0)) return ParseDynamicLabel();
    NAMIDB_ASSIGN_OR_RETURN(e.name, ParseName("a label"));
    return e;
  }
  // Whether token `n` ahead starts a dynamic label: `$(`, `$any(`, `$all(`.
  bool AtDynamicLabel(size_t n) const {
    const Token& t = Ahead(n);
    if (IsSymbol(t, "$")) return true;
    if (t.kind != TokenKind::kParameter || !IsSymbol(Ahead(n + 1), "(")) return false;
    return EqualsIgnoreCase(t.text, "any") || EqualsIgnoreCase(t.text, "all");
  }
  // `$(expr)`, `$all(expr)` (the labels expr gives, all of them) or
  // `$any(expr)` (one of them): its expression goes to label_operands_.
  Result<LabelExpression> ParseDynamicLabel() {
    LabelExpression e;
    e.kind = LabelExpression::Kind::kDynamic;
    const SourcePos pos = Cur().pos;
    e.any = Cur().kind == TokenKind::kParameter && EqualsIgnoreCase(Cur().text, "any");
    Advance();
    NAMIDB_RETURN_IF_ERROR(ExpectSymbol("("));
    std::vector<ExprPtr>* operands = label_operands_;
    if (!operands) {
      return SyntaxError("UnexpectedSyntax", pos, "a dynamic label is not allowed here");
    }
    label_operands_ = nullptr;  // the operand's own label predicates keep theirs
    Result<ExprPtr> parsed = ParseExpression();
    label_operands_ = operands;
    NAMIDB_ASSIGN_OR_RETURN(ExprPtr operand, std::move(parsed));
    e.name = std::string(text_.substr(operand->pos.offset, operand->end - operand->pos.offset));
    NAMIDB_RETURN_IF_ERROR(ExpectSymbol(")"));
    e.operand = operands->size();
    operands->push_back(std::move(operand));
    return e;
  }
  // Where the dynamic labels' expressions go while a label expression is
  // parsed; none may appear where it is not set.
  class LabelOperandsInto {
   public:
    LabelOperandsInto(Parser* p, std::vector<ExprPtr>* into) : p_(p), saved_(p->label_operands_) {
      p_->label_operands_ = into;
    }
    ~LabelOperandsInto() { p_->label_operands_ = saved_; }
    LabelOperandsInto(const LabelOperandsInto&) = delete;
    LabelOperandsInto& operator=(const LabelOperandsInto&) = delete;

   private:
    Parser* p_;
    std::vector<ExprPtr>* saved_;
  };

  // A node's variable, naming it if it has none: a name with a space,
  // which no query can write and RETURN * leaves out, as LOAD CSV's hidden
  // variables are named.
  std::string NodeName(NodePattern& n) {
    if (n.variable.empty()) n.variable = " node " + std::to_string(++unnamed_nodes_);
    return n.variable;
  }
  std::string RelName(RelPattern& r) {
    if (r.variable.empty()) r.variable = " rel " + std::to_string(++unnamed_rels_);
    return r.variable;
  }
  // `name:expression`, a predicate.
  // `operands`: the expressions of its dynamic labels.
  ExprPtr HasLabels(const SourcePos& pos, const std::string& name,
                    std::shared_ptr<const LabelExpression> expression,
                    std::vector<ExprPtr> operands) {
    auto test = Make(ExprKind::kHasLabels, pos);
    auto variable = Make(ExprKind::kVariable, pos);
    variable->name = name;
    test->children.push_back(Done(std::move(variable)));
    for (auto& o : operands) test->children.push_back(std::move(o));
    test->label_expression = std::move(expression);
    return Done(std::move(test));
  }
  Result<ExprPtr> And(ExprPtr where, ExprPtr predicate) {
    if (!where) return predicate;
    return Binary("AND", std::move(where), std::move(predicate));
  }
  // The predicates of `parts`' nodes and relationships, their label
  // expressions' and their own (`(n WHERE p)`), ANDed onto `where` (which
  // may be null); the nodes keep what they require. A variable-length
  // relationship's hold for each of its hops: they become the condition of
  // a group of that one hop.
  Result<ExprPtr> LabelPredicatesInto(std::vector<PatternPart>& parts, ExprPtr where) {
    for (PatternPart& part : parts) {
      for (NodePattern& n : part.nodes) {
        if (n.label_expression) {
          std::string name = NodeName(n);
          NAMIDB_ASSIGN_OR_RETURN(
              where, And(std::move(where), HasLabels(n.pos, name, std::move(n.label_expression),
                                                     std::move(n.label_operands))));
        }
        if (n.where) {
          NAMIDB_ASSIGN_OR_RETURN(where, And(std::move(where), std::move(n.where)));
        }
      }
      for (RelPattern& r : part.rels) {
        std::vector<ExprPtr> tests;
        if (r.label_expression) {
          tests.push_back(HasLabels(r.pos, RelName(r), std::move(r.label_expression),
                                    std::move(r.label_operands)));
        }
        if (r.where) tests.push_back(std::move(r.where));
        for (ExprPtr& test : tests) {
          if (!r.variable_length) {
            NAMIDB_ASSIGN_OR_RETURN(where, And(std::move(where), std::move(test)));
            continue;
          }
          if (!r.quantified) {
            r.quantified = std::make_shared<QuantifiedHop>();
            r.quantified->from.pos = r.quantified->to.pos = r.pos;
          }
          NAMIDB_ASSIGN_OR_RETURN(r.quantified->where,
                                  And(std::move(r.quantified->where), std::move(test)));
        }
      }
    }
    return where;
  }
  Result<ExprPtr> LabelPredicatesInto(PatternPart& part, ExprPtr where) {
    std::vector<PatternPart> one;
    one.push_back(std::move(part));
    auto out = LabelPredicatesInto(one, std::move(where));
    part = std::move(one[0]);
    return out;
  }
  static bool HasLabelExpressions(const PatternPart& part) {
    return std::any_of(part.nodes.begin(), part.nodes.end(),
                       [](const NodePattern& n) { return n.label_expression || n.where; }) ||
           std::any_of(part.rels.begin(), part.rels.end(),
                       [](const RelPattern& r) { return r.label_expression || r.where; });
  }
  // A pattern used as a predicate; with label expressions or inline
  // conditions, EXISTS { } of it with their predicates as its WHERE.
  Result<ExprPtr> PatternPredicate(const SourcePos& pos, PatternPart part) {
    if (!HasLabelExpressions(part)) {
      auto e = Make(ExprKind::kPatternPredicate, pos);
      e->pattern = std::make_shared<PatternPart>(std::move(part));
      return Done(std::move(e));
    }
    auto e = Make(ExprKind::kExists, pos);
    NAMIDB_ASSIGN_OR_RETURN(ExprPtr where, LabelPredicatesInto(part, nullptr));
    e->pattern = std::make_shared<PatternPart>(std::move(part));
    e->children.push_back(std::move(where));
    return Done(std::move(e));
  }
  Status NoConditionToMake(const SourcePos& pos, const ExprPtr* match) const {
    return SyntaxError("UnexpectedSyntax", pos,
                       std::string("a pattern to ") + (match ? "merge" : "create") +
                           " takes no WHERE; give the properties as a map, or MATCH first");
  }
  // CREATE and MERGE make what they name: labels (`:A:B`, `:A&B`), dynamic
  // ones among them (`:A:$(expr)`), and one relationship type, which may be
  // dynamic (`[:$(expr)]`). Any other label expression says nothing to
  // make. The dynamic ones move to NodePattern::dynamic_labels and
  // RelPattern::dynamic_type. `match`: MERGE's, whose match side tests
  // them; it gets their predicates (as a MATCH's WHERE would).
  Status LabelsToCreate(std::vector<PatternPart>& parts, ExprPtr* match) {
    for (PatternPart& part : parts) {
      // A condition says nothing to make (and MERGE would make what fails it).
      for (const NodePattern& n : part.nodes) {
        if (n.where) return NoConditionToMake(n.where->pos, match);
      }
      for (const RelPattern& r : part.rels) {
        if (r.where) return NoConditionToMake(r.where->pos, match);
      }
      for (NodePattern& n : part.nodes) {
        if (!n.label_expression) continue;
        std::vector<size_t> dynamic;
        if (!n.label_expression->IsCreatable(&n.labels, &dynamic)) {
          return SyntaxError("UnexpectedSyntax", n.pos,
                             "a pattern to create takes labels (:A:B or :A&B), not the label "
                             "expression " +
                                 n.label_expression->ToString());
        }
        if (match) {
          std::vector<ExprPtr> operands;
          for (const auto& o : n.label_operands) operands.push_back(Clone(*o));
          NAMIDB_ASSIGN_OR_RETURN(
              *match, And(std::move(*match),
                          HasLabels(n.pos, NodeName(n), n.label_expression, std::move(operands))));
        }
        for (size_t i : dynamic) n.dynamic_labels.push_back(std::move(n.label_operands[i]));
        if (!match) n.scan_labels = nullptr;  // only a match side scans
        n.label_operands.clear();
        n.label_expression = nullptr;
        n.any_labels.clear();
      }
      for (RelPattern& r : part.rels) {
        if (!r.label_expression) continue;
        const LabelExpression& e = *r.label_expression;
        if (e.kind != LabelExpression::Kind::kDynamic || e.any) {
          return SyntaxError(
              "UnexpectedSyntax", r.pos,
              "a relationship to create takes one type, not the type expression " + e.ToString());
        }
        if (match) {
          std::vector<ExprPtr> operands;
          operands.push_back(Clone(*r.label_operands[0]));
          NAMIDB_ASSIGN_OR_RETURN(
              *match, And(std::move(*match),
                          HasLabels(r.pos, RelName(r), r.label_expression, std::move(operands))));
        }
        r.dynamic_type = std::move(r.label_operands[0]);
        if (!match) r.scan_types = nullptr;  // only a match side expands
        r.label_operands.clear();
        r.label_expression = nullptr;
      }
    }
    return Status::OK();
  }

  // --- patterns ---------------------------------------------------------------

  Result<std::vector<PatternPart>> ParsePattern() {
    std::vector<PatternPart> parts;
    do {
      NAMIDB_ASSIGN_OR_RETURN(PatternPart part, ParsePatternPart());
      parts.push_back(std::move(part));
    } while (AcceptSymbol(","));
    return parts;
  }

  Result<PatternPart> ParsePatternPart() {
    PatternPart part;
    part.pos = Cur().pos;
    if (AtName() && IsSymbol(Ahead(1), "=")) {
      NAMIDB_ASSIGN_OR_RETURN(part.path_variable, ParseName("a path variable"));
      Advance();  // '='
    }
    NAMIDB_RETURN_IF_ERROR(ParsePathSelector(&part));
    bool shortest = AtWord("shortestPath"), all = AtWord("allShortestPaths");
    if ((shortest || all) && IsSymbol(Ahead(1), "(")) {
      part.kind = shortest ? PathKind::kShortest : PathKind::kAllShortest;
      Advance();
      Advance();
      NAMIDB_RETURN_IF_ERROR(ParseChain(&part, /*groups=*/true));
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol(")"));
      return part;
    }
    NAMIDB_RETURN_IF_ERROR(ParseChain(&part, /*groups=*/true));
    return part;
  }

  // A path selector before a pattern (Neo4j 5): `SHORTEST 1` or `ANY
  // SHORTEST` (one shortest path, as shortestPath), `ALL SHORTEST` or
  // `SHORTEST 1 GROUPS` (every shortest path, as allShortestPaths), `ANY`
  // (any one path: a shortest one is one), `ALL` (every path, as without);
  // `SHORTEST k`, `ANY k` and `SHORTEST k GROUPS` the k shortest paths or
  // the paths of the k shortest lengths.
  Status ParsePathSelector(PatternPart* part) {
    SourcePos pos = Cur().pos;
    const bool all = AtWord("ALL"), any = AtWord("ANY");
    if (!((all || any) && (IsWord(Ahead(1), "SHORTEST") || IsSymbol(Ahead(1), "(") ||
                           Ahead(1).kind == TokenKind::kInteger)) &&
        !(AtWord("SHORTEST") && Ahead(1).kind == TokenKind::kInteger)) {
      return Status::OK();
    }
    if (all || any) Advance();
    bool shortest = AcceptWord("SHORTEST");
    int64_t k = 1;
    if (Cur().kind == TokenKind::kInteger) {
      NAMIDB_ASSIGN_OR_RETURN(ExprPtr n, ParseIntegerLiteral(Cur().pos, false));
      k = n->value.as_int();
    }
    bool groups = shortest && !all && !any && AcceptWord("GROUPS");
    if (all && !shortest) return Status::OK();  // every path
    if (k < 1) {
      return SyntaxError("InvalidArgumentValue", pos, "a path selector needs a count of 1 or more");
    }
    part->kind = all || groups ? PathKind::kAllShortest : PathKind::kShortest;
    part->selector_count = k;
    return Status::OK();
  }

  // Nodes and relationships in turn. With `groups`, a quantified path
  // pattern `((a)-->(b)){1,3}` may stand for a relationship: a node it
  // does not touch on a side (`((a)-->(b))+` alone, two groups side by
  // side, a group before a relationship) is an anonymous one.
  Status ParseChain(PatternPart* part, bool groups) {
    bool after_group = false;
    for (;;) {
      if (groups && AtSymbol("(") && IsSymbol(Ahead(1), "(")) {
        if (part->nodes.size() == part->rels.size()) part->nodes.push_back(ImpliedNode());
        NAMIDB_ASSIGN_OR_RETURN(RelPattern group, ParseQuantifiedGroup());
        part->rels.push_back(std::move(group));
        after_group = true;
        continue;
      }
      if (part->nodes.size() == part->rels.size()) {
        if (after_group && !AtSymbol("(")) {
          part->nodes.push_back(ImpliedNode());
        } else {
          NAMIDB_ASSIGN_OR_RETURN(NodePattern node, ParseNodePattern());
          part->nodes.push_back(std::move(node));
        }
      }
      after_group = false;
      if (groups && AtSymbol("(") && IsSymbol(Ahead(1), "(")) continue;
      if (!AtSymbol("-") && !(AtSymbol("<") && IsSymbol(Ahead(1), "-"))) return Status::OK();
      NAMIDB_ASSIGN_OR_RETURN(RelPattern rel, ParseRelPattern());
      part->rels.push_back(std::move(rel));
    }
  }

  NodePattern ImpliedNode() const {
    NodePattern n;
    n.pos = Cur().pos;
    return n;
  }

  // `( node-rel-node [WHERE condition] ) quantifier`, the relationship
  // standing for the group (RelPattern::quantified).
  Result<RelPattern> ParseQuantifiedGroup() {
    SourcePos pos = Cur().pos;
    NAMIDB_RETURN_IF_ERROR(ExpectSymbol("("));
    if (AtSymbol("(") && IsSymbol(Ahead(1), "(")) {
      return SyntaxError("InvalidQuantifiedPathPattern", Cur().pos,
                         "quantified path patterns cannot be nested");
    }
    PatternPart inner;
    inner.pos = Cur().pos;
    NAMIDB_RETURN_IF_ERROR(ParseChain(&inner, /*groups=*/false));
    ExprPtr where;
    if (AcceptWord("WHERE")) {
      NAMIDB_ASSIGN_OR_RETURN(where, ParseExpression());
    }
    NAMIDB_RETURN_IF_ERROR(ExpectSymbol(")"));
    if (inner.rels.empty()) {
      return SyntaxError("InvalidQuantifiedPathPattern", pos,
                         "a quantified path pattern needs a relationship");
    }
    for (const RelPattern& each : inner.rels) {
      if (each.variable_length) {
        return SyntaxError("InvalidQuantifiedPathPattern", each.pos,
                           "the relationship of a quantified path pattern has no length of its "
                           "own; the group's quantifier repeats it");
      }
    }
    RelPattern r = std::move(inner.rels[0]);
    NAMIDB_ASSIGN_OR_RETURN(where, LabelPredicatesInto(inner, std::move(where)));
    NAMIDB_ASSIGN_OR_RETURN(bool quantified, ParseQuantifier(&r));
    if (!quantified) {
      return SyntaxError("InvalidQuantifiedPathPattern", Cur().pos,
                         "a parenthesized path pattern needs a quantifier: {m,n}, {m,}, {,n}, "
                         "{n}, + or *");
    }
    auto group = std::make_shared<QuantifiedHop>();
    group->from = std::move(inner.nodes.front());
    group->to = std::move(inner.nodes.back());
    group->where = std::move(where);
    for (size_t i = 1; i + 1 < inner.nodes.size(); ++i) {
      group->middle.push_back(std::move(inner.nodes[i]));
    }
    for (size_t i = 1; i < inner.rels.size(); ++i) group->more.push_back(std::move(inner.rels[i]));
    r.quantified = std::move(group);
    return r;
  }

  // A quantifier after a relationship or a group (Neo4j 5): {m,n}, {m,}
  // and {,n} (from 0), {n} (exactly), + (1 or more), * (any number). It
  // makes `r` a variable-length relationship with those bounds; false if
  // none is here.
  Result<bool> ParseQuantifier(RelPattern* r) {
    SourcePos pos = Cur().pos;
    int64_t min = 0;
    std::optional<int64_t> max;
    if (AcceptSymbol("+")) {
      min = 1;
    } else if (AcceptSymbol("*")) {
      min = 0;
    } else if (AcceptSymbol("{")) {
      bool has_min = Cur().kind == TokenKind::kInteger;
      if (has_min) {
        NAMIDB_ASSIGN_OR_RETURN(ExprPtr n, ParseIntegerLiteral(Cur().pos, false));
        min = n->value.as_int();
      }
      if (AcceptSymbol(",")) {
        if (Cur().kind == TokenKind::kInteger) {
          NAMIDB_ASSIGN_OR_RETURN(ExprPtr n, ParseIntegerLiteral(Cur().pos, false));
          max = n->value.as_int();
        }
      } else if (has_min) {
        max = min;
      } else {
        return Unexpected("a number of repetitions");
      }
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol("}"));
      if (max && *max < min) {
        return SyntaxError("InvalidQuantifier", pos,
                           "a quantifier's upper bound is below its lower bound");
      }
    } else {
      return false;
    }
    if (r->variable_length) {
      return SyntaxError("InvalidQuantifier", pos,
                         "a variable-length relationship cannot take a quantifier as well");
    }
    r->variable_length = true;
    r->range = true;
    r->min_hops = IntegerLiteral(pos, min);
    if (max) r->max_hops = IntegerLiteral(pos, *max);
    return true;
  }

  ExprPtr IntegerLiteral(const SourcePos& pos, int64_t v) {
    auto e = Make(ExprKind::kLiteral, pos);
    e->value = Value::Int(v);
    return Done(std::move(e));
  }

  Result<NodePattern> ParseNodePattern() {
    NodePattern n;
    n.pos = Cur().pos;
    NAMIDB_RETURN_IF_ERROR(ExpectSymbol("("));
    if (AtName()) {
      NAMIDB_ASSIGN_OR_RETURN(n.variable, ParseName("a variable"));
    }
    if (AcceptSymbol(":")) {
      LabelOperandsInto into(this, &n.label_operands);
      NAMIDB_ASSIGN_OR_RETURN(LabelExpression labels, ParseLabelExpression(false));
      if (!labels.IsConjunction(&n.labels)) {
        n.labels = labels.Required();
        if (n.labels.empty()) n.any_labels = labels.AnyOf();
        if (n.labels.empty() && n.any_labels.empty()) {
          if (const LabelExpression* leaf = labels.RequiredDynamic()) {
            n.scan_labels = Clone(*n.label_operands[leaf->operand]);
            n.scan_any = leaf->any;
          }
        }
        n.label_expression = std::make_shared<const LabelExpression>(std::move(labels));
      }
    }
    if (AtSymbol("{") || Cur().kind == TokenKind::kParameter) {
      NAMIDB_ASSIGN_OR_RETURN(n.properties, ParseAtom());
    }
    if (AcceptWord("WHERE")) {
      NAMIDB_ASSIGN_OR_RETURN(n.where, ParseExpression());
    }
    NAMIDB_RETURN_IF_ERROR(ExpectSymbol(")"));
    return n;
  }

  Result<RelPattern> ParseRelPattern() {
    RelPattern r;
    r.pos = Cur().pos;
    bool left = AcceptSymbol("<");
    NAMIDB_RETURN_IF_ERROR(ExpectSymbol("-"));
    if (AcceptSymbol("[")) {
      if (AtName()) {
        NAMIDB_ASSIGN_OR_RETURN(r.variable, ParseName("a variable"));
      }
      if (AcceptSymbol(":")) {
        // `[:A:B]` is no conjunction: a relationship has one type.
        in_relationship_types_ = true;
        LabelOperandsInto into(this, &r.label_operands);
        Result<LabelExpression> parsed = ParseLabelExpression(false);
        in_relationship_types_ = false;
        NAMIDB_ASSIGN_OR_RETURN(LabelExpression expression, std::move(parsed));
        if (!expression.IsDisjunction(&r.types)) {
          r.types.clear();
          if (expression.kind == LabelExpression::Kind::kDynamic) {
            r.scan_types = Clone(*r.label_operands[expression.operand]);
            r.scan_any = expression.any;
          }
          r.label_expression = std::make_shared<const LabelExpression>(std::move(expression));
        }
      }
      if (AtSymbol("..")) {
        return SyntaxError("InvalidRelationshipPattern", Cur().pos,
                           "a length range needs '*' before it: [*1..3]");
      }
      if (AcceptSymbol("*")) {
        r.variable_length = true;
        if (AtSymbol("-")) {
          return SyntaxError("InvalidRelationshipPattern", Cur().pos,
                             "a length bound cannot be negative");
        }
        if (Cur().kind == TokenKind::kInteger || Cur().kind == TokenKind::kParameter) {
          NAMIDB_ASSIGN_OR_RETURN(r.min_hops, ParseAtom());
        }
        if (AcceptSymbol("..")) {
          r.range = true;
          if (AtSymbol("-")) {
            return SyntaxError("InvalidRelationshipPattern", Cur().pos,
                               "a length bound cannot be negative");
          }
          if (Cur().kind == TokenKind::kInteger || Cur().kind == TokenKind::kParameter) {
            NAMIDB_ASSIGN_OR_RETURN(r.max_hops, ParseAtom());
          }
        }
      }
      if (AtSymbol("{") || Cur().kind == TokenKind::kParameter) {
        NAMIDB_ASSIGN_OR_RETURN(r.properties, ParseAtom());
      }
      if (AtWord("WHERE")) {
        if (r.variable_length) {
          // Of which hop? A quantifier after the brackets says: each.
          return SyntaxError("InvalidRelationshipPattern", Cur().pos,
                             "a relationship with '*' takes no WHERE; write its condition per "
                             "hop with a quantifier: -[r WHERE ...]->{1,3}");
        }
        Advance();
        NAMIDB_ASSIGN_OR_RETURN(r.where, ParseExpression());
      }
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol("]"));
    }
    NAMIDB_RETURN_IF_ERROR(ExpectSymbol("-"));
    bool right = AcceptSymbol(">");
    r.direction = left == right ? RelDirection::kBoth
                  : left        ? RelDirection::kLeft
                                : RelDirection::kRight;
    NAMIDB_RETURN_IF_ERROR(ParseQuantifier(&r).status());
    return r;
  }

  // Tries a pattern with at least one relationship at the current token;
  // on failure restores the position and returns nothing. With `groups`
  // it may hold quantified path patterns, which a pattern comprehension's
  // may and a pattern predicate's may not: there `((a)-->(b))` is a
  // parenthesised predicate.
  std::optional<PatternPart> TryRelationshipPattern(bool groups = false) {
    size_t saved = at_;
    size_t saved_end = last_end_;
    std::vector<bool>& no_pattern_at = no_pattern_at_[groups];
    if (no_pattern_at.size() < tokens_.size()) no_pattern_at.resize(tokens_.size());
    if (no_pattern_at[saved]) return std::nullopt;
    PatternPart part;
    part.pos = Cur().pos;
    if (AtName() && IsSymbol(Ahead(1), "=")) {
      part.path_variable = Cur().text;
      Advance();
      Advance();
    }
    if (AtSymbol("(") && ParseChain(&part, groups).ok() && !part.rels.empty()) return part;
    at_ = saved;
    last_end_ = saved_end;
    no_pattern_at[saved] = true;
    return std::nullopt;
  }

  // --- expressions ------------------------------------------------------------

  Result<ExprPtr> ParseExpression() {
    Nesting nesting(this, 1);
    NAMIDB_RETURN_IF_ERROR(nesting.Check());
    NAMIDB_ASSIGN_OR_RETURN(ExprPtr e, ParseOr());
    NAMIDB_RETURN_IF_ERROR(CheckHeight());
    return e;
  }

  // `operands[0] ops[0] operands[1] ...` as one node: a plain binary for
  // two operands, a flat chain (ast.h) for more.
  Result<ExprPtr> Chain(std::vector<std::string> ops, std::vector<ExprPtr> operands) {
    if (ops.empty()) return std::move(operands[0]);
    if (ops.size() == 1)
      return Binary(std::move(ops[0]), std::move(operands[0]), std::move(operands[1]));
    auto e = Make(ExprKind::kBinary, operands[0]->pos);
    for (const std::string& op : ops) {
      std::optional<BinaryOp> kind = BinaryOpNamed(op);
      if (!kind) return Status::Internal("the parser made an unknown operator '" + op + "'");
      e->chain_ops.push_back(*kind);
    }
    e->binary_op = e->chain_ops[0];
    e->name = std::move(ops[0]);
    e->children = std::move(operands);
    return Done(std::move(e));
  }

  // A left-associative chain of the operators `next_op` accepts, between
  // operands `operand` parses.
  template <typename NextOp, typename Operand>
  Result<ExprPtr> ParseOperatorChain(NextOp next_op, Operand operand) {
    std::vector<ExprPtr> operands;
    std::vector<std::string> ops;
    NAMIDB_ASSIGN_OR_RETURN(ExprPtr first, operand());
    operands.push_back(std::move(first));
    while (std::optional<std::string> op = next_op()) {
      NAMIDB_ASSIGN_OR_RETURN(ExprPtr next, operand());
      ops.push_back(std::move(*op));
      operands.push_back(std::move(next));
    }
    return Chain(std::move(ops), std::move(operands));
  }

  // Accepts one of `words` (keywords) and returns it, or nothing.
  std::optional<std::string> AcceptAnyWord(std::initializer_list<std::string_view> words) {
    for (std::string_view w : words) {
      if (AcceptWord(w)) return std::string(w);
    }
    return std::nullopt;
  }
  std::optional<std::string> AcceptAnySymbol(std::initializer_list<std::string_view> symbols) {
    for (std::string_view s : symbols) {
      if (AcceptSymbol(s)) return std::string(s);
    }
    return std::nullopt;
  }

  Result<ExprPtr> Binary(std::string op, ExprPtr left, ExprPtr right) {
    std::optional<BinaryOp> kind = BinaryOpNamed(op);
    if (!kind) return Status::Internal("the parser made an unknown operator '" + op + "'");
    auto e = Make(ExprKind::kBinary, left->pos);
    e->binary_op = *kind;
    e->name = std::move(op);
    e->children.push_back(std::move(left));
    e->children.push_back(std::move(right));
    return Done(std::move(e));
  }

  Result<ExprPtr> ParseOr() {
    return ParseOperatorChain([this] { return AcceptAnyWord({"OR"}); },
                              [this] { return ParseXor(); });
  }

  Result<ExprPtr> ParseXor() {
    return ParseOperatorChain([this] { return AcceptAnyWord({"XOR"}); },
                              [this] { return ParseAnd(); });
  }

  Result<ExprPtr> ParseAnd() {
    return ParseOperatorChain([this] { return AcceptAnyWord({"AND"}); },
                              [this] { return ParseNot(); });
  }

  Result<ExprPtr> ParseNot() {
    if (AtWord("NOT")) {
      Nesting nesting(this, 1);
      NAMIDB_RETURN_IF_ERROR(nesting.Check());
      auto e = Make(ExprKind::kUnary, Cur().pos);
      Advance();
      e->name = "NOT";
      NAMIDB_ASSIGN_OR_RETURN(ExprPtr operand, ParseNot());
      e->children.push_back(std::move(operand));
      return Done(std::move(e));
    }
    return ParseComparison();
  }

  std::optional<std::string> AtComparison() const {
    for (std::string_view op : {"=", "<>", "!=", "<", ">", "<=", ">="}) {
      if (AtSymbol(op)) return std::string(op == "!=" ? "<>" : op);
    }
    return std::nullopt;
  }

  // `first`, when given, is the first operand, already parsed.
  Result<ExprPtr> ParseComparison(ExprPtr first = nullptr) {
    if (!first) {
      NAMIDB_ASSIGN_OR_RETURN(first, ParsePredicates());
    }
    std::vector<ExprPtr> operands;
    std::vector<std::string> ops;
    operands.push_back(std::move(first));
    while (auto op = AtComparison()) {
      Advance();
      NAMIDB_ASSIGN_OR_RETURN(ExprPtr next, ParsePredicates());
      ops.push_back(*op);
      operands.push_back(std::move(next));
    }
    if (ops.empty()) return std::move(operands[0]);
    // a < b < c means a < b AND b < c.
    std::vector<ExprPtr> comparisons;
    for (size_t i = 0; i < ops.size(); ++i) {
      ExprPtr left = i == 0 ? std::move(operands[0]) : Clone(*operands[i]);
      NAMIDB_ASSIGN_OR_RETURN(ExprPtr cmp, Binary(ops[i], std::move(left),
                                                  i + 1 < ops.size() ? Clone(*operands[i + 1])
                                                                     : std::move(operands[i + 1])));
      comparisons.push_back(std::move(cmp));
    }
    std::vector<std::string> ands(comparisons.size() - 1, "AND");
    return Chain(std::move(ands), std::move(comparisons));
  }

  // String, list and null predicates: =~, IN, STARTS WITH, ENDS WITH,
  // CONTAINS, IS [NOT] NULL.
  // `left`, when given, is the operand before them, already parsed.
  Result<ExprPtr> ParsePredicates(ExprPtr left = nullptr) {
    if (!left) {
      NAMIDB_ASSIGN_OR_RETURN(left, ParseAddSub());
    }
    while (true) {
      std::string op;
      if (AtSymbol("=~")) {
        op = "=~";
        Advance();
      } else if (AtWord("IN")) {
        op = "IN";
        Advance();
      } else if (AtWord("STARTS") && IsWord(Ahead(1), "WITH")) {
        op = "STARTS WITH";
        Advance();
        Advance();
      } else if (AtWord("ENDS") && IsWord(Ahead(1), "WITH")) {
        op = "ENDS WITH";
        Advance();
        Advance();
      } else if (AtWord("CONTAINS")) {
        op = "CONTAINS";
        Advance();
      } else if (AtSymbol(":") && IsSymbol(Ahead(1), ":")) {
        // `x :: T`, IS :: T's short form.
        NAMIDB_ASSIGN_OR_RETURN(left, ParseTypePredicate(std::move(left), false));
        continue;
      } else if (AtWord("IS")) {
        Advance();
        bool negated = AcceptWord("NOT");
        if ((AtSymbol(":") && IsSymbol(Ahead(1), ":")) || AtWord("TYPED")) {
          NAMIDB_ASSIGN_OR_RETURN(left, ParseTypePredicate(std::move(left), negated));
          continue;
        }
        if (AtNormalForm() || AtWord("NORMALIZED")) {
          NAMIDB_ASSIGN_OR_RETURN(left, ParseIsNormalized(std::move(left), negated));
          continue;
        }
        NAMIDB_RETURN_IF_ERROR(ExpectWord("NULL"));
        auto e = Make(negated ? ExprKind::kIsNotNull : ExprKind::kIsNull, left->pos);
        e->children.push_back(std::move(left));
        left = Done(std::move(e));
        continue;
      } else {
        return left;
      }
      NAMIDB_ASSIGN_OR_RETURN(ExprPtr right, ParseAddSub());
      NAMIDB_ASSIGN_OR_RETURN(left, Binary(op, std::move(left), std::move(right)));
    }
  }

  int unnamed_nodes_ = 0;  // nodes NodeName named
  int unnamed_rels_ = 0;   // relationships RelName named
  bool in_relationship_types_ = false;
  std::vector<ExprPtr>* label_operands_ = nullptr;  // LabelOperandsInto
  // The first NEXT of the query body being parsed (ParseQueryBody).
  std::optional<SourcePos> first_next_;
  // The expression nodes an extended simple CASE may copy its subject into.
  static constexpr size_t kMaxCaseSubjectCopies = 100000;

  // One of the normal forms' keywords, as normalize() and IS NORMALIZED
  // take them.
  bool AtNormalForm() const {
    return AtWord("NFC") || AtWord("NFD") || AtWord("NFKC") || AtWord("NFKD");
  }
  // The form's keyword as the string literal normalize() takes.
  ExprPtr NormalFormLiteral() {
    auto form = Make(ExprKind::kLiteral, Cur().pos);
    form->value = Value::String(Upper(Cur().text));
    Advance();
    return Done(std::move(form));
  }
  // `NOT e` when `negated` (IS NOT ...), else `e`.
  ExprPtr NegatedIf(bool negated, ExprPtr e) {
    if (!negated) return e;
    auto negation = Make(ExprKind::kUnary, e->pos);
    negation->name = "NOT";
    negation->children.push_back(std::move(e));
    return Done(std::move(negation));
  }
  // `subject IS [NOT] [form] NORMALIZED`, after IS [NOT]: a call of the
  // registry's IS NORMALIZED entry, NOT around it when negated (both keep
  // null).
  Result<ExprPtr> ParseIsNormalized(ExprPtr subject, bool negated) {
    const SourcePos pos = subject->pos;
    auto call = Make(ExprKind::kFunction, pos);
    call->name = "is normalized";  // functions.cc's entry: no call written in Cypher names it
    call->children.push_back(std::move(subject));
    if (AtNormalForm()) call->children.push_back(NormalFormLiteral());
    NAMIDB_RETURN_IF_ERROR(ExpectWord("NORMALIZED"));
    return NegatedIf(negated, Done(std::move(call)));
  }

  // `subject IS [NOT] :: type` (or `IS [NOT] TYPED type`), after IS [NOT];
  // or `subject :: type`.
  Result<ExprPtr> ParseTypePredicate(ExprPtr subject, bool negated) {
    const SourcePos pos = subject->pos;
    if (!AcceptWord("TYPED")) {
      Advance();  // ':'
      Advance();  // ':'
    }
    auto e = Make(ExprKind::kTypePredicate, pos);
    NAMIDB_ASSIGN_OR_RETURN(CypherType type, ParseType());
    e->cypher_type = std::make_shared<const CypherType>(std::move(type));
    e->children.push_back(std::move(subject));
    return NegatedIf(negated, Done(std::move(e)));
  }
  // A closed union of types: `T | U`, each `[NOT NULL]`.
  Result<CypherType> ParseType() {
    NAMIDB_ASSIGN_OR_RETURN(CypherType first, ParseTypeTerm());
    if (!AtSymbol("|")) return first;
    CypherType any;
    any.kind = CypherType::Kind::kUnion;
    any.members.push_back(std::move(first));
    while (AcceptSymbol("|")) {
      NAMIDB_ASSIGN_OR_RETURN(CypherType next, ParseTypeTerm());
      any.members.push_back(std::move(next));
    }
    return any;
  }
  Result<CypherType> ParseTypeTerm() {
    NAMIDB_ASSIGN_OR_RETURN(CypherType t, ParseBaseType());
    if (AtWord("NOT") && IsWord(Ahead(1), "NULL")) {
      Advance();
      Advance();
      if (t.kind == CypherType::Kind::kUnion) {
        for (CypherType& m : t.members) m.not_null = true;
      } else {
        t.not_null = true;
      }
    }
    return t;
  }
  // The words of a type and their synonyms, as Neo4j 5 names them.
  Result<CypherType> ParseBaseType() {
    Nesting nesting(this, 1);  // LIST<...> and ANY<...> nest
    NAMIDB_RETURN_IF_ERROR(nesting.Check());
    using K = CypherType::Kind;
    CypherType t;
    // Whether the tokens ahead are `phrase`'s words (space-separated), taken if so.
    auto words = [this](std::string_view phrase) {
      size_t n = 0;
      for (size_t at = 0; at <= phrase.size();) {
        size_t end = std::min(phrase.find(' ', at), phrase.size());
        if (!IsWord(Ahead(n++), phrase.substr(at, end - at))) return false;
        at = end + 1;
      }
      while (n-- > 0) Advance();
      return true;
    };
    auto element = [&](K list_kind) -> Result<CypherType> {
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol("<"));
      NAMIDB_ASSIGN_OR_RETURN(CypherType inner, ParseType());
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol(">"));
      if (list_kind != K::kList) return inner;  // ANY<...>: the union itself
      CypherType list;
      list.kind = K::kList;
      list.element = std::make_shared<const CypherType>(std::move(inner));
      return list;
    };
    if (words("LIST") || words("ARRAY")) return element(K::kList);
    if (AtWord("ANY") && IsSymbol(Ahead(1), "<")) {
      Advance();
      return element(K::kUnion);
    }
    struct Named {
      std::string_view words;
      K kind;
    };
    static constexpr Named kTypes[] = {
        {"ANY PROPERTY VALUE", K::kPropertyValue},
        {"PROPERTY VALUE", K::kPropertyValue},
        {"ANY VALUE", K::kAny},
        {"ANY NODE", K::kNode},
        {"ANY VERTEX", K::kNode},
        {"ANY RELATIONSHIP", K::kRelationship},
        {"ANY EDGE", K::kRelationship},
        {"ANY MAP", K::kMap},
        {"ANY", K::kAny},
        {"NOTHING", K::kNothing},
        {"NULL", K::kNull},
        {"BOOLEAN", K::kBoolean},
        {"BOOL", K::kBoolean},
        {"STRING", K::kString},
        {"VARCHAR", K::kString},
        {"SIGNED INTEGER", K::kInteger},
        {"INTEGER", K::kInteger},
        {"INT", K::kInteger},
        {"INT64", K::kInteger},
        {"INTEGER64", K::kInteger},
        {"INT32", K::kInteger},
        {"INTEGER32", K::kInteger},
        {"INT16", K::kInteger},
        {"INTEGER16", K::kInteger},
        {"INT8", K::kInteger},
        {"INTEGER8", K::kInteger},
        {"FLOAT", K::kFloat},
        {"FLOAT64", K::kFloat},
        {"FLOAT32", K::kFloat},
        {"DATE", K::kDate},
        {"LOCAL TIME", K::kLocalTime},
        {"TIME WITHOUT TIME ZONE", K::kLocalTime},
        {"ZONED TIME", K::kZonedTime},
        {"TIME WITH TIME ZONE", K::kZonedTime},
        {"LOCAL DATETIME", K::kLocalDateTime},
        {"TIMESTAMP WITHOUT TIME ZONE", K::kLocalDateTime},
        {"ZONED DATETIME", K::kZonedDateTime},
        {"TIMESTAMP WITH TIME ZONE", K::kZonedDateTime},
        {"DURATION", K::kDuration},
        {"POINT", K::kPoint},
        {"NODE", K::kNode},
        {"VERTEX", K::kNode},
        {"RELATIONSHIP", K::kRelationship},
        {"EDGE", K::kRelationship},
        {"MAP", K::kMap},
        {"PATH", K::kPath},
    };
    for (const Named& named : kTypes) {
      if (words(named.words)) {
        t.kind = named.kind;
        return t;
      }
    }
    return Unexpected("a type (INTEGER, STRING, LIST<...>, ...)");
  }

  Result<ExprPtr> ParseAddSub() {
    return ParseOperatorChain(
        [this] {
          return AcceptAnySymbol({"+", "-", "||"});
        },
        [this] { return ParseMulDiv(); });
  }

  Result<ExprPtr> ParseMulDiv() {
    return ParseOperatorChain(
        [this] {
          return AcceptAnySymbol({"*", "/", "%"});
        },
        [this] { return ParsePower(); });
  }

  Result<ExprPtr> ParsePower() {
    return ParseOperatorChain([this] { return AcceptAnySymbol({"^"}); },
                              [this] { return ParseUnary(); });
  }

  Result<ExprPtr> ParseUnary() {
    if (AtSymbol("-") || AtSymbol("+")) {
      Nesting nesting(this, 1);
      NAMIDB_RETURN_IF_ERROR(nesting.Check());
      SourcePos pos = Cur().pos;
      std::string op = Cur().text;
      Advance();
      // A minus straight before an integer literal is part of the literal,
      // so that -9223372036854775808 is in range.
      if (op == "-" && Cur().kind == TokenKind::kInteger) {
        NAMIDB_ASSIGN_OR_RETURN(ExprPtr literal, ParseIntegerLiteral(pos, /*negative=*/true));
        return ParsePostfixOf(std::move(literal));
      }
      auto e = Make(ExprKind::kUnary, pos);
      e->name = op;
      NAMIDB_ASSIGN_OR_RETURN(ExprPtr operand, ParseUnary());
      e->children.push_back(std::move(operand));
      return Done(std::move(e));
    }
    return ParsePostfix();
  }

  Result<ExprPtr> ParsePostfix() {
    NAMIDB_ASSIGN_OR_RETURN(ExprPtr atom, ParseAtom());
    return ParsePostfixOf(std::move(atom));
  }

  // Property access, indexing and slicing, and label predicates.
  Result<ExprPtr> ParsePostfixOf(ExprPtr e) {
    while (true) {
      if (AtSymbol(".")) {
        Advance();
        auto p = Make(ExprKind::kProperty, e->pos);
        NAMIDB_ASSIGN_OR_RETURN(p->name, ParseName("a property key"));
        p->children.push_back(std::move(e));
        e = Done(std::move(p));
      } else if (AtSymbol("[")) {
        Advance();
        ExprPtr from, to;
        if (!AtSymbol("..")) {
          NAMIDB_ASSIGN_OR_RETURN(from, ParseExpression());
        }
        if (AcceptSymbol("..")) {
          if (!AtSymbol("]")) {
            NAMIDB_ASSIGN_OR_RETURN(to, ParseExpression());
          }
          NAMIDB_RETURN_IF_ERROR(ExpectSymbol("]"));
          auto s = Make(ExprKind::kSlice, e->pos);
          s->children.push_back(std::move(e));
          s->children.push_back(std::move(from));
          s->children.push_back(std::move(to));
          e = Done(std::move(s));
        } else {
          NAMIDB_RETURN_IF_ERROR(ExpectSymbol("]"));
          auto i = Make(ExprKind::kIndex, e->pos);
          i->children.push_back(std::move(e));
          i->children.push_back(std::move(from));
          e = Done(std::move(i));
        }
      } else if (AtSymbol(":") &&
                 (Ahead(1).kind == TokenKind::kName || Ahead(1).kind == TokenKind::kQuotedName ||
                  IsSymbol(Ahead(1), "!") || IsSymbol(Ahead(1), "%") || IsSymbol(Ahead(1), "(") ||
                  AtDynamicLabel(1))) {
        Advance();
        auto l = Make(ExprKind::kHasLabels, e->pos);
        std::vector<ExprPtr> operands;
        Result<LabelExpression> parsed = [&] {
          LabelOperandsInto into(this, &operands);
          return ParseLabelExpression(true);
        }();
        NAMIDB_ASSIGN_OR_RETURN(LabelExpression labels, std::move(parsed));
        if (!labels.IsConjunction(&l->names)) {
          l->label_expression = std::make_shared<const LabelExpression>(std::move(labels));
        }
        l->children.push_back(std::move(e));
        for (auto& o : operands) l->children.push_back(std::move(o));
        e = Done(std::move(l));
      } else {
        return e;
      }
    }
  }

  Result<ExprPtr> ParseIntegerLiteral(const SourcePos& pos, bool negative) {
    const Token& t = Cur();
    std::string_view digits = t.text;
    int base = 10;
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
      base = 16;
      digits.remove_prefix(2);
    } else if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'o' || digits[1] == 'O')) {
      base = 8;
      digits.remove_prefix(2);
    }
    const uint64_t limit = negative ? (uint64_t{1} << 63) : (uint64_t{1} << 63) - 1;
    uint64_t magnitude = 0;
    for (char c : digits) {
      uint64_t d = std::isdigit(static_cast<unsigned char>(c))
                       ? static_cast<uint64_t>(c - '0')
                       : static_cast<uint64_t>(std::tolower(c) - 'a' + 10);
      if (magnitude > (limit - d) / static_cast<uint64_t>(base)) {
        return SyntaxError("IntegerOverflow", pos,
                           "integer literal " + std::string(negative ? "-" : "") + t.text +
                               " is out of the 64-bit range");
      }
      magnitude = magnitude * static_cast<uint64_t>(base) + d;
    }
    auto e = Make(ExprKind::kLiteral, pos);
    int64_t value =
        negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
    e->value = Value::Int(value);
    Advance();
    return Done(std::move(e));
  }

  Result<ExprPtr> ParseAtom() {
    const Token& t = Cur();
    SourcePos pos = t.pos;
    switch (t.kind) {
      case TokenKind::kBadNumber:
        return SyntaxError("InvalidNumberLiteral", pos, "invalid number literal '" + t.text + "'");
      case TokenKind::kInteger:
        return ParseIntegerLiteral(pos, false);
      case TokenKind::kFloat: {
        auto e = Make(ExprKind::kLiteral, pos);
        double v = std::strtod(t.text.c_str(), nullptr);
        if (std::isinf(v)) {
          return SyntaxError("FloatingPointOverflow", pos,
                             "float literal " + t.text + " is too large");
        }
        e->value = Value::Float(v);
        Advance();
        return Done(std::move(e));
      }
      case TokenKind::kString: {
        auto e = Make(ExprKind::kLiteral, pos);
        e->value = Value::String(t.text);
        Advance();
        return Done(std::move(e));
      }
      case TokenKind::kParameter: {
        auto e = Make(ExprKind::kParameter, pos);
        e->name = t.text;
        Advance();
        return Done(std::move(e));
      }
      case TokenKind::kQuotedName: {
        auto e = Make(ExprKind::kVariable, pos);
        e->name = t.text;
        Advance();
        if (AtSymbol("{")) return ParseMapProjection(Done(std::move(e)));
        return Done(std::move(e));
      }
      case TokenKind::kName:
        return ParseNameAtom();
      case TokenKind::kSymbol:
        if (t.text == "[") return ParseBracket();
        if (t.text == "{") return ParseMapLiteral();
        if (t.text == "(") {
          if (auto part = TryRelationshipPattern()) return PatternPredicate(pos, std::move(*part));
          Advance();
          NAMIDB_ASSIGN_OR_RETURN(ExprPtr inner, ParseExpression());
          NAMIDB_RETURN_IF_ERROR(ExpectSymbol(")"));
          // The parenthesized text names the column: keep the parentheses.
          inner->pos = pos;
          inner->end = last_end_;
          return inner;
        }
        return Unexpected("an expression");
      case TokenKind::kEnd:
        return Unexpected("an expression");
    }
    return Unexpected("an expression");
  }

  Result<ExprPtr> ParseNameAtom() {
    SourcePos pos = Cur().pos;
    if (AtWord("TRUE") || AtWord("FALSE")) {
      auto e = Make(ExprKind::kLiteral, pos);
      e->value = Value::Bool(AtWord("TRUE"));
      Advance();
      return Done(std::move(e));
    }
    if (AtWord("NULL")) {
      auto e = Make(ExprKind::kLiteral, pos);
      Advance();
      return Done(std::move(e));
    }
    if (AtWord("CASE")) return ParseCase();
    if (AtWord("COUNT") && IsSymbol(Ahead(1), "(") && IsSymbol(Ahead(2), "*")) {
      Advance();
      Advance();
      Advance();
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol(")"));
      return Done(Make(ExprKind::kCountStar, pos));
    }
    for (std::string_view q : {"ALL", "ANY", "NONE", "SINGLE"}) {
      if (AtWord(q) && IsSymbol(Ahead(1), "(") &&
          (Ahead(2).kind == TokenKind::kName || Ahead(2).kind == TokenKind::kQuotedName) &&
          IsWord(Ahead(3), "IN")) {
        auto e = Make(ExprKind::kQuantifier, pos);
        e->name = Upper(q);
        Advance();
        Advance();
        NAMIDB_ASSIGN_OR_RETURN(e->variable, ParseName("a variable"));
        Advance();  // IN
        NAMIDB_ASSIGN_OR_RETURN(ExprPtr list, ParseExpression());
        e->children.push_back(std::move(list));
        ExprPtr predicate;
        if (AcceptWord("WHERE")) {
          NAMIDB_ASSIGN_OR_RETURN(predicate, ParseExpression());
        }
        e->children.push_back(std::move(predicate));
        NAMIDB_RETURN_IF_ERROR(ExpectSymbol(")"));
        return Done(std::move(e));
      }
    }
    if (AtWord("REDUCE") && IsSymbol(Ahead(1), "(")) {
      auto e = Make(ExprKind::kReduce, pos);
      Advance();
      Advance();
      NAMIDB_ASSIGN_OR_RETURN(e->variable, ParseName("an accumulator"));
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol("="));
      NAMIDB_ASSIGN_OR_RETURN(ExprPtr init, ParseExpression());
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol(","));
      NAMIDB_ASSIGN_OR_RETURN(std::string var, ParseName("a variable"));
      e->names.push_back(std::move(var));
      NAMIDB_RETURN_IF_ERROR(ExpectWord("IN"));
      NAMIDB_ASSIGN_OR_RETURN(ExprPtr list, ParseExpression());
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol("|"));
      NAMIDB_ASSIGN_OR_RETURN(ExprPtr body, ParseExpression());
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol(")"));
      e->children.push_back(std::move(init));
      e->children.push_back(std::move(list));
      e->children.push_back(std::move(body));
      return Done(std::move(e));
    }
    if (AtWord("EXISTS") && IsSymbol(Ahead(1), "{")) return ParseExistsSubquery();
    // COUNT { (pattern) ... } or COUNT { MATCH ... }; `count {.key}` and
    // `count {key: ...}` stay map projections of a variable named count.
    if (AtWord("COUNT") && IsSymbol(Ahead(1), "{") &&
        (IsSymbol(Ahead(2), "(") || IsClauseWord(Ahead(2)))) {
      return ParseExistsSubquery();
    }
    // COLLECT { MATCH ... RETURN x }: a whole query only.
    if (AtWord("COLLECT") && IsSymbol(Ahead(1), "{") && IsClauseWord(Ahead(2))) {
      return ParseExistsSubquery();
    }
    // A function call: name(.name)* '('.
    size_t n = 1;
    while (IsSymbol(Ahead(n), ".") &&
           (Ahead(n + 1).kind == TokenKind::kName || Ahead(n + 1).kind == TokenKind::kQuotedName)) {
      n += 2;
    }
    if (IsSymbol(Ahead(n), "(")) {
      auto e = Make(ExprKind::kFunction, pos);
      e->name = Cur().text;
      Advance();
      while (AcceptSymbol(".")) {
        NAMIDB_ASSIGN_OR_RETURN(std::string part, ParseName("a function name"));
        e->name += "." + part;
      }
      Advance();  // '('
      e->distinct = AcceptWord("DISTINCT");
      // normalize()'s second argument is a keyword, not a variable.
      const bool takes_form = e->children.empty() && EqualsIgnoreCase(e->name, "normalize");
      if (!AtSymbol(")")) {
        do {
          if (takes_form && e->children.size() == 1 && AtNormalForm() && IsSymbol(Ahead(1), ")")) {
            e->children.push_back(NormalFormLiteral());
            continue;
          }
          NAMIDB_ASSIGN_OR_RETURN(ExprPtr arg, ParseExpression());
          e->children.push_back(std::move(arg));
        } while (AcceptSymbol(","));
      }
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol(")"));
      return Done(std::move(e));
    }
    auto e = Make(ExprKind::kVariable, pos);
    e->name = Cur().text;
    Advance();
    if (AtSymbol("{")) return ParseMapProjection(Done(std::move(e)));
    return Done(std::move(e));
  }

  // `subject { entry, ... }`, an entry one of `.key` (the subject's
  // property), `.*` (every property), `key: expression`, or `variable` (its
  // value under its name). Each entry reads the subject through its own
  // expression, so the evaluator knows only maps to merge.
  Result<ExprPtr> ParseMapProjection(ExprPtr subject) {
    auto e = Make(ExprKind::kMapProjection, subject->pos);
    const std::string name = subject->name;
    auto reference = [&](const SourcePos& at) {
      auto v = Make(ExprKind::kVariable, at);
      v->name = name;
      return Done(std::move(v));
    };
    e->names.emplace_back();
    e->children.push_back(std::move(subject));
    Advance();  // '{'
    bool more = !AtSymbol("}");
    while (more) {
      SourcePos at = Cur().pos;
      if (AcceptSymbol(".")) {
        if (AcceptSymbol("*")) {
          auto all = Make(ExprKind::kFunction, at);
          all->name = "properties";
          all->children.push_back(reference(at));
          e->names.emplace_back();
          e->children.push_back(Done(std::move(all)));
        } else {
          NAMIDB_ASSIGN_OR_RETURN(std::string key, ParseName("a property key"));
          auto property = Make(ExprKind::kProperty, at);
          property->name = key;
          property->children.push_back(reference(at));
          e->names.push_back(std::move(key));
          e->children.push_back(Done(std::move(property)));
        }
      } else {
        NAMIDB_ASSIGN_OR_RETURN(std::string key, ParseName("a map projection entry"));
        if (AcceptSymbol(":")) {
          NAMIDB_ASSIGN_OR_RETURN(ExprPtr value, ParseExpression());
          e->children.push_back(std::move(value));
        } else {
          auto variable = Make(ExprKind::kVariable, at);
          variable->name = key;
          e->children.push_back(Done(std::move(variable)));
        }
        e->names.push_back(std::move(key));
      }
      more = AcceptSymbol(",");
    }
    NAMIDB_RETURN_IF_ERROR(ExpectSymbol("}"));
    return Done(std::move(e));
  }

  // Whether a WHEN of a simple CASE starts with an operator its subject
  // is the left operand of.
  bool AtSubjectOperator() const {
    return AtComparison() || AtSymbol("=~") || AtWord("IN") || AtWord("CONTAINS") || AtWord("IS") ||
           ((AtWord("STARTS") || AtWord("ENDS")) && IsWord(Ahead(1), "WITH"));
  }

  Result<ExprPtr> ParseCase() {
    auto e = Make(ExprKind::kCase, Cur().pos);
    Advance();  // CASE
    if (!AtWord("WHEN")) {
      e->has_subject = true;
      NAMIDB_ASSIGN_OR_RETURN(ExprPtr subject, ParseExpression());
      e->children.push_back(std::move(subject));
    }
    if (!AtWord("WHEN")) return Unexpected("WHEN");
    // Neo4j 5's extended simple CASE: `WHEN 1, 2` (any of them) and `WHEN >
    // 3`, `WHEN IS NULL`, ... (the subject's operator): then every WHEN
    // becomes a predicate of the subject and the CASE a generic one.
    bool extended = false;
    // Of a simple CASE, each WHEN's operands: a test of the subject, or a
    // value it is compared with.
    struct Operand {
      bool test = false;
      ExprPtr expr;
    };
    std::vector<std::vector<Operand>> whens;
    while (AcceptWord("WHEN")) {
      if (e->has_subject) {
        std::vector<Operand> operands;
        do {
          Operand operand;
          operand.test = AtSubjectOperator();
          if (operand.test) {
            extended = true;
            NAMIDB_ASSIGN_OR_RETURN(operand.expr, ParsePredicates(Clone(*e->children[0])));
            NAMIDB_ASSIGN_OR_RETURN(operand.expr, ParseComparison(std::move(operand.expr)));
          } else {
            NAMIDB_ASSIGN_OR_RETURN(operand.expr, ParseExpression());
          }
          operands.push_back(std::move(operand));
        } while (AcceptSymbol(","));
        if (operands.size() > 1) extended = true;
        whens.push_back(std::move(operands));
        e->children.push_back(nullptr);  // the WHEN, set below
      } else {
        NAMIDB_ASSIGN_OR_RETURN(ExprPtr when, ParseExpression());
        e->children.push_back(std::move(when));
      }
      NAMIDB_RETURN_IF_ERROR(ExpectWord("THEN"));
      NAMIDB_ASSIGN_OR_RETURN(ExprPtr then, ParseExpression());
      e->children.push_back(std::move(then));
    }
    if (extended) {
      // Each operand holds a copy of the subject: bounded, so that a long
      // statement cannot make copies without end.
      size_t operands = 0;
      for (const auto& w : whens) operands += w.size();
      if (NodesOf(*e->children[0]) * operands > kMaxCaseSubjectCopies) {
        return SyntaxError("UnexpectedSyntax", e->pos,
                           "this CASE would repeat its subject in " + std::to_string(operands) +
                               " tests; bind the subject with WITH first");
      }
    }
    for (size_t w = 0; w < whens.size(); ++w) {
      ExprPtr& slot = e->children[1 + 2 * w];
      if (!extended) {
        slot = std::move(whens[w][0].expr);  // one value, compared as simple CASE compares
        continue;
      }
      std::vector<ExprPtr> tests;  // one OR chain of them, not a nesting
      for (Operand& operand : whens[w]) {
        ExprPtr test = std::move(operand.expr);
        if (!operand.test) {
          NAMIDB_ASSIGN_OR_RETURN(test, Binary("=", Clone(*e->children[0]), std::move(test)));
        }
        tests.push_back(std::move(test));
      }
      if (tests.size() == 1) {
        slot = std::move(tests[0]);
      } else {
        std::vector<std::string> ors(tests.size() - 1, "OR");
        NAMIDB_ASSIGN_OR_RETURN(slot, Chain(std::move(ors), std::move(tests)));
      }
    }
    if (extended) {
      e->has_subject = false;
      e->children.erase(e->children.begin());
    }
    if (AcceptWord("ELSE")) {
      e->has_else = true;
      NAMIDB_ASSIGN_OR_RETURN(ExprPtr otherwise, ParseExpression());
      e->children.push_back(std::move(otherwise));
    }
    NAMIDB_RETURN_IF_ERROR(ExpectWord("END"));
    return Done(std::move(e));
  }

  // EXISTS { ... }, COUNT { ... } and COLLECT { ... }: a pattern with an
  // optional WHERE, or a whole query.
  Result<ExprPtr> ParseExistsSubquery() {
    auto e = Make(AtWord("EXISTS")  ? ExprKind::kExists
                  : AtWord("COUNT") ? ExprKind::kCountSubquery
                                    : ExprKind::kCollectSubquery,
                  Cur().pos);
    Advance();  // EXISTS, COUNT or COLLECT
    Advance();  // '{'
    // Either a pattern with an optional WHERE, or a whole query.
    if (AtClauseWord()) {
      NAMIDB_ASSIGN_OR_RETURN(Query inner, ParseQueryBody(/*nested=*/true));
      e->subquery = std::make_shared<Query>(std::move(inner));
    } else {
      Nesting nesting(this, kSubqueryNestingLevels);  // a sub-pipeline, as a subquery
      NAMIDB_RETURN_IF_ERROR(nesting.Check());
      NAMIDB_ASSIGN_OR_RETURN(PatternPart part, ParsePatternPart());
      e->pattern = std::make_shared<PatternPart>(std::move(part));
      ExprPtr where;
      if (AcceptWord("WHERE")) {
        NAMIDB_ASSIGN_OR_RETURN(where, ParseExpression());
      }
      NAMIDB_ASSIGN_OR_RETURN(where, LabelPredicatesInto(*e->pattern, std::move(where)));
      e->children.push_back(std::move(where));
    }
    NAMIDB_RETURN_IF_ERROR(ExpectSymbol("}"));
    return Done(std::move(e));
  }

  // '[': a list, a list comprehension or a pattern comprehension.
  Result<ExprPtr> ParseBracket() {
    SourcePos pos = Cur().pos;
    Advance();  // '['
    if (AtName() && IsWord(Ahead(1), "IN")) {
      auto e = Make(ExprKind::kListComprehension, pos);
      NAMIDB_ASSIGN_OR_RETURN(e->variable, ParseName("a variable"));
      Advance();  // IN
      NAMIDB_ASSIGN_OR_RETURN(ExprPtr list, ParseExpression());
      ExprPtr where, projection;
      if (AcceptWord("WHERE")) {
        NAMIDB_ASSIGN_OR_RETURN(where, ParseExpression());
      }
      if (AcceptSymbol("|")) {
        NAMIDB_ASSIGN_OR_RETURN(projection, ParseExpression());
      }
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol("]"));
      e->children.push_back(std::move(list));
      e->children.push_back(std::move(where));
      e->children.push_back(std::move(projection));
      return Done(std::move(e));
    }
    const size_t saved = at_, saved_end = last_end_;
    if (auto part = TryRelationshipPattern(/*groups=*/true)) {
      if (AtWord("WHERE") || AtSymbol("|")) return ParsePatternComprehension(pos, std::move(*part));
      at_ = saved;  // not a comprehension: the list's first element may be a predicate
      last_end_ = saved_end;
    }
    if (auto part = TryRelationshipPattern()) {
      if (AtWord("WHERE") || AtSymbol("|")) return ParsePatternComprehension(pos, std::move(*part));
      // A list whose first element is a pattern predicate: reparse as such.
      const SourcePos at = part->pos;
      NAMIDB_ASSIGN_OR_RETURN(ExprPtr first, PatternPredicate(at, std::move(*part)));
      return ParseListRest(pos, std::move(first));
    }
    return ParseListRest(pos, nullptr);
  }

  // `[pattern [WHERE condition] | projection]`, the pattern parsed.
  Result<ExprPtr> ParsePatternComprehension(const SourcePos& pos, PatternPart part) {
    Nesting nesting(this, kSubqueryNestingLevels);  // a sub-pipeline, as a subquery
    NAMIDB_RETURN_IF_ERROR(nesting.Check());
    auto e = Make(ExprKind::kPatternComprehension, pos);
    e->pattern = std::make_shared<PatternPart>(std::move(part));
    ExprPtr where;
    if (AcceptWord("WHERE")) {
      NAMIDB_ASSIGN_OR_RETURN(where, ParseExpression());
    }
    NAMIDB_RETURN_IF_ERROR(ExpectSymbol("|"));
    NAMIDB_ASSIGN_OR_RETURN(ExprPtr projection, ParseExpression());
    NAMIDB_RETURN_IF_ERROR(ExpectSymbol("]"));
    NAMIDB_ASSIGN_OR_RETURN(where, LabelPredicatesInto(*e->pattern, std::move(where)));
    e->children.push_back(std::move(where));
    e->children.push_back(std::move(projection));
    return Done(std::move(e));
  }

  Result<ExprPtr> ParseListRest(const SourcePos& pos, ExprPtr first) {
    // Items separated by commas, none after the last one.
    auto e = Make(ExprKind::kList, pos);
    bool more = true;
    if (first) {
      NAMIDB_ASSIGN_OR_RETURN(first, ParsePostfixOf(std::move(first)));
      e->children.push_back(std::move(first));
      more = AcceptSymbol(",");
    } else {
      more = !AtSymbol("]");
    }
    while (more) {
      NAMIDB_ASSIGN_OR_RETURN(ExprPtr item, ParseExpression());
      e->children.push_back(std::move(item));
      more = AcceptSymbol(",");
    }
    NAMIDB_RETURN_IF_ERROR(ExpectSymbol("]"));
    return Done(std::move(e));
  }

  Result<ExprPtr> ParseMapLiteral() {
    auto e = Make(ExprKind::kMap, Cur().pos);
    Advance();  // '{'
    // Entries separated by commas, none after the last one.
    bool more = !AtSymbol("}");
    while (more) {
      NAMIDB_ASSIGN_OR_RETURN(std::string key, ParseName("a property key"));
      NAMIDB_RETURN_IF_ERROR(ExpectSymbol(":"));
      NAMIDB_ASSIGN_OR_RETURN(ExprPtr value, ParseExpression());
      e->names.push_back(std::move(key));
      e->children.push_back(std::move(value));
      more = AcceptSymbol(",");
    }
    NAMIDB_RETURN_IF_ERROR(ExpectSymbol("}"));
    return Done(std::move(e));
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t at_ = 0;
  size_t last_end_ = 0;
  int depth_ = 0;                      // levels of descent now (Nesting)
  std::optional<SourcePos> too_deep_;  // where a tree first grew too high
  // Token positions where no relationship pattern starts, without and
  // with groups: trying again would make nested '(' exponential.
  std::vector<bool> no_pattern_at_[2];
};

}  // namespace

Result<Query> Parse(std::string_view query) {
  NAMIDB_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(query));
  return Parser(query, std::move(tokens)).ParseStatement();
}

}  // namespace namidb::query
