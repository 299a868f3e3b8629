// Standard base64 (RFC 4648, with padding), for bytes inside JSON.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace namidb {

std::string Base64Encode(std::string_view bytes);
// InvalidArgument on a character outside the alphabet, a bad length or bad padding.
Result<std::string> Base64Decode(std::string_view text);

}  // namespace namidb
