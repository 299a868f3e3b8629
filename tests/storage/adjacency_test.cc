#include <gtest/gtest.h>

#include <algorithm>
#include <string>

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

// The view an expansion decodes takes plain bounds checks for a type shorter
// than 128 bytes and the checked decoder otherwise: both read every type
// length alike, and every truncated or extended key or value is Corruption.
TEST(Adjacency, ViewsDecodeEveryTypeLengthAndRejectEveryMalformedEntry) {
  Uuid a = NameBasedUuid("a"), b = NameBasedUuid("b"), e = NameBasedUuid("e");
  for (size_t length : {0, 1, 7, 127, 128, 300}) {
    SCOPED_TRACE("type length " + std::to_string(length));
    std::string type(length, 'T');
    std::string key = AdjacencyKey(a, type, e);
    for (bool deleted : {false, true}) {
      std::string value = AdjacencyValue(b, deleted);
      auto view = DecodeAdjacencyView(key, value, "t");
      ASSERT_TRUE(view.ok()) << view.status().ToString();
      EXPECT_EQ(view->node, a);
      EXPECT_EQ(view->type, type);
      EXPECT_EQ(view->edge, e);
      EXPECT_EQ(view->other, b);
      EXPECT_EQ(view->deleted, deleted);
    }
    std::string value = AdjacencyValue(b, false);
    for (size_t cut = 0; cut < key.size(); ++cut) {
      EXPECT_TRUE(
          DecodeAdjacencyView(key.substr(0, cut), value, "t").status().Is(StatusCode::kCorruption))
          << "key cut at " << cut;
    }
    for (size_t cut = 0; cut < value.size(); ++cut) {
      EXPECT_TRUE(
          DecodeAdjacencyView(key, value.substr(0, cut), "t").status().Is(StatusCode::kCorruption))
          << "value cut at " << cut;
    }
    EXPECT_TRUE(DecodeAdjacencyView(key + "x", value, "t").status().Is(StatusCode::kCorruption));
    EXPECT_TRUE(DecodeAdjacencyView(key, value + "x", "t").status().Is(StatusCode::kCorruption));
    for (char flags : {'\x02', '\x80', '\xff'}) {
      std::string bad = value;
      bad.back() = flags;
      EXPECT_TRUE(DecodeAdjacencyView(key, bad, "t").status().Is(StatusCode::kCorruption));
    }
  }
}

// The tail the loops over many entries read without a Result agrees with
// the checked decoder: the same fields, and false exactly where the decoder
// says Corruption (a key or value of another length, a flag but bit 0).
TEST(Adjacency, TailsReadWithoutAResultAgreeWithTheDecoder) {
  Uuid a = NameBasedUuid("a"), b = NameBasedUuid("b"), e = NameBasedUuid("e");
  const std::string prefix = AdjacencyGroupPrefix(AdjacencyLayout::kByType, a, "KNOWS");
  const std::string key = TypedAdjacencyKey("KNOWS", a, e);
  ASSERT_EQ(key.size(), prefix.size() + 16);
  for (bool deleted : {false, true}) {
    const std::string value = AdjacencyValue(b, deleted);
    AdjacencyTail read;
    ASSERT_TRUE(ReadAdjacencyTail(key, prefix.size(), value, &read));
    auto decoded = DecodeAdjacencyTail(key, prefix.size(), value, "t");
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(read.edge, e);
    EXPECT_EQ(read.other, b);
    EXPECT_EQ(read.deleted, deleted);
    EXPECT_EQ(decoded->edge, read.edge);
    EXPECT_EQ(decoded->other, read.other);
    EXPECT_EQ(decoded->deleted, read.deleted);
  }
  const std::string value = AdjacencyValue(b, false);
  std::vector<std::pair<std::string, std::string>> malformed = {
      {key.substr(0, key.size() - 1), value},
      {key + "x", value},
      {key, value.substr(0, value.size() - 1)},
      {key, value + "x"}};
  for (char flags : {'\x02', '\x03', '\x80', '\xff'}) {
    std::string bad = value;
    bad.back() = flags;
    malformed.emplace_back(key, bad);
  }
  for (const auto& [k, v] : malformed) {
    AdjacencyTail read;
    EXPECT_FALSE(ReadAdjacencyTail(k, prefix.size(), v, &read));
    EXPECT_TRUE(DecodeAdjacencyTail(k, prefix.size(), v, "t").status().Is(StatusCode::kCorruption));
  }
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

// Labels shorter than 128 bytes are read by bounds checks, longer ones by
// the checked decoder: both decode alike and reject every cut or extended
// key and a key of another label of the same length.
TEST(LabelIndex, EveryLabelLengthDecodesAndEveryMalformedKeyIsCorruption) {
  Uuid a = NameBasedUuid("a");
  for (size_t length : {1, 6, 127, 128, 200}) {
    SCOPED_TRACE("label length " + std::to_string(length));
    std::string label(length, 'L'), other(length, 'M');
    std::string key = LabelIndexKey(label, a);
    auto id = DecodeLabelIndexKey(key, label, "t");
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    EXPECT_EQ(*id, a);
    EXPECT_TRUE(DecodeLabelIndexKey(key, other, "t").status().Is(StatusCode::kCorruption));
    EXPECT_TRUE(DecodeLabelIndexKey(key + "x", label, "t").status().Is(StatusCode::kCorruption));
    for (size_t cut = 0; cut < key.size(); ++cut) {
      EXPECT_TRUE(
          DecodeLabelIndexKey(key.substr(0, cut), label, "t").status().Is(StatusCode::kCorruption))
          << "cut at " << cut;
    }
  }
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
