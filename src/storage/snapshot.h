// Snapshot: a reader's view of a namespace pinned to one manifest version.
//
// Opening reads the manifest, then every WAL segment it lists in one batched
// call, and replays them into a GraphState. Later commits, by this process or
// any other, do not change it: a reader sees exactly the version it pinned
// until it opens a newer snapshot. A segment that fails its checks, or
// disagrees with the manifest about its LSNs, is Corruption naming the object.
#pragma once

#include <memory>

#include "storage/graph_state.h"
#include "storage/layout.h"
#include "storage/manifest.h"
#include "store/object_store.h"

namespace namidb {

class Snapshot {
 public:
  // The newest version. NotFound if the namespace does not exist,
  // ManifestMissing if its manifest was lost.
  static Result<std::shared_ptr<const Snapshot>> Open(ObjectStore& store,
                                                      const NamespaceLayout& layout);

  const Manifest& manifest() const { return manifest_; }
  const VersionToken& manifest_version() const { return token_; }
  const GraphState& state() const { return state_; }

  // Reads the manifest and its version token; NotFound if absent.
  static Result<std::pair<Manifest, VersionToken>> ReadManifest(ObjectStore& store,
                                                                const NamespaceLayout& layout);
  // The same for opening a namespace: if the manifest is absent, one list
  // call (a page of one key) tells a new namespace (NotFound) from one whose
  // manifest was lost while its objects remain (ManifestMissing, naming what
  // was found and how to recover: RecoverManifest in storage/recovery.h).
  static Result<std::pair<Manifest, VersionToken>> ReadManifestToOpen(
      ObjectStore& store, const NamespaceLayout& layout);
  // Replays the WAL segments `manifest` lists into a fresh state.
  static Result<GraphState> Replay(ObjectStore& store, const NamespaceLayout& layout,
                                   const Manifest& manifest);

 private:
  Snapshot(Manifest manifest, VersionToken token, GraphState state)
      : manifest_(std::move(manifest)), token_(std::move(token)), state_(std::move(state)) {}

  Manifest manifest_;
  VersionToken token_;
  GraphState state_;
};

}  // namespace namidb
