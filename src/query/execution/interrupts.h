// Stops a statement past its time limit or when its caller cancels it, and
// lets the host's event loop run while the statement computes.
//
// Operators and long evaluations call Poll() once per row or element: it
// counts, and every kPollStride calls reads the steady clock. Past the
// deadline the statement fails with Cancelled. In the wasm build JavaScript
// cannot run while wasm computes, so an AbortSignal could not fire and a
// page would freeze until the statement ends: about every `yield_every_ms`
// of statement time, Poll() calls the yield hook, which suspends the module
// through the async bridge for one turn of the event loop and reports
// whether the statement was cancelled meanwhile (docs/architecture.md,
// "Time limits, cancellation and yielding").
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

#include "core/status.h"

namespace namidb::query {

// How a statement lets its host in while it runs.
struct StatementYield {
  // Called about every `every_ms` of statement time; an error (Cancelled,
  // saying why: the caller's signal, the host's timer) stops the statement.
  // None: the statement never yields.
  std::function<Status()> hook;
  double every_ms = 25;
};

class Interrupts {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr uint32_t kPollStride = 64;

  // `timeout_ms` 0: no deadline.
  Interrupts(double timeout_ms = 0, StatementYield yield = {},
             Clock::time_point started = Clock::now());

  // Cheap enough for every row: Check() every kPollStride calls.
  Status Poll() {
    if (++polls_ < kPollStride) return Status::OK();
    return Check();
  }
  // Reads the clock: Cancelled past the deadline, or what the yield hook
  // (called if `every_ms` passed since the last) says.
  Status Check() { return CheckAt(Clock::now()); }
  // The same at a time the caller has just read.
  Status CheckAt(Clock::time_point now);

  // How often the statement yielded (for tests and PROFILE).
  uint64_t yields() const { return yields_; }

 private:
  double timeout_ms_;
  std::optional<Clock::time_point> deadline_;
  StatementYield yield_;
  Clock::duration yield_every_{};
  Clock::time_point last_yield_;
  uint32_t polls_ = 0;
  uint64_t yields_ = 0;
};

}  // namespace namidb::query
