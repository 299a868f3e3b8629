#include "query/execution/operators/once.h"

#include <memory>
#include <string>
#include <vector>

#include "query/execution/operator.h"

namespace namidb::query {
namespace {

class Once final : public Operator {
 public:
  Result<bool> DoNext(ExecContext& ctx, std::vector<Row>* out) override {
    if (done_) return false;
    done_ = true;
    out->assign(1, Row(ctx.width));
    return true;
  }
  void Reset() override { done_ = false; }
  std::string Describe() const override { return "Once"; }

 private:
  bool done_ = false;
};

}  // namespace

OperatorPtr MakeOnce() { return std::make_unique<Once>(); }

}  // namespace namidb::query
