#include "database_client.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/hash.h"
#include "core/value_json.h"
#include "js_procedure.h"
#include "query/query_runner.h"
#include "replies.h"
#include "storage/recovery.h"
#include "storage/staging_batch_codec.h"

using emscripten::val;

// The statement's cooperative yield (wasm/bridge_library.js, an async
// import): one turn of the JS event loop; then 0 to go on, 1 if the
// caller's AbortSignal fired meanwhile, 2 if the statement's timer did.
extern "C" int namidb_yield(int store);

namespace namidb {
namespace {

Uuid IdFrom(const std::string& text) {
  auto parsed = Uuid::Parse(text);
  return parsed.ok() ? *parsed : NameBasedUuid(text);
}

Result<ValueMap> PropertiesFrom(const std::string& json) {
  if (json.empty()) return ValueMap();
  NAMIDB_ASSIGN_OR_RETURN(Value v, ValueFromJsonText(json));
  if (v.kind() != ValueKind::kMap) return Status::InvalidArgument("properties must be an object");
  return v.as_map();
}

val IdReply(const Uuid& id) {
  val out = val::object();
  out.set("id", id.ToString());
  return out;
}

val VersionReply(const Result<uint64_t>& version) {
  if (!version.ok()) return ErrorVal(version.status());
  val out = val::object();
  out.set("version", static_cast<double>(*version));
  return out;
}

}  // namespace

DatabaseClient::DatabaseClient(int store_id)
    : store_id_(store_id), store_(std::make_shared<JsObjectStore>(store_id)) {}

val DatabaseClient::Open(std::string ns, std::string prefix, bool read_only, double cache_bytes,
                         double gc_grace_ms) {
  ns_ = std::move(ns);
  prefix_ = std::move(prefix);
  read_only_ = read_only;
  gc_grace_ms_ = gc_grace_ms >= 0 ? static_cast<int64_t>(gc_grace_ms) : kDefaultGcGraceMs;
  cache_ = cache_bytes > 0 ? std::make_shared<BlockCache>(static_cast<uint64_t>(cache_bytes))
                           : std::make_shared<BlockCache>();
  Status s = OpenAgain();
  return s.ok() ? val::object() : ErrorVal(s);
}

Status DatabaseClient::OpenAgain() {
  if (read_only_) {
    NAMIDB_ASSIGN_OR_RETURN(NamespaceLayout layout, NamespaceLayout::Make(prefix_, ns_));
    NAMIDB_ASSIGN_OR_RETURN(reader_, GraphReader::Open(store_, layout, cache_));
    return Status::OK();
  }
  WriterOptions options;
  options.prefix = prefix_;
  options.cache = cache_;
  options.gc_grace_ms = gc_grace_ms_;
  NAMIDB_ASSIGN_OR_RETURN(writer_, WriterSession::Open(store_, ns_, options));
  return Status::OK();
}

Result<WriterSession*> DatabaseClient::Writer() {
  if (read_only_) {
    return Status::InvalidArgument(
        "this database was opened with mode 'read'; open it with mode 'write' to change it");
  }
  if (!writer_) return Status::InvalidArgument("the database is not open");
  return writer_.get();
}

val DatabaseClient::RegisterProcedure(std::string signature, int handler, bool lossless) {
  auto parsed = query::ParseProcedureSignature(signature);
  if (!parsed.ok()) return ErrorVal(parsed.status());
  val out = val::object();
  out.set("name", parsed->name);
  val inputs = val::array();
  for (const auto& f : parsed->inputs) inputs.call<void>("push", f.name);
  val outputs = val::array();
  for (const auto& f : parsed->outputs) outputs.call<void>("push", f.name);
  out.set("inputs", inputs);
  out.set("outputs", outputs);
  query::ProcedureBody body = JsProcedureBody(handler, *parsed, lossless);
  Status s = procedures_.Register({std::move(*parsed), std::move(body)});
  return s.ok() ? out : ErrorVal(s);
}

query::QueryLimits DatabaseClient::LimitsOf(double max_rows, double max_intermediate_rows,
                                            double max_memory_bytes, double timeout_ms) const {
  query::QueryLimits limits;
  limits.max_rows = max_rows > 0 ? static_cast<uint64_t>(max_rows) : 0;
  limits.max_intermediate_rows =
      max_intermediate_rows > 0 ? static_cast<uint64_t>(max_intermediate_rows) : 0;
  limits.max_memory_bytes = max_memory_bytes > 0 ? static_cast<uint64_t>(max_memory_bytes) : 0;
  limits.timeout_ms = timeout_ms > 0 ? timeout_ms : 0;
  return limits;
}

query::QueryEnvironment DatabaseClient::EnvironmentOf(double timeout_ms,
                                                      double yield_every_ms) const {
  query::StatementYield yield;
  if (yield_every_ms > 0) {
    const int store = store_id_;
    yield.hook = [store, timeout_ms]() -> Status {
      switch (namidb_yield(store)) {
        case 0:
          return Status::OK();
        case 2: {
          char limit[32];
          std::snprintf(limit, sizeof limit, "%.0f", timeout_ms);
          return Status::Cancelled(std::string("the query ran past its time limit of ") + limit +
                                   " ms");
        }
        default:
          return Status::Cancelled("the statement was cancelled (its AbortSignal fired)");
      }
    };
    yield.every_ms = yield_every_ms;
  }
  return query::QueryEnvironment{&procedures_, yield, &csv_};
}

val DatabaseClient::Run(std::string text, std::string params_json, bool write, bool lossless,
                        double max_rows, double max_intermediate_rows, double max_memory_bytes,
                        double timeout_ms, double yield_every_ms) {
  const query::QueryLimits limits =
      LimitsOf(max_rows, max_intermediate_rows, max_memory_bytes, timeout_ms);
  const query::QueryEnvironment environment = EnvironmentOf(timeout_ms, yield_every_ms);
  return Reply(
      params_json, write, lossless,
      [&](GraphReader& graph, const ValueMap& params) {
        return query::RunQuery(graph, text, params, limits, environment);
      },
      [&](WriterSession& writer, const ValueMap& params) {
        return query::RunWrite(writer, text, params, limits, environment);
      });
}

val DatabaseClient::Prepare(std::string text) {
  auto prepared = api::PreparedStatement::Prepare(std::move(text));
  if (!prepared.ok()) return ErrorVal(prepared.status());
  const int number = next_statement_++;
  statements_[number] = std::move(*prepared);
  val out = val::object();
  out.set("statement", number);
  return out;
}

val DatabaseClient::RunPrepared(int statement, std::string params_json, bool write, bool lossless,
                                double max_rows, double max_intermediate_rows,
                                double max_memory_bytes, double timeout_ms, double yield_every_ms) {
  auto found = statements_.find(statement);
  if (found == statements_.end()) {
    return ErrorVal(Status::InvalidArgument("this prepared statement is closed"));
  }
  api::PreparedStatement& prepared = *found->second;
  const query::QueryLimits limits =
      LimitsOf(max_rows, max_intermediate_rows, max_memory_bytes, timeout_ms);
  const query::QueryEnvironment environment = EnvironmentOf(timeout_ms, yield_every_ms);
  return Reply(
      params_json, write, lossless,
      [&](GraphReader& graph, const ValueMap& params) {
        return prepared.Query(graph, params, limits, environment);
      },
      [&](WriterSession& writer, const ValueMap& params) {
        return prepared.Write(writer, params, limits, environment);
      });
}

void DatabaseClient::CloseStatement(int statement) { statements_.erase(statement); }

val DatabaseClient::Reply(
    std::string_view params_json, bool write, bool lossless,
    const std::function<Result<query::QueryResult>(GraphReader&, const ValueMap&)>& read,
    const std::function<Result<query::WriteResult>(WriterSession&, const ValueMap&)>&
        write_statement) {
  auto params = ValueFromJsonText(params_json);
  if (!params.ok()) return ErrorVal(params.status());
  if (params->kind() != ValueKind::kMap) {
    return ErrorVal(Status::InvalidArgument("parameters must be an object"));
  }
  query::QueryResult result;
  nlohmann::json counters;
  if (write) {
    auto writer = Writer();
    if (!writer.ok()) return ErrorVal(writer.status());
    auto w = write_statement(**writer, params->as_map());
    if (!w.ok()) return ErrorVal(w.status());
    result = std::move(w->result);
    const auto& c = w->counters;
    counters = {{"nodesCreated", c.nodes_created},
                {"nodesDeleted", c.nodes_deleted},
                {"relationshipsCreated", c.relationships_created},
                {"relationshipsDeleted", c.relationships_deleted},
                {"propertiesSet", c.properties_set},
                {"labelsAdded", c.labels_added},
                {"labelsRemoved", c.labels_removed}};
  } else {
    GraphReader* graph = read_only_ ? reader_.get() : writer_ ? &writer_->view() : nullptr;
    if (!graph) return ErrorVal(Status::InvalidArgument("the database is not open"));
    auto r = read(*graph, params->as_map());
    if (!r.ok()) return ErrorVal(r.status());
    result = std::move(*r);
  }
  // The rows leave through a cursor, a chunk at a time (NextRows); the rest
  // is a little JSON.
  constexpr auto kReplace = nlohmann::json::error_handler_t::replace;
  nlohmann::json meta = {{"columns", std::move(result.columns)}};
  if (!counters.is_null()) meta["counters"] = std::move(counters);
  if (result.csv.loaded) meta["loadCsv"] = {{"rows", result.csv.rows}, {"bytes", result.csv.bytes}};
  if (!result.profile.empty()) meta["profile"] = std::move(result.profile);
  cursor_ = std::make_unique<api::ResultCursor>(std::move(result.rows), lossless);
  meta_ = meta.dump(-1, ' ', false, kReplace);
  return RowsReply();
}

val DatabaseClient::NextRows() {
  meta_.clear();
  return RowsReply();
}

val DatabaseClient::RowsReply() {
  const bool any = cursor_ && cursor_->Next(&chunk_);
  if (!any || cursor_->rows_left() == 0) cursor_.reset();
  // Five words read from wasm memory rather than a JS object built
  // property by property: the fixed cost of every statement.
  auto address = [](const std::string& s) {
    return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(s.data()));
  };
  reply_words_[0] = address(chunk_);
  reply_words_[1] = any ? static_cast<uint32_t>(chunk_.size()) : 0;
  reply_words_[2] = cursor_ != nullptr;
  reply_words_[3] = address(meta_);
  reply_words_[4] = static_cast<uint32_t>(meta_.size());
  return val(static_cast<double>(reinterpret_cast<uintptr_t>(reply_words_)));
}

val DatabaseClient::Refresh() {
  if (writer_ && writer_->staged() > 0) {
    return ErrorVal(
        Status::InvalidArgument("commit or discard the staged changes before refresh()"));
  }
  Status s = OpenAgain();
  return s.ok() ? val::object() : ErrorVal(s);
}

val DatabaseClient::UpsertNode(std::string labels_json, std::string id,
                               std::string properties_json) {
  auto writer = Writer();
  if (!writer.ok()) return ErrorVal(writer.status());
  auto labels = ValueFromJsonText(labels_json);
  if (!labels.ok()) return ErrorVal(labels.status());
  std::vector<std::string> names;
  if (labels->kind() != ValueKind::kList)
    return ErrorVal(Status::InvalidArgument("labels must be an array"));
  for (const auto& l : labels->as_list()) {
    if (l.kind() != ValueKind::kString)
      return ErrorVal(Status::InvalidArgument("labels must be strings"));
    names.push_back(l.as_string());
  }
  auto props = PropertiesFrom(properties_json);
  if (!props.ok()) return ErrorVal(props.status());
  Uuid uuid = IdFrom(id);
  Status s = (*writer)->UpsertNode(std::move(names), uuid, std::move(*props));
  return s.ok() ? IdReply(uuid) : ErrorVal(s);
}

val DatabaseClient::UpsertEdge(std::string type, std::string src, std::string dst,
                               std::string properties_json, std::string id) {
  auto writer = Writer();
  if (!writer.ok()) return ErrorVal(writer.status());
  auto props = PropertiesFrom(properties_json);
  if (!props.ok()) return ErrorVal(props.status());
  std::optional<Uuid> edge_id;
  if (!id.empty()) edge_id = IdFrom(id);
  auto made =
      (*writer)->UpsertEdge(std::move(type), IdFrom(src), IdFrom(dst), std::move(*props), edge_id);
  return made.ok() ? IdReply(*made) : ErrorVal(made.status());
}

val DatabaseClient::StageBatch(std::string batch) {
  auto writer = Writer();
  if (!writer.ok()) return ErrorVal(writer.status());
  auto decoded = DecodeStagingBatch(batch);
  if (!decoded.ok()) return ErrorVal(decoded.status());
  batch = {};  // decoded: the bytes are not needed while staging
  auto stage = [&](auto& elements) -> val {
    Status s;
    if constexpr (std::is_same_v<std::decay_t<decltype(elements)>, std::vector<NodeUpsert>>) {
      s = (*writer)->UpsertNodes(elements);
    } else {
      s = (*writer)->UpsertEdges(elements);
    }
    if (!s.ok()) return ErrorVal(s);
    val out = val::object();
    out.set("count", static_cast<double>(elements.size()));
    return out;
  };
  return std::visit(stage, *decoded);
}

val DatabaseClient::TombstoneNode(std::string id) {
  auto writer = Writer();
  if (!writer.ok()) return ErrorVal(writer.status());
  Status s = (*writer)->TombstoneNode(IdFrom(id));
  return s.ok() ? val::object() : ErrorVal(s);
}

val DatabaseClient::TombstoneEdge(std::string id) {
  auto writer = Writer();
  if (!writer.ok()) return ErrorVal(writer.status());
  Status s = (*writer)->TombstoneEdge(IdFrom(id));
  return s.ok() ? val::object() : ErrorVal(s);
}

double DatabaseClient::Staged() const {
  return writer_ ? static_cast<double>(writer_->staged()) : 0;
}

val DatabaseClient::Commit() {
  auto writer = Writer();
  if (!writer.ok()) return ErrorVal(writer.status());
  return VersionReply((*writer)->CommitBatch());
}

void DatabaseClient::Discard() {
  if (writer_) writer_->DiscardBatch();
}

val DatabaseClient::Flush() {
  auto writer = Writer();
  if (!writer.ok()) return ErrorVal(writer.status());
  return VersionReply((*writer)->Flush());
}

val DatabaseClient::Compact() {
  auto writer = Writer();
  if (!writer.ok()) return ErrorVal(writer.status());
  return VersionReply((*writer)->Compact());
}

val DatabaseClient::Gc(double grace_ms) {
  auto writer = Writer();
  if (!writer.ok()) return ErrorVal(writer.status());
  auto gc =
      (*writer)->CollectGarbage(grace_ms >= 0 ? static_cast<int64_t>(grace_ms) : gc_grace_ms_);
  if (!gc.ok()) return ErrorVal(gc.status());
  val out = val::object();
  out.set("deleted", static_cast<double>(gc->deleted));
  out.set("deletedBytes", static_cast<double>(gc->deleted_bytes));
  out.set("kept", static_cast<double>(gc->kept));
  out.set("keptBytes", static_cast<double>(gc->kept_bytes));
  out.set("version", static_cast<double>((*writer)->manifest().version));
  return out;
}

val DatabaseClient::Recover(std::string ns, std::string prefix) {
  RecoveryOptions options;
  options.prefix = std::move(prefix);
  auto report = RecoverManifest(store_, ns, options);
  if (!report.ok()) return ErrorVal(report.status());
  val out = val::object();
  out.set("version", static_cast<double>(report->version));
  out.set("lastLsn", static_cast<double>(report->last_lsn));
  out.set("checkpoint", report->checkpoint);
  out.set("tables", static_cast<double>(report->tables));
  out.set("walSegments", static_cast<double>(report->wal_segments));
  val forks = val::array();
  for (const auto& key : report->forks) forks.call<void>("push", key);
  out.set("forks", forks);
  out.set("retired", static_cast<double>(report->retired));
  return out;
}

}  // namespace namidb
