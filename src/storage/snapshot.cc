#include "storage/snapshot.h"

#include "storage/wal_segment.h"

namespace namidb {

Result<std::pair<Manifest, VersionToken>> Snapshot::ReadManifest(ObjectStore& store,
                                                                 const NamespaceLayout& layout) {
  std::string key = layout.ManifestKey();
  NAMIDB_ASSIGN_OR_RETURN(GetResult got, store.Get(key));
  NAMIDB_ASSIGN_OR_RETURN(Manifest manifest, DecodeManifest(got.data, key));
  if (manifest.ns != layout.ns()) {
    return Status::Corruption("manifest " + key + " belongs to namespace '" + manifest.ns + "'");
  }
  return std::make_pair(std::move(manifest), got.meta.version);
}

Result<GraphState> Snapshot::Replay(ObjectStore& store, const NamespaceLayout& layout,
                                    const Manifest& manifest) {
  std::vector<GetRequest> requests;
  for (const auto& wal : manifest.wal) requests.push_back({layout.Absolute(wal.key), std::nullopt});
  auto results = store.GetMany(requests);  // every segment in one round trip
  GraphState state;
  for (size_t i = 0; i < results.size(); ++i) {
    const WalRef& ref = manifest.wal[i];
    const std::string& key = requests[i].key;
    if (!results[i].ok()) {
      if (results[i].status().Is(StatusCode::kNotFound)) {
        return Status::Corruption("WAL segment " + key + " listed in the manifest is missing");
      }
      return results[i].status();
    }
    const GetResult& got = *results[i];
    if (got.data.size() != ref.size) {
      return Status::Corruption("WAL segment " + key + " has " + std::to_string(got.data.size()) +
                                " bytes, the manifest says " + std::to_string(ref.size));
    }
    NAMIDB_ASSIGN_OR_RETURN(WalSegment segment, DecodeWalSegment(got.data, key));
    if (segment.first_lsn != ref.first_lsn || segment.last_lsn != ref.last_lsn) {
      return Status::Corruption("WAL segment " + key + " holds LSNs the manifest does not list");
    }
    for (const auto& m : segment.mutations) state.Apply(m);
  }
  if (state.max_lsn() != (manifest.wal.empty() ? 0 : manifest.wal.back().last_lsn)) {
    return Status::Corruption("replay of " + layout.ManifestKey() + " ended at the wrong LSN");
  }
  if (!(state.stats().nodes == manifest.stats.nodes &&
        state.stats().edges == manifest.stats.edges)) {
    return Status::Corruption("manifest " + layout.ManifestKey() +
                              " counts disagree with its WAL segments");
  }
  return state;
}

Result<std::shared_ptr<const Snapshot>> Snapshot::Open(ObjectStore& store,
                                                       const NamespaceLayout& layout) {
  NAMIDB_ASSIGN_OR_RETURN(auto pinned, ReadManifest(store, layout));
  NAMIDB_ASSIGN_OR_RETURN(GraphState state, Replay(store, layout, pinned.first));
  return std::shared_ptr<const Snapshot>(
      new Snapshot(std::move(pinned.first), std::move(pinned.second), std::move(state)));
}

}  // namespace namidb
