#include "query/execution/operators/optional.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "query/execution/chunk_mapper.h"
#include "query/execution/operator.h"
#include "query/execution/operators/argument.h"

namespace namidb::query {
namespace {

class Optional final : public ChunkMapper {
 public:
  Optional(OperatorPtr input, OperatorPtr inner, ArgumentOperator* argument, int tag_slot)
      : ChunkMapper(std::move(input)), argument_(argument), tag_slot_(tag_slot) {
    children_.push_back(std::move(inner));
  }
  std::string Describe() const override { return "Optional"; }

 protected:
  // The inner pipeline runs once for the whole input chunk; its rows are
  // told apart by the tag.
  Status MapChunk(ExecContext& ctx, std::vector<Row>& in, std::vector<Row>* out) override {
    for (size_t i = 0; i < in.size(); ++i) in[i][tag_slot_] = Value::Int(static_cast<int64_t>(i));
    std::vector<bool> matched(in.size());
    children_[1]->Reset();
    argument_->Feed(in);
    std::vector<Row> chunk;
    while (true) {
      NAMIDB_ASSIGN_OR_RETURN(bool more, children_[1]->Next(ctx, &chunk));
      if (!more) break;
      for (Row& row : chunk) {
        matched[static_cast<size_t>(row[tag_slot_].as_int())] = true;
        NAMIDB_RETURN_IF_ERROR(Keep(ctx, out, std::move(row), "OPTIONAL MATCH"));
      }
    }
    for (size_t i = 0; i < in.size(); ++i) {
      if (!matched[i]) NAMIDB_RETURN_IF_ERROR(Keep(ctx, out, std::move(in[i]), "OPTIONAL MATCH"));
    }
    argument_->Feed({});
    return Status::OK();
  }

 private:
  ArgumentOperator* argument_;
  int tag_slot_;
};

}  // namespace

OperatorPtr MakeOptional(OperatorPtr input, OperatorPtr inner, ArgumentOperator* argument,
                         int tag_slot) {
  return std::make_unique<Optional>(std::move(input), std::move(inner), argument, tag_slot);
}

}  // namespace namidb::query
