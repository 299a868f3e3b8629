#include "query/execution/operators/merge.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "query/common/memory_budget.h"
#include "query/execution/eager_update.h"
#include "query/execution/evaluator.h"
#include "query/execution/operator.h"
#include "query/execution/operators/create.h"
#include "query/execution/set_applier.h"
#include "query/execution/update_context.h"

namespace namidb::query {
namespace {

// MERGE: per input row, in order, the pattern's matches (through the
// writer's view, so a row sees what earlier rows created) with ON MATCH
// applied to each; or, when there is none, the pattern created with ON
// CREATE applied.
class Merge final : public EagerUpdate {
 public:
  Merge(OperatorPtr input, UpdateContext* update, MergeSpec spec)
      : EagerUpdate(std::move(input), update),
        spec_(std::move(spec)),
        on_create_(update, spec_.on_create, spec_.on_create_slots, false),
        on_match_(update, spec_.on_match, spec_.on_match_slots, false) {}
  std::string Describe() const override { return "Merge"; }

 protected:
  Status Apply(ExecContext& ctx, std::vector<Row>& rows) override {
    std::vector<Row> out;
    for (Row& row : rows) {
      NAMIDB_ASSIGN_OR_RETURN(std::vector<Row> matches,
                              ctx.eval.subplans->Run(spec_.match_subplan, row, false));
      if (!matches.empty()) {
        for (Row& m : matches) {
          NAMIDB_RETURN_IF_ERROR(on_match_.Apply(ctx, m));
          NAMIDB_RETURN_IF_ERROR(Progress(ctx, update_));
          NAMIDB_RETURN_IF_ERROR(hold_.Add(ctx.memory, RowBytes(m), "MERGE"));
          out.push_back(std::move(m));
        }
        ++ctx.graph_version;  // the next row's match sees these changes
        continue;
      }
      if (row.size() < ctx.width) row.resize(ctx.width);
      NAMIDB_RETURN_IF_ERROR(CreateInRow(ctx, update_, spec_.nodes, spec_.rels, true, row));
      if (spec_.path) {
        NAMIDB_ASSIGN_OR_RETURN(row[spec_.path_slot], Evaluate(*spec_.path, row, ctx.eval));
      }
      NAMIDB_RETURN_IF_ERROR(on_create_.Apply(ctx, row));
      NAMIDB_RETURN_IF_ERROR(Progress(ctx, update_));
      ++ctx.graph_version;
      out.push_back(std::move(row));
    }
    rows = std::move(out);
    return Status::OK();
  }

 private:
  MergeSpec spec_;
  SetApplier on_create_;
  SetApplier on_match_;
};

}  // namespace

OperatorPtr MakeMerge(OperatorPtr input, UpdateContext* update, MergeSpec spec) {
  return std::make_unique<Merge>(std::move(input), update, std::move(spec));
}

}  // namespace namidb::query
