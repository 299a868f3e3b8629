// Unicode normalization of UTF-8 text (UAX #15): NFC, NFD, NFKC and NFKD,
// from tables of the Unicode version scripts/generate_unicode_tables.py
// names, the same natively and in wasm. What Cypher's normalize() and
// IS NORMALIZED compute.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace namidb {

enum class NormalForm { kNfc, kNfd, kNfkc, kNfkd };

// The form a name gives ("NFC", "nfkd", ...), or nullopt.
std::optional<NormalForm> NormalFormNamed(std::string_view name);

// `text` in `form`. Text that is not well-formed UTF-8 comes back as it is.
std::string Normalize(std::string_view text, NormalForm form);

}  // namespace namidb
