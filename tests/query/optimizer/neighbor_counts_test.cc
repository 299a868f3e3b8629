// Rule neighbor_counts (src/query/optimizer/): an Aggregate of counts of a
// whole label's relationships, grouped by properties of the label's nodes,
// reads the label's columns and the storage layer's counts
// (NeighborCounts) instead of a row per node; anything else keeps the scan
// and the Expand. In whole queries the answers are those of the plan
// without the rule, over data files, the WAL and tombstones alike.
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

Operator* const kExpand = reinterpret_cast<Operator*>(uintptr_t{0x10});
constexpr int kSource = 0;   // a, every node of :P
constexpr int kReached = 1;  // m

AggregateItem Count(const Expr* argument) {
  AggregateItem a;
  a.function = &AggregateById(AggregateId::kCount);
  a.argument = argument;
  a.slot = 11;
  return a;
}

CountableExpansion WholeLabel() {
  CountableExpansion c{kExpand, kReached};
  c.whole_label.present = true;
  c.whole_label.source_slot = kSource;
  c.whole_label.label = "P";
  c.whole_label.columns = {"id", "name"};
  c.whole_label.type = "K";
  c.whole_label.direction = RelDirection::kLeft;
  c.whole_label.to_labels = {"M"};
  return c;
}

// MATCH (a:P)<-[:K]-(m:M) RETURN <keys>, count(m).
LogicalPtr Grouped(PlanBuilder& b, std::vector<const Expr*> keys,
                   CountableExpansion countable = WholeLabel()) {
  LogicalPtr plan = LogicalOver(LogicalKind::kAggregate, b.Pipeline(countable));
  int slot = 20;
  for (const Expr* key : keys) plan->items.push_back({key, slot++});
  plan->aggregates = {Count(b.Slot(kReached))};
  return LogicalOver(LogicalKind::kProject, std::move(plan));
}

TEST(OptimizerNeighborCountsTest, WithKeysOfTheSourcesColumnsItGroupsInPlaceOfTheAggregate) {
  PlanBuilder b;
  LogicalPtr plan = Grouped(
      b, {b.Property(kSource, "name"), b.Property(kSource, "id"), b.Property(kSource, "id")});
  b.Optimize(&plan);
  // The Aggregate is gone: NeighborCounts groups by the columns (id into
  // 101, name into 102, ascending) and writes the keys and the sums into
  // the Aggregate's own slots.
  EXPECT_EQ(Shape(*plan),
            "Project \n  NeighborCounts :P <- :K :M grouped into 20,21,22 (sums into 11)\n");
  const NeighborCountsSpec& spec = plan->input->neighbor_counts;
  EXPECT_TRUE(spec.grouped);
  EXPECT_EQ(spec.columns, std::vector<std::string>({"id", "name"}));
  EXPECT_EQ(spec.column_slots, std::vector<int>({101, 102}));
  EXPECT_EQ(spec.key_slots, std::vector<int>({20, 21, 22}));
  EXPECT_EQ(spec.key_columns, std::vector<size_t>({1, 0, 0}));
  EXPECT_EQ(spec.sum_slots, std::vector<int>({11}));
  EXPECT_EQ(plan->input->input, nullptr);  // the scan and the Expand are not run
}

TEST(OptimizerNeighborCountsTest, NoKeysCountEverySource) {
  PlanBuilder b;
  LogicalPtr plan = Grouped(b, {});
  b.Optimize(&plan);
  EXPECT_EQ(Shape(*plan),
            "Project \n  Aggregate sum(100)\n    NeighborCounts :P <- :K :M (counts into 100)\n");
}

TEST(OptimizerNeighborCountsTest, WhatNeedsTheRowsKeepsThem) {
  auto kept = [](LogicalPtr& plan) { return plan->input->input->kind == LogicalKind::kPipeline; };
  {
    PlanBuilder b;  // grouped by the node itself
    LogicalPtr plan = Grouped(b, {b.Slot(kSource)});
    b.Optimize(&plan);
    EXPECT_TRUE(kept(plan));
  }
  {
    PlanBuilder b;  // a property not read as a column
    LogicalPtr plan = Grouped(b, {b.Property(kSource, "age")});
    b.Optimize(&plan);
    EXPECT_TRUE(kept(plan));
  }
  {
    PlanBuilder b;  // an expression of a column
    LogicalPtr plan = Grouped(b, {b.Call("toString", kSource)});
    b.Optimize(&plan);
    EXPECT_TRUE(kept(plan));
  }
  {
    PlanBuilder b;  // not counting (count_expansions off): the rows are the input
    LogicalPtr plan = Grouped(b, {b.Property(kSource, "id")});
    b.Optimize(&plan, {"count_expansions"});
    EXPECT_TRUE(kept(plan));
  }
  {
    PlanBuilder b;  // an Expand that does not start from a whole label
    LogicalPtr plan = Grouped(b, {b.Property(kSource, "id")}, {kExpand, kReached});
    b.Optimize(&plan);
    EXPECT_TRUE(kept(plan));
    EXPECT_EQ(plan->input->input->count_slot, 100);  // still counted per row
  }
  {
    PlanBuilder b;  // the rule off
    LogicalPtr plan = Grouped(b, {b.Property(kSource, "id")});
    b.Optimize(&plan, {"neighbor_counts"});
    EXPECT_TRUE(kept(plan));
  }
}

// Whole queries, with the rule and without, on a graph whose persons are
// in a data file and in the WAL after it, some changed or deleted since.
class NeighborCountsQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_ = std::move(WriterSession::Open(store_, "d")).value();
    Write(
        "UNWIND range(1, 40) AS i CREATE (p:P {id: i, name: 'p' + toString(i % 7)}) "
        "WITH p, i WHERE i % 5 <> 0 "
        "UNWIND range(1, i % 9) AS j CREATE (p)<-[:K]-(:M:Post {n: j})");
    Write("MATCH (a:P {id: 3}), (b:P {id: 4}) CREATE (a)-[:K]->(b), (a)-[:K]->(a)");
    Write("MATCH (a:P {id: 6}) CREATE (a)<-[:K]-(:Other), (a)<-[:L]-(:M)");
    Write("CREATE (:P {id: 41})");  // a node without a name, and no relationship
    ASSERT_TRUE(writer_->Flush().ok());
    // After the flush, in the WAL: new nodes and relationships, a node
    // deleted, relationships deleted, a label taken and a property changed.
    Write(
        "UNWIND range(50, 53) AS i CREATE (p:P {id: i, name: 'late'}) "
        "CREATE (p)<-[:K]-(:M {n: i}), (p)<-[:K]-(:M {n: i})");
    Write("MATCH (p:P {id: 7}) DETACH DELETE p");
    Write("MATCH (:P {id: 8})<-[r:K]-() WITH r LIMIT 2 DELETE r");
    Write("MATCH (m:M)-[:K]->(:P {id: 11}) WITH m LIMIT 1 REMOVE m:M");
    Write("MATCH (p:P {id: 12}) SET p.name = 'renamed'");
    Write("MATCH (p:P {id: 13}) REMOVE p:P");
    Open();
  }

  void Write(const std::string& text) {
    auto r = RunWrite(*writer_, text, {});
    ASSERT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  }
  void Open() {
    reader_ = std::move(GraphReader::Open(store_, *NamespaceLayout::Make("", "d"),
                                          std::make_shared<BlockCache>()))
                  .value();
  }
  std::string Run(const std::string& text, std::set<std::string, std::less<>> off = {}) {
    return testing::RunWithout(*reader_, text, std::move(off));
  }
  bool UsesNeighborCounts(const std::string& text) {
    return Run("EXPLAIN " + text).find("NeighborCounts") != std::string::npos;
  }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
  std::unique_ptr<WriterSession> writer_;
  std::unique_ptr<GraphReader> reader_;
};

TEST_F(NeighborCountsQueryTest, TheSameAnswersAsRowByRow) {
  const std::vector<std::string> queries = {
      // Grouped by a property: the nodes with relationships only.
      "MATCH (p:P)<-[:K]-(m:M) RETURN p.id AS id, count(m) AS c ORDER BY c DESC, id",
      // Several nodes share a name: their counts add up; a null name is a group.
      "MATCH (p:P)<-[:K]-(m:M) RETURN p.name AS name, count(*) AS c ORDER BY name",
      "MATCH (p:P)<-[:K]-(m) RETURN p.name AS name, p.id AS id, count(m) AS c ORDER BY id",
      // A key twice, and two counts: each into its own slot.
      "MATCH (p:P)<-[:K]-(m:M) RETURN p.name AS a, p.name AS b, count(*) AS c, count(m) AS d "
      "ORDER BY a",
      // Two labels on the far end, any label, any type, the other way, both ways.
      "MATCH (p:P)<-[:K]-(m:M:Post) RETURN p.id AS id, count(m) AS c ORDER BY id",
      "MATCH (p:P)<-[]-(m) RETURN p.id AS id, count(m) AS c ORDER BY id",
      "MATCH (p:P)-[:K]->(m) RETURN p.id AS id, count(m) AS c ORDER BY id",
      "MATCH (p:P)-[:K]-(m) RETURN p.id AS id, count(m) AS c ORDER BY id",
      "MATCH (p:P)-[:K]-(m:P) RETURN p.id AS id, count(*) AS c ORDER BY id",
      // No key: one row, also when nothing matches.
      "MATCH (p:P)<-[:K]-(m:M) RETURN count(m) AS c",
      "MATCH (p:P)<-[:Nothing]-(m) RETURN count(m) AS c",
      // A top-k over the groups, and the aggregate in WITH.
      "MATCH (p:P)<-[:K]-(m:M) RETURN p.id AS id, count(m) AS c ORDER BY c DESC, id LIMIT 3",
      "MATCH (p:P)<-[:K]-(m:M) WITH p.name AS name, count(m) AS c WHERE c > 4 "
      "RETURN name, c ORDER BY name",
  };
  for (const std::string& q : queries) {
    SCOPED_TRACE(q);
    EXPECT_TRUE(UsesNeighborCounts(q));
    EXPECT_EQ(Run(q), Run(q, {"neighbor_counts"}));
    // And without counting at all: a row per relationship.
    EXPECT_EQ(Run(q), Run(q, {"neighbor_counts", "count_expansions"}));
    EXPECT_FALSE(Run(q).empty());
  }
  // A label no node carries: no group.
  const std::string nobody = "MATCH (p:Nobody)<-[:K]-(m) RETURN p.id AS id, count(m) AS c";
  EXPECT_TRUE(UsesNeighborCounts(nobody));
  EXPECT_EQ(Run(nobody), "");
  // The figures themselves: the four late persons have two relationships
  // each, p40 and p41 none, p39 has 39 % 9 = 3; p8 had 8 and lost two; one
  // of p11's two is no longer an :M.
  EXPECT_EQ(
      Run("MATCH (p:P)<-[:K]-(m:M) RETURN p.id AS id, count(m) AS c ORDER BY id DESC LIMIT 5"),
      "53 2 \n52 2 \n51 2 \n50 2 \n39 3 \n");
  EXPECT_EQ(Run("MATCH (p:P {id: 8})<-[:K]-(m:M) RETURN count(m) AS c"), "6 \n");
  EXPECT_EQ(Run("MATCH (p:P)<-[:K]-(m:M) WITH p.id AS id, count(m) AS c WHERE id = 8 "
                "RETURN c"),
            "6 \n");
  EXPECT_EQ(Run("MATCH (p:P)<-[:K]-(m:M) WITH p.id AS id, count(m) AS c WHERE id IN [7, 11, 13] "
                "RETURN id, c"),
            "11 1 \n");
}

TEST_F(NeighborCountsQueryTest, WhatReadsMoreOfTheNodesKeepsTheRows) {
  for (const char* q : {
           "MATCH (p:P)<-[:K]-(m:M) RETURN p, count(m) AS c",
           "MATCH (p:P)<-[:K]-(m:M) RETURN p.id + 1 AS id, count(m) AS c",
           "MATCH (p:P)<-[:K]-(m:M) RETURN p.id AS id, count(DISTINCT m) AS c",
           "MATCH (p:P)<-[:K]-(m:M) WHERE p.id > 3 RETURN p.id AS id, count(m) AS c",
           "MATCH (p:P)<-[:K]-(m:M {n: 1}) RETURN p.id AS id, count(m) AS c",
           "MATCH (p:P)<-[:K|L]-(m:M) RETURN p.id AS id, count(m) AS c",
           "MATCH (p:P {id: 3})<-[:K]-(m) RETURN p.id AS id, count(m) AS c",
       }) {
    SCOPED_TRACE(q);
    EXPECT_FALSE(UsesNeighborCounts(q));
  }
}

TEST_F(NeighborCountsQueryTest, EveryNodeOfTheFarEndsLabelNeedsNoCheck) {
  // Compacted into one run with no WAL: every node carries :All, which
  // the statistics show.
  Write("MATCH (n) SET n:All");
  ASSERT_TRUE(writer_->Flush().ok());
  Open();
  const std::string q =
      "MATCH (p:P)<-[:K]-(m:All) RETURN p.name AS name, count(m) AS c ORDER BY name";
  EXPECT_TRUE(UsesNeighborCounts(q));
  EXPECT_EQ(Run(q), Run(q, {"neighbor_counts", "count_expansions"}));
  EXPECT_EQ(Run(q),
            Run("MATCH (p:P)<-[:K]-(m) RETURN p.name AS name, count(m) AS c ORDER BY name"));
}

}  // namespace
}  // namespace namidb::query
