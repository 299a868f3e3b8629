// The schema procedures tools ask a graph for what it holds, computed from
// the data (a namespace declares no schema but its indexes and
// constraints), as Neo4j names them:
//   db.schema.nodeTypeProperties()  a row per node type (set of labels)
//                                   and property: the property's types and
//                                   whether every node of the type has it;
//   db.schema.relTypeProperties()   the same per relationship type;
//   db.schema.visualization()       a node per label and a relationship per
//                                   (start label, type, end label) that some
//                                   relationship joins.
// Each reads every node (and relationship) of the statement's view, a
// window at a time, polling the statement's interrupts per element.
#pragma once

#include "query/functions/procedures.h"

namespace namidb::query {

Procedure NodeTypePropertiesProcedure();
Procedure RelTypePropertiesProcedure();
Procedure SchemaVisualizationProcedure();

}  // namespace namidb::query
