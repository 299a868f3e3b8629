// Writes the seed corpora of the binary fuzz targets from objects the engine
// itself makes: a small graph holding every kind of storable value is
// committed, flushed, changed and compacted in a MemoryStore, and its WAL
// segments, data files, manifests, records, adjacency entries and label-index
// keys are written out as seeds, each in the form its target reads.
//
//   namidb_fuzz_seeds <dir>      (writes <dir>/<target>/<kind>-<hash of the content>)
//
// `scripts/fuzz.sh --seeds` runs it and keeps, in fuzz/corpus/<target>, the
// seeds that reach new coverage. The Cypher seeds are statements from the
// tests and the docs.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "core/hash.h"
#include "core/hex.h"
#include "core/value_codec.h"
#include "core/value_json.h"
#include "query/query_runner.h"
#include "storage/adjacency_codec.h"
#include "storage/table_format.h"
#include "store/memory_store.h"

namespace namidb {
namespace {

namespace fs = std::filesystem;

// One value of every kind, and the awkward ones, as the JSON a caller passes.
constexpr std::string_view kValues[] = {
    R"(null)",
    R"(true)",
    R"(-9223372036854775808)",
    R"(9223372036854775807)",
    R"(0.1)",
    R"(-0.0)",
    R"({"$float": "NaN"})",
    R"({"$float": "-Infinity"})",
    R"("text with 'quotes', \"escapes\", \u00e9 and \ud83d\ude00")",
    R"("")",
    R"({"$bytes": "AAECA/8="})",
    R"([1, 2.5, "three", [null, [true]], {"k": []}])",
    R"({"a": 1, "b": {"c": [1, 2, 3]}, "": "empty key"})",
    R"({"$map": {"$odd": 1}})",
    R"({"$date": "2015-07-21"})",
    R"({"$date": "-999999999-01-01"})",
    R"({"$localtime": "21:40:32.142"})",
    R"({"$time": "21:40:32.142+01:00"})",
    R"({"$localdatetime": "2015-07-21T21:40:32.142"})",
    R"({"$datetime": "2015-07-21T21:40:32.142+01:00"})",
    R"({"$datetime": "2015-07-21T21:40:32.142+02:00[Europe/Stockholm]"})",
    R"({"$duration": "P14DT16H12M"})",
    R"({"$duration": "P-1Y2M-3DT0.000000001S"})",
};

// Parameter maps as the TypeScript API sends them, with query results (nodes,
// relationships, paths) added by the caller.
constexpr std::string_view kParams[] = {
    R"({})",
    R"({"name": "Ann", "age": 31, "tags": ["a", "b"], "since": {"$date": "2020-01-01"}})",
    R"({"rows": [{"id": 1, "name": "x"}, {"id": 2, "name": "y", "score": 0.5}]})",
};

class Corpus {
 public:
  explicit Corpus(fs::path dir) : dir_(std::move(dir)) {}

  void Add(const std::string& target, std::string_view tag, std::string_view bytes) {
    fs::path folder = dir_ / target;
    fs::create_directories(folder);
    auto [h1, h2] = Hash128(bytes);
    std::string hash = HexEncode(std::string_view(reinterpret_cast<const char*>(&h1), 8));
    std::ofstream(folder / (std::string(tag) + "-" + hash), std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    ++counts_[target];
  }
  void Report() const {
    for (const auto& [target, n] : counts_) std::printf("%s: %zu seeds\n", target.c_str(), n);
  }

 private:
  fs::path dir_;
  std::map<std::string, size_t> counts_;
};

std::string Byte(uint8_t b) { return std::string(1, static_cast<char>(b)); }

void Must(const Status& s, std::string_view what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%.*s: %s\n", static_cast<int>(what.size()), what.data(),
                 s.ToString().c_str());
    std::exit(1);
  }
}

template <typename T>
T Must(Result<T> r, std::string_view what) {
  Must(r.status(), what);
  return std::move(r).value();
}

// Every entry of a table, decoded block by block.
std::vector<TableEntry> Entries(std::string_view table, std::string_view key) {
  TableIndex index = Must(TableIndex::Open(table, table.size(), key), "opening a table");
  std::vector<TableEntry> out;
  for (const BlockHandle& h : index.Blocks()) {
    auto block = Must(DecodeTableBlock(table.substr(h.offset, h.size), key), "decoding a block");
    for (const BlockEntry& e : block) out.push_back({std::string(e.key), std::string(e.value)});
  }
  return out;
}

void AddObjects(MemoryStore& store, Corpus& corpus) {
  for (const auto& meta : Must(store.ListAll(""), "listing")) {
    std::string bytes = Must(store.Get(meta.key), "reading").data;
    if (meta.key.ends_with(".wal")) {
      corpus.Add("wal_segment_fuzz", "wal", bytes);
    } else if (meta.key.ends_with("manifest.json")) {
      corpus.Add("manifest_fuzz", "manifest", bytes);
    } else if (meta.key.ends_with(".sst")) {
      std::string kind = meta.key.substr(meta.key.rfind('/') + 1);
      kind = kind.substr(0, kind.find('-'));
      corpus.Add("table_fuzz", kind, Byte(0) + bytes);
      for (const TableEntry& e : Entries(bytes, meta.key)) {
        if (kind == "nodes") corpus.Add("value_codec_fuzz", "node", Byte(2) + e.value);
        if (kind == "edges") corpus.Add("value_codec_fuzz", "edge", Byte(3) + e.value);
        if (auto layout = AdjacencyLayoutOf(kind)) {
          const bool by_type = *layout == AdjacencyLayout::kByType;
          corpus.Add(
              "adjacency_fuzz", by_type ? "typed_adjacency" : "adjacency",
              Byte(by_type ? 2 : 0) + Byte(static_cast<uint8_t>(e.key.size())) + e.key + e.value);
        }
        if (kind == "labels") {
          // The label is the key's length-prefixed head.
          Decoder in(e.key);
          std::string label(Must(in.ReadLengthPrefixed(), "a label index key"));
          corpus.Add("adjacency_fuzz", "label",
                     Byte(1) + Byte(static_cast<uint8_t>(label.size())) + label + e.key);
        }
      }
    }
  }
}

void AddManifest(MemoryStore& store, Corpus& corpus) {
  corpus.Add("manifest_fuzz", "manifest", Must(store.Get("seeds/manifest.json"), "reading").data);
}

void Run(const fs::path& dir) {
  Corpus corpus(dir);
  auto store = std::make_shared<MemoryStore>();
  auto writer = Must(WriterSession::Open(store, "seeds"), "opening");

  // Every value, alone and together, staged through the typed API.
  ValueMap all;
  for (size_t i = 0; i < std::size(kValues); ++i) {
    Value v = Must(ValueFromJsonText(kValues[i]), "a seed value");
    corpus.Add("value_json_fuzz", "value", kValues[i]);
    std::string encoded;
    Must(EncodeValue(v, &encoded), "encoding a value");
    corpus.Add("value_codec_fuzz", "value", Byte(0) + encoded);
    all.Set("p" + std::to_string(i), v);
    Must(writer->UpsertNode({"Value"}, NameBasedUuid("value" + std::to_string(i)),
                            ValueMap{{"v", v}}),
         "staging a value");
  }
  std::string properties;
  Must(EncodeProperties(all, &properties), "encoding properties");
  corpus.Add("value_codec_fuzz", "properties", Byte(1) + properties);
  Must(writer->UpsertNode({"All", "Value"}, NameBasedUuid("all"), all), "staging every value");
  Must(writer->CommitBatch().status(), "committing the values");
  AddManifest(*store, corpus);

  for (std::string_view statement : {
           "CREATE INDEX person_name FOR (p:Person) ON (p.name)",
           "CREATE (a:Person {name: 'Ann', age: 31}), (b:Person:Admin {name: 'Bob'}), "
           "(c:City {name: 'Oslo'}), (a)-[:KNOWS {since: 2020}]->(b), (a)-[:LIVES_IN]->(c), "
           "(b)-[:LIVES_IN]->(c)",
       }) {
    Must(query::RunWrite(*writer, statement, {}).status(), statement);
    AddManifest(*store, corpus);
  }
  Must(writer->Flush().status(), "flushing");
  AddManifest(*store, corpus);
  for (std::string_view statement : {
           "MATCH (b:Person {name: 'Bob'}) SET b.age = 26 REMOVE b:Admin",
           "MATCH (a {name: 'Ann'})-[r:KNOWS]->() DELETE r",
           "MATCH (v:Value {v: true}) DETACH DELETE v",
           "UNWIND range(1, 40) AS i CREATE (:Row {i: i, s: 'row ' + toString(i)})",
       }) {
    Must(query::RunWrite(*writer, statement, {}).status(), statement);
  }
  Must(writer->Flush().status(), "flushing again");  // a second run, with tombstones
  AddObjects(*store, corpus);
  Must(writer->Compact().status(), "compacting");
  AddObjects(*store, corpus);

  // Query results (nodes, relationships, paths) as parameters.
  auto r = Must(query::RunWrite(*writer, "MATCH p = (a)-[r]->(b) RETURN a, r, p LIMIT 1", {}),
                "reading a path");
  for (const Value& v : r.result.rows.at(0))
    corpus.Add("value_json_fuzz", "result", ValueToJsonText(v));
  for (std::string_view params : kParams) corpus.Add("value_json_fuzz", "params", params);

  // Tables of several small blocks, some compressed and some raw.
  TableBuilder builder(/*block_size=*/200);
  for (int i = 0; i < 40; ++i) {
    char key[16];
    std::snprintf(key, sizeof key, "key%04d", i);
    std::string value = i % 3 == 0 ? std::string(60, 'a' + i % 26) : HexEncode(key) + key;
    Must(builder.Add(key, value), "building a table");
  }
  corpus.Add("table_fuzz", "blocks", Byte(0) + Must(builder.Finish(), "finishing a table"));

  // A table whose filter holds key groups (format version 2): five keys of
  // each group, the group being all but the key's last 4 bytes.
  TableBuilder grouped(/*block_size=*/200);
  grouped.FilterGroups(4);
  for (int i = 0; i < 40; ++i) {
    char key[16];
    std::snprintf(key, sizeof key, "grp%02d%04d", i / 5, i);
    Must(grouped.Add(key, HexEncode(key)), "building a table of key groups");
  }
  corpus.Add("table_fuzz", "groups", Byte(0) + Must(grouped.Finish(), "finishing a table"));
  corpus.Report();
}

}  // namespace
}  // namespace namidb

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <corpus dir>\n", argv[0]);
    return 2;
  }
  namidb::Run(argv[1]);
  return 0;
}
