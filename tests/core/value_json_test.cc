#include "core/value_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "core/limits.h"
#include "core/value_codec.h"

namespace namidb {
namespace {

using nlohmann::json;

Uuid Id(int n) {
  Uuid id;
  id.bytes[0] = 0x01;
  id.bytes[15] = static_cast<uint8_t>(n);
  return id;
}

TEST(ValueJson, ScalarsAreNaturalJson) {
  EXPECT_EQ(ValueToJsonText(Value()), "null");
  EXPECT_EQ(ValueToJsonText(Value::Bool(true)), "true");
  EXPECT_EQ(ValueToJsonText(Value::Int(-3)), "-3");
  EXPECT_EQ(ValueToJsonText(Value::Float(1.0)), "1.0");
  EXPECT_EQ(ValueToJsonText(Value::String("a\"b")), "\"a\\\"b\"");
  EXPECT_EQ(ValueToJsonText(Value::List({Value::Int(1), Value::Float(2.5)})), "[1,2.5]");
  EXPECT_EQ(ValueToJsonText(Value::Map({{"k", Value::String("v")}})), "{\"k\":\"v\"}");
}

TEST(ValueJson, IntegersStayIntegersAndFloatsStayFloats) {
  EXPECT_EQ(*ValueFromJsonText("1"), Value::Int(1));
  EXPECT_EQ(*ValueFromJsonText("1.0"), Value::Float(1.0));
  EXPECT_EQ(*ValueFromJsonText("9223372036854775807"), Value::Int(INT64_MAX));
  EXPECT_EQ(*ValueFromJsonText("-9223372036854775808"), Value::Int(INT64_MIN));
  EXPECT_TRUE(ValueFromJsonText("9223372036854775808").status().Is(StatusCode::kInvalidArgument));
}

TEST(ValueJson, SpecialKindsAreTagged) {
  EXPECT_EQ(ValueToJsonText(Value::Float(std::nan(""))), "{\"$float\":\"NaN\"}");
  EXPECT_EQ(ValueToJsonText(Value::Bytes("foo")), "{\"$bytes\":\"Zm9v\"}");
  EXPECT_EQ(ValueToJsonText(Value::Map({{"$x", Value::Int(1)}})), "{\"$map\":{\"$x\":1}}");
  // Two '$' keys are unambiguous and stay a plain object.
  EXPECT_EQ(ValueToJsonText(Value::Map({{"$x", Value::Int(1)}, {"$y", Value::Int(2)}})),
            "{\"$x\":1,\"$y\":2}");
  auto inf = ValueFromJsonText("{\"$float\":\"-Infinity\"}");
  ASSERT_TRUE(inf.ok());
  EXPECT_TRUE(std::isinf(inf->as_float()) && inf->as_float() < 0);
}

Value RandomValue(std::mt19937_64& rng, int depth) {
  switch (rng() % (depth > 3 ? 6 : 11)) {
    case 0:
      return Value();
    case 1:
      return Value::Bool(rng() & 1);
    case 2:
      return Value::Int(static_cast<int64_t>(rng()));
    case 3: {
      double d;
      uint64_t bits = rng();
      std::memcpy(&d, &bits, sizeof d);
      if (std::isnan(d)) d = 0.25;  // NaN != NaN would fail equality, not the codec
      return Value::Float(d);
    }
    case 4: {
      std::string s;
      for (int i = rng() % 8; i > 0; --i) s += static_cast<char>('a' + rng() % 26);
      if (rng() % 4 == 0) s = "$" + s;
      return Value::String(s);
    }
    case 5: {
      std::string b;
      for (int i = rng() % 8; i > 0; --i) b += static_cast<char>(rng());
      return Value::Bytes(b);
    }
    case 6: {
      ValueList list;
      for (int i = rng() % 4; i > 0; --i) list.push_back(RandomValue(rng, depth + 1));
      return Value::List(std::move(list));
    }
    case 7: {
      ValueMap map;
      for (int i = rng() % 4; i > 0; --i) {
        map.Set((rng() % 3 == 0 ? "$" : "k") + std::to_string(rng() % 10),
                RandomValue(rng, depth + 1));
      }
      return Value::Map(std::move(map));
    }
    case 8:
      return Value::Node(NodeValue{Id(rng() % 200),
                                   {"L" + std::to_string(rng() % 3)},
                                   {{"p", RandomValue(rng, depth + 1)}}});
    case 9:
      return Value::Relationship(RelationshipValue{Id(1), "T", Id(2), Id(3), {}});
    default: {
      NodeValue a{Id(1), {"A"}, {}}, b{Id(2), {}, {{"x", Value::Int(1)}}};
      return Value::Path(PathValue{{a, b}, {RelationshipValue{Id(9), "R", Id(2), Id(1), {}}}});
    }
  }
}

TEST(ValueJson, RandomValuesRoundTripThroughText) {
  uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  for (int i = 0; i < 2000; ++i) {
    Value v = RandomValue(rng, 0);
    std::string text = ValueToJsonText(v);
    auto back = ValueFromJsonText(text);
    ASSERT_TRUE(back.ok()) << back.status().ToString() << " for " << text;
    ASSERT_EQ(*back, v) << text;
  }
}

TEST(ValueJson, MalformedInputIsInvalidArgumentWithItsPlace) {
  struct Case {
    const char* text;
    const char* where;
  } cases[] = {
      {"{", ""},
      {"[1, {\"$bytes\": \"!!\"}]", "$[1].$bytes"},
      {"{\"a\": {\"$what\": 1}}", "$.a"},
      {"{\"$float\": \"Nope\"}", "$.$float"},
      {"{\"$node\": {\"id\": \"not-a-uuid\"}}", "$.$node.id"},
      {"{\"$node\": {\"id\": \"01000000-0000-0000-0000-000000000001\", \"labels\": [1]}}",
       "$.$node.labels"},
      {"{\"$rel\": {\"id\": \"01000000-0000-0000-0000-000000000001\"}}", "$.$rel.type"},
      {"{\"$path\": {\"nodes\": [], \"relationships\": []}}", "$.$path"},
      {"{\"$map\": 3}", "$.$map"},
      {"{\"$node\": {\"id\": \"01000000-0000-0000-0000-000000000001\", \"properties\": []}}",
       "$.$node.properties"},
  };
  for (const auto& c : cases) {
    auto got = ValueFromJsonText(c.text);
    ASSERT_FALSE(got.ok()) << c.text;
    EXPECT_TRUE(got.status().Is(StatusCode::kInvalidArgument)) << c.text;
    EXPECT_NE(got.status().message().find(c.where), std::string::npos)
        << c.text << " -> " << got.status().message();
  }
}

// Nesting is bounded as for stored values (value_codec.h), so that deep
// input is an error with its place, never a stack overflow.
TEST(ValueJson, DeepNestingIsInvalidArgument) {
  auto nested = [](int depth) { return std::string(depth, '[') + "1" + std::string(depth, ']'); };
  EXPECT_TRUE(ValueFromJsonText(nested(kMaxValueDepth)).ok());
  auto deep = ValueFromJsonText(nested(kMaxValueDepth + 1));
  EXPECT_TRUE(deep.status().Is(StatusCode::kInvalidArgument));
  EXPECT_NE(deep.status().message().find("nested deeper than 64"), std::string::npos);
  EXPECT_TRUE(ValueFromJsonText(nested(200000)).status().Is(StatusCode::kInvalidArgument));
  std::string maps;
  for (int i = 0; i < 100000; ++i) maps += R"({"$map": {"a": )";
  maps += "1" + std::string(200000, '}');
  EXPECT_TRUE(ValueFromJsonText(maps).status().Is(StatusCode::kInvalidArgument));
}

TEST(ValueJson, InvalidUtf8IsReplacedNotThrown) {
  std::string text = ValueToJsonText(Value::String("bad \xff byte"));
  EXPECT_NE(text.find("\xef\xbf\xbd"), std::string::npos);
}

TEST(ValueJson, TemporalKindsTravelAsIsoText) {
  for (const char* text :
       {R"({"$date":"2015-07-21"})", R"({"$localtime":"21:40:32.142"})",
        R"({"$time":"21:40:32.142+01:00"})", R"({"$localdatetime":"2015-07-21T21:40"})",
        R"({"$datetime":"2015-07-21T21:40+02:00[Europe/Stockholm]"})",
        R"({"$duration":"P1Y2M3DT4H5M6.7S"})"}) {
    auto v = ValueFromJsonText(text);
    ASSERT_TRUE(v.ok()) << text << ": " << v.status().ToString();
    EXPECT_EQ(ValueToJsonText(*v), text);
  }
  auto bad = ValueFromJsonText(R"({"a":{"$time":"25:00"}})");
  EXPECT_TRUE(bad.status().Is(StatusCode::kInvalidArgument));
  EXPECT_NE(bad.status().message().find("$.a.$time"), std::string::npos) << bad.status().ToString();
  EXPECT_TRUE(ValueFromJsonText(R"({"$duration":5})").status().Is(StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace namidb
