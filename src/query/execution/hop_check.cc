#include "query/execution/hop_check.h"

#include "query/execution/evaluator.h"
#include "query/functions/value_ops.h"

namespace namidb::query {

Result<bool> HopHolds(const HopCheck& hop, ExecContext& ctx, Row& scratch, const Value& from,
                      const Value& rel, const Value& to) {
  if (hop.same_ends && from.as_node().id != to.as_node().id) return false;
  scratch[hop.from_slot] = from;
  scratch[hop.rel_slot] = rel;
  scratch[hop.to_slot] = to;
  NAMIDB_ASSIGN_OR_RETURN(bool ok, NodeMatches(hop.from_filter, from.as_node(), scratch, ctx));
  if (!ok) return false;
  NAMIDB_ASSIGN_OR_RETURN(ok, NodeMatches(hop.to_filter, to.as_node(), scratch, ctx));
  if (!ok) return false;
  NAMIDB_ASSIGN_OR_RETURN(
      ok, PropertiesMatch(hop.rel_properties, rel.as_relationship().properties, scratch, ctx));
  if (!ok || !hop.where) return ok;
  NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*hop.where, scratch, ctx.eval));
  NAMIDB_ASSIGN_OR_RETURN(Ternary t, AsPredicate(v));
  return t == Ternary(true);
}

Result<bool> RepetitionHolds(const HopCheck& hop, ExecContext& ctx, Row& scratch,
                             const std::vector<const Value*>& nodes,
                             const std::vector<const Value*>& rels) {
  for (size_t j = 0; j < nodes.size(); ++j) {
    const int same = hop.same_node[j];
    if (same >= 0 && nodes[same]->as_node().id != nodes[j]->as_node().id) return false;
    scratch[hop.node_slots[j]] = *nodes[j];
  }
  for (size_t j = 0; j < rels.size(); ++j) scratch[hop.rel_slots[j]] = *rels[j];
  for (size_t j = 0; j < nodes.size(); ++j) {
    NAMIDB_ASSIGN_OR_RETURN(bool ok,
                            NodeMatches(hop.node_filters[j], nodes[j]->as_node(), scratch, ctx));
    if (!ok) return false;
  }
  for (size_t j = 0; j < rels.size(); ++j) {
    NAMIDB_ASSIGN_OR_RETURN(
        bool ok,
        PropertiesMatch(hop.rel_checks[j], rels[j]->as_relationship().properties, scratch, ctx));
    if (!ok) return false;
  }
  if (!hop.where) return true;
  NAMIDB_ASSIGN_OR_RETURN(Value v, Evaluate(*hop.where, scratch, ctx.eval));
  NAMIDB_ASSIGN_OR_RETURN(Ternary t, AsPredicate(v));
  return t == Ternary(true);
}

}  // namespace namidb::query
