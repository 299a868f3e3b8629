#include "support/ldbc_loader.h"

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/hash.h"

namespace namidb::testing {
namespace {

std::vector<std::string> Split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, sep)) out.push_back(field);
  if (!line.empty() && line.back() == sep) out.emplace_back();
  return out;
}

std::string Capitalize(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

// isLocatedIn -> IS_LOCATED_IN
std::string RelType(const std::string& camel) {
  std::string out;
  for (char c : camel) {
    if (std::isupper(static_cast<unsigned char>(c))) out.push_back('_');
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

bool IsIntegerColumn(const std::string& name) {
  return name == "id" || name == "creationDate" || name == "birthday" || name == "length" ||
         name == "joinDate" || name == "classYear" || name == "workFrom";
}

struct Batch {
  WriterSession& writer;
  LdbcLoadStats stats;
  uint64_t staged = 0;
  Status Count(bool node) {
    (node ? stats.nodes : stats.edges) += 1;
    if (++staged < 10000) return Status::OK();
    staged = 0;
    return writer.CommitBatch().status();
  }
};

Status LoadNodes(Batch& batch, const std::filesystem::path& file, const std::string& entity) {
  std::ifstream in(file);
  if (!in) return Status::NotFound("cannot read " + file.string());
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header = Split(line, '|');
  while (std::getline(in, line)) {
    std::vector<std::string> f = Split(line, '|');
    std::vector<std::string> labels = {Capitalize(entity == "tagclass" ? "tagClass" : entity)};
    if (labels[0] == "TagClass") labels[0] = "TagClass";
    if (entity == "post" || entity == "comment") labels.push_back("Message");
    ValueMap props;
    int64_t id = 0;
    for (size_t i = 0; i < header.size() && i < f.size(); ++i) {
      const std::string& name = header[i];
      if (f[i].empty()) continue;  // absent, not stored
      if (name == "type" && (entity == "place" || entity == "organisation")) {
        labels = {Capitalize(f[i]), Capitalize(entity)};
        continue;
      }
      if (entity == "person" && (name == "language" || name == "email")) {
        ValueList list;
        for (auto& v : Split(f[i], ';')) list.push_back(Value::String(v));
        props.Set(name == "language" ? "speaks" : "email", Value::List(std::move(list)));
        continue;
      }
      if (IsIntegerColumn(name)) {
        int64_t v = std::strtoll(f[i].c_str(), nullptr, 10);
        if (name == "id") id = v;
        props.Set(name, Value::Int(v));
      } else {
        props.Set(name, Value::String(f[i]));
      }
    }
    NAMIDB_RETURN_IF_ERROR(batch.writer.UpsertNode(labels, LdbcNodeId(entity, id), props));
    NAMIDB_RETURN_IF_ERROR(batch.Count(true));
  }
  return Status::OK();
}

Status LoadEdges(Batch& batch, const std::filesystem::path& file, const std::string& src_entity,
                 const std::string& rel, const std::string& dst_entity) {
  std::ifstream in(file);
  if (!in) return Status::NotFound("cannot read " + file.string());
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header = Split(line, '|');
  std::string type = RelType(rel);
  while (std::getline(in, line)) {
    std::vector<std::string> f = Split(line, '|');
    if (f.size() < 2) continue;
    ValueMap props;
    for (size_t i = 2; i < header.size() && i < f.size(); ++i) {
      if (!f[i].empty()) props.Set(header[i], Value::Int(std::strtoll(f[i].c_str(), nullptr, 10)));
    }
    Uuid src = LdbcNodeId(src_entity, std::strtoll(f[0].c_str(), nullptr, 10));
    Uuid dst = LdbcNodeId(dst_entity, std::strtoll(f[1].c_str(), nullptr, 10));
    NAMIDB_RETURN_IF_ERROR(batch.writer.UpsertEdge(type, src, dst, props).status());
    NAMIDB_RETURN_IF_ERROR(batch.Count(false));
  }
  return Status::OK();
}

}  // namespace

std::string LdbcDataDir() {
  if (const char* dir = std::getenv("NAMIDB_SHARED_DATA")) return dir;
  return std::string(NAMIDB_SOURCE_DIR) + "/../shared/data";
}

Uuid LdbcNodeId(const std::string& entity, int64_t id) {
  return NameBasedUuid("ldbc:" + entity + ":" + std::to_string(id));
}

Result<LdbcLoadStats> LoadLdbc(WriterSession& writer, const std::string& data_dir) {
  namespace fs = std::filesystem;
  fs::path root = fs::path(data_dir) / "ldbc-snb-interactive-v1-test-data" / "vanilla";
  if (!fs::is_directory(root)) return Status::NotFound("no LDBC test data at " + root.string());
  Batch batch{writer, {}, 0};
  std::vector<std::pair<fs::path, std::vector<std::string>>> nodes, edges;
  for (const char* part : {"static", "dynamic"}) {
    for (const auto& entry : fs::directory_iterator(root / part)) {
      std::string name = entry.path().filename().string();
      if (!name.ends_with("_0_0.csv")) continue;
      std::vector<std::string> parts = Split(name.substr(0, name.size() - 8), '_');
      (parts.size() == 1 ? nodes : edges).emplace_back(entry.path(), parts);
    }
  }
  for (const auto& [path, parts] : nodes) NAMIDB_RETURN_IF_ERROR(LoadNodes(batch, path, parts[0]));
  for (const auto& [path, parts] : edges) {
    if (parts.size() != 3) return Status::InvalidArgument("unexpected edge file " + path.string());
    NAMIDB_RETURN_IF_ERROR(LoadEdges(batch, path, parts[0], parts[1], parts[2]));
  }
  NAMIDB_RETURN_IF_ERROR(writer.CommitBatch().status());
  NAMIDB_RETURN_IF_ERROR(writer.Flush().status());
  return batch.stats;
}

}  // namespace namidb::testing
