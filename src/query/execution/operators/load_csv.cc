#include "query/execution/operators/load_csv.h"

#include "query/common/memory_budget.h"
#include "query/common/query_error.h"
#include "query/execution/csv_parser.h"
#include "query/execution/csv_source.h"
#include "query/execution/evaluator.h"
#include "query/execution/operator.h"

namespace namidb::query {
namespace {

// What a record's strings take on the heap, roughly as ValueBytes counts.
uint64_t RecordBytes(const CsvRecord& r) {
  uint64_t bytes = sizeof(CsvRecord) + r.fields.capacity() * sizeof(r.fields[0]);
  for (const auto& f : r.fields) bytes += f ? f->capacity() : 0;
  return bytes;
}

class LoadCsv final : public Operator {
 public:
  LoadCsv(OperatorPtr input, LoadCsvSpec spec) : spec_(spec) {
    children_.push_back(std::move(input));
  }
  std::string Describe() const override {
    return spec_.with_headers ? "LoadCsv(with headers)" : "LoadCsv";
  }
  void Reset() override {
    Operator::Reset();
    in_.clear();
    in_at_ = 0;
    Close();
  }

 protected:
  Result<bool> DoNext(ExecContext& ctx, std::vector<Row>* out) override {
    out->clear();
    uint64_t bytes = 0;
    while (out->size() < kChunkRows && bytes < kChunkBytes) {
      if (record_at_ < records_.size()) {
        NAMIDB_RETURN_IF_ERROR(Emit(ctx, records_[record_at_++], out, &bytes));
        continue;
      }
      if (stream_) {
        NAMIDB_RETURN_IF_ERROR(Refill(ctx));
        continue;
      }
      if (in_at_ >= in_.size()) {
        in_.clear();
        in_at_ = 0;
        NAMIDB_ASSIGN_OR_RETURN(bool more, children_[0]->Next(ctx, &in_));
        if (!more) break;
        continue;
      }
      NAMIDB_RETURN_IF_ERROR(Open(ctx, in_[in_at_++]));
    }
    return !out->empty();
  }

 private:
  Status Open(ExecContext& ctx, Row& row) {
    NAMIDB_ASSIGN_OR_RETURN(Value url, Evaluate(*spec_.url, row, ctx.eval));
    if (url.kind() != ValueKind::kString) {
      return RuntimeError(
          "TypeError", "InvalidArgumentType",
          "LOAD CSV FROM needs a URL string, not " + std::string(ValueKindName(url.kind())));
    }
    if (!ctx.csv) {
      return RuntimeError("LoadCsvError", "SourceNotAllowed",
                          "LOAD CSV from '" + url.as_string() +
                              "': this database was given no source to read CSV from");
    }
    NAMIDB_ASSIGN_OR_RETURN(stream_, ctx.csv->Open(url.as_string()));
    file_ = Value::String(stream_->name());
    row_ = row;
    parser_ = CsvParser(spec_.field_terminator);
    header_.clear();
    have_header_ = false;
    ended_ = false;
    buffer_.clear();
    buffer_at_ = 0;
    if (ctx.csv_stats) ctx.csv_stats->loaded = true;
    return Status::OK();
  }

  // The next records: up to a chunk's worth parsed from the bytes read, or
  // the next bytes of the stream, or its end.
  Status Refill(ExecContext& ctx) {
    records_.clear();
    record_at_ = 0;
    if (buffer_at_ < buffer_.size()) {
      Result<size_t> used =
          parser_.Feed(std::string_view(buffer_).substr(buffer_at_), &records_, kChunkRows);
      if (!used.ok()) return Malformed(used.status().message());
      buffer_at_ += *used;
    } else if (ended_) {
      Close();
      return Status::OK();
    } else {
      NAMIDB_RETURN_IF_ERROR(ctx.interrupts->Poll());
      uint64_t rows = ctx.csv_stats ? ctx.csv_stats->rows : 0;
      Result<bool> more = stream_->Read(rows, &buffer_);
      if (!more.ok()) {
        if (more.status().query_error()) return more.status();
        return Status(more.status().code(),
                      "LOAD CSV from '" + stream_->name() + "': " + more.status().message());
      }
      buffer_at_ = 0;
      if (*more) {
        if (ctx.csv_stats) ctx.csv_stats->bytes += buffer_.size();
      } else {
        buffer_.clear();
        ended_ = true;
        Status finished = parser_.Finish(&records_);
        if (!finished.ok()) return Malformed(finished.message());
      }
    }
    // Held until the next refill: the bytes read, the records parsed of
    // them, and the record the parser is inside.
    uint64_t held = buffer_.capacity() + parser_.pending_bytes();
    for (const auto& r : records_) held += RecordBytes(r);
    if (held > hold_.bytes()) {
      return hold_.Add(ctx.memory, held - hold_.bytes(), "LOAD CSV's records");
    }
    hold_.Remove(hold_.bytes() - held);
    return Status::OK();
  }

  Status Emit(ExecContext& ctx, CsvRecord& record, std::vector<Row>* out, uint64_t* bytes) {
    if (spec_.with_headers && !have_header_) {
      for (auto& f : record.fields) header_.push_back(f ? std::move(*f) : std::string());
      have_header_ = true;
      return Status::OK();
    }
    Value value;
    if (spec_.with_headers) {
      if (record.fields.size() > header_.size()) {
        return Malformed("line " + std::to_string(record.line) + ": a row of " +
                         std::to_string(record.fields.size()) + " fields, but the header has " +
                         std::to_string(header_.size()));
      }
      ValueMap map;
      for (size_t i = 0; i < header_.size(); ++i) {
        bool present = i < record.fields.size() && record.fields[i];
        map.Set(header_[i], present ? Value::String(std::move(*record.fields[i])) : Value());
      }
      value = Value::Map(std::move(map));
    } else {
      ValueList list;
      list.reserve(record.fields.size());
      for (auto& f : record.fields) list.push_back(f ? Value::String(std::move(*f)) : Value());
      value = Value::List(std::move(list));
    }
    *bytes += ValueBytes(value) + RowCopyBytes(row_);
    Row made = row_;
    made[spec_.row_slot] = std::move(value);
    if (spec_.line_slot >= 0) made[spec_.line_slot] = Value::Int(static_cast<int64_t>(record.line));
    if (spec_.file_slot >= 0) made[spec_.file_slot] = file_;
    out->push_back(std::move(made));
    if (ctx.csv_stats) ++ctx.csv_stats->rows;
    return Status::OK();
  }

  Status Malformed(const std::string& what) const {
    return RuntimeError("LoadCsvError", "MalformedCsv",
                        "LOAD CSV from '" + file_.as_string() + "': " + what);
  }

  void Close() {
    stream_.reset();
    records_.clear();
    record_at_ = 0;
    buffer_ = std::string();
    buffer_at_ = 0;
    hold_.Clear();
  }

  LoadCsvSpec spec_;
  std::vector<Row> in_;
  size_t in_at_ = 0;
  Row row_;  // the input row being extended
  std::unique_ptr<CsvStream> stream_;
  Value file_;
  CsvParser parser_;
  std::string buffer_;              // the bytes last read
  size_t buffer_at_ = 0;            // how far the parser has taken them
  std::vector<CsvRecord> records_;  // up to kChunkRows, parsed of them
  size_t record_at_ = 0;
  std::vector<std::string> header_;
  bool have_header_ = false;
  bool ended_ = false;
  MemoryHold hold_;
};

}  // namespace

OperatorPtr MakeLoadCsv(OperatorPtr input, LoadCsvSpec spec) {
  return std::make_unique<LoadCsv>(std::move(input), spec);
}

}  // namespace namidb::query
