// Parameter and staged-property JSON (core/value_json.h): any text decodes
// to a value or to InvalidArgument.
//
// Round trips: a decoded value written as JSON decodes to the same value; a
// map of storable values (what upsertNode stages) encodes to the binary
// property form and decodes back to it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/value_codec.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace namidb;
  using namespace namidb::fuzz;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto value = ValueFromJsonText(text);
  if (!value.ok()) {
    Check(value.status().Is(StatusCode::kInvalidArgument), "JSON failed with an untyped error",
          value.status().ToString());
    return 0;
  }
  std::string json = ValueToJsonText(*value);
  auto again = ValueFromJsonText(json);
  Check(again.ok(), "a value written as JSON does not read back", json);
  Check(SameValue(*value, *again), "a value written as JSON reads back different", json);

  if (value->kind() == ValueKind::kMap) {
    std::string bytes;
    Status encoded = EncodeProperties(value->as_map(), &bytes);
    if (!encoded.ok()) {
      Check(encoded.Is(StatusCode::kInvalidArgument), "properties refused with an untyped error",
            encoded.ToString());
      return 0;
    }
    Decoder in(bytes, "properties");
    auto decoded = DecodeProperties(&in);
    Check(decoded.ok(), "encoded properties do not decode", decoded.status().ToString());
    Check(in.done(), "encoded properties decode short");
    Check(SameValue(Value::Map(*decoded), *value), "encoded properties decode different", json);
  }
  return 0;
}
