// An incremental CSV parser (RFC 4180) for LOAD CSV: bytes go in as they
// arrive, in chunks of any size (a chunk may end inside a quoted field,
// between the CR and LF of a line end, or inside a multi-byte UTF-8
// character), and whole records come out. What it holds between chunks is
// the one record it is in the middle of (pending_bytes()), so a file of any
// size is read in the memory of its longest record.
//
// The dialect: fields split by one ASCII terminator (',' by default); a
// field in double quotes may hold the terminator, line ends and a quote
// written twice (""); records end at LF, CRLF or a lone CR; a UTF-8 byte
// order mark at the start is skipped; a line with nothing on it is no
// record. A quote inside an unquoted field is an ordinary character; \ is
// no escape. An unquoted empty field is null (Neo4j reads it so), a quoted
// one ("") the empty string.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace namidb::query {

struct CsvRecord {
  std::vector<std::optional<std::string>> fields;  // nullopt: an unquoted empty field
  uint64_t line = 0;                               // 1-based line the record starts on
};

class CsvParser {
 public:
  explicit CsvParser(char terminator = ',') : terminator_(terminator) {}

  // Parses `bytes`, which follow what came before; appends the records they
  // complete to `out`, stopping once `out` holds `max_records` (the caller
  // feeds the rest later). Returns the bytes it took. An error
  // (InvalidArgument) names the line; after one the parser is done.
  Result<size_t> Feed(std::string_view bytes, std::vector<CsvRecord>* out,
                      size_t max_records = SIZE_MAX);
  // The end of the input: the last record if it had no line end, or an
  // error for a quoted field never closed.
  Status Finish(std::vector<CsvRecord>* out);

  // Bytes held of the record not yet complete.
  uint64_t pending_bytes() const { return pending_bytes_ + field_.capacity(); }
  // Lines started so far (the line the parser is on).
  uint64_t line() const { return line_; }

 private:
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };

  Status Step(char c, std::vector<CsvRecord>* out);
  void EndField();
  void EndRecord(std::vector<CsvRecord>* out);

  char terminator_;
  State state_ = State::kFieldStart;
  std::string bom_;  // the first bytes while they may be a byte order mark
  bool bom_done_ = false;
  bool after_cr_ = false;  // the last byte ended a record with CR: a LF next is part of it
  bool quoted_ = false;    // the current field was quoted
  std::string field_;
  CsvRecord record_;
  uint64_t pending_bytes_ = 0;  // of record_'s fields
  uint64_t line_ = 1;
  uint64_t quote_line_ = 0;  // where the open quoted field started
  bool failed_ = false;
};

}  // namespace namidb::query
