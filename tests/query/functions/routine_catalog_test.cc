// SHOW FUNCTIONS and SHOW PROCEDURES (Neo4j 5), and the procedures they
// call, dbms.functions() and dbms.procedures(): what a statement can call.
#include <gtest/gtest.h>

#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

TEST(RoutineCatalog, ShowFunctionsListsEachFunctionAsCypherWritesIt) {
  Statements s;
  EXPECT_EQ(s.Run("SHOW FUNCTIONS WHERE name = 'toUpper'"),
            "name,category,description|'toUpper','String','toUpper(STRING)'");
  EXPECT_EQ(s.Run("SHOW FUNCTIONS YIELD name, aggregating WHERE aggregating "
                  "RETURN collect(name) AS names"),
            "names|['avg', 'collect', 'count', 'max', 'min', 'percentileCont', 'percentileDisc', "
            "'stDev', 'stDevP', 'sum']");
  EXPECT_EQ(s.Run("SHOW BUILT IN FUNCTIONS YIELD name, signature "
                  "WHERE name STARTS WITH 'datetime.fromEpoch' RETURN name, signature"),
            "name,signature|'datetime.fromEpoch','datetime.fromEpoch(ANY, ANY)'|"
            "'datetime.fromEpochMillis','datetime.fromEpochMillis(ANY)'");
  EXPECT_EQ(s.Run("SHOW ALL FUNCTIONS EXECUTABLE BY CURRENT USER YIELD name, category "
                  "WHERE name IN ['substring', 'abs', 'date'] RETURN name, category"),
            "name,category|'abs','Numeric'|'date','Temporal'|'substring','String'");
  EXPECT_EQ(s.Run("SHOW USER DEFINED FUNCTIONS"), "name,category,description");
  EXPECT_EQ(s.Run("CALL dbms.functions() YIELD name WHERE name = 'count' RETURN name"),
            "name|'count'");
}

TEST(RoutineCatalog, ShowProceduresListsTheRegistry) {
  Statements s;
  EXPECT_EQ(s.Run("SHOW PROCEDURES YIELD name RETURN collect(name) AS names"),
            "names|['db.constraints', 'db.indexes', 'db.labels', 'db.propertyKeys', "
            "'db.relationshipTypes', 'dbms.functions', 'dbms.procedures']");
  EXPECT_EQ(s.Run("SHOW PROCEDURES WHERE name = 'db.labels'"),
            "name,description,mode,worksOnSystem|'db.labels','db.labels() :: (label :: "
            "STRING?)','READ',false");
  EXPECT_EQ(s.Run("SHOW USER DEFINED PROCEDURES"), "SyntaxError.UnexpectedSyntax@compile");
  EXPECT_EQ(s.Run("SHOW FANCY THINGS"), "SyntaxError.UnexpectedSyntax@compile");
}

}  // namespace
}  // namespace namidb::query
