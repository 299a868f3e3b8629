#include "query/execution/operators/foreach.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "query/common/query_error.h"
#include "query/execution/eager_update.h"
#include "query/execution/evaluator.h"
#include "query/execution/operator.h"
#include "query/execution/update_context.h"
#include "query/functions/value_ops.h"
#include "query/parser/ast.h"

namespace namidb::query {
namespace {

class Foreach final : public EagerUpdate {
 public:
  Foreach(OperatorPtr input, UpdateContext* update, const Expr* list, int slot, int body)
      : EagerUpdate(std::move(input), update), list_(list), slot_(slot), body_(body) {}
  std::string Describe() const override { return "Foreach"; }

 protected:
  Status Apply(ExecContext& ctx, std::vector<Row>& rows) override {
    for (Row& row : rows) {
      NAMIDB_ASSIGN_OR_RETURN(Value list, Evaluate(*list_, row, ctx.eval));
      if (list.is_null()) continue;
      if (list.kind() != ValueKind::kList) {
        return RuntimeError("TypeError", "InvalidArgumentType",
                            "FOREACH needs a list, got " + TypeName(list));
      }
      for (const Value& element : list.as_list()) {
        Row argument = row;
        if (argument.size() < ctx.width) argument.resize(ctx.width);
        argument[slot_] = element;
        NAMIDB_RETURN_IF_ERROR(ctx.eval.subplans->Run(body_, argument, false).status());
        NAMIDB_RETURN_IF_ERROR(Progress(ctx, update_));
        ++ctx.graph_version;
      }
    }
    return Status::OK();
  }

 private:
  const Expr* list_;
  int slot_;
  int body_;
};

}  // namespace

OperatorPtr MakeForeach(OperatorPtr input, UpdateContext* update, const Expr* list, int slot,
                        int body) {
  return std::make_unique<Foreach>(std::move(input), update, list, slot, body);
}

}  // namespace namidb::query
