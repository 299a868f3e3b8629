// LocalFileStore: an ObjectStore on a local directory (native builds only).
//
// Objects are files; a put writes a temp file in `.namidb-store/tmp/`, then
// publishes it atomically: `link` for create-only puts (fails if the key
// exists), `rename` for overwrites and compare-and-swap, the latter while
// holding an exclusive flock on `.namidb-store/lock`. The protocol is shared
// with the TypeScript FileStore for Node and written down in docs/format.md,
// "Local file store"; the two can work on one directory at once.
//
// A directory tree cannot hold an object at "a" and objects under "a/" at
// once; such a put fails with Unsupported.
#pragma once

#include <string>

#include "store/object_store.h"

namespace namidb {

class LocalFileStore final : public ObjectStore {
 public:
  // `root` is created on first write if it does not exist.
  explicit LocalFileStore(std::string root);

  std::string_view Kind() const override { return "file"; }
  std::vector<Result<GetResult>> GetMany(std::span<const GetRequest> requests) override;
  Result<ObjectMeta> Head(std::string_view key) override;
  Result<VersionToken> Put(std::string_view key, std::string_view data,
                           const PutOptions& options) override;
  Status Delete(std::string_view key) override;
  Result<ListPage> List(std::string_view prefix, const ListOptions& options) override;

  const std::string& root() const { return root_; }

 private:
  Result<std::string> PathOf(std::string_view key) const;
  Result<GetResult> GetOne(const GetRequest& request) const;
  Result<std::string> WriteTemp(std::string_view data) const;
  Result<VersionToken> Publish(std::string_view key, const std::string& path,
                               const std::string& temp, const PutOptions& options);

  std::string root_;
  std::string tmp_dir_;
  std::string lock_path_;
};

}  // namespace namidb
