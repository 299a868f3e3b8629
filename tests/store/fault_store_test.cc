#include "store/fault_store.h"

#include <gtest/gtest.h>

#include "store/memory_store.h"

namespace namidb {
namespace {

class FaultStoreTest : public ::testing::Test {
 protected:
  std::shared_ptr<MemoryStore> inner_ = std::make_shared<MemoryStore>();
  FaultStore store_{inner_};
};

TEST_F(FaultStoreTest, PassesCallsThroughAndLogsThem) {
  ASSERT_TRUE(store_.Put("a", "1", PutOptions::Overwrite()).ok());
  EXPECT_EQ(store_.Get("a")->data, "1");
  EXPECT_TRUE(store_.Head("a").ok());
  EXPECT_TRUE(store_.List("", ListOptions{}).ok());
  EXPECT_TRUE(store_.Delete("a").ok());
  EXPECT_EQ(store_.operation_count(), 5u);
  auto log = store_.log();
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[0].op, FaultStore::Op::kPut);
  EXPECT_EQ(log[1].op, FaultStore::Op::kGet);
  EXPECT_EQ(log[4].key, "a");
}

TEST_F(FaultStoreTest, FailureBeforeTheCallChangesNothing) {
  store_.FailAt(0, FaultStore::When::kBefore);
  EXPECT_TRUE(store_.Put("a", "1", PutOptions::Overwrite()).status().Is(StatusCode::kIoError));
  EXPECT_EQ(inner_->size(), 0u);
  EXPECT_TRUE(store_.Put("a", "1", PutOptions::Overwrite()).ok());  // fires once
}

TEST_F(FaultStoreTest, FailureAfterTheCallLosesOnlyTheAcknowledgement) {
  store_.FailNext(FaultStore::Op::kPut, FaultStore::When::kAfter);
  EXPECT_TRUE(store_.Put("a", "1", PutOptions::Overwrite()).status().Is(StatusCode::kIoError));
  EXPECT_EQ(inner_->Get("a")->data, "1");
}

TEST_F(FaultStoreTest, FailNextWaitsForItsKindOfCall) {
  store_.FailNext(FaultStore::Op::kDelete, FaultStore::When::kBefore);
  EXPECT_TRUE(store_.Put("a", "1", PutOptions::Overwrite()).ok());
  EXPECT_TRUE(store_.Get("a").ok());
  EXPECT_TRUE(store_.Delete("a").Is(StatusCode::kIoError));
  EXPECT_EQ(inner_->size(), 1u);
}

TEST_F(FaultStoreTest, StopFailsEverythingFromThenOnUntilReset) {
  store_.StopAt(1);
  EXPECT_TRUE(store_.Put("a", "1", PutOptions::Overwrite()).ok());
  EXPECT_FALSE(store_.Put("b", "2", PutOptions::Overwrite()).ok());
  GetRequest requests[] = {{"a", std::nullopt}, {"b", std::nullopt}};
  auto results = store_.GetMany(requests);
  EXPECT_TRUE(results[0].status().Is(StatusCode::kIoError));
  EXPECT_TRUE(results[1].status().Is(StatusCode::kIoError));
  store_.Reset();
  EXPECT_TRUE(store_.Get("a").ok());
}

}  // namespace
}  // namespace namidb
