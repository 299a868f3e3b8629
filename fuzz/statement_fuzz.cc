// Random Cypher statements against a small graph in a MemoryStore (part of
// it flushed to data files, the rest in the WAL, with an index and a
// uniqueness constraint), under small statement limits so that the fuzzer
// explores rather than runs away. A crash, a sanitizer report or an untyped
// error is a bug; Cypher errors and limits reached are answers.
//
// Oracles, each cheap at this size:
// - a statement run as a read twice gives the same columns and rows (unless
//   it reads a clock or random numbers), and the same as a write when it
//   changes nothing;
// - a write that fails leaves every object of the store as it was and the
//   writer's view unchanged;
// - a write that succeeds is what a fresh reader of the store sees, also
//   after a flush and a compaction.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "query/query_runner.h"
#include "store/memory_store.h"

namespace namidb::fuzz {
namespace {

using query::QueryLimits;
using query::QueryResult;

constexpr std::string_view kNamespace = "fuzz";

// The graph every input starts from.
constexpr std::string_view kGraph[] = {
    "CREATE INDEX person_name FOR (p:Person) ON (p.name)",
    "CREATE CONSTRAINT city_name FOR (c:City) REQUIRE c.name IS UNIQUE",
    "CREATE (a:Person {name: 'Ann', age: 31, score: 1.5, tags: ['x', 'y'], born: "
    "date('1993-04-02')}),"
    " (b:Person:Admin {name: 'Bob', age: 25, active: true}),"
    " (c:Person {name: 'Cid', nick: null, since: datetime('2020-01-01T10:00:00+01:00')}),"
    " (s:City {name: 'Stockholm', pop: 975000, at: [59.3, 18.1]}),"
    " (o:City {name: 'Oslo', pop: 709000}),"
    " (t:Topic {name: 'graphs', d: duration('P1DT2H')}),"
    " (a)-[:KNOWS {since: 2020}]->(b), (b)-[:KNOWS {since: 2021, w: 0.5}]->(c),"
    " (c)-[:KNOWS]->(a), (a)-[:KNOWS]->(a),"
    " (a)-[:LIVES_IN]->(s), (b)-[:LIVES_IN]->(o), (c)-[:LIVES_IN]->(s),"
    " (a)-[:LIKES {stars: 5}]->(t), (b)-[:LIKES {stars: 3}]->(t)",
    "FLUSH",  // what comes before is in data files, what comes after in the WAL
    "MATCH (b:Person {name: 'Bob'}) SET b.age = 26, b.email = 'bob@example.com'",
    "CREATE (:Person {name: 'Dee', bytes: 1}), (:Topic {name: 'cypher'})",
    "MATCH (a:Person {name: 'Ann'}), (t:Topic {name: 'cypher'}) CREATE (a)-[:LIKES {stars: "
    "4}]->(t)",
    "MATCH (c:Person {name: 'Cid'})-[r:KNOWS]->() DELETE r",
};

// Small bounds, so that inputs explore rather than run long; the clock is
// one more source of difference between two runs, which the oracles allow.
const QueryLimits kLimits{/*max_rows=*/500, /*max_intermediate_rows=*/5000, /*timeout_ms=*/1000};

using Objects = std::map<std::string, std::string>;

Objects Snapshot(MemoryStore& store) {
  Objects out;
  auto all = store.ListAll("");
  Check(all.ok(), "listing the store", all.status().ToString());
  for (const auto& meta : *all) {
    auto got = store.Get(meta.key);
    Check(got.ok(), "reading the store", got.status().ToString());
    out[meta.key] = std::string(got->data);
  }
  return out;
}

// Every object's key and version: a memory store gives every put a new one.
std::vector<std::string> Versions(MemoryStore& store) {
  std::vector<std::string> out;
  auto all = store.ListAll("");
  Check(all.ok(), "listing the store", all.status().ToString());
  for (const auto& meta : *all) out.push_back(meta.key + " " + meta.version.etag);
  return out;
}

const Objects& Pristine() {
  static const Objects objects = [] {
    auto store = std::make_shared<MemoryStore>();
    auto writer = WriterSession::Open(store, kNamespace);
    Check(writer.ok(), "opening the writer", writer.status().ToString());
    for (std::string_view statement : kGraph) {
      if (statement == "FLUSH") {
        auto flushed = (*writer)->Flush();
        Check(flushed.ok(), "flushing the graph", flushed.status().ToString());
        continue;
      }
      auto r = query::RunWrite(**writer, statement, {});
      Check(r.ok(), "building the graph", std::string(statement) + ": " + r.status().ToString());
    }
    return Snapshot(*store);
  }();
  return objects;
}

const ValueMap& Params() {
  static const ValueMap params{
      {"p", Value::Int(1)},
      {"s", Value::String("Ann")},
      {"f", Value::Float(0.5)},
      {"l", Value::List({Value::Int(1), Value::Int(2), Value::Null()})},
      {"m", Value::Map(ValueMap{{"name", Value::String("Eve")}, {"age", Value::Int(40)}})},
      {"n", Value::Null()},
  };
  return params;
}

// Every node and relationship the reader sees, as sorted text.
std::vector<std::string> GraphText(GraphReader& graph) {
  std::vector<std::string> out;
  for (std::string_view q : {"MATCH (n) RETURN n", "MATCH ()-[r]->() RETURN r"}) {
    auto r = query::RunQuery(graph, q, {});
    Check(r.ok(), "reading the whole graph", r.status().ToString());
    for (const auto& row : r->rows) out.push_back(ValueToJsonText(row[0]));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> CommittedGraphText(const std::shared_ptr<MemoryStore>& store) {
  auto reader = GraphReader::Open(store, *NamespaceLayout::Make("", kNamespace),
                                  std::make_shared<BlockCache>());
  Check(reader.ok(), "opening a reader", reader.status().ToString());
  return GraphText(**reader);
}

std::string ResultText(const QueryResult& r) {
  std::string out;
  for (const auto& c : r.columns) out += c + "|";
  out += "\n";
  for (const auto& row : r.rows) {
    for (const auto& v : row) out += ValueToJsonText(v) + "|";
    out += "\n";
  }
  return out;
}

// An answer, not a bug: Cypher errors, limits and refusals.
void CheckAnswer(const Status& s, std::string_view text) {
  bool typed = s.Is(StatusCode::kInvalidArgument) || s.Is(StatusCode::kResourceExhausted) ||
               s.Is(StatusCode::kCancelled) || s.Is(StatusCode::kAlreadyExists) ||
               s.Is(StatusCode::kNotFound) || s.Is(StatusCode::kUnsupported);
  Check(typed, "a statement failed with an error that is not an answer",
        std::string(text) + "\n" + s.ToString());
}

// Clocks, random numbers and fresh ids differ between two runs.
bool Deterministic(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view word : {"rand", "uuid", "timestamp", "time", "date", "statement",
                                "transaction", "clock", "create", "merge", "id(", "elementid"}) {
    if (lower.find(word) != std::string::npos) return false;
  }
  return true;
}

// The store and writer inputs run against: rebuilt from the pristine
// objects only after a write changed them, since most inputs do not.
struct Session {
  std::shared_ptr<MemoryStore> store;
  std::unique_ptr<WriterSession> writer;
  std::vector<std::string> versions;  // of the store's objects, as copied
};

Session& Current(bool reset) {
  static Session session;
  if (reset || !session.writer) {
    session.writer.reset();
    session.store = std::make_shared<MemoryStore>();
    for (const auto& [key, bytes] : Pristine()) {
      Check(session.store->Put(key, bytes, {}).ok(), "copying the graph");
    }
    auto opened = WriterSession::Open(session.store, kNamespace);
    Check(opened.ok(), "opening the writer", opened.status().ToString());
    session.writer = std::move(*opened);
    session.versions = Versions(*session.store);
  }
  return session;
}

const std::vector<std::string>& PristineGraphText() {
  static const std::vector<std::string> text = GraphText(Current(false).writer->view());
  return text;
}

// Whether the input changed the graph (and so the session must be rebuilt).
bool Run(std::string_view text) {
  Session& session = Current(false);
  WriterSession& writer = *session.writer;
  const std::vector<std::string>& before = PristineGraphText();

  auto read = query::RunQuery(writer.view(), text, Params(), kLimits);
  if (!read.ok()) {
    CheckAnswer(read.status(), text);
  } else if (Deterministic(text)) {
    auto again = query::RunQuery(writer.view(), text, Params(), kLimits);
    if (again.ok()) {
      Check(ResultText(*read) == ResultText(*again), "a read answers differently the second time",
            ResultText(*read) + "---\n" + ResultText(*again));
    } else {
      Check(again.status().Is(StatusCode::kCancelled), "a read that worked fails the second time",
            again.status().ToString());
    }
  }

  auto write = query::RunWrite(writer, text, Params(), kLimits);
  if (!write.ok()) {
    CheckAnswer(write.status(), text);
    Check(writer.staged() == 0, "a failed write left changes staged");
    Check(Versions(*session.store) == session.versions, "a failed write changed the store");
    Check(GraphText(writer.view()) == before, "a failed write changed the view");
    return false;
  }
  if (read.ok() && Deterministic(text)) {
    Check(ResultText(*read) == ResultText(write->result), "a read answers differently as a write",
          ResultText(*read) + "---\n" + ResultText(write->result));
  }
  if (Versions(*session.store) == session.versions) {
    Check(GraphText(writer.view()) == before, "a write that stored nothing changed the view");
    return false;
  }
  std::vector<std::string> after = GraphText(writer.view());
  Check(CommittedGraphText(session.store) == after,
        "the committed graph differs from the writer's view");
  auto flushed = writer.Flush();
  Check(flushed.ok(), "flushing a written graph", flushed.status().ToString());
  Check(GraphText(writer.view()) == after, "a flush changed the writer's view");
  Check(CommittedGraphText(session.store) == after,
        "the flushed graph differs from the writer's view");
  auto compacted = writer.Compact();
  Check(compacted.ok(), "compacting a written graph", compacted.status().ToString());
  Check(CommittedGraphText(session.store) == after,
        "the compacted graph differs from the writer's view");
  return true;
}

}  // namespace
}  // namespace namidb::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  namidb::fuzz::PristineGraphText();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace namidb::fuzz;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (Run(text)) Current(/*reset=*/true);
  return 0;
}
