#include "query/common/memory_budget.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace namidb::query {

namespace {

// 300 bytes, 12.5 KiB, 2.0 MiB.
std::string Size(uint64_t bytes) {
  char text[32];
  if (bytes < 1024) {
    std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
  } else if (bytes < (uint64_t{1} << 20)) {
    std::snprintf(text, sizeof text, "%.1f KiB", static_cast<double>(bytes) / 1024.0);
  } else {
    std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  }
  return text;
}

}  // namespace

Status MemoryBudget::Exhausted(uint64_t bytes, std::string_view what) const {
  const MemoryHold* largest = nullptr;
  for (const MemoryHold* h = holds_; h; h = h->next_) {
    if (!largest || h->bytes_ > largest->bytes_) largest = h;
  }
  std::string who;
  if (largest)
    who = largest->what_ + " holds " + Size(largest->bytes_) + " of " + Size(held_) + " held, and ";
  return Status::ResourceExhausted(
      "the statement needs more than its maxMemoryBytes limit of " + Size(limit_) + " (" + who +
      std::string(what) + " wanted " + Size(bytes) +
      " more); narrow the query (LIMIT, fewer rows, smaller values) or raise "
      "maxMemoryBytes");
}

MemoryBudget::~MemoryBudget() {
  while (holds_) {
    MemoryHold* h = holds_;
    holds_ = h->next_;
    h->budget_ = nullptr;
    h->bytes_ = 0;
    h->prev_ = h->next_ = nullptr;
  }
}

Status MemoryBudget::Reserve(uint64_t bytes, std::string_view what) {
  if (limit_ > 0 && held_ + bytes > limit_) return Exhausted(bytes, what);
  held_ += bytes;
  if (held_ > peak_) peak_ = held_;
  return Status::OK();
}

Status MemoryBudget::CheckFits(uint64_t bytes, std::string_view what) const {
  if (limit_ > 0 && held_ + bytes > limit_) return Exhausted(bytes, what);
  return Status::OK();
}

Status MemoryBudget::CheckValue(uint64_t bytes, std::string_view what) {
  NAMIDB_RETURN_IF_ERROR(CheckFits(bytes, what));
  built_ += bytes;
  if (held_ + bytes > peak_) peak_ = held_ + bytes;
  return Status::OK();
}

Status MemoryHold::Add(MemoryBudget* budget, uint64_t bytes, std::string_view what) {
  if (!budget || bytes == 0) return Status::OK();
  if (budget_ && budget_ != budget) Clear();
  NAMIDB_RETURN_IF_ERROR(budget->Reserve(bytes, what));
  if (bytes_ == 0) {
    Link(budget);
    if (what_.empty()) what_ = what;
  }
  bytes_ += bytes;
  return Status::OK();
}

void MemoryHold::Remove(uint64_t bytes) {
  if (bytes > bytes_) bytes = bytes_;
  if (bytes == 0) return;
  budget_->Release(bytes);
  bytes_ -= bytes;
  if (bytes_ == 0) Unlink();
}

void MemoryHold::Clear() { Remove(bytes_); }

void MemoryHold::Link(MemoryBudget* budget) {
  budget_ = budget;
  prev_ = nullptr;
  next_ = budget->holds_;
  if (next_) next_->prev_ = this;
  budget->holds_ = this;
}

void MemoryHold::Unlink() {
  if (prev_) {
    prev_->next_ = next_;
  } else if (budget_->holds_ == this) {
    budget_->holds_ = next_;
  }
  if (next_) next_->prev_ = prev_;
  prev_ = next_ = nullptr;
}

namespace {

// A heap block's overhead: the allocator's header and rounding.
constexpr uint64_t kBlock = 16;
// A make_shared block's control block (two counts, a vtable pointer).
constexpr uint64_t kControlBlock = 16;
// Deeper values (built by reduce(), never written in a query) are walked
// from an explicit stack instead of by recursion.
constexpr int kRecursionDepth = 64;

uint64_t StringBytes(const std::string& s) {
  const char* object = reinterpret_cast<const char*>(&s);
  if (s.data() >= object && s.data() < object + sizeof(s)) return 0;  // held inline
  return s.capacity() + 1 + kBlock;
}

template <typename T>
uint64_t VectorBytes(const std::vector<T>& v) {
  return v.capacity() == 0 ? 0 : v.capacity() * sizeof(T) + kBlock;
}

class ByteCounter {
 public:
  // `shared`: count the shares of nodes, relationships and paths (what
  // holding the value keeps alive), or not (what copying it allocates).
  explicit ByteCounter(bool shared) : shared_(shared) {}

  double Count(const Value& v) {
    Add(v, 1.0, 0, 0);
    while (!deferred_.empty()) {
      Deferred d = deferred_.back();
      deferred_.pop_back();
      Add(*d.value, d.share, 0, d.level);
    }
    return total_;
  }
  // Levels of lists and maps in the value counted (ValueSize::depth).
  int levels() const { return levels_; }

 private:
  // `depth`: levels of recursion; `level`: of lists and maps around `v`
  // (kInsideElement within a node, relationship or path: not counted).
  void Add(const Value& v, double share, int depth, int level) {
    if (depth > kRecursionDepth) {
      deferred_.push_back({&v, share, level});
      return;
    }
    switch (v.kind()) {
      case ValueKind::kString:
        total_ += share * static_cast<double>(StringBytes(v.as_string()));
        return;
      case ValueKind::kBytes:
        total_ += share * static_cast<double>(StringBytes(v.as_bytes()));
        return;
      case ValueKind::kList:
        level = Deeper(level);
        total_ += share * static_cast<double>(VectorBytes(v.as_list()));
        for (const Value& e : v.as_list()) Add(e, share, depth + 1, level);
        return;
      case ValueKind::kMap:
        Map(v.as_map(), share, depth, Deeper(level));
        return;
      case ValueKind::kNode:
        if (!shared_) return;
        share /= static_cast<double>(v.shared_count());
        total_ += share * static_cast<double>(sizeof(NodeValue) + kControlBlock + kBlock);
        Node(v.as_node(), share, depth);
        return;
      case ValueKind::kRelationship:
        if (!shared_) return;
        share /= static_cast<double>(v.shared_count());
        total_ += share * static_cast<double>(sizeof(RelationshipValue) + kControlBlock + kBlock);
        Relationship(v.as_relationship(), share, depth);
        return;
      case ValueKind::kPath: {
        if (!shared_) return;
        share /= static_cast<double>(v.shared_count());
        const PathValue& p = v.as_path();
        total_ += share * static_cast<double>(sizeof(PathValue) + kControlBlock + kBlock +
                                              VectorBytes(p.nodes) + VectorBytes(p.relationships));
        for (const NodeValue& n : p.nodes) Node(n, share, depth);
        for (const RelationshipValue& r : p.relationships) Relationship(r, share, depth);
        return;
      }
      default:
        return;  // held inline
    }
  }

  void Map(const ValueMap& m, double share, int depth, int level) {
    if (m.empty()) return;
    total_ += share * static_cast<double>(m.size() * sizeof(ValueMap::Entry) + kBlock);
    for (const auto& [key, value] : m) {
      total_ += share * static_cast<double>(StringBytes(key));
      Add(value, share, depth + 1, level);
    }
  }

  // One level of list or map further in, counted unless inside an element.
  int Deeper(int level) {
    if (level == kInsideElement) return level;
    levels_ = std::max(levels_, level + 1);
    return level + 1;
  }

  // What a node holds beyond its own struct.
  void Node(const NodeValue& n, double share, int depth) {
    uint64_t labels = VectorBytes(n.labels);
    for (const std::string& l : n.labels) labels += StringBytes(l);
    total_ += share * static_cast<double>(labels);
    Map(n.properties, share, depth, kInsideElement);
  }

  void Relationship(const RelationshipValue& r, double share, int depth) {
    total_ += share * static_cast<double>(StringBytes(r.type));
    Map(r.properties, share, depth, kInsideElement);
  }

  // The properties of nodes and relationships are nested as stored, which
  // the store bounds; a value's own levels are those around them.
  static constexpr int kInsideElement = -1;

  struct Deferred {
    const Value* value;
    double share;
    int level;
  };

  bool shared_;
  double total_ = 0;
  int levels_ = 0;
  std::vector<Deferred> deferred_;
};

// Nothing beyond the Value itself: the common kinds, at once.
bool Inline(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kNull:
    case ValueKind::kBool:
    case ValueKind::kInt:
    case ValueKind::kFloat:
      return true;
    default:
      return v.is_temporal();
  }
}

}  // namespace

uint64_t ValueBytes(const Value& v) { return MeasureValue(v).bytes; }

ValueSize MeasureValue(const Value& v) {
  if (Inline(v)) return {};
  ByteCounter counter(/*shared=*/true);
  const double bytes = counter.Count(v);
  return {static_cast<uint64_t>(bytes), counter.levels()};
}

uint64_t RowBytes(const std::vector<Value>& row) {
  uint64_t total = sizeof(row) + VectorBytes(row);
  for (const Value& v : row) total += ValueBytes(v);
  return total;
}

uint64_t ValueCopyBytes(const Value& v) {
  switch (v.kind()) {
    case ValueKind::kString:
    case ValueKind::kBytes:
    case ValueKind::kList:
    case ValueKind::kMap:
      return static_cast<uint64_t>(ByteCounter(/*shared=*/false).Count(v));
    default:
      return 0;
  }
}

uint64_t RowCopyBytes(const std::vector<Value>& row) {
  uint64_t total = sizeof(row) + VectorBytes(row);
  for (const Value& v : row) total += ValueCopyBytes(v);
  return total;
}

Status CheckBuiltDepth(int depth, const SourcePos& at, std::string_view what) {
  if (depth <= kMaxBuiltValueDepth) return Status::OK();
  return Status::ResourceExhausted(std::string(what) + " at line " + std::to_string(at.line) +
                                   ", column " + std::to_string(at.column) +
                                   " would nest lists and maps " + std::to_string(depth) +
                                   " levels deep, more than the limit of " +
                                   std::to_string(kMaxBuiltValueDepth) + "; build flatter values");
}

}  // namespace namidb::query
