#include "query/functions/value_ops.h"

#include <cmath>
#include <functional>

#include "query/common/query_error.h"
#include "query/functions/temporal_arithmetic.h"

namespace namidb::query {
namespace {

bool IsNumber(const Value& v) {
  return v.kind() == ValueKind::kInt || v.kind() == ValueKind::kFloat;
}
double AsDouble(const Value& v) {
  return v.kind() == ValueKind::kInt ? static_cast<double>(v.as_int()) : v.as_float();
}

// Compares two numbers exactly, also an integer with a float beyond 2^53.
int CompareNumbers(const Value& a, const Value& b) {
  if (a.kind() == ValueKind::kInt && b.kind() == ValueKind::kInt) {
    return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int();
  }
  if (a.kind() == ValueKind::kInt || b.kind() == ValueKind::kInt) {
    bool swap = b.kind() == ValueKind::kInt;
    int64_t i = swap ? b.as_int() : a.as_int();
    double f = swap ? a.as_float() : b.as_float();
    int r;
    if (f >= 9223372036854775808.0) {
      r = -1;
    } else if (f < -9223372036854775808.0) {
      r = 1;
    } else {
      double whole = std::floor(f);
      auto fi = static_cast<int64_t>(whole);
      r = i < fi ? -1 : i > fi ? 1 : (whole < f ? -1 : 0);
    }
    return swap ? -r : r;
  }
  double x = a.as_float(), y = b.as_float();
  return x < y ? -1 : x > y;
}

// Datetimes compare as instants, whatever offset they are shown in.
int CompareInstants(const DateTimeValue& a, const DateTimeValue& b) {
  if (a.seconds != b.seconds) return a.seconds < b.seconds ? -1 : 1;
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos;
}

// A TIME as the instant of its day in UTC, for comparing times shown in
// different offsets.
int64_t UtcNanos(const TimeValue& t) { return t.nanos - int64_t{t.offset_seconds} * 1000000000; }

template <typename T>
int Compare3(const T& a, const T& b) {
  return a < b ? -1 : b < a ? 1 : 0;
}

// Durations have no order in comparisons; ORDER BY sorts them by their
// approximate length (a month as 30.436875 days), then by their parts.
int OrderDurations(const DurationValue& a, const DurationValue& b) {
  auto length = [](const DurationValue& d) {
    return static_cast<long double>(d.months) * 2629746.0L +
           static_cast<long double>(d.days) * 86400.0L + static_cast<long double>(d.seconds) +
           static_cast<long double>(d.nanos) * 1e-9L;
  };
  if (int c = Compare3(length(a), length(b))) return c;
  if (int c = Compare3(a.months, b.months)) return c;
  if (int c = Compare3(a.days, b.days)) return c;
  if (int c = Compare3(a.seconds, b.seconds)) return c;
  return Compare3(a.nanos, b.nanos);
}

// Same-kind comparison of dates, times and datetimes; nullopt for other kinds.
std::optional<int> CompareTemporal(const Value& a, const Value& b) {
  switch (a.kind()) {
    case ValueKind::kDate:
      return Compare3(a.as_date().days, b.as_date().days);
    case ValueKind::kLocalTime:
      return Compare3(a.as_localtime().nanos, b.as_localtime().nanos);
    case ValueKind::kTime:
      return Compare3(UtcNanos(a.as_time()), UtcNanos(b.as_time()));
    case ValueKind::kLocalDateTime:
      return Compare3(a.as_localdatetime(), b.as_localdatetime());
    case ValueKind::kDateTime:
      return CompareInstants(a.as_datetime(), b.as_datetime());
    default:
      return std::nullopt;
  }
}

// Order of kinds for ORDER BY.
int KindRank(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kMap:
      return 0;
    case ValueKind::kNode:
      return 1;
    case ValueKind::kRelationship:
      return 2;
    case ValueKind::kList:
      return 3;
    case ValueKind::kPath:
      return 4;
    case ValueKind::kDateTime:
      return 5;
    case ValueKind::kLocalDateTime:
      return 6;
    case ValueKind::kDate:
      return 7;
    case ValueKind::kTime:
      return 8;
    case ValueKind::kLocalTime:
      return 9;
    case ValueKind::kDuration:
      return 10;
    case ValueKind::kString:
      return 11;
    case ValueKind::kBytes:
      return 12;
    case ValueKind::kBool:
      return 13;
    case ValueKind::kInt:
    case ValueKind::kFloat:
      return 14;
    case ValueKind::kNull:
      return 16;
  }
  return 15;
}

Status TypeMismatch(std::string_view op, const Value& a, const Value& b) {
  return RuntimeError(
      "TypeError", "InvalidArgumentType",
      "cannot apply " + std::string(op) + " to " + TypeName(a) + " and " + TypeName(b));
}

Status Overflow(std::string_view op) {
  return RuntimeError("ArithmeticError", "IntegerOverflow",
                      "integer overflow in " + std::string(op));
}

}  // namespace

std::string TypeName(const Value& v) { return std::string(ValueKindName(v.kind())); }

Ternary Equals(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (IsNumber(a) && IsNumber(b)) {
    if ((a.kind() == ValueKind::kFloat && std::isnan(a.as_float())) ||
        (b.kind() == ValueKind::kFloat && std::isnan(b.as_float()))) {
      return false;
    }
    return CompareNumbers(a, b) == 0;
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case ValueKind::kList: {
      const auto &x = a.as_list(), &y = b.as_list();
      if (x.size() != y.size()) return false;
      bool unknown = false;
      for (size_t i = 0; i < x.size(); ++i) {
        Ternary e = Equals(x[i], y[i]);
        if (!e) {
          unknown = true;
        } else if (!*e) {
          return false;
        }
      }
      return unknown ? Ternary() : Ternary(true);
    }
    case ValueKind::kMap: {
      const auto &x = a.as_map(), &y = b.as_map();
      if (x.size() != y.size()) return false;
      bool unknown = false;
      for (const auto& [k, v] : x) {
        const Value* w = y.Find(k);
        if (!w) return false;
        Ternary e = Equals(v, *w);
        if (!e) {
          unknown = true;
        } else if (!*e) {
          return false;
        }
      }
      return unknown ? Ternary() : Ternary(true);
    }
    case ValueKind::kNode:
      return a.as_node().id == b.as_node().id;
    case ValueKind::kRelationship:
      return a.as_relationship().id == b.as_relationship().id;
    case ValueKind::kDateTime:
      return CompareInstants(a.as_datetime(), b.as_datetime()) == 0;
    case ValueKind::kTime:
      return UtcNanos(a.as_time()) == UtcNanos(b.as_time());
    default:
      return a == b;
  }
}

std::optional<int> CompareValues(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (IsNumber(a) && IsNumber(b)) {
    if ((a.kind() == ValueKind::kFloat && std::isnan(a.as_float())) ||
        (b.kind() == ValueKind::kFloat && std::isnan(b.as_float()))) {
      return kUnordered;
    }
    return CompareNumbers(a, b);
  }
  if (a.kind() != b.kind()) return std::nullopt;
  switch (a.kind()) {
    case ValueKind::kString:
      return a.as_string().compare(b.as_string()) < 0 ? -1 : a.as_string() == b.as_string() ? 0 : 1;
    case ValueKind::kBool:
      return static_cast<int>(a.as_bool()) - static_cast<int>(b.as_bool());
    case ValueKind::kDate:
    case ValueKind::kLocalTime:
    case ValueKind::kTime:
    case ValueKind::kLocalDateTime:
    case ValueKind::kDateTime:
      return CompareTemporal(a, b);
    case ValueKind::kList: {
      const auto &x = a.as_list(), &y = b.as_list();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        std::optional<int> c = CompareValues(x[i], y[i]);
        if (!c) return std::nullopt;
        if (*c != 0) return c;
      }
      return x.size() < y.size() ? -1 : x.size() > y.size();
    }
    default:
      return std::nullopt;
  }
}

int OrderValues(const Value& a, const Value& b) {
  int ra = KindRank(a), rb = KindRank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (a.kind()) {
    case ValueKind::kNull:
      return 0;
    case ValueKind::kInt:
    case ValueKind::kFloat: {
      bool na = a.kind() == ValueKind::kFloat && std::isnan(a.as_float());
      bool nb = b.kind() == ValueKind::kFloat && std::isnan(b.as_float());
      if (na || nb) return na == nb ? 0 : na ? 1 : -1;  // NaN after every number
      return CompareNumbers(a, b);
    }
    case ValueKind::kString:
      return a.as_string().compare(b.as_string()) < 0 ? -1 : a.as_string() == b.as_string() ? 0 : 1;
    case ValueKind::kBytes:
      return a.as_bytes() < b.as_bytes() ? -1 : a.as_bytes() == b.as_bytes() ? 0 : 1;
    case ValueKind::kBool:
      return static_cast<int>(a.as_bool()) - static_cast<int>(b.as_bool());
    case ValueKind::kList: {
      const auto &x = a.as_list(), &y = b.as_list();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (int c = OrderValues(x[i], y[i])) return c;
      }
      return x.size() < y.size() ? -1 : x.size() > y.size();
    }
    case ValueKind::kMap: {
      // By entries in key order: key, then value.
      auto x = a.as_map().begin(), xe = a.as_map().end();
      auto y = b.as_map().begin(), ye = b.as_map().end();
      for (; x != xe && y != ye; ++x, ++y) {
        if (x->first != y->first) return x->first < y->first ? -1 : 1;
        if (int c = OrderValues(x->second, y->second)) return c;
      }
      return (x == xe) == (y == ye) ? 0 : x == xe ? -1 : 1;
    }
    case ValueKind::kNode:
      return a.as_node().id < b.as_node().id ? -1 : a.as_node().id == b.as_node().id ? 0 : 1;
    case ValueKind::kRelationship: {
      const Uuid &x = a.as_relationship().id, &y = b.as_relationship().id;
      return x < y ? -1 : x == y ? 0 : 1;
    }
    case ValueKind::kDate:
    case ValueKind::kLocalTime:
    case ValueKind::kLocalDateTime:
    case ValueKind::kDateTime:
      return *CompareTemporal(a, b);
    case ValueKind::kTime:  // the same instant of the day in different offsets: by offset
      if (int c = *CompareTemporal(a, b)) return c;
      return Compare3(a.as_time().offset_seconds, b.as_time().offset_seconds);
    case ValueKind::kDuration:
      return OrderDurations(a.as_duration(), b.as_duration());
    case ValueKind::kPath: {
      const auto &x = a.as_path(), &y = b.as_path();
      size_t n = std::min(x.nodes.size(), y.nodes.size());
      for (size_t i = 0; i < n; ++i) {
        if (x.nodes[i].id != y.nodes[i].id) return x.nodes[i].id < y.nodes[i].id ? -1 : 1;
      }
      return x.nodes.size() < y.nodes.size() ? -1 : x.nodes.size() > y.nodes.size();
    }
  }
  return 0;
}

bool Equivalent(const Value& a, const Value& b) {
  if (IsNumber(a) && IsNumber(b)) {
    bool na = a.kind() == ValueKind::kFloat && std::isnan(a.as_float());
    bool nb = b.kind() == ValueKind::kFloat && std::isnan(b.as_float());
    if (na || nb) return na && nb;
    return CompareNumbers(a, b) == 0;
  }
  if (a.kind() != b.kind()) return false;
  if (a.kind() == ValueKind::kList) {
    const auto &x = a.as_list(), &y = b.as_list();
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!Equivalent(x[i], y[i])) return false;
    }
    return true;
  }
  if (a.kind() == ValueKind::kMap) {
    const auto &x = a.as_map(), &y = b.as_map();
    if (x.size() != y.size()) return false;
    auto xi = x.begin();
    auto yi = y.begin();
    for (; xi != x.end(); ++xi, ++yi) {
      if (xi->first != yi->first || !Equivalent(xi->second, yi->second)) return false;
    }
    return true;
  }
  if (a.kind() == ValueKind::kNode) return a.as_node().id == b.as_node().id;
  if (a.kind() == ValueKind::kRelationship) return a.as_relationship().id == b.as_relationship().id;
  if (a.kind() == ValueKind::kDateTime)
    return CompareInstants(a.as_datetime(), b.as_datetime()) == 0;
  if (a.kind() == ValueKind::kTime) return UtcNanos(a.as_time()) == UtcNanos(b.as_time());
  return a == b;
}

size_t HashValue(const Value& v) {
  auto mix = [](size_t h, size_t x) {
    return h ^ (x + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2));
  };
  switch (v.kind()) {
    case ValueKind::kNull:
      return 0x51;
    case ValueKind::kInt:
    case ValueKind::kFloat: {
      double d = AsDouble(v);
      if (std::isnan(d)) return 0x7ff8;
      // Integral values hash as the integer, so 1 and 1.0 meet.
      if (v.kind() == ValueKind::kInt) return std::hash<int64_t>()(v.as_int());
      if (d == std::floor(d) && std::abs(d) < 9.2e18)
        return std::hash<int64_t>()(static_cast<int64_t>(d));
      return std::hash<double>()(d);
    }
    case ValueKind::kBool:
      return v.as_bool() ? 0x71 : 0x70;
    case ValueKind::kString:
      return std::hash<std::string>()(v.as_string());
    case ValueKind::kBytes:
      return std::hash<std::string>()(v.as_bytes()) ^ 0xb;
    case ValueKind::kList: {
      size_t h = 0x11;
      for (const auto& e : v.as_list()) h = mix(h, HashValue(e));
      return h;
    }
    case ValueKind::kMap: {
      size_t h = 0x22;
      for (const auto& [k, e] : v.as_map())
        h = mix(mix(h, std::hash<std::string>()(k)), HashValue(e));
      return h;
    }
    case ValueKind::kNode:
      return UuidHash()(v.as_node().id);
    case ValueKind::kRelationship:
      return UuidHash()(v.as_relationship().id) ^ 0x3;
    case ValueKind::kPath: {
      size_t h = 0x33;
      for (const auto& n : v.as_path().nodes) h = mix(h, UuidHash()(n.id));
      return h;
    }
    case ValueKind::kDate:
      return std::hash<int64_t>()(v.as_date().days) ^ 0xd;
    case ValueKind::kDateTime:
      return mix(std::hash<int64_t>()(v.as_datetime().seconds),
                 static_cast<size_t>(v.as_datetime().nanos));
    case ValueKind::kLocalTime:
      return std::hash<int64_t>()(v.as_localtime().nanos) ^ 0x1e;
    case ValueKind::kTime:
      return std::hash<int64_t>()(UtcNanos(v.as_time())) ^ 0x2e;
    case ValueKind::kLocalDateTime:
      return mix(std::hash<int64_t>()(v.as_localdatetime().seconds),
                 static_cast<size_t>(v.as_localdatetime().nanos)) ^
             0x3e;
    case ValueKind::kDuration: {
      const DurationValue& d = v.as_duration();
      return mix(mix(mix(std::hash<int64_t>()(d.months), std::hash<int64_t>()(d.days)),
                     std::hash<int64_t>()(d.seconds)),
                 static_cast<size_t>(d.nanos));
    }
  }
  return 0;
}

size_t ValuesHash::operator()(const std::vector<Value>& values) const {
  size_t h = 0;
  for (const auto& v : values) h = h * 31 + HashValue(v);
  return h;
}

bool ValuesEquivalent::operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!Equivalent(a[i], b[i])) return false;
  }
  return true;
}

Result<Value> Concatenate(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return Value();
  if (a.kind() == ValueKind::kString && b.kind() == ValueKind::kString) {
    return Value::String(a.as_string() + b.as_string());
  }
  if (a.kind() == ValueKind::kList && b.kind() == ValueKind::kList) {
    ValueList out = a.as_list();
    for (const auto& e : b.as_list()) out.push_back(e);
    return Value::List(std::move(out));
  }
  return TypeMismatch("||", a, b);
}

Result<Value> Add(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return Value();
  bool list = a.kind() == ValueKind::kList || b.kind() == ValueKind::kList;  // [d] + d appends
  if ((a.is_temporal() || b.is_temporal()) && !list) {
    if (auto r = TemporalArithmetic('+', a, b)) return std::move(*r);
    return TypeMismatch("+", a, b);
  }
  if (a.kind() == ValueKind::kInt && b.kind() == ValueKind::kInt) {
    int64_t r;
    if (__builtin_add_overflow(a.as_int(), b.as_int(), &r)) return Overflow("+");
    return Value::Int(r);
  }
  if (IsNumber(a) && IsNumber(b)) return Value::Float(AsDouble(a) + AsDouble(b));
  if (a.kind() == ValueKind::kString && b.kind() == ValueKind::kString) {
    return Value::String(a.as_string() + b.as_string());
  }
  if (a.kind() == ValueKind::kString && IsNumber(b)) {
    return Value::String(a.as_string() + b.ToString());
  }
  if (IsNumber(a) && b.kind() == ValueKind::kString) {
    return Value::String(a.ToString() + b.as_string());
  }
  if (a.kind() == ValueKind::kList || b.kind() == ValueKind::kList) {
    ValueList out;
    if (a.kind() == ValueKind::kList) {
      out = a.as_list();
    } else {
      out.push_back(a);
    }
    if (b.kind() == ValueKind::kList) {
      for (const auto& e : b.as_list()) out.push_back(e);
    } else {
      out.push_back(b);
    }
    return Value::List(std::move(out));
  }
  return TypeMismatch("+", a, b);
}

Result<Value> Subtract(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return Value();
  if (a.is_temporal() || b.is_temporal()) {
    if (auto r = TemporalArithmetic('-', a, b)) return std::move(*r);
    return TypeMismatch("-", a, b);
  }
  if (a.kind() == ValueKind::kInt && b.kind() == ValueKind::kInt) {
    int64_t r;
    if (__builtin_sub_overflow(a.as_int(), b.as_int(), &r)) return Overflow("-");
    return Value::Int(r);
  }
  if (IsNumber(a) && IsNumber(b)) return Value::Float(AsDouble(a) - AsDouble(b));
  return TypeMismatch("-", a, b);
}

Result<Value> Multiply(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return Value();
  if (a.is_temporal() || b.is_temporal()) {
    if (auto r = TemporalArithmetic('*', a, b)) return std::move(*r);
    return TypeMismatch("*", a, b);
  }
  if (a.kind() == ValueKind::kInt && b.kind() == ValueKind::kInt) {
    int64_t r;
    if (__builtin_mul_overflow(a.as_int(), b.as_int(), &r)) return Overflow("*");
    return Value::Int(r);
  }
  if (IsNumber(a) && IsNumber(b)) return Value::Float(AsDouble(a) * AsDouble(b));
  return TypeMismatch("*", a, b);
}

Result<Value> Divide(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return Value();
  if (a.is_temporal() || b.is_temporal()) {
    if (auto r = TemporalArithmetic('/', a, b)) return std::move(*r);
    return TypeMismatch("/", a, b);
  }
  if (a.kind() == ValueKind::kInt && b.kind() == ValueKind::kInt) {
    if (b.as_int() == 0) {
      return RuntimeError("ArithmeticError", "DivisionByZero", "integer division by zero");
    }
    if (a.as_int() == INT64_MIN && b.as_int() == -1) return Overflow("/");
    return Value::Int(a.as_int() / b.as_int());
  }
  if (IsNumber(a) && IsNumber(b)) return Value::Float(AsDouble(a) / AsDouble(b));
  return TypeMismatch("/", a, b);
}

Result<Value> Modulo(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return Value();
  if (a.kind() == ValueKind::kInt && b.kind() == ValueKind::kInt) {
    if (b.as_int() == 0) {
      return RuntimeError("ArithmeticError", "DivisionByZero", "integer modulo by zero");
    }
    if (b.as_int() == -1) return Value::Int(0);
    return Value::Int(a.as_int() % b.as_int());
  }
  if (IsNumber(a) && IsNumber(b)) return Value::Float(std::fmod(AsDouble(a), AsDouble(b)));
  return TypeMismatch("%", a, b);
}

Result<Value> Power(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return Value();
  if (IsNumber(a) && IsNumber(b)) return Value::Float(std::pow(AsDouble(a), AsDouble(b)));
  return TypeMismatch("^", a, b);
}

Result<Value> Negate(const Value& a) {
  if (a.is_null()) return Value();
  if (a.kind() == ValueKind::kInt) {
    if (a.as_int() == INT64_MIN) return Overflow("-");
    return Value::Int(-a.as_int());
  }
  if (a.kind() == ValueKind::kFloat) return Value::Float(-a.as_float());
  return RuntimeError("TypeError", "InvalidArgumentType", "cannot negate " + TypeName(a));
}

Result<Ternary> AsPredicate(const Value& v) {
  if (v.is_null()) return Ternary();
  if (v.kind() == ValueKind::kBool) return Ternary(v.as_bool());
  return RuntimeError("TypeError", "InvalidArgumentType", "expected a boolean, got " + TypeName(v));
}

}  // namespace namidb::query
