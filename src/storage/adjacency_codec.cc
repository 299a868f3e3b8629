#include "storage/adjacency_codec.h"

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

Result<AdjacencyEntry> DecodeAdjacency(std::string_view key, std::string_view value,
                                       std::string_view table_key) {
  AdjacencyEntry entry;
  Decoder k(key, table_key);
  NAMIDB_ASSIGN_OR_RETURN(entry.node, ReadUuid(&k));
  NAMIDB_ASSIGN_OR_RETURN(std::string_view type, k.ReadLengthPrefixed());
  entry.type = std::string(type);
  NAMIDB_ASSIGN_OR_RETURN(entry.edge, ReadUuid(&k));
  if (!k.done()) return k.Error("trailing bytes in an adjacency key");
  Decoder v(value, table_key);
  NAMIDB_ASSIGN_OR_RETURN(entry.other, ReadUuid(&v));
  NAMIDB_ASSIGN_OR_RETURN(entry.deleted, ReadFlags(&v));
  if (!v.done()) return v.Error("trailing bytes in an adjacency value");
  return entry;
}

}  // namespace namidb
