// Read queries end to end: text in, rows out, over a small graph whose data
// sits partly in flushed tables and partly in the WAL.
#include "query/query_runner.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/hash.h"
#include "query/functions/regex_match.h"
#include "query/functions/temporal_functions.h"
#include "storage/writer_session.h"
#include "store/memory_store.h"
#include "support/result_lines.h"

namespace namidb::query {
namespace {

Uuid Id(const std::string& name) { return NameBasedUuid("query-test-" + name); }

class QueryRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto w = std::move(WriterSession::Open(store_, "g")).value();
    auto person = [&](const std::string& name, std::optional<int64_t> age) {
      ValueMap props{{"name", Value::String(name)}};
      if (age) props.Set("age", Value::Int(*age));
      ASSERT_TRUE(w->UpsertNode({"Person"}, Id(name), props).ok());
    };
    person("Ann", 31);
    person("Bob", 25);
    person("Cid", 40);
    person("Dee", std::nullopt);
    ASSERT_TRUE(
        w->UpsertNode({"City"}, Id("Rome"), ValueMap{{"name", Value::String("Rome")}}).ok());
    auto edge = [&](const std::string& type, const std::string& a, const std::string& b,
                    int64_t since) {
      ASSERT_TRUE(w->UpsertEdge(type, Id(a), Id(b), ValueMap{{"since", Value::Int(since)}}).ok());
    };
    edge("KNOWS", "Ann", "Bob", 2010);
    edge("KNOWS", "Bob", "Cid", 2015);
    ASSERT_TRUE(w->CommitBatch().ok());
    ASSERT_TRUE(w->Flush().ok());  // the rest stays in the WAL
    edge("LIKES", "Ann", "Cid", 2020);
    edge("KNOWS", "Cid", "Ann", 2018);
    edge("LIVES_IN", "Ann", "Rome", 2000);
    edge("LIVES_IN", "Bob", "Rome", 2001);
    ASSERT_TRUE(w->CommitBatch().ok());
    reader_ = std::move(GraphReader::Open(store_, *NamespaceLayout::Make("", "g"),
                                          std::make_shared<BlockCache>()))
                  .value();
  }

  QueryResult Run(std::string_view text, const ValueMap& params = {}) {
    auto r = RunQuery(*reader_, text, params);
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    return r.ok() ? *r : QueryResult{};
  }

  // Rows as Cypher literals, sorted (for results in no defined order).
  std::vector<std::string> Bag(std::string_view text, const ValueMap& params = {}) {
    std::vector<std::string> out = Ordered(text, params);
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<std::string> Ordered(std::string_view text, const ValueMap& params = {}) {
    return namidb::testing::ResultLines(Run(text, params).rows);
  }
  // The EXPLAIN of `text`, one operator per line.
  std::string Plan(std::string_view text) {
    std::string out;
    for (const auto& row : Run("EXPLAIN " + std::string(text)).rows)
      out += row[0].as_string() + "\n";
    return out;
  }
  QueryErrorInfo Error(std::string_view text, const ValueMap& params = {}) {
    auto r = RunQuery(*reader_, text, params);
    EXPECT_FALSE(r.ok()) << text;
    if (r.ok() || !r.status().query_error()) {
      ADD_FAILURE() << text << ": " << r.status().ToString();
      return {};
    }
    return *r.status().query_error();
  }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
  std::unique_ptr<GraphReader> reader_;
};

using V = std::vector<std::string>;

TEST_F(QueryRunnerTest, ScansFiltersAndProjects) {
  QueryResult r = Run("MATCH (p:Person) WHERE p.age > 30 RETURN p.name, p.age * 2 AS double");
  EXPECT_EQ(r.columns, (V{"p.name", "double"}));
  EXPECT_EQ(Bag("MATCH (p:Person) WHERE p.age > 30 RETURN p.name, p.age * 2 AS double"),
            (V{"'Ann' | 62", "'Cid' | 80"}));
  EXPECT_EQ(Bag("MATCH (p:Person {name: 'Bob'}) RETURN p.age"), (V{"25"}));
  EXPECT_EQ(Bag("MATCH (n) RETURN count(*)"), (V{"5"}));
  EXPECT_EQ(Bag("MATCH (p:Person) WHERE p.age IS NULL RETURN p.name"), (V{"'Dee'"}));
  // Three-valued logic: a null comparison is not true, and NOT null is null.
  EXPECT_EQ(Bag("MATCH (p:Person) WHERE NOT p.age < 30 RETURN p.name"), (V{"'Ann'", "'Cid'"}));
}

TEST_F(QueryRunnerTest, ExpandsInEveryDirectionOverTablesAndWal) {
  EXPECT_EQ(Bag("MATCH (a:Person {name: 'Ann'})-[r:KNOWS]->(b) RETURN b.name, r.since"),
            (V{"'Bob' | 2010"}));
  EXPECT_EQ(Bag("MATCH (a {name: 'Ann'})<-[:KNOWS]-(b) RETURN b.name"), (V{"'Cid'"}));
  EXPECT_EQ(Bag("MATCH (a {name: 'Ann'})-[:KNOWS]-(b) RETURN b.name"), (V{"'Bob'", "'Cid'"}));
  EXPECT_EQ(Bag("MATCH (a {name: 'Ann'})-[r:KNOWS|LIKES]->(b) RETURN type(r), b.name"),
            (V{"'KNOWS' | 'Bob'", "'LIKES' | 'Cid'"}));
  EXPECT_EQ(Bag("MATCH (a:Person)-[:KNOWS]->(b)-[:KNOWS]->(c) RETURN a.name, c.name"),
            (V{"'Ann' | 'Cid'", "'Bob' | 'Ann'", "'Cid' | 'Bob'"}));
  // Starting from the labelled end, walking the pattern backwards.
  EXPECT_EQ(Bag("MATCH (p)-[:LIVES_IN]->(c:City) RETURN p.name"), (V{"'Ann'", "'Bob'"}));
  // A relationship bound by an earlier clause is followed, not searched.
  EXPECT_EQ(
      Bag("MATCH ({name: 'Ann'})-[r:KNOWS]->() WITH r MATCH (a)-[r]->(b) RETURN a.name, b.name"),
      (V{"'Ann' | 'Bob'"}));
  EXPECT_EQ(Bag("MATCH ()-[r:LIKES]->() MATCH (x)<-[r]-(y) RETURN x.name, y.name"),
            (V{"'Cid' | 'Ann'"}));
  EXPECT_EQ(Error("MATCH (a)-[r]->(b)-[r]->(c) RETURN a").detail,
            "RelationshipUniquenessViolation");
  // A bound variable from an earlier clause closes a cycle.
  EXPECT_EQ(Bag("MATCH (a {name: 'Ann'}) MATCH (a)-[:KNOWS]->()-[:KNOWS]->(c)-[:KNOWS]->(a) "
                "RETURN c.name"),
            (V{"'Cid'"}));
}

TEST_F(QueryRunnerTest, RelationshipsAreUniqueWithinAPattern) {
  // -[]- twice: the same edge may not serve both steps.
  EXPECT_EQ(Bag("MATCH (a {name: 'Rome'})<-[r1]-(p)-[r2]->(c:City) RETURN p.name"), V{});
  EXPECT_EQ(Bag("MATCH (c:City)<-[r1]-(p), (p)-[r2]->(x) RETURN p.name, x.name"),
            (V{"'Ann' | 'Bob'", "'Ann' | 'Cid'", "'Bob' | 'Cid'"}));
}

TEST_F(QueryRunnerTest, OptionalMatchKeepsRowsWithoutMatches) {
  EXPECT_EQ(Bag("MATCH (p:Person) OPTIONAL MATCH (p)-[:LIVES_IN]->(c) RETURN p.name, c.name"),
            (V{"'Ann' | 'Rome'", "'Bob' | 'Rome'", "'Cid' | null", "'Dee' | null"}));
  // WHERE belongs to the optional part: it does not drop the row.
  EXPECT_EQ(Bag("MATCH (p:Person) OPTIONAL MATCH (p)-[:KNOWS]->(f) WHERE f.age > 30 "
                "RETURN p.name, f.name"),
            (V{"'Ann' | null", "'Bob' | 'Cid'", "'Cid' | 'Ann'", "'Dee' | null"}));
}

TEST_F(QueryRunnerTest, AggregatesGroupByTheOtherItems) {
  EXPECT_EQ(Bag("MATCH (p:Person)-[r]->() RETURN p.name, count(r) AS n"),
            (V{"'Ann' | 3", "'Bob' | 2", "'Cid' | 1"}));
  EXPECT_EQ(Bag("MATCH (p:Person) RETURN sum(p.age), avg(p.age), min(p.age), max(p.name), "
                "count(p.age), count(DISTINCT labels(p))"),
            (V{"96 | 32.0 | 25 | 'Dee' | 3 | 1"}));
  EXPECT_EQ(Bag("MATCH (p:Person) WHERE p.age > 100 RETURN count(*), collect(p.name)"),
            (V{"0 | []"}));
  EXPECT_EQ(Ordered("UNWIND [3, 1, 2, 1] AS x RETURN collect(DISTINCT x) AS xs"), (V{"[3, 1, 2]"}));
  EXPECT_EQ(Bag("UNWIND [1, 2, 3, 4] AS x RETURN x % 2 AS parity, sum(x) * 10 AS s"),
            (V{"0 | 60", "1 | 40"}));
  EXPECT_EQ(Bag("UNWIND [1.0, 2.0, 3.0, 4.0] AS x RETURN percentileCont(x, 0.5), "
                "percentileDisc(x, 0.5), stDev(x) > 1.29 AND stDev(x) < 1.30"),
            (V{"2.5 | 2.0 | true"}));
}

TEST_F(QueryRunnerTest, OrdersSkipsAndLimits) {
  EXPECT_EQ(
      Ordered("MATCH (p:Person) RETURN p.name ORDER BY p.age DESC"),
      (V{"'Dee'", "'Cid'", "'Ann'", "'Bob'"}));  // null sorts last ascending, first descending
  EXPECT_EQ(Ordered("MATCH (p:Person) RETURN p.name AS n ORDER BY n SKIP 1 LIMIT $l",
                    ValueMap{{"l", Value::Int(2)}}),
            (V{"'Bob'", "'Cid'"}));
  EXPECT_EQ(Ordered("MATCH (p:Person)-[r]->() RETURN p.name, count(*) AS c ORDER BY count(*) DESC, "
                    "p.name LIMIT 2"),
            (V{"'Ann' | 3", "'Bob' | 2"}));
  EXPECT_EQ(Ordered("UNWIND [2, 'a', null, 1.5, true, [1]] AS x RETURN x ORDER BY x"),
            (V{"[1]", "'a'", "true", "1.5", "2", "null"}));
}

TEST_F(QueryRunnerTest, WithChainsAndUnwindAndUnion) {
  EXPECT_EQ(Bag("MATCH (p:Person) WITH p.name AS name, p.age AS age WHERE age < 35 "
                "RETURN name"),
            (V{"'Ann'", "'Bob'"}));
  EXPECT_EQ(Bag("MATCH (p:Person) WITH p ORDER BY p.age LIMIT 2 MATCH (p)-[:LIVES_IN]->(c) "
                "RETURN p.name, c.name"),
            (V{"'Ann' | 'Rome'", "'Bob' | 'Rome'"}));
  EXPECT_EQ(Bag("WITH [1, 2] AS xs UNWIND xs AS x UNWIND [x, x * 10] AS y RETURN y"),
            (V{"1", "10", "2", "20"}));
  EXPECT_EQ(Bag("RETURN 1 AS x UNION RETURN 1 AS x UNION RETURN 2 AS x"), (V{"1", "2"}));
  EXPECT_EQ(Bag("RETURN 1 AS x UNION ALL RETURN 1 AS x"), (V{"1", "1"}));
  EXPECT_EQ(Bag("MATCH (c:City) WITH DISTINCT c RETURN c.name"), (V{"'Rome'"}));
  // WITH ... WHERE may read the variables before the projection.
  EXPECT_EQ(Bag("MATCH (p:Person) OPTIONAL MATCH (p)-[r:LIVES_IN]->() WITH p WHERE r IS NULL "
                "RETURN p.name"),
            (V{"'Cid'", "'Dee'"}));
  EXPECT_EQ(Run("MATCH (c:City) RETURN *").columns, (V{"c"}));
}

TEST_F(QueryRunnerTest, EvaluatesExpressions) {
  EXPECT_EQ(Ordered("RETURN 1 + 2 * 3, 7 / 2, 7 % 3, 2 ^ 3, -(1), 'a' + 1, [1] + [2, 3]"),
            (V{"7 | 3 | 1 | 8.0 | -1 | 'a1' | [1, 2, 3]"}));
  EXPECT_EQ(Ordered("RETURN null = null, 1 = 1.0, [1, null] = [1, 2], 0.0 / 0.0 = 0.0 / 0.0"),
            (V{"null | true | null | false"}));
  EXPECT_EQ(Ordered("RETURN [x IN range(1, 5) WHERE x % 2 = 1 | x * x], "
                    "reduce(s = 0, x IN [1, 2, 3] | s + x), any(x IN [1, 2] WHERE x > 1), "
                    "[1, 2, 3][-1], [1, 2, 3][1..], {a: 1}['b']"),
            (V{"[1, 9, 25] | 6 | true | 3 | [2, 3] | null"}));
  EXPECT_EQ(Ordered("RETURN CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' END, "
                    "CASE WHEN false THEN 1 ELSE 0 END, coalesce(null, 'x'), toUpper('ab'), "
                    "substring('hello', 1, 3), split('a,b', ','), size('héllo')"),
            (V{"'two' | 0 | 'x' | 'AB' | 'ell' | ['a', 'b'] | 5"}));
  EXPECT_EQ(Ordered("RETURN $p.k, $list[1]",
                    ValueMap{{"p", Value::Map(ValueMap{{"k", Value::String("v")}})},
                             {"list", Value::List({Value::Int(1), Value::Int(2)})}}),
            (V{"'v' | 2"}));
  EXPECT_EQ(Ordered("MATCH (c:City) RETURN c:City, c:Person, labels(c), keys(c)"),
            (V{"true | false | ['City'] | ['name']"}));
}

TEST_F(QueryRunnerTest, VariableLengthPatternsNeverReuseAnEdge) {
  EXPECT_EQ(Bag("MATCH ({name: 'Ann'})-[:KNOWS*]->(b) RETURN b.name"),
            (V{"'Ann'", "'Bob'", "'Cid'"}));  // round the cycle once, then no unused edge is left
  EXPECT_EQ(Bag("MATCH ({name: 'Ann'})-[:KNOWS*2]->(b) RETURN b.name"), (V{"'Cid'"}));
  EXPECT_EQ(Bag("MATCH ({name: 'Ann'})-[:KNOWS*0..1]->(b) RETURN b.name"), (V{"'Ann'", "'Bob'"}));
  EXPECT_EQ(Bag("MATCH ({name: 'Ann'})-[r:KNOWS*..2]->(b) RETURN b.name, size(r)"),
            (V{"'Bob' | 1", "'Cid' | 2"}));
  EXPECT_EQ(Bag("MATCH ({name: 'Ann'})-[:KNOWS*$lo..$hi]-(b) RETURN b.name",
                ValueMap{{"lo", Value::Int(3)}, {"hi", Value::Int(3)}}),
            (V{"'Ann'", "'Ann'"}));  // both ways round the triangle
  EXPECT_EQ(Bag("MATCH ({name: 'Ann'})-[:KNOWS*1..2 {since: 2010}]->(b) RETURN b.name"),
            (V{"'Bob'"}));
}

TEST_F(QueryRunnerTest, ABoundRelationshipListIsWalkedInOrder) {
  // KNOWS: Ann -> Bob (2010) -> Cid (2015) -> Ann (2018).
  const std::string chain =
      "MATCH (:Person {name: 'Ann'})-[r1:KNOWS]->()-[r2:KNOWS]->() WITH [r1, r2] AS rs ";
  EXPECT_EQ(Bag(chain + "MATCH (a)-[rs*]->(b) RETURN a.name, b.name"), (V{"'Ann' | 'Cid'"}));
  EXPECT_EQ(Bag(chain + "MATCH (a)-[rs*]-(b) RETURN a.name, b.name"), (V{"'Ann' | 'Cid'"}));
  EXPECT_EQ(Bag(chain + "MATCH (a)<-[rs*]-(b) RETURN a.name, b.name"), (V{}));
  EXPECT_EQ(Bag(chain + "MATCH (a)-[rs*1]->(b) RETURN a.name"), (V{}));
  EXPECT_EQ(Bag(chain + "MATCH (a)-[rs*2..3]->(b) RETURN a.name"), (V{"'Ann'"}));
  EXPECT_EQ(Bag(chain + "MATCH (a)-[rs:LIKES*]->(b) RETURN a.name"), (V{}));
  EXPECT_EQ(Bag(chain + "MATCH (a)-[rs:KNOWS*]->(b {name: 'Bob'}) RETURN a.name"), (V{}));
  EXPECT_EQ(Bag(chain + "MATCH p = (a)-[rs*]->(b) RETURN [n IN nodes(p) | n.name]"),
            (V{"['Ann', 'Bob', 'Cid']"}));
  // Planned from the bound far end: the list is walked from its last relationship.
  EXPECT_EQ(Bag(chain + "MATCH (c {name: 'Cid'}) WITH rs, c MATCH p = (a)-[rs*]->(c) "
                        "RETURN a.name, [r IN relationships(p) | r.since]"),
            (V{"'Ann' | [2010, 2015]"}));
  // A relationship twice is never a match, though it would chain both ways.
  const std::string one = "MATCH ({name: 'Ann'})-[r:KNOWS]->({name: 'Bob'}) ";
  EXPECT_EQ(Bag(one + "WITH [r] AS rs MATCH (a)-[rs*]-(b) RETURN a.name, b.name"),
            (V{"'Ann' | 'Bob'", "'Bob' | 'Ann'"}));
  EXPECT_EQ(Bag(one + "WITH [r, r] AS rs MATCH (a)-[rs*]-(b) RETURN a.name"), (V{}));
  EXPECT_EQ(Bag("WITH [] AS rs MATCH (a:City)-[rs*0..]->(b) RETURN a.name, b.name"),
            (V{"'Rome' | 'Rome'"}));
  EXPECT_EQ(Error("WITH [1] AS rs MATCH (a)-[rs*]->(b) RETURN a").detail, "InvalidArgumentType");
}

TEST_F(QueryRunnerTest, DistinctEndsOfAVariableLengthPatternAreFoundBreadthFirst) {
  // KNOWS is a directed triangle Ann -> Bob -> Cid -> Ann.
  const std::string distinct =
      "MATCH (a {name: 'Ann'})-[:KNOWS*1..3]->(b) RETURN count(DISTINCT b)";
  EXPECT_NE(Plan(distinct).find("VarLengthExpand (distinct ends)"), std::string::npos)
      << Plan(distinct);
  EXPECT_EQ(Bag(distinct), (V{"3"}));  // the start too, by the closed trail of 3 hops
  EXPECT_EQ(Bag("MATCH (a {name: 'Ann'})-[:KNOWS*1..2]->(b) RETURN count(DISTINCT b)"), (V{"2"}));
  EXPECT_EQ(Bag("MATCH (a {name: 'Ann'})-[:KNOWS*0..1]->(b) RETURN collect(DISTINCT b.name)"),
            (V{"['Ann', 'Bob']"}));
  EXPECT_EQ(Bag("MATCH (a {name: 'Ann'})-[:KNOWS*1..2]-(b) RETURN DISTINCT b.name"),
            (V{"'Bob'", "'Cid'"}));
  EXPECT_EQ(Bag("MATCH (a {name: 'Ann'})-[:KNOWS*1..3]-(b) WITH DISTINCT b RETURN b.name"),
            (V{"'Ann'", "'Bob'", "'Cid'"}));
  EXPECT_EQ(Bag("MATCH (a:Person)-[:KNOWS|LIKES*1..]->(b:Person) RETURN a.name, count(DISTINCT b)"),
            (V{"'Ann' | 3", "'Bob' | 3", "'Cid' | 3"}));
  // Where row copies count, or more than the ends is read, every trail is a row.
  const std::string trails = "MATCH (a {name: 'Ann'})-[:KNOWS*1..3]-(b) RETURN count(b)";
  EXPECT_EQ(Plan(trails).find("distinct ends"), std::string::npos);
  EXPECT_EQ(Bag(trails), (V{"6"}));
  EXPECT_EQ(Bag("MATCH (a {name: 'Ann'})-[:KNOWS*1..3]-(b) RETURN DISTINCT count(*)"), (V{"6"}));
  EXPECT_EQ(Bag("MATCH (a {name: 'Ann'})-[:KNOWS*1..3]-(b) RETURN DISTINCT b.name, count(*)"),
            (V{"'Ann' | 2", "'Bob' | 2", "'Cid' | 2"}));
  EXPECT_EQ(Plan("MATCH (a)-[:KNOWS*1..2]->(b)-[:LIKES]->(c) RETURN count(DISTINCT c)")
                .find("distinct ends"),
            std::string::npos);
  EXPECT_EQ(Plan("MATCH (a)-[r:KNOWS*1..2]->(b) RETURN count(DISTINCT b)").find("distinct ends"),
            std::string::npos);
  EXPECT_EQ(Bag("MATCH (a {name: 'Ann'})-[:KNOWS*2..3]->(b) RETURN count(DISTINCT b)"), (V{"2"}));
}

TEST_F(QueryRunnerTest, NamedPathsFollowThePatternOrder) {
  EXPECT_EQ(Bag("MATCH p = ({name: 'Ann'})-[:KNOWS*2]->(c) "
                "RETURN length(p), [n IN nodes(p) | n.name], [r IN relationships(p) | r.since]"),
            (V{"2 | ['Ann', 'Bob', 'Cid'] | [2010, 2015]"}));
  // Planned from the labelled end, still reported start to end.
  EXPECT_EQ(Bag("MATCH p = (x)-[:LIVES_IN]->(:City) RETURN [n IN nodes(p) | n.name]"),
            (V{"['Ann', 'Rome']", "['Bob', 'Rome']"}));
  EXPECT_EQ(Bag("MATCH (a {name: 'Ann'}) MATCH p = (x)-[:KNOWS*2]->(a) "
                "RETURN [n IN nodes(p) | n.name], [r IN relationships(p) | r.since]"),
            (V{"['Bob', 'Cid', 'Ann'] | [2015, 2018]"}));
  EXPECT_EQ(Bag("MATCH (p:Person {name: 'Dee'}) OPTIONAL MATCH q = (p)-->() RETURN q"),
            (V{"null"}));
}

TEST_F(QueryRunnerTest, AnonymousRelationshipsKeepWhatCanStillBeSeenOfThem) {
  // An anonymous relationship's record is not read, but a named path shows
  // it whole, both directions keep their start and end, and uniqueness holds.
  EXPECT_EQ(Bag("MATCH p = ({name: 'Ann'})-[:LIKES]->() RETURN [r IN relationships(p) | r.since]"),
            (V{"[2020]"}));
  EXPECT_EQ(
      Bag("MATCH p = ({name: 'Ann'})-[:KNOWS]-(b) "
          "RETURN b.name, [r IN relationships(p) | [startNode(r).name, endNode(r).name, r.since]]"),
      (V{"'Bob' | [['Ann', 'Bob', 2010]]", "'Cid' | [['Cid', 'Ann', 2018]]"}));
  EXPECT_EQ(Bag("MATCH (a:Person)-[:KNOWS]-(b:Person) RETURN a.name, count(b)"),
            (V{"'Ann' | 2", "'Bob' | 2", "'Cid' | 2"}));
  EXPECT_EQ(Bag("MATCH (a {name: 'Ann'})-[:KNOWS]-(b)-[:KNOWS]-(c) RETURN c.name"),
            (V{"'Bob'", "'Cid'"}));
  EXPECT_EQ(Bag("MATCH (a)-[{since: 2015}]->(b) RETURN a.name, b.name"), (V{"'Bob' | 'Cid'"}));
}

TEST_F(QueryRunnerTest, PatternPredicatesComprehensionsAndExists) {
  EXPECT_EQ(Bag("MATCH (p:Person) WHERE (p)-[:LIVES_IN]->(:City) RETURN p.name"),
            (V{"'Ann'", "'Bob'"}));
  EXPECT_EQ(Bag("MATCH (p:Person) WHERE NOT (p)-[:KNOWS]-() RETURN p.name"), (V{"'Dee'"}));
  EXPECT_EQ(Bag("MATCH (p:Person {name: 'Ann'}) "
                "WITH [(p)-[r]->(x) WHERE r.since > 2005 | x.name] AS names "
                "RETURN size(names), 'Bob' IN names, 'Cid' IN names, 'Rome' IN names"),
            (V{"2 | true | true | false"}));
  EXPECT_EQ(Bag("MATCH (p:Person) WHERE EXISTS { (p)-[:KNOWS]->(f) WHERE f.age > 30 } "
                "RETURN p.name"),
            (V{"'Bob'", "'Cid'"}));
  EXPECT_EQ(Bag("MATCH (p:Person) WHERE EXISTS { MATCH (p)-[:LIKES]->(x) RETURN x } RETURN p.name"),
            (V{"'Ann'"}));
  // Variables bound inside stay inside.
  EXPECT_EQ(Error("MATCH (p:Person) WHERE (p)-[:KNOWS]->(f) RETURN f").detail, "UndefinedVariable");
}

TEST_F(QueryRunnerTest, ShortestPathsBetweenBoundNodes) {
  EXPECT_EQ(Bag("MATCH (a {name: 'Ann'}), (c {name: 'Cid'}) "
                "MATCH p = shortestPath((a)-[:KNOWS*]->(c)) "
                "RETURN length(p), [n IN nodes(p) | n.name]"),
            (V{"2 | ['Ann', 'Bob', 'Cid']"}));
  EXPECT_EQ(Bag("MATCH (a {name: 'Ann'}), (c {name: 'Cid'}) "
                "MATCH p = shortestPath((a)-[*]-(c)) RETURN length(p)"),
            (V{"1"}));
  EXPECT_EQ(Bag("MATCH (a {name: 'Bob'}), (c {name: 'Rome'}) "
                "MATCH p = allShortestPaths((a)-[*]-(c)) RETURN [n IN nodes(p) | n.name]"),
            (V{"['Bob', 'Rome']"}));
  EXPECT_EQ(Bag("MATCH (a {name: 'Ann'}), (d {name: 'Dee'}) "
                "OPTIONAL MATCH p = shortestPath((a)-[*]-(d)) "
                "RETURN CASE p IS NULL WHEN true THEN -1 ELSE length(p) END"),
            (V{"-1"}));
  EXPECT_EQ(Bag("MATCH (a {name: 'Ann'}), (r {name: 'Rome'}) "
                "MATCH p = allShortestPaths((a)-[:KNOWS|LIVES_IN*..3]-(r)) RETURN length(p)"),
            (V{"1"}));
}

TEST_F(QueryRunnerTest, ExplainShowsThePlanWithoutRunningIt) {
  QueryResult r = Run("EXPLAIN MATCH (a:Person)-[:KNOWS]->(b) WHERE b.age > 1 RETURN count(*)");
  EXPECT_EQ(r.columns, (V{"plan"}));
  std::string plan;
  for (const auto& row : r.rows) plan += row[0].as_string() + "\n";
  EXPECT_NE(plan.find("NodeScan :Person"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Expand -> :KNOWS"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Aggregate"), std::string::npos) << plan;
}

TEST_F(QueryRunnerTest, ProfileRunsTheQueryAndCountsRowsPerOperator) {
  QueryResult r = Run("PROFILE MATCH (a:Person)-[:KNOWS]->(b) RETURN b.name");
  EXPECT_EQ(r.rows.size(), 3u);
  std::string profile;
  for (const auto& line : r.profile) profile += line + "\n";
  EXPECT_NE(profile.find("Expand -> :KNOWS  (rows 3,"), std::string::npos) << profile;
  EXPECT_NE(profile.find("NodeScan :Person (ids)  (rows 4,"), std::string::npos) << profile;
}

TEST_F(QueryRunnerTest, ErrorsAreClassifiedAndPositioned) {
  QueryErrorInfo e = Error("MATCH (n)\nRETURN m");
  EXPECT_EQ(e.type, "SyntaxError");
  EXPECT_EQ(e.detail, "UndefinedVariable");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 8);
  EXPECT_EQ(Error("MATCH (n) WITH n.x RETURN 1").detail, "NoExpressionAlias");
  EXPECT_EQ(Error("RETURN 1 AS a, 2 AS a").detail, "ColumnNameConflict");
  // Of several names used twice, the earliest second use is the one named.
  QueryErrorInfo twice = Error("RETURN 1 AS b, 2 AS a, 3 AS a, 4 AS b, 5 AS a");
  EXPECT_EQ(twice.detail, "ColumnNameConflict");
  EXPECT_EQ(twice.column, 24);
  EXPECT_EQ(Error("MATCH (n) WHERE count(n) > 1 RETURN n").detail, "InvalidAggregation");
  EXPECT_EQ(Error("RETURN count(count(1))").detail, "NestedAggregation");
  EXPECT_EQ(Error("RETURN count(rand())").detail, "NonConstantExpression");
  EXPECT_EQ(Error("UNWIND [1, 2] AS x RETURN sum(x + rand())").detail, "NonConstantExpression");
  EXPECT_EQ(Ordered("UNWIND [1, 2] AS x WITH x, rand() AS r RETURN count(r)"), (V{"2"}));
  EXPECT_EQ(Error("RETURN 1 AS a UNION RETURN 2 AS b").detail, "DifferentColumnsInUnion");
  EXPECT_EQ(Error("MATCH (n)").detail, "InvalidClauseComposition");
  EXPECT_EQ(Error("RETURN nope(1)").detail, "UnknownFunction");
  EXPECT_EQ(Error("RETURN $missing").type, "ParameterMissing");
  QueryErrorInfo t = Error("MATCH (n:Person) RETURN n.name * 2");
  EXPECT_EQ(t.type, "TypeError");
  EXPECT_EQ(t.phase, "runtime");
  EXPECT_EQ(Error("RETURN 9223372036854775807 + 1").detail, "IntegerOverflow");
  EXPECT_EQ(Error("RETURN 1 / 0").detail, "DivisionByZero");
  EXPECT_EQ(Error("MATCH (n) RETURN n LIMIT -1").detail, "NegativeIntegerArgument");
  EXPECT_EQ(Error("CREATE (n)").detail, "WriteInReadQuery");
  // Type errors that literals make certain are found before running.
  QueryErrorInfo literal = Error("RETURN 123 AND true");
  EXPECT_EQ(literal.type, "SyntaxError");
  EXPECT_EQ(literal.detail, "InvalidArgumentType");
  EXPECT_EQ(literal.column, 8);
  EXPECT_EQ(Error("RETURN NOT [1]").detail, "InvalidArgumentType");
  QueryErrorInfo property = Error("WITH 123 AS x RETURN x.num");
  EXPECT_EQ(property.type, "TypeError");
  EXPECT_EQ(property.phase, "compile time");
  EXPECT_EQ(Ordered("WITH {num: 1} AS m, null AS n RETURN m.num, n.num, NOT null"),
            (V{"1 | null | null"}));
  EXPECT_EQ(Ordered("RETURN {``: 1} AS m"), (V{"{``: 1}"}));
}

TEST_F(QueryRunnerTest, VariablesKeepTheKindTheyWereBoundTo) {
  EXPECT_EQ(Error("MATCH ()-[r]-() MATCH (r) RETURN r").detail, "VariableTypeConflict");
  EXPECT_EQ(Error("MATCH p = ()-->() MATCH (p) RETURN p").detail, "VariableTypeConflict");
  EXPECT_EQ(Error("MATCH ()-[r]-(r) RETURN r").detail, "VariableTypeConflict");
  EXPECT_EQ(Error("MATCH (r)-->(), ()-[r]-() RETURN r").detail, "VariableTypeConflict");
  EXPECT_EQ(Error("WITH [1] AS n MATCH (n) RETURN n").detail, "VariableTypeConflict");
  // The message names both kinds as Cypher does, without an article to get wrong.
  auto conflict = RunQuery(*reader_, "WITH 1 AS n MATCH (n) RETURN n", {});
  EXPECT_NE(conflict.status().message().find("variable 'n' holds INTEGER, not NODE"),
            std::string::npos)
      << conflict.status().ToString();
  auto condition = RunQuery(*reader_, "MATCH (n) WHERE 1 RETURN n", {});
  EXPECT_NE(condition.status().message().find("a condition must be a BOOLEAN, not INTEGER"),
            std::string::npos)
      << condition.status().ToString();
  EXPECT_EQ(Error("MATCH p = (p)-->() RETURN p").detail, "VariableAlreadyBound");
  EXPECT_EQ(Error("MATCH ()-[p]->(), p = ()-->() RETURN p").detail, "VariableAlreadyBound");
  EXPECT_EQ(Error("MATCH (n $props) RETURN n").detail, "InvalidParameterUse");
  // Statically certain argument and operand types.
  EXPECT_EQ(Error("MATCH p = (a) RETURN labels(p)").detail, "InvalidArgumentType");
  EXPECT_EQ(Error("MATCH (n) RETURN length(n)").detail, "InvalidArgumentType");
  EXPECT_EQ(Error("RETURN properties('x')").detail, "InvalidArgumentType");
  EXPECT_EQ(Error("RETURN 1 IN 'abc'").detail, "InvalidArgumentType");
  EXPECT_EQ(Error("RETURN any(x IN ['a'] WHERE x % 2 = 0)").detail, "InvalidArgumentType");
  EXPECT_EQ(Error("MATCH p = (n)-->() WHERE p.name = 'x' RETURN p").detail, "InvalidArgumentType");
  EXPECT_EQ(Error("MATCH (n) WHERE (n) RETURN n").detail, "InvalidArgumentType");
  EXPECT_EQ(Ordered("RETURN [false] + false AS l"), (V{"[false, false]"}));
  // A runtime type error in a function argument is InvalidArgumentValue.
  EXPECT_EQ(Error("UNWIND [[1], true] AS x RETURN toBoolean(x)").detail, "InvalidArgumentValue");
}

TEST_F(QueryRunnerTest, PatternPredicatesOnlyTestBoundVariablesInConditions) {
  EXPECT_EQ(Error("MATCH (n) WHERE (n)-->(m) RETURN n").detail, "UndefinedVariable");
  EXPECT_EQ(Error("MATCH (n) RETURN (n)-->()").detail, "UnexpectedSyntax");
  EXPECT_EQ(Error("MATCH (n) WITH (n)-->() AS x RETURN x").detail, "UnexpectedSyntax");
  EXPECT_EQ(Ordered("MATCH (n:Person) WHERE exists((n)-[:KNOWS]->()) RETURN count(*)"),
            Ordered("MATCH (n:Person) WHERE (n)-[:KNOWS]->() RETURN count(*)"));
  EXPECT_EQ(Error("MATCH (n) RETURN [x IN [1] | count(*)]").detail, "InvalidAggregation");
}

TEST_F(QueryRunnerTest, ExpressionsAroundAggregatesUseOnlyGroupingKeys) {
  EXPECT_EQ(Ordered("MATCH (a:Person) RETURN a.age, a.age + count(*) AS c ORDER BY a.age"),
            Ordered("MATCH (a:Person) RETURN a.age, a.age + 1 AS c ORDER BY a.age"));
  EXPECT_EQ(Error("MATCH (a:Person) RETURN a.age + count(*)").detail,
            "AmbiguousAggregationExpression");
  EXPECT_EQ(Error("MATCH (a:Person)--(b) RETURN a.age + b.age, a.age + b.age + count(*)").detail,
            "AmbiguousAggregationExpression");
  EXPECT_EQ(Error("MATCH (a:Person) RETURN count(*) AS c ORDER BY a.age + count(*)").detail,
            "UndefinedVariable");
  // An ambiguous ORDER BY is reported before an unaliased WITH expression.
  EXPECT_EQ(Error("MATCH (a:Person)--(b) WITH a.age + b.age, count(*) AS c "
                  "ORDER BY a.age + b.age + count(*) RETURN *")
                .detail,
            "AmbiguousAggregationExpression");
  EXPECT_EQ(
      Error("MATCH (a:Person)--(b) WITH a.age + b.age, count(*) AS c ORDER BY c RETURN *").detail,
      "NoExpressionAlias");
  // ORDER BY may repeat a projected aggregate inside a larger expression.
  EXPECT_EQ(
      Ordered("MATCH (a:Person) RETURN a.name AS n, count(*) AS c ORDER BY 0 - count(*), n LIMIT 1")
          .size(),
      1u);
  // WITH DISTINCT ... WHERE may repeat a projected property access.
  EXPECT_EQ(
      Ordered("MATCH (a:Person) WITH DISTINCT a.name AS name WHERE a.name = 'Ann' RETURN name"),
      (V{"'Ann'"}));
}

TEST_F(QueryRunnerTest, SkipAndLimitAreCheckedBeforeRunning) {
  QueryErrorInfo negative = Error("MATCH (n) RETURN n SKIP -1");
  EXPECT_EQ(negative.detail, "NegativeIntegerArgument");
  EXPECT_EQ(negative.phase, "compile time");
  EXPECT_EQ(Error("MATCH (n) RETURN n SKIP 1.5").detail, "InvalidArgumentType");
  EXPECT_EQ(Error("MATCH (n) RETURN n LIMIT n.count").detail, "NonConstantExpression");
  EXPECT_EQ(Error("RETURN 1 AS a UNION RETURN 2 AS a UNION ALL RETURN 3 AS a").detail,
            "InvalidClauseComposition");
  EXPECT_EQ(Error("RETURN 42 \xE2\x80\x94 41").detail, "InvalidUnicodeCharacter");
  EXPECT_EQ(Error("MATCH (a)-[:T..]->(b) RETURN b").detail, "InvalidRelationshipPattern");
  EXPECT_EQ(Error("MATCH (a)-[:T*-2]->(b) RETURN b").detail, "InvalidRelationshipPattern");
}

TEST_F(QueryRunnerTest, MapProjectionsPickPropertiesAndEntries) {
  EXPECT_EQ(Ordered("MATCH (p:Person {name: 'Ann'}) RETURN p {.name, .missing}"),
            (V{"{missing: null, name: 'Ann'}"}));
  EXPECT_EQ(Ordered("MATCH (p:Person {name: 'Ann'}) RETURN p {.*}"), (V{"{age: 31, name: 'Ann'}"}));
  // Entries in order: a later key replaces an earlier one.
  EXPECT_EQ(Ordered("MATCH (p:Person {name: 'Ann'}) RETURN p {.*, age: 0}, p {age: 0, .*}"),
            (V{"{age: 0, name: 'Ann'} | {age: 31, name: 'Ann'}"}));
  // A bare name is a variable under its own name; relationships and maps
  // project as nodes do.
  EXPECT_EQ(Ordered("MATCH (:Person {name: 'Ann'})-[r:LIKES]->(c) WITH r, c.name AS friend "
                    "RETURN r {.since, friend, kind: type(r)}"),
            (V{"{friend: 'Cid', kind: 'LIKES', since: 2020}"}));
  EXPECT_EQ(Ordered("WITH {a: 1, b: 2} AS m RETURN m {.a, .*, c: 3}"), (V{"{a: 1, b: 2, c: 3}"}));
  // Of null, null; of a value that has no properties, a TypeError.
  EXPECT_EQ(Ordered("OPTIONAL MATCH (x:Nobody) RETURN x {.name}"), (V{"null"}));
  EXPECT_EQ(Error("WITH 1 AS n RETURN n {k: 1}").detail, "InvalidArgumentType");
  EXPECT_EQ(Error("MATCH (p:Person) RETURN p {.name, q}").detail, "UndefinedVariable");
  // Aggregating, a map projection groups by its subject.
  EXPECT_EQ(Bag("MATCH (p:Person)-[:KNOWS]->(f) RETURN p {.name, friends: collect(f.name)}"),
            (V{"{friends: ['Ann'], name: 'Cid'}", "{friends: ['Bob'], name: 'Ann'}",
               "{friends: ['Cid'], name: 'Bob'}"}));
  EXPECT_EQ(Bag("MATCH (p:Person)-[:LIVES_IN]->(c) RETURN c {.name, people: count(p)}"),
            (V{"{name: 'Rome', people: 2}"}));
  // In a list, sorted by a projected property.
  EXPECT_EQ(Ordered("MATCH (p:Person) WHERE p.age > 26 WITH p ORDER BY p.age "
                    "RETURN collect(p {.name}) AS people"),
            (V{"[{name: 'Ann'}, {name: 'Cid'}]"}));
}

TEST_F(QueryRunnerTest, RegularExpressionsMatchTheWholeString) {
  EXPECT_EQ(Ordered("MATCH (p:Person) WHERE p.name =~ 'A.*' RETURN p.name"), (V{"'Ann'"}));
  EXPECT_EQ(
      Ordered("RETURN 'abc' =~ 'b', 'abc' =~ '.*b.*', 'a1' =~ '\\\\w\\\\d', 'ABC' =~ '(?i)abc', "
              "'x]' =~ '[]x]+', null =~ 'a', 'a' =~ null, 1 =~ 'a'"),
      (V{"false | true | true | true | true | null | null | null"}));
  EXPECT_EQ(Error("RETURN 'a' =~ '(unclosed'").detail, "InvalidArgumentValue");
  bool icase = false;
  EXPECT_EQ(PosixPattern("\\d+[\\w-]", &icase), "^([0-9]+[A-Za-z0-9_-])$");
  EXPECT_FALSE(icase);
  EXPECT_EQ(PosixPattern("(?i)\\S", &icase), "^([^[:space:]])$");
  EXPECT_TRUE(icase);
}

TEST_F(QueryRunnerTest, CallSubqueriesRunPerRow) {
  // Correlated through an importing WITH: one result row per inner row.
  EXPECT_EQ(
      Ordered("MATCH (p:Person) CALL { WITH p MATCH (p)-[:KNOWS]->(f) RETURN count(f) AS friends } "
              "RETURN p.name, friends ORDER BY p.name"),
      (V{"'Ann' | 1", "'Bob' | 1", "'Cid' | 1", "'Dee' | 0"}));
  // Uncorrelated: a cross product; an inner variable may reuse an outer name
  // only if it is not returned.
  EXPECT_EQ(
      Ordered(
          "UNWIND [1, 2] AS x CALL { MATCH (x:City) RETURN count(x) AS cities } RETURN x, cities"),
      (V{"1 | 1", "2 | 1"}));
  // UNION inside, distinct per outer row; UNION ALL keeps duplicates.
  EXPECT_EQ(Ordered("UNWIND [1] AS x CALL { RETURN 1 AS y UNION RETURN 1 AS y UNION RETURN 2 AS y "
                    "} RETURN x, y"),
            (V{"1 | 1", "1 | 2"}));
  EXPECT_EQ(Ordered("CALL { RETURN 1 AS y UNION ALL RETURN 1 AS y } RETURN y").size(), 2u);
  // No inner rows: the outer row is gone (like MATCH).
  EXPECT_EQ(Ordered("MATCH (p:Person {name: 'Dee'}) CALL { WITH p MATCH (p)-[:KNOWS]->(f) RETURN f "
                    "} RETURN p"),
            V{});
  EXPECT_EQ(Error("WITH 1 AS y CALL { RETURN 2 AS y } RETURN y").detail, "VariableAlreadyBound");
  EXPECT_EQ(Error("MATCH (p:Person) CALL { MATCH (q) RETURN p AS r } RETURN r").detail,
            "UndefinedVariable");
  EXPECT_EQ(Error("CALL { RETURN 1 AS a UNION RETURN 2 AS b } RETURN a").detail,
            "DifferentColumnsInUnion");
}

TEST_F(QueryRunnerTest, LimitsStopRunawayQueriesWithTypedErrors) {
  QueryLimits rows;
  rows.max_rows = 10;
  EXPECT_TRUE(RunQuery(*reader_, "UNWIND range(1, 10) AS x RETURN x", {}, rows).ok());
  auto many = RunQuery(*reader_, "UNWIND range(1, 11) AS x RETURN x", {}, rows);
  EXPECT_TRUE(many.status().Is(StatusCode::kResourceExhausted)) << many.status().ToString();
  EXPECT_NE(many.status().message().find("maxRows"), std::string::npos);
  QueryLimits intermediate;
  intermediate.max_intermediate_rows = 10000;
  const char* cross = "UNWIND range(1, 1000) AS x UNWIND range(1, 1000) AS y RETURN count(*)";
  auto wide = RunQuery(*reader_, cross, {}, intermediate);
  EXPECT_TRUE(wide.status().Is(StatusCode::kResourceExhausted)) << wide.status().ToString();
  EXPECT_TRUE(RunQuery(*reader_, cross, {}).ok());  // no limit by default
  QueryLimits quick;
  quick.timeout_ms = 1;
  auto slow = RunQuery(
      *reader_,
      "UNWIND range(1, 3000) AS x UNWIND range(1, 3000) AS y WITH x WHERE x < 0 RETURN count(*)",
      {}, quick);
  EXPECT_TRUE(slow.status().Is(StatusCode::kCancelled)) << slow.status().ToString();
  EXPECT_NE(slow.status().message().find("time limit"), std::string::npos);
}

TEST_F(QueryRunnerTest, WhereConditionsApplyAsSoonAsTheirVariablesAreBound) {
  QueryResult plan =
      Run("EXPLAIN MATCH (a:Person)-[:KNOWS]->(b)-[:KNOWS]->(c) WHERE a.age > 30 AND c.age > 0 "
          "RETURN c.name");
  std::vector<std::string> lines;
  for (const auto& row : plan.rows) lines.push_back(row[0].as_string());
  // The plan prints parents first: the condition on `a` sits right above
  // the scan, below both expansions; the one on `c` above the last.
  auto at = [&](const std::string& text) {
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].find(text) != std::string::npos) return static_cast<int>(i);
    }
    return -1;
  };
  int scan = at("NodeScan :Person");
  ASSERT_GE(scan, 1);
  EXPECT_NE(lines[scan - 1].find("Filter"), std::string::npos) << lines[scan - 1];
  // Ann (31) -> Bob -> Cid and Cid (40) -> Ann -> Bob.
  EXPECT_EQ(Bag("MATCH (a:Person)-[:KNOWS]->(b)-[:KNOWS]->(c) WHERE a.age > 30 AND c.age > 0 "
                "RETURN c.name"),
            (V{"'Bob'", "'Cid'"}));
  // A condition on a later-bound variable, a subquery and a path still see all they need.
  EXPECT_EQ(Bag("MATCH p = (a:Person)-[:KNOWS]->(b) WHERE length(p) = 1 AND EXISTS { MATCH "
                "(b)-[:KNOWS]->() } "
                "AND a.name < b.name RETURN a.name"),
            (V{"'Ann'", "'Bob'"}));
}

TEST_F(QueryRunnerTest, NowIsTheStatementsInstant) {
  // 2,000 rows, every one at the same instant, whichever clock form.
  EXPECT_EQ(Ordered("UNWIND range(1, 2000) AS i WITH datetime() AS t, timestamp() AS ms, "
                    "localtime.statement() AS l, date.transaction() AS d "
                    "RETURN count(DISTINCT t), count(DISTINCT ms), count(DISTINCT l), "
                    "count(DISTINCT d)"),
            (V{"1 | 1 | 1 | 1"}));
  EXPECT_EQ(Ordered("RETURN timestamp() = datetime().epochMillis, "
                    "datetime.statement() = datetime(), date() = date(datetime())"),
            (V{"true | true | true"}));
  // The statement's instant is the clock's when it starts.
  int64_t before = CurrentInstant().seconds;
  QueryResult r = Run("RETURN timestamp() / 1000 AS s");
  int64_t after = CurrentInstant().seconds;
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_GE(r.rows[0][0].as_int(), before);
  EXPECT_LE(r.rows[0][0].as_int(), after);
  EXPECT_EQ(Error("RETURN timestamp(1)").detail, "InvalidNumberOfArguments");
}

TEST_F(QueryRunnerTest, AWrongArgumentCountSaysWhatAndWhereOnce) {
  // The statement's error names the call's place and the counts, with the
  // error's type written once (it was wrapped in a second one).
  // Checked when the statement is planned, wherever the call stands: the
  // matches of label Nobody are none, so no row could find it.
  for (std::string_view text :
       {"RETURN toUpper('a', 'b') AS x", "MATCH (n) RETURN n ORDER BY toUpper(n.name, 'x')",
        "RETURN toUpper('a', 2) AS x",
        "MATCH (n:Nobody) WITH DISTINCT n.name AS m ORDER BY toUpper(m, 1) RETURN m",
        "MATCH (n:Nobody) RETURN DISTINCT n.name AS m ORDER BY toUpper(m, 'x')",
        "MATCH (n:Nobody) WITH n.name AS m, count(*) AS c ORDER BY toUpper(m, 1) RETURN m",
        "MATCH (n:Nobody) WITH n.name AS m, count(*) AS c WHERE toUpper(m, 1) = 'A' RETURN m",
        "MATCH (n:Nobody) RETURN n.name AS m, count(*) AS c ORDER BY toUpper(m, 1)"}) {
    auto r = RunQuery(*reader_, text, {});
    ASSERT_FALSE(r.ok()) << text;
    const std::string& message = r.status().message();
    EXPECT_NE(message.find("toUpper() takes 1 argument(s), got 2"), std::string::npos) << message;
    EXPECT_EQ(message.find("InvalidNumberOfArguments"), message.rfind("InvalidNumberOfArguments"))
        << message;
    ASSERT_NE(r.status().query_error(), nullptr) << text;
    EXPECT_EQ(r.status().query_error()->detail, "InvalidNumberOfArguments");
    EXPECT_EQ(r.status().query_error()->line, 1);
    EXPECT_GT(r.status().query_error()->column, 0);
  }
}

TEST_F(QueryRunnerTest, DatesAndDatetimesHaveFieldsOrderAndEquality) {
  EXPECT_EQ(
      Ordered(
          "WITH datetime({epochMillis: 1288000000123}) AS t "
          "RETURN t, t.year, t.month, t.day, t.hour, t.millisecond, t.epochMillis, t.dayOfWeek"),
      (V{"datetime('2010-10-25T09:46:40.123Z') | 2010 | 10 | 25 | 9 | 123 | 1288000000123 | 1"}));
  EXPECT_EQ(
      Ordered("RETURN date('2015-07-21') AS d, date({year: 2024, month: 2, day: 29}).ordinalDay, "
              "date(datetime('2015-07-21T23:30-05:00')), datetime({year: 2020, month: 1, day: 2, "
              "hour: 3, "
              "timezone: '+01:00'}).epochSeconds, datetime('2020-01-01T00:00+01:00').offset"),
      (V{"date('2015-07-21') | 60 | date('2015-07-21') | 1577930400 | '+01:00'"}));
  // The same instant in two offsets is equal; ordering is by instant; a
  // date and a datetime are not comparable.
  EXPECT_EQ(Ordered("RETURN datetime('2020-01-01T01:00+01:00') = datetime('2020-01-01T00:00Z'), "
                    "date('2020-01-02') > date('2020-01-01'), date('2020-01-01') < "
                    "datetime('2020-01-02T00:00'), "
                    "date('2020-01-01') = date({year: 2020})"),
            (V{"true | true | null | true"}));
  EXPECT_EQ(Ordered("UNWIND [date('2021-01-01'), date('1999-12-31'), date('2010-06-15')] AS d "
                    "RETURN d ORDER BY d"),
            (V{"date('1999-12-31')", "date('2010-06-15')", "date('2021-01-01')"}));
  EXPECT_EQ(Ordered("RETURN count(DISTINCT [datetime('2020-01-01T01:00+01:00'), "
                    "datetime('2020-01-01T00:00Z')][0])"),
            (V{"1"}));
  EXPECT_EQ(Error("RETURN date('2023-02-29')").detail, "InvalidArgumentValue");
  EXPECT_EQ(Error("RETURN datetime({year: 2020, timezone: 'Nowhere/Special'})").detail,
            "InvalidArgumentValue");
  EXPECT_EQ(Error("RETURN date(1)").detail, "InvalidArgumentType");
  EXPECT_EQ(Error("RETURN date('2020-01-01').hour").detail, "InvalidArgumentValue");
  EXPECT_EQ(Ordered("RETURN date(null)"), (V{"null"}));
}

TEST_F(QueryRunnerTest, EveryTemporalKindIsBuiltSelectedAndPrinted) {
  EXPECT_EQ(
      Ordered(
          "RETURN localtime('214032.142'), time('21:40-01:30'), localdatetime('2015-W30-2T2140'), "
          "datetime({year: 1984, ordinalDay: 202, hour: 12, timezone: 'Europe/Stockholm'})"),
      (V{"localtime('21:40:32.142') | time('21:40-01:30') | localdatetime('2015-07-21T21:40') | "
         "datetime('1984-07-20T12:00+02:00[Europe/Stockholm]')"}));
  // Selection: missing fields from other values; a new zone converts a
  // zoned value's instant but is attached to a local one.
  EXPECT_EQ(
      Ordered("WITH time({hour: 12, minute: 31, timezone: '+01:00'}) AS t, date('1984-11-11') AS d "
              "RETURN time({time: t, timezone: '+05:00'}), date({date: d, week: 1}), "
              "datetime({date: d, time: localtime(t), timezone: '+05:00'}), "
              "datetime({date: d, time: t, second: 42}).second"),
      (V{"time('16:31+05:00') | date('1984-01-08') | datetime('1984-11-11T12:31+05:00') | 42"}));
  EXPECT_EQ(
      Ordered("RETURN datetime.truncate('weekYear', localdatetime('1984-01-01T12:31'), {day: 5}), "
              "localtime.truncate('millisecond', localtime('12:31:14.645876'), {nanosecond: 2})"),
      (V{"datetime('1983-01-05T00:00Z') | localtime('12:31:14.645000002')"}));
  EXPECT_EQ(Ordered("RETURN toString(duration({seconds: -60, milliseconds: -1})), duration({weeks: "
                    "2.5}).days, "
                    "datetime.fromepoch(416779, 999999999)"),
            (V{"'PT-1M-0.001S' | 17 | datetime('1970-01-05T19:46:19.999999999Z')"}));
  EXPECT_EQ(Error("RETURN date({year: 2020, month: 1, week: 2})").detail, "InvalidArgumentValue");
  EXPECT_EQ(Error("RETURN localtime({hour: 24})").detail, "InvalidArgumentValue");
  EXPECT_EQ(Error("RETURN date({year: 2020, hour: 1})").detail, "InvalidArgumentValue");
  EXPECT_EQ(Error("RETURN date.truncate('hour', date('2020-01-01'))").detail,
            "InvalidArgumentValue");
  EXPECT_EQ(Error("RETURN duration({days: 'x'})").detail, "InvalidArgumentType");
  EXPECT_EQ(Error("RETURN duration('P1X')").detail, "InvalidArgumentValue");
}

TEST_F(QueryRunnerTest, DurationsAddOnTheCalendarAndTheClock) {
  // Months clamp to the month's end; a date takes whole days of the seconds.
  EXPECT_EQ(
      Ordered(
          "RETURN date('2024-01-31') + duration('P1M'), date('1984-10-11') - duration('P1DT25H'), "
          "localtime('23:00') + duration('PT2H'), duration('P1D') * 1.5, duration('PT1H') / 4, "
          "duration('P1M') + duration('PT1S') - duration('P1M')"),
      (V{"date('2024-02-29') | date('1984-10-09') | localtime('01:00') | duration('P1DT12H') | "
         "duration('PT15M') | duration('PT1S')"}));
  // Across a daylight-saving change a day is 23 hours of clock time.
  EXPECT_EQ(Ordered("WITH datetime('2015-03-28T12:00[Europe/Stockholm]') AS t "
                    "RETURN t + duration('P1D'), t + duration('PT24H')"),
            (V{"datetime('2015-03-29T12:00+02:00[Europe/Stockholm]') | "
               "datetime('2015-03-29T13:00+02:00[Europe/Stockholm]')"}));
  EXPECT_EQ(
      Ordered("RETURN duration.between(date('1984-10-11'), date('2015-06-24')), "
              "duration.inDays(datetime('2015-07-21T21:40+01:00'), datetime('2015-07-22T21:39Z')), "
              "duration.inSeconds(localtime('12:00'), localtime('13:30:00.5'))"),
      (V{"duration('P30Y8M13D') | duration('P1D') | duration('PT1H30M0.5S')"}));
  EXPECT_EQ(Error("RETURN date('2020-01-01') + 1").detail, "InvalidArgumentType");
  EXPECT_EQ(Error("RETURN duration('P1D') / 0").detail, "DivisionByZero");
  // Far out of the years a value can have: an error, never a wrapped answer.
  EXPECT_EQ(Error("RETURN date('2020-01-01') + duration({months: 9223372036854775807})").detail,
            "IntegerOverflow");
  EXPECT_EQ(
      Error("RETURN localdatetime('2020-01-01T00:00') - duration({days: 400000000000})").detail,
      "IntegerOverflow");
  EXPECT_EQ(Error("RETURN datetime('2020-01-01T00:00Z') + duration({seconds: 9223372036854775807})")
                .detail,
            "IntegerOverflow");
  EXPECT_EQ(Error("RETURN duration({seconds: 9223372036854775807}).milliseconds").detail,
            "IntegerOverflow");
  EXPECT_EQ(Error("RETURN duration({years: 9223372036854775807})").detail, "IntegerOverflow");
  EXPECT_EQ(Error("RETURN datetime.fromepoch(9223372036854775807, 0)").detail,
            "InvalidArgumentValue");
  EXPECT_EQ(Ordered("RETURN datetime({epochMillis: -9223372036854775807}).year"),
            (V{"-292275055"}));
  EXPECT_EQ(
      Ordered("RETURN duration('P1D') < duration('P2D'), duration('PT24H') = duration('P1D'), "
              "time('12:00+01:00') = time('11:00Z')"),
      (V{"null | false | true"}));
}

TEST_F(QueryRunnerTest, NodesNothingReadsAreNotLoaded) {
  // Counted only: the label index's ids, no record; a plain count is the
  // statistics' (count_from_statistics_test.cc).
  EXPECT_NE(Plan("MATCH (p:Person) RETURN count(DISTINCT p)").find("NodeScan :Person (ids)"),
            std::string::npos);
  EXPECT_NE(Plan("MATCH (p:Person) RETURN count(p)").find("CountFromStatistics(nodes :Person)"),
            std::string::npos);
  EXPECT_EQ(Ordered("MATCH (p:Person) RETURN count(p), count(DISTINCT p), count(*)"),
            (V{"4 | 4 | 4"}));
  EXPECT_EQ(Ordered("MATCH (p:Person)-[:KNOWS]->(f) RETURN p.name, count(f) ORDER BY p.name"),
            (V{"'Ann' | 1", "'Bob' | 1", "'Cid' | 1"}));
  EXPECT_EQ(
      Ordered(
          "MATCH (c:City)<-[:LIVES_IN]-(p:Person) RETURN c.name, count(p), collect(id(p) IS NULL)"),
      (V{"'Rome' | 2 | [false, false]"}));
  // Reaching many of a label's nodes, the label index answers the label
  // check (here at once: 4 Person nodes, a quarter of which is reached).
  EXPECT_EQ(Ordered("MATCH (a:Person)-[:LIVES_IN]->(c:City) RETURN count(c)"), (V{"2"}));
  EXPECT_EQ(Ordered("MATCH (a:Person)-[:LIVES_IN]->(c:Person) RETURN count(c)"), (V{"0"}));
  EXPECT_EQ(Ordered("MATCH (a:Person)-[:KNOWS|LIVES_IN]->(c:Person:City) RETURN count(c)"),
            (V{"0"}));
  EXPECT_EQ(Ordered("MATCH (a:Person)-[:KNOWS|LIVES_IN]->(c:Person) RETURN count(c)"), (V{"3"}));
  // Whatever reads more gets more: properties, labels, the whole node.
  EXPECT_EQ(Plan("MATCH (p:Person) RETURN p.name").find("(ids)"), std::string::npos);
  EXPECT_EQ(
      Ordered("MATCH (a:Person)-[:KNOWS]->(b) RETURN labels(b), b:Person ORDER BY b.name LIMIT 1"),
      (V{"['Person'] | true"}));
  EXPECT_EQ(Ordered("MATCH (a:Person)-[:LIVES_IN]->(c) RETURN c"),
            (V{"(:City {name: 'Rome'})", "(:City {name: 'Rome'})"}));
  EXPECT_EQ(Ordered("MATCH (a:Person {name: 'Ann'})-[:KNOWS]->(b) WITH b RETURN b.name"),
            (V{"'Bob'"}));
  EXPECT_EQ(Ordered("MATCH (a:City) RETURN *"), (V{"(:City {name: 'Rome'})"}));
  // A node checked again by a later pattern keeps what that check reads.
  EXPECT_EQ(Ordered("MATCH (a:Person) MATCH (a {name: 'Bob'}) RETURN count(a)"), (V{"1"}));
  EXPECT_EQ(Ordered("MATCH (a)-[:LIVES_IN]->(c) MATCH (c:City) RETURN count(c)"), (V{"2"}));
  // A walk of no hops makes its start its end, whole.
  EXPECT_EQ(Ordered("MATCH (a:Person)-[:KNOWS*0..1]->(b {name: 'Ann'}) RETURN count(a)"), (V{"2"}));
  EXPECT_EQ(Ordered("MATCH (:Person)-[:KNOWS*0..1]->(b {name: 'Ann'}) RETURN count(*)"), (V{"2"}));
  EXPECT_EQ(Ordered("MATCH p = (a:Person {name: 'Ann'})-[:KNOWS]->(b) RETURN nodes(p)[1].name"),
            (V{"'Bob'"}));
}

TEST_F(QueryRunnerTest, AnExpansionOnlyCountedCountsPerSource) {
  // A counting Expand, or NeighborCounts for a whole label grouped by its
  // properties: either counts per source, with no row per relationship.
  auto counts = [&](std::string_view q) {
    std::string plan = Plan(q);
    return plan.find("(count)") != std::string::npos ||
           plan.find("NeighborCounts") != std::string::npos;
  };
  // Ann -KNOWS-> Bob -KNOWS-> Cid -KNOWS-> Ann, Ann -LIKES-> Cid, Ann and Bob
  // -LIVES_IN-> Rome; Dee has no relationship and drops out.
  const std::string grouped =
      "MATCH (p:Person)-->(x:Person) RETURN p.name AS n, count(x) AS c, count(*) AS s ORDER BY n";
  EXPECT_TRUE(counts(grouped)) << Plan(grouped);
  EXPECT_EQ(Ordered(grouped), (V{"'Ann' | 2 | 2", "'Bob' | 1 | 1", "'Cid' | 1 | 1"}));
  EXPECT_TRUE(counts("MATCH (p:Person)<-[:KNOWS]-() RETURN count(*)"));
  EXPECT_TRUE(counts("MATCH (p:Person)-->(x) RETURN p.name, count(x) ORDER BY count(x) DESC"));
  EXPECT_EQ(Ordered("MATCH (p:Person)-->(x) RETURN p.name, count(x) ORDER BY count(x) DESC, "
                    "p.name LIMIT 2"),
            (V{"'Ann' | 3", "'Bob' | 2"}));
  EXPECT_EQ(Ordered("MATCH (p:Person)-[:KNOWS]-() RETURN count(*)"), (V{"6"}));
  EXPECT_EQ(Ordered("MATCH (p:Person)-[:LIVES_IN]->(c:Person) RETURN count(c)"), (V{"0"}));
  EXPECT_EQ(Ordered("MATCH (p:Person)-[:LIVES_IN]->(c) RETURN p.age, count(c) ORDER BY p.age"),
            (V{"25 | 1", "31 | 1"}));
  // Every other use of the node reached, or of the relationship, makes rows.
  const std::vector<std::string> rows = {
      "MATCH (p:Person)-->(x) RETURN p.name, count(DISTINCT x)",
      "MATCH (p:Person)-->(x) RETURN p.name, count(x), collect(p.name)",
      "MATCH (p:Person)-->(x) RETURN p.name, count(x.name)",
      "MATCH (p:Person)-->(x) RETURN id(x) AS i, count(x)",
      "MATCH (p:Person)-[r]->(x) RETURN p.name, count(r)",
      "MATCH (p:Person)-->(x) WHERE x.age > 30 RETURN p.name, count(x)",
      "MATCH (p:Person)-->(x {name: 'Cid'}) RETURN p.name, count(x)",
      "MATCH (p:Person)-->(x)-->(y) RETURN p.name, count(y)",
      "MATCH (p:Person) OPTIONAL MATCH (p)-->(x) RETURN p.name, count(x)",
  };
  for (const auto& q : rows) EXPECT_FALSE(counts(q)) << Plan(q);
  EXPECT_EQ(Bag("MATCH (p:Person)-->(x) RETURN p.name, count(DISTINCT x)"),
            (V{"'Ann' | 3", "'Bob' | 2", "'Cid' | 1"}));
  EXPECT_EQ(Bag("MATCH (p:Person) OPTIONAL MATCH (p)-->(x) RETURN p.name, count(x)"),
            (V{"'Ann' | 3", "'Bob' | 2", "'Cid' | 1", "'Dee' | 0"}));
}

TEST_F(QueryRunnerTest, ACountedExpansionChecksTheLabelsOfTheFewNodesItReaches) {
  // 20 Items, of which an Owner reaches 2 (and 1 Other): fewer than a
  // quarter of the label, so the records are checked, not the label index.
  auto w = std::move(WriterSession::Open(store_, "items")).value();
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(w->UpsertNode({"Item"}, Id("item" + std::to_string(i)), ValueMap{}).ok());
  }
  ASSERT_TRUE(w->UpsertNode({"Other"}, Id("other"), ValueMap{}).ok());
  ASSERT_TRUE(w->UpsertNode({"Owner"}, Id("owner"), ValueMap{{"name", Value::String("Eve")}}).ok());
  for (const char* to : {"item3", "item7", "other"}) {
    ASSERT_TRUE(w->UpsertEdge("HAS", Id("owner"), Id(to), ValueMap{}).ok());
  }
  ASSERT_TRUE(w->CommitBatch().ok());
  auto reader = std::move(GraphReader::Open(store_, *NamespaceLayout::Make("", "items"),
                                            std::make_shared<BlockCache>()))
                    .value();
  auto run = [&](std::string_view q) {
    auto r = RunQuery(*reader, q, {});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::string out;
    for (const auto& row : r->rows) {
      for (const auto& v : row) out += v.ToString() + " ";
    }
    return out;
  };
  // Grouped by an expression, not a property read as a column: a counting
  // Expand (NeighborCounts, for `o.name`, checks every label by its index).
  const std::string q = "MATCH (o:Owner)-[:HAS]->(x:Item) RETURN toUpper(o.name), count(x)";
  EXPECT_NE(run("EXPLAIN " + q).find("(count)"), std::string::npos);
  EXPECT_EQ(run(q), "'EVE' 2 ");
  EXPECT_EQ(run("MATCH (o:Owner)-[:HAS]->(x) RETURN toUpper(o.name), count(x)"), "'EVE' 3 ");
  EXPECT_EQ(run("MATCH (o:Owner)-[:HAS]->(x:Item) RETURN o.name, count(x)"), "'Eve' 2 ");
}

TEST_F(QueryRunnerTest, OrderByWithLimitKeepsTheFirstRowsInOrder) {
  // Ties keep their input order, as a full sort does.
  const std::string q =
      "UNWIND [3, 1, 2, 1, 3, 2] AS x WITH x, rand() AS r "
      "RETURN x ORDER BY x DESC ";
  EXPECT_EQ(Ordered(q + "LIMIT 3"), (V{"3", "3", "2"}));
  EXPECT_EQ(Ordered(q + "SKIP 2 LIMIT 3"), (V{"2", "2", "1"}));
  EXPECT_EQ(Ordered(q + "SKIP $s LIMIT $l", ValueMap{{"s", Value::Int(5)}, {"l", Value::Int(9)}}),
            (V{"1"}));
  EXPECT_EQ(Ordered("UNWIND range(1, 6) AS x RETURN x % 2 AS p, x ORDER BY p LIMIT 4"),
            (V{"0 | 2", "0 | 4", "0 | 6", "1 | 1"}));
  EXPECT_NE(Ordered("EXPLAIN " + q + "LIMIT 3")[1].find("Sort (top SKIP + LIMIT)"),
            std::string::npos);
  EXPECT_EQ(Error(q + "LIMIT $l", ValueMap{{"l", Value::Int(-1)}}).detail,
            "NegativeIntegerArgument");
}

TEST_F(QueryRunnerTest, ColumnsNoSortReadsAreComputedForTheRowsKeptOnly) {
  const std::string q = "UNWIND [3, 1, 0, 2] AS x RETURN x AS k, 12 / x AS v ORDER BY k DESC ";
  std::vector<std::string> plan = Ordered("EXPLAIN " + q + "LIMIT 2");
  ASSERT_GE(plan.size(), 4u);
  EXPECT_NE(plan[1].find("Project"), std::string::npos);  // v, above the sort
  EXPECT_NE(plan[2].find("Sort (top"), std::string::npos);
  EXPECT_NE(plan[3].find("Project"), std::string::npos);  // k, below it
  // 12 / 0 is never computed: its row is not among the two kept.
  EXPECT_EQ(Ordered(q + "LIMIT 2"), (V{"3 | 4", "2 | 6"}));
  EXPECT_EQ(Ordered(q + "SKIP 1 LIMIT 2"), (V{"2 | 6", "1 | 12"}));
  EXPECT_EQ(Error(q + "LIMIT 4").detail, "DivisionByZero");
  // A key that repeats an item's text reads the item, which is computed first.
  EXPECT_EQ(Ordered("UNWIND [3, 1, 2] AS x RETURN x * 2 AS d, x ORDER BY x * 2 LIMIT 2"),
            (V{"2 | 1", "4 | 2"}));
  EXPECT_EQ(Ordered("UNWIND [3, 1, 2] AS x WITH x, x * 2 AS d ORDER BY x DESC LIMIT 2 "
                    "WHERE d > 4 RETURN x, d"),
            (V{"3 | 6"}));
}

TEST_F(QueryRunnerTest, APatternWrittenInPiecesStartsFromItsRarestPiece) {
  // The second piece holds the one City: the plan starts there (the
  // deepest operator prints last) and grows along `b`.
  std::string q =
      "MATCH (a:Person)-[:KNOWS]->(b), (b)-[:LIVES_IN]->(c:City) RETURN a.name, b.name, c.name";
  std::string p = Plan(q);
  EXPECT_LT(p.find("NodeScan :City"), p.size()) << p;
  EXPECT_EQ(p.find("NodeScan :Person"), std::string::npos) << p;
  EXPECT_EQ(Ordered(std::string(q) + " ORDER BY a.name"),
            (V{"'Ann' | 'Bob' | 'Rome'", "'Cid' | 'Ann' | 'Rome'"}));
  // Separate patterns keep their written order; the later one is built
  // once for a cartesian product (printed after the earlier), not scanned
  // again per row.
  std::string separate = Plan("MATCH (a:Person), (c:City) RETURN count(*)");
  EXPECT_NE(separate.find("CartesianProduct"), std::string::npos) << separate;
  EXPECT_LT(separate.find("NodeScan :Person"), separate.find("NodeScan :City")) << separate;
  EXPECT_EQ(Ordered("MATCH (a:Person), (c:City) RETURN count(*)"), (V{"4"}));
  // Each side's own conditions are applied before the product, the rest after.
  std::string filtered = Plan(
      "MATCH (a:Person), (c:City) WHERE c.name = 'Rome' AND a.age > 30 AND a.name < c.name "
      "RETURN a.name");
  size_t product = filtered.find("CartesianProduct");
  EXPECT_LT(filtered.rfind("Filter", product), product) << filtered;  // a.name < c.name, above
  EXPECT_GT(filtered.find("Filter", product), product) << filtered;   // below, on each side
  EXPECT_EQ(Bag("MATCH (a:Person), (c:City) WHERE c.name = 'Rome' AND a.age > 30 "
                "AND a.name < c.name RETURN a.name"),
            (V{"'Ann'", "'Cid'"}));
  EXPECT_EQ(Bag("MATCH (a:Person), (c:City {name: 'Paris'}) RETURN a.name"), (V{}));
  EXPECT_EQ(Ordered("MATCH (c:City), (a:Person), (b:Person) RETURN count(*)"), (V{"16"}));
  // Relationship uniqueness still holds across the pieces.
  EXPECT_EQ(Ordered("MATCH (a)-[r:KNOWS]->(b), (b)<-[s:KNOWS]-(a) RETURN count(*)"), (V{"0"}));
}

TEST_F(QueryRunnerTest, APatternStartsFromItsRarestLabel) {
  // 4 Person nodes, 1 City: the scan is of :City, the Person side expanded.
  std::string plan = Plan("MATCH (p:Person)-[:LIVES_IN]->(c:City) RETURN p.name");
  EXPECT_NE(plan.find("NodeScan :City"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("NodeScan :Person"), std::string::npos) << plan;
  EXPECT_EQ(Bag("MATCH (p:Person)-[:LIVES_IN]->(c:City) RETURN p.name"), (V{"'Ann'", "'Bob'"}));
}

TEST_F(QueryRunnerTest, DisconnectedPartsLinkedByAnEqualityAreHashJoined) {
  const char* q = "MATCH (a:Person), (b:Person) WHERE a.age = b.age - 6 RETURN a.name, b.name";
  std::string plan = Plan(q);
  EXPECT_NE(plan.find("HashJoin"), std::string::npos) << plan;
  // Ann 31 and Bob 25: the same answer as the product would give.
  EXPECT_EQ(Bag(q), (V{"'Bob' | 'Ann'"}));
  EXPECT_EQ(
      Bag("MATCH (a:Person), (b:Person) WHERE a.age + 0 = b.age - 6 + 0 AND a <> b RETURN a.name"),
      (V{"'Bob'"}));
  // Null keys join nothing (Dee has no age); uniqueness still holds across parts.
  EXPECT_EQ(Bag("MATCH (a:Person), (b:Person) WHERE a.age = b.age RETURN a.name"),
            (V{"'Ann'", "'Bob'", "'Cid'"}));
  // Each person KNOWS one other: the same start means the same relationship.
  EXPECT_EQ(
      Bag("MATCH (a)-[r:KNOWS]->(b), (c)-[s:KNOWS]->(d) WHERE a.name = c.name RETURN count(*)"),
      (V{"0"}));
  // Per row of an earlier clause, too.
  EXPECT_EQ(Bag("UNWIND [25, 40, 99] AS age MATCH (p:Person) WHERE p.age = age RETURN p.name"),
            (V{"'Bob'", "'Cid'"}));
  // A part whose property map reads the rows so far is expanded on top of them.
  EXPECT_EQ(Bag("MATCH (a:Person), (b:Person {age: a.age}) WHERE a.name = b.name RETURN b.name"),
            (V{"'Ann'", "'Bob'", "'Cid'"}));
  EXPECT_EQ(Bag("MATCH (a:Person), (b:Person)-[:KNOWS {since: a.age + 1987}]->(c) "
                "WHERE a.name = c.name RETURN a.name"),
            (V{"'Ann'"}));
}

TEST_F(QueryRunnerTest, AHashJoinBuildsOnTheSideWithFewerNodes) {
  // 1 City, 4 Persons: whichever is written first, the City is hashed (the
  // join's second child) and the Persons probe it.
  auto build_side = [&](const std::string& q) {
    std::vector<std::string> plan = Ordered("EXPLAIN " + q);
    size_t join = 0;
    while (join < plan.size() && plan[join].find("HashJoin") == std::string::npos) ++join;
    EXPECT_LT(join, plan.size()) << q;
    // The build side is the last scan below the join.
    std::string last;
    for (size_t i = join + 1; i < plan.size(); ++i) {
      if (plan[i].find("NodeScan") != std::string::npos) last = plan[i];
    }
    return last;
  };
  const std::string city_first =
      "MATCH (c:City), (p:Person) WHERE size(c.name) - 1 = size(p.name) RETURN c.name, p.name";
  const std::string person_first =
      "MATCH (p:Person), (c:City) WHERE size(c.name) - 1 = size(p.name) RETURN c.name, p.name";
  EXPECT_NE(build_side(city_first).find(":City"), std::string::npos) << build_side(city_first);
  EXPECT_NE(build_side(person_first).find(":City"), std::string::npos);
  const V all = {"'Rome' | 'Ann'", "'Rome' | 'Bob'", "'Rome' | 'Cid'", "'Rome' | 'Dee'"};
  EXPECT_EQ(Bag(city_first), all);
  EXPECT_EQ(Bag(person_first), all);
  // Conditions on either side still hold.
  EXPECT_EQ(Bag("MATCH (c:City), (p:Person) WHERE size(c.name) - 1 = size(p.name) AND p.age > 30 "
                "AND c.name STARTS WITH 'R' RETURN p.name"),
            (V{"'Ann'", "'Cid'"}));
  // After an earlier clause the rows so far are of unknown number: as written.
  EXPECT_EQ(Bag("UNWIND [1] AS x MATCH (c:City), (p:Person) WHERE size(c.name) - x = size(p.name) "
                "RETURN count(*)"),
            (V{"4"}));
}

}  // namespace
}  // namespace namidb::query
