// Reading an element the same statement deleted: its properties, labels and
// keys are gone (EntityNotFound: DeletedEntityAccess), in RETURN, WITH, a
// function or a predicate alike; what was read before the DELETE, its
// identity and a relationship's type stay readable; a null stays null.
// Writing to it (SET, REMOVE, a relationship from or to it) is the same
// error, as in Neo4j, and the statement changes nothing.
#include <gtest/gtest.h>

#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

class DeletedEntity : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(s.Run("CREATE (:A {num: 1})-[:T {num: 2}]->(:B {num: 3})"), "");
  }
  Statements s;
};

TEST_F(DeletedEntity, PropertiesAndLabelsOfADeletedNodeAreAnError) {
  const char* kDeleted = "EntityNotFound.DeletedEntityAccess@runtime";
  EXPECT_EQ(s.Run("MATCH (n:A) DETACH DELETE n RETURN n.num"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (n:A) DETACH DELETE n RETURN labels(n)"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (n:A) DETACH DELETE n RETURN keys(n)"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (n:A) DETACH DELETE n RETURN properties(n)"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (n:A) DETACH DELETE n RETURN n['num']"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (n:A) DETACH DELETE n RETURN n:A"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (n:A) DETACH DELETE n WITH n RETURN n.num"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (n:A) DETACH DELETE n WITH n WHERE n.num = 1 RETURN 1"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (n:A) DETACH DELETE n RETURN count(n.num)"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (n) RETURN count(*) AS n"), "n|2") << "a failed statement deletes nothing";
}

TEST_F(DeletedEntity, RelationshipsDeletedDirectlyOrAlongWithANode) {
  const char* kDeleted = "EntityNotFound.DeletedEntityAccess@runtime";
  EXPECT_EQ(s.Run("MATCH ()-[r]->() DELETE r RETURN r.num"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (a:A)-[r]->() DETACH DELETE a RETURN r.num"), kDeleted);
  EXPECT_EQ(s.Run("MATCH ()-[r]->() DELETE r RETURN type(r) AS t"), "t|'T'");
}

TEST_F(DeletedEntity, WhatWasReadBeforeAndIdentityStay) {
  // An element that was not deleted is untouched.
  EXPECT_EQ(s.Run("MATCH (a:A)-[r]->() DELETE r RETURN a.num AS v"), "v|1");
  EXPECT_EQ(
      s.Run("MATCH (n:B) WITH n, n.num AS v DETACH DELETE n RETURN v, id(n) IS NOT NULL AS known"),
      "v,known|3,true");
  EXPECT_EQ(s.Run("OPTIONAL MATCH (n:Missing) DELETE n RETURN n.num AS v, labels(n) AS l"),
            "v,l|null,null");
}

TEST_F(DeletedEntity, WritingToADeletedElementIsAnError) {
  const char* kDeleted = "EntityNotFound.DeletedEntityAccess@runtime";
  EXPECT_EQ(s.Run("MATCH (n:A) DETACH DELETE n SET n.num = 5"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (n:A) DETACH DELETE n SET n = {num: 5}"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (n:A) DETACH DELETE n SET n += {x: 5}"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (n:A) DETACH DELETE n SET n:C"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (n:A) DETACH DELETE n REMOVE n.num"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (n:A) DETACH DELETE n REMOVE n:A"), kDeleted);
  EXPECT_EQ(s.Run("MATCH ()-[r]->() DELETE r SET r.num = 5"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (a:A)-[r]->() DETACH DELETE a SET r.num = 5"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (a:A), (b:B) DETACH DELETE a CREATE (a)-[:S]->(b)"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (a:A), (b:B) DETACH DELETE b CREATE (a)-[:S]->(b)"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (a:A) DETACH DELETE a MERGE (a)-[:S]->(:C)"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (a:A) DETACH DELETE a FOREACH (x IN [1] | SET a.num = x)"), kDeleted);
  EXPECT_EQ(s.Run("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(n) AS n, count(r) AS r, "
                  "sum(n.num) AS s, collect(DISTINCT labels(n)) AS l"),
            "n,r,s,l|2,1,4,[['A'], ['B']]")
      << "a failed statement changes nothing";
  // Writing to elements the statement did not delete still works.
  EXPECT_EQ(s.Run("MATCH (a:A)-[r]->(b) DELETE r SET a.num = 10, b.num = 30 "
                  "RETURN a.num + b.num AS v"),
            "v|40");
}

}  // namespace
}  // namespace namidb::query
