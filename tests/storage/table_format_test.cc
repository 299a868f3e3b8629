#include "storage/table_format.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "core/coding.h"
#include "core/crc32c.h"
#include "storage/bloom_filter.h"

namespace namidb {
namespace {

std::string Key(int i) {
  char buf[32];
  snprintf(buf, sizeof buf, "key-%08d", i);
  return buf;
}

struct Built {
  std::string bytes;
  uint64_t meta_size;
};

Built Build(int n, size_t block_size = 512, int level = kTableCompressionLevel) {
  TableBuilder builder(block_size, level, level);
  for (int i = 0; i < n; ++i) {
    EXPECT_TRUE(builder.Add(Key(2 * i), "value of " + std::to_string(2 * i)).ok());
  }
  auto bytes = builder.Finish();
  EXPECT_TRUE(bytes.ok());
  return {*bytes, builder.meta_size()};
}

std::string_view Tail(const Built& t) {
  return std::string_view(t.bytes).substr(t.bytes.size() - t.meta_size);
}

TEST(Table, FindsEveryKeyWithOneTailReadAndOneBlockRead) {
  Built t = Build(2000);
  auto index = TableIndex::Open(Tail(t), t.bytes.size(), "sst/t1");
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  EXPECT_EQ(index->entry_count(), 2000u);
  EXPECT_GT(index->Blocks().size(), 10u);
  for (int i = 0; i < 2000; i += 37) {
    auto handle = index->Find(Key(2 * i));
    ASSERT_TRUE(handle.has_value()) << i;
    auto block =
        DecodeTableBlock(std::string_view(t.bytes).substr(handle->offset, handle->size), "t");
    ASSERT_TRUE(block.ok()) << block.status().ToString();
    bool found = false;
    for (const auto& e : *block)
      found |= e.key == Key(2 * i) && e.value == "value of " + std::to_string(2 * i);
    EXPECT_TRUE(found) << i;
  }
}

TEST(Table, ScansEveryEntryInOrder) {
  Built t = Build(1500);
  auto index = TableIndex::Open(Tail(t), t.bytes.size(), "t");
  ASSERT_TRUE(index.ok());
  std::vector<std::string> keys;
  for (const auto& h : index->Blocks()) {
    auto block = DecodeTableBlock(std::string_view(t.bytes).substr(h.offset, h.size), "t");
    ASSERT_TRUE(block.ok());
    for (const auto& e : *block) keys.emplace_back(e.key);
  }
  ASSERT_EQ(keys.size(), 1500u);
  for (int i = 0; i < 1500; ++i) EXPECT_EQ(keys[i], Key(2 * i));
}

TEST(Table, TablesOfEveryCompressionLevelReadAlike) {
  // Tables written at the former level 3 (and any other) read as the
  // current level's: a zstd frame decodes whatever level made it.
  auto entries = [](const Built& t) {
    std::vector<TableEntry> out;
    auto index = TableIndex::Open(Tail(t), t.bytes.size(), "t");
    EXPECT_TRUE(index.ok()) << index.status().ToString();
    if (!index.ok()) return out;
    for (const auto& h : index->Blocks()) {
      auto block = DecodeTableBlock(std::string_view(t.bytes).substr(h.offset, h.size), "t");
      EXPECT_TRUE(block.ok()) << block.status().ToString();
      if (!block.ok()) continue;
      for (const auto& e : *block) out.push_back({std::string(e.key), std::string(e.value)});
    }
    return out;
  };
  std::vector<TableEntry> current = entries(Build(1500, 4096));
  ASSERT_EQ(current.size(), 1500u);
  for (int level : {-5, -1, 1, 3, 9, 19}) {
    Built t = Build(1500, 4096, level);
    EXPECT_EQ(entries(t), current) << level;
  }
}

TEST(Table, BuildersTakingTurnsWriteTheBytesEachWritesAlone) {
  // Blocks are compressed with one context per thread, reused: a table's
  // bytes must not depend on what another table compressed in between.
  auto value = [](int table, int i) {
    std::string v = "table " + std::to_string(table) + " value " + std::to_string(i * i);
    return v + std::string(static_cast<size_t>(i % 50), static_cast<char>('a' + table));
  };
  auto alone = [&](int table) {
    TableBuilder builder(512);
    for (int i = 0; i < 800; ++i) EXPECT_TRUE(builder.Add(Key(i), value(table, i)).ok());
    auto bytes = builder.Finish();
    EXPECT_TRUE(bytes.ok());
    return bytes.ok() ? *bytes : std::string();
  };
  TableBuilder first(512), second(512);
  for (int i = 0; i < 800; ++i) {
    ASSERT_TRUE(first.Add(Key(i), value(0, i)).ok());
    ASSERT_TRUE(second.Add(Key(i), value(1, i)).ok());
  }
  auto a = first.Finish(), b = second.Finish();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, alone(0));
  EXPECT_EQ(*b, alone(1));
  // And every block of each decodes to what was added.
  auto index =
      TableIndex::Open(std::string_view(*b).substr(b->size() - second.meta_size()), b->size(), "t");
  ASSERT_TRUE(index.ok());
  int i = 0;
  for (const auto& h : index->Blocks()) {
    auto block = DecodeTableBlock(std::string_view(*b).substr(h.offset, h.size), "t");
    ASSERT_TRUE(block.ok()) << block.status().ToString();
    for (const auto& e : *block) {
      EXPECT_EQ(e.key, Key(i));
      EXPECT_EQ(e.value, value(1, i));
      ++i;
    }
  }
  EXPECT_EQ(i, 800);
}

// Every entry of a table, decoded block by block.
std::vector<TableEntry> Entries(std::string_view bytes, uint64_t meta_size) {
  std::vector<TableEntry> out;
  auto index = TableIndex::Open(bytes.substr(bytes.size() - meta_size), bytes.size(), "t");
  EXPECT_TRUE(index.ok()) << index.status().ToString();
  if (!index.ok()) return out;
  for (const auto& h : index->Blocks()) {
    auto block = DecodeTableBlock(bytes.substr(h.offset, h.size), "t");
    EXPECT_TRUE(block.ok()) << block.status().ToString();
    if (!block.ok()) continue;
    for (const auto& e : *block) out.push_back({std::string(e.key), std::string(e.value)});
  }
  return out;
}

TEST(Table, TheFastLevelIsKeptOnlyWhereItCompressesAboutAsWell) {
  std::mt19937_64 random(7);
  auto id = [&] {
    std::string bytes(16, '\0');
    for (auto& c : bytes) c = static_cast<char>(random());
    return bytes;
  };
  // Adjacency-like entries: a repeated source id and type, random far ids.
  std::vector<TableEntry> ids;
  for (int s = 0; s < 3000; ++s) {
    std::string source = id();
    for (int e = 0; e < 8; ++e) ids.push_back({source + "KNOWS" + Key(e), id() + id()});
  }
  std::sort(ids.begin(), ids.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
  // Text: letters of skewed frequency, which only entropy coding shrinks.
  std::vector<TableEntry> text;
  const std::string letters = "eeeeeeeeetttttaaaaoooiiinnnsshhrdlcumwfgypbvkjxqz   ";
  for (int i = 0; i < 9000; ++i) {
    std::string value;
    for (int c = 0; c < 120; ++c) value += letters[random() % letters.size()];
    text.push_back({Key(i), value});
  }
  struct Table {
    std::string bytes;
    uint64_t meta_size;
    uint64_t fast_blocks;
    size_t blocks() const {
      auto index = TableIndex::Open(std::string_view(bytes).substr(bytes.size() - meta_size),
                                    bytes.size(), "t");
      return index.ok() ? index->Blocks().size() : 0;
    }
  };
  auto build = [](const std::vector<TableEntry>& entries, int level, int fast_level) {
    TableBuilder builder(kTableBlockBytes, level, fast_level);
    for (const auto& e : entries) EXPECT_TRUE(builder.Add(e.key, e.value).ok());
    auto bytes = builder.Finish();
    EXPECT_TRUE(bytes.ok());
    return Table{bytes.ok() ? *bytes : "", builder.meta_size(), builder.fast_blocks()};
  };
  for (const auto* entries : {&ids, &text}) {
    Table adaptive = build(*entries, kTableCompressionLevel, kTableFastCompressionLevel);
    Table level = build(*entries, kTableCompressionLevel, kTableCompressionLevel);
    Table fast = build(*entries, kTableFastCompressionLevel, kTableFastCompressionLevel);
    EXPECT_EQ(Entries(adaptive.bytes, adaptive.meta_size), *entries);
    if (entries == &ids) {
      // Ids shrink alike at both levels: every block at the fast one, but
      // a sampled block where level 1 did better.
      ASSERT_LT(fast.bytes.size(), level.bytes.size() * (100 + kFastLevelSlackPercent) / 100);
      size_t blocks = adaptive.blocks();
      ASSERT_GT(blocks, kCompressionSampleBlocks);
      EXPECT_GE(adaptive.fast_blocks, blocks - blocks / kCompressionSampleBlocks - 1);
      EXPECT_LE(adaptive.bytes.size(), fast.bytes.size());
    } else {
      // Text at the fast level is far larger: no block is written at it.
      ASSERT_GT(fast.bytes.size(), level.bytes.size() * 5 / 4);
      EXPECT_EQ(adaptive.fast_blocks, 0u);
      EXPECT_EQ(adaptive.bytes, level.bytes);
    }
  }
}

TEST(Table, TheBloomFilterRulesOutMostAbsentKeys) {
  Built t = Build(5000, 4096);
  auto index = TableIndex::Open(Tail(t), t.bytes.size(), "t");
  ASSERT_TRUE(index.ok());
  int maybe = 0;
  for (int i = 0; i < 5000; ++i) maybe += index->Find(Key(2 * i + 1)).has_value();
  EXPECT_LT(maybe, 5000 * 3 / 100) << "false positives";
  EXPECT_FALSE(index->Find("zzz").has_value() && index->Find("zzzz").has_value() &&
               index->Find("zzzzz").has_value());
}

// Keys in groups (a group of 12 bytes, then 4 of tail): the filter of a
// version-2 table holds the groups, so a prefix read of an absent group is
// ruled out, and a whole key is still found.
std::string Group(int g) {
  char buf[16];
  snprintf(buf, sizeof buf, "grp-%08d", g);
  return buf;
}

TEST(Table, AFilterOfKeyGroupsRulesOutMostAbsentGroups) {
  TableBuilder builder(4096);
  builder.FilterGroups(4);
  for (int g = 0; g < 4000; g += 2) {
    for (int e = 0; e < 3; ++e) {
      ASSERT_TRUE(builder.Add(Group(g) + "e" + std::to_string(100 + e), "v").ok());
    }
  }
  auto bytes = builder.Finish();
  ASSERT_TRUE(bytes.ok());
  std::string_view tail = std::string_view(*bytes).substr(bytes->size() - builder.meta_size());
  EXPECT_EQ(DecodeFixed32(tail.data() + tail.size() - 16), kTableGroupsVersion);
  auto index = TableIndex::Open(tail, bytes->size(), "t");
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  EXPECT_EQ(index->group_tail(), 4);
  EXPECT_EQ(index->entry_count(), 6000u);
  int maybe = 0;
  for (int g = 0; g < 4000; ++g) {
    if (g % 2 == 0) {
      ASSERT_TRUE(index->MayHoldGroup(Group(g), 4)) << g;
      ASSERT_TRUE(index->Find(Group(g) + "e101").has_value()) << g;
    } else {
      maybe += index->MayHoldGroup(Group(g), 4);
      // A prefix of another length was never promised: no ruling.
      EXPECT_TRUE(index->MayHoldGroup(Group(g), 3));
      EXPECT_TRUE(index->MayHoldGroup(Group(g), 0));
    }
  }
  EXPECT_LT(maybe, 2000 * 3 / 100) << "false positives";
  // A table of whole keys (version 1) rules out no group.
  Built whole = Build(100);
  auto v1 = TableIndex::Open(Tail(whole), whole.bytes.size(), "t");
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(v1->group_tail(), 0);
  EXPECT_EQ(DecodeFixed32(Tail(whole).data() + Tail(whole).size() - 16), kTableFormatVersion);
  EXPECT_TRUE(v1->MayHoldGroup("absent", 4));
}

TEST(Table, RefusesUnorderedKeysAndHandlesAnEmptyTable) {
  TableBuilder builder;
  ASSERT_TRUE(builder.Add("b", "1").ok());
  EXPECT_TRUE(builder.Add("a", "2").Is(StatusCode::kInvalidArgument));
  EXPECT_TRUE(builder.Add("b", "2").Is(StatusCode::kInvalidArgument));
  TableBuilder empty;
  auto bytes = empty.Finish();
  ASSERT_TRUE(bytes.ok());
  auto index = TableIndex::Open(*bytes, bytes->size(), "t");
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  EXPECT_EQ(index->entry_count(), 0u);
  EXPECT_FALSE(index->Find("a").has_value());
}

TEST(Table, EveryDamagedTailIsCorruption) {
  Built t = Build(300);
  std::string tail(Tail(t));
  for (size_t cut = 1; cut < tail.size(); ++cut) {  // a tail missing its first `cut` bytes
    auto got = TableIndex::Open(std::string_view(tail).substr(cut), t.bytes.size(), "sst/cut");
    ASSERT_TRUE(got.status().Is(StatusCode::kCorruption)) << cut;
  }
  for (size_t i = 0; i < tail.size(); ++i) {
    std::string flipped = tail;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x10);
    auto got = TableIndex::Open(flipped, t.bytes.size(), "sst/flip");
    ASSERT_TRUE(got.status().Is(StatusCode::kCorruption)) << i;
    EXPECT_NE(got.status().message().find("sst/flip"), std::string::npos);
  }
  EXPECT_TRUE(TableIndex::Open(tail, t.bytes.size() + 1, "t").status().Is(StatusCode::kCorruption));
}

TEST(Table, EveryDamagedBlockIsCorruption) {
  Built t = Build(100);
  auto index = TableIndex::Open(Tail(t), t.bytes.size(), "t");
  ASSERT_TRUE(index.ok());
  BlockHandle h = index->Blocks()[0];
  std::string block = t.bytes.substr(h.offset, h.size);
  for (size_t i = 0; i < block.size(); ++i) {
    for (int bit : {0, 7}) {
      std::string flipped = block;
      flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
      ASSERT_TRUE(DecodeTableBlock(flipped, "t").status().Is(StatusCode::kCorruption)) << i;
    }
  }
  for (size_t n = 0; n < block.size(); ++n) {
    ASSERT_TRUE(DecodeTableBlock(block.substr(0, n), "t").status().Is(StatusCode::kCorruption));
  }
}

// A footer or index whose fields carry a checksum that matches (a forged or
// badly written table) but whose sizes wrap around 64 bits is Corruption,
// never a read outside the tail.
TEST(Table, SizesThatWrapAroundAreCorruption) {
  Built t = Build(100);
  auto reseal = [](std::string tail) {  // the meta checksum made right again
    size_t crc_at = tail.size() - 12;
    EncodeFixed32(tail.data() + crc_at, crc32c::Mask(crc32c::Value(tail.data(), crc_at)));
    return tail;
  };
  auto field = [](std::string& tail, size_t at, uint64_t value) {
    std::string bytes;
    PutFixed64(&bytes, value);
    tail.replace(tail.size() - kTableFooterSize + at, 8, bytes);
  };
  std::string tail(Tail(t));
  uint64_t footer_offset = t.bytes.size() - kTableFooterSize;
  uint64_t index_offset = t.bytes.size() - tail.size();
  // index_size and bloom_offset chosen so that index_offset + index_size
  // wraps to a bloom region that ends at the footer.
  std::string wrapped = tail;
  field(wrapped, 8, ~uint64_t{0} - 20);   // index_size
  field(wrapped, 16, index_offset - 21);  // bloom_offset = index_offset + index_size (mod 2^64)
  field(wrapped, 24, footer_offset - (index_offset - 21));  // bloom_size
  auto got = TableIndex::Open(reseal(wrapped), t.bytes.size(), "sst/wrapped");
  ASSERT_TRUE(got.status().Is(StatusCode::kCorruption)) << got.status().ToString();
  EXPECT_NE(got.status().message().find("sst/wrapped"), std::string::npos);
}

TEST(Table, ANewerFormatVersionIsUnsupportedAndAnUnknownOlderOneCorruption) {
  Built t = Build(100);
  auto with_version = [&](uint32_t version) {  // the meta checksum made right
    std::string tail(Tail(t));
    EncodeFixed32(tail.data() + tail.size() - 16, version);
    size_t crc_at = tail.size() - 12;
    EncodeFixed32(tail.data() + crc_at, crc32c::Mask(crc32c::Value(tail.data(), crc_at)));
    return TableIndex::Open(tail, t.bytes.size(), "sst/versioned").status();
  };
  Status newer = with_version(kTableGroupsVersion + 1);
  ASSERT_TRUE(newer.Is(StatusCode::kUnsupported)) << newer.ToString();
  EXPECT_NE(newer.message().find("sst/versioned"), std::string::npos);
  EXPECT_NE(newer.message().find("newer namidb-wasm"), std::string::npos);
  EXPECT_TRUE(with_version(0).Is(StatusCode::kCorruption));
  EXPECT_TRUE(with_version(kTableFormatVersion).ok());
}

TEST(BloomFilter, AnswersTrueForEveryAddedKey) {
  BloomFilterBuilder builder;
  for (int i = 0; i < 1000; ++i) builder.Add(Key(i));
  std::string filter = builder.Finish();
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(BloomFilterMayContain(filter, Key(i)));
  EXPECT_TRUE(BloomFilterMayContain("", "x"));  // malformed: never a wrong "absent"
}

}  // namespace
}  // namespace namidb
