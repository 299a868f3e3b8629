// A set of ids in one flat array (open addressing, linear probing). A
// membership test touches a cache line or two where a node-based
// std::unordered_set chases a pointer per probe: for large, read-mostly
// sets such as the members of a label. The nil id cannot be a member.
#pragma once

#include <cstddef>
#include <vector>

#include "core/uuid.h"

namespace namidb {

class UuidSet {
 public:
  UuidSet() = default;

  // Adds `id` (not nil); true if it was not there.
  bool Insert(const Uuid& id) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    Uuid& slot = slots_[IndexOf(id)];
    if (!slot.is_nil()) return false;
    slot = id;
    ++size_;
    return true;
  }
  bool Contains(const Uuid& id) const { return !slots_.empty() && !slots_[IndexOf(id)].is_nil(); }
  size_t size() const { return size_; }
  // The heap bytes of its slots.
  size_t bytes() const { return slots_.size() * sizeof(Uuid); }
  bool empty() const { return size_ == 0; }
  void Clear() {
    slots_.clear();
    size_ = 0;
  }
  // Room for `n` members without growing.
  void Reserve(size_t n) {
    size_t want = 16;
    while (want < n * 2) want *= 2;
    if (want > slots_.size()) Rehash(want);
  }

 private:
  // The slot holding `id`, or the empty one where it would go.
  size_t IndexOf(const Uuid& id) const {
    size_t mask = slots_.size() - 1;
    for (size_t i = UuidHash()(id) & mask;; i = (i + 1) & mask) {
      if (slots_[i].is_nil() || slots_[i] == id) return i;
    }
  }
  void Grow() { Rehash(slots_.empty() ? 16 : slots_.size() * 2); }
  void Rehash(size_t capacity) {
    std::vector<Uuid> old = std::move(slots_);
    slots_.assign(capacity, Uuid());
    for (const Uuid& id : old) {
      if (!id.is_nil()) slots_[IndexOf(id)] = id;
    }
  }

  std::vector<Uuid> slots_;  // a power of two in size, at most half full
  size_t size_ = 0;
};

}  // namespace namidb
