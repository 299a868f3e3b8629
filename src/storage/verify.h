// Verifying a namespace: every object under it read in full and every
// checksum checked, without opening the namespace for queries (a broken
// object must not stop the check of the others).
//
//   manifest.json   decodes (JSON, format version, its own consistency)
//   checkpoint/*.json  decodes as a manifest (each is a copy of a version)
//   wal/*.wal       decodes: every record's and the footer's masked CRC32C,
//                   bounds, counts and LSNs; the LSNs the manifest records
//   sst/*.sst       the meta region (footer checksum, index, bloom filter),
//                   then every block: its masked CRC32C and its decompression
//
// Every object the manifest names (its checkpoint too) must be there with the size it records.
// Objects under the namespace that the current manifest does not name
// (retired ones awaiting garbage collection, the leftovers of an interrupted
// commit) are checked too when their kind is known, and reported as
// unreferenced; any other key is reported as unknown. Neither is broken.
//
// Cost: one listing, then every byte of the namespace read once; a table's
// blocks are fetched in batched reads of about `batch_bytes`.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/layout.h"
#include "store/object_store.h"

namespace namidb {

struct VerifiedObject {
  std::string key;   // relative to the namespace root, e.g. "sst/nodes-..."
  std::string kind;  // "manifest", "checkpoint", "wal", "table", or "unknown"
  uint64_t bytes = 0;
  bool referenced = false;  // named by the current manifest
  Status status;            // OK, or what is wrong with it
};

struct VerifyReport {
  std::vector<VerifiedObject> objects;  // in key order; missing ones have bytes 0
  uint64_t bytes = 0;                   // read in total

  size_t broken() const;
};

struct VerifyOptions {
  uint64_t batch_bytes = 8u << 20;
  // Called after each object with the objects done and the total.
  std::function<void(size_t done, size_t total)> on_progress;
};

// Fails only when the namespace cannot be listed (or is empty: NotFound);
// everything wrong with its objects is in the report.
Result<VerifyReport> VerifyNamespace(ObjectStore& store, const NamespaceLayout& layout,
                                     const VerifyOptions& options = {});

}  // namespace namidb
