// SlotMap: the memtable's hash map from an element id to its slot.
//
// std::unordered_map allocated a node per element and chained them from a
// bucket array: a lookup missed the cache on the bucket and again on every
// node of the chain, a rehash relinked every node, and freeing a flushed
// memtable freed its nodes one by one. Loading edges spent most of its
// time there (a probe for the edge's old version, one to add it, one per
// endpoint to link it). Here slots live in chunks that never move, so a
// pointer to a slot stays valid until it is erased (adjacency points at
// edge slots), and an open-addressing index of 8-byte entries (32 bits of
// the id's hash and the slot's number; linear probing, at most three
// quarters full) finds them: a miss usually reads one entry, a hit one
// entry and the slot, and growing or erasing moves entries without reading
// a slot.
//
// Chunks hold 16, 32, ... slots, then 4,096 each: a map of a few elements
// stays small, a large one wastes under one chunk. Erased slots are reused
// first; the map releases everything when it becomes empty.
#pragma once

#include <bit>
#include <cstdint>
#include <memory>
#include <new>
#include <utility>
#include <vector>

#include "core/uuid.h"

namespace namidb {

template <typename V>
class SlotMap {
 public:
  using Slot = std::pair<const Uuid, V>;

  SlotMap() = default;
  SlotMap(SlotMap&& other) noexcept { *this = std::move(other); }
  SlotMap& operator=(SlotMap&& other) noexcept {
    if (this != &other) {
      Release();
      chunks_ = std::move(other.chunks_);
      live_ = std::move(other.live_);
      free_ = std::move(other.free_);
      index_ = std::move(other.index_);
      size_ = std::exchange(other.size_, 0);
      used_ = std::exchange(other.used_, 0);
      other.chunks_ = std::vector<Slot*>();
      other.live_ = std::vector<uint64_t>();
      other.free_ = std::vector<uint32_t>();
      other.index_ = std::vector<Entry>();
    }
    return *this;
  }
  SlotMap(const SlotMap&) = delete;
  SlotMap& operator=(const SlotMap&) = delete;
  ~SlotMap() { Release(); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // The slot of `id`, or nullptr.
  Slot* Find(const Uuid& id) const {
    if (index_.empty()) return nullptr;
    const uint32_t h = Hash(id);
    const size_t mask = index_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Entry e = index_[i];
      if (e.number == 0) return nullptr;
      if (e.hash == h) {
        Slot* slot = At(e.number - 1);
        if (slot->first == id) return slot;
      }
    }
  }

  // The slot of `id` and false; or, when there is none, a new slot built
  // from `args` and true (`args` are left alone when the slot exists).
  template <typename... Args>
  std::pair<Slot*, bool> TryEmplace(const Uuid& id, Args&&... args) {
    if ((size_ + 1) * 4 > index_.size() * 3) Grow();
    const uint32_t h = Hash(id);
    const size_t mask = index_.size() - 1;
    size_t i = h & mask;
    for (;; i = (i + 1) & mask) {
      const Entry e = index_[i];
      if (e.number == 0) break;
      if (e.hash == h) {
        Slot* slot = At(e.number - 1);
        if (slot->first == id) return {slot, false};
      }
    }
    const uint32_t number = TakeNumber();
    Slot* slot = At(number);
    ::new (static_cast<void*>(slot)) Slot(std::piecewise_construct, std::forward_as_tuple(id),
                                          std::forward_as_tuple(std::forward<Args>(args)...));
    live_[number / 64] |= uint64_t{1} << (number % 64);
    index_[i] = Entry{h, number + 1};
    ++size_;
    return {slot, true};
  }

  // Destroys `slot`, which this map holds; other slots stay where they are.
  void Erase(Slot* slot) {
    const uint32_t h = Hash(slot->first);
    const size_t mask = index_.size() - 1;
    size_t hole = h & mask;
    while (index_[hole].number == 0 || index_[hole].hash != h ||
           At(index_[hole].number - 1) != slot) {
      hole = (hole + 1) & mask;
    }
    const uint32_t number = index_[hole].number - 1;
    // Backward shift: later entries of the probe run move into the hole
    // unless their home lies cyclically within (hole, their position].
    for (size_t j = (hole + 1) & mask;; j = (j + 1) & mask) {
      const Entry e = index_[j];
      if (e.number == 0) break;
      const size_t home = e.hash & mask;
      const bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
      if (stays) continue;
      index_[hole] = e;
      hole = j;
    }
    index_[hole] = Entry{};
    slot->~Slot();
    live_[number / 64] &= ~(uint64_t{1} << (number % 64));
    free_.push_back(number);
    if (--size_ == 0) Release();
  }

  // The bytes the map holds: its chunks (every slot, used or not) and index.
  uint64_t bytes() const {
    return static_cast<uint64_t>(Capacity(chunks_.size())) * sizeof(Slot) +
           index_.size() * sizeof(Entry) + free_.capacity() * sizeof(uint32_t) +
           live_.size() * sizeof(uint64_t);
  }

  // Slots in the order they lie in memory.
  class const_iterator {
   public:
    const_iterator(const SlotMap* map, uint32_t number) : map_(map), number_(number) { Settle(); }
    const Slot& operator*() const { return *map_->At(number_); }
    const Slot* operator->() const { return map_->At(number_); }
    const_iterator& operator++() {
      ++number_;
      Settle();
      return *this;
    }
    bool operator==(const const_iterator& other) const { return number_ == other.number_; }

   private:
    void Settle() {
      while (number_ < map_->used_) {
        const uint64_t word = map_->live_[number_ / 64] >> (number_ % 64);
        if (word & 1) return;
        number_ += word == 0 ? 64 - number_ % 64 : std::countr_zero(word);
      }
      number_ = map_->used_;
    }
    const SlotMap* map_;
    uint32_t number_;
  };
  const_iterator begin() const { return const_iterator(this, 0); }
  const_iterator end() const { return const_iterator(this, used_); }

 private:
  struct Entry {
    uint32_t hash = 0;    // where the entry belongs (hash & mask), and a filter
    uint32_t number = 0;  // the slot's number + 1; 0: empty
  };
  static constexpr uint32_t kFirstChunkSlots = 16;
  static constexpr uint32_t kMaxChunkSlots = 4096;
  // Chunks 0..kGrowingChunks-1 double from kFirstChunkSlots to kMaxChunkSlots.
  static constexpr uint32_t kGrowingChunks =
      std::countr_zero(kMaxChunkSlots / kFirstChunkSlots) + 1;
  static constexpr uint32_t kGrowingSlots = kFirstChunkSlots * ((1u << kGrowingChunks) - 1);

  static uint32_t Hash(const Uuid& id) { return static_cast<uint32_t>(UuidHash()(id)); }

  // Slots in the first `chunks` chunks.
  static uint32_t Capacity(size_t chunks) {
    if (chunks <= kGrowingChunks) return kFirstChunkSlots * ((1u << chunks) - 1);
    return kGrowingSlots + static_cast<uint32_t>(chunks - kGrowingChunks) * kMaxChunkSlots;
  }

  Slot* At(uint32_t number) const {
    if (number < kGrowingSlots) {
      const uint32_t k = std::bit_width(number / kFirstChunkSlots + 1) - 1;
      return chunks_[k] + (number - kFirstChunkSlots * ((1u << k) - 1));
    }
    const uint32_t past = number - kGrowingSlots;
    return chunks_[kGrowingChunks + past / kMaxChunkSlots] + past % kMaxChunkSlots;
  }

  uint32_t TakeNumber() {
    if (!free_.empty()) {
      const uint32_t number = free_.back();
      free_.pop_back();
      return number;
    }
    if (used_ == Capacity(chunks_.size())) {
      const uint32_t slots = Capacity(chunks_.size() + 1) - used_;
      chunks_.push_back(std::allocator<Slot>().allocate(slots));
      live_.resize((Capacity(chunks_.size()) + 63) / 64);
    }
    return used_++;
  }

  void Grow() {
    std::vector<Entry> old = std::move(index_);
    index_.assign(old.empty() ? 16 : 2 * old.size(), Entry{});
    const size_t mask = index_.size() - 1;
    for (const Entry& e : old) {
      if (e.number == 0) continue;
      size_t i = e.hash & mask;
      while (index_[i].number != 0) i = (i + 1) & mask;
      index_[i] = e;
    }
  }

  void Release() {
    for (const_iterator it = begin(); it != end(); ++it) const_cast<Slot*>(&*it)->~Slot();
    for (size_t k = 0; k < chunks_.size(); ++k) {
      std::allocator<Slot>().deallocate(chunks_[k], Capacity(k + 1) - Capacity(k));
    }
    // Assigning `{}` would keep the vectors' capacity.
    chunks_ = std::vector<Slot*>();
    live_ = std::vector<uint64_t>();
    free_ = std::vector<uint32_t>();
    index_ = std::vector<Entry>();
    size_ = 0;
    used_ = 0;
  }

  std::vector<Slot*> chunks_;
  std::vector<uint64_t> live_;  // a bit per slot number below used_: holds a slot
  std::vector<uint32_t> free_;  // numbers of erased slots, reused first
  std::vector<Entry> index_;
  size_t size_ = 0;
  uint32_t used_ = 0;  // slot numbers handed out so far
};

}  // namespace namidb
