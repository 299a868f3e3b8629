#include "storage/block_cache.h"

namespace namidb {

std::string BlockCache::IdOf(const std::string& key, uint64_t offset) {
  std::string id = key;
  id.push_back('\0');
  id += std::to_string(offset);
  return id;
}

std::shared_ptr<const DecodedBlock> BlockCache::Lookup(const std::string& key, uint64_t offset) {
  std::lock_guard lock(mu_);
  auto it = index_.find(IdOf(key, offset));
  if (it == index_.end()) {
    ++misses_;
    return nullptr;
  }
  ++hits_;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->block;
}

void BlockCache::Insert(const std::string& key, uint64_t offset,
                        std::shared_ptr<const DecodedBlock> block) {
  if (!block) return;
  uint64_t charge = 0;
  for (const auto& e : *block) charge += e.key.size() + e.value.size();
  if (charge > capacity_) return;
  std::lock_guard lock(mu_);
  std::string id = IdOf(key, offset);
  if (auto it = index_.find(id); it != index_.end()) {
    size_ -= it->second->charge;
    lru_.erase(it->second);
    index_.erase(it);
  }
  size_ += charge;
  lru_.push_front(Entry{id, std::move(block), charge});
  index_[std::move(id)] = lru_.begin();
  while (size_ > capacity_) {
    Entry& victim = lru_.back();
    size_ -= victim.charge;
    index_.erase(victim.id);
    lru_.pop_back();
  }
}

uint64_t BlockCache::size_bytes() const {
  std::lock_guard lock(mu_);
  return size_;
}

uint64_t BlockCache::hits() const {
  std::lock_guard lock(mu_);
  return hits_;
}

uint64_t BlockCache::misses() const {
  std::lock_guard lock(mu_);
  return misses_;
}

}  // namespace namidb
