#include "query/execution/operators/unwind.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "query/common/memory_budget.h"
#include "query/execution/chunk.h"
#include "query/execution/evaluator.h"
#include "query/execution/operator.h"
#include "query/execution/row_mapper.h"
#include "query/parser/ast.h"

namespace namidb::query {
namespace {

class Unwind final : public RowMapper {
 public:
  Unwind(OperatorPtr input, const Expr* list, int slot)
      : RowMapper(std::move(input)), list_(list), slot_(slot) {}
  std::string Describe() const override { return "Unwind"; }

 protected:
  // A row's list is evaluated once, then handed out element by element
  // across as many chunks as it takes.
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    Row& row = in[i];
    if (next_ == 0) {
      NAMIDB_ASSIGN_OR_RETURN(list_value_, Evaluate(*list_, row, ctx.eval));
      if (list_value_.is_null()) return true;
      if (list_value_.kind() != ValueKind::kList) {
        row[slot_] = std::move(list_value_);
        chunk.Add(std::move(row));
        return true;
      }
      // What nothing after reads (the list itself, often) is not copied
      // into each element's row.
      for (int slot : dead_after()) {
        if (static_cast<size_t>(slot) < row.size()) row[slot] = Value();
      }
      row_bytes_ = RowCopyBytes(row);
    }
    const ValueList& items = list_value_.as_list();
    for (; next_ < items.size(); ++next_) {
      if (chunk.full()) return false;
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
      Row made = row;
      made[slot_] = items[next_];
      chunk.Add(std::move(made), row_bytes_ + ValueCopyBytes(items[next_]));
    }
    next_ = 0;
    list_value_ = Value();
    return true;
  }
  void EndChunk() override {
    next_ = 0;
    list_value_ = Value();
  }

 private:
  const Expr* list_;
  int slot_;
  Value list_value_;  // of the row being unwound
  size_t next_ = 0;   // its next element
  uint64_t row_bytes_ = 0;
};

}  // namespace

OperatorPtr MakeUnwind(OperatorPtr input, const Expr* list, int slot) {
  return std::make_unique<Unwind>(std::move(input), list, slot);
}

}  // namespace namidb::query
