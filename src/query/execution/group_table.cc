#include "query/execution/group_table.h"

#include "query/functions/value_ops.h"

namespace namidb::query {

size_t GroupTable::HashKey(std::span<const Value> key) {
  uint64_t h = 0x9e3779b97f4a7c15ull;
  for (const Value& v : key) {
    // HashValue of an integer is the integer itself: mix it, or nearby
    // keys (ids 1, 2, 3, ...) fill neighbouring slots.
    h = (h ^ HashValue(v)) * 0xff51afd7ed558ccdull;
    h ^= h >> 33;
  }
  return static_cast<size_t>(h);
}

bool GroupTable::SameKey(size_t group, std::span<const Value> key) const {
  const Value* stored = keys_.data() + group * width_;
  for (size_t i = 0; i < width_; ++i) {
    if (!Equivalent(stored[i], key[i])) return false;
  }
  return true;
}

std::pair<size_t, bool> GroupTable::FindOrAdd(std::span<Value> key) {
  // At most half full, so a probe ends at an empty slot soon.
  if (2 * (size() + 1) > slots_.size()) Grow();
  const size_t hash = HashKey(key);
  const size_t mask = slots_.size() - 1;
  for (size_t at = hash & mask;; at = (at + 1) & mask) {
    uint32_t slot = slots_[at];
    if (slot == 0) {
      size_t group = size();
      slots_[at] = static_cast<uint32_t>(group + 1);
      hashes_.push_back(hash);
      for (Value& v : key) keys_.push_back(std::move(v));
      return {group, true};
    }
    if (hashes_[slot - 1] == hash && SameKey(slot - 1, key)) return {slot - 1, false};
  }
}

void GroupTable::Grow() {
  std::vector<uint32_t> slots(slots_.empty() ? 16 : 2 * slots_.size(), 0);
  const size_t mask = slots.size() - 1;
  for (size_t g = 0; g < hashes_.size(); ++g) {
    size_t at = hashes_[g] & mask;
    while (slots[at] != 0) at = (at + 1) & mask;
    slots[at] = static_cast<uint32_t>(g + 1);
  }
  slots_ = std::move(slots);
}

void GroupTable::Clear() {
  keys_.clear();
  hashes_.clear();
  slots_.clear();
}

}  // namespace namidb::query
