// ObjectStore: the single seam between namidb and the bytes it keeps.
//
// Everything namidb persists goes through this interface, as LevelDB's Env is
// the seam to the file system: memory, local files, a JS store behind the wasm
// bridge (OPFS, fetch against presigned URLs, the Workers R2 binding), and the
// fault-injecting stores of the tests. Nothing above it knows which it has.
//
// The contract every backend keeps (and tests/store_conformance checks):
// - Keys are non-empty UTF-8 strings of '/'-separated segments, at most 1024
//   bytes; ValidateKey() says which keys are accepted.
// - An object is written whole or not at all: a failed put leaves no partial
//   object behind, and readers never see a half-written one.
// - Every object has a version token that changes on every write. Conditional
//   puts compare it: IfAbsent succeeds only if the key does not exist, IfMatch
//   only if the key exists at exactly that version. A lost condition is
//   PreconditionFailed (a missing key under IfMatch too, as S3 answers).
// - Calls are synchronous here. In the wasm build the bridge suspends the
//   module (Asyncify) while the JS promise settles; round trips cost 10-700 ms
//   on real buckets, so GetMany() exists to fetch many ranges in one call.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace namidb {

using Bytes = std::string;  // raw bytes; std::string keeps small-buffer and move semantics

// Store-neutral version of one object. `etag` is the HTTP ETag (S3, R2, Azure)
// or an opaque token of the backend; `generation` is GCS's object generation
// (0 when the backend has none). Two tokens are equal when both fields are.
struct VersionToken {
  std::string etag;
  int64_t generation = 0;

  bool empty() const { return etag.empty() && generation == 0; }
  friend bool operator==(const VersionToken&, const VersionToken&) = default;
};

// A byte range [offset, offset + length). A missing length reads to the end.
// Ranges are clamped to the object: a range that starts at or past the end
// returns no bytes (not an error), so a reader can ask for "the last 64 KiB"
// of an object shorter than that.
struct ByteRange {
  uint64_t offset = 0;
  std::optional<uint64_t> length;
};

struct ObjectMeta {
  std::string key;
  uint64_t size = 0;  // size of the whole object, whatever range was read
  VersionToken version;
};

struct GetRequest {
  std::string key;
  std::optional<ByteRange> range;  // none: the whole object
};

struct GetResult {
  Bytes data;       // the requested bytes (the clamped range)
  ObjectMeta meta;  // size and version of the whole object
};

enum class PutMode : uint8_t {
  kOverwrite = 0,  // unconditional
  kIfAbsent = 1,   // create-only (If-None-Match: *; GCS generation 0)
  kIfMatch = 2,    // replace only this version (If-Match; GCS generation match)
};

struct PutOptions {
  PutMode mode = PutMode::kOverwrite;
  VersionToken expected;  // compared when mode == kIfMatch

  static PutOptions Overwrite() { return {}; }
  static PutOptions IfAbsent() { return {PutMode::kIfAbsent, {}}; }
  static PutOptions IfMatch(VersionToken v) { return {PutMode::kIfMatch, std::move(v)}; }
};

struct ListOptions {
  std::string start_after;  // return only keys strictly greater (a page token)
  uint32_t limit = 1000;    // at most this many keys per page (1..1000)
};

struct ListPage {
  std::vector<ObjectMeta> objects;  // in ascending byte order of key
  // Pass as ListOptions::start_after to read the next page; empty when this
  // page is the last.
  std::string next_start_after;
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // Short name for messages and URIs: "memory", "file", "js".
  virtual std::string_view Kind() const = 0;

  // Reads many objects or ranges in one call; backends serve them concurrently
  // where they can. One result per request, in request order; each either
  // bytes or its own error (NotFound for a missing key).
  virtual std::vector<Result<GetResult>> GetMany(std::span<const GetRequest> requests) = 0;

  virtual Result<ObjectMeta> Head(std::string_view key) = 0;

  // Writes the whole object and returns its new version.
  virtual Result<VersionToken> Put(std::string_view key, std::string_view data,
                                   const PutOptions& options) = 0;

  // Deletes the key. Deleting a missing key is OK: deletes are idempotent, as
  // on S3, R2 and GCS, so a retried GC never fails on its own earlier work.
  virtual Status Delete(std::string_view key) = 0;

  // Deletes many keys: one status per key, in order. Backends that can
  // delete concurrently do (the JS bridge: one call, all in flight); the
  // default deletes one key after another.
  virtual std::vector<Status> DeleteMany(std::span<const std::string> keys);

  // One page of keys that start with `prefix`, in ascending byte order.
  virtual Result<ListPage> List(std::string_view prefix, const ListOptions& options) = 0;

  // Conveniences over GetMany.
  Result<GetResult> Get(std::string_view key);
  Result<GetResult> GetRange(std::string_view key, ByteRange range);
  // Every key under `prefix`, following pages.
  Result<std::vector<ObjectMeta>> ListAll(std::string_view prefix);
};

// OK if `key` is acceptable to every backend: 1..1024 bytes, no empty, "." or
// ".." segment, no leading or trailing '/', no NUL or control characters.
Status ValidateKey(std::string_view key);

// OK if `limit` is a valid list page size (1..1000).
Status ValidateListLimit(uint32_t limit);

// Bytes [offset, offset+length) of an object of `size` bytes, clamped; shared
// by the backends so they agree on ranges past the end.
struct ClampedRange {
  uint64_t offset;
  uint64_t length;
};
ClampedRange ClampRange(const std::optional<ByteRange>& range, uint64_t size);

}  // namespace namidb
