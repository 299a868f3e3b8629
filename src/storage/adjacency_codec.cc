#include "storage/adjacency_codec.h"

#include <cstring>

#include "storage/id_coding.h"
#include "storage/record_codec.h"

namespace namidb {

std::string AdjacencyPrefix(const Uuid& node, std::optional<std::string_view> type) {
  std::string out;
  PutUuid(&out, node);
  if (type) PutLengthPrefixed(&out, *type);
  return out;
}

std::string AdjacencyKey(const Uuid& node, std::string_view type, const Uuid& edge) {
  std::string out = AdjacencyPrefix(node, type);
  PutUuid(&out, edge);
  return out;
}

std::string AdjacencyValue(const Uuid& other, bool deleted) {
  std::string out;
  PutUuid(&out, other);
  out.push_back(static_cast<char>(deleted ? kRecordDeleted : 0));
  return out;
}

namespace {

Uuid UuidAt(std::string_view bytes, size_t at) {
  Uuid id;
  std::memcpy(id.bytes.data(), bytes.data() + at, sizeof(Uuid));
  return id;
}

// Every check of the fast path below, through the Decoder: the error a
// malformed entry gets, named by table and offset.
Result<AdjacencyView> DecodeChecked(std::string_view key, std::string_view value,
                                    std::string_view table_key) {
  AdjacencyView entry;
  Decoder k(key, table_key);
  NAMIDB_ASSIGN_OR_RETURN(entry.node, ReadUuid(&k));
  NAMIDB_ASSIGN_OR_RETURN(entry.type, k.ReadLengthPrefixed());
  NAMIDB_ASSIGN_OR_RETURN(entry.edge, ReadUuid(&k));
  if (!k.done()) return k.Error("trailing bytes in an adjacency key");
  Decoder v(value, table_key);
  NAMIDB_ASSIGN_OR_RETURN(entry.other, ReadUuid(&v));
  NAMIDB_ASSIGN_OR_RETURN(entry.deleted, ReadFlags(&v));
  if (!v.done()) return v.Error("trailing bytes in an adjacency value");
  return entry;
}

}  // namespace

Result<AdjacencyView> DecodeAdjacencyView(std::string_view key, std::string_view value,
                                          std::string_view table_key) {
  // An expansion decodes every edge it passes: a well-formed entry whose type
  // is shorter than 128 bytes (a one-byte length) is read by plain bounds
  // checks; anything else takes the checked path and its exact error.
  constexpr size_t kId = sizeof(Uuid);
  if (key.size() > kId && static_cast<uint8_t>(key[kId]) < 0x80 && value.size() == kId + 1) {
    size_t type_size = static_cast<uint8_t>(key[kId]);
    auto flags = static_cast<uint8_t>(value[kId]);
    if (key.size() == kId + 1 + type_size + kId && (flags & ~kRecordDeleted) == 0) {
      return AdjacencyView{UuidAt(key, 0), key.substr(kId + 1, type_size),
                           UuidAt(key, kId + 1 + type_size), UuidAt(value, 0),
                           (flags & kRecordDeleted) != 0};
    }
  }
  return DecodeChecked(key, value, table_key);
}

Result<AdjacencyEntry> DecodeAdjacency(std::string_view key, std::string_view value,
                                       std::string_view table_key) {
  NAMIDB_ASSIGN_OR_RETURN(AdjacencyView view, DecodeAdjacencyView(key, value, table_key));
  return AdjacencyEntry{view.node, std::string(view.type), view.edge, view.other, view.deleted};
}

}  // namespace namidb
