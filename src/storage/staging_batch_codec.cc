#include "storage/staging_batch_codec.h"

#include <cstring>

#include "core/coding.h"
#include "core/hash.h"
#include "core/limits.h"
#include "core/value_json.h"

namespace namidb {
namespace {

constexpr std::string_view kMagic = "NSB";
constexpr uint8_t kTaggedJson = 16;

// Reads one batch; every error is the decoder's (Corruption, turned into
// InvalidArgument by DecodeStagingBatch with the element it was in).
class BatchReader {
 public:
  explicit BatchReader(std::string_view bytes) : in_(bytes, "bytes") {}

  Decoder& in() { return in_; }

  Result<std::string> Text() {
    NAMIDB_ASSIGN_OR_RETURN(std::string_view text, in_.ReadLengthPrefixed());
    return std::string(text);
  }

  // A count of things each at least `min_bytes` long: never more than the
  // bytes left could hold, so a corrupt count reserves nothing huge.
  Result<uint64_t> Count(size_t min_bytes) {
    NAMIDB_ASSIGN_OR_RETURN(uint64_t n, in_.ReadVarint64());
    if (n > in_.remaining() / min_bytes) return in_.Error("a count larger than the bytes left");
    return n;
  }

  Result<ValueMap> Properties(int depth) {
    NAMIDB_ASSIGN_OR_RETURN(uint64_t n, Count(2));
    ValueMap map;
    map.Reserve(n);  // a memtable keeps the map as it is: no room to spare
    for (uint64_t i = 0; i < n; ++i) {
      NAMIDB_ASSIGN_OR_RETURN(std::string key, Text());
      NAMIDB_ASSIGN_OR_RETURN(Value v, ReadValue(depth + 1));
      if (map.Find(key)) return in_.Error("the key '" + key + "' twice in one map");
      map.Set(std::move(key), std::move(v));
    }
    return map;
  }

  Result<Value> ReadValue(int depth) {
    if (depth > kMaxValueDepth) {
      return in_.Error("lists and maps nested deeper than " + std::to_string(kMaxValueDepth));
    }
    NAMIDB_ASSIGN_OR_RETURN(uint8_t tag, in_.ReadByte());
    switch (tag) {
      case 0:
        return Value::Null();
      case 1:
        return Value::Bool(false);
      case 2:
        return Value::Bool(true);
      case 3: {
        NAMIDB_ASSIGN_OR_RETURN(int64_t v, in_.ReadSignedVarint64());
        return Value::Int(v);
      }
      case 4: {
        NAMIDB_ASSIGN_OR_RETURN(uint64_t bits, in_.ReadFixed64());
        double v;
        std::memcpy(&v, &bits, sizeof v);
        return Value::Float(v);
      }
      case 5: {
        NAMIDB_ASSIGN_OR_RETURN(std::string text, Text());
        return Value::String(std::move(text));
      }
      case 6: {
        NAMIDB_ASSIGN_OR_RETURN(std::string bytes, Text());
        return Value::Bytes(std::move(bytes));
      }
      case 7: {
        NAMIDB_ASSIGN_OR_RETURN(uint64_t n, Count(1));
        ValueList list;
        list.reserve(n);
        for (uint64_t i = 0; i < n; ++i) {
          NAMIDB_ASSIGN_OR_RETURN(Value v, ReadValue(depth + 1));
          list.push_back(std::move(v));
        }
        return Value::List(std::move(list));
      }
      case 8: {
        NAMIDB_ASSIGN_OR_RETURN(ValueMap map, Properties(depth));
        return Value::Map(std::move(map));
      }
      case kTaggedJson: {
        NAMIDB_ASSIGN_OR_RETURN(std::string_view text, in_.ReadLengthPrefixed());
        auto v = ValueFromJsonText(text);
        if (!v.ok())
          return in_.Error("a tagged JSON value that does not decode: " + v.status().message());
        return std::move(*v);
      }
      default:
        return in_.Error("unknown value tag " + std::to_string(tag));
    }
  }

  Result<NodeUpsert> Node() {
    NodeUpsert node;
    NAMIDB_ASSIGN_OR_RETURN(uint64_t labels, Count(1));
    node.labels.reserve(labels);
    for (uint64_t i = 0; i < labels; ++i) {
      NAMIDB_ASSIGN_OR_RETURN(std::string label, Text());
      node.labels.push_back(std::move(label));
    }
    NAMIDB_ASSIGN_OR_RETURN(std::string id, Text());
    if (id.empty()) return in_.Error("an empty node id");
    node.id = ElementIdFromText(id);
    NAMIDB_ASSIGN_OR_RETURN(node.properties, Properties(0));
    return node;
  }

  Result<EdgeUpsert> Edge() {
    EdgeUpsert edge;
    NAMIDB_ASSIGN_OR_RETURN(edge.type, Text());
    NAMIDB_ASSIGN_OR_RETURN(std::string src, Text());
    NAMIDB_ASSIGN_OR_RETURN(std::string dst, Text());
    NAMIDB_ASSIGN_OR_RETURN(std::string id, Text());
    if (src.empty() || dst.empty()) return in_.Error("an empty endpoint id");
    edge.src = ElementIdFromText(src);
    edge.dst = ElementIdFromText(dst);
    if (!id.empty()) edge.id = ElementIdFromText(id);
    NAMIDB_ASSIGN_OR_RETURN(edge.properties, Properties(0));
    return edge;
  }

 private:
  Decoder in_;
};

template <typename Element>
Result<std::vector<Element>> ReadElements(BatchReader& reader, uint64_t count,
                                          Result<Element> (BatchReader::*read)(),
                                          size_t min_bytes) {
  if (count > reader.in().remaining() / min_bytes) {
    return reader.in().Error("a count of " + std::to_string(count) +
                             " elements larger than the bytes left");
  }
  std::vector<Element> out;
  out.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    auto element = (reader.*read)();
    if (!element.ok()) {
      return Status::InvalidArgument("element " + std::to_string(i) + ": " +
                                     element.status().message());
    }
    out.push_back(std::move(*element));
  }
  return out;
}

// The magic, the version and the kind of a batch: its kind.
Result<uint8_t> ReadHeader(Decoder& in) {
  NAMIDB_ASSIGN_OR_RETURN(std::string_view magic, in.ReadBytes(kMagic.size()));
  if (magic != kMagic) return in.Error("no \"NSB\" at its start");
  NAMIDB_ASSIGN_OR_RETURN(uint8_t version, in.ReadByte());
  if (version != kStagingBatchVersion) {
    return in.Error("version " + std::to_string(version) + ", this engine reads version " +
                    std::to_string(kStagingBatchVersion));
  }
  return in.ReadByte();
}

}  // namespace

Uuid ElementIdFromText(std::string_view text) {
  // Only text of a UUID's length can be one: other ids (most, in a bulk
  // load) skip the parse and the error it would build.
  if (text.size() == Uuid::kTextSize) {
    if (auto parsed = Uuid::Parse(text); parsed.ok()) return *parsed;
  }
  return NameBasedUuid(text);
}

Result<StagingBatch> DecodeStagingBatch(std::string_view bytes) {
  auto decoded = [&]() -> Result<StagingBatch> {
    BatchReader reader(bytes);
    Decoder& in = reader.in();
    NAMIDB_ASSIGN_OR_RETURN(uint8_t kind, ReadHeader(in));
    NAMIDB_ASSIGN_OR_RETURN(uint64_t count, in.ReadVarint64());
    StagingBatch batch;
    if (kind == static_cast<uint8_t>(StagingBatchKind::kNodes)) {
      // label count, id and property count: at least 3 bytes a node.
      NAMIDB_ASSIGN_OR_RETURN(batch, ReadElements(reader, count, &BatchReader::Node, 3));
    } else if (kind == static_cast<uint8_t>(StagingBatchKind::kEdges)) {
      NAMIDB_ASSIGN_OR_RETURN(batch, ReadElements(reader, count, &BatchReader::Edge, 5));
    } else {
      return in.Error("unknown element kind " + std::to_string(kind));
    }
    if (!in.done()) return in.Error("bytes after the last element");
    return batch;
  }();
  if (decoded.ok()) return decoded;
  // Whatever went wrong came from the caller's bytes, not from the store.
  return Status::InvalidArgument("malformed staging batch: " + decoded.status().message());
}

Result<ValueMap> DecodeParameterBatch(std::string_view bytes) {
  auto decoded = [&]() -> Result<ValueMap> {
    BatchReader reader(bytes);
    Decoder& in = reader.in();
    NAMIDB_ASSIGN_OR_RETURN(uint8_t kind, ReadHeader(in));
    if (kind != static_cast<uint8_t>(StagingBatchKind::kParameters)) {
      return in.Error("kind " + std::to_string(kind) + ", not parameters (3)");
    }
    // Parameters are at depth 1, as property values are (a map of them).
    NAMIDB_ASSIGN_OR_RETURN(ValueMap params, reader.Properties(0));
    if (!in.done()) return in.Error("bytes after the last parameter");
    return params;
  }();
  if (decoded.ok()) return decoded;
  return Status::InvalidArgument("malformed parameters: " + decoded.status().message());
}

}  // namespace namidb
