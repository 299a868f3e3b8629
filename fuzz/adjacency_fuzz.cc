// Adjacency entries and label-index keys (storage/adjacency_codec.h,
// label_index_codec.h): any key and value decode to an entry or to
// Corruption; an entry that decodes encodes again to a key and value that
// decode to the same entry.
//
// Input: a selector byte (modulo 3: 0 adjacency by node, 1 label index, 2
// adjacency by type), a length byte splitting the rest into key and value
// (adjacency) or label and key.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "storage/adjacency_codec.h"
#include "storage/label_index_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace namidb;
  using namespace namidb::fuzz;
  constexpr std::string_view kKey = "ns/sst/out-fuzz.sst";
  if (size < 2) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 2, size - 2);
  size_t split = std::min<size_t>(data[1], rest.size());
  std::string_view first = rest.substr(0, split);
  std::string_view second = rest.substr(split);
  if (data[0] % 3 == 2) {
    auto entry = DecodeTypedAdjacencyView(first, second, kKey);
    if (!entry.ok()) return CheckTyped(entry.status(), "DecodeTypedAdjacencyView"), 0;
    std::string key = TypedAdjacencyKey(entry->type, entry->node, entry->edge);
    std::string prefix = AdjacencyGroupPrefix(AdjacencyLayout::kByType, entry->node, entry->type);
    Check(key.starts_with(prefix) && key.starts_with(TypedAdjacencyTypePrefix(entry->type)),
          "a typed adjacency key outside its prefixes");
    auto tail =
        DecodeAdjacencyTail(key, prefix.size(), AdjacencyValue(entry->other, entry->deleted), kKey);
    Check(tail.ok() && tail->edge == entry->edge && tail->other == entry->other &&
              tail->deleted == entry->deleted,
          "a typed adjacency entry's tail decodes different");
  } else if (data[0] % 3 == 0) {
    auto entry = DecodeAdjacency(first, second, kKey);
    if (!entry.ok()) return CheckTyped(entry.status(), "DecodeAdjacency"), 0;
    std::string key = AdjacencyKey(entry->node, entry->type, entry->edge);
    Check(key.starts_with(AdjacencyPrefix(entry->node, entry->type)) &&
              key.starts_with(AdjacencyPrefix(entry->node)),
          "an adjacency key outside its prefixes");
    auto again = DecodeAdjacency(key, AdjacencyValue(entry->other, entry->deleted), kKey);
    Check(again.ok(), "a re-encoded adjacency entry does not decode", again.status().ToString());
    Check(again->node == entry->node && again->type == entry->type && again->edge == entry->edge &&
              again->other == entry->other && again->deleted == entry->deleted,
          "a re-encoded adjacency entry decodes different");
  } else {
    auto node = DecodeLabelIndexKey(second, first, kKey);
    if (!node.ok()) return CheckTyped(node.status(), "DecodeLabelIndexKey"), 0;
    std::string key = LabelIndexKey(first, *node);
    Check(key.starts_with(LabelIndexPrefix(first)), "a label index key outside its prefix");
    auto again = DecodeLabelIndexKey(key, first, kKey);
    Check(again.ok() && *again == *node, "a re-encoded label index key decodes different");
  }
  return 0;
}
