#include "storage/manifest.h"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/hex.h"
#include "core/limits.h"
#include "core/property_type.h"
#include "core/utf8.h"
#include "storage/format_version.h"

namespace namidb {

using nlohmann::json;

namespace {

constexpr std::string_view kFormat = "namidb-manifest";

json CountsJson(const std::map<std::string, uint64_t>& counts) {
  json out = json::object();
  for (const auto& [k, v] : counts) out[k] = v;
  return out;
}

// Field readers that never throw: each returns false if the field is absent
// or of the wrong type.
bool ReadUint(const json& j, const char* name, uint64_t* out) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_number_unsigned()) {
    if (it != j.end() && it->is_number_integer() && it->get<int64_t>() >= 0) {
      *out = static_cast<uint64_t>(it->get<int64_t>());
      return true;
    }
    return false;
  }
  *out = it->get<uint64_t>();
  return true;
}

bool ReadString(const json& j, const char* name, std::string* out) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_string()) return false;
  *out = it->get<std::string>();
  return true;
}

bool ReadHex(const json& j, const char* name, std::string* out) {
  std::string text;
  if (!ReadString(j, name, &text)) return false;
  auto bytes = HexDecode(text);
  if (!bytes) return false;
  *out = std::move(*bytes);
  return true;
}

bool ReadCounts(const json& j, const char* name, std::map<std::string, uint64_t>* out) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_object()) return false;
  for (auto e = it->begin(); e != it->end(); ++e) {
    if (!e.value().is_number_unsigned()) return false;
    (*out)[e.key()] = e.value().get<uint64_t>();
  }
  return true;
}

}  // namespace

std::vector<IndexedProperty> SchemaIndexes(const std::vector<SchemaEntry>& schema) {
  std::vector<IndexedProperty> out;
  for (const auto& e : schema) {
    if (HasIndex(e)) out.push_back({e.label, e.property});
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool IsStoredIndex(const Manifest& manifest, const std::string& label,
                   const std::string& property) {
  return std::binary_search(manifest.stored_indexes.begin(), manifest.stored_indexes.end(),
                            IndexedProperty{label, property});
}

uint64_t WalBytes(const Manifest& manifest) {
  uint64_t bytes = 0;
  for (const auto& w : manifest.wal) bytes += w.size;
  return bytes;
}

namespace {

// The names the manifest holds as JSON strings must be UTF-8: JSON holds
// nothing else, and a name replaced on the way in would no longer match the
// keys of its tables. Writers refuse such names when they are staged
// (wal_segment.cc), so this is the last guard.
Status CheckNamesAreText(const Manifest& m) {
  auto check = [](std::string_view what, const std::string& name) -> Status {
    if (IsValidUtf8(name)) return Status::OK();
    return Status::InvalidArgument("the manifest cannot hold " + std::string(what) +
                                   " named by bytes that are not UTF-8 ('" +
                                   name.substr(0, FirstInvalidUtf8(name)) + "...')");
  };
  for (const auto& [label, count] : m.stats.labels) NAMIDB_RETURN_IF_ERROR(check("a label", label));
  for (const auto& [type, count] : m.stats.types) {
    NAMIDB_RETURN_IF_ERROR(check("a relationship type", type));
  }
  for (const auto& [key, count] : m.stats.property_keys) {
    NAMIDB_RETURN_IF_ERROR(check("a property key", key));
  }
  for (const auto& e : m.schema) {
    NAMIDB_RETURN_IF_ERROR(check("an index", e.name));
    NAMIDB_RETURN_IF_ERROR(check("a label", e.label));
    NAMIDB_RETURN_IF_ERROR(check("a property key", e.property));
  }
  for (const auto& i : m.stored_indexes) {
    NAMIDB_RETURN_IF_ERROR(check("a label", i.label));
    NAMIDB_RETURN_IF_ERROR(check("a property key", i.property));
  }
  return Status::OK();
}

}  // namespace

Result<std::string> EncodeManifest(const Manifest& m) {
  NAMIDB_RETURN_IF_ERROR(CheckNamesAreText(m));
  json wal = json::array();
  for (const auto& w : m.wal) {
    wal.push_back(
        {{"key", w.key}, {"first_lsn", w.first_lsn}, {"last_lsn", w.last_lsn}, {"size", w.size}});
  }
  json tables = json::array();
  for (const auto& t : m.tables) {
    tables.push_back({{"key", t.key},
                      {"kind", t.kind},
                      {"size", t.size},
                      {"meta_size", t.meta_size},
                      {"level", t.level},
                      {"smallest", HexEncode(t.smallest)},
                      {"largest", HexEncode(t.largest)},
                      {"entries", t.entries},
                      {"max_lsn", t.max_lsn}});
  }
  json retired = json::array();
  for (const auto& r : m.retired) {
    if (r.key.empty()) {
      retired.push_back(
          {{"wal_through_lsn", r.wal_through_lsn}, {"retired_at_ms", r.retired_at_ms}});
    } else {
      retired.push_back({{"key", r.key}, {"retired_at_ms", r.retired_at_ms}});
    }
  }
  json schema = json::array();
  for (const auto& e : m.schema) {
    json entry = {{"name", e.name}, {"kind", e.kind}, {"label", e.label}, {"property", e.property}};
    if (e.kind == "type") entry["types"] = e.types;
    schema.push_back(std::move(entry));
  }
  json stored = json::array();
  for (const auto& i : m.stored_indexes)
    stored.push_back({{"label", i.label}, {"property", i.property}});
  json out = {
      {"format", kFormat},
      {"format_version", kManifestFormatVersion},
      {"namespace", m.ns},
      {"version", m.version},
      {"writer_epoch", m.writer_epoch},
      {"last_lsn", m.last_lsn},
      {"flushed_lsn", m.flushed_lsn},
      {"tables", std::move(tables)},
      {"wal", std::move(wal)},
      {"checkpoint", m.checkpoint},
      {"retired", std::move(retired)},
      {"stats",
       {{"nodes", m.stats.nodes},
        {"edges", m.stats.edges},
        {"labels", CountsJson(m.stats.labels)},
        {"types", CountsJson(m.stats.types)},
        {"property_keys", CountsJson(m.stats.property_keys)}}},
      {"schema", std::move(schema)},
      {"stored_indexes", std::move(stored)},
  };
  return out.dump(1, ' ', false, json::error_handler_t::strict);
}

Result<Manifest> DecodeManifest(std::string_view text, std::string_view object_key) {
  auto corrupt = [&](const std::string& why) {
    return Status::Corruption("manifest " + std::string(object_key) + ": " + why);
  };
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return corrupt("not a JSON object");
  std::string format;
  uint64_t format_version = 0;
  if (!ReadString(j, "format", &format) || format != kFormat) return corrupt("not a manifest");
  if (!ReadUint(j, "format_version", &format_version)) return corrupt("no format_version");
  if (format_version < 1 || format_version > kManifestFormatVersion) {
    return UnreadableFormatVersion("manifest " + std::string(object_key), format_version,
                                   kManifestFormatVersion);
  }
  Manifest m;
  if (!ReadString(j, "namespace", &m.ns) || !ReadUint(j, "version", &m.version) ||
      !ReadUint(j, "writer_epoch", &m.writer_epoch) || !ReadUint(j, "last_lsn", &m.last_lsn) ||
      !ReadUint(j, "flushed_lsn", &m.flushed_lsn) || m.flushed_lsn > m.last_lsn) {
    return corrupt("missing or mistyped namespace, version, writer_epoch, last_lsn or flushed_lsn");
  }
  auto tables = j.find("tables");
  if (tables == j.end() || !tables->is_array()) return corrupt("no tables list");
  for (const auto& t : *tables) {
    TableRef ref;
    if (!t.is_object() || !ReadString(t, "key", &ref.key) || !ReadString(t, "kind", &ref.kind) ||
        !ReadUint(t, "size", &ref.size) || !ReadUint(t, "meta_size", &ref.meta_size) ||
        !ReadUint(t, "entries", &ref.entries) || !ReadUint(t, "max_lsn", &ref.max_lsn) ||
        !ReadUint(t, "level", &ref.level) || !ReadHex(t, "smallest", &ref.smallest) ||
        !ReadHex(t, "largest", &ref.largest)) {
      return corrupt("malformed table entry");
    }
    bool known_kind =
        ref.kind == "nodes" || ref.kind == "edges" || ref.kind == "out" || ref.kind == "in" ||
        ref.kind == "labels" || (ref.kind == "props" && format_version >= 3) ||
        (ref.kind == "cols" && format_version >= 4) ||
        ((ref.kind == "out_by_type" || ref.kind == "in_by_type") && format_version >= 5);
    // Newest run first; the compacted level, if any, last.
    bool ordered = m.tables.empty() ||
                   (ref.max_lsn <= m.tables.back().max_lsn && ref.level >= m.tables.back().level);
    if (!known_kind || ref.level > kBottomLevel || ref.meta_size > ref.size ||
        ref.meta_size > kMaxTableMetaBytes || ref.smallest > ref.largest ||
        ref.max_lsn > m.flushed_lsn || !ordered) {
      return corrupt("table entry " + ref.key + " is inconsistent");
    }
    m.tables.push_back(std::move(ref));
  }
  auto wal = j.find("wal");
  if (wal == j.end() || !wal->is_array()) return corrupt("no wal list");
  uint64_t previous_last = m.flushed_lsn;
  for (const auto& w : *wal) {
    WalRef ref;
    if (!w.is_object() || !ReadString(w, "key", &ref.key) ||
        !ReadUint(w, "first_lsn", &ref.first_lsn) || !ReadUint(w, "last_lsn", &ref.last_lsn) ||
        !ReadUint(w, "size", &ref.size)) {
      return corrupt("malformed wal entry");
    }
    if (ref.first_lsn > ref.last_lsn || ref.first_lsn <= previous_last ||
        ref.last_lsn > m.last_lsn) {
      return corrupt("wal entry " + ref.key + " has inconsistent LSNs");
    }
    previous_last = ref.last_lsn;
    m.wal.push_back(std::move(ref));
  }
  // Version 1 had no checkpoint and listed every retired object by key.
  if (format_version >= 2 && !ReadString(j, "checkpoint", &m.checkpoint))
    return corrupt("no checkpoint");
  auto retired = j.find("retired");
  if (retired == j.end() || !retired->is_array()) return corrupt("no retired list");
  for (const auto& r : *retired) {
    RetiredRef ref;
    uint64_t at = 0;
    bool by_key = r.is_object() && ReadString(r, "key", &ref.key) && !ref.key.empty();
    bool wal_range = format_version >= 2 && r.is_object() && !r.contains("key") &&
                     ReadUint(r, "wal_through_lsn", &ref.wal_through_lsn);
    if (!(by_key || wal_range) || !ReadUint(r, "retired_at_ms", &at) ||
        at > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return corrupt("malformed retired entry");
    }
    ref.retired_at_ms = static_cast<int64_t>(at);
    m.retired.push_back(std::move(ref));
  }
  auto stats = j.find("stats");
  if (stats == j.end() || !stats->is_object() || !ReadUint(*stats, "nodes", &m.stats.nodes) ||
      !ReadUint(*stats, "edges", &m.stats.edges) ||
      !ReadCounts(*stats, "labels", &m.stats.labels) ||
      !ReadCounts(*stats, "types", &m.stats.types) ||
      !ReadCounts(*stats, "property_keys", &m.stats.property_keys)) {
    return corrupt("malformed stats");
  }
  auto schema = j.find("schema");
  if (schema == j.end() || !schema->is_array()) return corrupt("no schema list");
  for (const auto& e : *schema) {
    SchemaEntry entry;
    if (!e.is_object() || !ReadString(e, "name", &entry.name) ||
        !ReadString(e, "kind", &entry.kind) || !ReadString(e, "label", &entry.label) ||
        !ReadString(e, "property", &entry.property) || entry.name.empty() || entry.kind.empty()) {
      return corrupt("malformed schema entry");
    }
    if (entry.kind != "index" && entry.kind != "unique" && entry.kind != "exists" &&
        entry.kind != "type") {
      // A kind of schema object added later (new kinds do not change the
      // format version): this build could not keep the rule, so it reads
      // nothing rather than commit past it.
      return Status::Unsupported("manifest " + std::string(object_key) + ": schema entry " +
                                 entry.name + " is of kind '" + entry.kind +
                                 "', which a newer namidb-wasm wrote; upgrade the package to read "
                                 "it");
    }
    if (entry.kind == "type") {
      auto types = e.find("types");
      if (types == e.end() || !types->is_array() || types->empty()) {
        return corrupt("schema entry " + entry.name + " has no types");
      }
      for (const auto& t : *types) {
        if (!t.is_string() || !IsPropertyTypeName(t.get<std::string>())) {
          return corrupt("schema entry " + entry.name + " names an unknown property type");
        }
        entry.types.push_back(t.get<std::string>());
      }
    }
    m.schema.push_back(std::move(entry));
  }
  // Version 3 lists the indexes its tables hold; before, none did.
  if (format_version >= 3) {
    auto stored = j.find("stored_indexes");
    if (stored == j.end() || !stored->is_array()) return corrupt("no stored_indexes list");
    std::vector<IndexedProperty> in_schema = SchemaIndexes(m.schema);
    for (const auto& e : *stored) {
      IndexedProperty i;
      if (!e.is_object() || !ReadString(e, "label", &i.label) ||
          !ReadString(e, "property", &i.property)) {
        return corrupt("malformed stored_indexes entry");
      }
      if (!m.stored_indexes.empty() && !(m.stored_indexes.back() < i)) {
        return corrupt("stored_indexes are not ascending and distinct");
      }
      if (!std::binary_search(in_schema.begin(), in_schema.end(), i)) {
        return corrupt("stored index :" + i.label + "(" + i.property + ") is in no schema entry");
      }
      m.stored_indexes.push_back(std::move(i));
    }
  }
  return m;
}

}  // namespace namidb
