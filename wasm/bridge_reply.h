// The reply of a suspending bridge call (wasm/bridge_library.js): JSON text,
// plus byte buffers for the object store, held on the JS side until
// namidb_reply_clear(). Every call that suspends leaves its answer here.
#pragma once

#include <cstddef>
#include <string>

extern "C" {
size_t namidb_reply_json_length();
void namidb_reply_json_copy(char* dst);
double namidb_reply_data_length(int index);
void namidb_reply_data_copy(int index, char* dst);
void namidb_reply_clear();
}

namespace namidb {

// The reply's JSON text (not yet cleared).
inline std::string ReplyJsonText() {
  std::string text(namidb_reply_json_length(), '\0');
  namidb_reply_json_copy(text.data());
  return text;
}

}  // namespace namidb
