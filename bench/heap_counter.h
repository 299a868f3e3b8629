// Heap accounting for benchmarks: the program's global operator new/delete
// count live bytes and their peak, so a benchmark can report how much memory
// one phase (a flush, say) needed beyond what was live before it.
#pragma once

#include <cstdint>

namespace namidb::bench {

uint64_t HeapLiveBytes();
// Restarts peak tracking from the live bytes now.
void ResetHeapPeak();
uint64_t HeapPeakBytes();

}  // namespace namidb::bench
