#include "heap_counter.h"

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<uint64_t> live{0};
std::atomic<uint64_t> peak{0};

void* Count(void* p) {
  if (!p) std::abort();  // out of memory: a benchmark has no way on
  uint64_t now = live.fetch_add(malloc_usable_size(p)) + malloc_usable_size(p);
  uint64_t seen = peak.load(std::memory_order_relaxed);
  while (now > seen && !peak.compare_exchange_weak(seen, now)) {
  }
  return p;
}

void Uncount(void* p) {
  if (!p) return;
  live.fetch_sub(malloc_usable_size(p));
  std::free(p);
}

}  // namespace

namespace namidb::bench {

uint64_t HeapLiveBytes() { return live.load(); }
void ResetHeapPeak() { peak.store(live.load()); }
uint64_t HeapPeakBytes() { return peak.load(); }

}  // namespace namidb::bench

void* operator new(size_t n) { return Count(std::malloc(n)); }
void* operator new[](size_t n) { return Count(std::malloc(n)); }
void* operator new(size_t n, std::align_val_t a) {
  return Count(std::aligned_alloc(
      static_cast<size_t>(a), (n + static_cast<size_t>(a) - 1) & ~(static_cast<size_t>(a) - 1)));
}
void* operator new[](size_t n, std::align_val_t a) { return operator new(n, a); }
void operator delete(void* p) noexcept { Uncount(p); }
void operator delete[](void* p) noexcept { Uncount(p); }
void operator delete(void* p, size_t) noexcept { Uncount(p); }
void operator delete[](void* p, size_t) noexcept { Uncount(p); }
void operator delete(void* p, std::align_val_t) noexcept { Uncount(p); }
void operator delete[](void* p, std::align_val_t) noexcept { Uncount(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { Uncount(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { Uncount(p); }
