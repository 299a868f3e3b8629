// GroupTable: the groups of a grouping (or the rows of a DISTINCT) by key,
// under Cypher's grouping equivalence (value_ops.h Equivalent: null meets
// null, 1 meets 1.0). Keys live in one flat vector, a group's number is its
// place in it, and an open-addressing index of numbers finds them: a new
// group costs no allocation of its own, where a hash map of key vectors
// made three (the probe key, the node, its copy of the key).
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "core/value.h"

namespace namidb::query {

class GroupTable {
 public:
  explicit GroupTable(size_t key_width) : width_(key_width) {}

  // The group whose key is equivalent to `key` (key_width values), and
  // whether it is new. A new group takes the values of `key` (moved out).
  std::pair<size_t, bool> FindOrAdd(std::span<Value> key);

  size_t size() const { return hashes_.size(); }
  std::span<Value> key(size_t group) {
    return std::span<Value>(keys_.data() + group * width_, width_);
  }
  void Clear();

 private:
  static size_t HashKey(std::span<const Value> key);
  bool SameKey(size_t group, std::span<const Value> key) const;
  void Grow();

  size_t width_;
  std::vector<Value> keys_;      // group g's key: [g * width_, (g + 1) * width_)
  std::vector<size_t> hashes_;   // per group, to grow without hashing again
  std::vector<uint32_t> slots_;  // 0 is empty, else group + 1; a power of two
};

}  // namespace namidb::query
