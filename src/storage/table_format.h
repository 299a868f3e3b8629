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
//   bloom  := see bloom_filter.h
//   footer := index_offset:u64 index_size:u64 bloom_offset:u64 bloom_size:u64
//             entry_count:u64 format_version:u32 masked_crc32c(index, bloom, footer fields):u32
//             "NMDBSST1"                                    (56 bytes)
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

namespace namidb {

constexpr uint32_t kTableFormatVersion = 1;
// zstd's level for blocks. Level 1 against 3 took a flush's compression
// from 1.56G to 1.29G instructions for 0.4% more bytes on random ids and
// 1.5% on LDBC's text; negative levels leave literals raw (32% more on
// that text). Frames decode alike whatever level wrote them.
constexpr int kTableCompressionLevel = 1;
constexpr size_t kTableFooterSize = 56;

struct TableEntry {
  std::string key;
  std::string value;
  friend bool operator==(const TableEntry&, const TableEntry&) = default;
};

struct BlockHandle {
  uint64_t offset = 0;
  uint64_t size = 0;  // including the 5-byte trailer
};

class TableBuilder {
 public:
  explicit TableBuilder(size_t block_size = kTableBlockBytes,
                        int compression_level = kTableCompressionLevel)
      : block_size_(block_size), level_(compression_level) {}

  // Sizes the output buffer up front, so that a table of about `bytes` is
  // built without the transient double-sized copies of a growing string.
  void Reserve(size_t bytes) { out_.reserve(bytes); }
  // Keys must be strictly ascending (InvalidArgument otherwise); an entry
  // larger than a block may be is refused (Internal: staging keeps records
  // far below that).
  Status Add(std::string_view key, std::string_view value);
  // The whole table, and the size of its meta region (what a reader fetches
  // first, recorded beside the table's key so one ranged read suffices).
  Result<std::string> Finish();
  uint64_t meta_size() const { return meta_size_; }
  uint64_t entry_count() const { return count_; }
  // Bytes so far, counting the open block uncompressed.
  uint64_t size() const { return out_.size() + block_.size(); }
  // The meta region Finish() would write, within a few bytes: a writer
  // cuts a table before it passes kMaxTableMetaBytes.
  uint64_t meta_size_estimate() const {
    return index_bytes_ + last_key_.size() + 32 + count_ * 10 / 8 + 128;
  }

 private:
  Status FlushBlock();

  size_t block_size_;
  int level_;
  std::string out_;
  std::string block_;
  std::string last_key_;
  bool has_entries_ = false;
  uint64_t count_ = 0;
  std::vector<std::pair<std::string, BlockHandle>> index_;
  uint64_t index_bytes_ = 0;  // encoded size of index_ so far, about
  BloomFilterBuilder bloom_;
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
  // Every block, in key order (for scans).
  std::vector<BlockHandle> Blocks() const;
  // The blocks that can hold keys starting with `prefix`, in key order.
  std::vector<BlockHandle> BlocksWithPrefix(std::string_view prefix) const;
  // The same blocks as the places [first, last) of `block(i)`: for a reader
  // asking for many prefixes, without a vector each.
  std::pair<size_t, size_t> BlockRangeWithPrefix(std::string_view prefix) const;
  const BlockHandle& block(size_t i) const { return index_[i].second; }
  uint64_t entry_count() const { return entry_count_; }
  uint64_t meta_offset() const { return meta_offset_; }

 private:
  std::vector<std::pair<std::string, BlockHandle>> index_;  // last key of each block
  std::string bloom_;
  uint64_t entry_count_ = 0;
  uint64_t meta_offset_ = 0;
};

// Checks and decompresses one block read at `handle`.
Result<std::vector<TableEntry>> DecodeTableBlock(std::string_view bytes,
                                                 std::string_view table_key);

}  // namespace namidb
