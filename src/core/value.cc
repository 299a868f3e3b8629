#include "core/value.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/float_text.h"
#include "core/temporal_text.h"

namespace namidb {

ValueMap::ValueMap(std::initializer_list<Entry> entries) {
  for (const auto& e : entries) Set(e.first, e.second);
}

void ValueMap::Set(std::string key, Value value) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                             [](const Entry& e, const std::string& k) { return e.first < k; });
  if (it != entries_.end() && it->first == key) {
    it->second = std::move(value);
  } else {
    entries_.insert(it, Entry(std::move(key), std::move(value)));
  }
}

const Value* ValueMap::Find(std::string_view key) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                             [](const Entry& e, std::string_view k) { return e.first < k; });
  return it != entries_.end() && it->first == key ? &it->second : nullptr;
}

bool ValueMap::Erase(std::string_view key) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                             [](const Entry& e, std::string_view k) { return e.first < k; });
  if (it == entries_.end() || it->first != key) return false;
  entries_.erase(it);
  return true;
}

bool operator==(const ValueMap& a, const ValueMap& b) { return a.entries_ == b.entries_; }

bool operator==(const NodeValue& a, const NodeValue& b) {
  return a.id == b.id && a.labels == b.labels && a.properties == b.properties;
}

bool operator==(const RelationshipValue& a, const RelationshipValue& b) {
  return a.id == b.id && a.type == b.type && a.start == b.start && a.end == b.end &&
         a.properties == b.properties;
}

bool operator==(const PathValue& a, const PathValue& b) {
  return a.nodes == b.nodes && a.relationships == b.relationships;
}

std::string_view ValueKindName(ValueKind kind) {
  switch (kind) {
    case ValueKind::kNull:
      return "NULL";
    case ValueKind::kBool:
      return "BOOLEAN";
    case ValueKind::kInt:
      return "INTEGER";
    case ValueKind::kFloat:
      return "FLOAT";
    case ValueKind::kString:
      return "STRING";
    case ValueKind::kBytes:
      return "BYTES";
    case ValueKind::kList:
      return "LIST";
    case ValueKind::kMap:
      return "MAP";
    case ValueKind::kNode:
      return "NODE";
    case ValueKind::kRelationship:
      return "RELATIONSHIP";
    case ValueKind::kPath:
      return "PATH";
    case ValueKind::kDate:
      return "DATE";
    case ValueKind::kDateTime:
      return "DATE_TIME";
    case ValueKind::kLocalTime:
      return "LOCAL_TIME";
    case ValueKind::kTime:
      return "TIME";
    case ValueKind::kLocalDateTime:
      return "LOCAL_DATE_TIME";
    case ValueKind::kDuration:
      return "DURATION";
  }
  return "UNKNOWN";
}

std::string TemporalText(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kDate:
      return FormatDate(v.as_date());
    case ValueKind::kDateTime:
      return FormatDateTime(v.as_datetime());
    case ValueKind::kLocalTime:
      return FormatLocalTime(v.as_localtime());
    case ValueKind::kTime:
      return FormatTime(v.as_time());
    case ValueKind::kLocalDateTime:
      return FormatLocalDateTime(v.as_localdatetime());
    case ValueKind::kDuration:
      return FormatDuration(v.as_duration());
    default:
      return "";
  }
}

std::string_view TemporalFunctionName(ValueKind kind) {
  switch (kind) {
    case ValueKind::kDate:
      return "date";
    case ValueKind::kDateTime:
      return "datetime";
    case ValueKind::kLocalTime:
      return "localtime";
    case ValueKind::kTime:
      return "time";
    case ValueKind::kLocalDateTime:
      return "localdatetime";
    case ValueKind::kDuration:
      return "duration";
    default:
      return "";
  }
}

namespace {

template <typename T>
std::optional<Value> Wrap(std::optional<T> parsed, Value (*make)(T)) {
  if (!parsed) return std::nullopt;
  return make(*parsed);
}

}  // namespace

std::optional<Value> ParseTemporalText(ValueKind kind, std::string_view text) {
  switch (kind) {
    case ValueKind::kDate:
      return Wrap(ParseDate(text), Value::Date);
    case ValueKind::kDateTime:
      return Wrap(ParseDateTime(text), Value::DateTime);
    case ValueKind::kLocalTime:
      return Wrap(ParseLocalTime(text), Value::LocalTime);
    case ValueKind::kTime:
      return Wrap(ParseTime(text), Value::Time);
    case ValueKind::kLocalDateTime:
      return Wrap(ParseLocalDateTime(text), Value::LocalDateTime);
    case ValueKind::kDuration:
      return Wrap(ParseDuration(text), Value::Duration);
    default:
      return std::nullopt;
  }
}

std::string_view TemporalTextForm(ValueKind kind) {
  switch (kind) {
    case ValueKind::kDate:
      return "a date such as 2015-07-21, 20150721, 2015-W30-2 or 2015-202";
    case ValueKind::kDateTime:
      return "a datetime such as 2015-07-21T21:40:32.142+01:00 or "
             "2015-07-21T21:40[Europe/Stockholm]";
    case ValueKind::kLocalTime:
      return "a local time such as 21:40:32.142";
    case ValueKind::kTime:
      return "a time such as 21:40:32.142+01:00";
    case ValueKind::kLocalDateTime:
      return "a local datetime such as 2015-07-21T21:40:32.142";
    case ValueKind::kDuration:
      return "a duration such as P14DT16H12M or PT0.5S";
    default:
      return "";
  }
}

std::string QuoteString(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    switch (c) {
      case '\'':
        out += "\\'";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  return out + "'";
}

namespace {

// A map key or label as Cypher writes it: plain when it is a simple name,
// else between backticks (`` for a backtick inside).
std::string NameText(const std::string& name) {
  bool simple = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
  for (char c : name) simple &= std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  if (simple) return name;
  std::string out = "`";
  for (char c : name) out += c == '`' ? std::string("``") : std::string(1, c);
  return out + "`";
}

void AppendProperties(std::string* out, const ValueMap& properties) {
  if (properties.empty()) return;
  *out += " {";
  bool first = true;
  for (const auto& [key, value] : properties) {
    if (!first) *out += ", ";
    first = false;
    *out += NameText(key) + ": " + value.ToString();
  }
  *out += "}";
}

std::string NodeText(const NodeValue& n) {
  std::string out = "(";
  for (const auto& label : n.labels) out += ":" + label;
  AppendProperties(&out, n.properties);
  return out + ")";
}

std::string RelationshipText(const RelationshipValue& r) {
  std::string out = "[:" + r.type;
  AppendProperties(&out, r.properties);
  return out + "]";
}

}  // namespace

std::string Value::ToString() const {
  switch (kind()) {
    case ValueKind::kNull:
      return "null";
    case ValueKind::kBool:
      return as_bool() ? "true" : "false";
    case ValueKind::kInt:
      return std::to_string(as_int());
    case ValueKind::kFloat:
      return FormatFloat(as_float());
    case ValueKind::kString:
      return QuoteString(as_string());
    case ValueKind::kBytes: {
      static constexpr char kHex[] = "0123456789abcdef";
      std::string out = "'";
      for (unsigned char c : as_bytes()) {
        out += "\\x";
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
      return out + "'";
    }
    case ValueKind::kList: {
      std::string out = "[";
      for (size_t i = 0; i < as_list().size(); ++i) {
        if (i) out += ", ";
        out += as_list()[i].ToString();
      }
      return out + "]";
    }
    case ValueKind::kMap: {
      std::string out = "{";
      bool first = true;
      for (const auto& [key, value] : as_map()) {
        if (!first) out += ", ";
        first = false;
        out += NameText(key) + ": " + value.ToString();
      }
      return out + "}";
    }
    case ValueKind::kNode:
      return NodeText(as_node());
    case ValueKind::kRelationship:
      return RelationshipText(as_relationship());
    case ValueKind::kDate:
    case ValueKind::kDateTime:
    case ValueKind::kLocalTime:
    case ValueKind::kTime:
    case ValueKind::kLocalDateTime:
    case ValueKind::kDuration:
      return std::string(TemporalFunctionName(kind())) + "('" + TemporalText(*this) + "')";
    case ValueKind::kPath: {
      const PathValue& p = as_path();
      std::string out = "<";
      for (size_t i = 0; i < p.nodes.size(); ++i) {
        out += NodeText(p.nodes[i]);
        if (i < p.relationships.size()) {
          const RelationshipValue& r = p.relationships[i];
          bool forward = r.start == p.nodes[i].id;
          out += forward ? "-" : "<-";
          out += RelationshipText(r);
          out += forward ? "->" : "-";
        }
      }
      return out + ">";
    }
  }
  return "?";
}

}  // namespace namidb
