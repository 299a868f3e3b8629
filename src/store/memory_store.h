// MemoryStore: an ObjectStore in memory, for tests, demos and `memory://`.
//
// Thread-safe. Versions come from a per-store counter that is never reused,
// so an etag never comes back after a delete or an overwrite (no ABA).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "store/object_store.h"

namespace namidb {

class MemoryStore final : public ObjectStore {
 public:
  MemoryStore() = default;

  // The process-wide store named `name`: opening `memory://name` twice in
  // one process gives the same store.
  static std::shared_ptr<MemoryStore> Shared(const std::string& name);

  std::string_view Kind() const override { return "memory"; }
  std::vector<Result<GetResult>> GetMany(std::span<const GetRequest> requests) override;
  Result<ObjectMeta> Head(std::string_view key) override;
  Result<VersionToken> Put(std::string_view key, std::string_view data,
                           const PutOptions& options) override;
  Status Delete(std::string_view key) override;
  Result<ListPage> List(std::string_view prefix, const ListOptions& options) override;

  // Number of objects held.
  size_t size() const;

 private:
  struct Object {
    Bytes data;
    std::string etag;
  };

  Result<GetResult> GetLocked(const GetRequest& request) const;

  mutable std::mutex mu_;
  std::map<std::string, Object, std::less<>> objects_;  // byte order, as stores list
  uint64_t next_version_ = 1;
};

}  // namespace namidb
