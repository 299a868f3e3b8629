#include "core/value_codec.h"

#include <algorithm>
#include <cstring>

#include "core/limits.h"
#include "core/time_zone.h"

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
  kDateTime = 10,  // fixed offset
  kLocalTime = 11,
  kTime = 12,
  kLocalDateTime = 13,
  kZonedDateTime = 14,  // named zone
  kDuration = 15,
};

// Dates and datetimes within years ±999,999,999, as Cypher makes them; no
// stored value beyond can be meant, and the calendar math would overflow.
constexpr int64_t kMaxDays = int64_t{999999999} * 366;
constexpr int64_t kMaxSeconds = kMaxDays * kSecondsPerDay;

Result<Value> Decode(Decoder* in, int depth);

Result<ValueMap> DecodeMapBody(Decoder* in, int depth) {
  NAMIDB_ASSIGN_OR_RETURN(uint64_t n, in->ReadVarint64());
  if (n > in->remaining()) return in->Error("map count larger than the input");
  ValueMap map;
  map.Reserve(n);             // a memtable keeps the map as it is: no room to spare
  std::string_view previous;  // points into the input, which outlives the loop
  for (uint64_t i = 0; i < n; ++i) {
    NAMIDB_ASSIGN_OR_RETURN(std::string_view key, in->ReadLengthPrefixed());
    if (i > 0 && key <= previous) return in->Error("map keys out of order");
    previous = key;
    NAMIDB_ASSIGN_OR_RETURN(Value v, Decode(in, depth + 1));
    map.Set(std::string(key), std::move(v));
  }
  return map;
}

Result<Value> Decode(Decoder* in, int depth) {
  if (depth > kMaxValueDepth) {
    return in->Error("values nested deeper than " + std::to_string(kMaxValueDepth));
  }
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
      if (days > kMaxDays || days < -kMaxDays) return in->Error("date out of range");
      return Value::Date(DateValue{days});
    }
    case kDateTime:
    case kZonedDateTime: {
      NAMIDB_ASSIGN_OR_RETURN(int64_t seconds, in->ReadSignedVarint64());
      NAMIDB_ASSIGN_OR_RETURN(uint64_t nanos, in->ReadVarint64());
      NAMIDB_ASSIGN_OR_RETURN(int64_t offset, in->ReadSignedVarint64());
      if (nanos > 999999999 || offset < -18 * 3600 || offset > 18 * 3600 || seconds > kMaxSeconds ||
          seconds < -kMaxSeconds) {
        return in->Error("datetime fields out of range");
      }
      DateTimeValue t{seconds, static_cast<int32_t>(nanos), static_cast<int32_t>(offset), 0};
      if (tag == kZonedDateTime) {
        NAMIDB_ASSIGN_OR_RETURN(std::string_view zone, in->ReadLengthPrefixed());
        if (zone.empty() || zone.size() > 64) return in->Error("bad time zone name");
        t.zone = InternZone(zone);  // kept as written: the offset is stored, not looked up
      }
      return Value::DateTime(t);
    }
    case kLocalTime:
    case kTime: {
      NAMIDB_ASSIGN_OR_RETURN(uint64_t nanos, in->ReadVarint64());
      int64_t offset = 0;
      if (tag == kTime) {
        NAMIDB_ASSIGN_OR_RETURN(offset, in->ReadSignedVarint64());
      }
      if (nanos >= static_cast<uint64_t>(kNanosPerDay) || offset < -18 * 3600 ||
          offset > 18 * 3600) {
        return in->Error("time fields out of range");
      }
      if (tag == kLocalTime) return Value::LocalTime(LocalTimeValue{static_cast<int64_t>(nanos)});
      return Value::Time(TimeValue{static_cast<int64_t>(nanos), static_cast<int32_t>(offset)});
    }
    case kLocalDateTime: {
      NAMIDB_ASSIGN_OR_RETURN(int64_t seconds, in->ReadSignedVarint64());
      NAMIDB_ASSIGN_OR_RETURN(uint64_t nanos, in->ReadVarint64());
      if (nanos > 999999999 || seconds > kMaxSeconds || seconds < -kMaxSeconds) {
        return in->Error("local datetime fields out of range");
      }
      return Value::LocalDateTime(LocalDateTimeValue{seconds, static_cast<int32_t>(nanos)});
    }
    case kDuration: {
      NAMIDB_ASSIGN_OR_RETURN(int64_t months, in->ReadSignedVarint64());
      NAMIDB_ASSIGN_OR_RETURN(int64_t days, in->ReadSignedVarint64());
      NAMIDB_ASSIGN_OR_RETURN(int64_t seconds, in->ReadSignedVarint64());
      NAMIDB_ASSIGN_OR_RETURN(uint64_t nanos, in->ReadVarint64());
      if (nanos > 999999999) return in->Error("duration fields out of range");
      return Value::Duration(DurationValue{months, days, seconds, static_cast<int32_t>(nanos)});
    }
    default:
      return in->Error("unknown value tag " + std::to_string(tag));
  }
}

// Steps over one encoded value: the structure Decode reads (tags, lengths,
// counts, depth), checked the same way, with nothing built.
Status Skip(Decoder* in, int depth) {
  if (depth > kMaxValueDepth) {
    return in->Error("values nested deeper than " + std::to_string(kMaxValueDepth));
  }
  NAMIDB_ASSIGN_OR_RETURN(uint8_t tag, in->ReadByte());
  int varints = 0;  // the fixed fields of the tags made of varints alone
  switch (tag) {
    case kNull:
    case kFalse:
    case kTrue:
      return Status::OK();
    case kFloat:
      return in->ReadFixed64().status();
    case kString:
    case kBytes:
      return in->ReadLengthPrefixed().status();
    case kList:
    case kMap: {
      NAMIDB_ASSIGN_OR_RETURN(uint64_t n, in->ReadVarint64());
      if (n > in->remaining()) return in->Error("collection count larger than the input");
      for (uint64_t i = 0; i < n; ++i) {
        if (tag == kMap) NAMIDB_RETURN_IF_ERROR(in->ReadLengthPrefixed().status());
        NAMIDB_RETURN_IF_ERROR(Skip(in, depth + 1));
      }
      return Status::OK();
    }
    case kInt:
    case kDate:
    case kLocalTime:
      varints = 1;
      break;
    case kTime:
    case kLocalDateTime:
      varints = 2;
      break;
    case kDateTime:
    case kZonedDateTime:
      varints = 3;
      break;
    case kDuration:
      varints = 4;
      break;
    default:
      return in->Error("unknown value tag " + std::to_string(tag));
  }
  for (int i = 0; i < varints; ++i) NAMIDB_RETURN_IF_ERROR(in->ReadVarint64().status());
  if (tag == kZonedDateTime) return in->ReadLengthPrefixed().status();
  return Status::OK();
}

}  // namespace

namespace {

Status Encode(const Value& value, std::string* out, int depth);

// A map's body at `depth`: its values are one level deeper.
Status EncodeMapBody(const ValueMap& map, std::string* out, int depth) {
  PutVarint64(out, map.size());
  for (const auto& [key, value] : map) {
    PutLengthPrefixed(out, key);
    NAMIDB_RETURN_IF_ERROR(Encode(value, out, depth + 1));
  }
  return Status::OK();
}

Status Encode(const Value& value, std::string* out, int depth) {
  // The decoder's bound, checked here too: a value nested deeper would be
  // stored and then refused by every reader.
  if (depth > kMaxValueDepth) {
    return Status::InvalidArgument("lists and maps nested deeper than " +
                                   std::to_string(kMaxValueDepth) + " levels cannot be stored");
  }
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
      for (const auto& v : value.as_list()) NAMIDB_RETURN_IF_ERROR(Encode(v, out, depth + 1));
      return Status::OK();
    case ValueKind::kMap:
      out->push_back(kMap);
      return EncodeMapBody(value.as_map(), out, depth);
    case ValueKind::kDate:
      out->push_back(kDate);
      PutVarint64(out, ZigZagEncode(value.as_date().days));
      return Status::OK();
    case ValueKind::kDateTime: {
      const DateTimeValue& t = value.as_datetime();
      out->push_back(t.zone != 0 ? kZonedDateTime : kDateTime);
      PutVarint64(out, ZigZagEncode(t.seconds));
      PutVarint64(out, static_cast<uint64_t>(t.nanos));
      PutVarint64(out, ZigZagEncode(t.offset_seconds));
      if (t.zone != 0) PutLengthPrefixed(out, ZoneName(t.zone));
      return Status::OK();
    }
    case ValueKind::kLocalTime:
      out->push_back(kLocalTime);
      PutVarint64(out, static_cast<uint64_t>(value.as_localtime().nanos));
      return Status::OK();
    case ValueKind::kTime:
      out->push_back(kTime);
      PutVarint64(out, static_cast<uint64_t>(value.as_time().nanos));
      PutVarint64(out, ZigZagEncode(value.as_time().offset_seconds));
      return Status::OK();
    case ValueKind::kLocalDateTime:
      out->push_back(kLocalDateTime);
      PutVarint64(out, ZigZagEncode(value.as_localdatetime().seconds));
      PutVarint64(out, static_cast<uint64_t>(value.as_localdatetime().nanos));
      return Status::OK();
    case ValueKind::kDuration: {
      const DurationValue& d = value.as_duration();
      out->push_back(kDuration);
      PutVarint64(out, ZigZagEncode(d.months));
      PutVarint64(out, ZigZagEncode(d.days));
      PutVarint64(out, ZigZagEncode(d.seconds));
      PutVarint64(out, static_cast<uint64_t>(d.nanos));
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

}  // namespace

Status EncodeValue(const Value& value, std::string* out) { return Encode(value, out, 0); }

Status EncodeProperties(const ValueMap& properties, std::string* out) {
  PutVarint64(out, properties.size());
  for (const auto& [key, value] : properties) {
    PutLengthPrefixed(out, key);
    if (Status s = Encode(value, out, 1); !s.ok()) return s.WithContext("property '" + key + "'");
  }
  return Status::OK();
}

Result<Value> DecodeValue(Decoder* in) { return Decode(in, 0); }

Result<ValueMap> DecodeProperties(Decoder* in) { return DecodeMapBody(in, 0); }

Result<ValueMap> DecodePropertiesNamed(Decoder* in, std::span<const std::string> keys) {
  NAMIDB_ASSIGN_OR_RETURN(uint64_t n, in->ReadVarint64());
  if (n > in->remaining()) return in->Error("map count larger than the input");
  ValueMap map;
  map.Reserve(std::min<uint64_t>(n, keys.size()));
  std::string_view previous;  // points into the input, which outlives the loop
  size_t wanted = 0;          // the first key of `keys` not yet passed
  for (uint64_t i = 0; i < n; ++i) {
    NAMIDB_ASSIGN_OR_RETURN(std::string_view key, in->ReadLengthPrefixed());
    if (i > 0 && key <= previous) return in->Error("map keys out of order");
    previous = key;
    while (wanted < keys.size() && keys[wanted] < key) ++wanted;
    if (wanted < keys.size() && keys[wanted] == key) {
      NAMIDB_ASSIGN_OR_RETURN(Value v, Decode(in, 1));
      map.Set(std::string(key), std::move(v));
    } else {
      NAMIDB_RETURN_IF_ERROR(Skip(in, 1));
    }
  }
  return map;
}

}  // namespace namidb
