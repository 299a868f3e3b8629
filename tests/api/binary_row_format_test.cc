// The binary row format: each value's bytes as docs/architecture.md lays
// them out.
#include "api/binary_row_format.h"

#include <gtest/gtest.h>

#include <cstring>

#include "core/hash.h"

namespace namidb::api {
namespace {

std::string Bytes(const Value& v, bool lossless = false) {
  std::string out;
  AppendValue(out, v, lossless);
  return out;
}

std::string U32(uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); }
std::string F64(double v) { return std::string(reinterpret_cast<const char*>(&v), 8); }
std::string I64(int64_t v) { return std::string(reinterpret_cast<const char*>(&v), 8); }
std::string Tag(ValueTag t) { return std::string(1, static_cast<char>(t)); }

TEST(BinaryRowFormat, ScalarsAsDocumented) {
  EXPECT_EQ(Bytes(Value()), Tag(ValueTag::kNull));
  EXPECT_EQ(Bytes(Value::Bool(true)), Tag(ValueTag::kTrue));
  EXPECT_EQ(Bytes(Value::Bool(false)), Tag(ValueTag::kFalse));
  EXPECT_EQ(Bytes(Value::Int(-7)), Tag(ValueTag::kSafeInt) + F64(-7));
  EXPECT_EQ(Bytes(Value::Int(-7), /*lossless=*/true), Tag(ValueTag::kBigInt) + I64(-7));
  // Past 2^53 - 1 a JavaScript number would round: a bigint.
  EXPECT_EQ(Bytes(Value::Int(int64_t{1} << 53)), Tag(ValueTag::kBigInt) + I64(int64_t{1} << 53));
  EXPECT_EQ(Bytes(Value::Int((int64_t{1} << 53) - 1)),
            Tag(ValueTag::kSafeInt) + F64(static_cast<double>((int64_t{1} << 53) - 1)));
  EXPECT_EQ(Bytes(Value::Float(-0.0)), Tag(ValueTag::kFloat) + F64(-0.0));
  EXPECT_EQ(Bytes(Value::String("hé")), Tag(ValueTag::kString) + U32(3) + "hé");
  EXPECT_EQ(Bytes(Value::Bytes(std::string("\0\1", 2))),
            Tag(ValueTag::kBytes) + U32(2) + std::string("\0\1", 2));
}

TEST(BinaryRowFormat, MapsInKeyOrderListsAndTemporals) {
  ValueMap map;
  map.Set("b", Value::Int(1));
  map.Set("a", Value());
  EXPECT_EQ(Bytes(Value::Map(map)), Tag(ValueTag::kMap) + U32(2) + U32(1) + "a" +
                                        Tag(ValueTag::kNull) + U32(1) + "b" +
                                        Tag(ValueTag::kSafeInt) + F64(1));
  EXPECT_EQ(Bytes(Value::List({Value::Bool(true), Value()})),
            Tag(ValueTag::kList) + U32(2) + Tag(ValueTag::kTrue) + Tag(ValueTag::kNull));
  auto date = ParseTemporalText(ValueKind::kDate, "2015-07-21");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(Bytes(*date), Tag(ValueTag::kDate) + U32(10) + "2015-07-21");
}

TEST(BinaryRowFormat, NodesAndRelationships) {
  NodeValue node{NameBasedUuid("n"), {"A", "B"}, {}};
  node.properties.Set("x", Value::Int(1));
  const std::string id = node.id.ToString();
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(Bytes(Value::Node(node)), Tag(ValueTag::kNode) + id + U32(2) + U32(1) + "A" + U32(1) +
                                          "B" + U32(1) + U32(1) + "x" + Tag(ValueTag::kSafeInt) +
                                          F64(1));
  RelationshipValue rel{NameBasedUuid("r"), "T", node.id, node.id, {}};
  EXPECT_EQ(Bytes(Value::Relationship(rel)),
            Tag(ValueTag::kRelationship) + rel.id.ToString() + U32(1) + "T" + id + id + U32(0));
}

}  // namespace
}  // namespace namidb::api
