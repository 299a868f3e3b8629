#include "storage/property_index_codec.h"

#include "core/coding.h"
#include "core/hash.h"
#include "storage/id_coding.h"

namespace namidb {
namespace {

constexpr char kWholeKey = 0x00;
constexpr char kHashedKey = 0x01;
constexpr size_t kHashedKeyHead = 96;

void PutFixed64Le(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}

}  // namespace

std::string PropertyIndexPrefix(std::string_view label, std::string_view property) {
  std::string out;
  PutLengthPrefixed(&out, label);
  PutLengthPrefixed(&out, property);
  return out;
}

std::string PropertyIndexValuePrefix(std::string_view label, std::string_view property,
                                     std::string_view equality_key) {
  return PropertyIndexPrefix(label, property) + PropertyIndexValuePart(equality_key);
}

std::string PropertyIndexValuePart(std::string_view equality_key) {
  std::string out;
  if (!PropertyIndexKeyIsHashed(equality_key)) {
    out.push_back(kWholeKey);
    PutLengthPrefixed(&out, equality_key);
    return out;
  }
  out.push_back(kHashedKey);
  out.append(equality_key.substr(0, kHashedKeyHead));
  auto [low, high] = Hash128(equality_key);
  PutFixed64Le(&out, low);
  PutFixed64Le(&out, high);
  return out;
}

Result<Uuid> DecodePropertyIndexNode(std::string_view key, std::string_view value_prefix,
                                     std::string_view table_key) {
  if (!key.starts_with(value_prefix) || key.size() != value_prefix.size() + 16) {
    return Status::Corruption("property index table " + std::string(table_key) +
                              " holds a key of another value or a malformed key");
  }
  Decoder in(key.substr(value_prefix.size()), table_key);
  return ReadUuid(&in);
}

}  // namespace namidb
