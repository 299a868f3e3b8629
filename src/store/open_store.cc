#include "store/open_store.h"

#include "store/memory_store.h"
#ifndef __EMSCRIPTEN__
#include "store/local_file_store.h"
#endif

namespace namidb {

Result<std::shared_ptr<ObjectStore>> OpenStore(const StoreUri& uri) {
  if (uri.scheme == "memory") return std::shared_ptr<ObjectStore>(MemoryStore::Shared(uri.ns));
  if (uri.scheme == "file") {
#ifdef __EMSCRIPTEN__
    return Status::Unsupported("file:// stores are native-only; in JavaScript pass a FileStore");
#else
    return std::shared_ptr<ObjectStore>(std::make_shared<LocalFileStore>(uri.location));
#endif
  }
  return Status::Unsupported(uri.scheme +
                             ":// stores are served by the TypeScript package; pass one as "
                             "a store object");
}

}  // namespace namidb
