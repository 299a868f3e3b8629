#include "storage/bloom_filter.h"

#include <algorithm>

#include "core/hash.h"

namespace namidb {

void BloomFilterBuilder::Add(std::string_view key) { hashes_.push_back(Hash128(key)); }

std::string BloomFilterBuilder::Finish() const {
  size_t bits = std::max<size_t>(64, hashes_.size() * bits_per_key_);
  size_t bytes = (bits + 7) / 8;
  bits = bytes * 8;
  int k = std::clamp(static_cast<int>(bits_per_key_ * 0.69), 1, 30);
  std::string filter(bytes, '\0');
  for (const auto& [h1, h2] : hashes_) {
    for (int i = 0; i < k; ++i) {
      uint64_t bit = (h1 + i * h2) % bits;
      filter[bit / 8] = static_cast<char>(filter[bit / 8] | (1 << (bit % 8)));
    }
  }
  filter.push_back(static_cast<char>(k));
  return filter;
}

bool BloomFilterMayContain(std::string_view filter, std::string_view key) {
  if (filter.size() < 2) return true;
  int k = static_cast<uint8_t>(filter.back());
  if (k < 1 || k > 30) return true;
  uint64_t bits = (filter.size() - 1) * 8;
  auto [h1, h2] = Hash128(key);
  for (int i = 0; i < k; ++i) {
    uint64_t bit = (h1 + i * h2) % bits;
    if ((filter[bit / 8] & (1 << (bit % 8))) == 0) return false;
  }
  return true;
}

}  // namespace namidb
