#include "storage/decoded_block.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/coding.h"

namespace namidb {
namespace {

// `payload` in a buffer of its own, as a decoded block takes it.
Result<DecodedBlock> ParseBytes(const std::string& payload) {
  auto data = std::make_unique<char[]>(payload.size() + 1);
  std::memcpy(data.get(), payload.data(), payload.size());
  return DecodedBlock::Parse(std::move(data), payload.size(), "sst/t");
}

std::string Payload(const std::vector<TableEntry>& entries) {
  std::string out;
  for (const auto& e : entries) {
    PutLengthPrefixed(&out, e.key);
    PutLengthPrefixed(&out, e.value);
  }
  return out;
}

TEST(DecodedBlock, ViewsEveryEntryInPlaceInOrder) {
  std::vector<TableEntry> entries = {{"a", ""}, {"b", "value b"}, {"c", std::string(300, 'c')}};
  auto block = ParseBytes(Payload(entries));
  ASSERT_TRUE(block.ok()) << block.status().ToString();
  ASSERT_EQ(block->size(), 3u);
  for (size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ((*block)[i].key, entries[i].key);
    EXPECT_EQ((*block)[i].value, entries[i].value);
  }
  ASSERT_NE(block->Find("b"), nullptr);
  EXPECT_EQ(*block->Find("b"), "value b");
  EXPECT_EQ(block->Find("bb"), nullptr);
  EXPECT_EQ(block->Find(""), nullptr);
  EXPECT_EQ(block->Find("d"), nullptr);
  // Its memory: the payload and one view pair per entry, no string each.
  EXPECT_EQ(block->memory_bytes(),
            sizeof(DecodedBlock) + Payload(entries).size() + 3 * sizeof(BlockEntry));
}

TEST(DecodedBlock, AMovedBlockKeepsItsViews) {
  // Short keys and values: a string would hold them inline and move them.
  DecodedBlock block = DecodedBlock::Of(std::vector<TableEntry>{{"k1", "v1"}, {"k2", "v2"}});
  DecodedBlock moved = std::move(block);
  auto shared = std::make_shared<const DecodedBlock>(std::move(moved));
  ASSERT_EQ(shared->size(), 2u);
  EXPECT_EQ(shared->front().key, "k1");
  EXPECT_EQ(shared->back().value, "v2");
  EXPECT_EQ(*shared->Find("k2"), "v2");
}

TEST(DecodedBlock, OfBuildsWhatParseReads) {
  std::vector<TableEntry> entries;
  for (int i = 0; i < 200; ++i) {
    entries.push_back(
        {"key " + std::to_string(1000 + i), std::string(static_cast<size_t>(i), 'v')});
  }
  DecodedBlock built = DecodedBlock::Of(entries);
  auto parsed = ParseBytes(Payload(entries));
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(built.size(), parsed->size());
  for (size_t i = 0; i < built.size(); ++i) {
    EXPECT_EQ(built[i].key, (*parsed)[i].key);
    EXPECT_EQ(built[i].value, (*parsed)[i].value);
  }
  EXPECT_EQ(built.memory_bytes(), parsed->memory_bytes());
}

TEST(DecodedBlock, RefusesMalformedPayloadsAsCorruption) {
  const std::string good = Payload({{"a", "1"}, {"b", "2"}});
  std::vector<std::string> bad = {
      "",                                 // no entry
      Payload({{"b", "1"}, {"a", "2"}}),  // keys out of order
      Payload({{"a", "1"}, {"a", "2"}}),  // a key twice
      good.substr(0, good.size() - 1),    // a value cut short
      good.substr(0, 2),                  // a key with no value
      std::string("\x05"
                  "ab",
                  3),                                               // a key longer than the payload
      std::string("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 10),  // a length past 64 bits
      std::string("\x80", 1),                                       // a length cut short
      std::string("\x81\x01"
                  "ab",
                  4),  // a two-byte length (129) longer than the payload
      good + std::string("\x01"
                         "c\x81",
                         3),  // a last value whose length is cut short
  };
  for (size_t i = 0; i < bad.size(); ++i) {
    auto block = ParseBytes(bad[i]);
    ASSERT_FALSE(block.ok()) << i;
    EXPECT_TRUE(block.status().Is(StatusCode::kCorruption)) << i << block.status().ToString();
    EXPECT_NE(block.status().message().find("sst/t"), std::string::npos) << i;
  }
}

}  // namespace
}  // namespace namidb
