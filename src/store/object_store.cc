#include "store/object_store.h"

#include <algorithm>

namespace namidb {

Result<GetResult> ObjectStore::Get(std::string_view key) {
  GetRequest request{std::string(key), std::nullopt};
  auto results = GetMany(std::span<const GetRequest>(&request, 1));
  return std::move(results.front());
}

Result<GetResult> ObjectStore::GetRange(std::string_view key, ByteRange range) {
  GetRequest request{std::string(key), range};
  auto results = GetMany(std::span<const GetRequest>(&request, 1));
  return std::move(results.front());
}

std::vector<Status> ObjectStore::DeleteMany(std::span<const std::string> keys) {
  std::vector<Status> out;
  out.reserve(keys.size());
  for (const auto& key : keys) out.push_back(Delete(key));
  return out;
}

Result<std::vector<ObjectMeta>> ObjectStore::ListAll(std::string_view prefix) {
  std::vector<ObjectMeta> all;
  ListOptions options;
  while (true) {
    NAMIDB_ASSIGN_OR_RETURN(ListPage page, List(prefix, options));
    for (auto& meta : page.objects) all.push_back(std::move(meta));
    if (page.next_start_after.empty()) return all;
    if (page.next_start_after <= options.start_after) {
      return Status::Internal("list did not advance past '" + options.start_after + "'");
    }
    options.start_after = std::move(page.next_start_after);
  }
}

Status ValidateKey(std::string_view key) {
  if (key.empty()) return Status::InvalidArgument("object key is empty");
  if (key.size() > 1024) {
    return Status::InvalidArgument("object key is longer than 1024 bytes");
  }
  size_t start = 0;
  while (true) {
    size_t end = key.find('/', start);
    std::string_view segment =
        key.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (segment.empty() || segment == "." || segment == "..") {
      return Status::InvalidArgument("object key '" + std::string(key) +
                                     "' has an empty, '.' or '..' segment");
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  for (unsigned char c : key) {
    if (c < 0x20 || c == 0x7f) {
      return Status::InvalidArgument("object key '" + std::string(key) +
                                     "' contains a control character");
    }
  }
  return Status::OK();
}

Status ValidateListLimit(uint32_t limit) {
  if (limit < 1 || limit > 1000) {
    return Status::InvalidArgument("list limit must be 1..1000, not " + std::to_string(limit));
  }
  return Status::OK();
}

ClampedRange ClampRange(const std::optional<ByteRange>& range, uint64_t size) {
  if (!range) return {0, size};
  uint64_t offset = std::min(range->offset, size);
  uint64_t available = size - offset;
  uint64_t length = range->length ? std::min(*range->length, available) : available;
  return {offset, length};
}

}  // namespace namidb
