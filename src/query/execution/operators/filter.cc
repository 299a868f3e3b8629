#include "query/execution/operators/filter.h"

#include <string>
#include <utility>
#include <vector>

#include "query/execution/chunk.h"
#include "query/execution/evaluator.h"
#include "query/execution/operator.h"
#include "query/execution/row_mapper.h"
#include "query/functions/value_ops.h"
#include "query/parser/ast.h"

namespace namidb::query {
namespace {

// Keeps the rows every predicate holds for, tested in order. Conditions
// placed at one point share one Filter: a WHERE of thousands of conjuncts
// is one operator, not a pipeline thousands deep.
class Filter final : public RowMapper {
 public:
  Filter(OperatorPtr input, const Expr* predicate)
      : RowMapper(std::move(input)), predicates_{predicate} {}
  void Add(const Expr* predicate) { predicates_.push_back(predicate); }
  std::string Describe() const override { return "Filter"; }

 protected:
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    for (const Expr* p : predicates_) {
      NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*p, in[i], ctx.eval));
      NAMIDB_ASSIGN_OR_RETURN(Ternary t, AsPredicate(v));
      if (t != Ternary(true)) return true;
    }
    chunk.Add(std::move(in[i]));
    return true;
  }

 private:
  std::vector<const Expr*> predicates_;
};

}  // namespace

OperatorPtr MakeFilter(OperatorPtr input, const Expr* predicate) {
  if (auto* filter = dynamic_cast<Filter*>(input.get())) {
    filter->Add(predicate);
    return input;
  }
  return std::make_unique<Filter>(std::move(input), predicate);
}

}  // namespace namidb::query
