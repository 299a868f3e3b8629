// Size limits (core/limits.h): what a writer accepts, every reader reads.
// A record at the limit round-trips through commit, flush, compaction and
// reopening; one byte past it, a value nested one level too deep, a name
// too long, a commit or a manifest too large are refused when staged or
// before anything is written, and leave the namespace as it was. Readers
// refuse blocks past their bound as Corruption instead of allocating.
#include "core/limits.h"

#include <gtest/gtest.h>
#include <zstd.h>

#include "core/coding.h"
#include "core/crc32c.h"
#include "core/hash.h"
#include "storage/graph_reader.h"
#include "storage/table_format.h"
#include "storage/wal_segment.h"
#include "storage/writer_session.h"
#include "store/local_file_store.h"
#include "store/memory_store.h"
#include "support/temp_dir.h"

namespace namidb {
namespace {

Uuid Id(int n) { return NameBasedUuid("limits-node-" + std::to_string(n)); }

// Letters that zstd cannot shrink much, so blocks are stored near full size.
std::string Text(size_t n, uint32_t seed = 1) {
  std::string out(n, 'a');
  for (auto& c : out) {
    seed = seed * 1664525u + 1013904223u;
    c = static_cast<char>('a' + (seed >> 24) % 26);
  }
  return out;
}

// The WAL record body of a node {labels: [Doc], body: <s bytes>}.
size_t RecordBytes(size_t s) {
  Mutation m;
  m.kind = MutationKind::kUpsertNode;
  m.lsn = 1;
  m.id = Id(0);
  m.labels = {"Doc"};
  m.properties = ValueMap{{"body", Value::String(std::string(s, 'x'))}};
  WalSegmentBuilder b;
  EXPECT_TRUE(b.Append(m).ok());
  auto bytes = b.Finish(1);
  // header 32, record framing 8, footer 20
  return bytes->size() - 32 - 8 - 20;
}

// The string length that makes the record exactly kMaxRecordBytes.
size_t LongestBody() {
  size_t overhead = RecordBytes(1000) - 1000 - VarintLength(1000) + VarintLength(kMaxRecordBytes);
  return kMaxRecordBytes - overhead;
}

class LimitsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "memory") {
      store_ = std::make_shared<MemoryStore>();
    } else {
      store_ = std::make_shared<LocalFileStore>(dir_.path());
    }
  }
  std::unique_ptr<WriterSession> Open() {
    auto w = WriterSession::Open(store_, "graph");
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    return w.ok() ? std::move(*w) : nullptr;
  }
  Result<std::optional<NodeRecord>> ReadBack(const Uuid& id) {
    NAMIDB_ASSIGN_OR_RETURN(auto layout, NamespaceLayout::Make("", "graph"));
    NAMIDB_ASSIGN_OR_RETURN(auto reader,
                            GraphReader::Open(store_, layout, std::make_shared<BlockCache>()));
    return reader->LookupNode(id);
  }
  testing::TempDir dir_;
  std::shared_ptr<ObjectStore> store_;
};

TEST_P(LimitsTest, ARecordAtTheLimitRoundTripsThroughCommitFlushCompactAndReopen) {
  const size_t s = LongestBody();
  ASSERT_EQ(RecordBytes(s), kMaxRecordBytes);
  const std::string body = Text(s);
  auto w = Open();
  ASSERT_TRUE(w->UpsertNode({"Doc"}, Id(1), ValueMap{{"body", Value::String(body)}}).ok());
  ASSERT_TRUE(w->UpsertNode({"Doc"}, Id(2), ValueMap{{"n", Value::Int(2)}}).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  auto check = [&](const std::string& when) {
    SCOPED_TRACE(when);
    auto got = ReadBack(Id(1));
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ASSERT_TRUE(got->has_value());
    const Value* v = (*got)->properties.Find("body");
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(v->as_string(), body);
    auto other = ReadBack(Id(2));
    ASSERT_TRUE(other.ok() && other->has_value());
  };
  check("committed");
  ASSERT_TRUE(w->Flush().ok());
  check("flushed");
  // A second run, then the merge of both.
  ASSERT_TRUE(w->UpsertNode({"Doc"}, Id(3), ValueMap{{"body", Value::String(Text(1000, 3))}}).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  auto compacted = w->Compact();
  ASSERT_TRUE(compacted.ok()) << compacted.status().ToString();
  check("compacted");
  w.reset();
  auto again = Open();  // reopened: replays nothing, reads the compacted run
  ASSERT_TRUE(again);
  auto mine = again->view().LookupNode(Id(1));
  ASSERT_TRUE(mine.ok() && mine->has_value());
  EXPECT_EQ((*mine)->properties.Find("body")->as_string(), body);
}

TEST_P(LimitsTest, ARecordOneBytePastTheLimitIsRefusedWhenStaged) {
  auto w = Open();
  ASSERT_TRUE(w->UpsertNode({"Doc"}, Id(2), ValueMap{{"n", Value::Int(2)}}).ok());
  Status s =
      w->UpsertNode({"Doc"}, Id(1), ValueMap{{"body", Value::String(Text(LongestBody() + 1))}});
  ASSERT_TRUE(s.Is(StatusCode::kResourceExhausted)) << s.ToString();
  EXPECT_NE(s.message().find("property 'body'"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("16 MiB"), std::string::npos) << s.message();
  EXPECT_EQ(w->staged(), 1u);  // the batch is as it was
  auto staged = w->view().LookupNode(Id(1));
  ASSERT_TRUE(staged.ok());
  EXPECT_FALSE(staged->has_value());
  // Relationships too, naming their property.
  ASSERT_TRUE(w->UpsertNode({"Doc"}, Id(3), {}).ok());
  auto edge = w->UpsertEdge("REFERS", Id(2), Id(3),
                            ValueMap{{"note", Value::String(Text(kMaxRecordBytes))}});
  ASSERT_TRUE(edge.status().Is(StatusCode::kResourceExhausted)) << edge.status().ToString();
  EXPECT_NE(edge.status().message().find("relationship"), std::string::npos);
  EXPECT_NE(edge.status().message().find("'note'"), std::string::npos);
  ASSERT_TRUE(w->CommitBatch().ok());
  auto got = ReadBack(Id(2));
  ASSERT_TRUE(got.ok() && got->has_value());
}

TEST_P(LimitsTest, ACommitPastItsLimitIsRefusedAndWhatIsStagedStillCommits) {
  auto w = Open();
  const std::string chunk = Text(4u << 20);
  size_t accepted = 0;
  Status refused;
  for (int i = 0; i < 20 && refused.ok(); ++i) {
    refused = w->UpsertNode({"Doc"}, Id(i), ValueMap{{"body", Value::String(chunk)}});
    if (refused.ok()) ++accepted;
  }
  ASSERT_TRUE(refused.Is(StatusCode::kResourceExhausted)) << refused.ToString();
  EXPECT_NE(refused.message().find("one commit"), std::string::npos) << refused.message();
  EXPECT_EQ(accepted, kMaxWalSegmentBytes / chunk.size() - 1);
  EXPECT_EQ(w->staged(), accepted);
  ASSERT_TRUE(w->CommitBatch().ok());
  EXPECT_LE(w->manifest().wal.back().size, kMaxWalSegmentBytes);
}

TEST_P(LimitsTest, ValuesNestedPastTheDecodersDepthAreRefusedWhenStaged) {
  auto nested = [](int lists) {
    Value v = Value::Int(1);
    for (int i = 0; i < lists; ++i) v = Value::List({v});
    return v;
  };
  auto w = Open();
  // A property value is one level; each list around the integer one more.
  ASSERT_TRUE(w->UpsertNode({"Deep"}, Id(1), ValueMap{{"x", nested(kMaxValueDepth - 1)}}).ok());
  Status s = w->UpsertNode({"Deep"}, Id(2), ValueMap{{"x", nested(kMaxValueDepth)}});
  ASSERT_TRUE(s.Is(StatusCode::kInvalidArgument)) << s.ToString();
  EXPECT_NE(s.message().find("property 'x'"), std::string::npos) << s.message();
  ASSERT_TRUE(w->CommitBatch().ok());
  w.reset();
  auto again = Open();  // replays the WAL: every stored value decodes
  ASSERT_TRUE(again);
  ASSERT_TRUE(again->Flush().ok());
  auto got = ReadBack(Id(1));
  ASSERT_TRUE(got.ok() && got->has_value()) << got.status().ToString();
  EXPECT_EQ(*(*got)->properties.Find("x"), nested(kMaxValueDepth - 1));
}

TEST_P(LimitsTest, NamesPastTheirLimitAreRefusedWhenStaged) {
  auto w = Open();
  ASSERT_TRUE(w->UpsertNode({std::string(kMaxNameBytes, 'L')}, Id(1), {}).ok());
  Status label = w->UpsertNode({std::string(kMaxNameBytes + 1, 'L')}, Id(2), {});
  EXPECT_TRUE(label.Is(StatusCode::kInvalidArgument)) << label.ToString();
  EXPECT_NE(label.message().find("label"), std::string::npos);
  Status key =
      w->UpsertNode({"P"}, Id(3), ValueMap{{std::string(kMaxNameBytes + 1, 'k'), Value::Int(1)}});
  EXPECT_TRUE(key.Is(StatusCode::kInvalidArgument)) << key.ToString();
  ASSERT_TRUE(w->UpsertNode({"P"}, Id(4), {}).ok());
  auto edge = w->UpsertEdge(std::string(kMaxNameBytes + 1, 'T'), Id(1), Id(4), {});
  EXPECT_TRUE(edge.status().Is(StatusCode::kInvalidArgument)) << edge.status().ToString();
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  auto got = ReadBack(Id(1));
  ASSERT_TRUE(got.ok() && got->has_value());
}

TEST_P(LimitsTest, NamesThatAreNotUtf8AreRefusedWhenStaged) {
  // The manifest's statistics hold names as JSON text: a name that is not
  // UTF-8 could only be stored replaced, and would then miss its tables.
  auto w = Open();
  ASSERT_TRUE(w->UpsertNode({"P"}, Id(1), {}).ok());
  Status label = w->UpsertNode({"L\xff"}, Id(2), {});
  EXPECT_TRUE(label.Is(StatusCode::kInvalidArgument)) << label.ToString();
  EXPECT_NE(label.message().find("label 'L...' is not UTF-8 (byte 1 is 0xff)"), std::string::npos)
      << label.message();
  Status key = w->UpsertNode({"P"}, Id(3), ValueMap{{"\xc0\xaf", Value::Int(1)}});  // overlong
  EXPECT_TRUE(key.Is(StatusCode::kInvalidArgument)) << key.ToString();
  auto edge = w->UpsertEdge("T\xe1\xe1", Id(1), Id(1), {});
  EXPECT_TRUE(edge.status().Is(StatusCode::kInvalidArgument)) << edge.status().ToString();
  EXPECT_EQ(w->staged(), 1u);                                      // only the first node
  ASSERT_TRUE(w->UpsertEdge("T\xc3\xa9", Id(1), Id(1), {}).ok());  // 'Té' is text
  ASSERT_TRUE(w->CommitBatch().ok());
  ASSERT_TRUE(w->Flush().ok());
  EXPECT_EQ(w->manifest().stats.types, (std::map<std::string, uint64_t>{{"T\xc3\xa9", 1}}));
}

TEST_P(LimitsTest, AManifestPastItsLimitIsRefusedBeforeAnythingIsWritten) {
  auto w = Open();
  ASSERT_TRUE(w->UpsertNode({"P"}, Id(0), {}).ok());
  ASSERT_TRUE(w->CommitBatch().ok());
  // Every distinct property key is counted in the manifest's statistics.
  const size_t keys = kMaxManifestBytes / kMaxNameBytes + 16;
  for (size_t i = 0; i < keys; ++i) {
    std::string key = std::to_string(i) + std::string(kMaxNameBytes - 8, 'k');
    ASSERT_TRUE(
        w->UpsertNode({"P"}, Id(static_cast<int>(i) + 1), ValueMap{{key, Value::Int(1)}}).ok());
  }
  auto objects_before = store_->ListAll("graph/");
  uint64_t version = w->manifest().version;
  auto commit = w->CommitBatch();
  ASSERT_TRUE(commit.status().Is(StatusCode::kResourceExhausted)) << commit.status().ToString();
  EXPECT_NE(commit.status().message().find("manifest"), std::string::npos);
  EXPECT_EQ(w->manifest().version, version);
  EXPECT_EQ(store_->ListAll("graph/")->size(), objects_before->size());  // no WAL segment either
  w->DiscardBatch();
  ASSERT_TRUE(w->UpsertNode({"P"}, Id(1), {}).ok());
  EXPECT_TRUE(w->CommitBatch().ok());  // the session goes on
}

INSTANTIATE_TEST_SUITE_P(Stores, LimitsTest, ::testing::Values("memory", "file"));

// A block as a table holds it: payload, type, masked CRC.
std::string Block(std::string payload, uint8_t type) {
  uint32_t crc = crc32c::Extend(crc32c::Value(payload), reinterpret_cast<const char*>(&type), 1);
  payload.push_back(static_cast<char>(type));
  PutFixed32(&payload, crc32c::Mask(crc));
  return payload;
}

TEST(TableLimits, AReaderRefusesBlocksPastItsBoundWithoutDecodingThem) {
  std::string raw(kMaxBlockBytes + 1, '\0');
  auto too_raw = DecodeTableBlock(Block(raw, 0), "sst/raw");
  EXPECT_TRUE(too_raw.status().Is(StatusCode::kCorruption)) << too_raw.status().ToString();
  std::string frame(ZSTD_compressBound(raw.size()), '\0');
  frame.resize(ZSTD_compress(frame.data(), frame.size(), raw.data(), raw.size(), 1));
  auto too_big = DecodeTableBlock(Block(frame, 1), "sst/zstd");
  EXPECT_TRUE(too_big.status().Is(StatusCode::kCorruption)) << too_big.status().ToString();
  EXPECT_NE(too_big.status().message().find("sst/zstd"), std::string::npos);
}

TEST(TableLimits, AnEntryAsLargeAsABlockGetsABlockOfItsOwn) {
  TableBuilder builder;
  ASSERT_TRUE(builder.Add("a", "small").ok());
  ASSERT_TRUE(builder.Add("b", std::string(kTableBlockBytes * 3, 'v')).ok());
  ASSERT_TRUE(builder.Add("c", "small").ok());
  auto bytes = builder.Finish();
  ASSERT_TRUE(bytes.ok());
  auto index = TableIndex::Open(
      std::string_view(*bytes).substr(bytes->size() - builder.meta_size()), bytes->size(), "sst/t");
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  auto blocks = index->Blocks();
  ASSERT_EQ(blocks.size(), 3u);
  for (const auto& h : blocks) {
    auto entries = DecodeTableBlock(std::string_view(*bytes).substr(h.offset, h.size), "sst/t");
    ASSERT_TRUE(entries.ok());
    EXPECT_EQ(entries->size(), 1u);
  }
  EXPECT_GE(builder.meta_size_estimate(), builder.meta_size());
}

}  // namespace
}  // namespace namidb
