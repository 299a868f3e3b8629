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

std::string TypedAdjacencyTypePrefix(std::string_view type) {
  std::string out;
  PutLengthPrefixed(&out, type);
  return out;
}

std::string TypedAdjacencyKey(std::string_view type, const Uuid& node, const Uuid& edge) {
  std::string out = TypedAdjacencyTypePrefix(type);
  PutUuid(&out, node);
  PutUuid(&out, edge);
  return out;
}

std::string AdjacencyGroupPrefix(AdjacencyLayout layout, const Uuid& node, std::string_view type) {
  if (layout == AdjacencyLayout::kByNode) return AdjacencyPrefix(node, type);
  std::string out = TypedAdjacencyTypePrefix(type);
  PutUuid(&out, node);
  return out;
}

std::string_view AdjacencyKind(bool outgoing, AdjacencyLayout layout) {
  if (layout == AdjacencyLayout::kByNode) return outgoing ? "out" : "in";
  return outgoing ? "out_by_type" : "in_by_type";
}

std::optional<AdjacencyLayout> AdjacencyLayoutOf(std::string_view kind) {
  if (kind == "out" || kind == "in") return AdjacencyLayout::kByNode;
  if (kind == "out_by_type" || kind == "in_by_type") return AdjacencyLayout::kByType;
  return std::nullopt;
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

// The value both layouts share: the other end and the flags.
Status DecodeValueInto(std::string_view value, std::string_view table_key, AdjacencyView* entry) {
  Decoder v(value, table_key);
  NAMIDB_ASSIGN_OR_RETURN(entry->other, ReadUuid(&v));
  NAMIDB_ASSIGN_OR_RETURN(entry->deleted, ReadFlags(&v));
  if (!v.done()) return v.Error("trailing bytes in an adjacency value");
  return Status::OK();
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
  NAMIDB_RETURN_IF_ERROR(DecodeValueInto(value, table_key, &entry));
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

Result<AdjacencyView> DecodeTypedAdjacencyView(std::string_view key, std::string_view value,
                                               std::string_view table_key) {
  AdjacencyView entry;
  Decoder k(key, table_key);
  NAMIDB_ASSIGN_OR_RETURN(entry.type, k.ReadLengthPrefixed());
  NAMIDB_ASSIGN_OR_RETURN(entry.node, ReadUuid(&k));
  NAMIDB_ASSIGN_OR_RETURN(entry.edge, ReadUuid(&k));
  if (!k.done()) return k.Error("trailing bytes in an adjacency key");
  NAMIDB_RETURN_IF_ERROR(DecodeValueInto(value, table_key, &entry));
  return entry;
}

Result<AdjacencyTail> DecodeAdjacencyTail(std::string_view key, size_t prefix_size,
                                          std::string_view value, std::string_view table_key) {
  static_assert(kRecordDeleted == 1, "ReadAdjacencyTail knows bit 0 as the only flag");
  constexpr size_t kId = sizeof(Uuid);
  AdjacencyTail tail;
  if (ReadAdjacencyTail(key, prefix_size, value, &tail)) return tail;
  if (key.size() != prefix_size + kId || value.size() != kId + 1) {
    return Status::Corruption("table " + std::string(table_key) +
                              ": an adjacency entry of the wrong size");
  }
  return Status::Corruption("table " + std::string(table_key) +
                            ": unknown flags in an adjacency value");
}

Result<std::string_view> TypedAdjacencyKeyType(std::string_view key, std::string_view table_key) {
  Decoder k(key, table_key);
  return k.ReadLengthPrefixed();
}

Result<AdjacencyEntry> DecodeAdjacency(std::string_view key, std::string_view value,
                                       std::string_view table_key) {
  NAMIDB_ASSIGN_OR_RETURN(AdjacencyView view, DecodeAdjacencyView(key, value, table_key));
  return AdjacencyEntry{view.node, std::string(view.type), view.edge, view.other, view.deleted};
}

}  // namespace namidb
