// The operator of `LOAD CSV [WITH HEADERS] FROM url AS row [FIELDTERMINATOR
// 'c']`: for each input row, the URL is evaluated and opened through the
// statement's CsvSources (csv_source.h), and each record of the file extends
// the input row: a list of strings, or WITH HEADERS a map from the first
// record's names to the fields (null where a record is short or a field
// empty). Streaming: it reads a chunk (kCsvReadBytes) only when the rows of
// the one before are handed on, and parses it a chunk of rows (kChunkRows)
// at a time, so it holds the bytes of one read, the records of one chunk of
// rows and the record the parser is inside, reserved from the statement's
// memory.
#pragma once

#include "query/execution/operator.h"
#include "query/parser/ast.h"

namespace namidb::query {

struct LoadCsvSpec {
  const Expr* url = nullptr;
  bool with_headers = false;
  char field_terminator = ',';
  int row_slot = -1;
  int line_slot = -1;  // linenumber(): the line the record starts on
  int file_slot = -1;  // file(): the source's path or URL
};

OperatorPtr MakeLoadCsv(OperatorPtr input, LoadCsvSpec spec);

}  // namespace namidb::query
