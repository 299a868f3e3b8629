// LiveNodeSet: the node ids a writer session has confirmed live, so that
// staging an edge checks each endpoint against the data files once per
// session rather than once per call.
//
// The set only ever says "live" for an id it holds; an id it does not hold
// is asked of the store as before. The session keeps it true: it removes a
// node it tombstones and every node a discarded (or rolled back) batch had
// staged, and nothing else can make a node dead under a session (it is the
// namespace's only writer until it loses a race, after which it commits
// nothing).
//
// Memory: an open-addressing table of 16-byte slots, a power of two of them,
// at most three quarters full (about 21–43 bytes an id). It never grows past
// `budget_bytes`: once full at that size it stops adding, and ids it
// could not add are read from the store on every check, as without it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/uuid.h"

namespace namidb {

class LiveNodeSet {
 public:
  static constexpr uint64_t kSlotBytes = sizeof(Uuid);

  explicit LiveNodeSet(uint64_t budget_bytes) : budget_(budget_bytes) {}

  bool Contains(const Uuid& id) const;
  // Adds `id` unless the table is full at its budget (then false).
  bool Insert(const Uuid& id);
  void Erase(const Uuid& id);
  void Clear();

  size_t size() const { return size_ + (has_nil_ ? 1 : 0); }
  // The table's bytes (what the budget bounds).
  uint64_t bytes() const { return slots_.size() * kSlotBytes; }
  uint64_t budget_bytes() const { return budget_; }

 private:
  size_t SlotOf(const Uuid& id) const;
  bool Grow();

  uint64_t budget_;
  // Empty slots hold the nil id; the nil id itself is kept aside.
  std::vector<Uuid> slots_;
  size_t size_ = 0;  // ids in slots_, not counting the nil id
  bool has_nil_ = false;
};

}  // namespace namidb
