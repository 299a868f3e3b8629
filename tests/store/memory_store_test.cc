#include "store/memory_store.h"

#include <gtest/gtest.h>

namespace namidb {
namespace {

TEST(MemoryStore, SharedStoresAreOnePerName) {
  auto a = MemoryStore::Shared("memory-store-test-a");
  auto again = MemoryStore::Shared("memory-store-test-a");
  auto b = MemoryStore::Shared("memory-store-test-b");
  EXPECT_EQ(a.get(), again.get());
  EXPECT_NE(a.get(), b.get());
}

TEST(MemoryStore, VersionsAreNeverReused) {
  MemoryStore store;
  auto v1 = store.Put("k", "x", PutOptions::Overwrite());
  ASSERT_TRUE(store.Delete("k").ok());
  auto v2 = store.Put("k", "x", PutOptions::Overwrite());
  EXPECT_NE(v1->etag, v2->etag);
  EXPECT_EQ(store.size(), 1u);
}

}  // namespace
}  // namespace namidb
