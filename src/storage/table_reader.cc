#include "storage/table_reader.h"

#include <algorithm>
#include <map>

namespace namidb {

Result<std::unique_ptr<TableReader>> TableReader::Open(ObjectStore& store, std::string key,
                                                       const TableRef& ref,
                                                       std::shared_ptr<BlockCache> cache) {
  NAMIDB_ASSIGN_OR_RETURN(GetResult tail,
                          store.GetRange(key, ByteRange{ref.size - ref.meta_size, ref.meta_size}));
  if (tail.meta.size != ref.size) return Status::Corruption("table " + key + " has the wrong size");
  NAMIDB_ASSIGN_OR_RETURN(TableIndex index, TableIndex::Open(tail.data, ref.size, key));
  return std::unique_ptr<TableReader>(
      new TableReader(std::move(key), std::move(index), std::move(cache)));
}

Result<std::vector<std::optional<std::string>>> TableReader::GetMany(
    ObjectStore& store, std::span<const std::string> keys) {
  // The block of each key, then the blocks neither cached nor yet requested.
  std::vector<std::optional<BlockHandle>> block_of(keys.size());
  std::map<uint64_t, std::shared_ptr<const std::string>> blocks;  // offset -> bytes
  std::vector<GetRequest> fetch;
  for (size_t i = 0; i < keys.size(); ++i) {
    block_of[i] = index_.Find(keys[i]);
    if (!block_of[i] || blocks.count(block_of[i]->offset)) continue;
    auto cached = cache_->Lookup(key_, block_of[i]->offset);
    blocks[block_of[i]->offset] = cached;
    if (!cached) fetch.push_back({key_, ByteRange{block_of[i]->offset, block_of[i]->size}});
  }
  if (!fetch.empty()) {
    auto results = store.GetMany(fetch);  // every missing block in one round trip
    for (size_t i = 0; i < results.size(); ++i) {
      if (!results[i].ok()) return results[i].status();
      auto bytes = std::make_shared<const std::string>(std::move(results[i]->data));
      cache_->Insert(key_, fetch[i].range->offset, bytes);
      blocks[fetch[i].range->offset] = std::move(bytes);
    }
  }
  std::vector<std::optional<std::string>> out(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!block_of[i]) continue;
    // Blocks are checked and decoded on every use; the cache holds raw
    // bytes, so a damaged cache entry cannot yield a wrong answer either.
    NAMIDB_ASSIGN_OR_RETURN(std::vector<TableEntry> entries,
                            DecodeTableBlock(*blocks[block_of[i]->offset], key_));
    auto it = std::lower_bound(entries.begin(), entries.end(), keys[i],
                               [](const TableEntry& e, const std::string& k) { return e.key < k; });
    if (it != entries.end() && it->key == keys[i]) out[i] = std::move(it->value);
  }
  return out;
}

}  // namespace namidb
