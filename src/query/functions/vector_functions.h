// Neo4j 5's vector similarity functions, as registry entries: for two
// vectors (lists of numbers) of one dimension, a similarity in [0, 1] that
// grows as they get closer, scaled as Neo4j's vector indexes score:
//
// - vector.similarity.euclidean(a, b): 1 / (1 + d²), d the Euclidean
//   distance;
// - vector.similarity.cosine(a, b): (1 + cos θ) / 2, θ the angle between
//   them; null when either has no direction (all zeros).
//
// Null when either vector is null. Vectors of different dimensions, or
// empty, are an ArgumentError; an element that is not a number a TypeError.
#pragma once

#include <vector>

#include "query/functions/function_registry.h"

namespace namidb::query {

std::vector<ScalarFunction> VectorFunctionEntries();

}  // namespace namidb::query
