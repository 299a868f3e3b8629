#include "storage/manifest.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/limits.h"

namespace namidb {
namespace {

Manifest Sample() {
  Manifest m;
  m.ns = "demo";
  m.version = 7;
  m.writer_epoch = 2;
  m.last_lsn = 30;
  m.flushed_lsn = 10;
  // A level-0 run over the bottom run, each with one node table.
  TableRef newer;
  newer.key = "sst/nodes-b.sst";
  newer.kind = "nodes";
  newer.smallest = std::string("\x01\x02", 2);
  newer.largest = std::string("\xfe\x00", 2);
  newer.size = 900;
  newer.meta_size = 100;
  newer.entries = 3;
  newer.max_lsn = 10;
  TableRef older = newer;
  older.key = "sst/nodes-a.sst";
  older.level = kBottomLevel;
  older.max_lsn = 4;
  m.tables = {newer, older};
  m.wal = {{"wal/a.wal", 11, 20, 300}, {"wal/b.wal", 21, 30, 400}};
  m.checkpoint = "checkpoint/0000000000000002-000000000000000a-00c0ffee.json";
  m.retired = {{"", 10, 1795000000000}, {"sst/nodes-0.sst", 0, 1795000000001}};
  m.stats.nodes = 5;
  m.stats.edges = 4;
  m.stats.labels = {{"Person", 5}};
  m.stats.types = {{"KNOWS", 4}};
  m.stats.property_keys = {{"age", 3}, {"name", 5}};
  m.schema = {{"by_name", "index", "Person", "name", {}}, {"by_age", "index", "Person", "age", {}}};
  m.stored_indexes = {{"Person", "age"}, {"Person", "name"}};
  return m;
}

// Sample() with a property index table in its newer run.
Manifest WithIndexTable() {
  Manifest m = Sample();
  TableRef props = m.tables[0];
  props.key = "sst/props-b.sst";
  props.kind = "props";
  m.tables.insert(m.tables.begin() + 1, props);
  return m;
}

// The manifest's text; every manifest these tests encode holds only UTF-8 names.
std::string Encode(const Manifest& m) {
  auto text = EncodeManifest(m);
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  return text.ok() ? *text : std::string();
}

TEST(Manifest, RoundTripsThroughJson) {
  auto back = DecodeManifest(Encode(Sample()), "demo/manifest.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, Sample());
}

// A type constraint keeps its types; one without them, or naming a type
// that is no property type, is corruption.
TEST(Manifest, TypeConstraintsRoundTripWithTheirTypes) {
  Manifest m = Sample();
  m.schema.push_back({"age_type", "type", "Person", "age", {"INTEGER", "LIST<STRING NOT NULL>"}});
  auto back = DecodeManifest(Encode(m), "demo/manifest.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, m);
  for (const std::vector<std::string>& types :
       {std::vector<std::string>{}, {"MAP"}, {"LIST<STRING>"}, {"INTEGER", "POINT"}}) {
    m.schema.back().types = types;
    auto bad = DecodeManifest(Encode(m), "demo/manifest.json");
    ASSERT_FALSE(bad.ok());
    EXPECT_TRUE(bad.status().Is(StatusCode::kCorruption)) << bad.status().ToString();
  }
}

// A schema entry of a kind this build does not know is a newer writer's:
// Unsupported, saying so, not Corruption; one without a kind is malformed.
TEST(Manifest, AnUnknownSchemaKindIsANewerWritersNotCorruption) {
  Manifest m = Sample();
  m.schema.push_back({"person_key", "key", "Person", "name", {}});
  auto newer = DecodeManifest(Encode(m), "demo/manifest.json");
  ASSERT_FALSE(newer.ok());
  EXPECT_TRUE(newer.status().Is(StatusCode::kUnsupported)) << newer.status().ToString();
  EXPECT_NE(newer.status().message().find("newer namidb-wasm"), std::string::npos);
  m.schema.back().kind = "";
  auto malformed = DecodeManifest(Encode(m), "demo/manifest.json");
  EXPECT_TRUE(malformed.status().Is(StatusCode::kCorruption)) << malformed.status().ToString();
}

TEST(Manifest, ReadsFormatVersionOne) {
  // Version 1: no checkpoint, every retired object by key.
  Manifest m = Sample();
  m.checkpoint.clear();
  m.retired = {{"wal/0.wal", 0, 1795000000000}};
  m.stored_indexes.clear();
  std::string v1 = Encode(m);
  auto replace = [&](const std::string& from, const std::string& to) {
    size_t at = v1.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    v1.replace(at, from.size(), to);
  };
  replace("\"format_version\": 5", "\"format_version\": 1");
  replace(" \"checkpoint\": \"\",\n", "");
  auto back = DecodeManifest(v1, "demo/manifest.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString() << v1;
  EXPECT_EQ(*back, m);
  // A WAL range is a version 2 entry.
  std::string bad = v1;
  bad.replace(bad.find("{\n   \"key\": \"wal/0.wal\""), 0,
              "{\"wal_through_lsn\": 3, \"retired_at_ms\": 1},");
  auto refused = DecodeManifest(bad, "demo/manifest.json");
  EXPECT_TRUE(refused.status().Is(StatusCode::kCorruption)) << refused.status().ToString() << bad;
}

TEST(Manifest, ReadsFormatVersionTwoAsIndexesWithoutTables) {
  Manifest m = WithIndexTable();
  auto back = DecodeManifest(Encode(m), "demo/manifest.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, m);
  // Version 2 had neither property index tables nor stored_indexes: its
  // indexes are all in memory.
  Manifest v2 = Sample();
  v2.stored_indexes.clear();
  std::string text = Encode(v2);
  auto replace = [](std::string s, const std::string& from, const std::string& to) {
    size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
  };
  text = replace(text, "\"format_version\": 5", "\"format_version\": 2");
  {
    auto j = nlohmann::json::parse(text);
    j.erase("stored_indexes");
    text = j.dump(1);
  }
  auto old = DecodeManifest(text, "demo/manifest.json");
  ASSERT_TRUE(old.ok()) << old.status().ToString() << text;
  EXPECT_EQ(*old, v2);
  // A props table in version 2 is not something version 2 wrote.
  std::string with_props =
      replace(Encode(WithIndexTable()), "\"format_version\": 5", "\"format_version\": 2");
  EXPECT_TRUE(
      DecodeManifest(with_props, "demo/manifest.json").status().Is(StatusCode::kCorruption));
}

// A version past this build's was written by a newer build: Unsupported,
// naming the object and the upgrade; an unknown older one is Corruption.
TEST(Manifest, ANewerFormatVersionIsUnsupported) {
  std::string good = Encode(Sample());
  std::string from = "\"format_version\": " + std::to_string(kManifestFormatVersion);
  ASSERT_NE(good.find(from), std::string::npos);
  std::string newer = good;
  newer.replace(newer.find(from), from.size(),
                "\"format_version\": " + std::to_string(kManifestFormatVersion + 1));
  Status s = DecodeManifest(newer, "demo/manifest.json").status();
  ASSERT_TRUE(s.Is(StatusCode::kUnsupported)) << s.ToString();
  EXPECT_NE(s.message().find("demo/manifest.json"), std::string::npos);
  EXPECT_NE(s.message().find("newer namidb-wasm"), std::string::npos);
  std::string zero = good;
  zero.replace(zero.find(from), from.size(), "\"format_version\": 0");
  EXPECT_TRUE(DecodeManifest(zero, "demo/manifest.json").status().Is(StatusCode::kCorruption));
}

TEST(Manifest, MalformedOrInconsistentManifestsAreCorruption) {
  std::string good = Encode(Sample());
  std::vector<std::string> bad = {
      "",
      "[]",
      "{\"format\":\"other\"}",
      good.substr(0, good.size() / 2),
  };
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
  };
  bad.push_back(replace("\"format_version\": 5", "\"format_version\": 0"));
  Manifest unlisted = Sample();  // a stored index the schema does not have
  unlisted.stored_indexes.push_back({"Person", "zip"});
  bad.push_back(Encode(unlisted));
  Manifest unsorted = Sample();
  std::swap(unsorted.stored_indexes[0], unsorted.stored_indexes[1]);
  bad.push_back(Encode(unsorted));
  Manifest twice = Sample();
  twice.stored_indexes[1] = twice.stored_indexes[0];
  bad.push_back(Encode(twice));
  {
    auto j = nlohmann::json::parse(good);
    j.erase("stored_indexes");  // version 3 without its list
    bad.push_back(j.dump(1));
  }
  bad.push_back(replace("\"wal_through_lsn\": 10", "\"wal_through_lsn\": \"10\""));
  bad.push_back(replace("\"checkpoint\": \"checkpoint", "\"checkpoint\": 5, \"x\": \"checkpoint"));
  bad.push_back(replace("\"version\": 7", "\"version\": -7"));
  bad.push_back(replace("\"first_lsn\": 21", "\"first_lsn\": 15"));  // overlaps the previous
  bad.push_back(replace("\"first_lsn\": 11", "\"first_lsn\": 9"));   // inside the flushed range
  bad.push_back(replace("\"last_lsn\": 30,", "\"last_lsn\": 25,"));  // segments past it
  bad.push_back(replace("\"flushed_lsn\": 10", "\"flushed_lsn\": 31"));
  bad.push_back(replace("\"max_lsn\": 10", "\"max_lsn\": 11"));  // past the flushed LSN
  bad.push_back(replace("\"level\": 1", "\"level\": 2"));        // no such level
  bad.push_back(replace("\"smallest\": \"0102\"", "\"smallest\": \"zz\""));
  bad.push_back(replace("\"smallest\": \"0102\"", "\"smallest\": \"ff\""));  // past largest
  bad.push_back(replace("\"kind\": \"nodes\"", "\"kind\": \"blobs\""));
  bad.push_back(replace("\"nodes\": 5", "\"nodes\": \"5\""));
  Manifest huge_meta = Sample();  // a meta region past what a reader fetches
  huge_meta.tables[0].meta_size = kMaxTableMetaBytes + 1;
  huge_meta.tables[0].size = 2 * kMaxTableMetaBytes;
  bad.push_back(Encode(huge_meta));
  // A retirement time past the signed 64 bits it is kept in.
  bad.push_back(replace("1795000000001", "18446744073709551615"));
  {
    // Adjacency by type first is a kind of version 5, not before.
    Manifest typed = Sample();
    typed.tables[0].kind = "out_by_type";
    std::string text = Encode(typed);
    ASSERT_TRUE(DecodeManifest(text, "demo/manifest.json").ok());
    text.replace(text.find("\"format_version\": 5"), 19, "\"format_version\": 4");
    bad.push_back(text);
  }
  Manifest unordered = Sample();  // the older run listed first
  std::swap(unordered.tables[0], unordered.tables[1]);
  bad.push_back(Encode(unordered));
  for (const auto& text : bad) {
    auto got = DecodeManifest(text, "demo/manifest.json");
    ASSERT_FALSE(got.ok()) << text;
    EXPECT_TRUE(got.status().Is(StatusCode::kCorruption)) << got.status().ToString();
    EXPECT_NE(got.status().message().find("demo/manifest.json"), std::string::npos);
  }
}

TEST(Manifest, RefusesToEncodeANameThatIsNotUtf8) {
  // JSON holds only text: a name whose bytes are not UTF-8 is refused, never
  // replaced by U+FFFD (which would no longer name its tables' keys).
  std::string not_text = "T\xe1\xe1";
  for (int field = 0; field < 4; ++field) {
    Manifest m = Sample();
    if (field == 0) m.stats.labels[not_text] = 1;
    if (field == 1) m.stats.types[not_text] = 1;
    if (field == 2) m.stats.property_keys[not_text] = 1;
    if (field == 3) m.schema.push_back({"by_x", "index", "Person", not_text, {}});
    auto text = EncodeManifest(m);
    ASSERT_FALSE(text.ok()) << field;
    EXPECT_TRUE(text.status().Is(StatusCode::kInvalidArgument)) << text.status().ToString();
    EXPECT_NE(text.status().message().find("not UTF-8"), std::string::npos);
  }
  // U+FFFD itself is text, and round-trips.
  Manifest m = Sample();
  m.stats.types["\xEF\xBF\xBD"] = 1;
  auto back = DecodeManifest(Encode(m), "demo/manifest.json");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, m);
}

}  // namespace
}  // namespace namidb
