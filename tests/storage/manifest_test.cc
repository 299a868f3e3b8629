#include "storage/manifest.h"

#include <gtest/gtest.h>

namespace namidb {
namespace {

Manifest Sample() {
  Manifest m;
  m.ns = "demo";
  m.version = 7;
  m.writer_epoch = 2;
  m.last_lsn = 20;
  m.wal = {{"wal/a.wal", 1, 10, 300}, {"wal/b.wal", 11, 20, 400}};
  m.stats.nodes = 5;
  m.stats.edges = 4;
  m.stats.labels = {{"Person", 5}};
  m.stats.types = {{"KNOWS", 4}};
  m.stats.property_keys = {{"age", 3}, {"name", 5}};
  return m;
}

TEST(Manifest, RoundTripsThroughJson) {
  auto back = DecodeManifest(EncodeManifest(Sample()), "demo/manifest.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, Sample());
}

TEST(Manifest, MalformedOrInconsistentManifestsAreCorruption) {
  std::string good = EncodeManifest(Sample());
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
  bad.push_back(replace("\"format_version\": 1", "\"format_version\": 99"));
  bad.push_back(replace("\"version\": 7", "\"version\": -7"));
  bad.push_back(replace("\"first_lsn\": 11", "\"first_lsn\": 5"));   // overlaps the previous
  bad.push_back(replace("\"last_lsn\": 20,", "\"last_lsn\": 15,"));  // segments past it
  bad.push_back(replace("\"nodes\": 5", "\"nodes\": \"5\""));
  for (const auto& text : bad) {
    auto got = DecodeManifest(text, "demo/manifest.json");
    ASSERT_FALSE(got.ok()) << text;
    EXPECT_TRUE(got.status().Is(StatusCode::kCorruption)) << got.status().ToString();
    EXPECT_NE(got.status().message().find("demo/manifest.json"), std::string::npos);
  }
}

}  // namespace
}  // namespace namidb
