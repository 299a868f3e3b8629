#include "storage/table_format.h"

#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "core/coding.h"
#include "core/crc32c.h"
#include "storage/bloom_filter.h"
#include "storage/format_version.h"

namespace namidb {
namespace {

constexpr std::string_view kMagic = "NMDBSST1";
constexpr uint8_t kRaw = 0;
constexpr uint8_t kZstd = 1;
constexpr size_t kBlockTrailer = 5;

// zstd's one-shot calls set up a context per call: allocating it and
// clearing its tables cost about a quarter of compressing a 32 KiB block.
// One context per thread, reused, gives the same frames.
struct ZstdContexts {
  ZSTD_CCtx* compress = ZSTD_createCCtx();
  ZSTD_DCtx* decompress = ZSTD_createDCtx();
  ZstdContexts() = default;
  ZstdContexts(const ZstdContexts&) = delete;
  ZstdContexts& operator=(const ZstdContexts&) = delete;
  ~ZstdContexts() {
    ZSTD_freeCCtx(compress);
    ZSTD_freeDCtx(decompress);
  }
};

ZstdContexts& Zstd() {
  thread_local ZstdContexts contexts;
  return contexts;
}

}  // namespace

Status TableBuilder::Add(std::string_view key, std::string_view value) {
  if (has_entries_ && key <= last_key_) {
    return Status::InvalidArgument("table keys must be strictly ascending");
  }
  uint64_t entry =
      VarintLength(key.size()) + key.size() + VarintLength(value.size()) + value.size();
  if (entry > kMaxBlockBytes) {
    return Status::Internal("a table entry of " + std::to_string(entry) +
                            " bytes is larger than a block may be");
  }
  // A large entry gets a block of its own, so a block stays within the
  // bound a reader accepts however large its entries are.
  if (entry >= block_size_) NAMIDB_RETURN_IF_ERROR(FlushBlock());
  PutLengthPrefixed(&block_, key);
  PutLengthPrefixed(&block_, value);
  last_key_.assign(key);
  has_entries_ = true;
  if (group_tail_ == 0) {
    bloom_.Add(key);
  } else {
    std::string_view group = key.substr(0, key.size() - std::min<size_t>(group_tail_, key.size()));
    if (count_ == 0 || group != last_group_) {
      bloom_.Add(group);
      last_group_.assign(group);
    }
  }
  ++count_;
  if (block_.size() >= block_size_) return FlushBlock();
  return Status::OK();
}

size_t TableBuilder::CompressBlock(size_t at) {
  ZSTD_CCtx* cctx = Zstd().compress;
  if (!cctx) return 0;
  size_t bound = ZSTD_compressBound(block_.size());
  out_.resize(at + bound);
  bool sample = fast_level_ != level_ && index_.size() % kCompressionSampleBlocks == 0;
  int level = fast_level_ == level_ || (use_fast_ && !sample) ? fast_level_ : level_;
  size_t n = ZSTD_compressCCtx(cctx, out_.data() + at, bound, block_.data(), block_.size(), level);
  if (sample && !ZSTD_isError(n)) {
    scratch_.resize(bound);
    size_t fast =
        ZSTD_compressCCtx(cctx, scratch_.data(), bound, block_.data(), block_.size(), fast_level_);
    use_fast_ = !ZSTD_isError(fast) && fast * 100 <= n * (100 + kFastLevelSlackPercent);
    if (!ZSTD_isError(fast) && fast < n) {
      std::memcpy(out_.data() + at, scratch_.data(), fast);
      n = fast;
      level = fast_level_;
    }
  }
  if (ZSTD_isError(n) || n >= block_.size()) {
    out_.resize(at);
    return 0;
  }
  if (level == fast_level_) ++fast_blocks_;
  out_.resize(at + n);
  return n;
}

Status TableBuilder::FlushBlock() {
  if (block_.empty()) return Status::OK();
  // Compressed straight into the table; a block that does not shrink is
  // stored raw in its place.
  size_t at = out_.size();
  uint8_t type = kZstd;
  if (CompressBlock(at) == 0) {
    out_ += block_;
    type = kRaw;
  }
  std::string_view payload(out_.data() + at, out_.size() - at);
  BlockHandle handle{at, payload.size() + kBlockTrailer};
  out_.push_back(static_cast<char>(type));
  uint32_t crc = crc32c::Extend(crc32c::Value(payload), reinterpret_cast<const char*>(&type), 1);
  PutFixed32(&out_, crc32c::Mask(crc));
  index_.emplace_back(last_key_, handle);
  index_bytes_ += last_key_.size() + 3 * 10;
  block_.clear();
  return Status::OK();
}

Result<std::string> TableBuilder::Finish() {
  NAMIDB_RETURN_IF_ERROR(FlushBlock());
  uint64_t index_offset = out_.size();
  std::string meta;
  PutVarint64(&meta, index_.size());
  for (const auto& [key, handle] : index_) {
    PutLengthPrefixed(&meta, key);
    PutVarint64(&meta, handle.offset);
    PutVarint64(&meta, handle.size);
  }
  uint64_t index_size = meta.size();
  std::string filter = bloom_.Finish();
  if (group_tail_ != 0) filter.push_back(static_cast<char>(group_tail_));
  meta += filter;
  PutFixed64(&meta, index_offset);
  PutFixed64(&meta, index_size);
  PutFixed64(&meta, index_offset + index_size);
  PutFixed64(&meta, filter.size());
  PutFixed64(&meta, count_);
  PutFixed32(&meta, group_tail_ == 0 ? kTableFormatVersion : kTableGroupsVersion);
  PutFixed32(&meta, crc32c::Mask(crc32c::Value(meta)));
  meta += kMagic;
  if (meta.size() > kMaxTableMetaBytes) {
    return Status::Internal("a table's index and filter of " + std::to_string(meta.size()) +
                            " bytes pass the limit of " + std::to_string(kMaxTableMetaBytes));
  }
  meta_size_ = meta.size();
  out_ += meta;
  return std::move(out_);
}

Result<TableIndex> TableIndex::Open(std::string_view tail, uint64_t table_size,
                                    std::string_view table_key) {
  auto corrupt = [&](const std::string& why) {
    return Status::Corruption("table " + std::string(table_key) + ": " + why);
  };
  if (tail.size() < kTableFooterSize || tail.size() > table_size) return corrupt("truncated");
  if (tail.size() > kMaxTableMetaBytes) return corrupt("meta region larger than a table may have");
  std::string_view footer = tail.substr(tail.size() - kTableFooterSize);
  if (footer.substr(48) != kMagic) return corrupt("bad magic");
  uint64_t index_offset = DecodeFixed64(footer.data());
  uint64_t index_size = DecodeFixed64(footer.data() + 8);
  uint64_t bloom_offset = DecodeFixed64(footer.data() + 16);
  uint64_t bloom_size = DecodeFixed64(footer.data() + 24);
  uint64_t entries = DecodeFixed64(footer.data() + 32);
  uint32_t version = DecodeFixed32(footer.data() + 40);
  uint64_t footer_offset = table_size - kTableFooterSize;
  // Each size is checked against the room left, never summed first: forged
  // sizes could wrap around 64 bits.
  if (index_offset > footer_offset || index_size > footer_offset - index_offset ||
      bloom_offset != index_offset + index_size || bloom_size != footer_offset - bloom_offset) {
    return corrupt("meta region out of bounds");
  }
  uint64_t tail_offset = table_size - tail.size();
  if (index_offset < tail_offset) return corrupt("the tail read does not hold the meta region");
  std::string_view meta = tail.substr(index_offset - tail_offset);
  uint32_t stored = crc32c::Unmask(DecodeFixed32(footer.data() + 44));
  if (crc32c::Value(meta.data(), meta.size() - 12) != stored)
    return corrupt("meta checksum mismatch");
  if (version != kTableFormatVersion && version != kTableGroupsVersion) {
    return UnreadableFormatVersion("table " + std::string(table_key), version, kTableGroupsVersion);
  }
  TableIndex index;
  index.entry_count_ = entries;
  index.meta_offset_ = index_offset;
  std::string_view bloom = meta.substr(index_size, bloom_size);
  if (version == kTableGroupsVersion) {
    // The filter's last byte says how much of each key it leaves out.
    if (bloom.empty() || bloom.back() == 0)
      return corrupt("a filter of key groups without its tail");
    index.group_tail_ = static_cast<uint8_t>(bloom.back());
    bloom.remove_suffix(1);
  }
  index.bloom_ = std::string(bloom);
  Decoder in(meta.substr(0, index_size), table_key);
  NAMIDB_ASSIGN_OR_RETURN(uint64_t blocks, in.ReadVarint64());
  if (blocks > in.remaining()) return corrupt("implausible block count");
  uint64_t expected_offset = 0;
  for (uint64_t i = 0; i < blocks; ++i) {
    NAMIDB_ASSIGN_OR_RETURN(std::string_view key, in.ReadLengthPrefixed());
    BlockHandle h;
    NAMIDB_ASSIGN_OR_RETURN(h.offset, in.ReadVarint64());
    NAMIDB_ASSIGN_OR_RETURN(h.size, in.ReadVarint64());
    if (h.offset != expected_offset || h.size <= kBlockTrailer ||
        h.size > kMaxBlockBytes + kBlockTrailer || h.size > index_offset - h.offset) {
      return corrupt("block " + std::to_string(i) + " out of bounds");
    }
    if (!index.index_.empty() && key <= index.index_.back().first) {
      return corrupt("block index out of order");
    }
    expected_offset = h.offset + h.size;
    index.index_.emplace_back(std::string(key), h);
  }
  if (!in.done() || expected_offset != index_offset)
    return corrupt("block index does not cover the data");
  return index;
}

std::optional<BlockHandle> TableIndex::Find(std::string_view key) const {
  std::string_view filtered = key.substr(0, key.size() - std::min<size_t>(group_tail_, key.size()));
  if (!BloomFilterMayContain(bloom_, filtered)) return std::nullopt;
  auto it = std::lower_bound(index_.begin(), index_.end(), key,
                             [](const auto& entry, std::string_view k) { return entry.first < k; });
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

bool TableIndex::MayHoldGroup(std::string_view group, size_t tail) const {
  return group_tail_ == 0 || tail != group_tail_ || BloomFilterMayContain(bloom_, group);
}

std::vector<BlockHandle> TableIndex::BlocksWithPrefix(std::string_view prefix) const {
  auto [first, last] = BlockRangeWithPrefix(prefix);
  std::vector<BlockHandle> out;
  out.reserve(last - first);
  for (size_t i = first; i < last; ++i) out.push_back(index_[i].second);
  return out;
}

std::pair<size_t, size_t> TableIndex::BlockRangeWithPrefix(std::string_view prefix) const {
  // The first block whose last key is >= prefix may hold the first match;
  // later blocks hold more while their last key still starts with it.
  auto it = std::lower_bound(index_.begin(), index_.end(), prefix,
                             [](const auto& entry, std::string_view p) { return entry.first < p; });
  const size_t first = it - index_.begin();
  for (; it != index_.end(); ++it) {
    if (!std::string_view(it->first).starts_with(prefix)) {
      ++it;
      break;
    }
  }
  return {first, static_cast<size_t>(it - index_.begin())};
}

std::pair<size_t, size_t> TableIndex::BlockRangeBetween(std::string_view from,
                                                        std::string_view to) const {
  auto at_least = [&](std::string_view key) {
    return std::lower_bound(index_.begin(), index_.end(), key,
                            [](const auto& entry, std::string_view k) { return entry.first < k; }) -
           index_.begin();
  };
  // A block holds keys up to its last: the first whose last key reaches
  // `from`, through the first whose last key reaches `to`.
  const size_t first = at_least(from);
  const size_t last = std::min(index_.size(), static_cast<size_t>(at_least(to)) + 1);
  return {first, std::max(first, last)};
}

std::vector<BlockHandle> TableIndex::Blocks() const {
  std::vector<BlockHandle> out;
  for (const auto& [key, handle] : index_) out.push_back(handle);
  return out;
}

Result<DecodedBlock> DecodeTableBlock(std::string_view bytes, std::string_view table_key) {
  auto corrupt = [&](const std::string& why) {
    return Status::Corruption("table " + std::string(table_key) + " block: " + why);
  };
  if (bytes.size() <= kBlockTrailer) return corrupt("truncated");
  std::string_view payload = bytes.substr(0, bytes.size() - kBlockTrailer);
  uint8_t type = static_cast<uint8_t>(bytes[payload.size()]);
  uint32_t stored = crc32c::Unmask(DecodeFixed32(bytes.data() + payload.size() + 1));
  uint32_t crc = crc32c::Extend(crc32c::Value(payload), bytes.data() + payload.size(), 1);
  if (crc != stored) return corrupt("checksum mismatch");
  // Uninitialized: every byte is written before the block is parsed.
  std::unique_ptr<char[]> raw;
  size_t size = 0;
  if (type == kZstd) {
    unsigned long long content = ZSTD_getFrameContentSize(payload.data(), payload.size());
    if (content == ZSTD_CONTENTSIZE_ERROR || content == ZSTD_CONTENTSIZE_UNKNOWN ||
        content > kMaxBlockBytes) {
      return corrupt("bad compressed frame");
    }
    size = static_cast<size_t>(content);
    raw.reset(new char[size]);
    ZSTD_DCtx* dctx = Zstd().decompress;
    if (!dctx) return Status::Internal("zstd: no decompression context");
    size_t n = ZSTD_decompressDCtx(dctx, raw.get(), size, payload.data(), payload.size());
    if (ZSTD_isError(n) || n != size) return corrupt("decompression failed");
  } else if (type == kRaw) {
    if (payload.size() > kMaxBlockBytes) return corrupt("block larger than a block may be");
    size = payload.size();
    raw.reset(new char[size]);
    std::memcpy(raw.get(), payload.data(), size);
  } else {
    return corrupt("unknown block type " + std::to_string(type));
  }
  return DecodedBlock::Parse(std::move(raw), size, table_key);
}

}  // namespace namidb
