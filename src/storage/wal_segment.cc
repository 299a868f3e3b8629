#include "storage/wal_segment.h"

#include "core/coding.h"
#include "core/crc32c.h"
#include "core/hex.h"
#include "core/limits.h"
#include "core/utf8.h"
#include "core/value_codec.h"
#include "storage/format_version.h"
#include "storage/id_coding.h"

namespace namidb {
namespace {

constexpr std::string_view kMagic = "NMDBWAL1";
constexpr std::string_view kEndMagic = "NMDBEND1";
constexpr size_t kHeaderSize = 8 + 4 + 8 + 8 + 4;
constexpr size_t kFooterSize = 8 + 4 + 8;

Status EncodeBody(const Mutation& m, uint64_t first_lsn, std::string* out) {
  out->push_back(static_cast<char>(m.kind));
  PutVarint64(out, m.lsn - first_lsn);
  PutUuid(out, m.id);
  switch (m.kind) {
    case MutationKind::kUpsertNode:
      PutVarint64(out, m.labels.size());
      for (const auto& label : m.labels) PutLengthPrefixed(out, label);
      return EncodeProperties(m.properties, out);
    case MutationKind::kUpsertEdge:
      PutLengthPrefixed(out, m.type);
      PutUuid(out, m.src);
      PutUuid(out, m.dst);
      return EncodeProperties(m.properties, out);
    case MutationKind::kTombstoneEdge:
      // The endpoints, so that a flush can write the adjacency tombstones
      // without looking the deleted edge up.
      PutLengthPrefixed(out, m.type);
      PutUuid(out, m.src);
      PutUuid(out, m.dst);
      return Status::OK();
    case MutationKind::kTombstoneNode:
      return Status::OK();
  }
  return Status::InvalidArgument("unknown mutation kind");
}

// Labels, types and property keys are UTF-8 within kMaxNameBytes
// (InvalidArgument). The manifest's statistics hold them as JSON text, which
// can hold nothing else.
Status CheckNames(const Mutation& m) {
  auto check = [](std::string_view what, std::string_view name) -> Status {
    if (name.size() > kMaxNameBytes) {
      return Status::InvalidArgument(std::string(what) + " '" + std::string(name.substr(0, 32)) +
                                     "...' has " + std::to_string(name.size()) +
                                     " bytes; names are at most " + std::to_string(kMaxNameBytes) +
                                     " bytes");
    }
    size_t bad = FirstInvalidUtf8(name);
    if (bad == name.size()) return Status::OK();
    // The message quotes only the valid part: it is text too.
    return Status::InvalidArgument(std::string(what) + " '" + std::string(name.substr(0, bad)) +
                                   "...' is not UTF-8 (byte " + std::to_string(bad) + " is 0x" +
                                   HexEncode(name.substr(bad, 1)) + "); names are Unicode text");
  };
  for (const auto& label : m.labels) NAMIDB_RETURN_IF_ERROR(check("label", label));
  NAMIDB_RETURN_IF_ERROR(check("relationship type", m.type));
  for (const auto& [key, value] : m.properties) NAMIDB_RETURN_IF_ERROR(check("property key", key));
  return Status::OK();
}

Result<Mutation> DecodeBody(Decoder* in, uint64_t first_lsn) {
  Mutation m;
  NAMIDB_ASSIGN_OR_RETURN(uint8_t kind, in->ReadByte());
  if (kind < 1 || kind > 4) return in->Error("unknown mutation kind " + std::to_string(kind));
  m.kind = static_cast<MutationKind>(kind);
  NAMIDB_ASSIGN_OR_RETURN(uint64_t delta, in->ReadVarint64());
  m.lsn = first_lsn + delta;
  NAMIDB_ASSIGN_OR_RETURN(m.id, ReadUuid(in));
  if (m.kind == MutationKind::kUpsertNode) {
    NAMIDB_ASSIGN_OR_RETURN(uint64_t n, in->ReadVarint64());
    if (n > in->remaining()) return in->Error("label count larger than the record");
    for (uint64_t i = 0; i < n; ++i) {
      NAMIDB_ASSIGN_OR_RETURN(std::string_view label, in->ReadLengthPrefixed());
      m.labels.emplace_back(label);
    }
    NAMIDB_ASSIGN_OR_RETURN(m.properties, DecodeProperties(in));
  } else if (m.kind == MutationKind::kUpsertEdge || m.kind == MutationKind::kTombstoneEdge) {
    NAMIDB_ASSIGN_OR_RETURN(std::string_view type, in->ReadLengthPrefixed());
    m.type = std::string(type);
    NAMIDB_ASSIGN_OR_RETURN(m.src, ReadUuid(in));
    NAMIDB_ASSIGN_OR_RETURN(m.dst, ReadUuid(in));
    if (m.kind == MutationKind::kUpsertEdge) {
      NAMIDB_ASSIGN_OR_RETURN(m.properties, DecodeProperties(in));
    }
  }
  if (!in->done()) return in->Error("trailing bytes in a record");
  // A writer logs only names CheckNames accepts: any other is damage.
  if (Status names = CheckNames(m); !names.ok()) return in->Error(names.message());
  return m;
}

// The refusal of a record of `bytes` encoded, naming its largest property.
Status RecordTooLarge(const Mutation& m, size_t bytes) {
  std::string largest;
  size_t largest_bytes = 0;
  for (const auto& [key, value] : m.properties) {
    std::string encoded;
    if (!EncodeValue(value, &encoded).ok()) continue;
    if (encoded.size() > largest_bytes) {
      largest = key;
      largest_bytes = encoded.size();
    }
  }
  bool node = m.kind == MutationKind::kUpsertNode;
  std::string what = (node ? "node " : "relationship ") + m.id.ToString();
  std::string message = what + " is too large to store: ";
  if (!largest.empty()) {
    message += "property '" + largest + "' takes " + std::to_string(largest_bytes) + " bytes and ";
  }
  message +=
      "the whole record " + std::to_string(bytes) + " bytes, more than the " +
      std::to_string(kMaxRecordBytes >> 20) + " MiB (" + std::to_string(kMaxRecordBytes) +
      " bytes) one " + (node ? "node" : "relationship") +
      " may hold with its labels and properties; keep large values elsewhere and store a reference";
  return Status::ResourceExhausted(std::move(message));
}

}  // namespace

bool operator==(const Mutation& a, const Mutation& b) {
  return a.kind == b.kind && a.lsn == b.lsn && a.id == b.id && a.labels == b.labels &&
         a.type == b.type && a.src == b.src && a.dst == b.dst && a.properties == b.properties;
}

Status WalSegmentBuilder::Append(const Mutation& m) {
  if (count_ > 0 && m.lsn != last_lsn() + 1) {
    return Status::InvalidArgument("WAL mutations need consecutive LSNs");
  }
  NAMIDB_RETURN_IF_ERROR(CheckNames(m));
  uint64_t first = count_ == 0 ? m.lsn : first_lsn_;
  size_t start = records_.size();
  records_.append(8, '\0');  // length and checksum, filled in below
  Status encoded = EncodeBody(m, first, &records_);
  if (!encoded.ok()) {
    records_.resize(start);
    return encoded;
  }
  std::string_view body = std::string_view(records_).substr(start + 8);
  if (body.size() > kMaxRecordBytes) {
    size_t bytes = body.size();
    records_.resize(start);
    return RecordTooLarge(m, bytes);
  }
  if (kHeaderSize + records_.size() + kFooterSize > kMaxWalSegmentBytes) {
    size_t bytes = kHeaderSize + records_.size() + kFooterSize;
    records_.resize(start);
    return Status::ResourceExhausted(
        "the staged changes would make a commit of " + std::to_string(bytes) +
        " bytes, more than the " + std::to_string(kMaxWalSegmentBytes >> 20) + " MiB (" +
        std::to_string(kMaxWalSegmentBytes) +
        " bytes) one commit may hold; commit what is staged before staging more, or split the "
        "statement into smaller ones");
  }
  EncodeFixed32(records_.data() + start, static_cast<uint32_t>(body.size()));
  EncodeFixed32(records_.data() + start + 4, crc32c::Mask(crc32c::Value(body)));
  first_lsn_ = first;
  ++count_;
  return Status::OK();
}

Result<std::string> WalSegmentBuilder::Finish(uint64_t writer_epoch) const {
  if (count_ == 0) return Status::InvalidArgument("a WAL segment needs mutations");
  std::string out;
  out.reserve(kHeaderSize + records_.size() + kFooterSize);
  out += kMagic;
  PutFixed32(&out, kWalFormatVersion);
  PutFixed64(&out, writer_epoch);
  PutFixed64(&out, first_lsn_);
  PutFixed32(&out, count_);
  out += records_;
  PutFixed64(&out, last_lsn());
  PutFixed32(&out, crc32c::Mask(crc32c::Value(out)));
  out += kEndMagic;
  return out;
}

void WalSegmentBuilder::Clear() {
  records_.clear();
  first_lsn_ = 0;
  count_ = 0;
}

void WalSegmentBuilder::TruncateTo(Mark mark) {
  records_.resize(mark.bytes);
  count_ = mark.count;
  if (count_ == 0) first_lsn_ = 0;
}

Result<std::string> EncodeWalSegment(const WalSegment& segment) {
  WalSegmentBuilder builder;
  uint64_t expected = segment.first_lsn;
  for (const auto& m : segment.mutations) {
    if (m.lsn != expected++) return Status::InvalidArgument("WAL mutations need consecutive LSNs");
    NAMIDB_RETURN_IF_ERROR(builder.Append(m));
  }
  if (!segment.mutations.empty() && segment.last_lsn != expected - 1) {
    return Status::InvalidArgument("last_lsn disagrees with the mutations");
  }
  return builder.Finish(segment.writer_epoch);
}

Result<WalSegment> DecodeWalSegment(std::string_view bytes, std::string_view object_key) {
  auto corrupt = [&](const std::string& why) {
    return Status::Corruption("WAL segment " + std::string(object_key) + ": " + why);
  };
  if (bytes.size() < kHeaderSize + kFooterSize) return corrupt("truncated");

  if (bytes.substr(0, 8) != kMagic) return corrupt("bad magic");
  if (bytes.substr(bytes.size() - 8) != kEndMagic) return corrupt("truncated or bad end magic");
  // The whole-segment checksum first: it covers every byte but itself.
  size_t crc_at = bytes.size() - 12;
  uint32_t stored = crc32c::Unmask(DecodeFixed32(bytes.data() + crc_at));
  if (crc32c::Value(bytes.data(), crc_at) != stored) return corrupt("checksum mismatch");

  Decoder in(bytes.substr(0, crc_at), object_key);
  WalSegment segment;
  NAMIDB_RETURN_IF_ERROR(in.ReadBytes(8).status());
  NAMIDB_ASSIGN_OR_RETURN(uint32_t version, in.ReadFixed32());
  if (version != kWalFormatVersion) {
    return UnreadableFormatVersion("WAL segment " + std::string(object_key), version,
                                   kWalFormatVersion);
  }
  NAMIDB_ASSIGN_OR_RETURN(segment.writer_epoch, in.ReadFixed64());
  NAMIDB_ASSIGN_OR_RETURN(segment.first_lsn, in.ReadFixed64());
  NAMIDB_ASSIGN_OR_RETURN(uint32_t count, in.ReadFixed32());
  if (count == 0 || count > in.remaining() / 8) return corrupt("implausible record count");
  for (uint32_t i = 0; i < count; ++i) {
    NAMIDB_ASSIGN_OR_RETURN(uint32_t length, in.ReadFixed32());
    NAMIDB_ASSIGN_OR_RETURN(uint32_t crc, in.ReadFixed32());
    NAMIDB_ASSIGN_OR_RETURN(std::string_view body, in.ReadBytes(length));
    if (crc32c::Value(body) != crc32c::Unmask(crc)) {
      return corrupt("record " + std::to_string(i) + " checksum mismatch");
    }
    Decoder record(body, object_key);
    NAMIDB_ASSIGN_OR_RETURN(Mutation m, DecodeBody(&record, segment.first_lsn));
    if (m.lsn != segment.first_lsn + i)
      return corrupt("record " + std::to_string(i) + " has a wrong LSN");
    segment.mutations.push_back(std::move(m));
  }
  NAMIDB_ASSIGN_OR_RETURN(segment.last_lsn, in.ReadFixed64());
  if (!in.done()) return corrupt("trailing bytes");
  if (segment.last_lsn != segment.first_lsn + count - 1)
    return corrupt("last LSN disagrees with its records");
  return segment;
}

}  // namespace namidb
