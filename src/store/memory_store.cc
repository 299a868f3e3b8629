#include "store/memory_store.h"

#include <algorithm>

namespace namidb {

std::shared_ptr<MemoryStore> MemoryStore::Shared(const std::string& name) {
  static std::mutex registry_mu;
  static auto* registry = new std::map<std::string, std::shared_ptr<MemoryStore>>();
  std::lock_guard lock(registry_mu);
  auto& store = (*registry)[name];
  if (!store) store = std::make_shared<MemoryStore>();
  return store;
}

size_t MemoryStore::size() const {
  std::lock_guard lock(mu_);
  return objects_.size();
}

Result<GetResult> MemoryStore::GetLocked(const GetRequest& request) const {
  NAMIDB_RETURN_IF_ERROR(ValidateKey(request.key));
  auto it = objects_.find(request.key);
  if (it == objects_.end()) {
    return Status::NotFound("no object '" + request.key + "' in the memory store");
  }
  const Object& object = it->second;
  ClampedRange range = ClampRange(request.range, object.data.size());
  return GetResult{object.data.substr(range.offset, range.length),
                   ObjectMeta{request.key, object.data.size(), VersionToken{object.etag, 0}}};
}

std::vector<Result<GetResult>> MemoryStore::GetMany(std::span<const GetRequest> requests) {
  std::lock_guard lock(mu_);
  std::vector<Result<GetResult>> results;
  results.reserve(requests.size());
  for (const auto& request : requests) results.push_back(GetLocked(request));
  return results;
}

Result<ObjectMeta> MemoryStore::Head(std::string_view key) {
  NAMIDB_RETURN_IF_ERROR(ValidateKey(key));
  std::lock_guard lock(mu_);
  auto it = objects_.find(key);
  if (it == objects_.end()) {
    return Status::NotFound("no object '" + std::string(key) + "' in the memory store");
  }
  return ObjectMeta{std::string(key), it->second.data.size(), VersionToken{it->second.etag, 0}};
}

Result<VersionToken> MemoryStore::Put(std::string_view key, std::string_view data,
                                      const PutOptions& options) {
  NAMIDB_RETURN_IF_ERROR(ValidateKey(key));
  std::lock_guard lock(mu_);
  auto it = objects_.find(key);
  if (options.mode == PutMode::kIfAbsent && it != objects_.end()) {
    return Status::PreconditionFailed("'" + std::string(key) + "' already exists");
  }
  if (options.mode == PutMode::kIfMatch) {
    if (it == objects_.end()) {
      return Status::PreconditionFailed("'" + std::string(key) + "' does not exist");
    }
    if (it->second.etag != options.expected.etag) {
      return Status::PreconditionFailed("'" + std::string(key) + "' is at version " +
                                        it->second.etag + ", not " + options.expected.etag);
    }
  }
  std::string etag = "\"m-" + std::to_string(next_version_++) + "\"";
  Object& object = it != objects_.end() ? it->second : objects_[std::string(key)];
  object.data.assign(data);
  object.etag = etag;
  return VersionToken{std::move(etag), 0};
}

Status MemoryStore::Delete(std::string_view key) {
  NAMIDB_RETURN_IF_ERROR(ValidateKey(key));
  std::lock_guard lock(mu_);
  if (auto it = objects_.find(key); it != objects_.end()) objects_.erase(it);
  return Status::OK();
}

Result<ListPage> MemoryStore::List(std::string_view prefix, const ListOptions& options) {
  NAMIDB_RETURN_IF_ERROR(ValidateListLimit(options.limit));
  std::lock_guard lock(mu_);
  ListPage page;
  // Start at the first key after both the prefix start and start_after.
  auto it = objects_.lower_bound(prefix);
  if (!options.start_after.empty() && options.start_after >= prefix) {
    it = objects_.upper_bound(options.start_after);
  }
  for (; it != objects_.end() && it->first.starts_with(prefix); ++it) {
    if (page.objects.size() == options.limit) {
      page.next_start_after = page.objects.back().key;
      break;
    }
    page.objects.push_back(
        ObjectMeta{it->first, it->second.data.size(), VersionToken{it->second.etag, 0}});
  }
  return page;
}

}  // namespace namidb
