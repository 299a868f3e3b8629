// What keeps one statement from taking the engine down: bounded nesting,
// flat chains of any length, a memory budget, and time limits that stop
// work that never reads the store.
#include <gtest/gtest.h>

#include <string>

#include "core/hash.h"
#include "query/execution/evaluator.h"
#include "query/parser/ast_dump.h"
#include "query/parser/parser.h"
#include "query/query_runner.h"
#include "storage/writer_session.h"
#include "store/memory_store.h"

namespace namidb::query {
namespace {

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// `first`, then `n - 1` times `sep` and `term`.
std::string Chain(std::string_view term, std::string_view sep, int n) {
  std::string out(term);
  for (int i = 1; i < n; ++i) out += std::string(sep) + std::string(term);
  return out;
}

class LimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_ = std::move(WriterSession::Open(store_, "g")).value();
    for (int i = 0; i < 300; ++i) {
      ASSERT_TRUE(writer_
                      ->UpsertNode({"N"}, NameBasedUuid("n" + std::to_string(i)),
                                   ValueMap{{"i", Value::Int(i)}})
                      .ok());
    }
    for (int i = 1; i < 300; ++i) {
      ASSERT_TRUE(writer_
                      ->UpsertEdge("NEXT", NameBasedUuid("n" + std::to_string(i - 1)),
                                   NameBasedUuid("n" + std::to_string(i)), {})
                      .ok());
    }
    ASSERT_TRUE(writer_->CommitBatch().ok());
  }

  Result<QueryResult> Query(std::string_view text, const QueryLimits& limits = {},
                            const StatementYield& yield = {}) {
    return RunQuery(writer_->view(), text, {}, limits, QueryEnvironment{nullptr, yield});
  }
  Value One(std::string_view text, const QueryLimits& limits = {}) {
    auto r = Query(text, limits);
    EXPECT_TRUE(r.ok()) << text.substr(0, 200) << ": " << r.status().ToString();
    if (!r.ok() || r->rows.size() != 1 || r->rows[0].size() != 1)
      return Value::String("<no single value>");
    return r->rows[0][0];
  }
  QueryErrorInfo Error(std::string_view text) {
    auto r = Query(text);
    EXPECT_FALSE(r.ok()) << text.substr(0, 200);
    if (r.ok() || !r.status().query_error()) return {};
    return *r.status().query_error();
  }
  static QueryLimits Memory(uint64_t bytes) {
    QueryLimits l;
    l.max_memory_bytes = bytes;
    return l;
  }
  static bool Exhausted(const Result<QueryResult>& r) {
    return !r.ok() && r.status().Is(StatusCode::kResourceExhausted) &&
           r.status().message().find("maxMemoryBytes") != std::string::npos;
  }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
  std::unique_ptr<WriterSession> writer_;
};

// --- nesting ------------------------------------------------------------------

// Each kind of nesting, at the deepest the parser accepts and one past it:
// `make(n)` nests n levels; `deepest` is the largest n that runs.
struct Nest {
  const char* name;
  std::string (*make)(int n);
  int deepest;
  Value value;  // what RETURN gives at `deepest`
};

constexpr int kL = kMaxNestingDepth;
constexpr int kS = kSubqueryNestingLevels;

const Nest kNests[] = {
    {"parentheses", [](int n) { return "RETURN " + Repeat("(", n) + "1" + Repeat(")", n); }, kL - 1,
     Value::Int(1)},
    {"lists", [](int n) { return "RETURN size(" + Repeat("[", n) + "1" + Repeat("]", n) + ")"; },
     kL - 2, Value::Int(1)},
    {"maps",
     [](int n) { return "RETURN size(keys(" + Repeat("{a: ", n) + "1" + Repeat("}", n) + "))"; },
     kL - 3, Value::Int(1)},
    {"CASE",
     [](int n) { return "RETURN " + Repeat("CASE WHEN true THEN ", n) + "1" + Repeat(" END", n); },
     kL - 1, Value::Int(1)},
    {"calls", [](int n) { return "RETURN " + Repeat("abs(", n) + "1" + Repeat(")", n); }, kL - 1,
     Value::Int(1)},
    {"NOT", [](int n) { return "RETURN " + Repeat("NOT ", n) + "true"; }, kL - 1,
     Value::Bool(false)},
    {"unary minus", [](int n) { return "RETURN " + Repeat("- ", n) + "1"; }, kL - 1,
     Value::Int(-1)},
    {"comprehensions",
     [](int n) { return "RETURN size(" + Repeat("[x IN ", n) + "[1]" + Repeat(" | x]", n) + ")"; },
     kL - 3, Value::Int(1)},
    {"property chains",
     [](int n) { return "WITH null AS m RETURN m" + Repeat(".a", n) + " IS NULL"; }, kL - 2,
     Value::Bool(true)},
    {"EXISTS subqueries",
     [](int n) {
       return "RETURN " + Repeat("EXISTS { MATCH (a:N) WHERE ", n) + "true" + Repeat(" }", n);
     },
     (kL - 1) / (kS + 1), Value::Bool(true)},
    {"EXISTS patterns",
     [](int n) {
       return "MATCH (a:N {i: 0}) RETURN " + Repeat("EXISTS { (a)-->(:N) WHERE ", n) + "true" +
              Repeat(" }", n);
     },
     (kL - 1) / (kS + 1), Value::Bool(true)},
    {"CALL subqueries",
     [](int n) { return Repeat("CALL { ", n) + "RETURN 1 AS x" + Repeat(" } RETURN x", n); },
     (kL - 1) / kS, Value::Int(1)},
    {"pattern comprehensions",
     [](int n) {
       return "MATCH (a:N {i: 0}) RETURN size(" + Repeat("[(a)-->(b) | ", n) + "1" +
              Repeat("]", n) + ")";
     },
     (kL - 2) / (kS + 1), Value::Int(1)},
};

TEST_F(LimitsTest, EveryKindOfNestingRunsAtTheLimitAndIsASyntaxErrorPastIt) {
  for (const Nest& nest : kNests) {
    SCOPED_TRACE(nest.name);
    EXPECT_EQ(One(nest.make(nest.deepest)), nest.value);
    std::string past = nest.make(nest.deepest + 1);
    QueryErrorInfo e = Error(past);
    EXPECT_EQ(e.type, "SyntaxError");
    EXPECT_EQ(e.phase, "compile time");
    EXPECT_EQ(e.detail, "NestingTooDeep");
    EXPECT_EQ(e.line, 1);
    EXPECT_GT(e.column, 1);
  }
}

TEST_F(LimitsTest, TheNestingErrorPointsAtWhereTheQueryWentTooDeep) {
  std::string text =
      "RETURN 1 AS a,\n  " + Repeat("[", kL + 5) + "1" + Repeat("]", kL + 5) + " AS b";
  auto q = Parse(text);
  ASSERT_FALSE(q.ok());
  const QueryErrorInfo* e = q.status().query_error();
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->detail, "NestingTooDeep");
  EXPECT_EQ(e->line, 2);
  EXPECT_EQ(e->column, 3 + kL);  // the first token at level kL + 1
  EXPECT_NE(q.status().message().find(std::to_string(kL)), std::string::npos)
      << q.status().message();
}

TEST_F(LimitsTest, DeeplyNestedParenthesesParseInLinearTime) {
  // Each '(' may start a pattern: tried once per position, not once per way
  // of reaching it (exponential before).
  std::string text = "RETURN " + Repeat("({a: ", 30) + "1" + Repeat("})", 30);
  auto q = Parse(text);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
}

// A value a statement builds nests at most kMaxBuiltValueDepth levels: a
// reduce() wrapping its accumulator at each step went 20,000 deep and
// aborted the wasm instance (the stack ran out freeing it).
TEST_F(LimitsTest, ValuesBuiltAtRunTimeNestNoDeeperThanTheLimit) {
  const int d = kMaxBuiltValueDepth;
  auto wrapped = [](const std::string& wrap, int times) {
    return "RETURN reduce(acc = [], i IN range(1, " + std::to_string(times) + ") | " + wrap +
           ") IS NOT NULL";
  };
  // [] is one level; each step adds one.
  EXPECT_EQ(One(wrapped("[acc]", d - 1)), Value::Bool(true));
  EXPECT_EQ(One(wrapped("{a: acc}", d - 1)), Value::Bool(true));
  const std::string kinds[] = {"[acc]", "{a: acc}", "[x IN [1] | acc]", "[1] + [acc]",
                               "[(a:N {i: 0})-->(b) | acc]"};
  for (const std::string& wrap : kinds) {
    for (int times : {d, 20000}) {
      auto r = Query(wrapped(wrap, times));
      ASSERT_FALSE(r.ok()) << wrap;
      EXPECT_TRUE(r.status().Is(StatusCode::kResourceExhausted))
          << wrap << ": " << r.status().ToString();
      EXPECT_NE(r.status().message().find("more than the limit of " + std::to_string(d)),
                std::string::npos)
          << r.status().ToString();
    }
  }
  // collect() adds a level too.
  const std::string deepest =
      "reduce(acc = [], i IN range(1, " + std::to_string(d - 2) + ") | [acc])";
  EXPECT_EQ(One("WITH " + deepest + " AS l RETURN size(collect(l))"), Value::Int(1));
  auto r = Query("WITH [" + deepest + "] AS l RETURN collect(l)");
  EXPECT_TRUE(r.status().Is(StatusCode::kResourceExhausted)) << r.status().ToString();
  EXPECT_NE(r.status().message().find("collect()"), std::string::npos) << r.status().ToString();
}

// --- flat chains ------------------------------------------------------------------

TEST_F(LimitsTest, LongChainsOfOneOperatorAreFlatAndRun) {
  const int n = 20000;
  EXPECT_EQ(One("RETURN " + Chain("1", " + ", n)), Value::Int(n));
  EXPECT_EQ(One("RETURN " + Chain("2", " - ", n)), Value::Int(2 - 2 * (n - 1)));
  EXPECT_EQ(One("RETURN " + Chain("1", " + 2 - ", n)), Value::Int(1 + (n - 1)));
  EXPECT_EQ(One("RETURN " + Chain("1", " * ", n)), Value::Int(1));
  EXPECT_EQ(One("RETURN " + Chain("true", " AND ", n)), Value::Bool(true));
  EXPECT_EQ(One("RETURN " + Chain("false", " OR ", n)), Value::Bool(false));
  EXPECT_EQ(One("RETURN " + Chain("true", " XOR ", n)), Value::Bool(n % 2 == 1));
  EXPECT_EQ(One("RETURN " + Chain("1", " <= ", n)), Value::Bool(true));
  EXPECT_EQ(One("RETURN size([" + Chain("1", ", ", n) + "])"), Value::Int(n));
  EXPECT_EQ(One("RETURN 'a' + " + Chain("'b'", " + ", n) + " STARTS WITH 'ab'"), Value::Bool(true));
  // A generated WHERE: thousands of conditions on one node.
  std::string where;
  for (int i = 0; i < 3000; ++i)
    where += (i ? " AND n.i <> " : "n.i <> ") + std::to_string(1000 + i);
  EXPECT_EQ(One("MATCH (n:N) WHERE " + where + " RETURN count(n)"), Value::Int(300));
  std::string any;
  for (int i = 0; i < 3000; ++i) any += (i ? " OR n.i = " : "n.i = ") + std::to_string(i);
  EXPECT_EQ(One("MATCH (n:N) WHERE " + any + " RETURN count(n)"), Value::Int(300));
}

TEST_F(LimitsTest, ChainsKeepTheMeaningOfNestedBinaryOperators) {
  auto expr = [](std::string_view text) {
    auto q = Parse("RETURN " + std::string(text));
    EXPECT_TRUE(q.ok()) << q.status().ToString();
    return q.ok() ? Dump(*q->parts[0].clauses[0].projection.items[0].expr) : "";
  };
  EXPECT_EQ(expr("a - b + c - d"), "(- (+ (- a b) c) d)");
  EXPECT_EQ(expr("a AND b AND c OR d"), "(OR (AND (AND a b) c) d)");
  EXPECT_EQ(expr("a < b <= c < d"), "(AND (AND (< a b) (<= b c)) (< c d))");
  EXPECT_EQ(expr("2 ^ 3 ^ 2"), "(^ (^ 2 3) 2)");
  // Left to right, as nested: 10 - 4 - 3 = 3, 2 ^ 3 ^ 2 = 64.
  EXPECT_EQ(One("RETURN 10 - 4 - 3"), Value::Int(3));
  EXPECT_EQ(One("RETURN 2 ^ 3 ^ 2"), Value::Float(64));
  EXPECT_EQ(One("RETURN 'x' + 1 + 2"), Value::String("x12"));
  EXPECT_EQ(One("RETURN 1 + 2 + 'x'"), Value::String("3x"));
  // Three-valued logic: false wins AND, true wins OR, else null beats the rest.
  EXPECT_EQ(One("RETURN true AND null AND false"), Value::Bool(false));
  EXPECT_EQ(One("RETURN true AND null AND true"), Value());
  EXPECT_EQ(One("RETURN false OR null OR true"), Value::Bool(true));
  EXPECT_EQ(One("RETURN false OR null OR false"), Value());
  EXPECT_EQ(One("RETURN true XOR null XOR true"), Value());
  // AND stops at the first false: the division by zero after it never runs.
  EXPECT_EQ(One("RETURN false AND 1 / 0 = 1 AND true"), Value::Bool(false));
  EXPECT_EQ(One("RETURN null AND false AND 1 / 0 = 1"), Value::Bool(false));
  // A static type error in any step is still found at compile time.
  EXPECT_EQ(Error("RETURN 1 + 2 - true").detail, "InvalidArgumentType");
}

// --- memory ------------------------------------------------------------------------

TEST_F(LimitsTest, AggregatesOverAStreamHoldNoRows) {
  // 1,000,000 rows through a 1 MiB budget: count, sum, min, max and avg,
  // grouped or not, keep a number per group.
  QueryLimits tight = Memory(1 << 20);
  const char* across = "UNWIND range(1, 1000) AS a UNWIND range(1, 1000) AS b ";
  EXPECT_EQ(One(std::string(across) + "RETURN count(*)", tight), Value::Int(1000000));
  EXPECT_EQ(One(std::string(across) + "RETURN sum(a * b) = 500500 * 500500", tight),
            Value::Bool(true));
  EXPECT_EQ(One(std::string(across) + "RETURN max(a) + min(b) + avg(a)", tight),
            Value::Float(1501.5));
  auto grouped = Query(std::string(across) + "RETURN a % 3 AS k, count(*) AS c", tight);
  ASSERT_TRUE(grouped.ok()) << grouped.status().ToString();
  EXPECT_EQ(grouped->rows.size(), 3u);
  // What holds rows is refused by the same budget, naming the limit.
  EXPECT_TRUE(
      Exhausted(Query(std::string(across) + "RETURN a, b ORDER BY a DESC LIMIT 1000000", tight)));
  EXPECT_TRUE(Exhausted(Query(std::string(across) + "RETURN collect(a)", tight)));
}

TEST_F(LimitsTest, EveryMaterializingOperatorIsBoundedInBytes) {
  const std::string across = "UNWIND range(1, 300) AS a UNWIND range(1, 300) AS b ";
  struct Case {
    std::string text;
    uint64_t limit;
    const char* refused_by;  // in the message: what wanted more
  };
  const Case cases[] = {
      {across + "WITH a, b ORDER BY b RETURN count(*)", 2 << 20, "sorting"},
      {across + "RETURN a ORDER BY b SKIP 10 LIMIT 500000", 2 << 20, "sorting"},
      {across + "RETURN a * 1000 + b AS k, count(*)", 2 << 20, "grouping"},
      {across + "RETURN count(DISTINCT [a, b])", 2 << 20, "DISTINCT in an aggregate"},
      {across + "WITH DISTINCT a, b RETURN count(*)", 2 << 20, "DISTINCT"},
      {across + "RETURN size(collect([a, b]))", 2 << 20, "collect()"},
      {across + "RETURN a, b", 2 << 20, "the result"},
      {across + "RETURN a, b UNION " + across + "RETURN b AS a, a AS b", 2 << 20, "the result"},
      {"MATCH (a:N), (b:N) RETURN count(*)", 144 << 10, "a cartesian product's rows"},
      // (`id(a) = id(b)` alone is a NodeIdSeek, a point read per row: no table)
      {"MATCH (a:N) MATCH (b:N) WHERE id(a) = id(b) + '' RETURN count(*)", 128 << 10,
       "a hash join's table"},
      {"MATCH (a:N) RETURN count(a.i)", 16 << 10, "a label scan"},
      {"MATCH (a:N)-->(b) RETURN count(b.i)", 96 << 10, "an expansion's"},
      {"RETURN size(range(1, 1000000))", 2 << 20, "range()"},
      {"RETURN size([x IN range(1, 20000) | [x, x, x]])", 2 << 20, "a list comprehension"},
      {"RETURN size(reduce(s = '', x IN range(1, 3000) | s + '0123456789' + s))", 2 << 20,
       "+ wanted"},
      {"RETURN size(reduce(l = [], x IN range(1, 30) | l + l + [x]))", 2 << 20, "+ wanted"},
      {"WITH reduce(s = '', x IN range(1, 1000) | s + 'aa') AS s RETURN size(replace(s, 'a', s))",
       2 << 20, "replace()"},
      {"MATCH p = (a:N)-[*1..300]->(b) RETURN count(p)", 2 << 20, "a variable-length pattern's"},
      {"UNWIND range(1, 300) AS a OPTIONAL MATCH (n:N) RETURN count(*)", 2 << 20, "OPTIONAL MATCH"},
      {"UNWIND range(1, 300) AS a CALL { UNWIND range(1, 300) AS b RETURN b } RETURN count(*)",
       2 << 20, "a CALL subquery's rows"},
      {"UNWIND range(1, 10) AS x RETURN size([(a:N)-->(b:N) | 1])", 128 << 10, "a subquery's rows"},
  };
  for (const Case& c : cases) {
    auto r = Query(c.text, Memory(c.limit));
    EXPECT_TRUE(Exhausted(r)) << c.text << ": " << (r.ok() ? "ran" : r.status().ToString());
    if (!r.ok()) {
      // The message names the largest holder and what wanted more.
      EXPECT_NE(r.status().message().find(c.refused_by), std::string::npos)
          << c.refused_by << ": " << r.status().ToString();
    }
  }
  // With room enough they run.
  QueryLimits roomy = Memory(512 << 20);
  EXPECT_EQ(One(across + "RETURN count(DISTINCT [a, b])", roomy), Value::Int(90000));
  EXPECT_EQ(One("MATCH (a:N), (b:N) WITH a, b ORDER BY a.i RETURN count(*)", roomy),
            Value::Int(90000));
}

TEST_F(LimitsTest, AStatementsStagedChangesCountAgainstItsMemory) {
  auto w = RunWrite(*writer_,
                    "UNWIND range(1, 100000) AS i CREATE (:Big {i: i, s: 'some text to store'})",
                    {}, Memory(4 << 20));
  ASSERT_FALSE(w.ok());
  EXPECT_TRUE(w.status().Is(StatusCode::kResourceExhausted)) << w.status().ToString();
  EXPECT_EQ(writer_->staged(), 0u);  // nothing kept
  auto small =
      RunWrite(*writer_, "UNWIND range(1, 100) AS i CREATE (:Big {i: i})", {}, Memory(4 << 20));
  ASSERT_TRUE(small.ok()) << small.status().ToString();
  EXPECT_EQ(small->counters.nodes_created, 100);
}

// --- time ------------------------------------------------------------------------

TEST_F(LimitsTest, ATimeLimitStopsWorkThatNeverReadsTheStore) {
  QueryLimits quick;
  quick.timeout_ms = 50;
  const char* endless = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)";
  auto r = Query(endless, quick);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().Is(StatusCode::kCancelled)) << r.status().ToString();
  EXPECT_NE(r.status().message().find("time limit of 50 ms"), std::string::npos)
      << r.status().ToString();
  // Within one long evaluation too (a single row, no operator loop).
  auto one = Query("RETURN reduce(s = 0, x IN range(1, 5000000) | s + x % 7)", quick);
  EXPECT_TRUE(one.status().Is(StatusCode::kCancelled)) << one.status().ToString();
  // And within a long sort.
  auto sort = Query("UNWIND range(1, 3000000) AS a RETURN a ORDER BY -a LIMIT 3000000", quick);
  EXPECT_TRUE(sort.status().Is(StatusCode::kCancelled)) << sort.status().ToString();
}

TEST_F(LimitsTest, AStatementYieldsWhileItComputesAndStopsWhenTheHookSaysSo) {
  int yields = 0;
  StatementYield yield;
  yield.every_ms = 1;
  yield.hook = [&yields] {
    return ++yields < 5 ? Status::OK() : Status::Cancelled("stopped by the host");
  };
  auto r =
      Query("UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)", {}, yield);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().Is(StatusCode::kCancelled)) << r.status().ToString();
  EXPECT_NE(r.status().message().find("stopped by the host"), std::string::npos)
      << r.status().ToString();
  EXPECT_EQ(yields, 5);
  // A statement that yields and is let go on gives the same answer.
  yields = -1000000;
  auto done =
      Query("UNWIND range(1, 500) AS a UNWIND range(1, 500) AS b RETURN count(*)", {}, yield);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->rows[0][0], Value::Int(250000));
  EXPECT_GT(yields, -1000000);
}

}  // namespace
}  // namespace namidb::query
