#include "query/functions/vector_functions.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include "query/common/query_error.h"
#include "query/functions/functions.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
namespace {

using Args = std::vector<Value>;

// The two vectors' components, checked: same dimension, at least one,
// numbers only. Sets `null` when either vector is null.
Status Components(std::string_view fn, const Args& a, std::vector<double>* x,
                  std::vector<double>* y, bool* null) {
  *null = a[0].is_null() || a[1].is_null();
  if (*null) return Status::OK();
  for (const Value* v : {&a[0], &a[1]}) {  // pointers: a vector may be long
    if (v->kind() != ValueKind::kList) return WrongArgumentType(fn, *v);
  }
  const ValueList &left = a[0].as_list(), &right = a[1].as_list();
  if (left.size() != right.size() || left.empty()) {
    return RuntimeError("ArgumentError", "InvalidArgumentValue",
                        std::string(fn) +
                            "() needs two vectors of one dimension, at least 1, not " +
                            std::to_string(left.size()) + " and " + std::to_string(right.size()));
  }
  for (const auto& [list, out] : {std::pair{&left, x}, std::pair{&right, y}}) {
    out->reserve(list->size());
    for (const Value& e : *list) {
      if (e.kind() != ValueKind::kInt && e.kind() != ValueKind::kFloat) {
        return RuntimeError(
            "TypeError", "InvalidArgumentType",
            std::string(fn) + "() takes vectors of numbers, not one holding " + TypeName(e));
      }
      out->push_back(e.kind() == ValueKind::kInt ? static_cast<double>(e.as_int()) : e.as_float());
    }
  }
  return Status::OK();
}

Result<Value> Euclidean(const ScalarFunction&, const Args& a, const DateTimeValue*) {
  std::vector<double> x, y;
  bool null = false;
  NAMIDB_RETURN_IF_ERROR(Components("vector.similarity.euclidean", a, &x, &y, &null));
  if (null) return Value();
  double squared = 0;
  for (size_t i = 0; i < x.size(); ++i) squared += (x[i] - y[i]) * (x[i] - y[i]);
  return Value::Float(1 / (1 + squared));
}

Result<Value> Cosine(const ScalarFunction&, const Args& a, const DateTimeValue*) {
  std::vector<double> x, y;
  bool null = false;
  NAMIDB_RETURN_IF_ERROR(Components("vector.similarity.cosine", a, &x, &y, &null));
  if (null) return Value();
  // The angle does not depend on the lengths: each vector divided by its
  // largest component first, so no square overflows or underflows.
  double x_scale = 0, y_scale = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    x_scale = std::max(x_scale, std::abs(x[i]));
    y_scale = std::max(y_scale, std::abs(y[i]));
  }
  if (x_scale == 0 || y_scale == 0) return Value();  // no direction, no angle
  double dot = 0, xx = 0, yy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double xi = x[i] / x_scale, yi = y[i] / y_scale;
    dot += xi * yi;
    xx += xi * xi;
    yy += yi * yi;
  }
  // Rounding may take the cosine a hair past ±1.
  const double cosine = std::clamp(dot / std::sqrt(xx * yy), -1.0, 1.0);
  return Value::Float((1 + cosine) / 2);
}

ScalarFunction Entry(const char* name, ScalarCall call) {
  ScalarFunction f;
  f.name = AsciiLower(name);
  f.display = name;
  f.min_args = 2;
  f.max_args = 2;
  f.takes = {KindBit(ValueKind::kList)};
  f.call = call;
  return f;
}

}  // namespace

std::vector<ScalarFunction> VectorFunctionEntries() {
  return {Entry("vector.similarity.euclidean", Euclidean),
          Entry("vector.similarity.cosine", Cosine)};
}

}  // namespace namidb::query
