// PlanCache: the statements db.query / db.write ran lately, kept planned by
// their text, so that running the same text again (with new parameters)
// neither parses nor plans it. A query cache as in other databases: most
// programs run a few texts many times, and for a point read the parse and
// the plan cost more than the read.
//
// An entry is a PreparedStatement (api/prepared_statement.h), which already
// plans again when the indexes, constraints or procedures changed. The
// cache also drops an entry whose plan was made against counts that have
// since changed a lot (CountsDrifted): a plan chose where to start from the
// label counts of its time, and a statement first run on an empty graph
// would otherwise keep that choice at a million nodes.
//
// Bounded by entries and by the bytes of their texts, least recently used
// first out; a text longer than a quarter of the bytes is never kept.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/prepared_statement.h"
#include "storage/manifest.h"

namespace namidb::api {

// Whether counts planned against (`then`) and the graph's (`now`) differ so
// much a plan should be made again: the node count or one label's count
// more than doubled or fell below half, with a slack of kCountSlack so a
// small graph does not plan again at every write.
bool CountsDrifted(const GraphStats& then, const GraphStats& now);

class PlanCache {
 public:
  static constexpr size_t kDefaultEntries = 128;
  static constexpr size_t kDefaultTextBytes = 1 << 20;
  static constexpr uint64_t kCountSlack = 64;

  explicit PlanCache(size_t max_entries = kDefaultEntries,
                     size_t max_text_bytes = kDefaultTextBytes)
      : max_entries_(max_entries), max_text_bytes_(max_text_bytes) {}

  struct Stats {
    uint64_t hits = 0;    // runs that found their text planned
    uint64_t misses = 0;  // runs that parsed it (and planned it, unless it failed)
    uint64_t entries = 0;
    uint64_t text_bytes = 0;
  };

  // The statement kept for `text`, or a new one, parsed and planned by its
  // first run (a text too long to keep is returned all the same, not
  // kept). `stats` are the graph's counts now: an entry planned against
  // counts that drifted from them is replaced by a new one.
  std::shared_ptr<PreparedStatement> Get(std::string_view text, const GraphStats& stats);
  // After a run of `statement` (from Get): if it planned again, the counts
  // it planned against are `stats`; if it has no plan (the text did not
  // parse or plan), it is not kept.
  void Ran(const std::shared_ptr<PreparedStatement>& statement, const GraphStats& stats);

  void Clear();
  Stats stats() const;

 private:
  struct Entry {
    std::string text;
    std::shared_ptr<PreparedStatement> statement;
    GraphStats planned_against;
    uint64_t plans = 0;  // statement->plans() when planned_against was taken
  };
  using List = std::list<Entry>;

  void Erase(List::iterator entry);

  size_t max_entries_;
  size_t max_text_bytes_;
  List entries_;  // most recently used first
  std::unordered_map<std::string_view, List::iterator> by_text_;
  size_t text_bytes_ = 0;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

}  // namespace namidb::api
