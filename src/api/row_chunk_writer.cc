#include "api/row_chunk_writer.h"

#include <cstring>

#include "api/binary_row_format.h"

namespace namidb::api {

Status RowChunkWriter::Take(std::vector<Value>&& row) {
  if (chunk_rows_ == 0) chunk_.assign(sizeof(uint32_t), '\0');  // the count, written at the end
  for (const Value& v : row) AppendValue(chunk_, v, lossless_);
  ++chunk_rows_;
  ++rows_;
  row.clear();
  if (chunk_.size() < chunk_bytes_) return Status::OK();
  std::memcpy(chunk_.data(), &chunk_rows_, sizeof chunk_rows_);
  out_(chunk_);
  chunk_rows_ = 0;
  chunk_.clear();
  return Status::OK();
}

std::string RowChunkWriter::Finish() {
  std::string last;
  if (chunk_rows_ > 0) {
    std::memcpy(chunk_.data(), &chunk_rows_, sizeof chunk_rows_);
    last = std::move(chunk_);
  }
  chunk_.clear();
  chunk_rows_ = 0;
  return last;
}

}  // namespace namidb::api
