// WAL segments (storage/wal_segment.h): any bytes decode to a segment or to
// Corruption naming the object.
//
// Each input is decoded twice: as it is (which mostly tests the checksums)
// and with every checksum made right, so that mutations reach the framing,
// the records and the values behind them. A segment that decodes encodes
// again to one that decodes to the same mutations.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "storage/wal_segment.h"

namespace namidb::fuzz {
namespace {

constexpr std::string_view kKey = "ns/wal/fuzz.wal";
constexpr size_t kHeaderSize = 8 + 4 + 8 + 8 + 4;
constexpr size_t kFooterSize = 8 + 4 + 8;

// The checksums of each record the header counts and of the whole segment,
// recomputed over the bytes as they are.
std::string WithChecksums(std::string bytes) {
  if (bytes.size() < kHeaderSize + kFooterSize) return bytes;
  size_t records_end = bytes.size() - kFooterSize;
  uint32_t count = DecodeFixed32(bytes.data() + kHeaderSize - 4);
  size_t at = kHeaderSize;
  for (uint32_t i = 0; i < count && at + 8 <= records_end; ++i) {
    uint32_t length = DecodeFixed32(bytes.data() + at);
    if (length > records_end - at - 8) break;
    PutMaskedCrc(&bytes, at + 4, std::string_view(bytes).substr(at + 8, length));
    at += 8 + length;
  }
  size_t crc_at = bytes.size() - 12;
  PutMaskedCrc(&bytes, crc_at, std::string_view(bytes).substr(0, crc_at));
  return bytes;
}

void Decode(std::string_view bytes) {
  auto segment = DecodeWalSegment(bytes, kKey);
  if (!segment.ok()) {
    CheckTyped(segment.status(), "DecodeWalSegment");
    Check(segment.status().message().find(kKey) != std::string::npos,
          "a WAL error that does not name the object", segment.status().ToString());
    return;
  }
  Check(!segment->mutations.empty() &&
            segment->last_lsn == segment->first_lsn + segment->mutations.size() - 1,
        "a decoded segment with inconsistent LSNs");
  auto encoded = EncodeWalSegment(*segment);
  Check(encoded.ok(), "a decoded segment does not encode", encoded.status().ToString());
  auto again = DecodeWalSegment(*encoded, kKey);
  Check(again.ok(), "a re-encoded segment does not decode", again.status().ToString());
  Check(again->writer_epoch == segment->writer_epoch && again->first_lsn == segment->first_lsn &&
            again->last_lsn == segment->last_lsn &&
            again->mutations.size() == segment->mutations.size(),
        "a re-encoded segment decodes different");
  for (size_t i = 0; i < segment->mutations.size(); ++i) {
    const Mutation& a = segment->mutations[i];
    const Mutation& b = again->mutations[i];
    Check(a.kind == b.kind && a.lsn == b.lsn && a.id == b.id && a.labels == b.labels &&
              a.type == b.type && a.src == b.src && a.dst == b.dst &&
              SameValue(Value::Map(a.properties), Value::Map(b.properties)),
          "a re-encoded mutation decodes different");
  }
}

}  // namespace
}  // namespace namidb::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace namidb::fuzz;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  Decode(bytes);
  Decode(WithChecksums(bytes));
  return 0;
}
