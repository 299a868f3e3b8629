// GraphReader::StoredLabelRows: where each node of a label has its current
// version in the data files. Runs are immutable, so a reader works this out
// once per label: the label index of every run, merged by id (the newest run
// listing a node decides), and a record read only for a node a newer run may
// hold without the label (deleted, or the label removed), which the bloom
// filters cannot rule out. A column scan then reads each node's values at
// its (run, row) with no bloom probe, no record read and no sort per query.
#include <algorithm>
#include <string>
#include <vector>

#include "storage/graph_reader.h"
#include "storage/id_coding.h"
#include "storage/label_index_codec.h"
#include "storage/record_codec.h"

namespace namidb {

Result<std::shared_ptr<const GraphReader::LabelRows>> GraphReader::StoredLabelRows(
    const std::string& label, bool* kept) {
  if (auto at = stored_label_rows_.find(label); at != stored_label_rows_.end()) {
    if (kept) *kept = true;
    return at->second;
  }
  const std::string prefix = LabelIndexPrefix(label);
  std::vector<BlockRead> reads;
  std::vector<size_t> run_of;  // per read
  for (size_t r = 0; r < runs_.size(); ++r) {
    auto tables = runs_[r].find("labels");
    if (tables == runs_[r].end()) continue;
    for (const Table& t : TablesWithPrefix(tables->second, prefix)) {
      for (const BlockHandle& h : t.reader->index().BlocksWithPrefix(prefix)) {
        run_of.push_back(r);
        reads.push_back({t.reader.get(), h});
      }
    }
  }
  // Each run's ids in its label index's order: the row of a node's values
  // in that run's columns.
  std::vector<std::vector<Uuid>> listed(runs_.size());
  if (!reads.empty()) {
    NAMIDB_ASSIGN_OR_RETURN(auto blocks, TableReader::ReadBlocks(*store_, reads));
    for (size_t i = 0; i < reads.size(); ++i) {
      for (const BlockEntry& e : *blocks[i]) {
        if (!e.key.starts_with(prefix)) continue;
        NAMIDB_ASSIGN_OR_RETURN(Uuid id, DecodeLabelIndexKey(e.key, label, reads[i].table->key()));
        std::vector<Uuid>& ids = listed[run_of[i]];
        if (!ids.empty() && !(ids.back() < id)) {
          return Status::Corruption("label index of " + label + " in " + reads[i].table->key() +
                                    ": ids out of order");
        }
        ids.push_back(id);
      }
    }
  }

  LabelRows made;
  std::vector<Uuid> ids;
  for (const auto& run_ids : listed) made.run_sizes.push_back(run_ids.size());
  // A merge of the runs' lists (a handful of runs: the smallest head by a
  // linear look); of one id's entries the newest run's (lowest index) wins.
  std::vector<size_t> at(runs_.size(), 0);
  std::vector<size_t> unsure;  // positions whose run a newer run may override
  std::string key;             // reused: a node key does not fit a short string
  for (;;) {
    size_t best = runs_.size();
    for (size_t r = 0; r < runs_.size(); ++r) {
      if (at[r] == listed[r].size()) continue;
      if (best == runs_.size() || listed[r][at[r]] < listed[best][at[best]]) best = r;
    }
    if (best == runs_.size()) break;
    const Uuid id = listed[best][at[best]];
    const uint32_t row = static_cast<uint32_t>(at[best]);
    for (size_t r = 0; r < runs_.size(); ++r) {
      if (at[r] < listed[r].size() && listed[r][at[r]] == id) ++at[r];
    }
    // A newer run holding the node without listing it under the label has
    // it deleted or without the label: only its record can tell.
    if (best > 0) {
      key.clear();
      PutUuid(&key, id);
      if (NewerRunsMayHoldNode(best, key)) unsure.push_back(ids.size());
    }
    ids.push_back(id);
    made.run.push_back(static_cast<uint32_t>(best));
    made.row.push_back(row);
  }
  if (!unsure.empty()) {
    std::vector<std::string> keys;
    keys.reserve(unsure.size());
    for (size_t k : unsure) PutUuid(&keys.emplace_back(), ids[k]);
    NAMIDB_ASSIGN_OR_RETURN(auto values, MergedGet("nodes", keys));
    std::vector<bool> drop(ids.size(), false);
    for (size_t u = 0; u < unsure.size(); ++u) {
      if (!values[u]) continue;  // never so: the listing run holds it
      NAMIDB_ASSIGN_OR_RETURN(NodeRecord r, DecodeNodeLabels(*values[u], "nodes"));
      drop[unsure[u]] = !OverlayCarries(r, label);  // the same test as of the overlay's records
    }
    size_t out = 0;
    for (size_t k = 0; k < ids.size(); ++k) {
      if (drop[k]) continue;
      ids[out] = ids[k];
      made.run[out] = made.run[k];
      made.row[out] = made.row[k];
      ++out;
    }
    ids.resize(out);
    made.run.resize(out);
    made.row.resize(out);
  }
  made.ids = std::make_shared<const std::vector<Uuid>>(std::move(ids));
  const uint64_t bytes = made.ids->size() * (sizeof(Uuid) + 2 * sizeof(uint32_t));
  return Keep(stored_label_rows_, label, std::move(made), bytes, kept);
}

}  // namespace namidb
