// The release this build is: package.json's "version" (a test holds them
// equal), as dbms.components() reports it.
#pragma once

#include <string_view>

namespace namidb {

inline constexpr std::string_view kVersion = "0.1.0";

}  // namespace namidb
