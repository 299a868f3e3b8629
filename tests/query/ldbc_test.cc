// The LDBC SNB Interactive short and complex reads on the LDBC test graph
// (../shared/data), loaded through the staging API: every query runs with
// the example parameters of its file, and answers that can be computed
// independently from the CSV files are checked against that computation.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <queue>
#include <set>
#include <sstream>

#include "query/query_runner.h"
#include "store/memory_store.h"
#include "support/ldbc_loader.h"

namespace namidb::query {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::vector<std::string>> ReadCsv(const std::string& relative) {
  std::ifstream in(testing::LdbcDataDir() + "/ldbc-snb-interactive-v1-test-data/vanilla/" +
                   relative);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::string f;
    std::istringstream l(line);
    while (std::getline(l, f, '|')) fields.push_back(f);
    rows.push_back(fields);
  }
  return rows;
}

class LdbcTest : public ::testing::Test {
 protected:
  // A clone without the shared data sets beside it skips these tests, saying why.
  static std::string MissingData() {
    const std::string data = testing::LdbcDataDir() + "/ldbc-snb-interactive-v1-test-data";
    if (std::filesystem::is_directory(data)) return "";
    return "no LDBC test data at " + data +
           " (the shared data sets: ../shared/data beside the repository, or set "
           "NAMIDB_SHARED_DATA)";
  }

  static void SetUpTestSuite() {
    if (!MissingData().empty()) GTEST_SKIP() << MissingData();
    store_ = new std::shared_ptr<MemoryStore>(std::make_shared<MemoryStore>());
    auto writer = WriterSession::Open(*store_, "ldbc");
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    auto loaded = testing::LoadLdbc(**writer, testing::LdbcDataDir());
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString()
                             << " (set NAMIDB_SHARED_DATA to the shared data folder)";
    stats_ = *loaded;
  }
  static void TearDownTestSuite() {
    delete store_;
    store_ = nullptr;
  }

  void SetUp() override {
    if (!MissingData().empty()) GTEST_SKIP() << MissingData();
    auto reader = GraphReader::Open(*store_, *NamespaceLayout::Make("", "ldbc"),
                                    std::make_shared<BlockCache>());
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    reader_ = std::move(*reader);
  }

  // The example parameters in a query file's leading comment, evaluated by
  // the engine itself (`:param x: 1` or `:param [{...}] => { RETURN ... }`).
  ValueMap ParamsOf(const std::string& text) {
    ValueMap params;
    size_t arrow = text.find("=> {");
    if (arrow != std::string::npos) {
      size_t close = text.find("*/", arrow);
      std::string body = text.substr(arrow + 4, text.rfind('}', close) - arrow - 4);
      QueryResult r = Run(body, {});
      for (size_t i = 0; i < r.columns.size() && !r.rows.empty(); ++i) {
        params.Set(r.columns[i], r.rows[0][i]);
      }
      return params;
    }
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
      size_t at = line.find(":param ");
      if (at == std::string::npos) continue;
      std::string rest = line.substr(at + 7);
      size_t colon = rest.find(':');
      std::string name = rest.substr(0, colon);
      QueryResult r = Run("RETURN " + rest.substr(colon + 1) + " AS v", {});
      if (!r.rows.empty()) params.Set(name, r.rows[0][0]);
    }
    return params;
  }

  QueryResult Run(const std::string& text, const ValueMap& params) {
    auto r = RunQuery(*reader_, text, params);
    EXPECT_TRUE(r.ok()) << r.status().ToString() << "\n" << text;
    return r.ok() ? *r : QueryResult{};
  }

  QueryResult RunFile(const std::string& name) {
    std::string text = ReadFile(testing::LdbcDataDir() + "/ldbc-queries/" + name + ".cypher");
    EXPECT_FALSE(text.empty()) << name;
    SCOPED_TRACE(name);
    return Run(text, ParamsOf(text));
  }

  static int Column(const QueryResult& r, const std::string& name) {
    for (size_t i = 0; i < r.columns.size(); ++i) {
      if (r.columns[i] == name) return static_cast<int>(i);
    }
    ADD_FAILURE() << "no column " << name;
    return 0;
  }

  static inline std::shared_ptr<MemoryStore>* store_ = nullptr;
  static inline testing::LdbcLoadStats stats_;
  std::unique_ptr<GraphReader> reader_;
};

TEST_F(LdbcTest, LoadsEveryNodeAndEdge) {
  EXPECT_EQ(stats_.nodes, 34735u);
  EXPECT_EQ(stats_.edges, 70842u);
  EXPECT_EQ(reader_->stats().nodes, 34735u);
  EXPECT_EQ(reader_->stats().labels.at("Message"), 5924u + 2218u);
  EXPECT_EQ(reader_->stats().types.at("KNOWS"), 825u);
}

TEST_F(LdbcTest, ShortReadsAnswerWhatTheFilesSay) {
  // IS1: the profile row of person 10995116277794 and its city.
  QueryResult is1 = RunFile("interactive-short-1");
  ASSERT_EQ(is1.rows.size(), 1u);
  for (const auto& p : ReadCsv("dynamic/person_0_0.csv")) {
    if (p[0] != "10995116277794") continue;
    EXPECT_EQ(is1.rows[0][Column(is1, "firstName")], Value::String(p[1]));
    EXPECT_EQ(is1.rows[0][Column(is1, "lastName")], Value::String(p[2]));
    EXPECT_EQ(is1.rows[0][Column(is1, "birthday")], Value::Int(std::stoll(p[4])));
  }
  for (const auto& e : ReadCsv("dynamic/person_isLocatedIn_place_0_0.csv")) {
    if (e[0] == "10995116277794") {
      EXPECT_EQ(is1.rows[0][Column(is1, "cityId")], Value::Int(std::stoll(e[1])));
    }
  }
  // IS3: every friendship of the person, either direction.
  size_t friends = 0;
  for (const auto& e : ReadCsv("dynamic/person_knows_person_0_0.csv")) {
    friends += e[0] == "10995116277794" || e[1] == "10995116277794";
  }
  EXPECT_EQ(RunFile("interactive-short-3").rows.size(), friends);
  // IS4 / IS5: message 206158431836's creation date and creator.
  QueryResult is4 = RunFile("interactive-short-4");
  ASSERT_EQ(is4.rows.size(), 1u);
  std::string creator;
  for (const char* file :
       {"dynamic/post_hasCreator_person_0_0.csv", "dynamic/comment_hasCreator_person_0_0.csv"}) {
    for (const auto& e : ReadCsv(file)) {
      if (e[0] == "206158431836") creator = e[1];
    }
  }
  QueryResult is5 = RunFile("interactive-short-5");
  ASSERT_EQ(is5.rows.size(), 1u);
  EXPECT_EQ(is5.rows[0][Column(is5, "personId")], Value::Int(std::stoll(creator)));
  // IS2, IS6, IS7 run and return rows of the declared columns.
  for (const char* name : {"interactive-short-2", "interactive-short-6", "interactive-short-7"}) {
    QueryResult r = RunFile(name);
    EXPECT_FALSE(r.columns.empty()) << name;
    for (const auto& row : r.rows) EXPECT_EQ(row.size(), r.columns.size()) << name;
  }
  EXPECT_EQ(RunFile("interactive-short-6").rows.size(), 1u);  // one forum holds a message
}

TEST_F(LdbcTest, ShortestPathLengthMatchesABreadthFirstSearchOfTheCsv) {
  std::map<std::string, std::vector<std::string>> knows;
  for (const auto& e : ReadCsv("dynamic/person_knows_person_0_0.csv")) {
    knows[e[0]].push_back(e[1]);
    knows[e[1]].push_back(e[0]);
  }
  auto bfs = [&](const std::string& from, const std::string& to) {
    std::map<std::string, int> dist = {{from, 0}};
    std::queue<std::string> queue;
    queue.push(from);
    while (!queue.empty()) {
      std::string at = queue.front();
      queue.pop();
      if (at == to) return dist[at];
      for (const auto& next : knows[at]) {
        if (dist.emplace(next, dist[at] + 1).second) queue.push(next);
      }
    }
    return -1;
  };
  QueryResult ic13 = RunFile("interactive-complex-13");
  ASSERT_EQ(ic13.rows.size(), 1u);
  EXPECT_EQ(ic13.rows[0][0], Value::Int(bfs("8796093022390", "8796093022357")));
  QueryResult ic14 = RunFile("interactive-complex-14");
  for (const auto& row : ic14.rows) {
    const Value& path = row[Column(ic14, "personIdsInPath")];
    ASSERT_EQ(path.kind(), ValueKind::kList);
    EXPECT_EQ(static_cast<int>(path.as_list().size()) - 1, bfs("8796093022357", "8796093022390"));
  }
  EXPECT_FALSE(ic14.rows.empty());
}

TEST_F(LdbcTest, ComplexReadsRun) {
  for (int n : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}) {
    std::string name = "interactive-complex-" + std::to_string(n);
    QueryResult r = RunFile(name);
    EXPECT_FALSE(r.columns.empty()) << name;
    for (const auto& row : r.rows) EXPECT_EQ(row.size(), r.columns.size()) << name;
    EXPECT_LE(r.rows.size(), 20u) << name;  // every complex read has LIMIT 20 or less
  }
  // IC2: the friends' messages, newest first, at most 20, none after maxDate.
  QueryResult ic2 = RunFile("interactive-complex-2");
  EXPECT_EQ(ic2.rows.size(), 20u);
  for (size_t i = 1; i < ic2.rows.size(); ++i) {
    const Value& a = ic2.rows[i - 1][Column(ic2, "postOrCommentCreationDate")];
    const Value& b = ic2.rows[i][Column(ic2, "postOrCommentCreationDate")];
    EXPECT_GE(a.as_int(), b.as_int());
    EXPECT_LE(a.as_int(), 1287230400000);
  }
}

// A plan kept for many runs (a prepared statement's, api/prepared_statement.h)
// answers every run as a fresh RunQuery does: its operators keep nothing
// of one run (a label scan, a label's members, a hash table) for the next.
TEST_F(LdbcTest, EveryReadPlannedOnceAnswersEachRunAsAFreshQuery) {
  auto text_of = [](const QueryResult& r) {
    std::string out;
    for (const auto& row : r.rows) {
      for (const auto& v : row) out += v.ToString() + " ";
      out += "\n";
    }
    return out;
  };
  std::vector<std::string> names;
  for (int n = 1; n <= 7; ++n) names.push_back("interactive-short-" + std::to_string(n));
  for (int n = 1; n <= 12; ++n) names.push_back("interactive-complex-" + std::to_string(n));
  for (const auto& name : names) {
    SCOPED_TRACE(name);
    std::string text = ReadFile(testing::LdbcDataDir() + "/ldbc-queries/" + name + ".cypher");
    ValueMap params = ParamsOf(text);
    const std::string fresh = text_of(Run(text, params));
    auto planned = PlanStatement(text, /*write=*/false, *reader_, nullptr);
    ASSERT_TRUE(planned.ok()) << planned.status().ToString();
    for (int run = 0; run < 3; ++run) {
      auto r = RunPlanned(**planned, *reader_, params);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      EXPECT_EQ(text_of(*r), fresh) << "run " << run;
    }
  }
}

TEST_F(LdbcTest, FriendRecommendationsAreFriendsOfFriendsWithBirthdaysInTheWindow) {
  // IC10 for person 4398046511333, month 5: the candidates are people two
  // KNOWS hops away (not the person, not a friend) born between the 21st of
  // May and the 21st of June, computed here from the CSV.
  const std::string person = "4398046511333";
  std::map<std::string, std::set<std::string>> knows;
  for (const auto& e : ReadCsv("dynamic/person_knows_person_0_0.csv")) {
    knows[e[0]].insert(e[1]);
    knows[e[1]].insert(e[0]);
  }
  std::map<std::string, int64_t> birthday;
  for (const auto& p : ReadCsv("dynamic/person_0_0.csv")) birthday[p[0]] = std::stoll(p[4]);
  std::set<int64_t> candidates;
  for (const auto& friend_id : knows[person]) {
    for (const auto& fof : knows[friend_id]) {
      if (fof == person || knows[person].count(fof)) continue;
      CivilDate born = CivilFromDays(FloorDiv(birthday[fof] / 1000, kSecondsPerDay));
      if ((born.month == 5 && born.day >= 21) || (born.month == 6 && born.day < 22)) {
        candidates.insert(std::stoll(fof));
      }
    }
  }
  QueryResult ic10 = RunFile("interactive-complex-10");
  ASSERT_FALSE(candidates.empty());
  EXPECT_EQ(ic10.rows.size(), std::min<size_t>(candidates.size(), 10));
  for (size_t i = 0; i < ic10.rows.size(); ++i) {
    int64_t id = ic10.rows[i][Column(ic10, "personId")].as_int();
    EXPECT_TRUE(candidates.count(id)) << id;
    if (i == 0) continue;
    int64_t score = ic10.rows[i][Column(ic10, "commonInterestScore")].as_int();
    int64_t before = ic10.rows[i - 1][Column(ic10, "commonInterestScore")].as_int();
    EXPECT_TRUE(before > score ||
                (before == score && ic10.rows[i - 1][Column(ic10, "personId")].as_int() < id));
  }
}

}  // namespace
}  // namespace namidb::query
