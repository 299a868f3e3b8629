// RowChunkWriter: a statement's rows written into chunks of the binary row
// format (binary_row_format.h) as the statement makes them, each chunk
// handed out once it passes its size, so that the rows never exist whole
// in the engine: a big result is in memory as one chunk at a time.
//
// A chunk is a u32 row count, then the rows, each one value per column.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "query/query_runner.h"

namespace namidb::api {

class RowChunkWriter final : public query::RowSink {
 public:
  // A chunk closes after the row that takes it past this many bytes.
  static constexpr size_t kChunkBytes = 64 * 1024;
  // Takes each full chunk; the bytes are valid only during the call.
  using ChunkOut = std::function<void(std::string_view chunk)>;

  // With `lossless` every integer is a bigint (binary_row_format.h).
  RowChunkWriter(bool lossless, ChunkOut out, size_t chunk_bytes = kChunkBytes)
      : lossless_(lossless), out_(std::move(out)), chunk_bytes_(chunk_bytes) {}

  Status Take(std::vector<Value>&& row) override;
  // The last chunk, not yet full (empty when it holds no row), and the
  // writer starts over.
  std::string Finish();
  uint64_t rows() const { return rows_; }  // written in all

 private:
  bool lossless_;
  ChunkOut out_;
  size_t chunk_bytes_;
  std::string chunk_;
  uint32_t chunk_rows_ = 0;
  uint64_t rows_ = 0;
};

}  // namespace namidb::api
