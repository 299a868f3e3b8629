#include "api/plan_cache.h"

#include <algorithm>
#include <utility>

namespace namidb::api {

namespace {

bool Drifted(uint64_t then, uint64_t now) {
  const uint64_t low = std::min(then, now);
  const uint64_t high = std::max(then, now);
  return high > 2 * low + PlanCache::kCountSlack;
}

uint64_t CountOf(const std::map<std::string, uint64_t>& counts, const std::string& key) {
  auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

}  // namespace

bool CountsDrifted(const GraphStats& then, const GraphStats& now) {
  if (Drifted(then.nodes, now.nodes)) return true;
  for (const auto& [label, count] : then.labels) {
    if (Drifted(count, CountOf(now.labels, label))) return true;
  }
  for (const auto& [label, count] : now.labels) {
    if (!then.labels.count(label) && Drifted(0, count)) return true;
  }
  return false;
}

std::shared_ptr<PreparedStatement> PlanCache::Get(std::string_view text, const GraphStats& stats) {
  auto found = by_text_.find(text);
  if (found != by_text_.end()) {
    List::iterator entry = found->second;
    if (!CountsDrifted(entry->planned_against, stats)) {
      ++hits_;
      entries_.splice(entries_.begin(), entries_, entry);
      return entry->statement;
    }
    Erase(entry);  // planned against other counts: parsed and planned again below
  }
  ++misses_;
  std::shared_ptr<PreparedStatement> statement = PreparedStatement::Unparsed(std::string(text));
  if (text.size() > max_text_bytes_ / 4 || max_entries_ == 0) return statement;
  while (!entries_.empty() &&
         (entries_.size() >= max_entries_ || text_bytes_ + text.size() > max_text_bytes_)) {
    Erase(std::prev(entries_.end()));
  }
  entries_.push_front(Entry{std::string(text), statement, {}, 0});
  by_text_.emplace(entries_.front().text, entries_.begin());
  text_bytes_ += text.size();
  return statement;
}

void PlanCache::Ran(const std::shared_ptr<PreparedStatement>& statement, const GraphStats& stats) {
  auto found = by_text_.find(statement->text());
  if (found == by_text_.end() || found->second->statement != statement) return;
  Entry& entry = *found->second;
  if (statement->plans() == 0) return Erase(found->second);
  if (entry.plans == statement->plans()) return;
  entry.plans = statement->plans();
  entry.planned_against = stats;
}

void PlanCache::Erase(List::iterator entry) {
  text_bytes_ -= entry->text.size();
  by_text_.erase(entry->text);
  entries_.erase(entry);
}

void PlanCache::Clear() {
  by_text_.clear();
  entries_.clear();
  text_bytes_ = 0;
}

PlanCache::Stats PlanCache::stats() const {
  return Stats{hits_, misses_, entries_.size(), text_bytes_};
}

}  // namespace namidb::api
