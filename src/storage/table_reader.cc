#include "storage/table_reader.h"

#include <algorithm>
#include <map>

namespace namidb {

Result<std::unique_ptr<TableReader>> TableReader::Open(ObjectStore& store, std::string key,
                                                       const TableRef& ref,
                                                       std::shared_ptr<BlockCache> cache) {
  auto tail = store.GetRange(key, ByteRange{ref.size - ref.meta_size, ref.meta_size});
  return FromTail(tail, std::move(key), ref, std::move(cache));
}

Result<std::unique_ptr<TableReader>> TableReader::FromTail(const Result<GetResult>& tail,
                                                           std::string key, const TableRef& ref,
                                                           std::shared_ptr<BlockCache> cache) {
  if (!tail.ok()) return tail.status();
  if (tail->meta.size != ref.size)
    return Status::Corruption("table " + key + " has the wrong size");
  NAMIDB_ASSIGN_OR_RETURN(TableIndex index, TableIndex::Open(tail->data, ref.size, key));
  if (index.entry_count() != ref.entries) {
    return Status::Corruption("table " + key + " holds a different number of entries");
  }
  return std::unique_ptr<TableReader>(
      new TableReader(std::move(key), std::move(index), std::move(cache)));
}

Result<std::vector<std::shared_ptr<const DecodedBlock>>> TableReader::ReadBlocks(
    ObjectStore& store, const std::vector<BlockHandle>& handles) {
  std::vector<std::shared_ptr<const DecodedBlock>> out(handles.size());
  std::vector<GetRequest> fetch;
  std::vector<size_t> slot;
  for (size_t i = 0; i < handles.size(); ++i) {
    out[i] = cache_->Lookup(key_, handles[i].offset);
    if (!out[i]) {
      fetch.push_back({key_, ByteRange{handles[i].offset, handles[i].size}});
      slot.push_back(i);
    }
  }
  if (fetch.empty()) return out;
  auto results = store.GetMany(fetch);
  for (size_t j = 0; j < results.size(); ++j) {
    if (!results[j].ok()) return results[j].status();
    NAMIDB_ASSIGN_OR_RETURN(DecodedBlock entries, DecodeTableBlock(results[j]->data, key_));
    auto block = std::make_shared<const DecodedBlock>(std::move(entries));
    cache_->Insert(key_, handles[slot[j]].offset, block);
    out[slot[j]] = std::move(block);
  }
  return out;
}

Result<std::vector<TableEntry>> TableReader::Scan(ObjectStore& store, std::string_view prefix) {
  std::vector<BlockHandle> handles = index_.BlocksWithPrefix(prefix);
  NAMIDB_ASSIGN_OR_RETURN(auto blocks, ReadBlocks(store, handles));
  std::vector<TableEntry> out;
  for (const auto& block : blocks) {
    for (const auto& e : *block) {
      if (std::string_view(e.key).starts_with(prefix)) out.push_back(e);
    }
  }
  return out;
}

Result<std::vector<std::optional<std::string>>> TableReader::GetMany(
    ObjectStore& store, std::span<const std::string> keys) {
  // The block of each key (the bloom filter rules most absent keys out),
  // each distinct block once.
  std::vector<std::optional<BlockHandle>> block_of(keys.size());
  std::vector<BlockHandle> handles;
  std::map<uint64_t, size_t> position;  // block offset -> index in `handles`
  for (size_t i = 0; i < keys.size(); ++i) {
    block_of[i] = index_.Find(keys[i]);
    if (block_of[i] && position.emplace(block_of[i]->offset, handles.size()).second) {
      handles.push_back(*block_of[i]);
    }
  }
  NAMIDB_ASSIGN_OR_RETURN(auto blocks, ReadBlocks(store, handles));
  std::vector<std::optional<std::string>> out(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!block_of[i]) continue;
    const DecodedBlock& entries = *blocks[position[block_of[i]->offset]];
    auto it = std::lower_bound(entries.begin(), entries.end(), keys[i],
                               [](const TableEntry& e, const std::string& k) { return e.key < k; });
    if (it != entries.end() && it->key == keys[i]) out[i] = it->value;
  }
  return out;
}

}  // namespace namidb
