// SHOW FUNCTIONS and SHOW PROCEDURES (Neo4j 5), and the procedures they
// call, dbms.functions() and dbms.procedures(): what a statement can call.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/version.h"
#include "query/functions/function_descriptions.h"
#include "query/functions/function_registry.h"
#include "support/statements.h"

namespace namidb::query {
namespace {

using testing::Statements;

TEST(RoutineCatalog, ShowFunctionsListsEachFunctionAsCypherWritesIt) {
  Statements s;
  EXPECT_EQ(s.Run("SHOW FUNCTIONS WHERE name = 'toUpper'"),
            "name,category,description|'toUpper','String','The string in upper case.'");
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
  EXPECT_EQ(
      s.Run("SHOW PROCEDURES YIELD name RETURN collect(name) AS names"),
      "names|['db.constraints', 'db.indexes', 'db.labels', 'db.propertyKeys', "
      "'db.relationshipTypes', 'db.schema.nodeTypeProperties', 'db.schema.relTypeProperties', "
      "'db.schema.visualization', 'dbms.components', 'dbms.functions', 'dbms.procedures']");
  EXPECT_EQ(s.Run("SHOW PROCEDURES WHERE name = 'db.labels'"),
            "name,description,mode,worksOnSystem|'db.labels','The labels some node carries.',"
            "'READ',false");
  EXPECT_EQ(s.Run("SHOW USER DEFINED PROCEDURES"), "SyntaxError.UnexpectedSyntax@compile");
  EXPECT_EQ(s.Run("SHOW FANCY THINGS"), "SyntaxError.UnexpectedSyntax@compile");
}

// Every function either registry holds says what it does: a function added
// without a description fails here, and so does a description of no
// function (a name misspelt, or a function gone).
TEST(RoutineCatalog, EveryFunctionHasADescriptionAndEveryDescriptionAFunction) {
  std::vector<std::string_view> described = DescribedFunctions();
  EXPECT_TRUE(std::is_sorted(described.begin(), described.end()));
  EXPECT_EQ(std::adjacent_find(described.begin(), described.end()), described.end());
  std::set<std::string, std::less<>> listed;
  for (const ScalarFunction* f : AllScalarFunctions()) {
    if (f->name.find(' ') != std::string::npos) continue;  // the parser's own (IS NORMALIZED)
    listed.insert(f->name);
  }
  for (const AggregateFunction* f : AllAggregateFunctions()) {
    if (f->id != AggregateId::kCountStar) listed.insert(f->name);
  }
  for (const std::string& name : listed) {
    EXPECT_FALSE(FunctionDescription(name).empty()) << name << " has no description";
  }
  for (std::string_view name : described) {
    EXPECT_TRUE(listed.contains(name)) << name << " is described but no function";
  }
  Statements s;
  EXPECT_EQ(s.Run("SHOW FUNCTIONS YIELD name, description, signature "
                  "WHERE description = signature RETURN count(*) AS undescribed"),
            "undescribed|0");
}

TEST(RoutineCatalog, BuiltInProceduresSayWhatTheyDo) {
  Statements s;
  EXPECT_EQ(s.Run("SHOW PROCEDURES YIELD name, description, signature "
                  "WHERE description = signature OR description = '' RETURN count(*) AS n"),
            "n|0");
  EXPECT_EQ(s.Run("CALL dbms.procedures() YIELD name, description "
                  "WHERE name = 'db.indexes' RETURN description"),
            "description|'The indexes of the schema: name, type, labels and properties.'");
}

TEST(RoutineCatalog, ComponentsNameTheEngineAndItsRelease) {
  // The release is package.json's.
  std::ifstream package(std::string(NAMIDB_SOURCE_DIR) + "/package.json");
  ASSERT_TRUE(package.good());
  const std::string version = nlohmann::json::parse(package)["version"];
  EXPECT_EQ(version, kVersion);
  Statements s;
  EXPECT_EQ(s.Run("CALL dbms.components()"),
            "name,versions,edition|'namidb-wasm',['" + version + "'],'embedded'");
  EXPECT_EQ(s.Run("CALL dbms.components() YIELD versions RETURN versions[0] AS v"),
            "v|'" + version + "'");
}

}  // namespace
}  // namespace namidb::query
