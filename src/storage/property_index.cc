#include "storage/property_index.h"

#include <cmath>
#include <cstdio>

namespace namidb {
namespace {

bool AppendKey(const Value& v, std::string* out) {
  switch (v.kind()) {
    case ValueKind::kBool:
      out->append(v.as_bool() ? "b1" : "b0");
      return true;
    case ValueKind::kInt:
      out->append("n" + std::to_string(v.as_int()));
      return true;
    case ValueKind::kFloat: {
      double x = v.as_float();
      if (std::isnan(x)) return false;
      // An integral float in int64's range equals that integer (Cypher
      // compares them exactly): give it the integer's key. Both bounds are
      // powers of two, so exact as doubles.
      if (x == std::trunc(x) && x >= -9223372036854775808.0 && x < 9223372036854775808.0) {
        out->append("n" + std::to_string(static_cast<int64_t>(x)));
        return true;
      }
      char buf[40];
      std::snprintf(buf, sizeof buf, "n%.17g", x);
      out->append(buf);
      return true;
    }
    case ValueKind::kString:
      out->append("s" + std::to_string(v.as_string().size()) + ":" + v.as_string());
      return true;
    case ValueKind::kBytes:
      out->append("x" + std::to_string(v.as_bytes().size()) + ":" + v.as_bytes());
      return true;
    case ValueKind::kDate:
      out->append("d" + std::to_string(v.as_date().days));
      return true;
    case ValueKind::kDateTime:  // equal as instants, whatever the offset
      out->append("t" + std::to_string(v.as_datetime().seconds) + "." +
                  std::to_string(v.as_datetime().nanos));
      return true;
    case ValueKind::kLocalTime:
      out->append("l" + std::to_string(v.as_localtime().nanos));
      return true;
    case ValueKind::kTime: {  // equal at the same instant of the day
      const TimeValue& t = v.as_time();
      out->append("z" + std::to_string(t.nanos - int64_t{t.offset_seconds} * 1000000000));
      return true;
    }
    case ValueKind::kLocalDateTime:
      out->append("L" + std::to_string(v.as_localdatetime().seconds) + "." +
                  std::to_string(v.as_localdatetime().nanos));
      return true;
    case ValueKind::kDuration: {
      const DurationValue& d = v.as_duration();
      out->append("D" + std::to_string(d.months) + "," + std::to_string(d.days) + "," +
                  std::to_string(d.seconds) + "." + std::to_string(d.nanos));
      return true;
    }
    case ValueKind::kList:
      out->append("[");
      for (const auto& e : v.as_list()) {
        if (!AppendKey(e, out)) return false;
        out->append(",");
      }
      out->append("]");
      return true;
    case ValueKind::kMap:  // keys ascend in a ValueMap: equal maps list them alike
      out->append("{");
      for (const auto& [k, e] : v.as_map()) {
        out->append(std::to_string(k.size()) + ":" + k);
        if (!AppendKey(e, out)) return false;
        out->append(",");
      }
      out->append("}");
      return true;
    default:
      return false;  // null equals nothing; graph elements are never stored properties
  }
}

}  // namespace

std::optional<std::string> PropertyIndexKey(const Value& value) {
  std::string key;
  if (!AppendKey(value, &key)) return std::nullopt;
  return key;
}

}  // namespace namidb
