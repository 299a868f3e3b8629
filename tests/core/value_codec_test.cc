#include "core/value_codec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/limits.h"
#include "core/time_zone.h"

namespace namidb {
namespace {

Value Sample() {
  return Value::Map(
      {{"n", Value::Null()},
       {"b", Value::Bool(true)},
       {"i", Value::Int(-123456789012345)},
       {"f", Value::Float(-0.5)},
       {"s", Value::String("héllo")},
       {"x", Value::Bytes(std::string("\0\1\2", 3))},
       {"l", Value::List({Value::Int(1), Value::List({}), Value::Map({})})},
       {"d", Value::Date(DateValue{-719468})},
       {"t", Value::DateTime(DateTimeValue{-1, 999999999, -5 * 3600})},
       {"tz", Value::DateTime(DateTimeValue{86400, 5, 7200, InternZone("Europe/Stockholm")})},
       {"lt", Value::LocalTime(LocalTimeValue{kNanosPerDay - 1})},
       {"tm", Value::Time(TimeValue{0, -18 * 3600})},
       {"ldt", Value::LocalDateTime(LocalDateTimeValue{-62135596800, 1})},
       {"dur", Value::Duration(DurationValue{-14, 3, -61, 999000000})}});
}

TEST(ValueCodec, RoundTripsEveryStorableKind) {
  std::string bytes;
  ASSERT_TRUE(EncodeValue(Sample(), &bytes).ok());
  Decoder in(bytes);
  auto back = DecodeValue(&in);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, Sample());
  EXPECT_TRUE(in.done());
  std::string nan;
  ASSERT_TRUE(EncodeValue(Value::Float(NAN), &nan).ok());
  Decoder nan_in(nan);
  EXPECT_TRUE(std::isnan(DecodeValue(&nan_in)->as_float()));
}

TEST(ValueCodec, RefusesResultOnlyKinds) {
  std::string bytes;
  EXPECT_TRUE(EncodeValue(Value::Node(NodeValue{}), &bytes).Is(StatusCode::kInvalidArgument));
  EXPECT_TRUE(EncodeValue(Value::List({Value::Path(PathValue{})}), &bytes)
                  .Is(StatusCode::kInvalidArgument));
}

TEST(ValueCodec, EveryTruncationAndBadTagIsCorruption) {
  std::string bytes;
  ASSERT_TRUE(EncodeValue(Sample(), &bytes).ok());
  for (size_t n = 0; n < bytes.size(); ++n) {
    Decoder in(std::string_view(bytes).substr(0, n));
    EXPECT_TRUE(DecodeValue(&in).status().Is(StatusCode::kCorruption)) << n;
  }
  Decoder bad_tag("\x10");
  EXPECT_TRUE(DecodeValue(&bad_tag).status().Is(StatusCode::kCorruption));
  std::string huge_list = "\x07";
  PutVarint64(&huge_list, uint64_t{1} << 40);
  Decoder huge(huge_list);
  EXPECT_TRUE(DecodeValue(&huge).status().Is(StatusCode::kCorruption));
  std::string bad_nanos = "\x0a";  // a datetime whose nanoseconds overflow a second
  PutVarint64(&bad_nanos, 0);
  PutVarint64(&bad_nanos, 1000000000);
  PutVarint64(&bad_nanos, 0);
  Decoder nanos(bad_nanos);
  EXPECT_TRUE(DecodeValue(&nanos).status().Is(StatusCode::kCorruption));
  std::string far_date = "\x09";  // a date beyond year 999,999,999
  PutVarint64(&far_date, ZigZagEncode(INT64_MAX));
  Decoder far(far_date);
  EXPECT_TRUE(DecodeValue(&far).status().Is(StatusCode::kCorruption));
  std::string bad_time = "\x0b";  // a local time past midnight
  PutVarint64(&bad_time, static_cast<uint64_t>(kNanosPerDay));
  Decoder time(bad_time);
  EXPECT_TRUE(DecodeValue(&time).status().Is(StatusCode::kCorruption));
  std::string no_zone = "\x0e";  // a zoned datetime with an empty zone name
  PutVarint64(&no_zone, 0);
  PutVarint64(&no_zone, 0);
  PutVarint64(&no_zone, 0);
  PutLengthPrefixed(&no_zone, "");
  Decoder zone(no_zone);
  EXPECT_TRUE(DecodeValue(&zone).status().Is(StatusCode::kCorruption));
  std::string deep(100, '\x07');
  for (int i = 0; i < 100; ++i) deep.insert(1 + 2 * i, 1, '\x01');
  Decoder nested(deep);
  EXPECT_TRUE(DecodeValue(&nested).status().Is(StatusCode::kCorruption));
}

// A value nested in `depth` lists (and maps, every other level) around an integer.
Value Nested(int depth) {
  Value v = Value::Int(1);
  for (int i = 0; i < depth; ++i) {
    v = i % 2 ? Value::Map(ValueMap{{"k", v}}) : Value::List({v});
  }
  return v;
}

// What encodes decodes: a value the decoder would refuse as too deep is
// refused when it is stored, not when it is read back.
TEST(ValueCodec, EncodesOnlyWhatDecodes) {
  std::string bytes;
  ASSERT_TRUE(EncodeValue(Nested(kMaxValueDepth), &bytes).ok());
  Decoder in(bytes);
  ASSERT_TRUE(DecodeValue(&in).ok());
  bytes.clear();
  Status too_deep = EncodeValue(Nested(kMaxValueDepth + 1), &bytes);
  EXPECT_TRUE(too_deep.Is(StatusCode::kInvalidArgument)) << too_deep.ToString();
  EXPECT_NE(too_deep.message().find("nested deeper than 64"), std::string::npos);

  // As properties: a property value is one level in.
  std::string properties;
  ASSERT_TRUE(EncodeProperties(ValueMap{{"p", Nested(kMaxValueDepth - 1)}}, &properties).ok());
  Decoder p(properties);
  ASSERT_TRUE(DecodeProperties(&p).ok());
  properties.clear();
  Status deep = EncodeProperties(ValueMap{{"p", Nested(kMaxValueDepth)}}, &properties);
  EXPECT_TRUE(deep.Is(StatusCode::kInvalidArgument));
  EXPECT_NE(deep.message().find("property 'p'"), std::string::npos) << deep.ToString();
}

TEST(ValueCodec, MapKeysMustBeAscending) {
  std::string bytes = "\x08";
  PutVarint64(&bytes, 2);
  PutLengthPrefixed(&bytes, "b");
  bytes += '\0';
  PutLengthPrefixed(&bytes, "a");
  bytes += '\0';
  Decoder in(bytes);
  EXPECT_TRUE(DecodeValue(&in).status().Is(StatusCode::kCorruption));
}

// Decoding some properties steps over the others: every kind, nested, is
// stepped over exactly (what follows still decodes), and what is named
// decodes as a whole decode would.
TEST(ValueCodec, NamedPropertiesSkipTheOthersExactly) {
  const Value sample_value = Sample();
  const ValueMap& sample = sample_value.as_map();
  std::string bytes;
  ASSERT_TRUE(EncodeProperties(sample, &bytes).ok());
  bytes += "tail";
  std::vector<std::string> all;
  for (const auto& [key, value] : sample) all.push_back(key);
  // Each key alone, every key but one, none, and keys the map lacks.
  std::vector<std::vector<std::string>> choices = {{}, {"0", "zz"}, all};
  for (size_t i = 0; i < all.size(); ++i) {
    choices.push_back({all[i]});
    std::vector<std::string> others = all;
    others.erase(others.begin() + static_cast<std::ptrdiff_t>(i));
    choices.push_back(others);
  }
  for (const auto& keys : choices) {
    Decoder in(bytes);
    auto named = DecodePropertiesNamed(&in, keys);
    ASSERT_TRUE(named.ok()) << named.status().ToString();
    EXPECT_EQ(in.remaining(), 4u) << "stepped over more or less than the map";
    ValueMap expected;
    for (const auto& key : keys) {
      if (const Value* v = sample.Find(key)) expected.Set(key, *v);
    }
    EXPECT_EQ(*named, expected) << keys.size();
  }
}

TEST(ValueCodec, NamedPropertiesCheckWhatTheyStepOver) {
  std::string bytes;
  ASSERT_TRUE(EncodeProperties(Sample().as_map(), &bytes).ok());
  for (size_t n = 0; n < bytes.size(); ++n) {
    Decoder in(std::string_view(bytes).substr(0, n));
    EXPECT_TRUE(DecodePropertiesNamed(&in, std::vector<std::string>{"b"})
                    .status()
                    .Is(StatusCode::kCorruption))
        << n;
  }
  // An unknown tag and keys out of order, in values nothing names.
  std::string bad_tag;
  PutVarint64(&bad_tag, 1);
  PutLengthPrefixed(&bad_tag, "a");
  bad_tag += '\x10';
  Decoder tag_in(bad_tag);
  EXPECT_TRUE(DecodePropertiesNamed(&tag_in, std::vector<std::string>{"z"})
                  .status()
                  .Is(StatusCode::kCorruption));
  std::string disordered;
  PutVarint64(&disordered, 2);
  PutLengthPrefixed(&disordered, "b");
  disordered += '\0';
  PutLengthPrefixed(&disordered, "a");
  disordered += '\0';
  Decoder order_in(disordered);
  EXPECT_TRUE(DecodePropertiesNamed(&order_in, std::vector<std::string>{"z"})
                  .status()
                  .Is(StatusCode::kCorruption));
  // Too deep, even where nothing is named.
  Value deep = Nested(kMaxValueDepth);  // one level too deep as a property
  std::string nested;
  PutVarint64(&nested, 1);
  PutLengthPrefixed(&nested, "a");
  ASSERT_TRUE(EncodeValue(deep, &nested).ok());
  Decoder deep_in(nested);
  EXPECT_TRUE(DecodePropertiesNamed(&deep_in, std::vector<std::string>{})
                  .status()
                  .Is(StatusCode::kCorruption));
}

}  // namespace
}  // namespace namidb
