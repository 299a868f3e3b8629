// JsObjectStore: an ObjectStore whose every call is served by a JS store
// object (OPFS, fetch against presigned URLs, the Workers R2 binding, a
// TypeScript MemoryStore or a user's own), across the Asyncify bridge.
//
// Each call encodes its arguments as JSON, makes the one async import
// `namidb_store_call` (which suspends the module until the JS promise
// settles), then reads the reply: JSON for metadata and errors, raw bytes for
// object data. A GetMany is one call, served concurrently on the JS side.
// See docs/architecture.md, "The async bridge".
#pragma once

#include "store/object_store.h"

namespace namidb {

// The operations of the bridge protocol; js/src/bridge.ts has the same numbers.
enum class BridgeOp : int {
  kGetMany = 1,
  kHead = 2,
  kPut = 3,
  kDelete = 4,
  kList = 5,
  kDeleteMany = 6,
};

class JsObjectStore final : public ObjectStore {
 public:
  // `store_id` names a store registered with the module's JS bridge.
  explicit JsObjectStore(int store_id) : store_id_(store_id) {}

  std::string_view Kind() const override { return "js"; }
  std::vector<Result<GetResult>> GetMany(std::span<const GetRequest> requests) override;
  Result<ObjectMeta> Head(std::string_view key) override;
  Result<VersionToken> Put(std::string_view key, std::string_view data,
                           const PutOptions& options) override;
  Status Delete(std::string_view key) override;
  // One bridge call; the JS side keeps several deletes in flight.
  std::vector<Status> DeleteMany(std::span<const std::string> keys) override;
  Result<ListPage> List(std::string_view prefix, const ListOptions& options) override;

 private:
  int store_id_;
};

}  // namespace namidb
