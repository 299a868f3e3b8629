// Sorted tables: the immutable data files (SSTs) of a namespace.
//
// A table maps byte-string keys (strictly ascending) to values. Entries are
// grouped into blocks of about `block_size` bytes (an entry that large or
// larger gets a block of its own, so no block passes kMaxBlockBytes of
// core/limits.h), each compressed with zstd and checksummed; after the blocks comes the meta region
// — the block index, a bloom filter over the keys and a fixed-size footer — laid out so that one
// ranged read of the table's tail fetches all of it. A cold point lookup is then two reads: the
// tail (cached after) and one block.
//
//   table  := block* index bloom footer
//   block  := payload | type:u8 (0 raw, 1 zstd) | masked_crc32c(payload, type):u32
//   payload (uncompressed) := (key_len:varint key value_len:varint value)*
//   index  := count:varint (last_key_len:varint last_key offset:varint size:varint)*
//   bloom  := filter (bloom_filter.h), over every key          (format_version 1)
//           | filter tail:u8, over every key less its last `tail` bytes   (2)
//   footer := index_offset:u64 index_size:u64 bloom_offset:u64 bloom_size:u64
//             entry_count:u64 format_version:u32 masked_crc32c(index, bloom, footer fields):u32
//             "NMDBSST1"                                    (56 bytes)
//
// Version 2 serves tables whose keys come in groups that readers ask for by
// prefix (adjacency by type: `type | node`, then an edge id of 16 bytes):
// its filter says whether a group may be present, where a filter over whole
// keys cannot help a prefix. Tables of version 1 are still written where no
// group applies, and read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/limits.h"
#include "core/status.h"
#include "storage/bloom_filter.h"
#include "storage/decoded_block.h"

namespace namidb {

// The version a table without key groups is written with; kTableGroupsVersion
// when its filter holds key groups. Both are read.
constexpr uint32_t kTableFormatVersion = 1;
constexpr uint32_t kTableGroupsVersion = 2;
// zstd's levels for blocks. Level 1 against 3 took a flush's compression
// from 1.56G to 1.29G instructions for 0.4% more bytes on random ids and
// 1.5% on LDBC's text. The fast level -1 compresses about twice as fast
// again, and shrinks blocks of ids and adjacency within 1% of level 1, but
// leaves literals without entropy coding: 25-31% more on text and numeric
// columns. So a table tries both on a sample of its blocks and keeps the
// fast level only where it comes within kFastLevelSlackPercent of level 1
// (TableBuilder). Frames decode alike whatever level wrote them.
constexpr int kTableCompressionLevel = 1;
constexpr int kTableFastCompressionLevel = -1;
// One block in this many (the first included) is compressed at both levels.
constexpr uint64_t kCompressionSampleBlocks = 32;
constexpr uint64_t kFastLevelSlackPercent = 3;
constexpr size_t kTableFooterSize = 56;

struct BlockHandle {
  uint64_t offset = 0;
  uint64_t size = 0;  // including the 5-byte trailer
};

class TableBuilder {
 public:
  // Blocks are compressed at `compression_level`, or at `fast_level` where
  // the samples find it about as good (equal levels: always that level).
  explicit TableBuilder(size_t block_size = kTableBlockBytes,
                        int compression_level = kTableCompressionLevel,
                        int fast_level = kTableFastCompressionLevel)
      : block_size_(block_size), level_(compression_level), fast_level_(fast_level) {}

  // Sizes the output buffer up front, so that a table of about `bytes` is
  // built without the transient double-sized copies of a growing string.
  void Reserve(size_t bytes) { out_.reserve(bytes); }
  // Before the first Add: the bloom filter holds each key less its last
  // `tail` bytes (a group; consecutive equal groups once), and the table is
  // written in format version 2. 0: whole keys, version 1.
  void FilterGroups(uint8_t tail) { group_tail_ = tail; }
  // Before the first Add: the filter's bits per key (10 by default). Readers
  // take the bit count and the probes from the filter itself.
  void FilterBitsPerKey(int bits) { bloom_ = BloomFilterBuilder(bits); }
  // Keys must be strictly ascending (InvalidArgument otherwise); an entry
  // larger than a block may be is refused (Internal: staging keeps records
  // far below that).
  Status Add(std::string_view key, std::string_view value);
  // The whole table, and the size of its meta region (what a reader fetches
  // first, recorded beside the table's key so one ranged read suffices).
  Result<std::string> Finish();
  uint64_t meta_size() const { return meta_size_; }
  uint64_t entry_count() const { return count_; }
  // Blocks so far compressed at the fast level (fewer than the blocks when
  // the samples found it worse).
  uint64_t fast_blocks() const { return fast_blocks_; }
  // Bytes so far, counting the open block uncompressed.
  uint64_t size() const { return out_.size() + block_.size(); }
  // The meta region Finish() would write, within a few bytes: a writer
  // cuts a table before it passes kMaxTableMetaBytes.
  uint64_t meta_size_estimate() const {
    return index_bytes_ + last_key_.size() + 32 + count_ * 10 / 8 + 128;
  }

 private:
  Status FlushBlock();
  // Compresses block_ into out_ from `at`: its size, or 0 if it does not
  // shrink (or zstd fails), and then out_ is left as it was.
  size_t CompressBlock(size_t at);

  size_t block_size_;
  int level_;
  int fast_level_;
  bool use_fast_ = false;  // what the latest sample found
  uint64_t fast_blocks_ = 0;
  std::string scratch_;  // a sampled block at the fast level
  std::string out_;
  std::string block_;
  std::string last_key_;
  bool has_entries_ = false;
  uint64_t count_ = 0;
  std::vector<std::pair<std::string, BlockHandle>> index_;
  uint64_t index_bytes_ = 0;  // encoded size of index_ so far, about
  BloomFilterBuilder bloom_;
  uint8_t group_tail_ = 0;
  std::string last_group_;  // the group last added to the filter
  uint64_t meta_size_ = 0;
};

// The meta region of a table, parsed and checked: what a reader keeps in memory.
class TableIndex {
 public:
  // `tail` is the last `tail.size()` bytes of a table of `table_size` bytes
  // and must hold the whole meta region. Corruption names `table_key`.
  static Result<TableIndex> Open(std::string_view tail, uint64_t table_size,
                                 std::string_view table_key);

  // The block that would hold `key`, or nothing if the bloom filter or the
  // key range rules it out.
  std::optional<BlockHandle> Find(std::string_view key) const;
  // False if no key of `group` followed by `tail` bytes is in the table, as
  // the filter tells when it holds groups of that tail; true otherwise.
  bool MayHoldGroup(std::string_view group, size_t tail) const;
  // The bytes the filter drops from each key (0: it holds whole keys).
  uint8_t group_tail() const { return group_tail_; }
  // Every block, in key order (for scans).
  std::vector<BlockHandle> Blocks() const;
  // The blocks that can hold keys starting with `prefix`, in key order.
  std::vector<BlockHandle> BlocksWithPrefix(std::string_view prefix) const;
  // The same blocks as the places [first, last) of `block(i)`: for a reader
  // asking for many prefixes, without a vector each.
  std::pair<size_t, size_t> BlockRangeWithPrefix(std::string_view prefix) const;
  // The places [first, last) of the blocks that can hold keys in [from, to].
  std::pair<size_t, size_t> BlockRangeBetween(std::string_view from, std::string_view to) const;
  const BlockHandle& block(size_t i) const { return index_[i].second; }
  uint64_t entry_count() const { return entry_count_; }
  uint64_t meta_offset() const { return meta_offset_; }

 private:
  std::vector<std::pair<std::string, BlockHandle>> index_;  // last key of each block
  std::string bloom_;
  uint8_t group_tail_ = 0;
  uint64_t entry_count_ = 0;
  uint64_t meta_offset_ = 0;
};

// Checks and decompresses one block read at `handle`.
Result<DecodedBlock> DecodeTableBlock(std::string_view bytes, std::string_view table_key);

}  // namespace namidb
