// Rule join_order (src/query/optimizer/): a HashJoin or cartesian product
// builds the side that starts from fewer rows, by the planner's estimates;
// the sides swap with their keys and the slots the build keeps.
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

constexpr int kA = 0;  // a, bound by the rows so far
constexpr int kB = 1;  // b, bound by the pattern joined to them

LogicalPtr ScanOf(LogicalPtr input, int slot) {
  LogicalPtr op = LogicalOver(LogicalKind::kNodeScan, std::move(input));
  op->node_slot = slot;
  return op;
}

// MATCH (a), (b) [WHERE a.x = b.y], as the planner emits it: the rows so far
// probe, b's pattern is built; with the rows each side starts from.
LogicalPtr Join(PlanBuilder& b, uint64_t input_rows, uint64_t right_rows, bool keys = true) {
  LogicalPtr own = b.Pipeline();
  own->bare = true;
  LogicalPtr plan =
      LogicalOver(LogicalKind::kHashJoin, ScanOf(b.Pipeline(), kA), ScanOf(std::move(own), kB));
  plan->join.build_slots = {kB};
  plan->input_slots = {kA};
  if (keys) {
    plan->join.probe_key = b.Property(kA, "x");
    plan->join.build_key = b.Property(kB, "y");
  }
  plan->input_start_rows = input_rows;
  plan->right_start_rows = right_rows;
  return plan;
}

TEST(OptimizerJoinOrderTest, TheSideThatStartsFromFewerRowsIsBuilt) {
  PlanBuilder b;
  LogicalPtr plan = Join(b, 1, 100);
  const Expr* a_key = plan->join.probe_key;
  const Expr* b_key = plan->join.build_key;
  b.Optimize(&plan);
  EXPECT_EQ(Shape(*plan),
            "HashJoin\n"
            "  NodeScan 1\n"
            "    Pipeline\n"
            "  NodeScan 0\n"
            "    Pipeline\n");
  EXPECT_EQ(plan->join.build_slots, std::vector<int>{kA});
  EXPECT_EQ(plan->input_slots, std::vector<int>{kB});
  EXPECT_EQ(plan->join.probe_key, b_key);
  EXPECT_EQ(plan->join.build_key, a_key);
  EXPECT_EQ(plan->input_start_rows, 100u);
  EXPECT_EQ(plan->right_start_rows, 1u);
  EXPECT_TRUE(plan->input->input->bare);
  EXPECT_FALSE(plan->right->input->bare);
}

TEST(OptimizerJoinOrderTest, DisabledBuildsThePatternAsWritten) {
  PlanBuilder b;
  LogicalPtr plan = Join(b, 1, 100);
  b.Optimize(&plan, {"join_order"});
  EXPECT_EQ(Shape(*plan),
            "HashJoin\n"
            "  NodeScan 0\n"
            "    Pipeline\n"
            "  NodeScan 1\n"
            "    Pipeline\n");
  EXPECT_EQ(plan->join.build_slots, std::vector<int>{kB});
}

TEST(OptimizerJoinOrderTest, AsWrittenWhenNotFewerOrUnknown) {
  const std::pair<uint64_t, uint64_t> cases[] = {
      {100, 1}, {5, 5}, {UINT64_MAX, 3}, {UINT64_MAX, UINT64_MAX}};
  for (auto [input_rows, right_rows] : cases) {
    PlanBuilder b;
    LogicalPtr plan = Join(b, input_rows, right_rows);
    b.Optimize(&plan);
    EXPECT_EQ(plan->input->node_slot, kA) << input_rows << " " << right_rows;
    EXPECT_EQ(plan->join.build_slots, std::vector<int>{kB});
  }
  // A pattern of unknown start (no label) against a known number of nodes.
  PlanBuilder b;
  LogicalPtr plan = Join(b, 0, UINT64_MAX, /*keys=*/false);
  b.Optimize(&plan);
  EXPECT_EQ(Shape(*plan),
            "CartesianProduct\n"
            "  NodeScan 1\n"
            "    Pipeline\n"
            "  NodeScan 0\n"
            "    Pipeline\n");
  EXPECT_EQ(plan->join.probe_key, nullptr);
}

TEST(OptimizerJoinOrderTest, AJoinUnderOtherOperatorsAndInsideAnOptional) {
  PlanBuilder b;
  LogicalPtr plan = LogicalOver(LogicalKind::kFilter, Join(b, 2, 9));
  plan->predicate = b.Int(1);
  plan = LogicalOver(LogicalKind::kOptional, b.Pipeline(), std::move(plan));
  b.Optimize(&plan);
  const LogicalOperator& join = *plan->right->input;
  ASSERT_EQ(join.kind, LogicalKind::kHashJoin);
  EXPECT_EQ(join.input->node_slot, kB);
  EXPECT_EQ(join.right->node_slot, kA);
}

// The rule in whole queries: one City against five Persons, in either
// written order; the same rows with the rule and without, and the City's
// single node is what the join builds only with it when written first.
class JoinOrderQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_ = std::move(WriterSession::Open(store_, "j")).value();
    auto r = RunWrite(*writer_,
                      "CREATE (:City {name: 'Rome'}), (:Person {name: 'Ann'}), "
                      "(:Person {name: 'Bob'}), (:Person {name: 'Cid'}), "
                      "(:Person {name: 'Dee'}), (:Person {name: 'Eve'})",
                      {});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    reader_ = std::move(GraphReader::Open(store_, *NamespaceLayout::Make("", "j"),
                                          std::make_shared<BlockCache>()))
                  .value();
  }

  std::string Run(const std::string& text, std::set<std::string, std::less<>> off) {
    return testing::RunWithout(*reader_, text, std::move(off));
  }

  // The label of the last node scan of an EXPLAIN: a join's build side.
  static std::string Built(const std::string& plan) {
    size_t at = plan.rfind("NodeScan");
    return at == std::string::npos ? "" : plan.substr(at, plan.find('\n', at) - at);
  }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
  std::unique_ptr<WriterSession> writer_;
  std::unique_ptr<GraphReader> reader_;
};

TEST_F(JoinOrderQueryTest, SameAnswersWithAndWithoutTheRule) {
  const std::string product = "MATCH (c:City), (p:Person) RETURN c.name, p.name ORDER BY p.name";
  const std::string joined =
      "MATCH (c:City), (p:Person) WHERE size(c.name) - 1 = size(p.name) "
      "RETURN c.name, p.name ORDER BY p.name";
  for (const std::string& text : {product, joined}) {
    std::string on = Run("EXPLAIN " + text, {});
    std::string off = Run("EXPLAIN " + text, {"join_order"});
    EXPECT_NE(on, off) << text;
    EXPECT_NE(Built(on).find(":City"), std::string::npos) << on;
    EXPECT_NE(Built(off).find(":Person"), std::string::npos) << off;
    EXPECT_EQ(Run(text, {}), Run(text, {"join_order"})) << text;
  }
  EXPECT_EQ(Run(joined, {}),
            "'Rome' 'Ann' \n'Rome' 'Bob' \n'Rome' 'Cid' \n'Rome' 'Dee' \n'Rome' 'Eve' \n");
  // Written the other way, the City is built with the rule or without.
  const std::string city_last = "MATCH (p:Person), (c:City) RETURN c.name, p.name ORDER BY p.name";
  EXPECT_EQ(Run("EXPLAIN " + city_last, {}), Run("EXPLAIN " + city_last, {"join_order"}));
  EXPECT_EQ(Run(city_last, {}), Run(product, {}));
}

}  // namespace
}  // namespace namidb::query
