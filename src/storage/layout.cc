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

std::string NamespaceLayout::WalKey(uint64_t writer_epoch, uint64_t first_lsn) const {
  static thread_local std::mt19937 rng{std::random_device{}()};
  char name[64];
  snprintf(name, sizeof name, "/wal/%016llx-%016llx-%08x.wal",
           static_cast<unsigned long long>(writer_epoch),
           static_cast<unsigned long long>(first_lsn), static_cast<unsigned>(rng()));
  return root_ + name;
}

}  // namespace namidb
