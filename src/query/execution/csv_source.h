// Where LOAD CSV's bytes come from: the seam between the query layer and
// the host. A statement is given a CsvSources (QueryEnvironment,
// query_runner.h); LOAD CSV asks it to open the URL its expression gives and
// reads the stream chunk by chunk. The query layer knows nothing of files,
// fetch() or what a host allows: natively FileCsvSources (csv_file_source.h)
// reads local files; the wasm build asks its TypeScript side (wasm/
// js_csv_source.h), which reads files, URLs and data the program registered,
// and refuses what the database's options do not allow.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace namidb::query {

// Bytes LOAD CSV asks for at a time (a source may return fewer, or more).
constexpr size_t kCsvReadBytes = size_t{1} << 20;

// One open source, read front to back.
class CsvStream {
 public:
  virtual ~CsvStream() = default;
  // Replaces `*out` with the next bytes (at least one) and returns true, or
  // returns false at the end. `rows_so_far` is what LOAD CSV has made of
  // the bytes before, for a host that reports progress.
  virtual Result<bool> Read(uint64_t rows_so_far, std::string* out) = 0;
  // What file() returns: the file's absolute path, or the URL.
  virtual const std::string& name() const = 0;
};

// What the LOAD CSV clauses of a statement read: rows made, bytes read.
struct CsvLoadStats {
  uint64_t rows = 0;
  uint64_t bytes = 0;
  bool loaded = false;  // a LOAD CSV ran
};

class CsvSources {
 public:
  virtual ~CsvSources() = default;
  // Opens `url` as written in the statement. An error names the URL; one
  // whose Status is a Cypher error (query_error.h) is passed on as it is.
  virtual Result<std::unique_ptr<CsvStream>> Open(std::string_view url) const = 0;
};

}  // namespace namidb::query
