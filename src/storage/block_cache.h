// BlockCache: decoded table blocks kept in memory, least recently used out,
// within a byte budget (the memory the blocks hold) that grows by
// itself, up to a ceiling, when its own statistics show it thrashing.
//
// Keyed by object key and offset: objects are immutable, so a cached block
// never goes stale. Blocks enter only after their checksum and decoding
// succeeded, and a hit costs no decompression. The default budget suits a 128 MB Cloudflare Workers
// isolate, which also holds the wasm heap, the JS heap and query state.
//
// Self-sizing (docs/architecture.md, "The block cache"): while the budget is
// below its ceiling, the cache remembers the blocks it evicted most recently
// as *ghosts* (a hash of the block's place and its size, no data), as many
// as a cache at the ceiling would still hold beyond this one's budget. A
// miss on a ghost is a miss a cache at most at the ceiling would have
// served. Every kWindowMisses misses the cache looks at how many were ghost
// hits: when at least half were, the budget grows by a quarter (to the
// ceiling at most). A one-pass scan, however long, misses on blocks never
// seen (no ghost hits) and grows nothing; a working set that fits evicts
// nothing, so it leaves no ghosts either. The budget never shrinks: the
// wasm memory it took is not given back to the runtime anyway, and it
// starts over at the start size with the next database.
// Thread-safe.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/decoded_block.h"

namespace namidb {

class BlockCache {
 public:
  static constexpr uint64_t kDefaultCapacityBytes = 24u << 20;
  // Misses per window of the growth rule.
  static constexpr uint64_t kWindowMisses = 256;
  // Ghosts kept per byte of room below the ceiling, at most: one per KiB,
  // so that the ghosts' own memory (about 80 bytes each) stays below a
  // tenth of the bytes they stand for even when blocks are small (a table's
  // blocks are about 32 KiB decoded).
  static constexpr uint64_t kBytesPerGhost = 1024;

  struct Stats {
    uint64_t hits = 0;
    uint64_t misses = 0;
    uint64_t ghost_hits = 0;  // misses on a recently evicted block
    uint64_t evictions = 0;
    uint64_t blocks = 0;      // cached now
    uint64_t size_bytes = 0;  // their charge: the memory they hold
    uint64_t capacity_bytes = 0;
    uint64_t start_bytes = 0;  // the capacity it started with
    uint64_t max_bytes = 0;    // the ceiling (= start: fixed)
    uint64_t grows = 0;        // times the capacity grew
    uint64_t ghosts = 0;       // evicted blocks remembered now
  };

  // A cache of `capacity_bytes` that may grow to `max_capacity_bytes`; a
  // ceiling at or below the capacity makes it fixed (the default).
  explicit BlockCache(uint64_t capacity_bytes = kDefaultCapacityBytes,
                      uint64_t max_capacity_bytes = 0)
      : capacity_(capacity_bytes),
        start_(capacity_bytes),
        max_(max_capacity_bytes > capacity_bytes ? max_capacity_bytes : capacity_bytes) {}

  // The cached block, or nullptr. A hit becomes the most recently used.
  std::shared_ptr<const DecodedBlock> Lookup(const std::string& key, uint64_t offset);
  // Caches `block` (replacing an entry at the same place) and evicts the
  // least recently used entries until the budget holds. Blocks larger than
  // the whole budget are not cached.
  void Insert(const std::string& key, uint64_t offset, std::shared_ptr<const DecodedBlock> block);

  uint64_t size_bytes() const;
  uint64_t capacity_bytes() const;
  uint64_t max_capacity_bytes() const { return max_; }
  uint64_t hits() const;
  uint64_t misses() const;
  Stats stats() const;

 private:
  struct Entry {
    std::string id;  // key + '\0' + offset
    std::shared_ptr<const DecodedBlock> block;
    uint64_t charge;
  };
  struct Ghost {
    uint64_t hash;  // of the id; a collision only miscounts a ghost hit
    uint64_t charge;
  };
  static std::string IdOf(const std::string& key, uint64_t offset);
  static uint64_t HashOf(const std::string& id);
  // Under mu_: evicts until the budget holds; remembers victims as ghosts.
  void EvictToCapacity();
  // Under mu_: drops the oldest ghosts past what the room below the ceiling allows.
  void TrimGhosts();
  // Under mu_: a miss (`ghost`: on a ghost) counted toward the window.
  void CountMiss(bool ghost);

  uint64_t capacity_;
  const uint64_t start_;
  const uint64_t max_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // front: most recently used
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::list<Ghost> ghosts_;  // front: most recently evicted
  std::unordered_map<uint64_t, std::list<Ghost>::iterator> ghost_index_;
  uint64_t ghost_bytes_ = 0;
  uint64_t size_ = 0;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
  uint64_t ghost_hits_ = 0;
  uint64_t evictions_ = 0;
  uint64_t grows_ = 0;
  uint64_t window_misses_ = 0;
  uint64_t window_ghost_hits_ = 0;
};

}  // namespace namidb
