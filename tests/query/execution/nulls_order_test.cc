// ORDER BY ... NULLS FIRST / NULLS LAST (GQL): where nulls go whatever the
// direction; without it, where Cypher's order puts them (after every
// value: last ascending, first descending). The values keep their order.
#include <gtest/gtest.h>

#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

TEST(NullsOrder, NullsGoWhereTheSortItemSays) {
  Statements s;
  const std::string rows = "UNWIND [2, null, 1, 3, null] AS x RETURN x ";
  EXPECT_EQ(s.Run(rows + "ORDER BY x"), "x|1|2|3|null|null");
  EXPECT_EQ(s.Run(rows + "ORDER BY x DESC"), "x|null|null|3|2|1");
  EXPECT_EQ(s.Run(rows + "ORDER BY x NULLS FIRST"), "x|null|null|1|2|3");
  EXPECT_EQ(s.Run(rows + "ORDER BY x ASC NULLS LAST"), "x|1|2|3|null|null");
  EXPECT_EQ(s.Run(rows + "ORDER BY x DESC NULLS LAST"), "x|3|2|1|null|null");
  EXPECT_EQ(s.Run(rows + "ORDER BY x DESCENDING NULLS FIRST"), "x|null|null|3|2|1");
  // With LIMIT (a top-k sort) and per key.
  EXPECT_EQ(s.Run(rows + "ORDER BY x NULLS FIRST LIMIT 3"), "x|null|null|1");
  EXPECT_EQ(s.Run("UNWIND [[1, null], [1, 2], [null, 5], [0, 1]] AS p "
                  "RETURN p[0] AS a, p[1] AS b ORDER BY a DESC NULLS LAST, b NULLS FIRST"),
            "a,b|1,null|1,2|0,1|null,5");
  // In WITH, and as a clause of its own.
  EXPECT_EQ(s.Run("UNWIND [2, null, 1] AS x WITH x ORDER BY x NULLS FIRST RETURN collect(x) AS l"),
            "l|[1, 2]");
  EXPECT_EQ(s.Run("UNWIND [2, null, 1] AS x ORDER BY x NULLS FIRST RETURN x"), "x|null|1|2");
  // `nulls` alone is still a name.
  EXPECT_EQ(s.Run("WITH 1 AS nulls RETURN nulls ORDER BY nulls"), "nulls|1");
}

}  // namespace
}  // namespace namidb::query
