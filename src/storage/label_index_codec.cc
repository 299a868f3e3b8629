#include "storage/label_index_codec.h"

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
  Decoder in(key, table_key);
  NAMIDB_ASSIGN_OR_RETURN(std::string_view got, in.ReadLengthPrefixed());
  if (got != label) return in.Error("label index key of another label");
  NAMIDB_ASSIGN_OR_RETURN(Uuid node, ReadUuid(&in));
  if (!in.done()) return in.Error("trailing bytes in a label index key");
  return node;
}

}  // namespace namidb
