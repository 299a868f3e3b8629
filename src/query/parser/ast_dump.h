// A compact S-expression rendering of syntax trees: how tests state what the
// parser built, and a readable form for debugging.
//
//   a.b + 1 * $p        (+ (. a b) (* 1 $p))
//   (n:A)-[r:T*1..2]->(m)  (path (node n :A) (rel r :T *1..2 ->) (node m))
#pragma once

#include <string>

#include "query/parser/ast.h"

namespace namidb::query {

std::string Dump(const Expr& expr);
std::string Dump(const PatternPart& part);
std::string Dump(const Query& query);

}  // namespace namidb::query
