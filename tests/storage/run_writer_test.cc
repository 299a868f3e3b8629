// RunWriter's filters: the record tables (`nodes`, `edges`), which staging
// looks ids up in for every element, mostly ids that do not exist yet,
// rule out far more absent keys than the other kinds' tables.
#include "storage/run_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>

#include "core/coding.h"
#include "core/hash.h"
#include "storage/block_cache.h"
#include "storage/id_coding.h"
#include "storage/layout.h"
#include "storage/table_reader.h"
#include "store/memory_store.h"

namespace namidb {
namespace {

std::string KeyOf(int i) {
  std::string key;
  PutUuid(&key, NameBasedUuid("key " + std::to_string(i)));
  return key;
}

// Of `absent` keys never written, how many the filter of a `kind` table of
// `present` keys fails to rule out (each would cost a block read).
int FalsePositives(const std::string& kind, int present, int absent) {
  auto store = std::make_shared<MemoryStore>();
  auto layout = *NamespaceLayout::Make("", "filters");
  RunWriter writer(*store, layout, kind, RunSpec{0, 1, 1, kDefaultTableTargetBytes});
  std::vector<std::string> keys;
  for (int i = 0; i < present; ++i) keys.push_back(KeyOf(i));
  std::sort(keys.begin(), keys.end());
  for (const auto& k : keys) EXPECT_TRUE(writer.Add(k, "v").ok());
  auto tables = writer.Finish();
  EXPECT_TRUE(tables.ok() && tables->size() == 1u);
  if (!tables.ok() || tables->size() != 1u) return -1;
  auto reader = TableReader::Open(*store, layout.Absolute((*tables)[0].key), (*tables)[0],
                                  std::make_shared<BlockCache>());
  EXPECT_TRUE(reader.ok());
  if (!reader.ok()) return -1;
  const TableIndex& index = (*reader)->index();
  for (const auto& k : keys) EXPECT_TRUE(index.Find(k).has_value());  // never a wrong "absent"
  int found = 0;
  for (int i = present; i < present + absent; ++i) found += index.Find(KeyOf(i)).has_value();
  return found;
}

TEST(RunWriter, RecordTablesRuleOutMoreAbsentKeys) {
  const int present = 20000, absent = 40000;
  const int nodes = FalsePositives("nodes", present, absent);
  const int edges = FalsePositives("edges", present, absent);
  const int labels = FalsePositives("labels", present, absent);
  // 10 bits a key: about 0.8% of absent keys pass; 16 bits: about 0.05%.
  EXPECT_GT(labels, absent / 500);
  EXPECT_LT(nodes, absent / 500);
  EXPECT_LT(edges, absent / 500);
  EXPECT_LT(edges * 5, labels) << "nodes " << nodes << ", edges " << edges << ", labels " << labels;
}

}  // namespace
}  // namespace namidb
