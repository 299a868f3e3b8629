// Loads the LDBC SNB Interactive v1 test graph (../shared/data) through the
// staging API, in the property-graph model the LDBC Cypher queries expect:
// labels Person, City/Country/Continent + Place, Company/University +
// Organisation, Tag, TagClass, Forum, Post/Comment + Message; every node has
// an integer `id`; dates are epoch-millisecond integers; empty fields are
// not stored; Person `language` / `email` become the lists `speaks` / `email`.
#pragma once

#include <string>

#include "core/uuid.h"
#include "storage/writer_session.h"

namespace namidb::testing {

// The folder of the LDBC test data: $NAMIDB_SHARED_DATA, else the project's
// ../shared/data.
std::string LdbcDataDir();

// The id a loaded node of `entity` (person, post, place, ...) has.
Uuid LdbcNodeId(const std::string& entity, int64_t id);

struct LdbcLoadStats {
  uint64_t nodes = 0;
  uint64_t edges = 0;
};

// Stages and commits every node and edge file (committing every 10,000
// elements), then flushes.
Result<LdbcLoadStats> LoadLdbc(WriterSession& writer, const std::string& data_dir);

}  // namespace namidb::testing
