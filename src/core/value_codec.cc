#include "core/value_codec.h"

#include <cstring>

namespace namidb {
namespace {

enum Tag : uint8_t {
  kNull = 0,
  kFalse = 1,
  kTrue = 2,
  kInt = 3,
  kFloat = 4,
  kString = 5,
  kBytes = 6,
  kList = 7,
  kMap = 8,
  kDate = 9,
  kDateTime = 10,
};

constexpr int kMaxDepth = 64;

Result<Value> Decode(Decoder* in, int depth);

Result<ValueMap> DecodeMapBody(Decoder* in, int depth) {
  NAMIDB_ASSIGN_OR_RETURN(uint64_t n, in->ReadVarint64());
  if (n > in->remaining()) return in->Error("map count larger than the input");
  ValueMap map;
  std::string previous;
  for (uint64_t i = 0; i < n; ++i) {
    NAMIDB_ASSIGN_OR_RETURN(std::string_view key, in->ReadLengthPrefixed());
    if (i > 0 && key <= previous) return in->Error("map keys out of order");
    previous.assign(key);
    NAMIDB_ASSIGN_OR_RETURN(Value v, Decode(in, depth + 1));
    map.Set(std::string(key), std::move(v));
  }
  return map;
}

Result<Value> Decode(Decoder* in, int depth) {
  if (depth > kMaxDepth) return in->Error("values nested deeper than 64");
  NAMIDB_ASSIGN_OR_RETURN(uint8_t tag, in->ReadByte());
  switch (tag) {
    case kNull:
      return Value::Null();
    case kFalse:
      return Value::Bool(false);
    case kTrue:
      return Value::Bool(true);
    case kInt: {
      NAMIDB_ASSIGN_OR_RETURN(int64_t v, in->ReadSignedVarint64());
      return Value::Int(v);
    }
    case kFloat: {
      NAMIDB_ASSIGN_OR_RETURN(uint64_t bits, in->ReadFixed64());
      double d;
      std::memcpy(&d, &bits, sizeof d);
      return Value::Float(d);
    }
    case kString: {
      NAMIDB_ASSIGN_OR_RETURN(std::string_view s, in->ReadLengthPrefixed());
      return Value::String(std::string(s));
    }
    case kBytes: {
      NAMIDB_ASSIGN_OR_RETURN(std::string_view s, in->ReadLengthPrefixed());
      return Value::Bytes(std::string(s));
    }
    case kList: {
      NAMIDB_ASSIGN_OR_RETURN(uint64_t n, in->ReadVarint64());
      if (n > in->remaining()) return in->Error("list count larger than the input");
      ValueList list;
      list.reserve(n);
      for (uint64_t i = 0; i < n; ++i) {
        NAMIDB_ASSIGN_OR_RETURN(Value v, Decode(in, depth + 1));
        list.push_back(std::move(v));
      }
      return Value::List(std::move(list));
    }
    case kMap: {
      NAMIDB_ASSIGN_OR_RETURN(ValueMap map, DecodeMapBody(in, depth));
      return Value::Map(std::move(map));
    }
    case kDate: {
      NAMIDB_ASSIGN_OR_RETURN(int64_t days, in->ReadSignedVarint64());
      return Value::Date(DateValue{days});
    }
    case kDateTime: {
      NAMIDB_ASSIGN_OR_RETURN(int64_t seconds, in->ReadSignedVarint64());
      NAMIDB_ASSIGN_OR_RETURN(uint64_t nanos, in->ReadVarint64());
      NAMIDB_ASSIGN_OR_RETURN(int64_t offset, in->ReadSignedVarint64());
      if (nanos > 999999999 || offset < -18 * 3600 || offset > 18 * 3600) {
        return in->Error("datetime fields out of range");
      }
      return Value::DateTime(DateTimeValue{seconds, static_cast<int32_t>(nanos), static_cast<int32_t>(offset)});
    }
    default:
      return in->Error("unknown value tag " + std::to_string(tag));
  }
}

}  // namespace

Status EncodeProperties(const ValueMap& properties, std::string* out) {
  PutVarint64(out, properties.size());
  for (const auto& [key, value] : properties) {
    PutLengthPrefixed(out, key);
    if (Status s = EncodeValue(value, out); !s.ok()) return s.WithContext("property '" + key + "'");
  }
  return Status::OK();
}

Status EncodeValue(const Value& value, std::string* out) {
  switch (value.kind()) {
    case ValueKind::kNull:
      out->push_back(kNull);
      return Status::OK();
    case ValueKind::kBool:
      out->push_back(value.as_bool() ? kTrue : kFalse);
      return Status::OK();
    case ValueKind::kInt:
      out->push_back(kInt);
      PutVarint64(out, ZigZagEncode(value.as_int()));
      return Status::OK();
    case ValueKind::kFloat: {
      out->push_back(kFloat);
      uint64_t bits;
      double d = value.as_float();
      std::memcpy(&bits, &d, sizeof bits);
      PutFixed64(out, bits);
      return Status::OK();
    }
    case ValueKind::kString:
      out->push_back(kString);
      PutLengthPrefixed(out, value.as_string());
      return Status::OK();
    case ValueKind::kBytes:
      out->push_back(kBytes);
      PutLengthPrefixed(out, value.as_bytes());
      return Status::OK();
    case ValueKind::kList:
      out->push_back(kList);
      PutVarint64(out, value.as_list().size());
      for (const auto& v : value.as_list()) NAMIDB_RETURN_IF_ERROR(EncodeValue(v, out));
      return Status::OK();
    case ValueKind::kMap:
      out->push_back(kMap);
      return EncodeProperties(value.as_map(), out);
    case ValueKind::kDate:
      out->push_back(kDate);
      PutVarint64(out, ZigZagEncode(value.as_date().days));
      return Status::OK();
    case ValueKind::kDateTime: {
      const DateTimeValue& t = value.as_datetime();
      out->push_back(kDateTime);
      PutVarint64(out, ZigZagEncode(t.seconds));
      PutVarint64(out, static_cast<uint64_t>(t.nanos));
      PutVarint64(out, ZigZagEncode(t.offset_seconds));
      return Status::OK();
    }
    case ValueKind::kNode:
    case ValueKind::kRelationship:
    case ValueKind::kPath:
      break;
  }
  return Status::InvalidArgument(std::string(ValueKindName(value.kind())) +
                                 " values cannot be stored as properties");
}

Result<Value> DecodeValue(Decoder* in) { return Decode(in, 0); }

Result<ValueMap> DecodeProperties(Decoder* in) { return DecodeMapBody(in, 0); }

}  // namespace namidb
