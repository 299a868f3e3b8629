// LOAD CSV: the incremental parser (quoting, line ends, byte order mark,
// chunks cut anywhere, errors with their line) and the clause end to end
// (headers, nulls, terminators, linenumber() / file(), a failed load that
// changes nothing, streaming within a memory bound), through the CsvSources
// seam with sources in memory and with local files.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "query/execution/csv_file_source.h"
#include "query/execution/csv_parser.h"
#include "query/parser/parser.h"
#include "query/query_runner.h"
#include "storage/writer_session.h"
#include "store/memory_store.h"
#include "support/result_lines.h"
#include "support/temp_dir.h"

namespace namidb::query {
namespace {

// Records as text: fields joined by '|', null as <null>, one record a line.
std::string Show(const std::vector<CsvRecord>& records) {
  std::string out;
  for (const auto& r : records) {
    out += std::to_string(r.line) + ":";
    for (size_t i = 0; i < r.fields.size(); ++i) {
      out += (i ? "|" : "") + (r.fields[i] ? *r.fields[i] : std::string("<null>"));
    }
    out += "\n";
  }
  return out;
}

// Parses `text` fed in chunks of `chunk` bytes.
Result<std::string> ParseChunked(std::string_view text, size_t chunk, char terminator = ',') {
  CsvParser parser(terminator);
  std::vector<CsvRecord> records;
  for (size_t at = 0; at < text.size(); at += chunk) {
    NAMIDB_RETURN_IF_ERROR(parser.Feed(text.substr(at, chunk), &records).status());
  }
  NAMIDB_RETURN_IF_ERROR(parser.Finish(&records));
  return Show(records);
}

// The same records whatever the chunks: whole, and cut into every size up
// to 7 bytes (so cuts fall inside quotes, CRLF and multi-byte characters).
void ExpectRecords(std::string_view text, const std::string& expected, char terminator = ',') {
  for (size_t chunk : {text.size() + 1, size_t{1}, size_t{2}, size_t{3}, size_t{5}, size_t{7}}) {
    auto got = ParseChunked(text, chunk, terminator);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(*got, expected) << "chunks of " << chunk;
  }
}

TEST(CsvParser, SplitsFieldsAndLines) {
  ExpectRecords("a,b,c\n1,2,3\n", "1:a|b|c\n2:1|2|3\n");
  ExpectRecords("a,b\n1,2", "1:a|b\n2:1|2\n");  // no line end at the end
  ExpectRecords("a;b\n", "1:a|b\n", ';');
  ExpectRecords("a\tb\n", "1:a\tb\n");  // a tab is no terminator unless asked
  ExpectRecords("a\tb\n", "1:a|b\n", '\t');
}

TEST(CsvParser, CrLfAndCrEndLinesAndEmptyLinesAreSkipped) {
  ExpectRecords("a,b\r\n1,2\r\n", "1:a|b\n2:1|2\n");
  ExpectRecords("a,b\r1,2\r", "1:a|b\n2:1|2\n");
  ExpectRecords("a\n\n\r\nb\n", "1:a\n4:b\n");
}

TEST(CsvParser, QuotedFieldsHoldTerminatorsLineEndsAndQuotes) {
  ExpectRecords("\"a,b\",\"say \"\"hi\"\"\"\n", "1:a,b|say \"hi\"\n");
  ExpectRecords("\"two\r\nlines\",x\nnext,y\n", "1:two\r\nlines|x\n3:next|y\n");
  ExpectRecords("\"\",,x\n", "1:|<null>|x\n");  // quoted empty: "", unquoted empty: null
  ExpectRecords("a,\n", "1:a|<null>\n");
  ExpectRecords("ab\"c\n", "1:ab\"c\n");  // a quote inside an unquoted field is a character
}

TEST(CsvParser, SkipsAByteOrderMarkAndKeepsUtf8Whole) {
  ExpectRecords("\xEF\xBB\xBFname\nJos\xC3\xA9,\xE6\x97\xA5\xE6\x9C\xAC\n",
                "1:name\n2:Jos\xC3\xA9|\xE6\x97\xA5\xE6\x9C\xAC\n");
  ExpectRecords("\xEF\xBB", "1:\xEF\xBB\n");  // the start of a mark, but no mark
  ExpectRecords("\xEF\xBB\xBF", "");
}

TEST(CsvParser, StopsAfterAsManyRecordsAsAskedAndGoesOnFromThere) {
  CsvParser parser;
  std::vector<CsvRecord> records;
  std::string_view text = "a\nbb\n\"c\nc\"\nd";
  auto used = parser.Feed(text, &records, 2);
  ASSERT_TRUE(used.ok());
  EXPECT_EQ(*used, 5u);  // "a\nbb\n"
  auto rest = parser.Feed(text.substr(*used), &records, 3);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(*rest, 6u);  // the quoted record
  ASSERT_TRUE(parser.Feed(text.substr(*used + *rest), &records).ok());
  ASSERT_TRUE(parser.Finish(&records).ok());
  EXPECT_EQ(Show(records), "1:a\n2:bb\n3:c\nc\n5:d\n");
}

TEST(CsvParser, MalformedInputNamesTheLine) {
  for (size_t chunk : {size_t{1}, size_t{4}, size_t{100}}) {
    auto open = ParseChunked("a\nb\n\"never closed,\nx\n", chunk);
    ASSERT_FALSE(open.ok());
    EXPECT_NE(open.status().message().find("line 3"), std::string::npos)
        << open.status().ToString();
    EXPECT_NE(open.status().message().find("never closed"), std::string::npos);
    auto after = ParseChunked("a\n\"q\"x,1\n", chunk);
    ASSERT_FALSE(after.ok());
    EXPECT_NE(after.status().message().find("line 2"), std::string::npos)
        << after.status().ToString();
  }
}

TEST(LoadCsvSyntax, ParsesTheClauseAnywhereAReadingClauseGoes) {
  EXPECT_TRUE(query::Parse("LOAD CSV FROM 'file:///a.csv' AS row RETURN row").ok());
  EXPECT_TRUE(query::Parse("load csv with headers from $url as r fieldterminator ';' "
                           "CREATE (:P {id: r.id})")
                  .ok());
  EXPECT_TRUE(query::Parse("MATCH (n) WITH n LOAD CSV FROM n.url AS r RETURN r").ok());
  EXPECT_TRUE(query::Parse("UNWIND [1] AS i LOAD CSV FROM 'x' AS r FIELDTERMINATOR '\\t' "
                           "RETURN r, linenumber(), file()")
                  .ok());
  for (const char* bad : {"LOAD CSV 'x' AS r RETURN r", "LOAD CSV FROM 'x' r RETURN r",
                          "LOAD CSV WITH FROM 'x' AS r RETURN r",
                          "LOAD CSV FROM 'x' AS r FIELDTERMINATOR ';;' RETURN r",
                          "LOAD CSV FROM 'x' AS r FIELDTERMINATOR 1 RETURN r"}) {
    auto q = query::Parse(bad);
    ASSERT_FALSE(q.ok()) << bad;
    ASSERT_TRUE(q.status().query_error()) << q.status().ToString();
    EXPECT_EQ(q.status().query_error()->type, "SyntaxError") << bad;
    EXPECT_EQ(q.status().query_error()->line, 1) << bad;
    EXPECT_GT(q.status().query_error()->column, 9) << q.status().ToString();
  }
}

// Sources in memory, handed out `chunk` bytes at a time.
class MemoryCsvSources final : public CsvSources {
 public:
  explicit MemoryCsvSources(size_t chunk = kCsvReadBytes) : chunk_(chunk) {}
  void Add(std::string url, std::string data) { files_[std::move(url)] = std::move(data); }
  Result<std::unique_ptr<CsvStream>> Open(std::string_view url) const override {
    auto it = files_.find(std::string(url));
    if (it == files_.end()) return Status::NotFound("no " + std::string(url));
    return std::unique_ptr<CsvStream>(std::make_unique<Stream>(it->first, it->second, chunk_));
  }

 private:
  class Stream final : public CsvStream {
   public:
    Stream(std::string name, std::string_view data, size_t chunk)
        : name_(std::move(name)), data_(data), chunk_(chunk) {}
    Result<bool> Read(uint64_t, std::string* out) override {
      if (at_ >= data_.size()) return false;
      *out = std::string(data_.substr(at_, chunk_));
      at_ += out->size();
      return true;
    }
    const std::string& name() const override { return name_; }

   private:
    std::string name_;
    std::string_view data_;
    size_t chunk_;
    size_t at_ = 0;
  };
  std::map<std::string, std::string> files_;
  size_t chunk_;
};

class LoadCsvTest : public ::testing::Test {
 protected:
  void SetUp() override { writer_ = std::move(WriterSession::Open(store_, "g")).value(); }

  Result<WriteResult> Write(std::string_view text, const CsvSources& sources,
                            const ValueMap& params = {}, QueryLimits limits = {}) {
    return RunWrite(*writer_, text, params, limits, QueryEnvironment{nullptr, {}, &sources});
  }
  std::vector<std::string> Rows(std::string_view text, const CsvSources& sources) {
    auto r = RunQuery(writer_->view(), text, {}, {}, QueryEnvironment{nullptr, {}, &sources});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return {};
    return namidb::testing::ResultLines(r->rows);
  }
  int64_t Count(std::string_view text) {
    auto r = RunQuery(writer_->view(), text, {});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->rows[0][0].as_int() : -1;
  }

  std::shared_ptr<MemoryStore> store_ = std::make_shared<MemoryStore>();
  std::unique_ptr<WriterSession> writer_;
};

TEST_F(LoadCsvTest, RowsAreListsOfStringsOrMapsByHeader) {
  MemoryCsvSources sources(3);
  sources.Add("mem:a", "id,name,age\r\n1,Ann,31\r\n2,\"Bob, Jr\",\r\n3,Cid\r\n");
  EXPECT_EQ(Rows("LOAD CSV FROM 'mem:a' AS r RETURN r", sources),
            (std::vector<std::string>{"['id', 'name', 'age']", "['1', 'Ann', '31']",
                                      "['2', 'Bob, Jr', null]", "['3', 'Cid']"}));
  EXPECT_EQ(Rows("LOAD CSV WITH HEADERS FROM 'mem:a' AS r "
                 "RETURN toInteger(r.id) AS id, r.name, r.age, linenumber() AS line",
                 sources),
            (std::vector<std::string>{"1 | 'Ann' | '31' | 2", "2 | 'Bob, Jr' | null | 3",
                                      "3 | 'Cid' | null | 4"}));
  EXPECT_EQ(Rows("LOAD CSV FROM 'mem:a' AS r WITH r RETURN file() AS f, count(*) AS n", sources),
            (std::vector<std::string>{"null | 4"}));  // outside LOAD CSV's rows: null
  EXPECT_EQ(Rows("RETURN linenumber() AS l, file() AS f", sources),
            (std::vector<std::string>{"null | null"}));
  EXPECT_EQ(Rows("UNWIND ['mem:a', 'mem:a'] AS u LOAD CSV FROM u AS r "
                 "RETURN file(), count(*)",
                 sources),
            (std::vector<std::string>{"'mem:a' | 8"}));
}

TEST_F(LoadCsvTest, FieldTerminatorSplitsFields) {
  MemoryCsvSources sources;
  sources.Add("mem:t", "a\tb;c\n1\t2;3\n");
  EXPECT_EQ(Rows("LOAD CSV WITH HEADERS FROM 'mem:t' AS r FIELDTERMINATOR '\\t' RETURN r", sources),
            (std::vector<std::string>{"{a: '1', `b;c`: '2;3'}"}));
  EXPECT_EQ(Rows("LOAD CSV FROM 'mem:t' AS r FIELDTERMINATOR ';' RETURN r", sources),
            (std::vector<std::string>{"['a\\tb', 'c']", "['1\\t2', '3']"}));
}

TEST_F(LoadCsvTest, CreatesFromRowsAndCountsThem) {
  MemoryCsvSources sources(1);  // every byte its own chunk
  sources.Add("mem:p", "\xEF\xBB\xBFid,name\n1,Ann\n2,\"Jos\xC3\xA9\"\n");
  auto w =
      Write("LOAD CSV WITH HEADERS FROM $url AS r CREATE (:P {id: toInteger(r.id), name: r.name})",
            sources, ValueMap{{"url", Value::String("mem:p")}});
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(w->counters.nodes_created, 2u);
  EXPECT_EQ(w->result.csv.rows, 2u);
  EXPECT_TRUE(w->result.csv.loaded);
  EXPECT_EQ(w->result.csv.bytes, 3u + 8 + 6 + 10);
  EXPECT_EQ(Count("MATCH (p:P {id: 2, name: 'Jos\xC3\xA9'}) RETURN count(p)"), 1);
}

TEST_F(LoadCsvTest, MalformedInputFailsNamingSourceAndLineAndChangesNothing) {
  MemoryCsvSources sources(4);
  sources.Add("mem:wide", "id,name\n1,Ann\n2,Bob,extra\n");
  sources.Add("mem:open", "id\n1\n\"2\n3\n");
  for (const char* url : {"mem:wide", "mem:open"}) {
    auto w = Write("LOAD CSV WITH HEADERS FROM $url AS r CREATE (:P {id: r.id})", sources,
                   ValueMap{{"url", Value::String(url)}});
    ASSERT_FALSE(w.ok()) << url;
    ASSERT_TRUE(w.status().query_error()) << w.status().ToString();
    EXPECT_EQ(w.status().query_error()->type, "LoadCsvError");
    EXPECT_EQ(w.status().query_error()->detail, "MalformedCsv");
    EXPECT_NE(w.status().message().find(url), std::string::npos) << w.status().message();
    EXPECT_NE(w.status().message().find("line 3"), std::string::npos) << w.status().message();
  }
  EXPECT_EQ(Count("MATCH (p:P) RETURN count(p)"), 0);
  EXPECT_EQ(writer_->staged(), 0u);
}

TEST_F(LoadCsvTest, SourcesThatFailOrAreAbsentAreErrors) {
  MemoryCsvSources sources;
  auto missing = Write("LOAD CSV FROM 'mem:none' AS r RETURN r", sources);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  auto not_string = Write("LOAD CSV FROM 42 AS r RETURN r", sources);
  ASSERT_FALSE(not_string.ok());
  EXPECT_EQ(not_string.status().query_error()->type, "TypeError");
  auto none = RunQuery(writer_->view(), "LOAD CSV FROM 'x' AS r RETURN r", {});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().query_error()->detail, "SourceNotAllowed");
}

// 200,000 rows of about 38 bytes (7.5 MB) pass through a statement allowed
// 3 MiB: LOAD CSV holds one read (1 MiB) and a chunk of rows at a time.
TEST_F(LoadCsvTest, StreamsAFileLargerThanTheStatementMayHold) {
  std::string data = "id,name,padding\n";
  for (int i = 0; i < 200000; ++i) {
    data += std::to_string(i) + ",name" + std::to_string(i) + ",xxxxxxxxxxxxxxxxxxxx\n";
  }
  ASSERT_GT(data.size(), size_t{7} << 20);
  MemoryCsvSources sources;  // chunks of kCsvReadBytes, as the hosts read
  sources.Add("mem:big", data);
  QueryLimits limits;
  limits.max_memory_bytes = uint64_t{3} << 20;
  auto r = RunQuery(writer_->view(),
                    "LOAD CSV WITH HEADERS FROM 'mem:big' AS r "
                    "RETURN count(r) AS n, sum(toInteger(r.id)) AS total",
                    {}, limits, QueryEnvironment{nullptr, {}, &sources});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows[0][0].as_int(), 200000);
  EXPECT_EQ(r->rows[0][1].as_int(), int64_t{199999} * 200000 / 2);
  EXPECT_EQ(r->csv.rows, 200000u);
  // Collecting the rows instead needs them all at once: refused.
  auto all = RunQuery(writer_->view(),
                      "LOAD CSV WITH HEADERS FROM 'mem:big' AS r RETURN collect(r) AS rows", {},
                      limits, QueryEnvironment{nullptr, {}, &sources});
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.status().code(), StatusCode::kResourceExhausted);
}

TEST_F(LoadCsvTest, ReadsLocalFilesByPathAndFileUrl) {
  testing::TempDir dir;
  {
    std::ofstream out(dir.path() + "/people.csv", std::ios::binary);
    out << "name\nAnn\nBob\n";
  }
  FileCsvSources sources(dir.path(), /*read_bytes=*/2);
  std::string absolute = dir.path() + "/people.csv";
  EXPECT_EQ(Rows("LOAD CSV WITH HEADERS FROM 'people.csv' AS r RETURN r.name, file()", sources),
            (std::vector<std::string>{"'Ann' | '" + absolute + "'", "'Bob' | '" + absolute + "'"}));
  EXPECT_EQ(Rows("LOAD CSV FROM 'file://" + absolute + "' AS r RETURN count(*)", sources),
            (std::vector<std::string>{"3"}));
  auto missing = RunQuery(writer_->view(), "LOAD CSV FROM 'file:///no/such.csv' AS r RETURN r", {},
                          {}, QueryEnvironment{nullptr, {}, &sources});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().query_error()->detail, "SourceNotFound");
  EXPECT_NE(missing.status().message().find("/no/such.csv"), std::string::npos);
}

}  // namespace
}  // namespace namidb::query
