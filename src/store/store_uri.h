// Store URIs: how a user names a namespace and the store that holds it.
//
//   memory://<ns>                        in-process memory (tests, demos)
//   file:///abs/dir?ns=<ns>              a local directory (native, Node)
//   file:./rel/dir?ns=<ns>               ... relative to the working directory
//   opfs://<ns>                          the browser's origin-private file system
//   s3://bucket[/prefix]?ns=<ns>         S3 (and r2://, gs:// alike), through the
//                                        TypeScript FetchStore or R2 binding
//
// Namespace names are `[a-z0-9][a-z0-9-]{0,62}`: safe as one key segment on
// every store, and unable to escape the prefix they live under.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/status.h"

namespace namidb {

struct StoreUri {
  std::string scheme;    // "memory", "file", "opfs", "s3", "r2", "gs"
  std::string location;  // directory for file:, "bucket/prefix" for buckets, else empty
  std::string ns;        // the namespace
  std::map<std::string, std::string> params;  // every query parameter, percent-decoded
};

// InvalidArgument, saying what is wrong, for anything malformed.
Result<StoreUri> ParseStoreUri(std::string_view uri);

Status ValidateNamespace(std::string_view ns);

}  // namespace namidb
