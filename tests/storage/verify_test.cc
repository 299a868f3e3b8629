// VerifyNamespace: a healthy namespace passes with every byte read; a flipped
// bit in a data block or a WAL record, a truncated or missing object and a
// broken manifest are each reported by key while every other object is still
// checked; unreferenced and unknown objects are listed, not broken.
#include "storage/verify.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "core/hash.h"
#include "storage/manifest.h"
#include "storage/writer_session.h"
#include "store/memory_store.h"

namespace namidb {
namespace {

class VerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto w = WriterSession::Open(store_, "graph", WriterOptions{});
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    for (int batch = 0; batch < 3; ++batch) {
      for (int i = 0; i < 400; ++i) {
        const int n = batch * 400 + i;
        ValueMap props{{"name", Value::String("person number " + std::to_string(n))}};
        ASSERT_TRUE(
            (*w)->UpsertNode({"Person"}, NameBasedUuid("v-" + std::to_string(n)), props).ok());
      }
      ASSERT_TRUE((*w)->CommitBatch().ok());
      if (batch == 1) {
        ASSERT_TRUE((*w)->Flush().ok());  // tables, then one more WAL segment
      }
    }
  }

  VerifyReport Verify() {
    auto report = VerifyNamespace(*store_, *NamespaceLayout::Make("", "graph"));
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : VerifyReport{};
  }

  // The first object whose key starts with `prefix`.
  std::string First(const std::string& prefix) {
    auto all = store_->ListAll("graph/" + prefix);
    EXPECT_TRUE(all.ok() && !all->empty());
    return all.ok() && !all->empty() ? all->front().key : "";
  }

  void Replace(const std::string& key, const std::function<void(std::string&)>& change) {
    auto got = store_->Get(key);
    ASSERT_TRUE(got.ok());
    std::string bytes = got->data;
    change(bytes);
    ASSERT_TRUE(store_->Put(key, bytes, PutOptions{}).ok());
  }

  static const VerifiedObject* Find(const VerifyReport& r, const std::string& relative) {
    for (const auto& o : r.objects) {
      if (o.key == relative) return &o;
    }
    return nullptr;
  }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
};

TEST_F(VerifyTest, AHealthyNamespacePassesWithEveryByteRead) {
  VerifyReport r = Verify();
  EXPECT_EQ(r.broken(), 0u);
  uint64_t total = 0;
  std::map<std::string, int> kinds;
  for (const auto& o : r.objects) {
    total += o.bytes;
    kinds[o.kind]++;
    EXPECT_TRUE(o.status.ok()) << o.key << ": " << o.status.ToString();
  }
  EXPECT_EQ(r.bytes, total);
  EXPECT_EQ(kinds["manifest"], 1);
  EXPECT_GE(kinds["checkpoint"], 1);  // the flush wrote one
  EXPECT_GE(kinds["wal"], 1);
  EXPECT_GE(kinds["table"], 1);
}

TEST_F(VerifyTest, AFlippedBitInADataBlockIsReportedAndTheRestStillChecked) {
  const std::string table = First("sst/nodes-");
  Replace(table, [](std::string& b) { b[b.size() / 4] ^= 0x10; });  // a block, not the tail
  VerifyReport r = Verify();
  EXPECT_EQ(r.broken(), 1u);
  const VerifiedObject* o = Find(r, table.substr(6));
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->status.code(), StatusCode::kCorruption) << o->status.ToString();
  EXPECT_NE(o->status.message().find(table), std::string::npos) << o->status.message();
  EXPECT_GT(r.objects.size(), 3u);
}

TEST_F(VerifyTest, AFlippedBitInAWalRecordIsReported) {
  const std::string wal = First("wal/");
  Replace(wal, [](std::string& b) { b[b.size() / 2] ^= 0x01; });
  VerifyReport r = Verify();
  ASSERT_EQ(r.broken(), 1u);
  EXPECT_EQ(Find(r, wal.substr(6))->status.code(), StatusCode::kCorruption);
}

TEST_F(VerifyTest, ACheckpointThatDoesNotDecodeIsReported) {
  const std::string checkpoint = First("checkpoint/");
  Replace(checkpoint, [](std::string& b) { b.resize(b.size() / 2); });
  VerifyReport r = Verify();
  ASSERT_EQ(r.broken(), 1u);
  const VerifiedObject* o = Find(r, checkpoint.substr(6));
  EXPECT_EQ(o->kind, "checkpoint");
  EXPECT_TRUE(o->referenced);
  EXPECT_EQ(o->status.code(), StatusCode::kCorruption);
}

TEST_F(VerifyTest, ATruncatedAndAMissingObjectAreReported) {
  const std::string table = First("sst/");
  Replace(table, [](std::string& b) { b.resize(b.size() - 100); });
  // The segment the manifest names (the flush retired the earlier ones).
  auto text = store_->Get("graph/manifest.json");
  ASSERT_TRUE(text.ok());
  auto manifest = DecodeManifest(text->data, "graph/manifest.json");
  ASSERT_TRUE(manifest.ok() && !manifest->wal.empty());
  const std::string wal = "graph/" + manifest->wal.front().key;
  ASSERT_TRUE(store_->Delete(wal).ok());
  VerifyReport r = Verify();
  EXPECT_EQ(r.broken(), 2u);
  EXPECT_NE(Find(r, table.substr(6))->status.message().find("the manifest records"),
            std::string::npos);
  const VerifiedObject* missing = Find(r, wal.substr(6));
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->status.code(), StatusCode::kNotFound);
  EXPECT_TRUE(missing->referenced);
}

TEST_F(VerifyTest, ABrokenManifestStillLetsEveryOtherObjectBeChecked) {
  Replace("graph/manifest.json", [](std::string& b) { b = b.substr(0, b.size() / 2); });
  VerifyReport r = Verify();
  EXPECT_EQ(r.broken(), 1u);
  EXPECT_EQ(Find(r, "manifest.json")->status.code(), StatusCode::kCorruption);
  size_t checked = 0;
  for (const auto& o : r.objects) {
    if (o.kind == "wal" || o.kind == "table") {
      EXPECT_FALSE(o.referenced);
      EXPECT_TRUE(o.status.ok()) << o.key;
      ++checked;
    }
  }
  EXPECT_GT(checked, 2u);
}

TEST_F(VerifyTest, UnknownAndUnreferencedObjectsAreListedNotBroken) {
  ASSERT_TRUE(store_->Put("graph/notes.txt", "hello", PutOptions{}).ok());
  // A table no manifest names, as an interrupted flush leaves it: checked in full.
  auto table = store_->Get(First("sst/"));
  ASSERT_TRUE(table.ok());
  ASSERT_TRUE(store_->Put("graph/sst/nodes-orphan.sst", table->data, PutOptions{}).ok());
  VerifyReport r = Verify();
  EXPECT_EQ(r.broken(), 0u);
  EXPECT_EQ(Find(r, "notes.txt")->kind, "unknown");
  const VerifiedObject* orphan = Find(r, "sst/nodes-orphan.sst");
  ASSERT_NE(orphan, nullptr);
  EXPECT_FALSE(orphan->referenced);

  std::string bad = table->data;
  bad[bad.size() / 4] ^= 0x10;
  ASSERT_TRUE(store_->Put("graph/sst/nodes-orphan.sst", bad, PutOptions{}).ok());
  EXPECT_EQ(Verify().broken(), 1u);
}

TEST_F(VerifyTest, ANamespaceWithNoObjectsIsNotFound) {
  auto r = VerifyNamespace(*store_, *NamespaceLayout::Make("", "nothing"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace namidb
