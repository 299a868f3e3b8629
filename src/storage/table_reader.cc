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
    ObjectStore& store, std::span<const BlockRead> reads, const KeepBlock& keep) {
  std::vector<std::shared_ptr<const DecodedBlock>> out(reads.size());
  std::vector<GetRequest> fetch;
  std::vector<std::vector<size_t>> slots;  // per fetched block, the reads it serves
  std::map<std::pair<const TableReader*, uint64_t>, size_t> fetching;
  for (size_t i = 0; i < reads.size(); ++i) {
    const TableReader& table = *reads[i].table;
    // Sorted keys ask for one block many times in a row: look it up once.
    if (i > 0 && out[i - 1] && reads[i].table == reads[i - 1].table &&
        reads[i].handle.offset == reads[i - 1].handle.offset) {
      out[i] = out[i - 1];
      continue;
    }
    // A block this batch fetches already: no second lookup (the cache
    // counts one miss per block read, which its growth rule relies on).
    const auto place = std::make_pair(&table, reads[i].handle.offset);
    if (auto f = fetching.find(place); f != fetching.end()) {
      slots[f->second].push_back(i);
      continue;
    }
    out[i] = table.cache_->Lookup(table.key_, reads[i].handle.offset);
    if (out[i]) continue;
    fetching.emplace(place, fetch.size());
    fetch.push_back({table.key_, ByteRange{reads[i].handle.offset, reads[i].handle.size}});
    slots.emplace_back().push_back(i);
  }
  if (fetch.empty()) return out;
  auto results = store.GetMany(fetch);
  for (size_t j = 0; j < results.size(); ++j) {
    if (!results[j].ok()) {
      if (!results[j].status().Is(StatusCode::kNotFound)) return results[j].status();
      return Status::Corruption("table " + fetch[j].key +
                                " is missing (a reader pinned longer than the GC grace period "
                                "must be reopened on a newer version)");
    }
    const BlockRead& first = reads[slots[j].front()];
    NAMIDB_ASSIGN_OR_RETURN(DecodedBlock entries,
                            DecodeTableBlock(results[j]->data, first.table->key_));
    auto block = std::make_shared<const DecodedBlock>(std::move(entries));
    if (!keep || keep(slots[j], *block)) {
      first.table->cache_->Insert(first.table->key_, first.handle.offset, block);
    }
    for (size_t i : slots[j]) out[i] = block;
  }
  return out;
}

Result<std::vector<std::shared_ptr<const DecodedBlock>>> TableReader::ReadOwnBlocks(
    ObjectStore& store, const std::vector<BlockHandle>& handles) {
  std::vector<BlockRead> reads;
  for (const auto& h : handles) reads.push_back({this, h});
  return ReadBlocks(store, reads);
}

Result<std::vector<TableEntry>> TableReader::Scan(ObjectStore& store, std::string_view prefix) {
  std::vector<BlockHandle> handles = index_.BlocksWithPrefix(prefix);
  NAMIDB_ASSIGN_OR_RETURN(auto blocks, ReadOwnBlocks(store, handles));
  std::vector<TableEntry> out;
  for (const auto& block : blocks) {
    for (const auto& e : *block) {
      if (e.key.starts_with(prefix)) out.push_back({std::string(e.key), std::string(e.value)});
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
  NAMIDB_ASSIGN_OR_RETURN(auto blocks, ReadOwnBlocks(store, handles));
  std::vector<std::optional<std::string>> out(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!block_of[i]) continue;
    if (const std::string_view* v = blocks[position[block_of[i]->offset]]->Find(keys[i])) {
      out[i] = std::string(*v);
    }
  }
  return out;
}

}  // namespace namidb
