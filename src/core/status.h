// Status and Result<T>: the error type of every layer below the bindings.
//
// Errors are returned, never thrown: the wasm build runs without C++ exception
// catching (Asyncify plus JS-trampolined exceptions would slow every call), so a
// Status is the one way a failure travels. Each Status carries a code that the
// bindings map one-to-one onto a typed JavaScript error class.
#pragma once

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace namidb {

enum class StatusCode : int {
  kOk = 0,
  kNotFound = 1,            // the object, namespace, node or key does not exist
  kAlreadyExists = 2,       // a create-only write found the key present
  kPreconditionFailed = 3,  // a conditional write lost (version changed or key missing)
  kConflict = 4,            // another writer committed first; reopen to continue
  kCorruption = 5,          // bytes failed a checksum, bound or format check
  kInvalidArgument = 6,     // the caller passed something malformed
  kUnsupported = 7,         // valid request this build or backend cannot do
  kIoError = 8,             // the store or the operating system failed
  kCancelled = 9,           // the caller stopped the operation
  kResourceExhausted = 10,  // a row, memory or size cap was hit
  kInternal = 11,           // a broken invariant: a bug in namidb
  kManifestMissing = 12,    // a namespace holds objects but no manifest: recover it
};

// The largest code: codes that cross a boundary as numbers are checked against it.
inline constexpr StatusCode kLastStatusCode = StatusCode::kManifestMissing;

// Stable, human-readable name of a code ("NotFound", "Corruption", ...); the
// TypeScript error classes use the same names.
std::string_view StatusCodeName(StatusCode code);

// What a Cypher error carries besides its code and message: the openCypher
// classification (a type such as "SyntaxError", the phase "compile time" or
// "runtime", a detail such as "UndefinedVariable") and, for errors found in
// the query text, the 1-based line and column.
struct QueryErrorInfo {
  std::string type;
  std::string phase;
  std::string detail;
  int line = 0;  // 0: no position
  int column = 0;
  friend bool operator==(const QueryErrorInfo&, const QueryErrorInfo&) = default;
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status OK() { return Status(); }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status PreconditionFailed(std::string m) {
    return {StatusCode::kPreconditionFailed, std::move(m)};
  }
  static Status Conflict(std::string m) { return {StatusCode::kConflict, std::move(m)}; }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status Unsupported(std::string m) { return {StatusCode::kUnsupported, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status Cancelled(std::string m) { return {StatusCode::kCancelled, std::move(m)}; }
  static Status ResourceExhausted(std::string m) {
    return {StatusCode::kResourceExhausted, std::move(m)};
  }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
  static Status ManifestMissing(std::string m) {
    return {StatusCode::kManifestMissing, std::move(m)};
  }
  // A Cypher error (code InvalidArgument) with its classification.
  static Status Query(QueryErrorInfo info, std::string m);

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  bool Is(StatusCode c) const { return code_ == c; }

  // "Corruption: wal/000012.log: checksum mismatch at offset 4096"
  std::string ToString() const;

  // The same status with more context in front: "reading manifest: <message>".
  Status WithContext(std::string_view context) const;

  // The classification of a Cypher error, or nullptr for any other status.
  const QueryErrorInfo* query_error() const { return query_error_.get(); }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::shared_ptr<const QueryErrorInfo> query_error_;  // shared: statuses are copied often
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit on purpose
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok() && "a Result holds a value or an error, not OK");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace namidb

#define NAMIDB_CONCAT_INNER(a, b) a##b
#define NAMIDB_CONCAT(a, b) NAMIDB_CONCAT_INNER(a, b)

// Returns from the enclosing function if `expr` (a Status) is not OK.
#define NAMIDB_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::namidb::Status _namidb_status = (expr);        \
    if (!_namidb_status.ok()) return _namidb_status; \
  } while (0)

// `NAMIDB_ASSIGN_OR_RETURN(auto x, MakeX());` binds the value or returns the error.
#define NAMIDB_ASSIGN_OR_RETURN(lhs, expr) \
  NAMIDB_ASSIGN_OR_RETURN_IMPL(NAMIDB_CONCAT(_namidb_result_, __LINE__), lhs, expr)
#define NAMIDB_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
