// UTF-8 validation (RFC 3629): the names a namespace stores and the
// statements the lexer reads are Unicode text, and the manifest's JSON can
// hold nothing else.
#pragma once

#include <cstddef>
#include <string_view>

namespace namidb {

// The byte offset of the first byte that does not begin a well-formed UTF-8
// sequence (a stray continuation byte, a truncated sequence, an overlong
// form, a surrogate or a code point past U+10FFFF); text.size() if every
// byte does.
size_t FirstInvalidUtf8(std::string_view text);

inline bool IsValidUtf8(std::string_view text) { return FirstInvalidUtf8(text) == text.size(); }

}  // namespace namidb
