#include "storage/column_codec.h"

#include <cmath>

#include "core/coding.h"
#include "core/value_codec.h"

namespace namidb {
namespace {

bool IsNumber(const Value& v) {
  return v.kind() == ValueKind::kInt ||
         (v.kind() == ValueKind::kFloat && !std::isnan(v.as_float()));
}

// -1, 0, 1 as numbers compare (integers exactly, across int and float by value).
int CompareNumbers(const Value& a, const Value& b) {
  if (a.kind() == ValueKind::kInt && b.kind() == ValueKind::kInt) {
    return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
  }
  long double x = a.kind() == ValueKind::kInt ? static_cast<long double>(a.as_int()) : a.as_float();
  long double y = b.kind() == ValueKind::kInt ? static_cast<long double>(b.as_int()) : b.as_float();
  return x < y ? -1 : x > y ? 1 : 0;
}

int CompareStrings(const Value& a, const Value& b) {
  int c = a.as_string().compare(b.as_string());  // UTF-8 bytes order as code points
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

}  // namespace

std::string ColumnPrefix(std::string_view label, std::string_view property) {
  std::string out;
  PutLengthPrefixed(&out, label);
  PutLengthPrefixed(&out, property);
  return out;
}

std::string ColumnKey(std::string_view label, std::string_view property, uint32_t chunk) {
  std::string out = ColumnPrefix(label, property);
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(chunk >> shift));
  return out;
}

Result<uint32_t> DecodeColumnKey(std::string_view key, std::string_view prefix,
                                 std::string_view table_key) {
  if (!key.starts_with(prefix) || key.size() != prefix.size() + 4) {
    return Status::Corruption(std::string(table_key) + ": malformed column key");
  }
  uint32_t chunk = 0;
  for (size_t i = prefix.size(); i < key.size(); ++i) {
    chunk = (chunk << 8) | static_cast<uint8_t>(key[i]);
  }
  return chunk;
}

bool ColumnStats::MayEqual(const Value& v) const {
  if (!ordered) return true;
  if (IsNumber(min)) {
    if (!IsNumber(v)) return false;  // nothing else (NaN included) equals a number
    return CompareNumbers(min, v) <= 0 && CompareNumbers(v, max) <= 0;
  }
  if (v.kind() != ValueKind::kString) return false;  // a string never equals a non-string
  return CompareStrings(min, v) <= 0 && CompareStrings(v, max) <= 0;
}

namespace {

// Whether `c` (of -1, 0, 1: value against constant) satisfies `op`.
bool Satisfies(int c, ColumnCompare op) {
  switch (op) {
    case ColumnCompare::kEq:
      return c == 0;
    case ColumnCompare::kLt:
      return c < 0;
    case ColumnCompare::kLe:
      return c <= 0;
    case ColumnCompare::kGt:
      return c > 0;
    case ColumnCompare::kGe:
      return c >= 0;
  }
  return true;
}

}  // namespace

bool MayHold(const Value& v, ColumnCompare op, const Value& constant) {
  if (IsNumber(constant)) {
    return IsNumber(v) && Satisfies(CompareNumbers(v, constant), op);
  }
  if (constant.kind() == ValueKind::kString) {
    return v.kind() == ValueKind::kString && Satisfies(CompareStrings(v, constant), op);
  }
  return true;
}

bool ColumnStats::MayHold(ColumnCompare op, const Value& constant) const {
  if (!ordered) return true;
  if (op == ColumnCompare::kEq) return MayEqual(constant);
  if (!IsNumber(constant) && constant.kind() != ValueKind::kString) return true;
  // Some value between min and max satisfies it only if an end does.
  const bool below = op == ColumnCompare::kLt || op == ColumnCompare::kLe;
  return namidb::MayHold(below ? min : max, op, constant);
}

void ColumnStatsBuilder::Add(const Value& v) {
  Kind kind = IsNumber(v)                      ? Kind::kNumbers
              : v.kind() == ValueKind::kString ? Kind::kStrings
                                               : Kind::kMixed;
  if (kind_ == Kind::kMixed) return;
  if (kind == Kind::kMixed || (kind_ != Kind::kEmpty && kind_ != kind)) {
    kind_ = Kind::kMixed;
    return;
  }
  auto compare = kind == Kind::kNumbers ? CompareNumbers : CompareStrings;
  if (kind_ == Kind::kEmpty || compare(v, min_) < 0) min_ = v;
  if (kind_ == Kind::kEmpty || compare(v, max_) > 0) max_ = v;
  kind_ = kind;
}

ColumnStats ColumnStatsBuilder::Finish() const {
  ColumnStats out;
  if (kind_ == Kind::kNumbers || kind_ == Kind::kStrings) {
    out.ordered = true;
    out.min = min_;
    out.max = max_;
  }
  return out;
}

std::string EncodeColumnChunk(uint32_t rows, uint32_t nulls, const ColumnStats& stats,
                              std::string_view values) {
  std::string out;
  PutVarint32(&out, rows);
  PutVarint32(&out, nulls);
  out.push_back(stats.ordered ? 1 : 0);
  if (stats.ordered) {
    // Numbers and strings always encode.
    (void)EncodeValue(stats.min, &out);
    (void)EncodeValue(stats.max, &out);
  }
  out.append(values);
  return out;
}

std::string EncodeUnstoredColumnChunk(uint32_t rows) {
  std::string out;
  PutVarint32(&out, rows);
  PutVarint32(&out, 0);
  out.push_back(2);
  return out;
}

namespace {

Result<ColumnChunk> DecodeColumn(std::string_view bytes, std::string_view table_key,
                                 bool with_values) {
  std::string what = std::string(table_key) + " column chunk";
  Decoder in(bytes, what);
  ColumnChunk chunk;
  NAMIDB_ASSIGN_OR_RETURN(chunk.rows, in.ReadVarint32());
  NAMIDB_ASSIGN_OR_RETURN(chunk.nulls, in.ReadVarint32());
  if (chunk.rows == 0 || chunk.rows > kColumnChunkRows || chunk.nulls >= chunk.rows) {
    return in.Error("row or null count out of range");
  }
  NAMIDB_ASSIGN_OR_RETURN(uint8_t stats, in.ReadByte());
  if (stats > 2) return in.Error("unknown statistics kind");
  if (stats == 2) {
    if (chunk.nulls != 0 || !in.done()) return in.Error("malformed chunk without values");
    chunk.stored = false;
    return chunk;
  }
  if (stats == 1) {
    chunk.stats.ordered = true;
    NAMIDB_ASSIGN_OR_RETURN(chunk.stats.min, DecodeValue(&in));
    NAMIDB_ASSIGN_OR_RETURN(chunk.stats.max, DecodeValue(&in));
    bool numbers = IsNumber(chunk.stats.min) && IsNumber(chunk.stats.max);
    bool strings = chunk.stats.min.kind() == ValueKind::kString &&
                   chunk.stats.max.kind() == ValueKind::kString;
    if ((!numbers && !strings) ||
        (numbers ? CompareNumbers(chunk.stats.min, chunk.stats.max)
                 : CompareStrings(chunk.stats.min, chunk.stats.max)) > 0) {
      return in.Error("malformed statistics");
    }
  }
  if (!with_values) return chunk;
  chunk.values.reserve(chunk.rows);
  uint32_t nulls = 0;
  for (uint32_t i = 0; i < chunk.rows; ++i) {
    NAMIDB_ASSIGN_OR_RETURN(Value v, DecodeValue(&in));
    if (v.is_null()) ++nulls;
    chunk.values.push_back(std::move(v));
  }
  if (nulls != chunk.nulls) return in.Error("null count does not match the values");
  if (!in.done()) return in.Error("trailing bytes after the values");
  return chunk;
}

}  // namespace

Result<ColumnChunk> DecodeColumnHeader(std::string_view bytes, std::string_view table_key) {
  return DecodeColumn(bytes, table_key, /*with_values=*/false);
}

Result<ColumnChunk> DecodeColumnChunk(std::string_view bytes, std::string_view table_key) {
  return DecodeColumn(bytes, table_key, /*with_values=*/true);
}

}  // namespace namidb
