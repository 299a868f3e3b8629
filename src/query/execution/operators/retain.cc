#include "query/execution/operators/retain.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "query/execution/chunk.h"
#include "query/execution/operator.h"
#include "query/execution/row_mapper.h"

namespace namidb::query {
namespace {

class Retain final : public RowMapper {
 public:
  Retain(OperatorPtr input, std::vector<int> keep)
      : RowMapper(std::move(input)), keep_(std::move(keep)) {}
  std::string Describe() const override { return "Retain"; }

 protected:
  Result<bool> MapRow(ExecContext& ctx, std::vector<Row>& in, size_t i, Chunk& chunk) override {
    Row kept(ctx.width);
    for (int s : keep_) kept[s] = std::move(in[i][s]);
    chunk.Add(std::move(kept));
    return true;
  }

 private:
  std::vector<int> keep_;
};

}  // namespace

OperatorPtr MakeRetain(OperatorPtr input, std::vector<int> keep) {
  return std::make_unique<Retain>(std::move(input), std::move(keep));
}

}  // namespace namidb::query
