// GraphReader::CountNeighborsOfType, the counts of a whole label by one
// pass over a type's adjacency (from the far end's side, or with no far
// label from the sources' own side), against the counts
// per source (CountNeighbors with the far label's set): the same numbers
// across runs, tombstones, edges written again, labels removed and added,
// and a memtable over the data files.
#include <gtest/gtest.h>

#include <random>

#include "core/hash.h"
#include "storage/graph_reader.h"
#include "storage/writer_session.h"
#include "store/memory_store.h"

namespace namidb {
namespace {

Uuid Id(int n) { return NameBasedUuid("type-scan-node-" + std::to_string(n)); }

constexpr int kNodes = 300;
const std::vector<std::vector<std::string>> kFarLabels = {{}, {"B"}, {"A", "B"}};

class TypeScanCountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto w = WriterSession::Open(memory_, "graph");
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    writer_ = std::move(w).value();
  }

  // Random labels out of {A, B}, the same node ids each time.
  void UpsertNodes(std::mt19937_64& rng) {
    for (int n = 0; n < kNodes; ++n) {
      std::vector<std::string> labels;
      if (rng() % 3 != 0) labels.push_back("A");
      if (rng() % 2 == 0) labels.push_back("B");
      if (labels.empty()) labels.push_back("C");
      ASSERT_TRUE(writer_->UpsertNode(labels, Id(n), {{"n", Value::Int(n)}}).ok());
    }
  }
  // Edges of types T and U between random nodes (self-loops included);
  // ids of their own, so that a pair may have several.
  void AddEdges(std::mt19937_64& rng, int count) {
    for (int i = 0; i < count; ++i) {
      const Uuid src = Id(static_cast<int>(rng() % kNodes));
      const Uuid dst = Id(static_cast<int>(rng() % kNodes));
      const Uuid id = NameBasedUuid("type-scan-edge-" + std::to_string(next_edge_++));
      auto added = writer_->UpsertEdge(rng() % 4 == 0 ? "U" : "T", src, dst, {}, id);
      ASSERT_TRUE(added.ok()) << added.status().ToString();
      edges_.push_back(id);
    }
  }

  // Both ways of counting agree for every source label, direction and far
  // label the graph has.
  void ExpectSameCounts(const std::string& when) {
    SCOPED_TRACE(when);
    auto opened = GraphReader::Open(memory_, layout_, std::make_shared<BlockCache>());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    GraphReader& reader = **opened;
    for (const std::string source_label : {"A", "B"}) {
      auto sources = reader.ScanLabelIds(source_label);
      ASSERT_TRUE(sources.ok());
      for (Direction direction : {Direction::kOut, Direction::kIn}) {
        for (const std::vector<std::string>& far : kFarLabels) {
          std::vector<std::shared_ptr<const UuidSet>> sets;
          std::vector<std::shared_ptr<const std::vector<Uuid>>> ids;
          for (const std::string& label : far) {
            sets.push_back(reader.StoredLabelSet(label).value());
            ids.push_back(reader.StoredLabelIds(label).value());
          }
          GraphReader::NeighborFilter keep;
          if (!far.empty()) {
            keep = [&](const Uuid& id) {
              for (size_t l = 0; l < far.size(); ++l) {
                if (!reader.CarriesLabel(*sets[l], far[l], id)) return false;
              }
              return true;
            };
          }
          auto per_source =
              reader.CountNeighbors(*sources, std::span(&direction, 1), "T", false, keep);
          ASSERT_TRUE(per_source.ok()) << per_source.status().ToString();
          auto by_type = reader.CountNeighborsOfType(*sources, direction, "T", far, ids);
          ASSERT_TRUE(by_type.ok()) << by_type.status().ToString();
          ASSERT_TRUE(by_type->has_value());
          EXPECT_EQ(**by_type, *per_source)
              << source_label << (direction == Direction::kOut ? " out " : " in ") << far.size();
          // Sources out of order: with no far label the pass cannot merge
          // them with the groups of their own side and counts from the far
          // side, each count still in its source's place.
          std::vector<Uuid> reversed(sources->rbegin(), sources->rend());
          auto by_type_reversed = reader.CountNeighborsOfType(reversed, direction, "T", far, ids);
          ASSERT_TRUE(by_type_reversed.ok()) << by_type_reversed.status().ToString();
          ASSERT_TRUE(by_type_reversed->has_value());
          EXPECT_EQ(
              std::vector<uint64_t>((*by_type_reversed)->rbegin(), (*by_type_reversed)->rend()),
              *per_source);
          uint64_t total = 0;
          for (uint64_t n : *per_source) total += n;
          if (far.empty() && source_label == std::string("A")) counted_ += total;
        }
      }
    }
  }

  std::shared_ptr<MemoryStore> memory_ = std::make_shared<MemoryStore>();
  NamespaceLayout layout_ = std::move(NamespaceLayout::Make("", "graph")).value();
  std::unique_ptr<WriterSession> writer_;
  // Deletes one of the live edges at random.
  void DeleteAnEdge(std::mt19937_64& rng) {
    const size_t at = rng() % edges_.size();
    ASSERT_TRUE(writer_->TombstoneEdge(edges_[at]).ok());
    edges_[at] = edges_.back();
    edges_.pop_back();
  }

  std::vector<Uuid> edges_;  // live
  int next_edge_ = 0;
  uint64_t counted_ = 0;
};

TEST_F(TypeScanCountsTest, AgreesWithCountingPerSourceAcrossRunsAndTheMemtable) {
  std::mt19937_64 rng(5);
  UpsertNodes(rng);
  AddEdges(rng, 1500);
  ASSERT_TRUE(writer_->CommitBatch().ok());
  ASSERT_TRUE(writer_->Flush().ok());
  ExpectSameCounts("one run");

  // A second run: more edges, some deleted, some written again, labels
  // changed.
  AddEdges(rng, 700);
  for (int i = 0; i < 200; ++i) DeleteAnEdge(rng);
  UpsertNodes(rng);
  ASSERT_TRUE(writer_->CommitBatch().ok());
  ASSERT_TRUE(writer_->Flush().ok());
  ExpectSameCounts("two runs");

  // Over them, a memtable: edges added and deleted, a node deleted with its
  // edges, labels changed again.
  AddEdges(rng, 300);
  for (int i = 0; i < 100; ++i) DeleteAnEdge(rng);
  ASSERT_TRUE(writer_->TombstoneNode(Id(17)).ok());
  UpsertNodes(rng);
  ASSERT_TRUE(writer_->CommitBatch().ok());
  ExpectSameCounts("two runs and a memtable");

  ASSERT_TRUE(writer_->Compact().ok());
  ExpectSameCounts("compacted");
  EXPECT_GT(counted_, 1000u);  // the graph has edges to count
}

}  // namespace
}  // namespace namidb
