#include "query/functions/functions.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <random>
#include <string>

#include "core/unicode_case.h"
#include "core/unicode_normalization.h"
#include "query/common/query_error.h"
#include "query/functions/decimal_round.h"
#include "query/functions/function_registry.h"
#include "query/functions/text_to_number.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
namespace {

using Args = std::vector<Value>;

// What a registry entry runs: a function of its arguments, or (Math, Text)
// one of a double or a string that a shared call applies.
struct Impl {
  Result<Value> (*of_args)(const Args&) = nullptr;
  double (*of_double)(double) = nullptr;
  std::string (*of_text)(const std::string&) = nullptr;
  const char* display = nullptr;  // the name in messages
  Impl() = default;
  template <typename F>
  Impl(F f) : of_args(f) {}  // NOLINT: a lambda is an Impl
};

bool IsNumber(const Value& v) {
  return v.kind() == ValueKind::kInt || v.kind() == ValueKind::kFloat;
}
double AsDouble(const Value& v) {
  return v.kind() == ValueKind::kInt ? static_cast<double>(v.as_int()) : v.as_float();
}

// A function of one number returning a float (null in, null out).
Impl Math(const char* name, double (*f)(double)) {
  Impl impl;
  impl.of_double = f;
  impl.display = name;
  return impl;
}

// A function of one string returning a string.
Impl Text(const char* name, std::string (*f)(const std::string&)) {
  Impl impl;
  impl.of_text = f;
  impl.display = name;
  return impl;
}

Result<Value> CallOfArgs(const ScalarFunction& self, const Args& a, const DateTimeValue*) {
  return self.of_args(a);
}
Result<Value> CallMath(const ScalarFunction& self, const Args& a, const DateTimeValue*) {
  if (a[0].is_null()) return Value();
  if (!IsNumber(a[0])) return WrongArgumentType(self.display, a[0]);
  return Value::Float(self.of_double(AsDouble(a[0])));
}
Result<Value> CallText(const ScalarFunction& self, const Args& a, const DateTimeValue*) {
  if (a[0].is_null()) return Value();
  if (a[0].kind() != ValueKind::kString) return WrongArgumentType(self.display, a[0]);
  return Value::String(self.of_text(a[0].as_string()));
}

std::string TrimLeft(const std::string& s) {
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}
std::string TrimRight(const std::string& s) {
  size_t n = s.size();
  while (n > 0 && std::isspace(static_cast<unsigned char>(s[n - 1]))) --n;
  return s.substr(0, n);
}

// Code points of a UTF-8 string, so that lengths and substrings count
// characters, not bytes.
std::vector<std::string> Chars(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    size_t n = 1;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0xF0)
      n = 4;
    else if (c >= 0xE0)
      n = 3;
    else if (c >= 0xC0)
      n = 2;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

Result<int64_t> IntArg(std::string_view fn, const Value& v) {
  if (v.kind() != ValueKind::kInt) return WrongArgumentType(fn, v);
  return v.as_int();
}

}  // namespace

Result<Value> ConvertToInteger(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kNull:
      return Value();
    case ValueKind::kInt:
      return v;
    case ValueKind::kFloat: {
      double d = v.as_float();
      if (std::isnan(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0) return Value();
      return Value::Int(static_cast<int64_t>(std::trunc(d)));
    }
    case ValueKind::kBool:
      return Value::Int(v.as_bool() ? 1 : 0);
    case ValueKind::kString: {
      std::optional<int64_t> i = ParseJavaInteger(v.as_string());
      return i ? Value::Int(*i) : Value();
    }
    default:
      return WrongArgumentType("toInteger", v);
  }
}

Result<Value> ConvertToFloat(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kNull:
      return Value();
    case ValueKind::kInt:
      return Value::Float(static_cast<double>(v.as_int()));
    case ValueKind::kFloat:
      return v;
    case ValueKind::kString: {
      std::optional<double> d = ParseJavaDouble(v.as_string());
      return d ? Value::Float(*d) : Value();
    }
    default:
      return WrongArgumentType("toFloat", v);
  }
}

Result<Value> ConvertToBoolean(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kNull:
      return Value();
    case ValueKind::kBool:
      return v;
    case ValueKind::kString: {
      std::string s = AsciiLower(v.as_string());
      if (s == "true") return Value::Bool(true);
      if (s == "false") return Value::Bool(false);
      return Value();
    }
    case ValueKind::kInt:
      return Value::Bool(v.as_int() != 0);
    default:
      return WrongArgumentType("toBoolean", v);
  }
}

Result<Value> ConvertToString(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kNull:
      return Value();
    case ValueKind::kString:
      return v;
    case ValueKind::kInt:
    case ValueKind::kFloat:
    case ValueKind::kBool:
      return Value::String(v.ToString());
    default:
      if (v.is_temporal()) return Value::String(TemporalText(v));
      return WrongArgumentType("toString", v);
  }
}

namespace {

std::string Upper(const std::string& s) { return ToUpperCase(s); }
std::string Lower(const std::string& s) { return ToLowerCase(s); }

// normalize(text[, form]): the form NFC unless named (the parser makes the
// keyword NFC, NFD, NFKC or NFKD a string).
Result<Value> NormalizeCall(const Args& a) {
  for (const auto& v : a) {
    if (v.is_null()) return Value();
    if (v.kind() != ValueKind::kString) return WrongArgumentType("normalize", v);
  }
  NormalForm form = NormalForm::kNfc;
  if (a.size() == 2) {
    std::optional<NormalForm> named = NormalFormNamed(a[1].as_string());
    if (!named) {
      return RuntimeError(
          "ArgumentError", "InvalidArgumentValue",
          "normalize() takes the form NFC, NFD, NFKC or NFKD, not '" + a[1].as_string() + "'");
    }
    form = *named;
  }
  return Value::String(Normalize(a[0].as_string(), form));
}

// `text IS [form] NORMALIZED`, as the parser writes it: a call of the entry
// "is normalized", a name no identifier can have.
// Of a value that is not a string it says null, as of null.
Result<Value> IsNormalizedCall(const Args& a) {
  if (a[0].kind() != ValueKind::kString) return Value();
  NAMIDB_ASSIGN_OR_RETURN(Value normalized, NormalizeCall(a));
  if (normalized.is_null()) return Value();
  return Value::Bool(normalized.as_string() == a[0].as_string());
}

// lTrim / rTrim / btrim(text[, character]): whitespace, or the one
// character given, off the chosen ends.
Result<Value> TrimCall(const char* name, const Args& a, bool left, bool right) {
  for (const auto& v : a) {
    if (v.is_null()) return Value();
    if (v.kind() != ValueKind::kString) return WrongArgumentType(name, v);
  }
  const std::string& s = a[0].as_string();
  if (a.size() == 1) {
    std::string out = left ? TrimLeft(s) : s;
    return Value::String(right ? TrimRight(out) : out);
  }
  std::vector<std::string> trim = Chars(a[1].as_string());
  if (trim.size() != 1) {
    return RuntimeError(
        "ArgumentError", "InvalidArgumentValue",
        std::string(name) + "() trims one character, not '" + a[1].as_string() + "'");
  }
  const std::string& c = trim[0];
  size_t begin = 0, end = s.size();
  while (left && end - begin >= c.size() && s.compare(begin, c.size(), c) == 0) begin += c.size();
  while (right && end - begin >= c.size() && s.compare(end - c.size(), c.size(), c) == 0) {
    end -= c.size();
  }
  return Value::String(s.substr(begin, end - begin));
}

Result<Value> CharLength(const Args& a) {
  if (a[0].is_null()) return Value();
  if (a[0].kind() != ValueKind::kString) return WrongArgumentType("char_length", a[0]);
  return Value::Int(static_cast<int64_t>(Chars(a[0].as_string()).size()));
}

// split(text, delimiter): the parts between delimiters; the delimiter may
// be a list of them (any one splits), and '' splits into characters.
Result<Value> Split(const Args& a) {
  if (a[0].is_null() || a[1].is_null()) return Value();
  if (a[0].kind() != ValueKind::kString) return WrongArgumentType("split", a[0]);
  std::vector<std::string> seps;
  if (a[1].kind() == ValueKind::kString) {
    seps.push_back(a[1].as_string());
  } else if (a[1].kind() == ValueKind::kList) {
    for (const Value& v : a[1].as_list()) {
      if (v.is_null()) return Value();
      if (v.kind() != ValueKind::kString) return WrongArgumentType("split", v);
      seps.push_back(v.as_string());
    }
  } else {
    return WrongArgumentType("split", a[1]);
  }
  const std::string& s = a[0].as_string();
  ValueList out;
  if (std::all_of(seps.begin(), seps.end(), [](const std::string& sep) { return sep.empty(); })) {
    for (auto& c : Chars(s)) out.push_back(Value::String(c));
    return Value::List(std::move(out));
  }
  std::erase_if(seps, [](const std::string& sep) { return sep.empty(); });
  size_t at = 0, from = 0;
  while (from <= s.size()) {
    // The earliest delimiter from `from`, the longest of those there.
    size_t hit = std::string::npos, length = 0;
    for (const std::string& sep : seps) {
      size_t h = s.find(sep, from);
      if (h < hit || (h == hit && h != std::string::npos && sep.size() > length)) {
        hit = h;
        length = sep.size();
      }
    }
    if (hit == std::string::npos) break;
    out.push_back(Value::String(s.substr(at, hit - at)));
    at = from = hit + length;
  }
  out.push_back(Value::String(s.substr(at)));
  return Value::List(std::move(out));
}

struct Spec {
  size_t min_args;
  size_t max_args;
  Impl fn;
};

// Sets of value kinds an argument takes (null is always taken).
using Kinds = KindSet;
constexpr Kinds K(ValueKind k) { return KindBit(k); }
constexpr Kinds kAny = kAnyKind;
constexpr Kinds kNumber = K(ValueKind::kInt) | K(ValueKind::kFloat);
constexpr Kinds kInteger = K(ValueKind::kInt);
constexpr Kinds kText = K(ValueKind::kString);
constexpr Kinds kList = K(ValueKind::kList);
constexpr Kinds kNode = K(ValueKind::kNode);
constexpr Kinds kRel = K(ValueKind::kRelationship);
constexpr Kinds kPath = K(ValueKind::kPath);
constexpr Kinds kTemporal = K(ValueKind::kDate) | K(ValueKind::kDateTime) |
                            K(ValueKind::kLocalTime) | K(ValueKind::kTime) |
                            K(ValueKind::kLocalDateTime) | K(ValueKind::kDuration);
constexpr Kinds kEntity = kNode | kRel;
constexpr Kinds kPropertyHolder = K(ValueKind::kMap) | kEntity;

// What each argument of each function takes, the last entry standing for
// any further arguments; a function not listed takes anything. The
// functions themselves check the same at run time (WrongArgumentType).
const std::map<std::string, std::vector<Kinds>>& ArgumentKinds() {
  static const auto* kinds = new std::map<std::string, std::vector<Kinds>>{
      {"tointeger", {kNumber | kText | K(ValueKind::kBool)}},
      {"tofloat", {kNumber | kText}},
      {"toboolean", {K(ValueKind::kBool) | kText | kInteger}},
      {"tostring", {kNumber | kText | K(ValueKind::kBool) | kTemporal}},
      {"coalesce", {kAny}},
      {"abs", {kNumber}},
      {"ceil", {kNumber}},
      {"floor", {kNumber}},
      {"round", {kNumber, kInteger, kText}},
      {"isnan", {kNumber}},
      {"sign", {kNumber}},
      {"sqrt", {kNumber}},
      {"exp", {kNumber}},
      {"log", {kNumber}},
      {"log10", {kNumber}},
      {"sin", {kNumber}},
      {"cos", {kNumber}},
      {"tan", {kNumber}},
      {"cot", {kNumber}},
      {"asin", {kNumber}},
      {"acos", {kNumber}},
      {"atan", {kNumber}},
      {"degrees", {kNumber}},
      {"radians", {kNumber}},
      {"haversin", {kNumber}},
      {"sinh", {kNumber}},
      {"cosh", {kNumber}},
      {"tanh", {kNumber}},
      {"coth", {kNumber}},
      {"atan2", {kNumber, kNumber}},
      {"toupper", {kText}},
      {"tolower", {kText}},
      {"upper", {kText}},
      {"lower", {kText}},
      {"normalize", {kText, kText}},
      {"is normalized", {kAny, kText}},
      {"trim", {kText}},
      {"ltrim", {kText}},
      {"rtrim", {kText}},
      {"btrim", {kText}},
      {"char_length", {kText}},
      {"character_length", {kText}},
      {"replace", {kText, kText, kText}},
      {"split", {kText, kText | kList}},
      {"substring", {kText, kInteger, kInteger}},
      {"left", {kText, kInteger}},
      {"right", {kText, kInteger}},
      {"reverse", {kText | kList}},
      {"size", {kText | kList}},
      {"head", {kList}},
      {"last", {kList}},
      {"tail", {kList}},
      {"range", {kInteger, kInteger, kInteger}},
      {"keys", {kPropertyHolder}},
      {"properties", {kPropertyHolder}},
      {"id", {kEntity}},
      {"labels", {kNode}},
      {"type", {kRel}},
      {"length", {kPath}},
      {"nodes", {kPath}},
      {"relationships", {kPath}},
      {"startnode", {kRel}},
      {"endnode", {kRel}},
  };
  return *kinds;
}

const std::map<std::string, Spec>& Registry() {
  static const auto* registry = new std::map<std::string, Spec>{
      // Type conversion.
      {"tointeger", {1, 1, [](const Args& a) { return ConvertToInteger(a[0]); }}},
      {"tofloat", {1, 1, [](const Args& a) { return ConvertToFloat(a[0]); }}},
      {"toboolean", {1, 1, [](const Args& a) { return ConvertToBoolean(a[0]); }}},
      {"tostring", {1, 1, [](const Args& a) { return ConvertToString(a[0]); }}},
      // Null handling.
      {"coalesce", {1, 1000, [](const Args& a) -> Result<Value> {
         for (const auto& v : a) {
           if (!v.is_null()) return v;
         }
         return Value();
       }}},
      // Numbers.
      {"abs", {1, 1, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (a[0].kind() == ValueKind::kInt) {
           if (a[0].as_int() == INT64_MIN) {
             return RuntimeError("ArithmeticError", "IntegerOverflow", "abs() overflows");
           }
           return Value::Int(std::abs(a[0].as_int()));
         }
         if (a[0].kind() == ValueKind::kFloat) return Value::Float(std::fabs(a[0].as_float()));
         return WrongArgumentType("abs", a[0]);
       }}},
      {"ceil", {1, 1, Math("ceil", [](double x) { return std::ceil(x); })}},
      {"floor", {1, 1, Math("floor", [](double x) { return std::floor(x); })}},
      // round(x): a tie goes up (towards +infinity), as Java's Math.round;
      // with a precision, java.math's modes (decimal_round.h).
      {"round", {1, 3, [](const Args& a) -> Result<Value> {
         for (const auto& v : a) {
           if (v.is_null()) return Value();
         }
         if (!IsNumber(a[0])) return WrongArgumentType("round", a[0]);
         const double x = AsDouble(a[0]);
         if (a.size() == 1) {
           if (!std::isfinite(x)) return Value::Float(x);
           const double below = std::floor(x);
           return Value::Float(x - below >= 0.5 ? below + 1 : below);
         }
         NAMIDB_ASSIGN_OR_RETURN(int64_t precision, IntArg("round", a[1]));
         RoundingMode mode = RoundingMode::kHalfUp;
         if (a.size() == 3) {
           if (a[2].kind() != ValueKind::kString) return WrongArgumentType("round", a[2]);
           NAMIDB_ASSIGN_OR_RETURN(mode, ParseRoundingMode(a[2].as_string()));
         }
         NAMIDB_ASSIGN_OR_RETURN(double rounded, RoundDecimal(x, precision, mode));
         return Value::Float(rounded);
       }}},
      {"isnan", {1, 1, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (!IsNumber(a[0])) return WrongArgumentType("isNaN", a[0]);
         return Value::Bool(a[0].kind() == ValueKind::kFloat && std::isnan(a[0].as_float()));
       }}},
      {"sign", {1, 1, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (!IsNumber(a[0])) return WrongArgumentType("sign", a[0]);
         double d = AsDouble(a[0]);
         return Value::Int(d > 0 ? 1 : d < 0 ? -1 : 0);
       }}},
      {"rand", {0, 0, [](const Args&) -> Result<Value> {
         static std::mt19937_64 rng(std::random_device{}());
         return Value::Float(std::uniform_real_distribution<double>(0, 1)(rng));
       }}},
      {"sqrt", {1, 1, Math("sqrt", [](double x) { return std::sqrt(x); })}},
      {"exp", {1, 1, Math("exp", [](double x) { return std::exp(x); })}},
      {"log", {1, 1, Math("log", [](double x) { return std::log(x); })}},
      {"log10", {1, 1, Math("log10", [](double x) { return std::log10(x); })}},
      {"sin", {1, 1, Math("sin", [](double x) { return std::sin(x); })}},
      {"cos", {1, 1, Math("cos", [](double x) { return std::cos(x); })}},
      {"tan", {1, 1, Math("tan", [](double x) { return std::tan(x); })}},
      {"cot", {1, 1, Math("cot", [](double x) { return 1 / std::tan(x); })}},
      {"asin", {1, 1, Math("asin", [](double x) { return std::asin(x); })}},
      {"acos", {1, 1, Math("acos", [](double x) { return std::acos(x); })}},
      {"atan", {1, 1, Math("atan", [](double x) { return std::atan(x); })}},
      {"degrees", {1, 1, Math("degrees", [](double x) { return x * 180 / M_PI; })}},
      {"radians", {1, 1, Math("radians", [](double x) { return x * M_PI / 180; })}},
      {"haversin", {1, 1, Math("haversin", [](double x) { return (1 - std::cos(x)) / 2; })}},
      {"sinh", {1, 1, Math("sinh", [](double x) { return std::sinh(x); })}},
      {"cosh", {1, 1, Math("cosh", [](double x) { return std::cosh(x); })}},
      {"tanh", {1, 1, Math("tanh", [](double x) { return std::tanh(x); })}},
      {"coth", {1, 1, Math("coth", [](double x) { return std::cosh(x) / std::sinh(x); })}},
      {"atan2", {2, 2, [](const Args& a) -> Result<Value> {
         if (a[0].is_null() || a[1].is_null()) return Value();
         if (!IsNumber(a[0])) return WrongArgumentType("atan2", a[0]);
         if (!IsNumber(a[1])) return WrongArgumentType("atan2", a[1]);
         return Value::Float(std::atan2(AsDouble(a[0]), AsDouble(a[1])));
       }}},
      {"pi", {0, 0, [](const Args&) -> Result<Value> { return Value::Float(M_PI); }}},
      {"e", {0, 0, [](const Args&) -> Result<Value> { return Value::Float(M_E); }}},
      // Strings.
      {"toupper", {1, 1, Text("toUpper", Upper)}},
      {"tolower", {1, 1, Text("toLower", Lower)}},
      {"upper", {1, 1, Text("upper", Upper)}},
      {"lower", {1, 1, Text("lower", Lower)}},
      {"normalize", {1, 2, NormalizeCall}},
      {"is normalized", {1, 2, IsNormalizedCall}},
      {"trim", {1, 1, Text("trim", [](const std::string& s) { return TrimLeft(TrimRight(s)); })}},
      {"ltrim", {1, 2, [](const Args& a) { return TrimCall("lTrim", a, true, false); }}},
      {"rtrim", {1, 2, [](const Args& a) { return TrimCall("rTrim", a, false, true); }}},
      {"btrim", {1, 2, [](const Args& a) { return TrimCall("btrim", a, true, true); }}},
      {"char_length", {1, 1, CharLength}},
      {"character_length", {1, 1, CharLength}},
      {"replace", {3, 3, [](const Args& a) -> Result<Value> {
         for (const auto& v : a) {
           if (v.is_null()) return Value();
           if (v.kind() != ValueKind::kString) return WrongArgumentType("replace", v);
         }
         std::string s = a[0].as_string();
         const std::string &from = a[1].as_string(), &to = a[2].as_string();
         if (from.empty()) {
           // As Java's String.replace: the empty text is found before each
           // character and at the end.
           std::string out = to;
           for (size_t i = 0; i < s.size(); ++i) {
             out += s[i];
             // After a character's last byte: the next is none, or no
             // UTF-8 continuation byte.
             if (i + 1 == s.size() || (static_cast<unsigned char>(s[i + 1]) & 0xC0) != 0x80) {
               out += to;
             }
           }
           return Value::String(out);
         }
         std::string out;
         size_t at = 0;
         for (size_t hit; (hit = s.find(from, at)) != std::string::npos; at = hit + from.size()) {
           out += s.substr(at, hit - at) + to;
         }
         return Value::String(out + s.substr(at));
       }}},
      {"split", {2, 2, Split}},
      {"substring", {2, 3, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (a[0].kind() != ValueKind::kString) return WrongArgumentType("substring", a[0]);
         NAMIDB_ASSIGN_OR_RETURN(int64_t start, IntArg("substring", a[1]));
         auto chars = Chars(a[0].as_string());
         int64_t n = static_cast<int64_t>(chars.size());
         int64_t length = n;
         if (a.size() == 3) {
           NAMIDB_ASSIGN_OR_RETURN(length, IntArg("substring", a[2]));
         }
         if (start < 0 || length < 0) {
           return RuntimeError("ArgumentError", "NegativeIntegerArgument",
                               "substring() needs non-negative start and length");
         }
         std::string out;
         for (int64_t i = start; i < n && i - start < length; ++i) out += chars[i];
         return Value::String(out);
       }}},
      {"left", {2, 2, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (a[0].kind() != ValueKind::kString) return WrongArgumentType("left", a[0]);
         NAMIDB_ASSIGN_OR_RETURN(int64_t n, IntArg("left", a[1]));
         if (n < 0) return RuntimeError("ArgumentError", "NegativeIntegerArgument", "left() needs n >= 0");
         auto chars = Chars(a[0].as_string());
         std::string out;
         for (int64_t i = 0; i < n && i < static_cast<int64_t>(chars.size()); ++i) out += chars[i];
         return Value::String(out);
       }}},
      {"right", {2, 2, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (a[0].kind() != ValueKind::kString) return WrongArgumentType("right", a[0]);
         NAMIDB_ASSIGN_OR_RETURN(int64_t n, IntArg("right", a[1]));
         if (n < 0) return RuntimeError("ArgumentError", "NegativeIntegerArgument", "right() needs n >= 0");
         auto chars = Chars(a[0].as_string());
         int64_t size = static_cast<int64_t>(chars.size());
         std::string out;
         for (int64_t i = std::max<int64_t>(0, size - n); i < size; ++i) out += chars[i];
         return Value::String(out);
       }}},
      {"reverse", {1, 1, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (a[0].kind() == ValueKind::kString) {
           auto chars = Chars(a[0].as_string());
           std::string out;
           for (auto it = chars.rbegin(); it != chars.rend(); ++it) out += *it;
           return Value::String(out);
         }
         if (a[0].kind() == ValueKind::kList) {
           ValueList l = a[0].as_list();
           std::reverse(l.begin(), l.end());
           return Value::List(std::move(l));
         }
         return WrongArgumentType("reverse", a[0]);
       }}},
      // Lists.
      {"size", {1, 1, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (a[0].kind() == ValueKind::kList) return Value::Int(static_cast<int64_t>(a[0].as_list().size()));
         if (a[0].kind() == ValueKind::kString) {
           return Value::Int(static_cast<int64_t>(Chars(a[0].as_string()).size()));
         }
         return WrongArgumentType("size", a[0]);
       }}},
      {"head", {1, 1, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (a[0].kind() != ValueKind::kList) return WrongArgumentType("head", a[0]);
         return a[0].as_list().empty() ? Value() : a[0].as_list().front();
       }}},
      {"last", {1, 1, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (a[0].kind() != ValueKind::kList) return WrongArgumentType("last", a[0]);
         return a[0].as_list().empty() ? Value() : a[0].as_list().back();
       }}},
      {"tail", {1, 1, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (a[0].kind() != ValueKind::kList) return WrongArgumentType("tail", a[0]);
         const auto& l = a[0].as_list();
         return Value::List(l.empty() ? ValueList() : ValueList(l.begin() + 1, l.end()));
       }}},
      {"range", {2, 3, [](const Args& a) -> Result<Value> {
         NAMIDB_ASSIGN_OR_RETURN(int64_t from, IntArg("range", a[0]));
         NAMIDB_ASSIGN_OR_RETURN(int64_t to, IntArg("range", a[1]));
         int64_t step = 1;
         if (a.size() == 3) {
           NAMIDB_ASSIGN_OR_RETURN(step, IntArg("range", a[2]));
         }
         if (step == 0) return RuntimeError("ArgumentError", "NumberOutOfRange", "range() step must not be 0");
         ValueList out;
         for (int64_t i = from; step > 0 ? i <= to : i >= to; i += step) {
           out.push_back(Value::Int(i));
           if (out.size() > 10'000'000) {
             return Status::ResourceExhausted("range() would make more than 10,000,000 elements");
           }
         }
         return Value::List(std::move(out));
       }}},
      {"keys", {1, 1, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         const ValueMap* m = nullptr;
         if (a[0].kind() == ValueKind::kMap) m = &a[0].as_map();
         if (a[0].kind() == ValueKind::kNode) m = &a[0].as_node().properties;
         if (a[0].kind() == ValueKind::kRelationship) m = &a[0].as_relationship().properties;
         if (!m) return WrongArgumentType("keys", a[0]);
         // A map literal keeps its null entries; stored properties have none.
         ValueList out;
         for (const auto& [k, v] : *m) out.push_back(Value::String(k));
         return Value::List(std::move(out));
       }}},
      {"properties", {1, 1, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (a[0].kind() == ValueKind::kMap) return a[0];
         if (a[0].kind() == ValueKind::kNode) return Value::Map(a[0].as_node().properties);
         if (a[0].kind() == ValueKind::kRelationship) return Value::Map(a[0].as_relationship().properties);
         return WrongArgumentType("properties", a[0]);
       }}},
      // Graph elements.
      {"id", {1, 1, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (a[0].kind() == ValueKind::kNode) return Value::String(a[0].as_node().id.ToString());
         if (a[0].kind() == ValueKind::kRelationship) {
           return Value::String(a[0].as_relationship().id.ToString());
         }
         return WrongArgumentType("id", a[0]);
       }}},
      // The same text: an element's one identity is its UUID.
      {"elementid", {1, 1, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (a[0].kind() == ValueKind::kNode) return Value::String(a[0].as_node().id.ToString());
         if (a[0].kind() == ValueKind::kRelationship) {
           return Value::String(a[0].as_relationship().id.ToString());
         }
         return WrongArgumentType("elementId", a[0]);
       }}},
      {"labels", {1, 1, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (a[0].kind() != ValueKind::kNode) return WrongArgumentType("labels", a[0]);
         ValueList out;
         for (const auto& l : a[0].as_node().labels) out.push_back(Value::String(l));
         return Value::List(std::move(out));
       }}},
      {"type", {1, 1, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (a[0].kind() != ValueKind::kRelationship) return WrongArgumentType("type", a[0]);
         return Value::String(a[0].as_relationship().type);
       }}},
      {"length", {1, 1, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (a[0].kind() != ValueKind::kPath) return WrongArgumentType("length", a[0]);
         return Value::Int(static_cast<int64_t>(a[0].as_path().relationships.size()));
       }}},
      {"nodes", {1, 1, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (a[0].kind() != ValueKind::kPath) return WrongArgumentType("nodes", a[0]);
         ValueList out;
         for (const auto& n : a[0].as_path().nodes) out.push_back(Value::Node(n));
         return Value::List(std::move(out));
       }}},
      {"relationships", {1, 1, [](const Args& a) -> Result<Value> {
         if (a[0].is_null()) return Value();
         if (a[0].kind() != ValueKind::kPath) return WrongArgumentType("relationships", a[0]);
         ValueList out;
         for (const auto& r : a[0].as_path().relationships) out.push_back(Value::Relationship(r));
         return Value::List(std::move(out));
       }}},
  };
  return *registry;
}

// What range(), replace() and split() could build at most, checked before
// they do.
uint64_t RangeBytes(const Args& args) {
  if (args.size() < 2 || args[0].kind() != ValueKind::kInt || args[1].kind() != ValueKind::kInt) {
    return 0;
  }
  int64_t step = args.size() == 3 && args[2].kind() == ValueKind::kInt ? args[2].as_int() : 1;
  double span = (static_cast<double>(args[1].as_int()) - static_cast<double>(args[0].as_int())) /
                static_cast<double>(step == 0 ? 1 : step);
  return span >= 0 ? static_cast<uint64_t>((span + 1) * sizeof(Value)) : 0;
}
uint64_t ReplaceBytes(const Args& args) {
  if (args.size() != 3 || args[0].kind() != ValueKind::kString ||
      args[1].kind() != ValueKind::kString || args[2].kind() != ValueKind::kString) {
    return 0;
  }
  const size_t text = args[0].as_string().size();
  const size_t from = args[1].as_string().size(), to = args[2].as_string().size();
  // An empty search text is found before each character and at the end.
  return text + (from == 0 ? text + 1 : text / from) * to;
}
uint64_t SplitBytes(const Args& args) {
  if (args.empty() || args[0].kind() != ValueKind::kString) return 0;
  return (args[0].as_string().size() + 1) * (sizeof(Value) + 16);
}

// Answered by the evaluator (FunctionId), never called through the entry.
Result<Value> AnsweredByEvaluator(const ScalarFunction& self, const Args&, const DateTimeValue*) {
  return Status::Internal(self.name + "() is answered by the evaluator");
}

}  // namespace

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<ScalarFunction> ScalarFunctionEntries() {
  std::vector<ScalarFunction> out;
  for (const auto& [name, spec] : Registry()) {
    ScalarFunction f;
    f.name = name;
    f.min_args = spec.min_args;
    f.max_args = spec.max_args;
    if (auto it = ArgumentKinds().find(name); it != ArgumentKinds().end()) f.takes = it->second;
    if (spec.fn.of_double) {
      f.call = CallMath;
      f.of_double = spec.fn.of_double;
    } else if (spec.fn.of_text) {
      f.call = CallText;
      f.of_text = spec.fn.of_text;
    } else {
      f.call = CallOfArgs;
      f.of_args = spec.fn.of_args;
    }
    if (spec.fn.display) f.display = spec.fn.display;
    out.push_back(std::move(f));
  }
  // Those the evaluator answers: startNode / endNode read the graph,
  // exists() tests a pattern or a value.
  for (const auto& [name, id] :
       {std::pair<const char*, FunctionId>{"startnode", FunctionId::kStartNode},
        {"endnode", FunctionId::kEndNode},
        {"exists", FunctionId::kExists}}) {
    ScalarFunction f;
    f.name = name;
    f.id = id;
    f.min_args = f.max_args = 1;
    if (auto it = ArgumentKinds().find(name); it != ArgumentKinds().end()) f.takes = it->second;
    f.call = AnsweredByEvaluator;
    out.push_back(std::move(f));
  }
  for (ScalarFunction& f : out) {
    if (f.name == "id") f.id = FunctionId::kId;
    if (f.name == "elementid") f.id = FunctionId::kElementId;
    if (f.name == "labels") f.id = FunctionId::kLabels;
    if (f.name == "keys") f.id = FunctionId::kKeys;
    if (f.name == "properties") f.id = FunctionId::kProperties;
    if (f.name == "rand") f.id = FunctionId::kRandom;
    if (f.name == "range") f.result_bytes = RangeBytes;
    if (f.name == "replace") f.result_bytes = ReplaceBytes;
    if (f.name == "split") f.result_bytes = SplitBytes;
  }
  return out;
}

}  // namespace namidb::query
