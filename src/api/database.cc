#include "api/database.h"

#include <type_traits>
#include <utility>
#include <variant>

#include "storage/staging_batch_codec.h"

namespace namidb::api {

Database::Database(std::shared_ptr<ObjectStore> store, const query::CsvSources* csv)
    : store_(std::move(store)), csv_(csv) {}

Status Database::Open(DatabaseOptions options) {
  options_ = std::move(options);
  const uint64_t start =
      options_.cache_bytes > 0 ? options_.cache_bytes : BlockCache::kDefaultCapacityBytes;
  cache_ = std::make_shared<BlockCache>(start, options_.max_cache_bytes);
  return OpenAgain();
}

Status Database::OpenAgain() {
  if (options_.read_only) {
    NAMIDB_ASSIGN_OR_RETURN(NamespaceLayout layout,
                            NamespaceLayout::Make(options_.prefix, options_.ns));
    NAMIDB_ASSIGN_OR_RETURN(reader_, GraphReader::Open(store_, layout, cache_));
    return Status::OK();
  }
  WriterOptions writer_options;
  writer_options.prefix = options_.prefix;
  writer_options.cache = cache_;
  writer_options.gc_grace_ms = options_.gc_grace_ms;
  // The nodes an edge's endpoints were confirmed live: the cache's ceiling again.
  writer_options.live_nodes_bytes = cache_->max_capacity_bytes();
  if (options_.memtable_bytes > 0) {
    writer_options.flush_after_memtable_bytes = options_.memtable_bytes;
  }
  NAMIDB_ASSIGN_OR_RETURN(writer_, WriterSession::Open(store_, options_.ns, writer_options));
  return Status::OK();
}

void Database::Close() {
  statements_.clear();  // their plans may point into the session's schema
  plans_.Clear();
  writer_.reset();  // staged changes go with it
  reader_.reset();
}

Status Database::Refresh() {
  if (writer_ && writer_->staged() > 0) {
    return Status::InvalidArgument("commit or discard the staged changes before refresh()");
  }
  return OpenAgain();
}

DatabaseStats Database::Stats() const {
  DatabaseStats out;
  if (cache_) out.cache = cache_->stats();
  out.plans = plans_.stats();
  if (writer_) {
    const LiveNodeSet& live = writer_->live_nodes();
    out.live_nodes = DatabaseStats::LiveNodes{live.size(), live.bytes(), live.budget_bytes()};
    const GraphState& memtable = writer_->view().overlay();
    out.memtable =
        DatabaseStats::Memtable{memtable.bytes(), writer_->options().flush_after_memtable_bytes,
                                memtable.node_slots(), memtable.edge_slots()};
    const CompactionCounters& merged = writer_->compaction_counters();
    out.compaction =
        DatabaseStats::Compaction{writer_->view().runs().size(), merged.merges,
                                  merged.bottom_merges, merged.bytes_read, merged.bytes_written};
  }
  return out;
}

GraphReader* Database::graph() {
  if (options_.read_only) return reader_.get();
  return writer_ ? &writer_->view() : nullptr;
}

Status Database::Writable() const {
  if (options_.read_only) {
    return Status::InvalidArgument(
        "this database was opened with mode 'read'; open it with mode 'write' to change it");
  }
  if (!writer_) return Status::InvalidArgument("the database is not open");
  return Status::OK();
}

Result<WriterSession*> Database::Writer() {
  NAMIDB_RETURN_IF_ERROR(Writable());
  return writer_.get();
}

query::QueryEnvironment Database::EnvironmentOf(const StatementOptions& options) const {
  return query::QueryEnvironment{&procedures_, options.yield, csv_, options.rows};
}

template <typename ReadFn, typename WriteFn>
Result<StatementResult> Database::Execute(bool write, ReadFn&& read, WriteFn&& write_statement) {
  StatementResult out;
  if (write) {
    NAMIDB_ASSIGN_OR_RETURN(WriterSession * writer, Writer());
    NAMIDB_ASSIGN_OR_RETURN(query::WriteResult w, write_statement(*writer));
    out.result = std::move(w.result);
    out.counters = w.counters;
    return out;
  }
  GraphReader* reads = graph();
  if (!reads) return Status::InvalidArgument("the database is not open");
  NAMIDB_ASSIGN_OR_RETURN(out.result, read(*reads));
  return out;
}

Result<StatementResult> Database::Run(std::string_view text, const ValueMap& params, bool write,
                                      const StatementOptions& options) {
  if (write) NAMIDB_RETURN_IF_ERROR(Writable());
  GraphReader* reads = graph();
  if (!reads) return Status::InvalidArgument("the database is not open");
  std::shared_ptr<PreparedStatement> statement = plans_.Get(text, reads->stats());
  Result<StatementResult> result = RunStatement(*statement, params, write, options);
  // Not `reads`: a write that had to open the session again replaced it.
  if (GraphReader* after = graph()) plans_.Ran(statement, after->stats());
  return result;
}

Result<int> Database::Prepare(std::string text) {
  NAMIDB_ASSIGN_OR_RETURN(auto prepared, PreparedStatement::Prepare(std::move(text)));
  const int number = next_statement_++;
  statements_[number] = std::move(prepared);
  return number;
}

Result<StatementResult> Database::RunPrepared(int statement, const ValueMap& params, bool write,
                                              const StatementOptions& options) {
  auto found = statements_.find(statement);
  if (found == statements_.end()) {
    return Status::InvalidArgument("this prepared statement is closed");
  }
  return RunStatement(*found->second, params, write, options);
}

Result<StatementResult> Database::RunStatement(PreparedStatement& prepared, const ValueMap& params,
                                               bool write, const StatementOptions& options) {
  const query::QueryEnvironment environment = EnvironmentOf(options);
  return Execute(
      write,
      [&](GraphReader& graph) {
        return prepared.Query(graph, params, options.limits, environment);
      },
      [&](WriterSession& writer) {
        return prepared.Write(writer, params, options.limits, environment);
      });
}

void Database::CloseStatement(int statement) { statements_.erase(statement); }

Status Database::RegisterProcedure(query::Procedure procedure) {
  return procedures_.Register(std::move(procedure));
}

Result<Uuid> Database::UpsertNode(std::vector<std::string> labels, std::string_view id,
                                  ValueMap properties) {
  NAMIDB_ASSIGN_OR_RETURN(WriterSession * writer, Writer());
  const Uuid uuid = ElementIdFromText(id);
  NAMIDB_RETURN_IF_ERROR(writer->UpsertNode(std::move(labels), uuid, std::move(properties)));
  return uuid;
}

Result<Uuid> Database::UpsertEdge(std::string type, std::string_view src, std::string_view dst,
                                  ValueMap properties, std::string_view id) {
  NAMIDB_ASSIGN_OR_RETURN(WriterSession * writer, Writer());
  std::optional<Uuid> edge_id;
  if (!id.empty()) edge_id = ElementIdFromText(id);
  return writer->UpsertEdge(std::move(type), ElementIdFromText(src), ElementIdFromText(dst),
                            std::move(properties), edge_id);
}

Status Database::TombstoneNode(std::string_view id) {
  NAMIDB_ASSIGN_OR_RETURN(WriterSession * writer, Writer());
  return writer->TombstoneNode(ElementIdFromText(id));
}

Status Database::TombstoneEdge(std::string_view id) {
  NAMIDB_ASSIGN_OR_RETURN(WriterSession * writer, Writer());
  return writer->TombstoneEdge(ElementIdFromText(id));
}

Result<uint64_t> Database::StageBatch(std::string batch) {
  NAMIDB_ASSIGN_OR_RETURN(WriterSession * writer, Writer());
  NAMIDB_ASSIGN_OR_RETURN(StagingBatch decoded, DecodeStagingBatch(batch));
  batch = {};  // decoded: the bytes are not needed while staging
  auto stage = [&](auto& elements) -> Result<uint64_t> {
    if constexpr (std::is_same_v<std::decay_t<decltype(elements)>, std::vector<NodeUpsert>>) {
      NAMIDB_RETURN_IF_ERROR(writer->UpsertNodes(elements));
    } else {
      NAMIDB_RETURN_IF_ERROR(writer->UpsertEdges(elements));
    }
    return static_cast<uint64_t>(elements.size());
  };
  return std::visit(stage, decoded);
}

uint64_t Database::staged() const { return writer_ ? writer_->staged() : 0; }

Result<uint64_t> Database::Commit() {
  NAMIDB_ASSIGN_OR_RETURN(WriterSession * writer, Writer());
  return writer->CommitBatch();
}

void Database::Discard() {
  if (writer_) writer_->DiscardBatch();
}

Result<uint64_t> Database::Flush() {
  NAMIDB_ASSIGN_OR_RETURN(WriterSession * writer, Writer());
  return writer->Flush();
}

Result<uint64_t> Database::Compact() {
  NAMIDB_ASSIGN_OR_RETURN(WriterSession * writer, Writer());
  return writer->Compact();
}

Result<GcReport> Database::Gc(std::optional<int64_t> grace_ms) {
  NAMIDB_ASSIGN_OR_RETURN(WriterSession * writer, Writer());
  GcReport report;
  NAMIDB_ASSIGN_OR_RETURN(report.collected,
                          writer->CollectGarbage(grace_ms.value_or(options_.gc_grace_ms)));
  report.version = writer->manifest().version;
  return report;
}

Result<RecoveryReport> Database::Recover(std::shared_ptr<ObjectStore> store, std::string_view ns,
                                         std::string prefix) {
  RecoveryOptions options;
  options.prefix = std::move(prefix);
  return RecoverManifest(std::move(store), ns, options);
}

}  // namespace namidb::api
