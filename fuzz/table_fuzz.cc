// Data files (storage/table_format.h, table_reader.h): any bytes, opened as
// a table the way a reader opens one (its tail first, then the blocks a
// lookup or scan needs), give entries or Corruption naming the table.
//
// The bytes are tried as they are and with every checksum made right (the
// meta region's, and each block's the index points at), so that mutations
// reach the index, the bloom filter, zstd frames and the entries: a full
// scan, point lookups of every key it found, a prefix scan and, in a table
// whose filter holds key groups, each key's group.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "storage/block_cache.h"
#include "storage/table_reader.h"
#include "store/memory_store.h"

namespace namidb::fuzz {
namespace {

constexpr std::string_view kKey = "ns/sst/nodes-fuzz.sst";
constexpr size_t kBlockTrailer = 5;

struct Footer {
  uint64_t index_offset, index_size, bloom_offset, bloom_size, entries;
};

Footer ReadFooter(std::string_view bytes) {
  const char* f = bytes.data() + bytes.size() - kTableFooterSize;
  return {DecodeFixed64(f), DecodeFixed64(f + 8), DecodeFixed64(f + 16), DecodeFixed64(f + 24),
          DecodeFixed64(f + 32)};
}

// Each block checksum the index names, then the meta checksum.
std::string WithChecksums(std::string bytes) {
  if (bytes.size() < kTableFooterSize) return bytes;
  Footer footer = ReadFooter(bytes);
  size_t footer_at = bytes.size() - kTableFooterSize;
  if (footer.index_offset > footer_at) return bytes;
  uint64_t index_size = std::min<uint64_t>(footer.index_size, footer_at - footer.index_offset);
  Decoder index(std::string_view(bytes).substr(footer.index_offset, index_size), kKey);
  auto blocks = index.ReadVarint64();
  for (uint64_t i = 0; blocks.ok() && i < *blocks; ++i) {
    auto key = index.ReadLengthPrefixed();
    auto offset = index.ReadVarint64();
    auto size = index.ReadVarint64();
    if (!key.ok() || !offset.ok() || !size.ok()) break;
    if (*size <= kBlockTrailer || *offset > footer.index_offset ||
        *size > footer.index_offset - *offset) {
      continue;
    }
    size_t type_at = *offset + *size - kBlockTrailer;
    uint32_t crc = crc32c::Extend(crc32c::Value(bytes.data() + *offset, type_at - *offset),
                                  bytes.data() + type_at, 1);
    EncodeFixed32(bytes.data() + type_at + 1, crc32c::Mask(crc));
  }
  size_t crc_at = bytes.size() - 12;
  PutMaskedCrc(&bytes, crc_at,
               std::string_view(bytes).substr(footer.index_offset, crc_at - footer.index_offset));
  return bytes;
}

void Open(std::string_view bytes, uint64_t tail_shortfall) {
  auto store = std::make_shared<MemoryStore>();
  Check(store->Put(kKey, bytes, {}).ok(), "storing the table");
  TableRef ref;
  ref.key = std::string(kKey);
  ref.kind = "nodes";
  ref.size = bytes.size();
  ref.meta_size = bytes.size();
  if (bytes.size() >= kTableFooterSize) {
    Footer footer = ReadFooter(bytes);
    ref.entries = footer.entries;
    if (footer.index_offset <= bytes.size()) ref.meta_size = bytes.size() - footer.index_offset;
  }
  ref.meta_size -= std::min(ref.meta_size, tail_shortfall);
  auto table = TableReader::Open(*store, ref.key, ref, std::make_shared<BlockCache>(1 << 20));
  if (!table.ok()) {
    CheckTyped(table.status(), "opening a table");
    Check(table.status().message().find(kKey) != std::string::npos,
          "a table error that does not name the table", table.status().ToString());
    return;
  }
  auto all = (*table)->Scan(*store, "");
  if (!all.ok()) return CheckTyped(all.status(), "scanning a table");
  std::vector<std::string> keys;
  for (const auto& entry : *all) keys.push_back(entry.key);
  keys.push_back("");
  keys.push_back(std::string(16, '\xff'));
  auto found = (*table)->GetMany(*store, keys);
  if (!found.ok()) return CheckTyped(found.status(), "looking keys up in a table");
  Check(found->size() == keys.size(), "GetMany answers a different number of keys");
  // A filter of key groups (format version 2) asked as an adjacency step
  // asks it, for each key's group.
  const TableIndex& index = (*table)->index();
  for (const auto& entry : *all) {
    size_t tail = index.group_tail();
    if (tail != 0 && entry.key.size() >= tail) {
      (void)index.MayHoldGroup(std::string_view(entry.key).substr(0, entry.key.size() - tail),
                               tail);
    }
  }
  if (!all->empty()) {
    auto prefixed = (*table)->Scan(*store, all->front().key.substr(0, 3));
    if (!prefixed.ok()) CheckTyped(prefixed.status(), "a prefix scan");
  }
}

}  // namespace
}  // namespace namidb::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace namidb::fuzz;
  if (size == 0) return 0;
  // The first byte: how many bytes short of the meta region the tail read
  // falls (mostly none).
  uint64_t shortfall = data[0] < 0xf0 ? 0 : data[0] - 0xef;
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  Open(bytes, shortfall);
  Open(WithChecksums(bytes), shortfall);
  return 0;
}
