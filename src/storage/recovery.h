// Recovery of a namespace whose manifest was lost (deleted by hand or by a
// lifecycle rule, or left behind by a copy) while its other objects remain.
// Opening such a namespace is ManifestMissing (snapshot.h); this rebuilds
// the manifest from what the commit protocol leaves on the store
// (docs/format.md, "Recovering a lost manifest"):
//
// 1. The base: the newest checkpoint (an immutable copy of the manifest
//    version each flush, compaction and schema change published) whose data
//    files and WAL segments are all present; none: an empty namespace.
// 2. The WAL segments after it, chained by LSN: each continues where the
//    previous one ended, written by the same writer epoch or a newer one
//    (a stale writer can never publish). Two segments that start at the
//    same LSN were written by writers that raced for one commit; the one
//    the chain continues from won. A tie (the race was the last commit, or
//    both racers had one epoch and batch size) keeps the segment with the
//    smaller key and reports the other in `forks`. A loser deletes its
//    segment as soon as it loses, so a tie needs a loser that died before.
// 3. The counts of the new manifest: the checkpoint's, updated by the
//    chain's mutations against the versions they replaced.
// 4. A checkpoint of the recovered manifest, then the manifest itself,
//    create-only, with a writer epoch above every one found (so a writer
//    still holding the lost manifest can never publish again). Every object
//    it does not list is retired, so garbage collection removes it after the
//    grace period and not before.
//
// Every acknowledged commit is recovered; a commit whose writer died between
// its WAL segment and its manifest swap (never acknowledged) is recovered
// too, whole. Nothing is written unless a consistent state was found: a
// data file or WAL segment past the end of the chain (objects lost, or
// files of a build without checkpoints) is Corruption naming it. Cost: one
// listing of the namespace, one batched read of the newest checkpoints, one
// of the WAL segments after the base, the base's table tails, one batched
// lookup of the elements the chain changes, and two puts.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/object_store.h"

namespace namidb {

struct RecoveryOptions {
  std::string prefix;  // key prefix in front of the namespace
  // Unix time in milliseconds, for retiring objects; injectable for tests.
  std::function<int64_t()> now_ms;
};

struct RecoveryReport {
  uint64_t version = 0;            // of the manifest written
  uint64_t last_lsn = 0;           // the newest change recovered
  std::string checkpoint;          // the base ("" none: from the first commit)
  uint64_t tables = 0;             // data files listed
  uint64_t wal_segments = 0;       // WAL segments listed
  std::vector<std::string> forks;  // segments that lost a tie for the same LSNs (retired)
  uint64_t retired = 0;            // objects listed nowhere, left to GC's grace period
};

// AlreadyExists if the namespace has a manifest (nothing to recover),
// NotFound if it holds no objects, Corruption if no consistent state can be
// rebuilt; nothing is written in those cases.
Result<RecoveryReport> RecoverManifest(std::shared_ptr<ObjectStore> store, std::string_view ns,
                                       const RecoveryOptions& options = {});

}  // namespace namidb
