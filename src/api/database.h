// Database: one namespace opened for writing or for reading, and everything
// done with it (db.* of docs/api.md), in plain C++. The wasm bindings
// (wasm/database_client.h) only convert to and from JavaScript around it;
// native tools and tests use it as it is.
//
// Opened for writing it is a WriterSession whose view serves reads (they
// see its own writes at once); opened for reading it is a GraphReader
// pinned to the manifest it found, until Refresh(). The store, LOAD CSV's
// sources and a statement's yield come from the caller; the procedures
// registered are kept here, next to the built-ins.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/plan_cache.h"
#include "api/prepared_statement.h"
#include "core/status.h"
#include "core/uuid.h"
#include "core/value.h"
#include "query/execution/csv_source.h"
#include "query/functions/procedures.h"
#include "query/query_runner.h"
#include "storage/block_cache.h"
#include "storage/graph_reader.h"
#include "storage/recovery.h"
#include "storage/writer_session.h"
#include "store/object_store.h"

namespace namidb::api {

struct DatabaseOptions {
  std::string ns;
  std::string prefix;  // key prefix in front of the namespace
  bool read_only = false;
  // The block cache's budget to start with (0: BlockCache's default), and
  // the ceiling it may grow to by its own statistics (storage/block_cache.h;
  // at or below the start: a fixed size). A writer's set of nodes confirmed
  // live (WriterOptions::live_nodes_bytes) may take as much as the ceiling.
  uint64_t cache_bytes = 0;
  uint64_t max_cache_bytes = 0;
  int64_t gc_grace_ms = kDefaultGcGraceMs;  // of the collection after flushes
  // A writer flushes after a commit that leaves its memtable at this many
  // bytes or more (WriterOptions::flush_after_memtable_bytes; 0: its default).
  uint64_t memtable_bytes = 0;
};

// How one statement runs: its bounds, its cooperative yield, and where its
// rows go as they are made (null: into the result's rows; see
// query::RowSink, and RowChunkWriter, which writes them in chunks).
struct StatementOptions {
  query::QueryLimits limits;
  query::StatementYield yield;
  query::RowSink* rows = nullptr;
};

// A statement's result; `counters` only for a statement run as a write.
struct StatementResult {
  query::QueryResult result;
  std::optional<query::UpdateCounters> counters;
};

// What the database's memory holds now (db.stats() of docs/api.md).
struct DatabaseStats {
  BlockCache::Stats cache;
  // A writer's set of nodes confirmed live.
  struct LiveNodes {
    uint64_t count = 0;
    uint64_t bytes = 0;
    uint64_t max_bytes = 0;
  };
  std::optional<LiveNodes> live_nodes;  // writers only
  PlanCache::Stats plans;               // db.query / db.write's plan cache
  // A writer's memtable: what was committed since the last flush and what
  // is staged, as records in memory (GraphState::bytes()), and the budget
  // past which a commit flushes.
  struct Memtable {
    uint64_t bytes = 0;
    uint64_t max_bytes = 0;
    uint64_t nodes = 0;  // node entries (records, and endpoints of its edges)
    uint64_t edges = 0;  // edge records
  };
  std::optional<Memtable> memtable;  // writers only
  // A writer's runs of data files now, and the merges its flushes and
  // compact() made since it opened (WriterSession::compaction_counters()).
  struct Compaction {
    uint64_t runs = 0;
    uint64_t merges = 0;
    uint64_t bottom_merges = 0;  // merges that included the oldest run
    uint64_t bytes_read = 0;
    uint64_t bytes_written = 0;
  };
  std::optional<Compaction> compaction;  // writers only
};

struct GcReport {
  GcResult collected;
  uint64_t version = 0;  // the manifest's after the collection
};

class Database {
 public:
  // `csv`, if given, answers LOAD CSV and outlives the database; without
  // it LOAD CSV fails with an error naming the URL.
  explicit Database(std::shared_ptr<ObjectStore> store, const query::CsvSources* csv = nullptr);

  // Opens (or opens again, elsewhere) the namespace. A writer creates it if
  // it does not exist; a reader needs its manifest.
  Status Open(DatabaseOptions options);
  bool is_open() const { return writer_ != nullptr || reader_ != nullptr; }
  bool read_only() const { return options_.read_only; }
  // OK if this database may change the namespace (open, for writing);
  // otherwise the error every change returns.
  Status Writable() const;
  // Lets the session go: nothing staged is kept, prepared statements are
  // closed; calls after it are "not open" errors until Open again.
  void Close();
  // Moves to the namespace's newest manifest (a writer: opens again, which
  // also recovers from a lost commit). Nothing may be staged.
  Status Refresh();

  // Runs `text` as a read (on the reader, or the writer's view) or, with
  // `write`, as one transaction committed on success. The text's plan is
  // kept for its next run (api/plan_cache.h).
  Result<StatementResult> Run(std::string_view text, const ValueMap& params, bool write,
                              const StatementOptions& options = {});
  // Prepared statements (api/prepared_statement.h), kept by number until
  // CloseStatement or until the database is destroyed. A syntax error is
  // returned by Prepare.
  Result<int> Prepare(std::string text);
  Result<StatementResult> RunPrepared(int statement, const ValueMap& params, bool write,
                                      const StatementOptions& options = {});
  void CloseStatement(int statement);

  // A procedure statements may CALL (a name of a built-in replaces it).
  Status RegisterProcedure(query::Procedure procedure);

  // Staging (writers only): changes kept until Commit or Discard, seen by
  // this database's reads at once. An id is a UUID's text or any other
  // text a UUID is derived from (storage/staging_batch_codec.h); the id
  // used is returned.
  Result<Uuid> UpsertNode(std::vector<std::string> labels, std::string_view id,
                          ValueMap properties);
  // `id` empty: derived from (type, src, dst), so repeating it updates.
  Result<Uuid> UpsertEdge(std::string type, std::string_view src, std::string_view dst,
                          ValueMap properties, std::string_view id = {});
  Status TombstoneNode(std::string_view id);
  Status TombstoneEdge(std::string_view id);
  // A binary staging batch (storage/staging_batch_codec.h), all or
  // nothing: returns how many elements it staged; an error names the
  // element and stages nothing.
  // The bytes are released once decoded, before staging.
  Result<uint64_t> StageBatch(std::string batch);
  uint64_t staged() const;
  Result<uint64_t> Commit();  // the manifest's version
  void Discard();

  Result<uint64_t> Flush();    // the manifest's version
  Result<uint64_t> Compact();  // the manifest's version
  // Garbage collection now; no `grace_ms`: the one the database was opened with.
  Result<GcReport> Gc(std::optional<int64_t> grace_ms = std::nullopt);

  // The block cache's statistics, a writer's set of live nodes and its
  // memtable; the cache lives as long as the database (refresh() keeps
  // it), the set as long as the session.
  DatabaseStats Stats() const;

  // The reads' graph (the reader, or the writer's view) and the writer,
  // for callers that go below the facade; null when not open / read-only.
  GraphReader* graph();
  WriterSession* writer() { return writer_.get(); }
  const std::shared_ptr<ObjectStore>& store() const { return store_; }

  // Rebuilds the lost manifest of namespace `ns` in `store`
  // (storage/recovery.h); no database need be open.
  static Result<RecoveryReport> Recover(std::shared_ptr<ObjectStore> store, std::string_view ns,
                                        std::string prefix = {});

 private:
  Status OpenAgain();
  Result<WriterSession*> Writer();
  query::QueryEnvironment EnvironmentOf(const StatementOptions& options) const;
  template <typename ReadFn, typename WriteFn>
  Result<StatementResult> Execute(bool write, ReadFn&& read, WriteFn&& write_statement);
  Result<StatementResult> RunStatement(PreparedStatement& prepared, const ValueMap& params,
                                       bool write, const StatementOptions& options);

  std::shared_ptr<ObjectStore> store_;
  const query::CsvSources* csv_;
  DatabaseOptions options_;
  std::shared_ptr<BlockCache> cache_;
  std::unique_ptr<WriterSession> writer_;
  std::unique_ptr<GraphReader> reader_;
  query::ProcedureRegistry procedures_;
  std::map<int, std::unique_ptr<PreparedStatement>> statements_;
  PlanCache plans_;  // db.query / db.write's statements, by text
  int next_statement_ = 1;
};

}  // namespace namidb::api
