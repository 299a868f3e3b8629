// DecodedBlock: a table block decompressed, its entries' keys and values
// viewed in place.
//
// The payload (key_len:varint key value_len:varint value)* stays in one
// buffer and each entry is a pair of views into it: two allocations per
// block. A string per key and per value took two per entry, and on the
// wasm32 heap a cached 55-byte adjacency entry then took about 160 bytes;
// here it takes its bytes and the 16 of its views. Blocks are what the
// block cache holds, so this is most of a reader's memory.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace namidb {

// An entry owning its bytes: what table builders take and tests compare.
struct TableEntry {
  std::string key;
  std::string value;
  friend bool operator==(const TableEntry&, const TableEntry&) = default;
};

// An entry of a DecodedBlock: views valid as long as the block.
struct BlockEntry {
  std::string_view key;
  std::string_view value;
};

class DecodedBlock {
 public:
  using const_iterator = std::vector<BlockEntry>::const_iterator;

  DecodedBlock() = default;
  // Moving keeps the views valid (the buffer does not move); a copy would not.
  DecodedBlock(DecodedBlock&&) = default;
  DecodedBlock& operator=(DecodedBlock&&) = default;
  DecodedBlock(const DecodedBlock&) = delete;
  DecodedBlock& operator=(const DecodedBlock&) = delete;

  // Takes `payload` (its first `size` bytes) and parses it: keys strictly
  // ascending, at least one entry, lengths within the payload; Corruption
  // naming `table_key` otherwise.
  static Result<DecodedBlock> Parse(std::unique_ptr<char[]> payload, size_t size,
                                    std::string_view table_key);
  // A block of `entries` (keys strictly ascending), as a table would hold it.
  static DecodedBlock Of(std::span<const TableEntry> entries);

  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const BlockEntry& operator[](size_t i) const { return entries_[i]; }
  const BlockEntry* data() const { return entries_.data(); }
  const BlockEntry& front() const { return entries_.front(); }
  const BlockEntry& back() const { return entries_.back(); }

  // The value at `key`, if the block holds it (binary search).
  const std::string_view* Find(std::string_view key) const;

  // The heap memory it holds: the block cache's charge for it.
  uint64_t memory_bytes() const {
    return sizeof(DecodedBlock) + size_ + entries_.capacity() * sizeof(BlockEntry);
  }

 private:
  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  std::vector<BlockEntry> entries_;
};

}  // namespace namidb
