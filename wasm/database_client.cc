#include "database_client.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "api/row_chunk_writer.h"
#include "core/value_json.h"
#include "js_object_store.h"
#include "js_procedure.h"
#include "replies.h"
#include "storage/staging_batch_codec.h"

using emscripten::val;

// The statement's cooperative yield (wasm/bridge_library.js, an async
// import): one turn of the JS event loop; then 0 to go on, 1 if the
// caller's AbortSignal fired meanwhile, 2 if the statement's timer did.
extern "C" {
int namidb_yield(int store);
// Copies a chunk of the running statement's rows out to JS (bridge.ts rowsChunk).
void namidb_rows_chunk(int store, const char* data, size_t length);
}

namespace namidb {
namespace {

Result<ValueMap> PropertiesFrom(const std::string& json) {
  if (json.empty()) return ValueMap();
  NAMIDB_ASSIGN_OR_RETURN(Value v, ValueFromJsonText(json));
  if (v.kind() != ValueKind::kMap) return Status::InvalidArgument("properties must be an object");
  return v.as_map();
}

val IdReply(const Result<Uuid>& id) {
  if (!id.ok()) return ErrorVal(id.status());
  val out = val::object();
  out.set("id", id->ToString());
  return out;
}

val VersionReply(const Result<uint64_t>& version) {
  if (!version.ok()) return ErrorVal(version.status());
  val out = val::object();
  out.set("version", static_cast<double>(*version));
  return out;
}

val EmptyReply(const Status& status) { return status.ok() ? val::object() : ErrorVal(status); }

}  // namespace

DatabaseClient::DatabaseClient(int store_id)
    : store_id_(store_id), db_(std::make_shared<JsObjectStore>(store_id), &csv_) {}

val DatabaseClient::Open(std::string ns, std::string prefix, bool read_only, double cache_bytes,
                         double max_cache_bytes, double gc_grace_ms, double memtable_bytes) {
  api::DatabaseOptions options;
  options.ns = std::move(ns);
  options.prefix = std::move(prefix);
  options.read_only = read_only;
  options.cache_bytes = cache_bytes > 0 ? static_cast<uint64_t>(cache_bytes) : 0;
  options.max_cache_bytes = max_cache_bytes > 0 ? static_cast<uint64_t>(max_cache_bytes) : 0;
  options.gc_grace_ms = gc_grace_ms >= 0 ? static_cast<int64_t>(gc_grace_ms) : kDefaultGcGraceMs;
  options.memtable_bytes = memtable_bytes > 0 ? static_cast<uint64_t>(memtable_bytes) : 0;
  return EmptyReply(db_.Open(std::move(options)));
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
  Status s = db_.RegisterProcedure({std::move(*parsed), std::move(body), ""});
  return s.ok() ? out : ErrorVal(s);
}

api::StatementOptions DatabaseClient::OptionsOf(double max_rows, double max_intermediate_rows,
                                                double max_memory_bytes, double timeout_ms,
                                                double yield_every_ms) const {
  api::StatementOptions options;
  query::QueryLimits& limits = options.limits;
  limits.max_rows = max_rows > 0 ? static_cast<uint64_t>(max_rows) : 0;
  limits.max_intermediate_rows =
      max_intermediate_rows > 0 ? static_cast<uint64_t>(max_intermediate_rows) : 0;
  limits.max_memory_bytes = max_memory_bytes > 0 ? static_cast<uint64_t>(max_memory_bytes) : 0;
  limits.timeout_ms = timeout_ms > 0 ? timeout_ms : 0;
  if (yield_every_ms > 0) {
    const int store = store_id_;
    options.yield.hook = [store, timeout_ms]() -> Status {
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
    options.yield.every_ms = yield_every_ms;
  }
  return options;
}

val DatabaseClient::Run(std::string text, std::string params_batch, bool write, bool lossless,
                        double max_rows, double max_intermediate_rows, double max_memory_bytes,
                        double timeout_ms, double yield_every_ms) {
  return RunStatement(
      params_batch, lossless,
      OptionsOf(max_rows, max_intermediate_rows, max_memory_bytes, timeout_ms, yield_every_ms),
      [&](const ValueMap& params, const api::StatementOptions& options) {
        return db_.Run(text, params, write, options);
      });
}

val DatabaseClient::Prepare(std::string text) {
  auto number = db_.Prepare(std::move(text));
  if (!number.ok()) return ErrorVal(number.status());
  val out = val::object();
  out.set("statement", *number);
  return out;
}

val DatabaseClient::RunPrepared(int statement, std::string params_batch, bool write, bool lossless,
                                double max_rows, double max_intermediate_rows,
                                double max_memory_bytes, double timeout_ms, double yield_every_ms) {
  return RunStatement(
      params_batch, lossless,
      OptionsOf(max_rows, max_intermediate_rows, max_memory_bytes, timeout_ms, yield_every_ms),
      [&](const ValueMap& params, const api::StatementOptions& options) {
        return db_.RunPrepared(statement, params, write, options);
      });
}

void DatabaseClient::CloseStatement(int statement) { db_.CloseStatement(statement); }

val DatabaseClient::RunStatement(std::string_view params_batch, bool lossless,
                                 api::StatementOptions options, const StatementRun& run) {
  auto params = DecodeParameterBatch(params_batch);
  if (!params.ok()) return ErrorVal(params.status());
  api::RowChunkWriter rows(lossless, [store = store_id_](std::string_view chunk) {
    namidb_rows_chunk(store, chunk.data(), chunk.size());
  });
  options.rows = &rows;
  return Reply(run(*params, options), rows);
}

val DatabaseClient::Reply(Result<api::StatementResult> statement, api::RowChunkWriter& rows) {
  if (!statement.ok()) return ErrorVal(statement.status());
  query::QueryResult& result = statement->result;
  // The rows went out chunk by chunk while the statement ran, all but the
  // last; the rest is a little JSON.
  constexpr auto kReplace = nlohmann::json::error_handler_t::replace;
  chunk_ = rows.Finish();
  const bool columns_only = !statement->counters && !result.csv.loaded && result.profile.empty();
  if (!columns_only || meta_columns_ != result.columns) {
    meta_columns_.reset();
    if (columns_only) meta_columns_ = result.columns;
    nlohmann::json meta = {{"columns", std::move(result.columns)}};
    if (statement->counters) {
      const auto& c = *statement->counters;
      meta["counters"] = {{"nodesCreated", c.nodes_created},
                          {"nodesDeleted", c.nodes_deleted},
                          {"relationshipsCreated", c.relationships_created},
                          {"relationshipsDeleted", c.relationships_deleted},
                          {"propertiesSet", c.properties_set},
                          {"labelsAdded", c.labels_added},
                          {"labelsRemoved", c.labels_removed}};
    }
    if (result.csv.loaded)
      meta["loadCsv"] = {{"rows", result.csv.rows}, {"bytes", result.csv.bytes}};
    if (!result.profile.empty()) meta["profile"] = std::move(result.profile);
    meta_ = meta.dump(-1, ' ', false, kReplace);
  }
  // Four words read from wasm memory rather than a JS object built
  // property by property: the fixed cost of every statement.
  auto address = [](const std::string& s) {
    return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(s.data()));
  };
  reply_words_[0] = address(chunk_);
  reply_words_[1] = static_cast<uint32_t>(chunk_.size());
  reply_words_[2] = address(meta_);
  reply_words_[3] = static_cast<uint32_t>(meta_.size());
  return val(static_cast<double>(reinterpret_cast<uintptr_t>(reply_words_)));
}

val DatabaseClient::Refresh() { return EmptyReply(db_.Refresh()); }

val DatabaseClient::UpsertNode(std::string labels_json, std::string id,
                               std::string properties_json) {
  Status writable = db_.Writable();
  if (!writable.ok()) return ErrorVal(writable);
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
  return IdReply(db_.UpsertNode(std::move(names), id, std::move(*props)));
}

val DatabaseClient::UpsertEdge(std::string type, std::string src, std::string dst,
                               std::string properties_json, std::string id) {
  Status writable = db_.Writable();
  if (!writable.ok()) return ErrorVal(writable);
  auto props = PropertiesFrom(properties_json);
  if (!props.ok()) return ErrorVal(props.status());
  return IdReply(db_.UpsertEdge(std::move(type), src, dst, std::move(*props), id));
}

val DatabaseClient::StageBatch(uintptr_t data, double size) {
  std::unique_ptr<char, decltype(&free)> owned(reinterpret_cast<char*>(data), &free);
  auto count = db_.StageBatch(std::string(owned.get(), static_cast<size_t>(size)));
  if (!count.ok()) return ErrorVal(count.status());
  val out = val::object();
  out.set("count", static_cast<double>(*count));
  return out;
}

val DatabaseClient::TombstoneNode(std::string id) { return EmptyReply(db_.TombstoneNode(id)); }

val DatabaseClient::TombstoneEdge(std::string id) { return EmptyReply(db_.TombstoneEdge(id)); }

double DatabaseClient::Staged() const { return static_cast<double>(db_.staged()); }

val DatabaseClient::Commit() { return VersionReply(db_.Commit()); }

void DatabaseClient::Discard() { db_.Discard(); }

val DatabaseClient::Flush() { return VersionReply(db_.Flush()); }

val DatabaseClient::Compact() { return VersionReply(db_.Compact()); }

val DatabaseClient::Stats() const {
  const api::DatabaseStats stats = db_.Stats();
  val cache = val::object();
  cache.set("hits", static_cast<double>(stats.cache.hits));
  cache.set("misses", static_cast<double>(stats.cache.misses));
  cache.set("ghostHits", static_cast<double>(stats.cache.ghost_hits));
  cache.set("evictions", static_cast<double>(stats.cache.evictions));
  cache.set("blocks", static_cast<double>(stats.cache.blocks));
  cache.set("bytes", static_cast<double>(stats.cache.size_bytes));
  cache.set("capacityBytes", static_cast<double>(stats.cache.capacity_bytes));
  cache.set("startBytes", static_cast<double>(stats.cache.start_bytes));
  cache.set("maxBytes", static_cast<double>(stats.cache.max_bytes));
  cache.set("grows", static_cast<double>(stats.cache.grows));
  cache.set("ghosts", static_cast<double>(stats.cache.ghosts));
  val out = val::object();
  out.set("cache", cache);
  if (stats.live_nodes) {
    val live = val::object();
    live.set("count", static_cast<double>(stats.live_nodes->count));
    live.set("bytes", static_cast<double>(stats.live_nodes->bytes));
    live.set("maxBytes", static_cast<double>(stats.live_nodes->max_bytes));
    out.set("liveNodes", live);
  }
  val plans = val::object();
  plans.set("hits", static_cast<double>(stats.plans.hits));
  plans.set("misses", static_cast<double>(stats.plans.misses));
  plans.set("entries", static_cast<double>(stats.plans.entries));
  plans.set("textBytes", static_cast<double>(stats.plans.text_bytes));
  out.set("plans", plans);
  if (stats.memtable) {
    val memtable = val::object();
    memtable.set("bytes", static_cast<double>(stats.memtable->bytes));
    memtable.set("maxBytes", static_cast<double>(stats.memtable->max_bytes));
    memtable.set("nodes", static_cast<double>(stats.memtable->nodes));
    memtable.set("relationships", static_cast<double>(stats.memtable->edges));
    out.set("memtable", memtable);
  }
  if (stats.compaction) {
    val compaction = val::object();
    compaction.set("runs", static_cast<double>(stats.compaction->runs));
    compaction.set("merges", static_cast<double>(stats.compaction->merges));
    compaction.set("bottomMerges", static_cast<double>(stats.compaction->bottom_merges));
    compaction.set("bytesRead", static_cast<double>(stats.compaction->bytes_read));
    compaction.set("bytesWritten", static_cast<double>(stats.compaction->bytes_written));
    out.set("compaction", compaction);
  }
  return out;
}

val DatabaseClient::Gc(double grace_ms) {
  std::optional<int64_t> grace;
  if (grace_ms >= 0) grace = static_cast<int64_t>(grace_ms);
  auto gc = db_.Gc(grace);
  if (!gc.ok()) return ErrorVal(gc.status());
  val out = val::object();
  out.set("deleted", static_cast<double>(gc->collected.deleted));
  out.set("deletedBytes", static_cast<double>(gc->collected.deleted_bytes));
  out.set("kept", static_cast<double>(gc->collected.kept));
  out.set("keptBytes", static_cast<double>(gc->collected.kept_bytes));
  out.set("version", static_cast<double>(gc->version));
  return out;
}

val DatabaseClient::Recover(std::string ns, std::string prefix) {
  auto report = api::Database::Recover(db_.store(), ns, std::move(prefix));
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
