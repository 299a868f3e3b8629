// ORDER BY with LIMIT holds only the rows it keeps (execution/operators/
// sort.cc): the same rows, in the same order, ties in input order, as the
// first rows of a whole sort; and a statement memory limit the whole sort
// passes is kept by the top-k.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "query/query_runner.h"
#include "storage/writer_session.h"
#include "store/memory_store.h"
#include "support/result_lines.h"

namespace namidb::query {
namespace {

using testing::ResultLines;

class TopKSortTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_ = std::move(WriterSession::Open(std::make_shared<MemoryStore>(), "g")).value();
  }

  std::vector<std::string> Lines(std::string_view text, const ValueMap& params = {},
                                 const QueryLimits& limits = {}) {
    auto r = RunQuery(writer_->view(), text, params, limits);
    EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    return r.ok() ? ResultLines(r->rows) : std::vector<std::string>{};
  }

  static std::vector<std::string> Slice(const std::vector<std::string>& all, size_t skip,
                                        size_t limit) {
    if (skip >= all.size()) return {};
    auto first = all.begin() + static_cast<std::ptrdiff_t>(skip);
    return {first, first + static_cast<std::ptrdiff_t>(std::min(limit, all.size() - skip))};
  }

  std::unique_ptr<WriterSession> writer_;
};

TEST_F(TopKSortTest, KeepsTheFirstRowsOfAWholeSortTiesInInputOrder) {
  // Seven keys over 3,000 rows: most rows tie, and input order decides.
  const std::string rows = "UNWIND range(1, 3000) AS i WITH i, (i * 7919) % 7 AS k ";
  for (std::string order : {"k", "k DESC", "k, i DESC", "k DESC, i"}) {
    SCOPED_TRACE(order);
    std::vector<std::string> whole = Lines(rows + "RETURN k, i ORDER BY " + order);
    ASSERT_EQ(whole.size(), 3000u);
    for (auto [skip, limit] : std::vector<std::pair<size_t, size_t>>{
             {0, 1}, {0, 10}, {5, 10}, {0, 429}, {2990, 50}, {3000, 5}, {0, 5000}}) {
      SCOPED_TRACE("SKIP " + std::to_string(skip) + " LIMIT " + std::to_string(limit));
      EXPECT_EQ(Lines(rows + "RETURN k, i ORDER BY " + order + " SKIP " + std::to_string(skip) +
                      " LIMIT " + std::to_string(limit)),
                Slice(whole, skip, limit));
    }
    EXPECT_EQ(Lines(rows + "RETURN k, i ORDER BY " + order + " LIMIT 0"),
              std::vector<std::string>{});
    EXPECT_EQ(Lines(rows + "RETURN k, i ORDER BY " + order + " SKIP $s LIMIT $n",
                    ValueMap{{"s", Value::Int(7)}, {"n", Value::Int(12)}}),
              Slice(whole, 7, 12));
  }
}

TEST_F(TopKSortTest, AKeyThatFailsOnALaterRowFailsTheStatement) {
  // The row that fails comes after the kept ones are settled: it still fails.
  auto r = RunQuery(writer_->view(),
                    "UNWIND range(1, 100) AS i RETURN i ORDER BY CASE WHEN i < 100 THEN i "
                    "ELSE 1 / (i - 100) END LIMIT 3",
                    {});
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.status().Is(StatusCode::kInvalidArgument)) << r.status().ToString();
}

// 3,000 rows of forty strings each are megabytes; three of them are not.
TEST_F(TopKSortTest, HoldsOnlyTheRowsItKeeps) {
  QueryLimits limits;
  limits.max_memory_bytes = 1 << 20;
  const std::string rows =
      "UNWIND range(1, 3000) AS i "
      "WITH i, [x IN range(1, 40) | 'some padding ' + toString(i * x)] AS pad "
      "RETURN i, size(pad) AS n ORDER BY pad[3] DESC, i ";
  EXPECT_EQ(Lines(rows + "LIMIT 3", {}, limits),
            (std::vector<std::string>{"2499 | 40", "2498 | 40", "2497 | 40"}));
  auto whole = RunQuery(writer_->view(), rows, {}, limits);
  EXPECT_TRUE(whole.status().Is(StatusCode::kResourceExhausted)) << whole.status().ToString();
}

}  // namespace
}  // namespace namidb::query
