// Bloom filters over keys, as LevelDB builds them: `bits_per_key` bits per
// key (10 gives about 1% false positives) and k = bits_per_key * ln 2 probes
// by double hashing. A table keeps one over all its keys, so a lookup of an
// absent key usually costs no block read.
//
// Layout: bit array (little-endian bit order within each byte) | k:u8.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace namidb {

class BloomFilterBuilder {
 public:
  explicit BloomFilterBuilder(int bits_per_key = 10) : bits_per_key_(bits_per_key) {}
  void Add(std::string_view key);
  // The filter over every key added.
  std::string Finish() const;

 private:
  int bits_per_key_;
  std::vector<std::pair<uint64_t, uint64_t>> hashes_;
};

// False means `key` is certainly absent. A malformed filter answers true
// (it can only cost a read, never a wrong answer).
bool BloomFilterMayContain(std::string_view filter, std::string_view key);

}  // namespace namidb
