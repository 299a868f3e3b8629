// Rule liveness (src/query/optimizer/): each operator of a clause's plan
// clears in the rows it hands out the slots nothing after it reads, so
// that the operators after it (an Expand, UNWIND) copy less.
#include <gtest/gtest.h>

#include "optimizer_test_support.h"
#include "query/parser/parser.h"
#include "query/planner/planner.h"
#include "query/query_runner.h"
#include "store/memory_store.h"

namespace namidb::query {
namespace {

using testing::PlanBuilder;
using testing::Shape;

// Optimizes `plan` as the planner does a clause whose later clauses read
// `live_after` (null: not known).
void Optimize(PlanBuilder& b, LogicalPtr* plan, const std::vector<int>* live_after,
              std::set<std::string, std::less<>> disabled = {}) {
  OptimizerContext ctx{[&b] { return b.next_slot++; }, &b.owned, nullptr};
  ctx.live_after = live_after;
  OptimizerOptions options;
  options.disabled = std::move(disabled);
  namidb::query::Optimize(plan, ctx, options);
}

const LogicalOperator* Find(const LogicalOperator& root, LogicalKind kind) {
  for (const LogicalOperator* op = &root; op; op = op->input.get()) {
    if (op->kind == kind) return op;
  }
  return nullptr;
}

LogicalPtr Expand(LogicalPtr input, int from, int rel, int to) {
  LogicalPtr op = LogicalOver(LogicalKind::kExpand, std::move(input));
  op->expand.from_slot = from;
  op->expand.rel_slot = rel;
  op->expand.to_slot = to;
  return op;
}

// UNWIND s0 AS s1 MATCH (s1)-[s2]->(s3) RETURN s1.id AS s4, s3.id AS s5:
// the shape of LDBC IC9 after its WITH collect(...).
LogicalPtr UnwindThenExpand(PlanBuilder& b, const Expr* middle_filter = nullptr) {
  LogicalPtr plan = LogicalOver(LogicalKind::kUnwind, b.Pipeline());
  plan->clause->list = b.Slot(0);
  plan->clause->element_slot = 1;
  plan = Expand(std::move(plan), 1, 2, 3);
  plan = LogicalOver(LogicalKind::kNodeCheck, std::move(plan));
  plan->node_slot = 3;
  if (middle_filter) {
    plan = LogicalOver(LogicalKind::kFilter, std::move(plan));
    plan->predicate = middle_filter;
  }
  plan = LogicalOver(LogicalKind::kProject, std::move(plan));
  plan->items.push_back({b.Property(1, "id"), 4});
  plan->items.push_back({b.Property(3, "id"), 5});
  return plan;
}

TEST(OptimizerLivenessTest, EachSlotIsClearedAfterItsLastRead) {
  PlanBuilder b;
  LogicalPtr plan = UnwindThenExpand(b);
  std::vector<int> live = {4, 5};
  Optimize(b, &plan, &live);
  // The list is not copied into the rows of its elements, nor the anonymous
  // relationship past its Expand; the nodes go once projected.
  EXPECT_EQ(Find(*plan, LogicalKind::kUnwind)->dead_after, std::vector<int>({0}));
  EXPECT_EQ(Find(*plan, LogicalKind::kExpand)->dead_after, std::vector<int>({2}));
  EXPECT_TRUE(Find(*plan, LogicalKind::kNodeCheck)->dead_after.empty());
  EXPECT_EQ(plan->dead_after, std::vector<int>({1, 3}));
  // Nothing else changes.
  EXPECT_EQ(Shape(*plan),
            "Project 4,5\n  NodeCheck 3\n    Expand 1->3\n      Unwind into 1\n"
            "        Pipeline\n");
}

TEST(OptimizerLivenessTest, DisabledClearsNothing) {
  PlanBuilder b;
  LogicalPtr plan = UnwindThenExpand(b);
  std::vector<int> live = {4, 5};
  Optimize(b, &plan, &live, {"liveness"});
  for (const LogicalOperator* op = plan.get(); op; op = op->input.get()) {
    EXPECT_TRUE(op->dead_after.empty()) << Shape(*op);
  }
}

TEST(OptimizerLivenessTest, WhatLaterClausesReadIsKept) {
  PlanBuilder b;
  LogicalPtr plan = UnwindThenExpand(b);
  std::vector<int> live = {0, 1, 2, 3, 4, 5};
  Optimize(b, &plan, &live);
  for (const LogicalOperator* op = plan.get(); op; op = op->input.get()) {
    EXPECT_TRUE(op->dead_after.empty()) << Shape(*op);
  }
}

TEST(OptimizerLivenessTest, UnknownLaterReadsClearNothing) {
  // A sub-pipeline or a subquery's clause: what reads its rows is not known.
  PlanBuilder b;
  LogicalPtr plan = UnwindThenExpand(b);
  Optimize(b, &plan, nullptr);
  for (const LogicalOperator* op = plan.get(); op; op = op->input.get()) {
    EXPECT_TRUE(op->dead_after.empty()) << Shape(*op);
  }
}

TEST(OptimizerLivenessTest, APatternStopsTheWalk) {
  // A pattern predicate's reads are not in its children: below it nothing
  // is cleared; above it the operators still are.
  PlanBuilder b;
  LogicalPtr plan = UnwindThenExpand(b, b.PatternPredicate());
  std::vector<int> live = {4, 5};
  Optimize(b, &plan, &live);
  EXPECT_EQ(plan->dead_after, std::vector<int>({1, 3}));
  EXPECT_TRUE(Find(*plan, LogicalKind::kFilter)->dead_after.empty());
  EXPECT_TRUE(Find(*plan, LogicalKind::kExpand)->dead_after.empty());
  EXPECT_TRUE(Find(*plan, LogicalKind::kUnwind)->dead_after.empty());
}

TEST(OptimizerLivenessTest, SortKeysAndAggregatesAreReads) {
  // MATCH (s0)-[s1]->(s2) WITH s0, count(*) AS s4 ... ORDER BY s2.x is not
  // possible after grouping; here: RETURN s0 AS s3, count(*) AS s4 sorted
  // by s4, and below the Aggregate only its key is read.
  PlanBuilder b;
  LogicalPtr plan = Expand(b.Pipeline(), 0, 1, 2);
  plan = LogicalOver(LogicalKind::kAggregate, std::move(plan));
  plan->items.push_back({b.Slot(0), 3});
  plan->aggregates.push_back({&AggregateById(AggregateId::kCountStar), false, nullptr, nullptr, 4});
  plan = LogicalOver(LogicalKind::kSort, std::move(plan));
  plan->sort_keys.push_back({b.Slot(4), true, true});
  std::vector<int> live = {3, 4};
  Optimize(b, &plan, &live);
  EXPECT_TRUE(plan->dead_after.empty());
  EXPECT_EQ(Find(*plan, LogicalKind::kAggregate)->dead_after, std::vector<int>({0}));
  // The relationship and the node reached: nothing reads them.
  EXPECT_EQ(Find(*plan, LogicalKind::kExpand)->dead_after, std::vector<int>({1, 2}));
}

TEST(OptimizerLivenessTest, RetainKeepsOnlyWhatIsReadAfter) {
  // WITH s0 AS s2, s1 AS s3 where only s3 is read after.
  PlanBuilder b;
  LogicalPtr plan = LogicalOver(LogicalKind::kProject, b.Pipeline());
  plan->items.push_back({b.Slot(0), 2});
  plan->items.push_back({b.Slot(1), 3});
  plan = LogicalOver(LogicalKind::kRetain, std::move(plan));
  plan->slots = {2, 3};
  std::vector<int> live = {3};
  Optimize(b, &plan, &live);
  EXPECT_EQ(plan->dead_after, std::vector<int>({2}));
  EXPECT_EQ(Find(*plan, LogicalKind::kProject)->dead_after, std::vector<int>({0, 1, 2}));
}

// The rule in whole queries: the same answers with it and without, for
// queries that read a variable late, and the operators of IC9's shape clear
// the list UNWIND reads.
class LivenessQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_ = std::move(WriterSession::Open(store_, "d")).value();
    auto r = RunWrite(*writer_,
                      "CREATE (a:P {name: 'a'}), (b:P {name: 'b'}), (c:P {name: 'c'}), "
                      "(d:P {name: 'd'}), (a)-[:K]->(b), (a)-[:K]->(c), (b)-[:K]->(c), "
                      "(c)-[:K]->(d), (:M {n: 1})-[:C]->(b), (:M {n: 2})-[:C]->(c), "
                      "(:M {n: 3})-[:C]->(c), (:M {n: 4})-[:C]->(d)",
                      {});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    reader_ = std::move(GraphReader::Open(store_, *NamespaceLayout::Make("", "d"),
                                          std::make_shared<BlockCache>()))
                  .value();
  }

  std::string Run(const std::string& text, std::set<std::string, std::less<>> off) {
    return testing::RunWithout(*reader_, text, std::move(off));
  }

  // The slots each operator of `text`'s plan clears, by its description,
  // top first.
  std::vector<std::pair<std::string, std::vector<int>>> Cleared(
      const std::string& text, std::set<std::string, std::less<>> off) {
    auto query = Parse(text);
    EXPECT_TRUE(query.ok());
    OptimizerOptions options;
    options.disabled = std::move(off);
    auto plan = PlanQuery(*query, nullptr, reader_->schema(), &reader_->stats(), nullptr, options);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    std::vector<std::pair<std::string, std::vector<int>>> out;
    if (!plan.ok()) return out;
    std::vector<const Operator*> todo = {plan->parts[0].root.get()};
    while (!todo.empty()) {
      const Operator* op = todo.back();
      todo.pop_back();
      out.emplace_back(op->Describe(), op->dead_after());
      for (const auto& c : op->children()) todo.push_back(c.get());
    }
    return out;
  }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
  std::unique_ptr<WriterSession> writer_;
  std::unique_ptr<GraphReader> reader_;
};

constexpr const char* kIc9Shape =
    "MATCH (r:P {name: 'a'})-[:K*1..2]-(f:P) WHERE f <> r "
    "WITH collect(DISTINCT f) AS fs UNWIND fs AS f "
    "MATCH (f)<-[:C]-(m:M) "
    "RETURN f.name AS name, m.n AS n ORDER BY n DESC LIMIT 3";

TEST_F(LivenessQueryTest, UnwindDropsTheListNothingReadsAgain) {
  auto with_rule = Cleared(kIc9Shape, {});
  auto without = Cleared(kIc9Shape, {"liveness"});
  auto unwind = [](const std::vector<std::pair<std::string, std::vector<int>>>& ops) {
    for (const auto& [name, dead] : ops) {
      if (name == "Unwind") return dead;
    }
    return std::vector<int>{-1};
  };
  // The list `fs` (one slot) goes as soon as UNWIND has read it.
  EXPECT_EQ(unwind(with_rule).size(), 1u);
  EXPECT_TRUE(unwind(without).empty());
  EXPECT_EQ(Run(kIc9Shape, {}), "'d' 4 \n'c' 3 \n'c' 2 \n");
  EXPECT_EQ(Run(kIc9Shape, {}), Run(kIc9Shape, {"liveness"}));
}

TEST_F(LivenessQueryTest, AListUsedAgainAfterUnwindIsKept) {
  const std::string text =
      "MATCH (p:P) WITH collect(p.name) AS ns UNWIND ns AS n RETURN n, size(ns) ORDER BY n";
  auto ops = Cleared(text, {});
  for (const auto& [name, dead] : ops) {
    if (name == "Unwind") {
      EXPECT_TRUE(dead.empty());
    }
  }
  EXPECT_EQ(Run(text, {}), "'a' 4 \n'b' 4 \n'c' 4 \n'd' 4 \n");
}

// The slots each operator clears, top first, without the operators' names.
std::vector<std::vector<int>> DeadOnly(
    const std::vector<std::pair<std::string, std::vector<int>>>& ops) {
  std::vector<std::vector<int>> out;
  for (const auto& op : ops) out.push_back(op.second);
  return out;
}

TEST_F(LivenessQueryTest, AShadowedNameIsNoRead) {
  // The last clause's text says `b` (a property key, an alias) but reads
  // no `b`: the MATCH's `b` is gone after the WITH, so the first MATCH
  // clears it as it does the anonymous relationship.
  const std::string text =
      "MATCH (a:P)-[:K]->(b) WITH a, count(*) AS x MATCH (c:M) "
      "RETURN c.b AS b, x, a.name AS an ORDER BY an, x, c.n";
  const std::string renamed =
      "MATCH (a:P)-[:K]->(b) WITH a, count(*) AS x MATCH (c:M) "
      "RETURN c.q AS q, x, a.name AS an ORDER BY an, x, c.n";
  // The same plan, and the same slots cleared, as when no word `b` follows.
  EXPECT_EQ(DeadOnly(Cleared(text, {})), DeadOnly(Cleared(renamed, {})));
  EXPECT_EQ(Run(text, {}), Run(text, {"liveness"}));
}

TEST_F(LivenessQueryTest, StringsAndPropertyKeysAreNoReads) {
  // `'b'` and `.b` after the MATCH name no variable: `b` goes once the
  // Expand has bound it, as when they are not there.
  const std::string text =
      "MATCH (a:P)-[:K]->(b) UNWIND [1, 2] AS i RETURN a.b AS x, 'b' AS s, i, a.name AS n "
      "ORDER BY n, i";
  const std::string without =
      "MATCH (a:P)-[:K]->(b) UNWIND [1, 2] AS i RETURN a.q AS x, 'q' AS s, i, a.name AS n "
      "ORDER BY n, i";
  EXPECT_EQ(DeadOnly(Cleared(text, {})), DeadOnly(Cleared(without, {})));
  EXPECT_EQ(Run(text, {}), Run(text, {"liveness"}));
}

TEST_F(LivenessQueryTest, AComprehensionVariableIsNoRead) {
  // The later `b`s are the comprehension's own.
  const std::string text =
      "MATCH (a:P)-[:K]->(b) WITH a UNWIND [1] AS i "
      "RETURN [b IN [1, 2] | b * i] AS l, a.name AS n ORDER BY n";
  const std::string without =
      "MATCH (a:P)-[:K]->(b) WITH a UNWIND [1] AS i "
      "RETURN [z IN [1, 2] | z * i] AS l, a.name AS n ORDER BY n";
  EXPECT_EQ(DeadOnly(Cleared(text, {})), DeadOnly(Cleared(without, {})));
  EXPECT_EQ(Run(text, {}), Run(text, {"liveness"}));
}

TEST_F(LivenessQueryTest, SameAnswersWithAndWithoutTheRule) {
  for (const char* text : {
           // ORDER BY a variable the projection drops.
           "MATCH (a:P)-[:K]->(b) RETURN b.name AS n ORDER BY a.name DESC, n",
           // Aggregates, then a variable of before the aggregate.
           "MATCH (a:P)-[:K]->(b) WITH a, count(b) AS c MATCH (a)-[:K]->(x) "
           "RETURN a.name, c, x.name ORDER BY a.name, x.name",
           "MATCH (a:P)-[:K]->(b) RETURN count(*) AS rows, count(DISTINCT a) AS sources",
           // WITH chains, renaming and shadowing.
           "MATCH (a:P)-[:K]->(b) WITH a, b WITH b, a.name AS an WITH b, an "
           "RETURN an, b.name ORDER BY an, b.name",
           "MATCH (a:P)-[:K]->(b) WITH b AS a RETURN a.name ORDER BY a.name",
           "MATCH (a:P)-[:K]->(b) WITH a, b WHERE b.name <> 'c' RETURN a.name ORDER BY a.name",
           // OPTIONAL MATCH of a variable bound before, read after.
           "MATCH (a:P) OPTIONAL MATCH (a)<-[:C]-(m) RETURN a.name, m.n ORDER BY a.name, m.n",
           "MATCH (a:P)-[:K]->(b) OPTIONAL MATCH (b)-[:K]->(c) "
           "RETURN a.name, c.name ORDER BY a.name, c.name",
           // Subqueries, EXISTS, pattern comprehensions and predicates.
           "MATCH (a:P) CALL { WITH a MATCH (a)-[:K]->(b) RETURN count(b) AS k } "
           "RETURN a.name, k ORDER BY a.name",
           "MATCH (a:P)-[:K]->(b) WHERE EXISTS { MATCH (b)<-[:C]-(:M) } "
           "RETURN a.name, b.name ORDER BY a.name, b.name",
           "MATCH (a:P)-[:K]->(b) WITH a, b RETURN a.name, [(b)<-[:C]-(m) | m.n] AS ms "
           "ORDER BY a.name, size(ms)",
           "MATCH (a:P)-[:K]->(b) WITH a, b WHERE (b)<-[:C]-() RETURN a.name, b.name "
           "ORDER BY a.name, b.name",
           // UNWIND of a list used again later, and of one that is not.
           "WITH [1, 2, 3] AS l UNWIND l AS x RETURN x, size(l) ORDER BY x",
           "WITH [1, 2, 3] AS l UNWIND l AS x WITH x, l UNWIND l AS y "
           "RETURN x, y ORDER BY x, y",
           kIc9Shape,
           // WITH * / RETURN *, named paths.
           "MATCH (a:P)-[:K]->(b) WITH * RETURN a.name, b.name ORDER BY a.name, b.name",
           "MATCH (a:P)-[:K]->(b) WITH a, b MATCH (b)-[:K]->(c) RETURN * "
           "ORDER BY a.name, b.name, c.name",
           "MATCH p = (a:P)-[:K]->(b) WITH p, b MATCH (b)-[:K]->(c) "
           "RETURN length(p), c.name ORDER BY c.name",
           // UNION: each part's columns.
           "MATCH (a:P)-[:K]->(b) RETURN a.name AS n UNION MATCH (a:P)<-[:K]-(b) "
           "RETURN b.name AS n",
       }) {
    std::string on = Run(text, {});
    EXPECT_FALSE(on.empty()) << text;
    EXPECT_EQ(on, Run(text, {"liveness"})) << text;
  }
}

}  // namespace
}  // namespace namidb::query
