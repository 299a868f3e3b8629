#include "storage/decoded_block.h"

#include <algorithm>
#include <cstring>

#include "core/coding.h"
#include "storage/key_order.h"

namespace namidb {

Result<DecodedBlock> DecodedBlock::Parse(std::unique_ptr<char[]> payload, size_t size,
                                         std::string_view table_key) {
  auto corrupt = [&](const std::string& why) {
    return Status::Corruption("table " + std::string(table_key) + " block: " + why);
  };
  DecodedBlock block;
  block.data_ = std::move(payload);
  block.size_ = size;
  Decoder in(std::string_view(block.data_.get(), size), table_key);
  while (!in.done()) {
    NAMIDB_ASSIGN_OR_RETURN(std::string_view key, in.ReadLengthPrefixed());
    NAMIDB_ASSIGN_OR_RETURN(std::string_view value, in.ReadLengthPrefixed());
    if (!block.entries_.empty() && key <= block.entries_.back().key) {
      return corrupt("keys out of order");
    }
    block.entries_.push_back({key, value});
  }
  if (block.entries_.empty()) return corrupt("empty block");
  // Cached for long: no room left over from the vector's growth.
  block.entries_.shrink_to_fit();
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
