// The binary form in which a bulk staging call (upsertNodes / upsertEdges of
// the TypeScript API) crosses into the engine: one buffer per call, encoded
// by js/src/staging_batch.ts, instead of JSON text per element.
//
//   batch      := "NSB" version:u8 (1) kind:u8 (1 nodes | 2 edges) count:varint element*
//   parameters := "NSB" version:u8 (1) kind:u8 (3) properties   a statement's parameters
//   node       := label_count:varint text* id:text properties
//   edge       := type:text src:text dst:text id:text (empty: derived) properties
//   text       := len:varint UTF-8 bytes
//   properties := count:varint (key:text value)*   keys unique, in any order
//   value      := tag:u8 payload, tags 0-8 as a stored property value
//                 (docs/format.md, "Property values"), and
//                 16 tagged JSON text (a temporal value): len:varint UTF-8
//
// An id is a UUID's text or any other text a UUID is derived from (the
// same text, the same id). Decoding checks the whole buffer before anything
// is staged: malformed input is InvalidArgument naming the byte offset and
// element, and nothing is returned.
#pragma once

#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"
#include "storage/writer_session.h"

namespace namidb {

inline constexpr uint8_t kStagingBatchVersion = 1;

enum class StagingBatchKind : uint8_t { kNodes = 1, kEdges = 2, kParameters = 3 };

using StagingBatch = std::variant<std::vector<NodeUpsert>, std::vector<EdgeUpsert>>;

Result<StagingBatch> DecodeStagingBatch(std::string_view bytes);

// A statement's parameters, which cross from TypeScript in the same form
// (kind 3): any value a parameter may hold, by name. Malformed bytes are
// InvalidArgument ("malformed parameters: ...").
Result<ValueMap> DecodeParameterBatch(std::string_view bytes);

// A UUID's text parsed, or the UUID derived from any other text.
Uuid ElementIdFromText(std::string_view text);

}  // namespace namidb
