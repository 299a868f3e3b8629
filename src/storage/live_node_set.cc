#include "storage/live_node_set.h"

#include <cstring>

namespace namidb {
namespace {

constexpr size_t kFirstSlots = 1024;

}  // namespace

size_t LiveNodeSet::SlotOf(const Uuid& id) const {
  // Ids are random or hashed in most of their bits; mixing both halves
  // spreads version-7 ids too, whose high bits are a timestamp.
  uint64_t w[2];
  std::memcpy(w, id.bytes.data(), sizeof(w));
  uint64_t h = (w[0] ^ (w[1] * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
  return static_cast<size_t>(h >> 32) & (slots_.size() - 1);
}

bool LiveNodeSet::Contains(const Uuid& id) const {
  if (id.is_nil()) return has_nil_;
  if (slots_.empty()) return false;
  const size_t mask = slots_.size() - 1;
  for (size_t i = SlotOf(id);; i = (i + 1) & mask) {
    if (slots_[i] == id) return true;
    if (slots_[i].is_nil()) return false;
  }
}

bool LiveNodeSet::Grow() {
  const size_t next = slots_.empty() ? kFirstSlots : 2 * slots_.size();
  if (next * kSlotBytes > budget_) return false;
  std::vector<Uuid> old = std::move(slots_);
  slots_.assign(next, Uuid::Nil());
  const size_t mask = next - 1;
  for (const Uuid& id : old) {
    if (id.is_nil()) continue;
    size_t i = SlotOf(id);
    while (!slots_[i].is_nil()) i = (i + 1) & mask;
    slots_[i] = id;
  }
  return true;
}

bool LiveNodeSet::Insert(const Uuid& id) {
  if (id.is_nil()) {
    has_nil_ = true;
    return true;
  }
  if (Contains(id)) return true;
  // At most three quarters full, so that probes stay short.
  if ((size_ + 1) * 4 > slots_.size() * 3 && !Grow()) return false;
  const size_t mask = slots_.size() - 1;
  size_t i = SlotOf(id);
  while (!slots_[i].is_nil()) i = (i + 1) & mask;
  slots_[i] = id;
  ++size_;
  return true;
}

void LiveNodeSet::Erase(const Uuid& id) {
  if (id.is_nil()) {
    has_nil_ = false;
    return;
  }
  if (slots_.empty()) return;
  const size_t mask = slots_.size() - 1;
  size_t i = SlotOf(id);
  while (!(slots_[i] == id)) {
    if (slots_[i].is_nil()) return;
    i = (i + 1) & mask;
  }
  // Backward shift: move later ids of the probe run into the hole when
  // their home slot does not lie cyclically within (hole, their slot].
  for (size_t j = (i + 1) & mask;; j = (j + 1) & mask) {
    if (slots_[j].is_nil()) break;
    const size_t home = SlotOf(slots_[j]);
    const bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
    if (stays) continue;
    slots_[i] = slots_[j];
    i = j;
  }
  slots_[i] = Uuid::Nil();
  --size_;
}

void LiveNodeSet::Clear() {
  slots_ = {};
  size_ = 0;
  has_nil_ = false;
}

}  // namespace namidb
