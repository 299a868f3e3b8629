// The manifest (storage/manifest.h): any text decodes to a manifest or to
// Corruption naming the object (Unsupported for a format version past this
// build's); a manifest that decodes encodes again to text that decodes to
// the same manifest.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "storage/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace namidb;
  using namespace namidb::fuzz;
  constexpr std::string_view kKey = "ns/manifest.json";
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto manifest = DecodeManifest(text, kKey);
  if (!manifest.ok()) {
    bool newer = manifest.status().Is(StatusCode::kUnsupported) &&
                 manifest.status().message().find("newer namidb-wasm") != std::string::npos;
    Check(manifest.status().Is(StatusCode::kCorruption) || newer,
          "a manifest error that is neither Corruption nor a newer format version",
          manifest.status().ToString());
    Check(manifest.status().message().find(kKey) != std::string::npos,
          "a manifest error that does not name the object", manifest.status().ToString());
    return 0;
  }
  auto encoding = EncodeManifest(*manifest);
  Check(encoding.ok(), "a decoded manifest does not encode", encoding.status().ToString());
  const std::string& encoded = *encoding;
  auto again = DecodeManifest(encoded, kKey);
  Check(again.ok(), "a re-encoded manifest does not decode",
        again.status().ToString() + "\n" + encoded);
  Check(*again == *manifest, "a re-encoded manifest decodes different", encoded);
  return 0;
}
