// OpenStore: the store a parsed URI names, for the schemes C++ serves itself.
//
// memory:// is served everywhere (one shared MemoryStore per namespace name in
// the process); file:// natively only. Browser and bucket schemes (opfs, s3,
// r2, gs) are served by TypeScript stores handed to the engine, so here they
// are Unsupported with a message that says so.
#pragma once

#include <memory>

#include "store/object_store.h"
#include "store/store_uri.h"

namespace namidb {

Result<std::shared_ptr<ObjectStore>> OpenStore(const StoreUri& uri);

}  // namespace namidb
