// The label check of the nodes a relationship reaches, by the label
// index's ids rather than their records: whether the statistics make it
// needless, and the check itself against each label's members the reader
// gives (GraphReader::StoredLabelSet). Counting expansions and
// NeighborCounts use it.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "core/uuid.h"
#include "core/uuid_set.h"
#include "storage/graph_reader.h"

namespace namidb::query {

// Whether the counts prove every node carries each of `labels`, so that
// nodes reached need no label check: as many nodes carry it as there are.
// Only with no node in the overlay, where a node a statement deleted may
// still have relationships until it ends (the check would drop them).
bool EveryNodeCarries(GraphReader& graph, std::span<const std::string> labels);

// Whether node `id` carries every one of `labels`, given each one's
// StoredLabelSet in `members` (same order); the overlay decides the nodes
// it holds.
bool CarriesAll(const GraphReader& graph, std::span<const std::shared_ptr<const UuidSet>> members,
                std::span<const std::string> labels, const Uuid& id);

}  // namespace namidb::query
