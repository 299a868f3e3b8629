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

// Builds a segment record by record, as a writer stages mutations: each is
// encoded (and checked storable) once, when staged, and a commit only frames
// the bytes.
class WalSegmentBuilder {
 public:
  // Nothing is appended if `m` cannot be stored: InvalidArgument for a value
  // of no storable type, a name longer than kMaxNameBytes or not UTF-8, or an LSN that
  // does not follow the previous one; ResourceExhausted for a record past
  // kMaxRecordBytes (naming its largest property) or a segment that would
  // pass kMaxWalSegmentBytes (core/limits.h).
  Status Append(const Mutation& m);
  // The whole segment; InvalidArgument if nothing was appended.
  Result<std::string> Finish(uint64_t writer_epoch) const;
  void Clear();

  // Where the segment ends now; TruncateTo drops what was appended since.
  struct Mark {
    size_t bytes = 0;
    uint32_t count = 0;
  };
  Mark mark() const { return {records_.size(), count_}; }
  void TruncateTo(Mark mark);

  uint32_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  uint64_t first_lsn() const { return first_lsn_; }
  uint64_t last_lsn() const { return first_lsn_ + count_ - 1; }

 private:
  std::string records_;
  uint64_t first_lsn_ = 0;
  uint32_t count_ = 0;
};

// InvalidArgument if a mutation cannot be stored (e.g. a node value as a property).
Result<std::string> EncodeWalSegment(const WalSegment& segment);
Result<WalSegment> DecodeWalSegment(std::string_view bytes, std::string_view object_key);

}  // namespace namidb
