#include "query/execution/dynamic_labels.h"

#include <algorithm>

#include "query/common/query_error.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
namespace {

Status AddLabel(const Value& v, std::vector<std::string>* labels) {
  if (v.kind() != ValueKind::kString) {
    return RuntimeError("TypeError", "InvalidArgumentType",
                        "a dynamic label must be a STRING or a LIST<STRING>, not " + TypeName(v));
  }
  const std::string& label = v.as_string();
  if (label.empty()) {
    return RuntimeError("ArgumentError", "InvalidArgumentValue",
                        "a dynamic label must not be an empty string");
  }
  if (std::find(labels->begin(), labels->end(), label) == labels->end()) labels->push_back(label);
  return Status::OK();
}

}  // namespace

Result<std::vector<std::string>> EvaluateDynamicLabels(const Expr& e, Row& row,
                                                       const EvalContext& ctx) {
  NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(e, row, ctx));
  std::vector<std::string> labels;
  if (v.kind() == ValueKind::kList) {
    for (const Value& element : v.as_list()) NAMIDB_RETURN_IF_ERROR(AddLabel(element, &labels));
  } else {
    NAMIDB_RETURN_IF_ERROR(AddLabel(v, &labels));
  }
  return labels;
}

Result<std::vector<std::string>> LabelsForRow(const std::vector<std::string>& fixed,
                                              const std::vector<const Expr*>& dynamic, Row& row,
                                              const EvalContext& ctx) {
  std::vector<std::string> labels = fixed;
  for (const Expr* e : dynamic) {
    NAMIDB_ASSIGN_OR_RETURN(std::vector<std::string> more, EvaluateDynamicLabels(*e, row, ctx));
    for (std::string& label : more) {
      if (std::find(labels.begin(), labels.end(), label) == labels.end()) {
        labels.push_back(std::move(label));
      }
    }
  }
  return labels;
}

}  // namespace namidb::query
