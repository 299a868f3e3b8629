#include "storage/decoded_block.h"

#include <algorithm>
#include <cstring>

#include "core/coding.h"
#include "storage/key_order.h"

namespace namidb {

namespace {

// The length varint at `*p` (before `end`), advancing `*p` past it; false if
// it is cut short or longer than ten bytes. Inline, with a one-byte fast
// path: a block holds hundreds of entries, two lengths each, and a call to
// the general Decoder per length was a fifth of decoding a block.
inline bool ReadLength(const char** p, const char* end, uint64_t* n) {
  if (*p < end && static_cast<uint8_t>(**p) < 0x80) {
    *n = static_cast<uint8_t>(*(*p)++);
    return true;
  }
  uint64_t result = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (*p == end) return false;
    const uint8_t byte = static_cast<uint8_t>(*(*p)++);
    if (shift == 63 && byte > 1) return false;  // past 64 bits
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *n = result;
      return true;
    }
  }
  return false;
}

// The next entry's key and value at `*p`, advancing past them; false if the
// payload ends inside it.
inline bool ReadEntry(const char** p, const char* end, BlockEntry* e) {
  uint64_t n;
  if (!ReadLength(p, end, &n) || n > static_cast<uint64_t>(end - *p)) return false;
  e->key = std::string_view(*p, n);
  *p += n;
  if (!ReadLength(p, end, &n) || n > static_cast<uint64_t>(end - *p)) return false;
  e->value = std::string_view(*p, n);
  *p += n;
  return true;
}

}  // namespace

Result<DecodedBlock> DecodedBlock::Parse(std::unique_ptr<char[]> payload, size_t size,
                                         std::string_view table_key) {
  auto corrupt = [&](const std::string& why) {
    return Status::Corruption("table " + std::string(table_key) + " block: " + why);
  };
  DecodedBlock block;
  block.data_ = std::move(payload);
  block.size_ = size;
  const char* const begin = block.data_.get();
  const char* const end = begin + size;
  // Counted first, so that the entries take one allocation of their exact
  // size: blocks stay cached for long, and growing a vector entry by entry
  // cost several reallocations per block.
  size_t count = 0;
  BlockEntry e;
  for (const char* p = begin; p != end; ++count) {
    if (!ReadEntry(&p, end, &e)) {
      return corrupt("entry " + std::to_string(count) + " at offset " + std::to_string(p - begin) +
                     " runs past the end");
    }
  }
  if (count == 0) return corrupt("empty block");
  block.entries_.reserve(count);
  for (const char* p = begin; p != end;) {
    ReadEntry(&p, end, &e);
    if (!block.entries_.empty() && !KeyLess(block.entries_.back().key, e.key)) {
      return corrupt("keys out of order");
    }
    block.entries_.push_back(e);
  }
  return block;
}

DecodedBlock DecodedBlock::Of(std::span<const TableEntry> entries) {
  std::string payload;
  for (const TableEntry& e : entries) {
    PutLengthPrefixed(&payload, e.key);
    PutLengthPrefixed(&payload, e.value);
  }
  auto data = std::make_unique<char[]>(payload.size());
  std::memcpy(data.get(), payload.data(), payload.size());
  DecodedBlock block;
  block.data_ = std::move(data);
  block.size_ = payload.size();
  block.entries_.reserve(entries.size());
  const char* at = block.data_.get();
  for (const TableEntry& e : entries) {
    at += VarintLength(e.key.size());
    std::string_view key(at, e.key.size());
    at += e.key.size() + VarintLength(e.value.size());
    block.entries_.push_back({key, std::string_view(at, e.value.size())});
    at += e.value.size();
  }
  return block;
}

const std::string_view* DecodedBlock::Find(std::string_view key) const {
  auto it =
      std::lower_bound(entries_.begin(), entries_.end(), key,
                       [](const BlockEntry& e, std::string_view k) { return KeyLess(e.key, k); });
  if (it != entries_.end() && it->key == key) return &it->value;
  return nullptr;
}

}  // namespace namidb
