// Value: the data model of properties, parameters and query results.
//
// Kinds: null, boolean, integer (int64), float (double), string (UTF-8),
// bytes, list, map, and for results node, relationship and path. Integers and
// floats are distinct: Int 1 != Float 1.0, as in Cypher. Equality here is
// structural (`operator==`), for tests and containers; Cypher's comparison and
// ordering rules (null, NaN, cross-type) belong to the query engine.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/temporal.h"
#include "core/uuid.h"

namespace namidb {

class Value;

// Bytes as a distinct type, so a byte string never passes for text.
struct ByteString {
  std::string data;
  friend bool operator==(const ByteString&, const ByteString&) = default;
};

using ValueList = std::vector<Value>;

// A map with string keys, kept sorted by key with each key once, so two maps
// with the same entries are equal and print the same.
class ValueMap {
 public:
  using Entry = std::pair<std::string, Value>;

  ValueMap() = default;
  ValueMap(std::initializer_list<Entry> entries);

  // Inserts or replaces.
  void Set(std::string key, Value value);
  // nullptr when absent.
  const Value* Find(std::string_view key) const;
  bool Erase(std::string_view key);

  // Defined below Value: clang with libstdc++ needs it complete for these.
  size_t size() const;
  bool empty() const;
  size_t capacity() const;  // entries allocated (for memory accounting)
  // Allocates room for `n` entries at once: a decoder that knows the count
  // keeps a map at its size instead of growing by doubling.
  void Reserve(size_t n);
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }

  friend bool operator==(const ValueMap& a, const ValueMap& b);

 private:
  std::vector<Entry> entries_;
};

struct NodeValue {
  Uuid id;
  std::vector<std::string> labels;
  ValueMap properties;
  friend bool operator==(const NodeValue&, const NodeValue&);
};

struct RelationshipValue {
  Uuid id;
  std::string type;
  Uuid start;
  Uuid end;
  ValueMap properties;
  friend bool operator==(const RelationshipValue&, const RelationshipValue&);
};

// nodes.size() == relationships.size() + 1; relationship i joins node i and
// node i + 1, in either direction.
struct PathValue {
  std::vector<NodeValue> nodes;
  std::vector<RelationshipValue> relationships;
  friend bool operator==(const PathValue&, const PathValue&);
};

enum class ValueKind : uint8_t {
  kNull,
  kBool,
  kInt,
  kFloat,
  kString,
  kBytes,
  kList,
  kMap,
  kNode,
  kRelationship,
  kPath,
  kDate,
  kDateTime,
  kLocalTime,
  kTime,
  kLocalDateTime,
  kDuration,
};

std::string_view ValueKindName(ValueKind kind);  // "INTEGER", "STRING", ... as Cypher names types

// An immutable value held by reference count: nodes, relationships and paths
// carry property maps, and rows copy them from operator to operator.
template <typename T>
struct SharedValue {
  std::shared_ptr<const T> ptr;
  friend bool operator==(const SharedValue& a, const SharedValue& b) {
    return a.ptr == b.ptr || *a.ptr == *b.ptr;
  }
};

class Value {
 public:
  Value() = default;  // null
  static Value Null() { return Value(); }
  static Value Bool(bool v) { return Value(Rep(v)); }
  static Value Int(int64_t v) { return Value(Rep(v)); }
  static Value Float(double v) { return Value(Rep(v)); }
  static Value String(std::string v) { return Value(Rep(std::move(v))); }
  static Value Bytes(std::string v) { return Value(Rep(ByteString{std::move(v)})); }
  static Value List(ValueList v) { return Value(Rep(std::move(v))); }
  static Value Map(ValueMap v) { return Value(Rep(std::move(v))); }
  static Value Node(NodeValue v) { return Value(Rep(Shared(std::move(v)))); }
  static Value Relationship(RelationshipValue v) { return Value(Rep(Shared(std::move(v)))); }
  static Value Path(PathValue v) { return Value(Rep(Shared(std::move(v)))); }
  static Value Date(DateValue v) { return Value(Rep(v)); }
  static Value DateTime(DateTimeValue v) { return Value(Rep(v)); }
  static Value LocalTime(LocalTimeValue v) { return Value(Rep(v)); }
  static Value Time(TimeValue v) { return Value(Rep(v)); }
  static Value LocalDateTime(LocalDateTimeValue v) { return Value(Rep(v)); }
  static Value Duration(DurationValue v) { return Value(Rep(v)); }

  ValueKind kind() const { return static_cast<ValueKind>(rep_.index()); }
  bool is_null() const { return kind() == ValueKind::kNull; }

  // Accessors assert the kind.
  bool as_bool() const { return std::get<bool>(rep_); }
  int64_t as_int() const { return std::get<int64_t>(rep_); }
  double as_float() const { return std::get<double>(rep_); }
  const std::string& as_string() const { return std::get<std::string>(rep_); }
  const std::string& as_bytes() const { return std::get<ByteString>(rep_).data; }
  const ValueList& as_list() const { return std::get<ValueList>(rep_); }
  const ValueMap& as_map() const { return std::get<ValueMap>(rep_); }
  const NodeValue& as_node() const { return *std::get<SharedValue<NodeValue>>(rep_).ptr; }
  const RelationshipValue& as_relationship() const {
    return *std::get<SharedValue<RelationshipValue>>(rep_).ptr;
  }
  const PathValue& as_path() const { return *std::get<SharedValue<PathValue>>(rep_).ptr; }
  const DateValue& as_date() const { return std::get<DateValue>(rep_); }
  const DateTimeValue& as_datetime() const { return std::get<DateTimeValue>(rep_); }
  const LocalTimeValue& as_localtime() const { return std::get<LocalTimeValue>(rep_); }
  const TimeValue& as_time() const { return std::get<TimeValue>(rep_); }
  const LocalDateTimeValue& as_localdatetime() const { return std::get<LocalDateTimeValue>(rep_); }
  const DurationValue& as_duration() const { return std::get<DurationValue>(rep_); }
  // DATE, LOCAL TIME, TIME, LOCAL DATETIME, DATETIME or DURATION.
  bool is_temporal() const { return kind() >= ValueKind::kDate; }
  // How many values share this node, relationship or path (1 for any
  // other kind): a memory estimate charges each holder its share.
  long shared_count() const {
    switch (kind()) {
      case ValueKind::kNode:
        return std::get<SharedValue<NodeValue>>(rep_).ptr.use_count();
      case ValueKind::kRelationship:
        return std::get<SharedValue<RelationshipValue>>(rep_).ptr.use_count();
      case ValueKind::kPath:
        return std::get<SharedValue<PathValue>>(rep_).ptr.use_count();
      default:
        return 1;
    }
  }

  // Structural equality; floats compare with ==, so NaN != NaN.
  friend bool operator==(const Value& a, const Value& b) { return a.rep_ == b.rep_; }

  // Cypher literal syntax: 1, 1.0, 'it\'s', [1, 'a'], {a: 1}, (:A {p: 1}),
  // [:T {p: 1}], <(:A)-[:T]->(:B)>. Bytes print as a hex string literal.
  std::string ToString() const;

 private:
  using Rep =
      std::variant<std::monostate, bool, int64_t, double, std::string, ByteString, ValueList,
                   ValueMap, SharedValue<NodeValue>, SharedValue<RelationshipValue>,
                   SharedValue<PathValue>, DateValue, DateTimeValue, LocalTimeValue, TimeValue,
                   LocalDateTimeValue, DurationValue>;
  template <typename T>
  static SharedValue<T> Shared(T v) {
    return {std::make_shared<const T>(std::move(v))};
  }
  explicit Value(Rep rep) : rep_(std::move(rep)) {}
  Rep rep_;
};

inline size_t ValueMap::size() const { return entries_.size(); }
inline bool ValueMap::empty() const { return entries_.empty(); }
inline size_t ValueMap::capacity() const { return entries_.capacity(); }
inline void ValueMap::Reserve(size_t n) { entries_.reserve(n); }

// The ISO 8601 text of a temporal value ("2015-07-21", "P1DT2H"), and the
// name of its constructor function ("date", "duration"); empty for others.
std::string TemporalText(const Value& value);
std::string_view TemporalFunctionName(ValueKind kind);
// The other way: the value of a temporal `kind` that ISO 8601 `text`
// gives (temporal_text.h), or nullopt; TemporalTextForm describes the form
// for error messages ("a date such as 2015-07-21, ...").
std::optional<Value> ParseTemporalText(ValueKind kind, std::string_view text);
std::string_view TemporalTextForm(ValueKind kind);

// `'text'` with Cypher escapes.
std::string QuoteString(std::string_view text);

}  // namespace namidb
