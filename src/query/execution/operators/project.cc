#include "query/execution/operators/project.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "query/execution/chunk.h"
#include "query/execution/evaluator.h"
#include "query/execution/operator.h"
#include "query/execution/row_mapper.h"

namespace namidb::query {
namespace {

class Project final : public RowMapper {
 public:
  Project(OperatorPtr input, std::vector<ProjectItem> items)
      : RowMapper(std::move(input)), items_(std::move(items)) {}
  std::string Describe() const override { return "Project"; }

 protected:
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    Row& row = in[i];
    // Evaluate every item first: an item may read a slot another one
    // writes. Into a vector kept across rows: one allocation per row was
    // a tenth of a projection's time over a whole label.
    values_.clear();
    uint64_t copied = 0;  // property reads copy strings and lists
    for (const auto& item : items_) {
      NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*item.expr, row, ctx.eval));
      copied += ValueCopyBytes(v);
      values_.push_back(std::move(v));
    }
    for (size_t k = 0; k < items_.size(); ++k) row[items_[k].slot] = std::move(values_[k]);
    chunk.Add(std::move(row), copied);
    return true;
  }

 private:
  std::vector<ProjectItem> items_;
  std::vector<Value> values_;  // the row's items, before they are written
};

}  // namespace

OperatorPtr MakeProject(OperatorPtr input, std::vector<ProjectItem> items) {
  return std::make_unique<Project>(std::move(input), std::move(items));
}

}  // namespace namidb::query
