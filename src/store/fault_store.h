// FaultStore: wraps an ObjectStore and makes chosen operations fail, for
// tests of everything above the store (commit, flush, compaction, GC).
//
// Faults are armed by operation number (every call counts once, in order) or
// by the next call of a kind, and strike either before the call reaches the
// inner store (nothing happened) or after it (the effect happened but the
// caller hears IoError: the lost acknowledgement). `StopAt(n)` makes every
// call from the n-th on fail, like a process that died at that point.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/object_store.h"

namespace namidb {

class FaultStore final : public ObjectStore {
 public:
  enum class Op { kGet, kHead, kPut, kDelete, kList };
  enum class When { kBefore, kAfter };

  struct Call {
    Op op;
    std::string key;  // the prefix for kList; one entry per key of a GetMany
  };

  explicit FaultStore(std::shared_ptr<ObjectStore> inner) : inner_(std::move(inner)) {}

  // Fails operation number `n` (0-based, counting every call).
  void FailAt(uint64_t n, When when);
  // Fails the next call of kind `op`.
  void FailNext(Op op, When when);
  // Fails every call from operation number `n` on, before it reaches the store.
  void StopAt(uint64_t n);
  // Disarms every fault.
  void Reset();

  uint64_t operation_count() const;
  std::vector<Call> log() const;

  std::string_view Kind() const override { return inner_->Kind(); }
  std::vector<Result<GetResult>> GetMany(std::span<const GetRequest> requests) override;
  Result<ObjectMeta> Head(std::string_view key) override;
  Result<VersionToken> Put(std::string_view key, std::string_view data,
                           const PutOptions& options) override;
  Status Delete(std::string_view key) override;
  Result<ListPage> List(std::string_view prefix, const ListOptions& options) override;

 private:
  // Counts and logs one call; returns when (if at all) it must fail.
  std::optional<When> Begin(Op op, std::string_view key);
  static Status Injected(Op op, std::string_view key, When when);

  std::shared_ptr<ObjectStore> inner_;
  mutable std::mutex mu_;
  uint64_t count_ = 0;
  std::optional<std::pair<uint64_t, When>> fail_at_;
  std::optional<std::pair<Op, When>> fail_next_;
  std::optional<uint64_t> stop_at_;
  std::vector<Call> log_;
};

}  // namespace namidb
