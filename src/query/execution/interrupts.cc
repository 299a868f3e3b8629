#include "query/execution/interrupts.h"

#include <cstdio>
#include <string>

namespace namidb::query {

Interrupts::Interrupts(double timeout_ms, StatementYield yield, Clock::time_point started)
    : timeout_ms_(timeout_ms), yield_(std::move(yield)), last_yield_(started) {
  if (timeout_ms > 0) {
    deadline_ = started + std::chrono::microseconds(static_cast<int64_t>(timeout_ms * 1000));
  }
  if (yield_.hook) {
    yield_every_ = std::chrono::microseconds(static_cast<int64_t>(yield_.every_ms * 1000));
  }
}

Status Interrupts::CheckAt(Clock::time_point now) {
  polls_ = 0;
  if (deadline_ && now > *deadline_) {
    char limit[32];
    std::snprintf(limit, sizeof limit, "%.0f", timeout_ms_);
    return Status::Cancelled(std::string("the query ran past its time limit of ") + limit + " ms");
  }
  if (yield_.hook && now - last_yield_ >= yield_every_) {
    ++yields_;
    Status go_on = yield_.hook();
    last_yield_ = Clock::now();
    NAMIDB_RETURN_IF_ERROR(go_on);
  }
  return Status::OK();
}

}  // namespace namidb::query
