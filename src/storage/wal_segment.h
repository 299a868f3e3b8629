// WAL segments: the durable form of one commit.
//
// A commit writes its mutations as one immutable, uniquely named object
// (create-only), then publishes it by swapping the manifest. Byte layout
// (docs/format.md, "WAL segment"):
//
//   header  := "NMDBWAL1" | format_version:u32 | writer_epoch:u64 | first_lsn:u64 | count:u32
//   record  := length:u32 | masked_crc32c(body):u32 | body
//   body    := kind:u8 | lsn_delta:varint | fields of the kind
//   footer  := last_lsn:u64 | masked_crc32c(header, records, last_lsn):u32 | "NMDBEND1"
//
// Decoding checks every checksum, bound, count and LSN and answers Corruption
// naming the object: a truncated, bit-flipped or oversized segment never
// decodes into a wrong answer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "storage/mutation.h"

namespace namidb {

constexpr uint32_t kWalFormatVersion = 1;

struct WalSegment {
  uint64_t writer_epoch = 0;
  uint64_t first_lsn = 0;
  uint64_t last_lsn = 0;
  // In LSN order: first_lsn, first_lsn + 1, ..., last_lsn.
  std::vector<Mutation> mutations;
};

// InvalidArgument if a mutation cannot be stored (e.g. a node value as a property).
Result<std::string> EncodeWalSegment(const WalSegment& segment);
Result<WalSegment> DecodeWalSegment(std::string_view bytes, std::string_view object_key);

}  // namespace namidb
