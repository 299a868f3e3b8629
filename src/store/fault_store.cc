#include "store/fault_store.h"

namespace namidb {
namespace {

const char* OpName(FaultStore::Op op) {
  switch (op) {
    case FaultStore::Op::kGet:
      return "get";
    case FaultStore::Op::kHead:
      return "head";
    case FaultStore::Op::kPut:
      return "put";
    case FaultStore::Op::kDelete:
      return "delete";
    case FaultStore::Op::kList:
      return "list";
  }
  return "?";
}

}  // namespace

void FaultStore::FailAt(uint64_t n, When when) {
  std::lock_guard lock(mu_);
  fail_at_ = {n, when};
}

void FaultStore::FailNext(Op op, When when) {
  std::lock_guard lock(mu_);
  fail_next_ = {op, when};
}

void FaultStore::StopAt(uint64_t n) {
  std::lock_guard lock(mu_);
  stop_at_ = n;
}

void FaultStore::Reset() {
  std::lock_guard lock(mu_);
  fail_at_.reset();
  fail_next_.reset();
  stop_at_.reset();
}

uint64_t FaultStore::operation_count() const {
  std::lock_guard lock(mu_);
  return count_;
}

std::vector<FaultStore::Call> FaultStore::log() const {
  std::lock_guard lock(mu_);
  return log_;
}

std::optional<FaultStore::When> FaultStore::Begin(Op op, std::string_view key) {
  std::lock_guard lock(mu_);
  uint64_t n = count_++;
  log_.push_back(Call{op, std::string(key)});
  if (stop_at_ && n >= *stop_at_) return When::kBefore;
  if (fail_at_ && fail_at_->first == n) {
    When when = fail_at_->second;
    fail_at_.reset();
    return when;
  }
  if (fail_next_ && fail_next_->first == op) {
    When when = fail_next_->second;
    fail_next_.reset();
    return when;
  }
  return std::nullopt;
}

Status FaultStore::Injected(Op op, std::string_view key, When when) {
  return Status::IoError(std::string("injected fault ") +
                         (when == When::kBefore ? "before " : "after ") + OpName(op) + " '" +
                         std::string(key) + "'");
}

std::vector<Result<GetResult>> FaultStore::GetMany(std::span<const GetRequest> requests) {
  std::string keys;
  for (const auto& r : requests) keys += (keys.empty() ? "" : ",") + r.key;
  auto fault = Begin(Op::kGet, keys);
  std::vector<Result<GetResult>> results;
  if (fault == When::kBefore) {
    for (size_t i = 0; i < requests.size(); ++i) {
      results.emplace_back(Injected(Op::kGet, requests[i].key, When::kBefore));
    }
    return results;
  }
  results = inner_->GetMany(requests);
  if (fault == When::kAfter) {
    for (size_t i = 0; i < results.size(); ++i) {
      results[i] = Injected(Op::kGet, requests[i].key, When::kAfter);
    }
  }
  return results;
}

Result<ObjectMeta> FaultStore::Head(std::string_view key) {
  auto fault = Begin(Op::kHead, key);
  if (fault == When::kBefore) return Injected(Op::kHead, key, *fault);
  auto result = inner_->Head(key);
  if (fault == When::kAfter) return Injected(Op::kHead, key, *fault);
  return result;
}

Result<VersionToken> FaultStore::Put(std::string_view key, std::string_view data,
                                     const PutOptions& options) {
  auto fault = Begin(Op::kPut, key);
  if (fault == When::kBefore) return Injected(Op::kPut, key, *fault);
  auto result = inner_->Put(key, data, options);
  if (fault == When::kAfter) return Injected(Op::kPut, key, *fault);
  return result;
}

Status FaultStore::Delete(std::string_view key) {
  auto fault = Begin(Op::kDelete, key);
  if (fault == When::kBefore) return Injected(Op::kDelete, key, *fault);
  Status status = inner_->Delete(key);
  if (fault == When::kAfter) return Injected(Op::kDelete, key, *fault);
  return status;
}

Result<ListPage> FaultStore::List(std::string_view prefix, const ListOptions& options) {
  auto fault = Begin(Op::kList, prefix);
  if (fault == When::kBefore) return Injected(Op::kList, prefix, *fault);
  auto result = inner_->List(prefix, options);
  if (fault == When::kAfter) return Injected(Op::kList, prefix, *fault);
  return result;
}

}  // namespace namidb
