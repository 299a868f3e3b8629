// The property types a type constraint names, and which values are of them.
#include "core/property_type.h"

#include <gtest/gtest.h>

#include "core/temporal.h"

namespace namidb {
namespace {

TEST(PropertyType, NamesAreTheScalarTypesAndListsOfOneNotNull) {
  for (const char* name : {"BOOLEAN", "STRING", "INTEGER", "FLOAT", "DATE", "LOCAL TIME",
                           "ZONED TIME", "LOCAL DATETIME", "ZONED DATETIME", "DURATION",
                           "LIST<INTEGER NOT NULL>", "LIST<ZONED DATETIME NOT NULL>"}) {
    EXPECT_TRUE(IsPropertyTypeName(name)) << name;
  }
  for (const char* name :
       {"", "integer", "MAP", "POINT", "ANY", "LIST<INTEGER>", "LIST<MAP NOT NULL>",
        "LIST<LIST<INTEGER NOT NULL> NOT NULL>", "LIST< NOT NULL>", "INTEGER | STRING"}) {
    EXPECT_FALSE(IsPropertyTypeName(name)) << name;
  }
}

TEST(PropertyType, ValuesAreOfTheTypeOfTheirKindAndListsOfEachElements) {
  EXPECT_TRUE(ValueHasPropertyType(Value::Int(1), "INTEGER"));
  EXPECT_FALSE(ValueHasPropertyType(Value::Int(1), "FLOAT"));  // no conversion
  EXPECT_FALSE(ValueHasPropertyType(Value::Float(1), "INTEGER"));
  EXPECT_TRUE(ValueHasPropertyType(Value::Bool(false), "BOOLEAN"));
  EXPECT_TRUE(ValueHasPropertyType(Value::Date(DateValue{0}), "DATE"));
  EXPECT_FALSE(ValueHasPropertyType(Value::Date(DateValue{0}), "LOCAL DATETIME"));
  auto list = [](ValueList v) { return Value::List(std::move(v)); };
  EXPECT_TRUE(ValueHasPropertyType(list({}), "LIST<STRING NOT NULL>"));
  EXPECT_TRUE(ValueHasPropertyType(list({Value::String("a"), Value::String("b")}),
                                   "LIST<STRING NOT NULL>"));
  EXPECT_FALSE(
      ValueHasPropertyType(list({Value::String("a"), Value::Int(1)}), "LIST<STRING NOT NULL>"));
  EXPECT_FALSE(ValueHasPropertyType(list({Value::String("a"), Value()}), "LIST<STRING NOT NULL>"));
  EXPECT_FALSE(ValueHasPropertyType(Value::String("a"), "LIST<STRING NOT NULL>"));
  EXPECT_FALSE(ValueHasPropertyType(list({Value::String("a")}), "STRING"));
  EXPECT_TRUE(ValueHasPropertyTypes(Value::String("a"), {"INTEGER", "STRING"}));
  EXPECT_FALSE(ValueHasPropertyTypes(Value::Float(0.5), {"INTEGER", "STRING"}));
  EXPECT_EQ(PropertyTypesText({"INTEGER", "LIST<STRING NOT NULL>"}),
            "INTEGER | LIST<STRING NOT NULL>");
}

}  // namespace
}  // namespace namidb
