// The binary staging batch (storage/staging_batch_codec.h): the layout of
// docs/format.md decodes into the elements it describes, and malformed
// input of every kind is InvalidArgument that names where it went wrong.
#include "storage/staging_batch_codec.h"

#include <gtest/gtest.h>

#include <cstring>

#include "core/coding.h"
#include "core/hash.h"
#include "core/limits.h"

namespace namidb {
namespace {

// Builds a batch by hand, byte by byte, as the layout says.
class Bytes {
 public:
  Bytes& Header(uint8_t kind, uint64_t count, uint8_t version = 1) {
    out_ += "NSB";
    out_.push_back(static_cast<char>(version));
    out_.push_back(static_cast<char>(kind));
    PutVarint64(&out_, count);
    return *this;
  }
  Bytes& Byte(uint8_t b) {
    out_.push_back(static_cast<char>(b));
    return *this;
  }
  Bytes& Varint(uint64_t v) {
    PutVarint64(&out_, v);
    return *this;
  }
  Bytes& Text(std::string_view s) {
    PutLengthPrefixed(&out_, s);
    return *this;
  }
  Bytes& Int(int64_t v) {
    Byte(3);
    PutVarint64(&out_, (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
    return *this;
  }
  Bytes& Float(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    Byte(4);
    PutFixed64(&out_, bits);
    return *this;
  }
  Bytes& String(std::string_view s) { return Byte(5).Text(s); }
  const std::string& str() const { return out_; }

 private:
  std::string out_;
};

Status Decoded(const std::string& bytes) { return DecodeStagingBatch(bytes).status(); }

TEST(StagingBatchCodec, DecodesNodesWithEveryKindOfValue) {
  Bytes b;
  b.Header(1, 2);
  // node 0: two labels, a derived id, every value tag
  b.Varint(2).Text("Person").Text("Admin").Text("person:1").Varint(9);
  b.Text("z").Byte(0);
  b.Text("t").Byte(2);
  b.Text("f").Byte(1);
  b.Text("i").Int(-5000000000);
  b.Text("x").Float(1.5);
  b.Text("s").String("Ann ☃");
  b.Text("b").Byte(6).Text(std::string("\0\1", 2));
  b.Text("l").Byte(7).Varint(2).Int(1).Byte(7).Varint(0);
  b.Text("m").Byte(8).Varint(1).Text("k").Byte(16).Text(R"({"$date":"2020-01-02"})");
  // node 1: a UUID id, no labels, no properties
  Uuid uuid = NameBasedUuid("x");
  b.Varint(0).Text(uuid.ToString()).Varint(0);
  auto batch = DecodeStagingBatch(b.str());
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  auto& nodes = std::get<std::vector<NodeUpsert>>(*batch);
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0].labels, (std::vector<std::string>{"Person", "Admin"}));
  EXPECT_EQ(nodes[0].id, NameBasedUuid("person:1"));
  const ValueMap& p = nodes[0].properties;
  EXPECT_EQ(p.size(), 9u);
  EXPECT_EQ(*p.Find("z"), Value::Null());
  EXPECT_EQ(*p.Find("t"), Value::Bool(true));
  EXPECT_EQ(*p.Find("f"), Value::Bool(false));
  EXPECT_EQ(*p.Find("i"), Value::Int(-5000000000));
  EXPECT_EQ(*p.Find("x"), Value::Float(1.5));
  EXPECT_EQ(*p.Find("s"), Value::String("Ann ☃"));
  EXPECT_EQ(*p.Find("b"), Value::Bytes(std::string("\0\1", 2)));
  EXPECT_EQ(*p.Find("l"), Value::List({Value::Int(1), Value::List({})}));
  const Value& m = *p.Find("m");
  ASSERT_EQ(m.kind(), ValueKind::kMap);
  EXPECT_EQ(m.as_map().Find("k")->kind(), ValueKind::kDate);
  EXPECT_EQ(nodes[1].id, uuid);
  EXPECT_TRUE(nodes[1].labels.empty());
  EXPECT_TRUE(nodes[1].properties.empty());
}

TEST(StagingBatchCodec, DecodesEdgesWithAndWithoutIds) {
  Bytes b;
  b.Header(2, 2);
  b.Text("KNOWS").Text("person:1").Text("person:2").Text("").Varint(1).Text("since").Int(2020);
  b.Text("LIKES").Text("person:2").Text("post:1").Text("like:1").Varint(0);
  auto batch = DecodeStagingBatch(b.str());
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  auto& edges = std::get<std::vector<EdgeUpsert>>(*batch);
  ASSERT_EQ(edges.size(), 2u);
  EXPECT_EQ(edges[0].type, "KNOWS");
  EXPECT_EQ(edges[0].src, NameBasedUuid("person:1"));
  EXPECT_EQ(edges[0].dst, NameBasedUuid("person:2"));
  EXPECT_FALSE(edges[0].id);
  EXPECT_EQ(*edges[0].properties.Find("since"), Value::Int(2020));
  EXPECT_EQ(edges[1].id, NameBasedUuid("like:1"));
}

TEST(StagingBatchCodec, AnEmptyBatchIsNoElements) {
  auto batch = DecodeStagingBatch(Bytes().Header(2, 0).str());
  ASSERT_TRUE(batch.ok());
  EXPECT_TRUE(std::get<std::vector<EdgeUpsert>>(*batch).empty());
}

void ExpectMalformed(const std::string& bytes, std::string_view says) {
  Status s = Decoded(bytes);
  EXPECT_TRUE(s.Is(StatusCode::kInvalidArgument)) << s.ToString();
  EXPECT_NE(s.message().find("malformed staging batch"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(says), std::string::npos) << s.message();
}

TEST(StagingBatchCodec, MalformedInputIsATypedErrorThatSaysWhere) {
  ExpectMalformed("", "bytes");
  ExpectMalformed("JSON[]", "no \"NSB\" at its start");
  ExpectMalformed(Bytes().Header(1, 0, /*version=*/2).str(), "version 2");
  ExpectMalformed(Bytes().Header(4, 0).str(), "unknown element kind 4");
  // A count the bytes cannot hold reserves nothing.
  ExpectMalformed(Bytes().Header(1, 1ull << 60).str(), "larger than the bytes left");
  ExpectMalformed(Bytes().Header(1, 0).Byte(0).str(), "bytes after the last element");

  Bytes good_node;
  good_node.Varint(1).Text("P").Text("n:1").Varint(0);
  // The second node is cut short: named by its index.
  std::string two = Bytes().Header(1, 2).str() + good_node.str() + good_node.str();
  ExpectMalformed(two.substr(0, two.size() - 2), "element 1:");
  ExpectMalformed(Bytes().Header(1, 1).Varint(0).Text("n").Varint(1).Text("k").Byte(9).str(),
                  "element 0: bytes: unknown value tag 9");
  ExpectMalformed(Bytes().Header(1, 1).Varint(0).Text("").Varint(0).str(), "an empty node id");
  ExpectMalformed(
      Bytes().Header(1, 1).Varint(0).Text("n").Varint(2).Text("k").Byte(0).Text("k").Byte(1).str(),
      "the key 'k' twice");
  ExpectMalformed(
      Bytes().Header(1, 1).Varint(0).Text("n").Varint(1).Text("k").Byte(16).Text("{").str(),
      "tagged JSON");
  ExpectMalformed(Bytes().Header(2, 1).Text("T").Text("").Text("b").Text("").Varint(0).str(),
                  "an empty endpoint id");
  // A string length past the end, and a float cut short.
  ExpectMalformed(
      Bytes().Header(1, 1).Varint(0).Text("n").Varint(1).Text("k").Byte(5).Varint(99).str(),
      "element 0");
  ExpectMalformed(
      Bytes().Header(1, 1).Varint(0).Text("n").Varint(1).Text("k").Byte(4).Byte(0).str(),
      "element 0");
}

TEST(StagingBatchCodec, ValuesNestNoDeeperThanStoredValues) {
  auto nested = [](int lists) {
    Bytes b;
    b.Header(1, 1).Varint(0).Text("n").Varint(1).Text("k");
    for (int i = 0; i < lists; ++i) b.Byte(7).Varint(1);
    b.Byte(0);
    return b.str();
  };
  // The property's value is level 1: 63 lists around a null are 64 levels.
  EXPECT_TRUE(Decoded(nested(kMaxValueDepth - 1)).ok());
  ExpectMalformed(nested(kMaxValueDepth), "nested deeper than 64");
}

// A statement's parameters: kind 3, one property map of any values.
TEST(StagingBatchCodec, DecodesParametersOfAnyValue) {
  Bytes b;
  b.Header(3, 3).Text("id").Int(-7).Text("names").Byte(7).Varint(2).String("a").String("b");
  // A map holding a list of maps: more than a property may hold.
  b.Text("m").Byte(8).Varint(1).Text("rows").Byte(7).Varint(1).Byte(8).Varint(1).Text("x").Float(
      1.5);
  auto params = DecodeParameterBatch(b.str());
  ASSERT_TRUE(params.ok()) << params.status().ToString();
  ASSERT_EQ(params->size(), 3u);
  EXPECT_EQ(params->Find("id")->as_int(), -7);
  EXPECT_EQ(params->Find("names")->as_list().size(), 2u);
  const Value& rows = *params->Find("m")->as_map().Find("rows");
  EXPECT_EQ(rows.as_list()[0].as_map().Find("x")->as_float(), 1.5);

  auto none = DecodeParameterBatch(Bytes().Header(3, 0).str());
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->size(), 0u);
}

TEST(StagingBatchCodec, MalformedParametersAreATypedError) {
  auto says = [](const std::string& bytes, std::string_view what) {
    Status s = DecodeParameterBatch(bytes).status();
    EXPECT_TRUE(s.Is(StatusCode::kInvalidArgument)) << s.ToString();
    EXPECT_NE(s.message().find("malformed parameters"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find(what), std::string::npos) << s.message();
  };
  says("{\"id\": 1}", "no \"NSB\" at its start");
  says(Bytes().Header(1, 0).str(), "kind 1, not parameters");
  says(Bytes().Header(3, 1).Text("k").str(), "bytes");
  says(Bytes().Header(3, 2).Text("k").Int(1).Text("k").Int(2).str(), "the key 'k' twice");
  says(Bytes().Header(3, 0).Byte(0).str(), "bytes after the last parameter");
}

}  // namespace
}  // namespace namidb
