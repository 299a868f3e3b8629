// Where a namespace's objects live: every key namidb writes is built here.
//
//   <prefix>/<ns>/manifest.json                          the one mutable object
//   <prefix>/<ns>/wal/<epoch>-<first lsn>-<nonce>.wal    one per commit (16, 16, 8 hex digits)
//   <prefix>/<ns>/sst/<kind>-<epoch>-<max lsn>-<nonce>.sst   data files of a flush
//   <prefix>/<ns>/checkpoint/<epoch>-<last lsn>-<nonce>.json  copies of manifest versions
//
// The namespace name is validated ([a-z0-9][a-z0-9-]{0,62}) and the prefix
// must be a valid key, so no key can escape the namespace's folder.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace namidb {

// What the name of a WAL segment, data file or checkpoint says.
struct ObjectName {
  enum class Type { kWal, kTable, kCheckpoint } type;
  std::string table_kind;  // "nodes", "edges", ... for a data file
  uint64_t epoch = 0;      // the writer epoch that wrote it
  uint64_t lsn = 0;        // a segment's first LSN, a table's max LSN, a checkpoint's last LSN
};

class NamespaceLayout {
 public:
  // InvalidArgument for a bad namespace name or prefix.
  static Result<NamespaceLayout> Make(std::string_view prefix, std::string_view ns);

  const std::string& ns() const { return ns_; }
  const std::string& root() const { return root_; }  // "<prefix>/<ns>" or "<ns>"
  std::string ManifestKey() const { return root_ + "/manifest.json"; }
  // A fresh, unique key for a commit's WAL segment.
  std::string WalKey(uint64_t writer_epoch, uint64_t first_lsn) const;
  // A fresh, unique key for a data file of `kind` ("nodes", "edges").
  std::string TableKey(std::string_view kind, uint64_t writer_epoch, uint64_t max_lsn) const;
  // A fresh, unique key for a checkpoint of a manifest whose last LSN is `last_lsn`.
  std::string CheckpointKey(uint64_t writer_epoch, uint64_t last_lsn) const;
  // The absolute key of a key the manifest stores relative to the root.
  std::string Absolute(std::string_view relative) const {
    return root_ + "/" + std::string(relative);
  }
  // What the name of a WAL segment, data file or checkpoint (a key relative
  // to the root) says, or nothing for any other key.
  static std::optional<ObjectName> Parse(std::string_view relative);
  // The writer epoch in such a name.
  static std::optional<uint64_t> EpochOf(std::string_view relative) {
    auto name = Parse(relative);
    return name ? std::optional<uint64_t>(name->epoch) : std::nullopt;
  }
  std::string Relative(std::string_view absolute) const {
    return std::string(absolute.substr(root_.size() + 1));
  }

 private:
  NamespaceLayout(std::string ns, std::string root) : ns_(std::move(ns)), root_(std::move(root)) {}
  std::string ns_;
  std::string root_;
};

}  // namespace namidb
