// UTF-8 validation (RFC 3629): the names a namespace stores and the
// statements the lexer reads are Unicode text, and the manifest's JSON can
// hold nothing else.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace namidb {

// The byte offset of the first byte that does not begin a well-formed UTF-8
// sequence (a stray continuation byte, a truncated sequence, an overlong
// form, a surrogate or a code point past U+10FFFF); text.size() if every
// byte does.
size_t FirstInvalidUtf8(std::string_view text);

inline bool IsValidUtf8(std::string_view text) { return FirstInvalidUtf8(text) == text.size(); }

// Appends code point `cp` (at most U+10FFFF) as UTF-8.
void AppendUtf8(std::string* out, char32_t cp);

// The code point at byte `*at` of `text`, moving `*at` past it. A byte
// that begins no well-formed sequence is returned as itself (0x80..0xFF)
// and passed alone, so that text that is not UTF-8 comes through a
// mapping unchanged rather than being refused or lost.
char32_t NextCodePoint(std::string_view text, size_t* at);

}  // namespace namidb
