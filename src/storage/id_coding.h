// Ids in binary formats: 16 raw bytes, in the UUID's own byte order.
#pragma once

#include <algorithm>
#include <string>

#include "core/coding.h"
#include "core/uuid.h"

namespace namidb {

inline void PutUuid(std::string* out, const Uuid& id) {
  out->append(reinterpret_cast<const char*>(id.bytes.data()), 16);
}

inline Result<Uuid> ReadUuid(Decoder* in) {
  NAMIDB_ASSIGN_OR_RETURN(std::string_view raw, in->ReadBytes(16));
  Uuid id;
  std::copy(raw.begin(), raw.end(), reinterpret_cast<char*>(id.bytes.data()));
  return id;
}

}  // namespace namidb
