#include "query/execution/operators/procedure_call.h"

#include "query/common/query_error.h"
#include "query/execution/evaluator.h"
#include "query/execution/interrupts.h"
#include "query/execution/operator.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
namespace {

class ProcedureCall final : public Operator {
 public:
  ProcedureCall(OperatorPtr input, ProcedureCallSpec spec) : spec_(std::move(spec)) {
    children_.push_back(std::move(input));
  }
  std::string Describe() const override {
    return "ProcedureCall(" + spec_.procedure->signature.name + ")" +
           (spec_.optional ? " (optional)" : "");
  }

 protected:
  Result<bool> DoNext(ExecContext& ctx, std::vector<Row>* out) override {
    out->clear();
    while (out->empty()) {
      std::vector<Row> in;
      NAMIDB_ASSIGN_OR_RETURN(bool more, children_[0]->Next(ctx, &in));
      if (!more) return false;
      for (Row& row : in) NAMIDB_RETURN_IF_ERROR(Call(ctx, row, out));
    }
    return true;
  }

 private:
  Status Call(ExecContext& ctx, Row& row, std::vector<Row>* out) {
    const ProcedureSignature& signature = spec_.procedure->signature;
    ValueList args;
    for (size_t i = 0; i < spec_.arguments.size(); ++i) {
      NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*spec_.arguments[i], row, ctx.eval));
      NAMIDB_ASSIGN_OR_RETURN(
          Value coerced,
          CoerceArgument(signature.inputs[i].type, v,
                         "argument '" + signature.inputs[i].name + "' of " + signature.name));
      args.push_back(std::move(coerced));
    }
    ProcedureContext call{*ctx.graph, nullptr};
    if (ctx.interrupts) call.poll = [&ctx] { return ctx.interrupts->Poll(); };
    NAMIDB_ASSIGN_OR_RETURN(std::vector<ValueList> results, spec_.procedure->body(args, call));
    if (signature.outputs.empty()) {
      out->push_back(row);
      return Status::OK();
    }
    const size_t before = out->size();
    for (ValueList& result : results) {
      if (result.size() != signature.outputs.size()) {
        return RuntimeError("ProcedureError", "ProcedureCallFailed",
                            signature.name + " returned a row of " + std::to_string(result.size()) +
                                " values for " + std::to_string(signature.outputs.size()) +
                                " outputs");
      }
      out->push_back(row);
      for (size_t i = 0; i < result.size(); ++i) {
        if (spec_.output_slots[i] >= 0) out->back()[spec_.output_slots[i]] = std::move(result[i]);
      }
      if (spec_.where) {
        NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*spec_.where, out->back(), ctx.eval));
        NAMIDB_ASSIGN_OR_RETURN(Ternary keep, AsPredicate(v));
        if (keep != Ternary(true)) out->pop_back();
      }
    }
    if (spec_.optional && out->size() == before) {
      out->push_back(row);
      for (int slot : spec_.output_slots) {
        if (slot >= 0) out->back()[slot] = Value();
      }
    }
    return Status::OK();
  }

  ProcedureCallSpec spec_;
};

}  // namespace

OperatorPtr MakeProcedureCall(OperatorPtr input, ProcedureCallSpec spec) {
  return std::make_unique<ProcedureCall>(std::move(input), std::move(spec));
}

}  // namespace namidb::query
