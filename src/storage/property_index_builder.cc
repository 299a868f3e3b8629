#include "storage/property_index_builder.h"

#include <algorithm>

#include "storage/id_coding.h"
#include "storage/property_index.h"
#include "storage/property_index_codec.h"

namespace namidb {

PropertyIndexBuilder::PropertyIndexBuilder(const std::vector<IndexedProperty>& pairs) {
  for (const auto& p : pairs) {
    auto [it, added] = pairs_.emplace(PropertyIndexPrefix(p.label, p.property), Pair{p, {}});
    if (added) by_label_[p.label].push_back(&it->second);
  }
}

void PropertyIndexBuilder::Add(const Uuid& id, const NodeRecord& record,
                               const std::vector<IndexedProperty>* only) {
  if (record.deleted) return;
  for (const auto& label : record.labels) {
    auto pairs = by_label_.find(label);
    if (pairs == by_label_.end()) continue;
    for (Pair* pair : pairs->second) {
      if (only && !std::binary_search(only->begin(), only->end(), pair->index)) continue;
      const Value* v = record.properties.Find(pair->index.property);
      if (!v) continue;
      auto key = PropertyIndexKey(*v);
      if (key) pair->entries.emplace_back(PropertyIndexValuePart(*key), id);
    }
  }
}

void PropertyIndexBuilder::AddValue(const IndexedProperty& pair, const Uuid& id,
                                    const Value& value) {
  auto it = pairs_.find(PropertyIndexPrefix(pair.label, pair.property));
  if (it == pairs_.end()) return;
  auto key = PropertyIndexKey(value);
  if (key) it->second.entries.emplace_back(PropertyIndexValuePart(*key), id);
}

void PropertyIndexBuilder::AddEncoded(std::string_view key) {
  if (key.size() < 16) return;
  for (auto& [prefix, pair] : pairs_) {
    if (key.size() < prefix.size() + 16 || !key.starts_with(prefix)) continue;
    Decoder in(key.substr(key.size() - 16), "props table");
    auto id = ReadUuid(&in);
    if (!id.ok()) return;
    pair.entries.emplace_back(
        std::string(key.substr(prefix.size(), key.size() - prefix.size() - 16)), *id);
    return;
  }
}

Status PropertyIndexBuilder::Write(RunWriter& writer) {
  std::string key;
  for (auto& [prefix, pair] : pairs_) {
    auto& entries = pair.entries;
    std::sort(entries.begin(), entries.end());
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
    for (const auto& [value, id] : entries) {
      key = prefix;
      key += value;
      PutUuid(&key, id);
      NAMIDB_RETURN_IF_ERROR(writer.Add(key, ""));
    }
    NAMIDB_RETURN_IF_ERROR(writer.Cut());
    entries = {};
  }
  return Status::OK();
}

}  // namespace namidb
