// The binary value codec (core/value_codec.h) and the node and edge records
// built on it (storage/record_codec.h): any bytes decode to a value or to
// Corruption, and what decodes encodes again to bytes that decode to the
// same thing.
//
// The first byte picks the decoder: 0 a value, 1 a property map, 2 a node
// record (and its labels alone, and some of its properties by name), 3 an edge record, 4 a property
// column chunk (storage/column_codec.h; its header alone too).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/value_codec.h"
#include "fuzz_support.h"
#include "storage/column_codec.h"
#include "storage/record_codec.h"

namespace namidb::fuzz {
namespace {

constexpr std::string_view kKey = "sst/nodes-fuzz.sst";

bool SameNode(const NodeRecord& a, const NodeRecord& b) {
  return a.lsn == b.lsn && a.deleted == b.deleted && a.labels == b.labels &&
         SameValue(Value::Map(a.properties), Value::Map(b.properties));
}

void Value(std::string_view bytes) {
  Decoder in(bytes, kKey);
  auto v = DecodeValue(&in);
  if (!v.ok()) return CheckTyped(v.status(), "DecodeValue");
  Check(in.offset() <= bytes.size(), "DecodeValue read past the input");
  std::string out;
  Status s = EncodeValue(*v, &out);
  Check(s.ok(), "a decoded value does not encode", s.ToString());
  Decoder again(out, kKey);
  auto w = DecodeValue(&again);
  Check(w.ok() && again.done(), "a re-encoded value does not decode", w.status().ToString());
  Check(SameValue(*v, *w), "a re-encoded value decodes different");
}

void Properties(std::string_view bytes) {
  Decoder in(bytes, kKey);
  auto p = DecodeProperties(&in);
  if (!p.ok()) return CheckTyped(p.status(), "DecodeProperties");
  std::string out;
  Status s = EncodeProperties(*p, &out);
  Check(s.ok(), "decoded properties do not encode", s.ToString());
  Decoder again(out, kKey);
  auto q = DecodeProperties(&again);
  Check(q.ok() && again.done(), "re-encoded properties do not decode", q.status().ToString());
  Check(SameValue(namidb::Value::Map(*p), namidb::Value::Map(*q)),
        "re-encoded properties decode different");
}

void Node(std::string_view bytes) {
  auto r = DecodeNodeRecord(bytes, kKey);
  auto labels = DecodeNodeLabels(bytes, kKey);
  if (!labels.ok()) {
    CheckTyped(labels.status(), "DecodeNodeLabels");
    Check(!r.ok(), "a node record decodes whose labels do not");
  }
  if (!r.ok()) return CheckTyped(r.status(), "DecodeNodeRecord");
  Check(labels->lsn == r->lsn && labels->deleted == r->deleted && labels->labels == r->labels,
        "DecodeNodeLabels disagrees with DecodeNodeRecord");
  // Every other key by name: those, decoded as a whole decode makes them,
  // and the others stepped over to the record's end.
  std::vector<std::string> keys;
  ValueMap kept;
  bool take = true;
  for (const auto& [key, value] : r->properties) {
    if (take) {
      keys.push_back(key);
      kept.Set(key, value);
    }
    take = !take;
  }
  auto named = DecodeNodeRecordNamed(bytes, kKey, keys);
  Check(named.ok(), "a node record decodes whole but not by name", named.status().ToString());
  Check(named->labels == r->labels &&
            SameValue(namidb::Value::Map(named->properties), namidb::Value::Map(kept)),
        "DecodeNodeRecordNamed disagrees with DecodeNodeRecord");
  auto out = EncodeNodeRecord(*r);
  Check(out.ok(), "a decoded node record does not encode", out.status().ToString());
  auto again = DecodeNodeRecord(*out, kKey);
  Check(again.ok(), "a re-encoded node record does not decode", again.status().ToString());
  Check(SameNode(*r, *again), "a re-encoded node record decodes different");
}

void Edge(std::string_view bytes) {
  auto r = DecodeEdgeRecord(bytes, kKey);
  if (!r.ok()) return CheckTyped(r.status(), "DecodeEdgeRecord");
  auto out = EncodeEdgeRecord(*r);
  Check(out.ok(), "a decoded edge record does not encode", out.status().ToString());
  auto again = DecodeEdgeRecord(*out, kKey);
  Check(again.ok(), "a re-encoded edge record does not decode", again.status().ToString());
  Check(again->lsn == r->lsn && again->deleted == r->deleted && again->type == r->type &&
            again->src == r->src && again->dst == r->dst &&
            SameValue(namidb::Value::Map(again->properties), namidb::Value::Map(r->properties)),
        "a re-encoded edge record decodes different");
}

void Column(std::string_view bytes) {
  auto chunk = DecodeColumnChunk(bytes, kKey);
  auto header = DecodeColumnHeader(bytes, kKey);
  if (!header.ok()) {
    CheckTyped(header.status(), "DecodeColumnHeader");
    Check(!chunk.ok(), "a column chunk decodes whose header does not");
  }
  if (!chunk.ok()) return CheckTyped(chunk.status(), "DecodeColumnChunk");
  Check(header->rows == chunk->rows && header->nulls == chunk->nulls &&
            header->stored == chunk->stored,
        "DecodeColumnHeader disagrees with DecodeColumnChunk");
  if (!chunk->stored) {
    Check(chunk->values.empty(), "a chunk without values has values");
    auto again = DecodeColumnChunk(EncodeUnstoredColumnChunk(chunk->rows), kKey);
    Check(again.ok() && !again->stored && again->rows == chunk->rows,
          "a re-encoded chunk without values decodes different");
    return;
  }
  Check(chunk->values.size() == chunk->rows, "a column chunk with another number of values");
  std::string values;
  for (const auto& v : chunk->values) {
    Status s = EncodeValue(v, &values);
    Check(s.ok(), "a decoded column value does not encode", s.ToString());
  }
  auto again =
      DecodeColumnChunk(EncodeColumnChunk(chunk->rows, chunk->nulls, chunk->stats, values), kKey);
  Check(again.ok(), "a re-encoded column chunk does not decode", again.status().ToString());
  Check(again->stats.ordered == chunk->stats.ordered &&
            SameValue(namidb::Value::List(again->values), namidb::Value::List(chunk->values)),
        "a re-encoded column chunk decodes different");
}

}  // namespace
}  // namespace namidb::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace namidb::fuzz;
  if (size == 0) return 0;
  std::string_view rest = Rest(data, size);
  switch (data[0] % 5) {
    case 0:
      Value(rest);
      break;
    case 1:
      Properties(rest);
      break;
    case 2:
      Node(rest);
      break;
    case 3:
      Edge(rest);
      break;
    case 4:
      Column(rest);
      break;
  }
  return 0;
}
