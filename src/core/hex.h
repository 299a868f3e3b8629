// Lowercase hexadecimal for bytes in text formats (the manifest's key ranges).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace namidb {

std::string HexEncode(std::string_view bytes);
// Nothing for odd lengths or characters other than 0-9, a-f.
std::optional<std::string> HexDecode(std::string_view text);

}  // namespace namidb
