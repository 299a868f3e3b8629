// SlotMap: the memtable's id -> slot map, checked against std::map under
// random inserts and erases; slots stay where they are while others come
// and go, and an emptied map gives its memory back.
#include "storage/slot_map.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>

#include "core/hash.h"

namespace namidb {
namespace {

Uuid Id(int n) { return NameBasedUuid("slot-" + std::to_string(n)); }

// Sequential ids: the leading bytes of version-7 ids, the bits a weak hash
// would cluster on.
Uuid Sequential(uint64_t n) {
  Uuid id;
  for (int i = 0; i < 8; ++i) id.bytes[7 - i] = static_cast<uint8_t>(n >> (8 * i));
  return id;
}

void ExpectSame(const SlotMap<std::string>& map, const std::map<Uuid, std::string>& model) {
  ASSERT_EQ(map.size(), model.size());
  std::map<Uuid, std::string> seen;
  for (const auto& [id, value] : map) EXPECT_TRUE(seen.emplace(id, value).second);
  EXPECT_EQ(seen, model);
  for (const auto& [id, value] : model) {
    auto* slot = map.Find(id);
    ASSERT_NE(slot, nullptr);
    EXPECT_EQ(slot->second, value);
  }
}

TEST(SlotMapTest, AgreesWithAMapUnderInsertsAndErases) {
  SlotMap<std::string> map;
  std::map<Uuid, std::string> model;
  std::mt19937 random(11);
  for (int step = 0; step < 60000; ++step) {
    const int n = static_cast<int>(random() % 4000);
    const Uuid id = Id(n);
    if (random() % 3 == 0) {
      if (auto* slot = map.Find(id)) map.Erase(slot);
      model.erase(id);
    } else {
      // A long value, so a slot that moved or was freed shows under ASan.
      std::string value = std::string(40, 'v') + std::to_string(step);
      auto [slot, added] = map.TryEmplace(id, value);
      EXPECT_EQ(added, model.count(id) == 0);
      if (!added) slot->second = value;
      model[id] = value;
    }
    if (step % 6000 == 0) ExpectSame(map, model);
  }
  ExpectSame(map, model);
  for (int n = 4000; n < 4100; ++n) EXPECT_EQ(map.Find(Id(n)), nullptr);
}

TEST(SlotMapTest, SlotsStayPutWhileTheMapGrowsAndShrinks) {
  SlotMap<int> map;
  auto* first = map.TryEmplace(Sequential(0), 7).first;
  std::set<const void*> addresses{first};
  for (uint64_t n = 1; n < 20000; ++n) {
    auto [slot, added] = map.TryEmplace(Sequential(n), static_cast<int>(n));
    ASSERT_TRUE(added);
    EXPECT_TRUE(addresses.insert(slot).second);  // no two slots share an address
  }
  for (uint64_t n = 1; n < 20000; n += 2) map.Erase(map.Find(Sequential(n)));
  EXPECT_EQ(map.Find(Sequential(0)), first);
  EXPECT_EQ(first->second, 7);
  EXPECT_EQ(map.size(), 10000u);
  // An id that was there before stays found after its neighbours went.
  for (uint64_t n = 0; n < 20000; n += 2) ASSERT_NE(map.Find(Sequential(n)), nullptr) << n;
  // Erased slots are reused before the map takes more memory.
  const uint64_t bytes = map.bytes();
  for (uint64_t n = 1; n < 20000; n += 2) map.TryEmplace(Sequential(n), 0);
  EXPECT_EQ(map.bytes(), bytes);
  EXPECT_EQ(map.size(), 20000u);
}

TEST(SlotMapTest, EmptiedMapsHoldNothingAndMovesKeepSlots) {
  SlotMap<std::unique_ptr<int>> map;
  EXPECT_EQ(map.bytes(), 0u);
  EXPECT_EQ(map.begin(), map.end());
  auto* slot = map.TryEmplace(Id(1), std::make_unique<int>(5)).first;
  map.TryEmplace(Id(2), std::make_unique<int>(6));
  EXPECT_GT(map.bytes(), 0u);
  // A present id leaves the arguments alone.
  auto kept = std::make_unique<int>(9);
  EXPECT_FALSE(map.TryEmplace(Id(1), std::move(kept)).second);
  EXPECT_NE(kept, nullptr);

  SlotMap<std::unique_ptr<int>> moved = std::move(map);
  EXPECT_EQ(moved.Find(Id(1)), slot);
  EXPECT_EQ(*slot->second, 5);
  EXPECT_EQ(map.size(), 0u);
  EXPECT_EQ(map.Find(Id(1)), nullptr);

  moved.Erase(moved.Find(Id(1)));
  moved.Erase(moved.Find(Id(2)));
  EXPECT_EQ(moved.size(), 0u);
  EXPECT_EQ(moved.bytes(), 0u);
  EXPECT_EQ(moved.begin(), moved.end());
  EXPECT_TRUE(moved.TryEmplace(Id(3), nullptr).second);
  EXPECT_EQ(moved.size(), 1u);
}

}  // namespace
}  // namespace namidb
