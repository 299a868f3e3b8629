// LiveNodeSet: a set of node ids within a byte budget, checked against
// std::set under random inserts and erases.
#include "storage/live_node_set.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "core/hash.h"

namespace namidb {
namespace {

Uuid Id(int n) { return NameBasedUuid("live-" + std::to_string(n)); }

TEST(LiveNodeSetTest, AgreesWithASetUnderInsertsAndErases) {
  LiveNodeSet set(1 << 20);
  std::set<Uuid> model;
  std::mt19937 random(7);
  for (int step = 0; step < 100000; ++step) {
    Uuid id = Id(static_cast<int>(random() % 5000));
    if (random() % 3 == 0) {
      set.Erase(id);
      model.erase(id);
    } else {
      ASSERT_TRUE(set.Insert(id));
      model.insert(id);
    }
    if (step % 5000 == 0) {
      for (int n = 0; n < 5000; ++n) ASSERT_EQ(set.Contains(Id(n)), model.count(Id(n)) > 0) << n;
    }
  }
  EXPECT_EQ(set.size(), model.size());
}

TEST(LiveNodeSetTest, TheNilIdIsAnIdLikeAnother) {
  LiveNodeSet set(1 << 20);
  EXPECT_FALSE(set.Contains(Uuid::Nil()));
  EXPECT_TRUE(set.Insert(Uuid::Nil()));
  EXPECT_TRUE(set.Contains(Uuid::Nil()));
  EXPECT_EQ(set.size(), 1u);
  set.Erase(Uuid::Nil());
  EXPECT_FALSE(set.Contains(Uuid::Nil()));
}

TEST(LiveNodeSetTest, StopsAddingAtItsBudget) {
  LiveNodeSet set(40 << 10);  // room for 2,048 slots (32 KiB), not 4,096
  int added = 0;
  for (int n = 0; n < 3000; ++n) added += set.Insert(Id(n)) ? 1 : 0;
  EXPECT_EQ(added, 1536);  // three quarters of 2,048
  EXPECT_EQ(set.bytes(), 32u << 10);
  EXPECT_LE(set.bytes(), set.budget_bytes());
  for (int n = 0; n < 3000; ++n) EXPECT_EQ(set.Contains(Id(n)), n < 1536) << n;
  // Room again once ids leave.
  set.Erase(Id(0));
  EXPECT_TRUE(set.Insert(Id(2999)));

  LiveNodeSet none(0);
  EXPECT_FALSE(none.Insert(Id(1)));
  EXPECT_FALSE(none.Contains(Id(1)));
  EXPECT_EQ(none.bytes(), 0u);
}

}  // namespace
}  // namespace namidb
