// PropertyIndexBuilder: the entries of property index tables
// (property_index_codec.h) for a set of (label, property) pairs, collected
// from node records and written one pair per table.
//
// A flush feeds it the memtable's nodes (and, for a pair whose tables do not
// exist yet, every live node); a compaction the merged live nodes. Memory
// holds one small entry per indexed node (its value part and id) until
// Write sorts and writes them.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/uuid.h"
#include "storage/graph_state.h"
#include "storage/manifest.h"
#include "storage/run_writer.h"

namespace namidb {

class PropertyIndexBuilder {
 public:
  explicit PropertyIndexBuilder(const std::vector<IndexedProperty>& pairs);

  // Adds the entries of node `id` as `record` has it (none for a
  // tombstone, a missing label or property, or a value equal to nothing),
  // to the pairs `only` names (every pair of the builder if null).
  void Add(const Uuid& id, const NodeRecord& record,
           const std::vector<IndexedProperty>* only = nullptr);

  // Adds the entry of node `id` whose `pair.property` is `value`, as a
  // node of `pair.label` (nothing if the builder has no such pair, or the
  // value is null or equal to nothing).
  void AddValue(const IndexedProperty& pair, const Uuid& id, const Value& value);

  // Adds an entry as a property index table holds it (its key), if it is
  // of one of the builder's pairs.
  void AddEncoded(std::string_view key);

  // Writes every entry in key order, each pair's in tables of their own
  // (a reader and a backfill rely on a table holding one pair), and
  // forgets them.
  Status Write(RunWriter& writer);

 private:
  struct Pair {
    IndexedProperty index;
    std::vector<std::pair<std::string, Uuid>> entries;  // value part, node
  };
  std::map<std::string, Pair> pairs_;                   // by key prefix: the table order
  std::map<std::string, std::vector<Pair*>> by_label_;  // label -> its pairs
};

}  // namespace namidb
