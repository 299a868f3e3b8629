// The bytes one statement may hold (QueryLimits::max_memory_bytes), and
// what values and rows hold.
//
// A statement's memory is of two kinds. What operators keep beyond one
// chunk (sorted rows, hash tables, aggregation groups, DISTINCT sets,
// collected lists, a scanned label, expansion state, the result) is
// reserved from the budget through a MemoryHold as it grows and given back
// when let go. What is in flight (the chunks handed between operators) is
// bounded by rows and bytes per chunk (execution/operator.h), not reserved; a value
// built in one go (range(), list, map and string building) must fit in
// what the holders leave (CheckValue). Past the limit a statement fails with
// ResourceExhausted naming maxMemoryBytes: a refusal, before the memory is
// taken, that leaves the engine as it was. docs/architecture.md, "Memory of
// a statement", has the whole picture.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "query/common/query_error.h"

namespace namidb::query {

// What a statement may hold when the caller says nothing: 512 MiB. A wasm
// instance has at most 4 GiB for every database in it, the estimates below
// are short of what the allocator really uses by up to about half, and a
// browser tab on a small device may not grow a memory much past 1-2 GiB
// (docs/api.md, "Limits").
constexpr uint64_t kDefaultMaxMemoryBytes = uint64_t{512} << 20;

class MemoryHold;

class MemoryBudget {
 public:
  // `limit` 0: none (the budget still counts).
  explicit MemoryBudget(uint64_t limit = 0) : limit_(limit) {}
  // Holds still linked (an operator of a plan kept for another run) are
  // let go: they hold nothing afterwards and never reach this budget again.
  ~MemoryBudget();
  MemoryBudget(const MemoryBudget&) = delete;
  MemoryBudget& operator=(const MemoryBudget&) = delete;

  // Takes `bytes` more for `what` (a phrase: "sorting rows"), or
  // ResourceExhausted, taking nothing, when that passes the limit.
  Status Reserve(uint64_t bytes, std::string_view what);
  void Release(uint64_t bytes) { held_ -= bytes < held_ ? bytes : held_; }
  // Whether `bytes` more (for `what`) would fit beside what is held.
  Status CheckFits(uint64_t bytes, std::string_view what) const;
  // The same for a value about to be built, counted as built (built()).
  Status CheckValue(uint64_t bytes, std::string_view what);

  uint64_t limit() const { return limit_; }
  uint64_t held() const { return held_; }
  uint64_t peak() const { return peak_; }
  // Bytes of values built so far (CheckValue), ever growing: an operator
  // filling a chunk reads it to bound the chunk's bytes.
  uint64_t built() const { return built_; }

 private:
  friend class MemoryHold;
  // Says who holds the most (the holds, in a list), and what wanted more.
  Status Exhausted(uint64_t bytes, std::string_view what) const;

  uint64_t limit_;
  uint64_t held_ = 0;
  uint64_t peak_ = 0;
  uint64_t built_ = 0;
  MemoryHold* holds_ = nullptr;  // those holding anything
};

// What one holder (an operator's table, the result) has reserved; all of
// it goes back on Clear() and on destruction. A hold is bound to the budget
// it first reserves from, and named by what it first reserved for.
class MemoryHold {
 public:
  MemoryHold() = default;
  ~MemoryHold() { Clear(); }
  MemoryHold(const MemoryHold&) = delete;
  MemoryHold& operator=(const MemoryHold&) = delete;

  Status Add(MemoryBudget* budget, uint64_t bytes, std::string_view what);
  // Gives back part of what is held (no more than that).
  void Remove(uint64_t bytes);
  void Clear();
  uint64_t bytes() const { return bytes_; }

 private:
  friend class MemoryBudget;
  void Link(MemoryBudget* budget);
  void Unlink();

  MemoryBudget* budget_ = nullptr;
  uint64_t bytes_ = 0;
  std::string what_;
  MemoryHold* prev_ = nullptr;  // the budget's list of holds
  MemoryHold* next_ = nullptr;
};

// Estimates of the heap bytes a value or row holds, allocator overhead
// included. A node, relationship or path is shared by the rows that hold it
// (core/value.h): each holder is charged its share, the whole divided by
// the number of holders, so that rows sharing one node are not charged its
// properties each. Values nested deeper than any query writes are walked
// without recursion.
uint64_t ValueBytes(const Value& v);  // beyond sizeof(Value)
// The same, with how deep lists and maps nest in the value (a list is 1, a
// list in a list 2; a node's stored properties are not counted): one walk
// for both, as a value built by a query is checked for both.
struct ValueSize {
  uint64_t bytes = 0;
  int depth = 0;
};
ValueSize MeasureValue(const Value& v);
uint64_t RowBytes(const std::vector<Value>& row);  // the vector and its values

// How deep lists and maps may nest in a value a statement builds (a list is
// level 1): as deep as a parameter may (MAX_VALUE_DEPTH in
// js/src/values.ts), so whatever a query returns can be passed back. Deeper
// is ResourceExhausted where the value is built (a reduce() wrapping its
// accumulator in a list at each step): copying, comparing, printing and
// freeing a value recurse once per level, and the wasm stack is small.
constexpr int kMaxBuiltValueDepth = 100;
// ResourceExhausted naming `what` and where it is written (`at`) if
// `depth` (ValueSize) passes kMaxBuiltValueDepth.
Status CheckBuiltDepth(int depth, const SourcePos& at, std::string_view what);
// What a copy allocates: strings, lists and maps in full, shared nodes,
// relationships and paths nothing (the copy shares them).
uint64_t ValueCopyBytes(const Value& v);
uint64_t RowCopyBytes(const std::vector<Value>& row);

}  // namespace namidb::query
