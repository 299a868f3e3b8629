// TableReader: point lookups in a data file without reading the whole file.
//
// Opening reads the table's meta region with one ranged read (its size is in
// the manifest's TableRef); lookups then read only the blocks that can hold
// the keys, all missing blocks of a batch in one GetMany, through a shared
// BlockCache so warm lookups make no round trip at all.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "storage/block_cache.h"
#include "storage/manifest.h"
#include "storage/table_format.h"
#include "store/object_store.h"

namespace namidb {

class TableReader;

// One block of one table, to be read with others in one batched call.
struct BlockRead {
  TableReader* table;
  BlockHandle handle;
};

class TableReader {
 public:
  // `key` is the table's absolute object key.
  static Result<std::unique_ptr<TableReader>> Open(ObjectStore& store, std::string key,
                                                   const TableRef& ref,
                                                   std::shared_ptr<BlockCache> cache);

  // The value of each key (nullopt where absent), in request order.
  Result<std::vector<std::optional<std::string>>> GetMany(ObjectStore& store,
                                                          std::span<const std::string> keys);

  // The same from a tail read already in hand (so that many tables' tails
  // can be fetched in one batched call).
  static Result<std::unique_ptr<TableReader>> FromTail(const Result<GetResult>& tail,
                                                       std::string key, const TableRef& ref,
                                                       std::shared_ptr<BlockCache> cache);

  // Every entry whose key starts with `prefix`, in key order: one batched
  // read of the blocks that can hold them and are not cached.
  Result<std::vector<TableEntry>> Scan(ObjectStore& store, std::string_view prefix);

  const TableIndex& index() const { return index_; }
  const std::string& key() const { return key_; }

  // Whether a block just read enters the cache, given the reads it serves
  // (their places in `reads`).
  using KeepBlock = std::function<bool(std::span<const size_t> reads, const DecodedBlock& block)>;
  // The blocks `reads` name, decoded, in request order: from the cache or,
  // every missing block of every table in one batched call (checked,
  // decoded and cached, or with `keep` only those it keeps).
  static Result<std::vector<std::shared_ptr<const DecodedBlock>>> ReadBlocks(
      ObjectStore& store, std::span<const BlockRead> reads, const KeepBlock& keep = nullptr);

 private:
  TableReader(std::string key, TableIndex index, std::shared_ptr<BlockCache> cache)
      : key_(std::move(key)), index_(std::move(index)), cache_(std::move(cache)) {}

  Result<std::vector<std::shared_ptr<const DecodedBlock>>> ReadOwnBlocks(
      ObjectStore& store, const std::vector<BlockHandle>& handles);

  std::string key_;
  TableIndex index_;
  std::shared_ptr<BlockCache> cache_;
};

}  // namespace namidb
