// vector.similarity.euclidean and vector.similarity.cosine (Neo4j 5): a
// similarity in [0, 1] of two vectors of one dimension, scaled as Neo4j's
// vector indexes score (query/functions/vector_functions.h).
#include <gtest/gtest.h>

#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

TEST(VectorFunctions, SimilaritiesScaledToZeroToOne) {
  Statements s;
  // d² = 9 + 16 = 25: 1 / 26.
  EXPECT_EQ(s.Run("RETURN vector.similarity.euclidean([1, 2], [4, 6]) = 1.0 / 26 AS a, "
                  "vector.similarity.euclidean([0.5, 1], [0.5, 1]) AS b"),
            "a,b|true,1.0");
  // Same direction 1, opposite 0, at right angles 0.5, whatever the lengths.
  EXPECT_EQ(s.Run("RETURN vector.similarity.cosine([1, 2], [2, 4]) AS a, "
                  "vector.similarity.cosine([1, 0], [-3, 0]) AS b, "
                  "vector.similarity.cosine([1, 0], [0, 0.25]) AS c"),
            "a,b,c|1.0,0.0,0.5");
  EXPECT_EQ(s.Run("RETURN VECTOR.SIMILARITY.COSINE([3, 4], [4, 3]) AS a"), "a|0.98");
  // Norms whose product overflows or underflows a double.
  EXPECT_EQ(s.Run("RETURN vector.similarity.cosine([1e200, 0], [1e200, 0]) AS a, "
                  "vector.similarity.cosine([1e-200, 0], [0, 1e-200]) AS b"),
            "a,b|1.0,0.5");
}

TEST(VectorFunctions, NullAndBadVectors) {
  Statements s;
  EXPECT_EQ(s.Run("RETURN vector.similarity.cosine(null, [1]) AS a, "
                  "vector.similarity.euclidean([1], null) AS b, "
                  "vector.similarity.cosine([0, 0], [1, 1]) AS c"),
            "a,b,c|null,null,null");
  EXPECT_EQ(s.Run("RETURN vector.similarity.cosine([1, 2], [1, 2, 3])"),
            "ArgumentError.InvalidArgumentValue@runtime");
  EXPECT_EQ(s.Run("RETURN vector.similarity.euclidean([], [])"),
            "ArgumentError.InvalidArgumentValue@runtime");
  EXPECT_EQ(s.Run("RETURN vector.similarity.euclidean([1, null], [1, 2])"),
            "TypeError.InvalidArgumentType@runtime");
  EXPECT_EQ(s.Run("WITH ['a'] AS v RETURN vector.similarity.cosine(v, [1])"),
            "TypeError.InvalidArgumentType@runtime");
  EXPECT_EQ(s.Run("RETURN vector.similarity.cosine('a', [1])"),
            "SyntaxError.InvalidArgumentType@compile");
  EXPECT_EQ(s.Run("RETURN vector.similarity.cosine([1])"),
            "SyntaxError.InvalidNumberOfArguments@compile");
}

TEST(VectorFunctions, ShownAmongTheFunctions) {
  Statements s;
  EXPECT_EQ(s.Run("SHOW FUNCTIONS YIELD name, category WHERE name STARTS WITH 'vector.' "
                  "RETURN name, category ORDER BY name"),
            "name,category|'vector.similarity.cosine','Vector'|'vector.similarity.euclidean',"
            "'Vector'");
}

}  // namespace
}  // namespace namidb::query
