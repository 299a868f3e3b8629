#include "storage/run_writer.h"

#include "storage/adjacency_codec.h"

namespace namidb {
namespace {

// Bits a key in the filters of record tables (below).
constexpr int kRecordFilterBitsPerKey = 16;

}  // namespace

Status RunWriter::Add(std::string_view key, std::string_view value) {
  if (!builder_) {
    if (!written_.empty() && key <= largest_) {
      return Status::InvalidArgument("table keys must be strictly ascending");
    }
    builder_.emplace();
    // Adjacency by type is read by group (`type | node`, an edge id after
    // it): its filter holds groups, so a step skips a table that lacks one.
    if (AdjacencyLayoutOf(kind_) == AdjacencyLayout::kByType) builder_->FilterGroups(sizeof(Uuid));
    // Records are looked up by id for every staged element, mostly ids
    // that do not exist yet, in every run: 16 bits a key (k = 11) make a
    // false positive, and the block it reads, about 18 times rarer than 10.
    if (kind_ == "nodes" || kind_ == "edges") builder_->FilterBitsPerKey(kRecordFilterBitsPerKey);
    reserved_ = false;
    smallest_.assign(key);
  }
  NAMIDB_RETURN_IF_ERROR(builder_->Add(key, value));
  largest_.assign(key);
  if (!reserved_ && builder_->size() >= spec_.target_bytes / 4) {
    // Large enough to be a full table: size the buffer once (a table ends one
    // block past the target, plus its index and filter) rather than let a
    // growing string hold two copies.
    builder_->Reserve(spec_.target_bytes + spec_.target_bytes / 8 + (64u << 10));
    reserved_ = true;
  }
  // Cut at the target size, or before the meta region (what a reader keeps
  // of every open table) could pass its limit: many small entries.
  if (builder_->size() >= spec_.target_bytes ||
      builder_->meta_size_estimate() >= kMaxTableMetaBytes / 2) {
    return PutTable();
  }
  return Status::OK();
}

Status RunWriter::PutTable() {
  NAMIDB_ASSIGN_OR_RETURN(std::string bytes, builder_->Finish());
  std::string key = layout_.TableKey(kind_, spec_.writer_epoch, spec_.max_lsn);
  // Create-only under a fresh name: nothing published is ever overwritten.
  NAMIDB_RETURN_IF_ERROR(store_.Put(key, bytes, PutOptions::IfAbsent()).status());
  TableRef ref;
  ref.key = layout_.Relative(key);
  ref.kind = kind_;
  ref.level = spec_.level;
  ref.smallest = smallest_;
  ref.largest = largest_;
  ref.size = bytes.size();
  ref.meta_size = builder_->meta_size();
  ref.entries = builder_->entry_count();
  ref.max_lsn = spec_.max_lsn;
  written_.push_back(std::move(ref));
  builder_.reset();
  return Status::OK();
}

Status RunWriter::Cut() {
  if (builder_) return PutTable();
  return Status::OK();
}

Result<std::vector<TableRef>> RunWriter::Finish() {
  if (builder_) NAMIDB_RETURN_IF_ERROR(PutTable());
  return std::move(written_);
}

}  // namespace namidb
