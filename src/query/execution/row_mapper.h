// Pulls input chunks and maps each input row to any number of output rows:
// an output chunk is never more than a Chunk holds, and an input row that
// makes more is continued at the next call (MapRow returns false).
#pragma once

#include <utility>
#include <vector>

#include "query/execution/chunk.h"
#include "query/execution/operator.h"

namespace namidb::query {

class RowMapper : public Operator {
 public:
  explicit RowMapper(OperatorPtr input) { children_.push_back(std::move(input)); }
  Result<bool> DoNext(ExecContext& ctx, std::vector<Row>* out) override {
    out->clear();
    Chunk chunk(ctx, out);
    while (true) {
      if (!have_input_) {
        in_.clear();
        at_ = 0;
        NAMIDB_ASSIGN_OR_RETURN(bool more, children_[0]->Next(ctx, &in_));
        if (!more) return false;
        have_input_ = true;
        NAMIDB_RETURN_IF_ERROR(StartChunk(ctx, in_));
      }
      NAMIDB_ASSIGN_OR_RETURN(bool done, Fill(ctx, in_, chunk));
      if (done) {
        have_input_ = false;
        EndChunk();
      }
      // One input chunk at a time: a chunk handed out never spans two.
      if (!out->empty() && (done || chunk.full())) return true;
    }
  }
  void Reset() override {
    Operator::Reset();
    in_.clear();
    at_ = 0;
    have_input_ = false;
    EndChunk();
  }

 protected:
  // Before the rows of a new input chunk are mapped (batched reads).
  virtual Status StartChunk(ExecContext&, std::vector<Row>&) { return Status::OK(); }
  // After them, or on Reset: drops what StartChunk kept.
  virtual void EndChunk() {}
  // Adds the rows made of `in` from where the last call stopped; true once
  // the whole chunk is mapped, false when `chunk` filled up first. By
  // default, row by row (MapRow).
  virtual Result<bool> Fill(ExecContext& ctx, std::vector<Row>& in, Chunk& chunk) {
    for (; at_ < in.size(); ++at_) {
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
      NAMIDB_ASSIGN_OR_RETURN(bool row_done, MapRow(ctx, in, at_, chunk));
      if (!row_done) return false;
      if (chunk.full()) {
        ++at_;
        return at_ >= in.size();
      }
    }
    return true;
  }
  // Adds the rows made of `in[i]`: true once done with it, false when
  // `chunk` filled up first (it is called again for the same row).
  virtual Result<bool> MapRow(ExecContext&, std::vector<Row>&, size_t, Chunk&) {
    return Status::Internal("MapRow is not implemented for this operator");
  }

 private:
  std::vector<Row> in_;
  size_t at_ = 0;
  bool have_input_ = false;
};

}  // namespace namidb::query
