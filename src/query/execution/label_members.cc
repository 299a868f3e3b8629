#include "query/execution/label_members.h"

namespace namidb::query {

bool EveryNodeCarries(GraphReader& graph, std::span<const std::string> labels) {
  if (labels.empty() || graph.overlay().node_slots() > 0) return false;
  const GraphStats& stats = graph.stats();
  for (const auto& label : labels) {
    auto it = stats.labels.find(label);
    if (it == stats.labels.end() || it->second != stats.nodes) return false;
  }
  return true;
}

bool CarriesAll(const GraphReader& graph, std::span<const std::shared_ptr<const UuidSet>> members,
                std::span<const std::string> labels, const Uuid& id) {
  for (size_t i = 0; i < members.size(); ++i) {
    if (!graph.CarriesLabel(*members[i], labels[i], id)) return false;
  }
  return true;
}

}  // namespace namidb::query
