// DatabaseClient: one namespace opened from JavaScript (js/src/database.ts),
// an api::Database (src/api/database.h) that does the work; this class only
// converts. Parameters and bulk staging cross as binary batches, single
// upserts' labels and properties as JSON text, results as chunks of the
// binary row format (api/row_chunk_writer.h). The seams the facade takes from its caller are
// the JS store, LOAD CSV's sources and procedures answered by the bridge,
// and the statement's yield to the event loop. Every method returns a
// reply (replies.h).
#pragma once

#include <emscripten/val.h>

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/database.h"
#include "api/row_chunk_writer.h"
#include "js_csv_source.h"

namespace namidb {

class DatabaseClient {
 public:
  explicit DatabaseClient(int store_id);

  // `cache_bytes` <= 0: the default block cache size; `max_cache_bytes`
  // the ceiling it may grow to (at or below the start: fixed); `gc_grace_ms`
  // < 0: the default grace period of the collection after flushes;
  // `memtable_bytes` <= 0: the writer's default flush budget.
  emscripten::val Open(std::string ns, std::string prefix, bool read_only, double cache_bytes,
                       double max_cache_bytes, double gc_grace_ms, double memtable_bytes);
  // The address of a rows reply or {error}; the limits as in
  // query::QueryLimits (0: none). The rows go out while the statement runs,
  // a chunk at a time (namidb_rows_chunk, to bridge.ts rowsChunk), all but
  // the last, which the reply holds: the address of four u32 words, the
  // last chunk's address and length (0: none) and the address and length
  // of `meta`, the result's columns, counters, loadCsv and profile as JSON
  // text. They stay in wasm memory until the next statement of this client.
  // A statement that fails replies {error}, and the chunks it handed out
  // are not its result. While it computes, the statement
  // yields to the event loop about every `yield_every_ms` (namidb_yield in
  // wasm/bridge_library.js), and stops if its AbortSignal fired meanwhile.
  emscripten::val Run(std::string text, std::string params_batch, bool write, bool lossless,
                      double max_rows, double max_intermediate_rows, double max_memory_bytes,
                      double timeout_ms, double yield_every_ms);
  // Prepared statements (api/prepared_statement.h), kept by number until
  // CloseStatement or until this client is deleted: {statement} or {error}
  // (a syntax error).
  emscripten::val Prepare(std::string text);
  // Run, for prepared statement `statement`.
  emscripten::val RunPrepared(int statement, std::string params_batch, bool write, bool lossless,
                              double max_rows, double max_intermediate_rows,
                              double max_memory_bytes, double timeout_ms, double yield_every_ms);
  void CloseStatement(int statement);
  // Moves to the namespace's newest manifest (a writer: reopens, which also
  // recovers from a lost commit; nothing may be staged).
  emscripten::val Refresh();
  // Registers procedure `signature` (text, query/functions/procedures.h) whose body
  // is JS handler `handler` (js/src/bridge.ts); `lossless` as for Run.
  // Replies {name, inputs, outputs} (field names) or {error}.
  emscripten::val RegisterProcedure(std::string signature, int handler, bool lossless);

  // Staging (writers). An id is a UUID, or any other string a UUID is
  // derived from (the same string, the same id). Replies carry the id used.
  emscripten::val UpsertNode(std::string labels_json, std::string id, std::string properties_json);
  // `id` empty: derived from (type, src, dst), so repeating it updates.
  emscripten::val UpsertEdge(std::string type, std::string src, std::string dst,
                             std::string properties_json, std::string id);
  emscripten::val TombstoneNode(std::string id);
  emscripten::val TombstoneEdge(std::string id);
  // Bulk staging (upsertNodes / upsertEdges), all or nothing: a binary
  // staging batch (storage/staging_batch_codec.h). Replies {count}; an
  // error names the element and stages nothing. The batch is at [data,
  // data + size) in wasm memory, allocated by the caller with _malloc
  // (embind would copy a Uint8Array in byte by byte); this call takes
  // ownership and frees it.
  emscripten::val StageBatch(uintptr_t data, double size);
  double Staged() const;
  emscripten::val Commit();  // {version}
  void Discard();
  emscripten::val Flush();
  emscripten::val Compact();
  // api::Database::Stats: {cache: {hits, misses, ghostHits, evictions,
  // blocks, bytes, capacityBytes, startBytes, maxBytes, grows, ghosts},
  // liveNodes?: {count, bytes, maxBytes}, memtable?: {bytes, maxBytes,
  // nodes, relationships}, plans: {hits, misses, entries, textBytes}}
  // (liveNodes and memtable for a writer).
  emscripten::val Stats() const;
  // Garbage collection now; `grace_ms` < 0: the session's grace period.
  // {deleted, deletedBytes, kept, keptBytes, version}.
  emscripten::val Gc(double grace_ms);
  // Rebuilds the lost manifest of namespace `ns` (storage/recovery.h) in
  // this client's store; the client need not be open. {version, lastLsn,
  // checkpoint, tables, walSegments, forks, retired}.
  emscripten::val Recover(std::string ns, std::string prefix);

 private:
  // What Run and RunPrepared share: the statement's limits and yield.
  api::StatementOptions OptionsOf(double max_rows, double max_intermediate_rows,
                                  double max_memory_bytes, double timeout_ms,
                                  double yield_every_ms) const;
  // What Run and RunPrepared share: the parameters decoded, and the rows
  // written into chunks copied out to JS as they fill (namidb_rows_chunk).
  using StatementRun = std::function<Result<api::StatementResult>(
      const ValueMap& params, const api::StatementOptions& options)>;
  emscripten::val RunStatement(std::string_view params_batch, bool lossless,
                               api::StatementOptions options, const StatementRun& run);
  // A statement's result, or its error, as a rows reply (Run); `rows`
  // holds its last chunk.
  emscripten::val Reply(Result<api::StatementResult> result, api::RowChunkWriter& rows);

  int store_id_;  // the JS store's number in the bridge, which also keeps the statement's signal
  JsCsvSources csv_{store_id_};  // LOAD CSV's sources, answered by the bridge
  api::Database db_;
  std::string chunk_;  // the last statement's last chunk of rows
  std::string meta_;   // the last statement's meta JSON
  // The columns meta_ was made for when it held nothing else: a statement
  // run again with the same columns reuses the text (JSON made per call
  // cost about 1 us, docs/benchmarks.md "Calls").
  std::optional<std::vector<std::string>> meta_columns_;
  uint32_t reply_words_[4] = {};  // the rows reply's words
};

}  // namespace namidb
