#include "query/execution/csv_parser.h"

namespace namidb::query {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

}  // namespace

Result<size_t> CsvParser::Feed(std::string_view bytes, std::vector<CsvRecord>* out,
                               size_t max_records) {
  if (failed_) return Status::InvalidArgument("the CSV parser already failed");
  const size_t given = bytes.size();
  if (!bom_done_) {
    // The mark may come split over chunks: hold its first bytes until it is
    // whole or can no longer be one.
    while (!bytes.empty() && bom_.size() < kByteOrderMark.size() &&
           bytes[0] == kByteOrderMark[bom_.size()]) {
      bom_ += bytes[0];
      bytes.remove_prefix(1);
    }
    if (bom_.size() == kByteOrderMark.size()) {
      bom_done_ = true;
      bom_.clear();
    } else if (!bytes.empty()) {
      bom_done_ = true;
      std::string held = std::move(bom_);
      bom_.clear();
      for (char c : held) NAMIDB_RETURN_IF_ERROR(Step(c, out));
    }
  }
  size_t at = 0;
  while (at < bytes.size() && out->size() < max_records) {
    Status s = Step(bytes[at++], out);
    if (!s.ok()) {
      failed_ = true;
      return s;
    }
  }
  return given - bytes.size() + at;
}

Status CsvParser::Step(char c, std::vector<CsvRecord>* out) {
  if (after_cr_) {
    after_cr_ = false;
    if (c == '\n') return Status::OK();  // the LF of a CRLF
  }
  if (state_ == State::kFieldStart && record_.fields.empty()) record_.line = line_;
  switch (state_) {
    case State::kFieldStart:
      if (c == '"') {
        state_ = State::kQuoted;
        quoted_ = true;
        quote_line_ = line_;
        return Status::OK();
      }
      state_ = State::kUnquoted;
      [[fallthrough]];
    case State::kUnquoted:
      if (c == terminator_) {
        EndField();
      } else if (c == '\n' || c == '\r') {
        // A line with nothing on it is no record.
        if (record_.fields.empty() && field_.empty()) {
          state_ = State::kFieldStart;
        } else {
          EndField();
          EndRecord(out);
        }
        ++line_;
        after_cr_ = c == '\r';
      } else {
        field_ += c;
      }
      return Status::OK();
    case State::kQuoted:
      if (c == '"') {
        state_ = State::kQuoteInQuoted;
      } else {
        if (c == '\n') ++line_;
        field_ += c;
      }
      return Status::OK();
    case State::kQuoteInQuoted:
      if (c == '"') {  // "" stands for one quote
        field_ += '"';
        state_ = State::kQuoted;
      } else if (c == terminator_) {
        EndField();
      } else if (c == '\n' || c == '\r') {
        EndField();
        EndRecord(out);
        ++line_;
        after_cr_ = c == '\r';
      } else {
        return Status::InvalidArgument(
            "line " + std::to_string(line_) + ": a quoted field is followed by '" +
            std::string(1, c) +
            "' instead of a field terminator or a line end (a quote inside a quoted field is "
            "written twice: \"\")");
      }
      return Status::OK();
  }
  return Status::OK();
}

void CsvParser::EndField() {
  pending_bytes_ += field_.size() + sizeof(std::optional<std::string>);
  if (field_.empty() && !quoted_) {
    record_.fields.emplace_back(std::nullopt);
  } else {
    record_.fields.emplace_back(std::move(field_));
  }
  field_ = std::string();
  quoted_ = false;
  state_ = State::kFieldStart;
}

void CsvParser::EndRecord(std::vector<CsvRecord>* out) {
  out->push_back(std::move(record_));
  record_ = CsvRecord();
  pending_bytes_ = 0;
}

Status CsvParser::Finish(std::vector<CsvRecord>* out) {
  if (failed_) return Status::InvalidArgument("the CSV parser already failed");
  if (!bom_done_ && !bom_.empty()) {
    // A file of one to three bytes that began like a byte order mark.
    bom_done_ = true;
    std::string held = std::move(bom_);
    for (char c : held) NAMIDB_RETURN_IF_ERROR(Step(c, out));
  }
  if (state_ == State::kQuoted) {
    failed_ = true;
    return Status::InvalidArgument("line " + std::to_string(quote_line_) +
                                   ": a quoted field is never closed (the input ends inside it)");
  }
  if (state_ != State::kFieldStart || !record_.fields.empty()) {
    EndField();
    EndRecord(out);
  }
  return Status::OK();
}

}  // namespace namidb::query
