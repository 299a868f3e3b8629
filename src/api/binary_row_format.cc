#include "api/binary_row_format.h"

#include <algorithm>
#include <cstring>

namespace namidb::api {
namespace {

void Put(std::string& out, const void* data, size_t n) {
  out.append(static_cast<const char*>(data), n);
}

// Little-endian: wasm and every native target the project builds for.
void PutU32(std::string& out, uint32_t v) { Put(out, &v, sizeof v); }

void PutTag(std::string& out, ValueTag tag) { out.push_back(static_cast<char>(tag)); }

void PutString(std::string& out, std::string_view s) {
  PutU32(out, static_cast<uint32_t>(s.size()));
  out.append(s);
}

void PutId(std::string& out, const Uuid& id) { out.append(id.ToString()); }

// The entries of `map` in byte order of their keys.
std::vector<const ValueMap::Entry*> Sorted(const ValueMap& map) {
  std::vector<const ValueMap::Entry*> entries;
  entries.reserve(map.size());
  for (const auto& entry : map) entries.push_back(&entry);
  std::sort(entries.begin(), entries.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  return entries;
}

void PutMap(std::string& out, const ValueMap& map, bool lossless) {
  PutU32(out, static_cast<uint32_t>(map.size()));
  for (const auto* entry : Sorted(map)) {
    PutString(out, entry->first);
    AppendValue(out, entry->second, lossless);
  }
}

void PutNode(std::string& out, const NodeValue& n, bool lossless) {
  PutId(out, n.id);
  PutU32(out, static_cast<uint32_t>(n.labels.size()));
  for (const auto& label : n.labels) PutString(out, label);
  PutMap(out, n.properties, lossless);
}

void PutRelationship(std::string& out, const RelationshipValue& r, bool lossless) {
  PutId(out, r.id);
  PutString(out, r.type);
  PutId(out, r.start);
  PutId(out, r.end);
  PutMap(out, r.properties, lossless);
}

ValueTag TemporalTag(ValueKind kind) {
  switch (kind) {
    case ValueKind::kDate:
      return ValueTag::kDate;
    case ValueKind::kLocalTime:
      return ValueTag::kLocalTime;
    case ValueKind::kTime:
      return ValueTag::kTime;
    case ValueKind::kLocalDateTime:
      return ValueTag::kLocalDateTime;
    case ValueKind::kDateTime:
      return ValueTag::kDateTime;
    default:
      return ValueTag::kDuration;
  }
}

}  // namespace

void AppendValue(std::string& out, const Value& v, bool lossless) {
  constexpr int64_t kSafe = (int64_t{1} << 53) - 1;
  switch (v.kind()) {
    case ValueKind::kNull:
      PutTag(out, ValueTag::kNull);
      return;
    case ValueKind::kBool:
      PutTag(out, v.as_bool() ? ValueTag::kTrue : ValueTag::kFalse);
      return;
    case ValueKind::kInt: {
      const int64_t i = v.as_int();
      if (lossless || i > kSafe || i < -kSafe) {
        PutTag(out, ValueTag::kBigInt);
        Put(out, &i, sizeof i);
      } else {
        PutTag(out, ValueTag::kSafeInt);
        const double d = static_cast<double>(i);
        Put(out, &d, sizeof d);
      }
      return;
    }
    case ValueKind::kFloat: {
      PutTag(out, ValueTag::kFloat);
      const double d = v.as_float();
      Put(out, &d, sizeof d);
      return;
    }
    case ValueKind::kString:
      PutTag(out, ValueTag::kString);
      PutString(out, v.as_string());
      return;
    case ValueKind::kBytes:
      PutTag(out, ValueTag::kBytes);
      PutString(out, v.as_bytes());
      return;
    case ValueKind::kList:
      PutTag(out, ValueTag::kList);
      PutU32(out, static_cast<uint32_t>(v.as_list().size()));
      for (const auto& e : v.as_list()) AppendValue(out, e, lossless);
      return;
    case ValueKind::kMap:
      PutTag(out, ValueTag::kMap);
      PutMap(out, v.as_map(), lossless);
      return;
    case ValueKind::kNode:
      PutTag(out, ValueTag::kNode);
      PutNode(out, v.as_node(), lossless);
      return;
    case ValueKind::kRelationship:
      PutTag(out, ValueTag::kRelationship);
      PutRelationship(out, v.as_relationship(), lossless);
      return;
    case ValueKind::kPath: {
      PutTag(out, ValueTag::kPath);
      const PathValue& p = v.as_path();
      PutU32(out, static_cast<uint32_t>(p.nodes.size()));
      for (const auto& n : p.nodes) PutNode(out, n, lossless);
      PutU32(out, static_cast<uint32_t>(p.relationships.size()));
      for (const auto& r : p.relationships) PutRelationship(out, r, lossless);
      return;
    }
    case ValueKind::kDate:
    case ValueKind::kDateTime:
    case ValueKind::kLocalTime:
    case ValueKind::kTime:
    case ValueKind::kLocalDateTime:
    case ValueKind::kDuration:
      PutTag(out, TemporalTag(v.kind()));
      PutString(out, TemporalText(v));
      return;
  }
}

}  // namespace namidb::api
