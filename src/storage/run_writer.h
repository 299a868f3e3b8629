// RunWriter: writes one kind of entries of a run (a flush or a compaction)
// as data files, splitting it into tables of about `target_bytes` each (and
// before a table's meta region reaches half of kMaxTableMetaBytes).
//
// Entries arrive in key order and stream into a TableBuilder; when the table
// reaches the target it is put (create-only, under a fresh key) and the next
// one begins. Memory stays bounded by one table however large the run is,
// and a reader fetches the one table that holds a key by the key ranges the
// manifest records.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/layout.h"
#include "storage/manifest.h"
#include "storage/table_format.h"
#include "store/object_store.h"

namespace namidb {

struct RunSpec {
  uint64_t level = 0;
  uint64_t writer_epoch = 0;
  uint64_t max_lsn = 0;
  uint64_t target_bytes = kDefaultTableTargetBytes;
};

class RunWriter {
 public:
  RunWriter(ObjectStore& store, const NamespaceLayout& layout, std::string kind,
            const RunSpec& spec)
      : store_(store), layout_(layout), kind_(std::move(kind)), spec_(spec) {}

  // Keys strictly ascending across the whole kind.
  Status Add(std::string_view key, std::string_view value);
  // Puts the table being built, if any, so that the next entry starts a
  // new one.
  Status Cut();
  // Puts the last table; the tables written, in key order (none if no entry
  // was added).
  Result<std::vector<TableRef>> Finish();

 private:
  Status PutTable();

  ObjectStore& store_;
  const NamespaceLayout& layout_;
  std::string kind_;
  RunSpec spec_;
  std::optional<TableBuilder> builder_;
  bool reserved_ = false;
  std::string smallest_;
  std::string largest_;
  std::vector<TableRef> written_;
};

}  // namespace namidb
