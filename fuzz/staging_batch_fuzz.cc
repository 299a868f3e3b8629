// The binary staging batch (storage/staging_batch_codec.h), bytes the
// TypeScript API passes in: any bytes decode to parameters or to
// InvalidArgument, and to nodes or relationships, or
// to InvalidArgument with a message (never another code, never a crash), and
// what decodes is what the writer can stage: its property maps encode for
// the WAL, or are refused as InvalidArgument (a value nested too deep).
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "core/value_codec.h"
#include "fuzz_support.h"
#include "storage/staging_batch_codec.h"

namespace namidb::fuzz {
namespace {

void CheckStorable(const ValueMap& properties) {
  std::string out;
  Status s = EncodeProperties(properties, &out);
  Check(s.ok() || s.Is(StatusCode::kInvalidArgument),
        "decoded properties fail to encode with an untyped error", s.ToString());
}

}  // namespace
}  // namespace namidb::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace namidb;
  using namespace namidb::fuzz;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The same bytes as a statement's parameters: values or InvalidArgument.
  auto params = DecodeParameterBatch(bytes);
  Check(params.ok() || params.status().Is(StatusCode::kInvalidArgument),
        "malformed parameters are not InvalidArgument", params.status().ToString());
  auto batch = DecodeStagingBatch(bytes);
  if (!batch.ok()) {
    Check(batch.status().Is(StatusCode::kInvalidArgument),
          "a malformed staging batch is not InvalidArgument", batch.status().ToString());
    Check(!batch.status().message().empty(), "a malformed staging batch has no message");
    return 0;
  }
  if (auto* nodes = std::get_if<std::vector<NodeUpsert>>(&*batch)) {
    for (const auto& n : *nodes) CheckStorable(n.properties);
  } else {
    for (const auto& e : std::get<std::vector<EdgeUpsert>>(*batch)) CheckStorable(e.properties);
  }
  return 0;
}
