#include "query/execution/operators/call_in_transactions.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "query/common/memory_budget.h"
#include "query/common/query_error.h"
#include "query/execution/chunk.h"
#include "query/execution/evaluator.h"
#include "query/execution/operator.h"
#include "query/execution/update_context.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
namespace {

// Whether `error` ends the statement whatever ON ERROR says: it was
// stopped, or the session can commit nothing more.
bool EndsStatement(const Status& error) {
  switch (error.code()) {
    case StatusCode::kCancelled:
    case StatusCode::kConflict:
    case StatusCode::kPreconditionFailed:
    case StatusCode::kCorruption:
    case StatusCode::kIoError:
    case StatusCode::kInternal:
    case StatusCode::kManifestMissing:
      return true;
    default:
      return false;
  }
}

class CallInTransactions final : public Operator {
 public:
  CallInTransactions(OperatorPtr input, CallSubquerySpec spec)
      : spec_(std::move(spec)), tx_(*spec_.transactions) {
    children_.push_back(std::move(input));
  }
  std::string Describe() const override {
    std::string what = "CallSubquery in transactions";
    if (tx_.on_error == OnTransactionError::kContinue) what += " (on error continue)";
    if (tx_.on_error == OnTransactionError::kBreak) what += " (on error break)";
    return what;
  }
  void Reset() override {
    Operator::Reset();
    rows_per_transaction_ = 0;
    input_.clear();
    input_at_ = 0;
    input_done_ = false;
    input_hold_.Clear();
    pending_.clear();
    pending_at_ = 0;
    pending_hold_.Clear();
    transactions_ = 0;
    broken_ = false;
  }

 protected:
  Result<bool> DoNext(ExecContext& ctx, std::vector<Row>* out) override {
    out->clear();
    if (rows_per_transaction_ == 0) NAMIDB_RETURN_IF_ERROR(ReadRowsPerTransaction(ctx));
    for (;;) {
      if (pending_at_ < pending_.size()) {
        Chunk chunk(ctx, out);
        while (pending_at_ < pending_.size() && !chunk.full()) {
          chunk.Add(std::move(pending_[pending_at_++]));
        }
        return true;
      }
      pending_.clear();
      pending_at_ = 0;
      pending_hold_.Clear();
      std::vector<Row> batch;
      NAMIDB_RETURN_IF_ERROR(NextRows(ctx, &batch));
      if (batch.empty()) return false;
      NAMIDB_RETURN_IF_ERROR(RunTransaction(ctx, std::move(batch)));
    }
  }

 private:
  Status ReadRowsPerTransaction(ExecContext& ctx) {
    if (!tx_.rows) {
      rows_per_transaction_ = kDefaultTransactionRows;
      return Status::OK();
    }
    Row empty(ctx.width);
    NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*tx_.rows, empty, ctx.eval));
    if (v.kind() != ValueKind::kInt || v.as_int() <= 0) {
      return RuntimeError(
          "ArgumentError", "InvalidArgumentValue",
          "IN TRANSACTIONS OF n ROWS needs a positive integer, not " +
              (v.kind() == ValueKind::kInt ? std::to_string(v.as_int()) : TypeName(v)));
    }
    rows_per_transaction_ = v.as_int();
    return Status::OK();
  }

  // The input rows of the next transaction (none once the input is done):
  // read as they are needed when streaming, else all of them first.
  Status NextRows(ExecContext& ctx, std::vector<Row>* batch) {
    while (static_cast<int64_t>(batch->size()) < rows_per_transaction_) {
      if (input_at_ < input_.size()) {
        batch->push_back(std::move(input_[input_at_++]));
        continue;
      }
      if (input_done_) break;
      input_.clear();
      input_at_ = 0;
      if (!tx_.stream_input) {
        NAMIDB_ASSIGN_OR_RETURN(input_,
                                Drain(*children_[0], ctx, &input_hold_, "a CALL subquery's input"));
        input_done_ = true;
        continue;
      }
      NAMIDB_ASSIGN_OR_RETURN(bool more, children_[0]->Next(ctx, &input_));
      if (!more) input_done_ = true;
    }
    return Status::OK();
  }

  // Runs the subquery for each row of `batch` and commits what it staged;
  // the rows to hand out go to pending_.
  Status RunTransaction(ExecContext& ctx, std::vector<Row> batch) {
    const std::string id = std::to_string(++transactions_);
    if (broken_) return Unrun(ctx, std::move(batch), /*started=*/false, id, Status::OK());
    UpdateContext* update = tx_.update;
    const bool may_roll_back = tx_.on_error != OnTransactionError::kFail;
    const UpdateCounters counters = update ? update->counters : UpdateCounters{};
    std::vector<Uuid> deleted_log;
    if (update && may_roll_back) update->deleted_log = &deleted_log;
    std::vector<Row> kept;  // the input rows, for their rows should it fail
    if (may_roll_back) kept = batch;
    Status status = Status::OK();
    for (Row& row : batch) {
      status = ctx.interrupts->Poll();
      if (status.ok())
        status = CallSubqueryRows(ctx, spec_, std::move(row), &pending_, &pending_hold_);
      if (!status.ok()) break;
    }
    if (status.ok() && update && update->writer->staged() > 0) {
      status = update->writer->CommitBatchKeepingView().status();
      if (status.ok()) {
        update->committed_inside = true;
        update->staged.Clear();  // the next transaction's staged changes count from nothing
        if (tx_.flush_between) {
          // A failed flush leaves the commit committed; the statement's end
          // tries again.
          (void)update->writer->FlushIfDue();
          ++ctx.graph_version;  // the tables changed under every cache of them
        }
      }
    }
    if (update) update->deleted_log = nullptr;
    if (status.ok()) {
      SetStatus(&pending_, /*started=*/true, /*committed=*/true, id, nullptr);
      return Status::OK();
    }
    if (!may_roll_back || EndsStatement(status)) return status;
    // Rolled back: nothing of the transaction stays, its rows come out
    // with the subquery's columns null.
    if (update) {
      update->writer->DiscardBatch();
      update->counters = counters;
      for (const Uuid& e : deleted_log) update->deleted.erase(e);
      update->staged.Clear();
    }
    pending_.clear();
    pending_hold_.Clear();
    if (tx_.on_error == OnTransactionError::kBreak) broken_ = true;
    return Unrun(ctx, std::move(kept), /*started=*/true, id, status);
  }

  // The rows of a transaction that did not commit (`error`) or did not
  // start: each input row once, the subquery's columns null.
  Status Unrun(ExecContext& ctx, std::vector<Row> rows, bool started, const std::string& id,
               const Status& error) {
    for (Row& row : rows) {
      if (row.size() < ctx.width) row.resize(ctx.width);
      for (int slot : spec_.output_slots) row[slot] = Value();
      NAMIDB_RETURN_IF_ERROR(
          pending_hold_.Add(ctx.memory, RowBytes(row), "a CALL subquery's rows"));
      pending_.push_back(std::move(row));
    }
    SetStatus(&pending_, started, /*committed=*/false, started ? id : std::string(),
              started ? &error : nullptr);
    return Status::OK();
  }

  // REPORT STATUS: the transaction's status map in each of `rows`.
  void SetStatus(std::vector<Row>* rows, bool started, bool committed, const std::string& id,
                 const Status* error) const {
    if (tx_.status_slot < 0) return;
    const Value status = Value::Map(ValueMap{
        {"started", Value::Bool(started)},
        {"committed", Value::Bool(committed)},
        {"transactionId", id.empty() ? Value() : Value::String(id)},
        {"errorMessage", error ? Value::String(error->message()) : Value()},
    });
    for (Row& row : *rows) row[tx_.status_slot] = status;
  }

  CallSubquerySpec spec_;
  const TransactionsSpec& tx_;
  int64_t rows_per_transaction_ = 0;  // 0: not read yet
  std::vector<Row> input_;            // read, from input_at_ not yet used
  size_t input_at_ = 0;
  bool input_done_ = false;
  MemoryHold input_hold_;     // for input_ when it holds all of the input
  std::vector<Row> pending_;  // rows to hand out, from pending_at_
  size_t pending_at_ = 0;
  MemoryHold pending_hold_;
  uint64_t transactions_ = 0;  // started or skipped so far
  bool broken_ = false;        // ON ERROR BREAK after a failure: none runs any more
};

}  // namespace

OperatorPtr MakeCallInTransactions(OperatorPtr input, CallSubquerySpec spec) {
  return std::make_unique<CallInTransactions>(std::move(input), std::move(spec));
}

}  // namespace namidb::query
