#include "query/parser/ast_dump.h"

namespace namidb::query {
namespace {

std::string Opt(const ExprPtr& e) { return e ? Dump(*e) : "_"; }

std::string Children(const Expr& e, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < e.children.size(); ++i) out += " " + Opt(e.children[i]);
  return out;
}

std::string Labels(const std::vector<std::string>& labels) {
  std::string out;
  for (const auto& l : labels) out += " :" + l;
  return out;
}

std::string DynamicLabels(const std::vector<ExprPtr>& labels) {
  std::string out;
  for (const auto& l : labels) out += " :$(" + Dump(*l) + ")";
  return out;
}

std::string DumpProjection(const Projection& p) {
  std::string out;
  if (p.distinct) out += " distinct";
  if (p.star) out += " *";
  for (const auto& item : p.items) {
    out += " " + Dump(*item.expr);
    if (item.aliased) out += " as " + item.alias;
  }
  if (!p.order_by.empty()) {
    out += " order";
    for (const auto& s : p.order_by) {
      out += " " + Dump(*s.expr) + (s.descending ? " desc" : "");
      if (s.nulls_first != s.descending) out += s.nulls_first ? " nulls-first" : " nulls-last";
    }
  }
  if (p.skip) out += " skip " + Dump(*p.skip);
  if (p.limit) out += " limit " + Dump(*p.limit);
  if (p.where) out += " where " + Dump(*p.where);
  return out;
}

std::string DumpClause(const Clause& c) {
  std::string pattern;
  for (const auto& part : c.pattern) pattern += " " + Dump(part);
  switch (c.kind) {
    case ClauseKind::kMatch:
      return std::string("(") + (c.optional ? "optional-match" : "match") +
             (c.repeatable_elements ? " repeatable-elements" : "") + pattern +
             (c.where ? " where " + Dump(*c.where) : "") + ")";
    case ClauseKind::kUnwind:
      return "(unwind " + Dump(*c.expr) + " as " + c.alias + ")";
    case ClauseKind::kLoadCsv:
      return std::string("(load-csv") + (c.with_headers ? " with-headers" : "") + " from " +
             Dump(*c.expr) + " as " + c.alias +
             (c.field_terminator != ',' ? " fieldterminator " + std::string(1, c.field_terminator)
                                        : "") +
             ")";
    case ClauseKind::kWith:
      return "(with" + DumpProjection(c.projection) + ")";
    case ClauseKind::kReturn:
      return "(return" + DumpProjection(c.projection) + ")";
    case ClauseKind::kCallSubquery: {
      std::string scope;
      if (c.has_scope_clause) {
        scope = c.imports_all ? "(*)" : "(";
        for (size_t i = 0; i < c.imports.size(); ++i) {
          scope += (i ? " " : "") + c.imports[i]->name + (i + 1 == c.imports.size() ? ")" : "");
        }
        if (!c.imports_all && c.imports.empty()) scope += ")";
        scope += " ";
      }
      std::string transactions;
      if (c.in_transactions) {
        transactions = " in-transactions";
        if (c.transaction_rows) transactions += " of " + Dump(*c.transaction_rows);
        if (c.on_error == OnTransactionError::kContinue) transactions += " on-error-continue";
        if (c.on_error == OnTransactionError::kBreak) transactions += " on-error-break";
        if (!c.report_status.empty()) transactions += " report-status " + c.report_status;
      }
      return std::string(c.optional ? "(optional-call " : "(call ") + scope + Dump(*c.subquery) +
             transactions + ")";
    }
    case ClauseKind::kCallProcedure: {
      std::string out =
          std::string(c.optional ? "(optional-call-procedure " : "(call-procedure ") + c.procedure;
      for (const auto& a : c.arguments) out += " " + Dump(*a);
      if (c.yield_star) out += " yield *";
      for (const auto& y : c.yields) {
        out += " yield " + y.field + (y.variable != y.field ? " as " + y.variable : "");
      }
      return out + ")";
    }
    case ClauseKind::kCreate:
      return "(create" + pattern + ")";
    case ClauseKind::kMerge:
      return "(merge" + pattern + (c.on_create.empty() ? "" : " on-create") +
             (c.on_match.empty() ? "" : " on-match") + ")";
    case ClauseKind::kSet:
    case ClauseKind::kRemove: {
      std::string out = c.kind == ClauseKind::kSet ? "(set" : "(remove";
      for (const auto& item : c.set_items) {
        switch (item.kind) {
          case SetKind::kProperty:
            out += " (= " + Dump(*item.target) + (item.value ? " " + Dump(*item.value) : "") + ")";
            break;
          case SetKind::kReplace:
            out += " (= " + item.variable + " " + Dump(*item.value) + ")";
            break;
          case SetKind::kMerge:
            out += " (+= " + item.variable + " " + Dump(*item.value) + ")";
            break;
          case SetKind::kLabels:
            out += " (" + item.variable + Labels(item.labels) + DynamicLabels(item.dynamic_labels) +
                   ")";
            break;
        }
      }
      return out + ")";
    }
    case ClauseKind::kDelete: {
      std::string out = c.detach ? "(detach-delete" : "(delete";
      for (const auto& a : c.arguments) out += " " + Dump(*a);
      return out + ")";
    }
    case ClauseKind::kForeach: {
      std::string out = "(foreach " + c.alias + " " + Dump(*c.expr);
      for (const auto& inner : c.body) out += " " + DumpClause(inner);
      return out + ")";
    }
  }
  return "(?)";
}

}  // namespace

std::string Dump(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kLiteral:
      return e.value.ToString();
    case ExprKind::kParameter:
      return "$" + e.name;
    case ExprKind::kVariable:
      return e.name;
    case ExprKind::kProperty:
      return "(. " + Dump(*e.children[0]) + " " + e.name + ")";
    case ExprKind::kHasLabels:
      if (e.label_expression) {
        std::vector<std::string> operands;  // of dynamic labels, as dumps
        for (size_t i = 1; i < e.children.size(); ++i) operands.push_back(Dump(*e.children[i]));
        return "(labels " + Dump(*e.children[0]) + " :" + e.label_expression->ToString(operands) +
               ")";
      }
      return "(labels " + Dump(*e.children[0]) + Labels(e.names) + ")";
    case ExprKind::kList:
      return "(list" + Children(e) + ")";
    case ExprKind::kMap: {
      std::string out = "(map";
      for (size_t i = 0; i < e.names.size(); ++i)
        out += " " + e.names[i] + " " + Dump(*e.children[i]);
      return out + ")";
    }
    case ExprKind::kMapProjection: {
      std::string out = "(project " + Dump(*e.children[0]);
      for (size_t i = 1; i < e.names.size(); ++i)
        out += " " + (e.names[i].empty() ? "*" : e.names[i]) + " " + Dump(*e.children[i]);
      return out + ")";
    }
    case ExprKind::kFunction:
      return "(" + e.name + (e.distinct ? " distinct" : "") + Children(e) + ")";
    case ExprKind::kCountStar:
      return "(count *)";
    case ExprKind::kUnary:
      return "(" + e.name + Children(e) + ")";
    case ExprKind::kBinary: {
      // A chain prints as the binary operators it stands for: (- (+ a b) c).
      std::string out = Dump(*e.children[0]);
      for (size_t i = 1; i < e.children.size(); ++i) {
        out = "(" + std::string(BinaryOpName(StepOp(e, i - 1))) + " " + out + " " +
              Dump(*e.children[i]) + ")";
      }
      return out;
    }
    case ExprKind::kIsNull:
      return "(is-null" + Children(e) + ")";
    case ExprKind::kTypePredicate:
      return "(is-typed" + Children(e) + " " + e.cypher_type->ToString() + ")";
    case ExprKind::kIsNotNull:
      return "(is-not-null" + Children(e) + ")";
    case ExprKind::kIndex:
      return "(index" + Children(e) + ")";
    case ExprKind::kSlice:
      return "(slice" + Children(e) + ")";
    case ExprKind::kCase:
      return std::string("(case") + (e.has_subject ? " subject" : "") +
             (e.has_else ? " else" : "") + Children(e) + ")";
    case ExprKind::kListComprehension:
      return "(list-comprehension " + e.variable + Children(e) + ")";
    case ExprKind::kQuantifier:
      return "(" + e.name + " " + e.variable + Children(e) + ")";
    case ExprKind::kReduce:
      return "(reduce " + e.variable + " " + e.names[0] + Children(e) + ")";
    case ExprKind::kPatternComprehension:
      return "(pattern-comprehension " + Dump(*e.pattern) + Children(e) + ")";
    case ExprKind::kPatternPredicate:
      return Dump(*e.pattern);
    case ExprKind::kBuildPath:
      return "(build-path" + Children(e) + ")";
    case ExprKind::kExists:
      return e.subquery ? "(exists " + Dump(*e.subquery) + ")"
                        : "(exists " + Dump(*e.pattern) + Children(e) + ")";
    case ExprKind::kCountSubquery:
      return e.subquery ? "(count-subquery " + Dump(*e.subquery) + ")"
                        : "(count-subquery " + Dump(*e.pattern) + Children(e) + ")";
    case ExprKind::kCollectSubquery:
      return "(collect-subquery " + Dump(*e.subquery) + ")";
  }
  return "?";
}

std::string Dump(const PatternPart& part) {
  std::string out = "(path";
  if (!part.path_variable.empty()) out += " " + part.path_variable + " =";
  if (part.kind == PathKind::kShortest) out += " shortest";
  if (part.kind == PathKind::kAllShortest) out += " all-shortest";
  if (part.selector_count > 1) out += " " + std::to_string(part.selector_count);
  for (size_t i = 0; i < part.nodes.size(); ++i) {
    const NodePattern& n = part.nodes[i];
    out += " (node";
    if (!n.variable.empty()) out += " " + n.variable;
    out += Labels(n.labels) + DynamicLabels(n.dynamic_labels);
    if (n.properties) out += " " + Dump(*n.properties);
    out += ")";
    if (i < part.rels.size()) {
      const RelPattern& r = part.rels[i];
      out += " (rel";
      if (!r.variable.empty()) out += " " + r.variable;
      for (size_t t = 0; t < r.types.size(); ++t) out += (t ? "|" : " :") + r.types[t];
      if (r.dynamic_type) out += " :$(" + Dump(*r.dynamic_type) + ")";
      if (r.variable_length) {
        out += " *";
        if (r.min_hops) out += Dump(*r.min_hops);
        if (r.range) out += "..";
        if (r.max_hops) out += Dump(*r.max_hops);
      }
      if (r.properties) out += " " + Dump(*r.properties);
      out += r.direction == RelDirection::kRight  ? " ->"
             : r.direction == RelDirection::kLeft ? " <-"
                                                  : " --";
      if (r.quantified) {
        out += " (group";
        for (const NodePattern* inner : r.quantified->Nodes()) {
          out += " (node";
          if (!inner->variable.empty()) out += " " + inner->variable;
          out += Labels(inner->labels);
          if (inner->properties) out += " " + Dump(*inner->properties);
          out += ")";
        }
        for (const RelPattern& more : r.quantified->more) {
          out += " (rel";
          if (!more.variable.empty()) out += " " + more.variable;
          for (size_t t = 0; t < more.types.size(); ++t) out += (t ? "|" : " :") + more.types[t];
          if (more.properties) out += " " + Dump(*more.properties);
          out += more.direction == RelDirection::kRight  ? " ->)"
                 : more.direction == RelDirection::kLeft ? " <-)"
                                                         : " --)";
        }
        if (r.quantified->where) out += " (where " + Dump(*r.quantified->where) + ")";
        out += ")";
      }
      out += ")";
    }
  }
  return out + ")";
}

std::string Dump(const Query& q) {
  std::string out = q.mode == QueryMode::kExplain   ? "(explain"
                    : q.mode == QueryMode::kProfile ? "(profile"
                                                    : "(query";
  for (size_t i = 0; i < q.parts.size(); ++i) {
    if (i > 0) out += q.union_all[i - 1] ? " union-all" : " union";
    for (const auto& c : q.parts[i].clauses) out += " " + DumpClause(c);
    if (q.parts[i].finish) out += " (finish)";
  }
  return out + ")";
}

}  // namespace namidb::query
