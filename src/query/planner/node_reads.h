// Projection pushdown for nodes: what a statement reads of each node
// variable. A node whose properties nothing reads is loaded without them,
// and one read only for its identity (count(n), id(n), n IS NULL) is not
// loaded at all when the pattern needs no check of it.
//
// Judged by name over the whole statement (every UNION part and subquery),
// so a name used in two places needs the most either use needs, and every
// use not understood here needs the whole node.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "query/execution/node_filter.h"
#include "query/parser/ast.h"

namespace namidb::query {

class NodeReads {
 public:
  explicit NodeReads(const Query& query) { Walk(query); }

  // What the statement reads of the node a pattern binds, beyond what the
  // pattern itself checks; kFull for a statement that writes or projects
  // `*`, and for an end of a variable-length relationship (a walk of no
  // hops makes one end the other, whole).
  NodeDetail Of(const NodePattern& node) const;
  // The properties a label scan of `node` may read as columns instead of
  // whole records: those named as `n.key` (and in the pattern's own map),
  // when that is all the statement reads of it beyond its identity. Empty
  // when the node is read whole, or not for its properties at all.
  std::vector<std::string> ColumnsOf(const NodePattern& node) const;
  // Whether the statement has an updating clause anywhere.
  bool writes() const { return writes_; }

 private:
  void Walk(const Query& query);
  void WalkPattern(const PatternPart& part);
  void WalkExpr(const Expr& e, const Expr* parent);
  // details[variable] becomes at least `detail`.
  static void Raise(std::map<std::string, NodeDetail>& details, const std::string& variable,
                    NodeDetail detail);

  bool everything_ = false;
  bool writes_ = false;
  std::map<std::string, NodeDetail> needs_;            // from expressions
  std::map<std::string, NodeDetail> others_;           // the same, but for `n.key` reads
  std::map<std::string, std::set<std::string>> keys_;  // the keys of `n.key` reads
  std::map<std::string, int> patterns_;                // node patterns naming it
  std::map<std::string, NodeDetail> checks_;           // what those patterns check
  std::set<const NodePattern*> whole_;                 // ends of variable-length relationships
};

}  // namespace namidb::query
