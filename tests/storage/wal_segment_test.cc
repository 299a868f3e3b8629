#include "storage/wal_segment.h"

#include <gtest/gtest.h>

#include "core/coding.h"
#include "core/crc32c.h"
#include "core/hash.h"

namespace namidb {
namespace {

Uuid Id(int n) { return NameBasedUuid("node-" + std::to_string(n)); }

WalSegment Sample() {
  WalSegment s;
  s.writer_epoch = 3;
  s.first_lsn = 100;
  Mutation node;
  node.kind = MutationKind::kUpsertNode;
  node.lsn = 100;
  node.id = Id(1);
  node.labels = {"Person", "Admin"};
  node.properties = ValueMap{{"name", Value::String("Ann")},
                             {"age", Value::Int(31)},
                             {"tags", Value::List({Value::String("a"), Value::Float(1.5)})},
                             {"blob", Value::Bytes(std::string("\0\xff", 2))}};
  Mutation edge;
  edge.kind = MutationKind::kUpsertEdge;
  edge.lsn = 101;
  edge.id = Id(9);
  edge.type = "KNOWS";
  edge.src = Id(1);
  edge.dst = Id(2);
  edge.properties = ValueMap{{"since", Value::Int(2020)}};
  Mutation gone;
  gone.kind = MutationKind::kTombstoneNode;
  gone.lsn = 102;
  gone.id = Id(3);
  s.mutations = {node, edge, gone};
  s.last_lsn = 102;
  return s;
}

TEST(WalSegment, RoundTrips) {
  WalSegment s = Sample();
  auto bytes = EncodeWalSegment(s);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto back = DecodeWalSegment(*bytes, "ns/wal/x.wal");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->writer_epoch, 3u);
  EXPECT_EQ(back->first_lsn, 100u);
  EXPECT_EQ(back->last_lsn, 102u);
  EXPECT_EQ(back->mutations, s.mutations);
}

TEST(WalSegment, RefusesUnstorableOrMisnumberedBatches) {
  WalSegment s = Sample();
  s.mutations[0].properties.Set("bad", Value::Node(NodeValue{}));
  EXPECT_TRUE(EncodeWalSegment(s).status().Is(StatusCode::kInvalidArgument));
  s = Sample();
  s.mutations[1].lsn = 150;
  EXPECT_TRUE(EncodeWalSegment(s).status().Is(StatusCode::kInvalidArgument));
  EXPECT_TRUE(EncodeWalSegment(WalSegment{}).status().Is(StatusCode::kInvalidArgument));
}

TEST(WalSegment, EveryTruncationIsCorruptionNamingTheObject) {
  std::string bytes = *EncodeWalSegment(Sample());
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto got = DecodeWalSegment(bytes.substr(0, n), "ns/wal/cut.wal");
    ASSERT_TRUE(got.status().Is(StatusCode::kCorruption)) << n;
    EXPECT_NE(got.status().message().find("ns/wal/cut.wal"), std::string::npos);
  }
}

TEST(WalSegment, EverySingleBitFlipIsCorruption) {
  std::string bytes = *EncodeWalSegment(Sample());
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string flipped = bytes;
      flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
      ASSERT_TRUE(DecodeWalSegment(flipped, "w").status().Is(StatusCode::kCorruption))
          << "byte " << i << " bit " << bit;
    }
  }
}

TEST(WalSegment, ANewerFormatVersionIsUnsupported) {
  std::string bytes = *EncodeWalSegment(Sample());
  auto with_version = [&](uint32_t version) {  // the checksum made right
    std::string b = bytes;
    EncodeFixed32(b.data() + 8, version);  // after the 8-byte magic
    size_t crc_at = b.size() - 12;
    EncodeFixed32(b.data() + crc_at, crc32c::Mask(crc32c::Value(b.data(), crc_at)));
    return DecodeWalSegment(b, "ns/wal/7").status();
  };
  ASSERT_TRUE(with_version(kWalFormatVersion).ok());
  Status newer = with_version(kWalFormatVersion + 1);
  ASSERT_TRUE(newer.Is(StatusCode::kUnsupported)) << newer.ToString();
  EXPECT_NE(newer.message().find("ns/wal/7"), std::string::npos);
  EXPECT_TRUE(with_version(0).Is(StatusCode::kCorruption));
}

TEST(WalSegment, OversizedAndForeignInputsAreCorruption) {
  std::string bytes = *EncodeWalSegment(Sample());
  EXPECT_TRUE(DecodeWalSegment(bytes + "extra", "w").status().Is(StatusCode::kCorruption));
  EXPECT_TRUE(DecodeWalSegment(bytes + bytes, "w").status().Is(StatusCode::kCorruption));
  EXPECT_TRUE(DecodeWalSegment(std::string(4096, 'x'), "w").status().Is(StatusCode::kCorruption));
  EXPECT_TRUE(DecodeWalSegment("", "w").status().Is(StatusCode::kCorruption));
}

}  // namespace
}  // namespace namidb
