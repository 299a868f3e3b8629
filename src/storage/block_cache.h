// BlockCache: decoded-block bytes kept in memory, least recently used out,
// within a byte budget.
//
// Keyed by object key and offset: objects are immutable, so a cached range
// never goes stale. The default budget suits a 128 MB Cloudflare Workers
// isolate, which also holds the wasm heap, the JS heap and query state.
// Thread-safe.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace namidb {

class BlockCache {
 public:
  static constexpr uint64_t kDefaultCapacityBytes = 24u << 20;

  explicit BlockCache(uint64_t capacity_bytes = kDefaultCapacityBytes)
      : capacity_(capacity_bytes) {}

  // The cached bytes, or nullptr. A hit becomes the most recently used.
  std::shared_ptr<const std::string> Lookup(const std::string& key, uint64_t offset);
  // Caches `bytes` (replacing an entry at the same place) and evicts the
  // least recently used entries until the budget holds. Entries larger than
  // the whole budget are not cached.
  void Insert(const std::string& key, uint64_t offset, std::shared_ptr<const std::string> bytes);

  uint64_t size_bytes() const;
  uint64_t capacity_bytes() const { return capacity_; }
  uint64_t hits() const;
  uint64_t misses() const;

 private:
  struct Entry {
    std::string id;  // key + '\0' + offset
    std::shared_ptr<const std::string> bytes;
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
