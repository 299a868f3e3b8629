#include "query/execution/operators/set_items.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "query/execution/eager_update.h"
#include "query/execution/operator.h"
#include "query/execution/set_applier.h"
#include "query/execution/update_context.h"
#include "query/parser/ast.h"

namespace namidb::query {
namespace {

class SetItems final : public EagerUpdate {
 public:
  SetItems(OperatorPtr input, UpdateContext* update, SetApplier items)
      : EagerUpdate(std::move(input), update), items_(std::move(items)) {}
  std::string Describe() const override { return items_.remove() ? "Remove" : "Set"; }

 protected:
  Status Apply(ExecContext& ctx, std::vector<Row>& rows) override {
    for (Row& row : rows) {
      NAMIDB_RETURN_IF_ERROR(items_.Apply(ctx, row));
      NAMIDB_RETURN_IF_ERROR(Progress(ctx, update_));
    }
    return Status::OK();
  }

 private:
  SetApplier items_;
};

}  // namespace

OperatorPtr MakeSetItems(OperatorPtr input, UpdateContext* update,
                         const std::vector<SetItem>* items, std::vector<int> variable_slots,
                         bool remove) {
  return std::make_unique<SetItems>(std::move(input), update,
                                    SetApplier(update, items, std::move(variable_slots), remove));
}

}  // namespace namidb::query
