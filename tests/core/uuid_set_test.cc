#include "core/uuid_set.h"

#include <gtest/gtest.h>

#include <string>
#include <unordered_set>

#include "core/hash.h"

namespace namidb {
namespace {

Uuid Id(int i) { return NameBasedUuid("uuid-set-test-" + std::to_string(i)); }

TEST(UuidSetTest, HoldsWhatWasInsertedAndNothingElse) {
  UuidSet set;
  EXPECT_TRUE(set.empty());
  EXPECT_FALSE(set.Contains(Id(0)));
  // Through several growths, against a reference set.
  std::unordered_set<Uuid, UuidHash> reference;
  for (int i = 0; i < 5000; i += 2) {
    EXPECT_TRUE(set.Insert(Id(i)));
    reference.insert(Id(i));
  }
  EXPECT_FALSE(set.Insert(Id(10)));  // already there
  EXPECT_EQ(set.size(), reference.size());
  for (int i = 0; i < 5000; ++i) EXPECT_EQ(set.Contains(Id(i)), reference.count(Id(i)) > 0) << i;
  set.Clear();
  EXPECT_TRUE(set.empty());
  EXPECT_FALSE(set.Contains(Id(2)));
}

TEST(UuidSetTest, ReservedRoomKeepsMembers) {
  UuidSet set;
  set.Insert(Id(1));
  set.Reserve(1000);
  EXPECT_TRUE(set.Contains(Id(1)));
  for (int i = 2; i < 1000; ++i) set.Insert(Id(i));
  EXPECT_EQ(set.size(), 999u);
  EXPECT_TRUE(set.Contains(Id(999)));
  EXPECT_FALSE(set.Contains(Id(1000)));
}

}  // namespace
}  // namespace namidb
