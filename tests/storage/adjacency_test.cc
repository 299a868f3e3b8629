#include <gtest/gtest.h>

#include <algorithm>

#include "core/hash.h"
#include "storage/adjacency_codec.h"
#include "storage/label_index_codec.h"
#include "storage/record_codec.h"
#include "storage/table_format.h"

namespace namidb {
namespace {

TEST(Adjacency, KeysRoundTripAndGroupByNodeThenType) {
  Uuid a = NameBasedUuid("a"), b = NameBasedUuid("b"), e1 = NameBasedUuid("e1"),
       e2 = NameBasedUuid("e2");
  std::string key = AdjacencyKey(a, "KNOWS", e1);
  auto entry = DecodeAdjacency(key, AdjacencyValue(b, false), "t");
  ASSERT_TRUE(entry.ok());
  EXPECT_FALSE(entry->deleted);
  EXPECT_TRUE(DecodeAdjacency(key, AdjacencyValue(b, true), "t")->deleted);
  EXPECT_EQ(entry->node, a);
  EXPECT_EQ(entry->type, "KNOWS");
  EXPECT_EQ(entry->edge, e1);
  EXPECT_EQ(entry->other, b);
  EXPECT_TRUE(std::string_view(key).starts_with(AdjacencyPrefix(a)));
  EXPECT_TRUE(std::string_view(key).starts_with(AdjacencyPrefix(a, "KNOWS")));
  EXPECT_FALSE(std::string_view(key).starts_with(AdjacencyPrefix(a, "KNOW")));
  EXPECT_FALSE(
      std::string_view(AdjacencyKey(a, "KNOWSX", e2)).starts_with(AdjacencyPrefix(a, "KNOWS")));
  EXPECT_TRUE(DecodeAdjacency(key + "x", AdjacencyValue(b, false), "t")
                  .status()
                  .Is(StatusCode::kCorruption));
  EXPECT_TRUE(DecodeAdjacency(key, "short", "t").status().Is(StatusCode::kCorruption));
  std::string unknown_flags = AdjacencyValue(b, false);
  unknown_flags.back() = 2;
  EXPECT_TRUE(DecodeAdjacency(key, unknown_flags, "t").status().Is(StatusCode::kCorruption));
  EXPECT_TRUE(DecodeAdjacency(key, AdjacencyValue(b, false) + "x", "t")
                  .status()
                  .Is(StatusCode::kCorruption));
}

TEST(Adjacency, PrefixBlocksCoverExactlyTheMatchingRun) {
  // 200 nodes x 30 edges in small blocks: a node's run spans block borders.
  std::vector<std::string> keys;
  for (int n = 0; n < 200; ++n) {
    for (int e = 0; e < 30; ++e) {
      keys.push_back(AdjacencyKey(NameBasedUuid("n" + std::to_string(n)), e % 2 ? "A" : "B",
                                  NameBasedUuid("e" + std::to_string(n * 100 + e))));
    }
  }
  std::sort(keys.begin(), keys.end());
  TableBuilder builder(256);
  for (const auto& k : keys) ASSERT_TRUE(builder.Add(k, "v").ok());
  std::string table = *builder.Finish();
  auto index = TableIndex::Open(std::string_view(table).substr(table.size() - builder.meta_size()),
                                table.size(), "t");
  ASSERT_TRUE(index.ok());
  for (int n : {0, 57, 199}) {
    std::string prefix = AdjacencyPrefix(NameBasedUuid("n" + std::to_string(n)), "A");
    size_t found = 0;
    for (const auto& h : index->BlocksWithPrefix(prefix)) {
      auto block = DecodeTableBlock(std::string_view(table).substr(h.offset, h.size), "t");
      ASSERT_TRUE(block.ok());
      for (const auto& e : *block) found += std::string_view(e.key).starts_with(prefix);
    }
    EXPECT_EQ(found, 15u) << n;
  }
  EXPECT_TRUE(index->BlocksWithPrefix(std::string(16, '\xff')).empty());
}

TEST(LabelIndex, KeysGroupByLabelAndRejectForeignBytes) {
  Uuid a = NameBasedUuid("a");
  std::string key = LabelIndexKey("Person", a);
  EXPECT_TRUE(std::string_view(key).starts_with(LabelIndexPrefix("Person")));
  EXPECT_FALSE(
      std::string_view(LabelIndexKey("Personal", a)).starts_with(LabelIndexPrefix("Person")));
  EXPECT_EQ(*DecodeLabelIndexKey(key, "Person", "t"), a);
  EXPECT_TRUE(DecodeLabelIndexKey(key, "Robot", "t").status().Is(StatusCode::kCorruption));
  EXPECT_TRUE(DecodeLabelIndexKey(key + "x", "Person", "t").status().Is(StatusCode::kCorruption));
  EXPECT_TRUE(DecodeLabelIndexKey(key.substr(0, key.size() - 1), "Person", "t")
                  .status()
                  .Is(StatusCode::kCorruption));
}

TEST(RecordCodec, TombstonesRoundTripAndUnknownFlagsAreCorruption) {
  NodeRecord node;
  node.lsn = 7;
  node.deleted = true;
  auto bytes = EncodeNodeRecord(node);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*DecodeNodeRecord(*bytes, "t"), node);
  std::string flagged = *bytes;
  flagged[1] = 4;  // after the one-byte LSN
  EXPECT_TRUE(DecodeNodeRecord(flagged, "t").status().Is(StatusCode::kCorruption));
  EdgeRecord edge;
  edge.lsn = 9;
  edge.deleted = true;
  edge.type = "KNOWS";
  edge.src = NameBasedUuid("s");
  edge.dst = NameBasedUuid("d");
  auto edge_bytes = EncodeEdgeRecord(edge);
  ASSERT_TRUE(edge_bytes.ok());
  EXPECT_EQ(*DecodeEdgeRecord(*edge_bytes, "t"), edge);
  for (size_t cut = 0; cut < edge_bytes->size(); ++cut) {
    EXPECT_TRUE(
        DecodeEdgeRecord(edge_bytes->substr(0, cut), "t").status().Is(StatusCode::kCorruption))
        << cut;
  }
}

}  // namespace
}  // namespace namidb
