// Size limits: the one set that writers stay within and readers accept.
//
// A writer checks them when a change is staged or an object is built, before
// anything reaches the store, so a namespace never holds what its readers
// would refuse; a reader checks the sizes it reads from fields (a block's
// frame header, a table's meta size) before it allocates, so a corrupted
// field cannot make it allocate without bound (Corruption naming the
// object instead); an object read whole is as large as it is on the store.
// docs/format.md ("Limits") gives each figure and its
// reason; docs/api.md lists what users meet; the engine reports them to
// TypeScript (`Engine.limits`). It lives in core because value encoding
// checks the nesting depth; the storage layer and the bridge check the rest.
//
// The figures come from the wasm heap: at most 4 GiB, shared by every
// database open in one engine instance. Writing one value costs about 9x its
// size in that heap at the commit (parameters, value, WAL record, segment)
// and reading it back about 5x (block, entry, value, result JSON); staging
// small elements costs about 10x their WAL bytes (the memtable's maps), and
// a reader replays the WAL since the last flush at about 8x.
#pragma once

#include <cstdint>

namespace namidb {

// A label, relationship type or property key, in UTF-8 bytes. Names are
// repeated in keys, block indexes and the manifest's statistics.
inline constexpr uint64_t kMaxNameBytes = 4u << 10;

// Lists and maps nested inside one property value.
inline constexpr int kMaxValueDepth = 64;

// One node or relationship as its WAL record: id, labels (or type and
// endpoints) and every property, encoded. 16 MiB costs ~150 MiB of heap to
// commit and ~85 MiB to read back; a table value is smaller than its record.
inline constexpr uint64_t kMaxRecordBytes = 16u << 20;

// One commit: the WAL segment of a staged batch (or of one Cypher statement).
// Every reader and writer that opens the namespace replays it at ~8x.
inline constexpr uint64_t kMaxWalSegmentBytes = 64u << 20;

// A writer flushes on its own once the WAL since the last flush holds this
// many bytes or segments: it bounds what an open replays and the manifest's
// WAL list (about 120 bytes a segment).
inline constexpr uint64_t kFlushAfterWalBytes = 64u << 20;
inline constexpr uint64_t kFlushAfterWalSegments = 1000;
// A writer's memtable past this many bytes (GraphState::bytes()) after a
// commit flushes: what bounds the memory a long load holds (the WAL bytes
// above decode to several times their size in memory).
inline constexpr uint64_t kFlushAfterMemtableBytes = 64u << 20;

// Table blocks: entries are packed into blocks of about this many bytes
// (uncompressed); an entry of this size or more gets a block of its own.
inline constexpr uint64_t kTableBlockBytes = 32u << 10;

// A table key: two 16-byte ids around a length-prefixed label or type.
inline constexpr uint64_t kMaxTableKeyBytes = 16 + 16 + 5 + kMaxNameBytes;

// One entry of a block: length-prefixed key and value (a record).
inline constexpr uint64_t kMaxTableEntryBytes = kMaxRecordBytes + kMaxTableKeyBytes + 10;

// The most a reader decompresses for one block, and so the most a block
// takes on the store (a block zstd does not shrink is stored raw). Writers
// stay far below it: new blocks hold at most kMaxTableEntryBytes; the 64 MiB
// is what the format has always allowed, so older tables stay readable.
inline constexpr uint64_t kMaxBlockBytes = 64u << 20;
static_assert(kMaxTableEntryBytes <= kMaxBlockBytes);
static_assert(2 * kTableBlockBytes <= kMaxTableEntryBytes);

// Data files are cut at about this size (WriterOptions::table_target_bytes),
// and no larger target is accepted.
inline constexpr uint64_t kDefaultTableTargetBytes = 16u << 20;
inline constexpr uint64_t kMaxTableTargetBytes = 64u << 20;

// A table's meta region (block index, bloom filter, footer): what a reader
// fetches with one ranged read and keeps while the table is open. A writer
// also cuts a table once its meta region reaches half of this.
inline constexpr uint64_t kMaxTableMetaBytes = 16u << 20;

// The manifest, read whole by every open and written by every commit.
// Parsing JSON takes ~10x its text, so 16 MiB costs ~160 MiB at an open.
inline constexpr uint64_t kMaxManifestBytes = 16u << 20;

// One object moved whole across the JavaScript bridge: it is copied once on
// each side, and the wasm heap holds 4 GiB at most.
inline constexpr uint64_t kMaxBridgeObjectBytes = 1u << 30;
static_assert(kMaxWalSegmentBytes <= kMaxBridgeObjectBytes);
static_assert(kMaxTableTargetBytes + kMaxBlockBytes + kMaxTableMetaBytes <= kMaxBridgeObjectBytes);

}  // namespace namidb
