// ForwardingStore: an ObjectStore that hands every call to another one, so a
// test's store that counts, records or interferes overrides only the calls
// it watches.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/object_store.h"

namespace namidb::testing {

class ForwardingStore : public ObjectStore {
 public:
  explicit ForwardingStore(std::shared_ptr<ObjectStore> inner) : inner_(std::move(inner)) {}

  std::string_view Kind() const override { return inner_->Kind(); }
  std::vector<Result<GetResult>> GetMany(std::span<const GetRequest> requests) override {
    return inner_->GetMany(requests);
  }
  Result<ObjectMeta> Head(std::string_view key) override { return inner_->Head(key); }
  Result<VersionToken> Put(std::string_view key, std::string_view data,
                           const PutOptions& options) override {
    return inner_->Put(key, data, options);
  }
  Status Delete(std::string_view key) override { return inner_->Delete(key); }
  Result<ListPage> List(std::string_view prefix, const ListOptions& options) override {
    return inner_->List(prefix, options);
  }

 protected:
  ObjectStore& inner() { return *inner_; }

 private:
  std::shared_ptr<ObjectStore> inner_;
};

}  // namespace namidb::testing
