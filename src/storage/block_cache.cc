#include "storage/block_cache.h"

#include <algorithm>

#include "core/hash.h"

namespace namidb {

namespace {

// Writes a block's id (key + '\0' + offset in decimal) into `id`.
void AssignId(std::string* id, const std::string& key, uint64_t offset) {
  id->assign(key);
  id->push_back('\0');
  char digits[20];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + offset % 10);
    offset /= 10;
  } while (offset > 0);
  while (n > 0) id->push_back(digits[--n]);
}

}  // namespace

std::string BlockCache::IdOf(const std::string& key, uint64_t offset) {
  std::string id;
  AssignId(&id, key, offset);
  return id;
}

uint64_t BlockCache::HashOf(const std::string& id) { return Hash128(id).first; }

void BlockCache::CountMiss(bool ghost) {
  ++misses_;
  if (max_ <= capacity_) return;  // fixed, or at the ceiling: nothing to decide
  if (ghost) {
    ++ghost_hits_;
    ++window_ghost_hits_;
  }
  if (++window_misses_ < kWindowMisses) return;
  // At least half the window's misses would have been hits in a cache at
  // most at the ceiling: the working set is larger than this cache and
  // smaller than the ceiling allows, so grow by a quarter.
  if (window_ghost_hits_ * 2 >= window_misses_) {
    capacity_ = std::min(max_, capacity_ + std::max<uint64_t>(capacity_ / 4, 1));
    ++grows_;
    TrimGhosts();
  }
  window_misses_ = 0;
  window_ghost_hits_ = 0;
}

std::shared_ptr<const DecodedBlock> BlockCache::Lookup(const std::string& key, uint64_t offset) {
  // Built in a buffer reused across calls: a lookup, the cache's commonest
  // call (once per block a read needs), allocated an id each time.
  thread_local std::string id;
  AssignId(&id, key, offset);
  std::lock_guard lock(mu_);
  auto it = index_.find(id);
  if (it == index_.end()) {
    bool ghost = false;
    if (!ghost_index_.empty()) {
      if (auto g = ghost_index_.find(HashOf(id)); g != ghost_index_.end()) {
        ghost = true;
        ghost_bytes_ -= g->second->charge;
        ghosts_.erase(g->second);
        ghost_index_.erase(g);
      }
    }
    CountMiss(ghost);
    return nullptr;
  }
  ++hits_;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->block;
}

void BlockCache::Insert(const std::string& key, uint64_t offset,
                        std::shared_ptr<const DecodedBlock> block) {
  if (!block) return;
  const uint64_t charge = block->memory_bytes();
  std::lock_guard lock(mu_);
  if (charge > capacity_) return;
  std::string id = IdOf(key, offset);
  if (auto it = index_.find(id); it != index_.end()) {
    size_ -= it->second->charge;
    lru_.erase(it->second);
    index_.erase(it);
  }
  if (!ghost_index_.empty()) {
    if (auto g = ghost_index_.find(HashOf(id)); g != ghost_index_.end()) {
      ghost_bytes_ -= g->second->charge;
      ghosts_.erase(g->second);
      ghost_index_.erase(g);
    }
  }
  size_ += charge;
  lru_.push_front(Entry{id, std::move(block), charge});
  index_[std::move(id)] = lru_.begin();
  EvictToCapacity();
}

void BlockCache::EvictToCapacity() {
  const bool remember = max_ > capacity_;
  while (size_ > capacity_) {
    Entry& victim = lru_.back();
    size_ -= victim.charge;
    ++evictions_;
    if (remember) {
      const uint64_t hash = HashOf(victim.id);
      if (auto g = ghost_index_.find(hash); g != ghost_index_.end()) {
        ghost_bytes_ -= g->second->charge;
        ghosts_.erase(g->second);
        ghost_index_.erase(g);
      }
      ghosts_.push_front(Ghost{hash, victim.charge});
      ghost_index_[hash] = ghosts_.begin();
      ghost_bytes_ += victim.charge;
    }
    index_.erase(victim.id);
    lru_.pop_back();
  }
  if (remember) TrimGhosts();
}

void BlockCache::TrimGhosts() {
  // Ghosts stand for what a cache at the ceiling would hold beyond this one.
  const uint64_t room = max_ - capacity_;
  const uint64_t most = room / kBytesPerGhost;
  while (!ghosts_.empty() && (ghost_bytes_ > room || ghosts_.size() > most)) {
    const Ghost& oldest = ghosts_.back();
    ghost_bytes_ -= oldest.charge;
    ghost_index_.erase(oldest.hash);
    ghosts_.pop_back();
  }
}

uint64_t BlockCache::size_bytes() const {
  std::lock_guard lock(mu_);
  return size_;
}

uint64_t BlockCache::capacity_bytes() const {
  std::lock_guard lock(mu_);
  return capacity_;
}

uint64_t BlockCache::hits() const {
  std::lock_guard lock(mu_);
  return hits_;
}

uint64_t BlockCache::misses() const {
  std::lock_guard lock(mu_);
  return misses_;
}

BlockCache::Stats BlockCache::stats() const {
  std::lock_guard lock(mu_);
  Stats s;
  s.hits = hits_;
  s.misses = misses_;
  s.ghost_hits = ghost_hits_;
  s.evictions = evictions_;
  s.blocks = index_.size();
  s.size_bytes = size_;
  s.capacity_bytes = capacity_;
  s.start_bytes = start_;
  s.max_bytes = max_;
  s.grows = grows_;
  s.ghosts = ghosts_.size();
  return s;
}

}  // namespace namidb
