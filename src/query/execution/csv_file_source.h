// LOAD CSV from local files, for native programs and tests: `file:///abs/path`,
// `file:relative/path` or a bare path, relative ones against `base_dir`.
#pragma once

#include <string>

#include "query/execution/csv_source.h"

namespace namidb::query {

class FileCsvSources final : public CsvSources {
 public:
  explicit FileCsvSources(std::string base_dir = ".", size_t read_bytes = kCsvReadBytes)
      : base_dir_(std::move(base_dir)), read_bytes_(read_bytes) {}
  Result<std::unique_ptr<CsvStream>> Open(std::string_view url) const override;

 private:
  std::string base_dir_;
  size_t read_bytes_;  // per Read (tests pass 1 to cut everything into single bytes)
};

}  // namespace namidb::query
