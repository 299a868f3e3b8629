// Sizes of a manifest's runs, for tests of compaction policy.
#pragma once

#include <cstdint>
#include <vector>

#include "storage/manifest.h"

namespace namidb::testing {

// Bytes of each run of `m`, newest first (a run's tables share their
// max_lsn, and the manifest lists runs newest first).
inline std::vector<uint64_t> RunBytes(const Manifest& m) {
  std::vector<uint64_t> bytes;
  for (size_t i = 0; i < m.tables.size(); ++i) {
    if (i == 0 || m.tables[i].max_lsn != m.tables[i - 1].max_lsn) bytes.push_back(0);
    bytes.back() += m.tables[i].size;
  }
  return bytes;
}

}  // namespace namidb::testing
