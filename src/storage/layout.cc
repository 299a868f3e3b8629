#include "storage/layout.h"

#include <cstdio>
#include <random>

#include "store/object_store.h"
#include "store/store_uri.h"

namespace namidb {

Result<NamespaceLayout> NamespaceLayout::Make(std::string_view prefix, std::string_view ns) {
  NAMIDB_RETURN_IF_ERROR(ValidateNamespace(ns));
  std::string root(ns);
  if (!prefix.empty()) {
    NAMIDB_RETURN_IF_ERROR(ValidateKey(prefix).WithContext("namespace prefix"));
    root = std::string(prefix) + "/" + root;
  }
  return NamespaceLayout(std::string(ns), std::move(root));
}

namespace {

// "<root>/<dir>/[<stem>-]<epoch>-<lsn>-<nonce>.<ext>": unique per writer
// epoch, LSN and a random nonce, so a create-only put never meets an old object.
std::string UniqueKey(const std::string& root, std::string_view dir, std::string_view stem,
                      uint64_t epoch, uint64_t lsn, std::string_view ext) {
  static thread_local std::mt19937 rng{std::random_device{}()};
  char name[64];
  snprintf(name, sizeof name, "%016llx-%016llx-%08x", static_cast<unsigned long long>(epoch),
           static_cast<unsigned long long>(lsn), static_cast<unsigned>(rng()));
  std::string key = root + "/" + std::string(dir) + "/";
  if (!stem.empty()) key += std::string(stem) + "-";
  return key + name + "." + std::string(ext);
}

}  // namespace

namespace {

// 16 lowercase hex digits.
std::optional<uint64_t> ParseHex16(std::string_view text) {
  if (text.size() != 16) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return std::nullopt;
    value = value << 4 | static_cast<uint64_t>(d);
  }
  return value;
}

}  // namespace

std::optional<ObjectName> NamespaceLayout::Parse(std::string_view relative) {
  ObjectName out{ObjectName::Type::kWal, "", 0, 0};
  std::string_view name;
  if (relative.starts_with("wal/") && relative.ends_with(".wal")) {
    name = relative.substr(4, relative.size() - 8);
  } else if (relative.starts_with("checkpoint/") && relative.ends_with(".json")) {
    out.type = ObjectName::Type::kCheckpoint;
    name = relative.substr(11, relative.size() - 16);
  } else if (relative.starts_with("sst/") && relative.ends_with(".sst")) {
    out.type = ObjectName::Type::kTable;
    name = relative.substr(4, relative.size() - 8);
    size_t dash = name.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    out.table_kind = std::string(name.substr(0, dash));
    name = name.substr(dash + 1);
  } else {
    return std::nullopt;
  }
  // <epoch:16>-<lsn:16>-<nonce:8>
  if (name.size() != 16 + 1 + 16 + 1 + 8 || name[16] != '-' || name[33] != '-') return std::nullopt;
  auto epoch = ParseHex16(name.substr(0, 16));
  auto lsn = ParseHex16(name.substr(17, 16));
  if (!epoch || !lsn) return std::nullopt;
  out.epoch = *epoch;
  out.lsn = *lsn;
  return out;
}

std::string NamespaceLayout::WalKey(uint64_t writer_epoch, uint64_t first_lsn) const {
  return UniqueKey(root_, "wal", "", writer_epoch, first_lsn, "wal");
}

std::string NamespaceLayout::TableKey(std::string_view kind, uint64_t writer_epoch,
                                      uint64_t max_lsn) const {
  return UniqueKey(root_, "sst", kind, writer_epoch, max_lsn, "sst");
}

std::string NamespaceLayout::CheckpointKey(uint64_t writer_epoch, uint64_t last_lsn) const {
  return UniqueKey(root_, "checkpoint", "", writer_epoch, last_lsn, "json");
}

}  // namespace namidb
