// The error for an object whose format version this build does not read.
// A version past the newest this build knows was written by a newer build:
// the object is fine, this package is too old to read it (Unsupported, so
// that a user upgrades rather than restores). Any other unknown version
// is damage (Corruption). Each object's version is read after its checksum
// (the manifest, JSON, has none), so a newer version is seldom a bit flip.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace namidb {

// `object`: how the object is named in errors ("table ns/sst/….sst").
inline Status UnreadableFormatVersion(const std::string& object, uint64_t version,
                                      uint64_t newest) {
  std::string v = "format version " + std::to_string(version);
  if (version > newest) {
    return Status::Unsupported(object + ": " + v + " was written by a newer namidb-wasm (this " +
                               "build reads up to " + std::to_string(newest) +
                               "); upgrade the package to read it");
  }
  return Status::Corruption(object + ": " + v + " is not supported");
}

}  // namespace namidb
