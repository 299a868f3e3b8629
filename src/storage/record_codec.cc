#include "storage/record_codec.h"

#include "core/coding.h"
#include "core/value_codec.h"
#include "storage/id_coding.h"

namespace namidb {

Result<bool> ReadFlags(Decoder* in) {
  NAMIDB_ASSIGN_OR_RETURN(std::string_view flags, in->ReadBytes(1));
  uint8_t f = static_cast<uint8_t>(flags[0]);
  if (f & ~kRecordDeleted) return in->Error("unknown record flags");
  return (f & kRecordDeleted) != 0;
}

Status EncodeNodeRecordTo(const NodeRecord& r, std::string* out) {
  PutVarint64(out, r.lsn);
  out->push_back(static_cast<char>(r.deleted ? kRecordDeleted : 0));
  PutVarint64(out, r.labels.size());
  for (const auto& label : r.labels) PutLengthPrefixed(out, label);
  return EncodeProperties(r.properties, out);
}

Result<std::string> EncodeNodeRecord(const NodeRecord& r) {
  std::string out;
  NAMIDB_RETURN_IF_ERROR(EncodeNodeRecordTo(r, &out));
  return out;
}

namespace {

// lsn, flags and labels: everything of a node record before its properties.
Result<NodeRecord> DecodeNodeHead(Decoder& in) {
  NodeRecord r;
  NAMIDB_ASSIGN_OR_RETURN(r.lsn, in.ReadVarint64());
  NAMIDB_ASSIGN_OR_RETURN(r.deleted, ReadFlags(&in));
  NAMIDB_ASSIGN_OR_RETURN(uint64_t n, in.ReadVarint64());
  if (n > in.remaining()) return in.Error("label count larger than the record");
  for (uint64_t i = 0; i < n; ++i) {
    NAMIDB_ASSIGN_OR_RETURN(std::string_view label, in.ReadLengthPrefixed());
    r.labels.emplace_back(label);
  }
  return r;
}

}  // namespace

Result<NodeRecord> DecodeNodeRecord(std::string_view bytes, std::string_view table_key) {
  Decoder in(bytes, table_key);
  NAMIDB_ASSIGN_OR_RETURN(NodeRecord r, DecodeNodeHead(in));
  NAMIDB_ASSIGN_OR_RETURN(r.properties, DecodeProperties(&in));
  if (!in.done()) return in.Error("trailing bytes in a node record");
  return r;
}

Result<NodeRecord> DecodeNodeRecordNamed(std::string_view bytes, std::string_view table_key,
                                         std::span<const std::string> keys) {
  Decoder in(bytes, table_key);
  NAMIDB_ASSIGN_OR_RETURN(NodeRecord r, DecodeNodeHead(in));
  NAMIDB_ASSIGN_OR_RETURN(r.properties, DecodePropertiesNamed(&in, keys));
  if (!in.done()) return in.Error("trailing bytes in a node record");
  return r;
}

Result<NodeRecord> DecodeNodeLabels(std::string_view bytes, std::string_view table_key) {
  Decoder in(bytes, table_key);
  return DecodeNodeHead(in);
}

Status EncodeEdgeRecordTo(const EdgeRecord& r, std::string* out) {
  PutVarint64(out, r.lsn);
  out->push_back(static_cast<char>(r.deleted ? kRecordDeleted : 0));
  PutLengthPrefixed(out, r.type);
  PutUuid(out, r.src);
  PutUuid(out, r.dst);
  return EncodeProperties(r.properties, out);
}

Result<std::string> EncodeEdgeRecord(const EdgeRecord& r) {
  std::string out;
  NAMIDB_RETURN_IF_ERROR(EncodeEdgeRecordTo(r, &out));
  return out;
}

Result<EdgeRecord> DecodeEdgeRecord(std::string_view bytes, std::string_view table_key) {
  Decoder in(bytes, table_key);
  EdgeRecord r;
  NAMIDB_ASSIGN_OR_RETURN(r.lsn, in.ReadVarint64());
  NAMIDB_ASSIGN_OR_RETURN(r.deleted, ReadFlags(&in));
  NAMIDB_ASSIGN_OR_RETURN(std::string_view type, in.ReadLengthPrefixed());
  r.type = std::string(type);
  NAMIDB_ASSIGN_OR_RETURN(r.src, ReadUuid(&in));
  NAMIDB_ASSIGN_OR_RETURN(r.dst, ReadUuid(&in));
  NAMIDB_ASSIGN_OR_RETURN(r.properties, DecodeProperties(&in));
  if (!in.done()) return in.Error("trailing bytes in an edge record");
  return r;
}

}  // namespace namidb
