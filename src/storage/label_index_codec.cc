#include "storage/label_index_codec.h"

#include <cstring>

#include "storage/id_coding.h"

namespace namidb {

std::string LabelIndexPrefix(std::string_view label) {
  std::string out;
  PutLengthPrefixed(&out, label);
  return out;
}

std::string LabelIndexKey(std::string_view label, const Uuid& node) {
  std::string out = LabelIndexPrefix(label);
  PutUuid(&out, node);
  return out;
}

Result<Uuid> DecodeLabelIndexKey(std::string_view key, std::string_view label,
                                 std::string_view table_key) {
  // A label scan decodes every member: a key of a label shorter than 128
  // bytes (a one-byte length) is read by plain bounds checks.
  if (label.size() < 0x80 && key.size() == 1 + label.size() + sizeof(Uuid) &&
      static_cast<uint8_t>(key[0]) == label.size() && key.substr(1, label.size()) == label) {
    Uuid node;
    std::memcpy(node.bytes.data(), key.data() + 1 + label.size(), sizeof(Uuid));
    return node;
  }
  Decoder in(key, table_key);
  NAMIDB_ASSIGN_OR_RETURN(std::string_view got, in.ReadLengthPrefixed());
  if (got != label) return in.Error("label index key of another label");
  NAMIDB_ASSIGN_OR_RETURN(Uuid node, ReadUuid(&in));
  if (!in.done()) return in.Error("trailing bytes in a label index key");
  return node;
}

}  // namespace namidb
