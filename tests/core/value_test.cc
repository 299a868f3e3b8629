#include "core/value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace namidb {
namespace {

Uuid Id(int n) {
  Uuid id;
  id.bytes[15] = static_cast<uint8_t>(n);
  return id;
}

TEST(Value, KindsAndAccessors) {
  EXPECT_TRUE(Value().is_null());
  EXPECT_EQ(Value::Bool(true).kind(), ValueKind::kBool);
  EXPECT_EQ(Value::Int(-5).as_int(), -5);
  EXPECT_EQ(Value::Float(2.5).as_float(), 2.5);
  EXPECT_EQ(Value::String("é").as_string(), "é");
  EXPECT_EQ(Value::Bytes(std::string("\0\1", 2)).as_bytes().size(), 2u);
  EXPECT_EQ(Value::List({Value::Int(1), Value()}).as_list().size(), 2u);
  EXPECT_EQ(ValueKindName(Value::Int(1).kind()), "INTEGER");
  EXPECT_EQ(ValueKindName(ValueKind::kRelationship), "RELATIONSHIP");
}

TEST(Value, IntegersAndFloatsAreDistinct) {
  EXPECT_NE(Value::Int(1), Value::Float(1.0));
  EXPECT_EQ(Value::Int(1), Value::Int(1));
  EXPECT_NE(Value::String("a"), Value::Bytes("a"));
  double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(Value::Float(nan), Value::Float(nan));
}

TEST(Value, MapsKeepKeysSortedAndUnique) {
  ValueMap m;
  m.Set("b", Value::Int(2));
  m.Set("a", Value::Int(1));
  m.Set("b", Value::Int(3));
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m.begin()->first, "a");
  EXPECT_EQ(*m.Find("b"), Value::Int(3));
  EXPECT_EQ(m.Find("c"), nullptr);
  EXPECT_TRUE(m.Erase("a"));
  EXPECT_FALSE(m.Erase("a"));
  EXPECT_EQ((ValueMap{{"x", Value::Int(1)}, {"y", Value()}}),
            (ValueMap{{"y", Value()}, {"x", Value::Int(1)}}));
}

TEST(Value, PrintsCypherLiterals) {
  EXPECT_EQ(Value().ToString(), "null");
  EXPECT_EQ(Value::Bool(false).ToString(), "false");
  EXPECT_EQ(Value::Int(-42).ToString(), "-42");
  EXPECT_EQ(Value::Float(1).ToString(), "1.0");
  EXPECT_EQ(Value::Float(0.1).ToString(), "0.1");
  EXPECT_EQ(Value::Float(1e300).ToString(), "1.0E300");
  EXPECT_EQ(Value::Float(std::nan("")).ToString(), "NaN");
  EXPECT_EQ(Value::Float(-INFINITY).ToString(), "-Infinity");
  EXPECT_EQ(Value::String("it's \\ \n").ToString(), "'it\\'s \\\\ \\n'");
  EXPECT_EQ(Value::Bytes("\x01\xff").ToString(), "'\\x01\\xff'");
  EXPECT_EQ(Value::List({Value::Int(1), Value::String("a")}).ToString(), "[1, 'a']");
  EXPECT_EQ(Value::Map({{"b", Value::Int(1)}, {"a", Value()}}).ToString(), "{a: null, b: 1}");
}

TEST(Value, PrintsNodesRelationshipsAndPathsWithDirection) {
  NodeValue a{Id(1), {"A", "B"}, {{"p", Value::Int(1)}}};
  NodeValue b{Id(2), {"C"}, {}};
  RelationshipValue forward{Id(3), "T", Id(1), Id(2), {{"w", Value::Float(0.5)}}};
  RelationshipValue backward{Id(4), "U", Id(2), Id(1), {}};
  EXPECT_EQ(Value::Node(a).ToString(), "(:A:B {p: 1})");
  EXPECT_EQ(Value::Relationship(forward).ToString(), "[:T {w: 0.5}]");
  EXPECT_EQ(Value::Path(PathValue{{a, b}, {forward}}).ToString(),
            "<(:A:B {p: 1})-[:T {w: 0.5}]->(:C)>");
  EXPECT_EQ(Value::Path(PathValue{{a, b, a}, {forward, backward}}).ToString(),
            "<(:A:B {p: 1})-[:T {w: 0.5}]->(:C)-[:U]->(:A:B {p: 1})>");
  EXPECT_EQ(Value::Path(PathValue{{b, a}, {forward}}).ToString(),
            "<(:C)<-[:T {w: 0.5}]-(:A:B {p: 1})>");
  EXPECT_EQ(Value::Node(a), Value::Node(a));
  EXPECT_NE(Value::Node(a), Value::Node(b));
}

TEST(Value, MapKeysThatAreNotSimpleNamesPrintQuoted) {
  ValueMap m{
      {"", Value::Int(1)}, {"a b", Value::Int(2)}, {"x`y", Value::Int(3)}, {"ok_1", Value::Int(4)}};
  EXPECT_EQ(Value::Map(m).ToString(), "{``: 1, `a b`: 2, ok_1: 4, `x``y`: 3}");
}

}  // namespace
}  // namespace namidb
