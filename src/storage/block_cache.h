// BlockCache: decoded table blocks kept in memory, least recently used out,
// within a byte budget (the bytes of their keys and values).
//
// Keyed by object key and offset: objects are immutable, so a cached block
// never goes stale. Blocks enter only after their checksum and decoding
// succeeded, and a hit costs no decompression. The default budget suits a 128 MB Cloudflare Workers
// isolate, which also holds the wasm heap, the JS heap and query state.
// Thread-safe.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/table_format.h"

namespace namidb {

using DecodedBlock = std::vector<TableEntry>;

class BlockCache {
 public:
  static constexpr uint64_t kDefaultCapacityBytes = 24u << 20;

  explicit BlockCache(uint64_t capacity_bytes = kDefaultCapacityBytes)
      : capacity_(capacity_bytes) {}

  // The cached block, or nullptr. A hit becomes the most recently used.
  std::shared_ptr<const DecodedBlock> Lookup(const std::string& key, uint64_t offset);
  // Caches `block` (replacing an entry at the same place) and evicts the
  // least recently used entries until the budget holds. Blocks larger than
  // the whole budget are not cached.
  void Insert(const std::string& key, uint64_t offset, std::shared_ptr<const DecodedBlock> block);

  uint64_t size_bytes() const;
  uint64_t capacity_bytes() const { return capacity_; }
  uint64_t hits() const;
  uint64_t misses() const;

 private:
  struct Entry {
    std::string id;  // key + '\0' + offset
    std::shared_ptr<const DecodedBlock> block;
    uint64_t charge;
  };
  static std::string IdOf(const std::string& key, uint64_t offset);

  const uint64_t capacity_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // front: most recently used
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  uint64_t size_ = 0;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

}  // namespace namidb
