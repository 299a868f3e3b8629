#include "query/parser/label_expression.h"

#include <algorithm>

namespace namidb::query {

bool LabelExpression::Matches(std::span<const std::string> labels,
                              std::span<const std::vector<std::string>> dynamic) const {
  auto carried = [&](const std::string& label) {
    return std::find(labels.begin(), labels.end(), label) != labels.end();
  };
  switch (kind) {
    case Kind::kLabel:
      return carried(name);
    case Kind::kAny:
      return !labels.empty();
    case Kind::kNot:
      return !children[0].Matches(labels, dynamic);
    case Kind::kAnd:
      return std::all_of(children.begin(), children.end(),
                         [&](const LabelExpression& c) { return c.Matches(labels, dynamic); });
    case Kind::kOr:
      return std::any_of(children.begin(), children.end(),
                         [&](const LabelExpression& c) { return c.Matches(labels, dynamic); });
    case Kind::kDynamic: {
      if (operand >= dynamic.size()) return false;
      const std::vector<std::string>& wanted = dynamic[operand];
      return any ? std::any_of(wanted.begin(), wanted.end(), carried)
                 : std::all_of(wanted.begin(), wanted.end(), carried);
    }
  }
  return false;
}

bool LabelExpression::HasDynamic() const {
  return kind == Kind::kDynamic ||
         std::any_of(children.begin(), children.end(),
                     [](const LabelExpression& c) { return c.HasDynamic(); });
}

const LabelExpression* LabelExpression::RequiredDynamic() const {
  if (kind == Kind::kDynamic) return this;
  if (kind != Kind::kAnd) return nullptr;
  for (const LabelExpression& c : children) {
    if (c.kind == Kind::kDynamic && !c.any) return &c;
  }
  return nullptr;
}

bool LabelExpression::IsCreatable(std::vector<std::string>* labels,
                                  std::vector<size_t>* dynamic) const {
  if (kind == Kind::kLabel) {
    if (std::find(labels->begin(), labels->end(), name) == labels->end()) labels->push_back(name);
    return true;
  }
  if (kind == Kind::kDynamic) {
    dynamic->push_back(operand);
    return !any;
  }
  if (kind != Kind::kAnd) return false;
  for (const LabelExpression& c : children) {
    if (c.kind == Kind::kAnd || !c.IsCreatable(labels, dynamic)) return false;
  }
  return true;
}

std::vector<std::string> LabelExpression::Required() const {
  if (kind == Kind::kLabel) return {name};
  std::vector<std::string> out;
  if (kind != Kind::kAnd) return out;
  for (const LabelExpression& c : children) {
    if (c.kind == Kind::kLabel && std::find(out.begin(), out.end(), c.name) == out.end()) {
      out.push_back(c.name);
    }
  }
  return out;
}

std::string LabelExpression::ToString(std::span<const std::string> operands) const {
  auto inner = [&](const LabelExpression& c) {
    const bool simple = c.kind == Kind::kLabel || c.kind == Kind::kAny || c.kind == Kind::kNot ||
                        c.kind == Kind::kDynamic;
    return simple ? c.ToString(operands) : "(" + c.ToString(operands) + ")";
  };
  switch (kind) {
    case Kind::kLabel:
      return name;
    case Kind::kAny:
      return "%";
    case Kind::kDynamic:
      return std::string(any ? "$any(" : "$(") +
             (operand < operands.size() ? operands[operand] : name) + ")";
    case Kind::kNot:
      return "!" + inner(children[0]);
    case Kind::kAnd:
    case Kind::kOr: {
      std::string out;
      for (size_t i = 0; i < children.size(); ++i) {
        if (i) out += kind == Kind::kAnd ? "&" : "|";
        out += inner(children[i]);
      }
      return out;
    }
  }
  return "";
}

namespace {

// The names of `e` if it is one name or `joined` of names, each once in
// the order first written (`:A:B:A` is `:A:B`).
bool NamesJoinedBy(const LabelExpression& e, LabelExpression::Kind joined,
                   std::vector<std::string>* names) {
  names->clear();
  if (e.kind == LabelExpression::Kind::kLabel) {
    names->push_back(e.name);
    return true;
  }
  if (e.kind != joined) return false;
  for (const LabelExpression& c : e.children) {
    if (c.kind != LabelExpression::Kind::kLabel) return false;
    if (std::find(names->begin(), names->end(), c.name) == names->end()) {
      names->push_back(c.name);
    }
  }
  return true;
}

}  // namespace

std::vector<std::string> LabelExpression::AnyOf() const {
  switch (kind) {
    case Kind::kLabel:
      return {name};
    case Kind::kOr: {
      std::vector<std::string> out;
      for (const LabelExpression& c : children) {
        std::vector<std::string> some = c.AnyOf();
        if (some.empty()) return {};
        for (std::string& label : some) {
          if (std::find(out.begin(), out.end(), label) == out.end())
            out.push_back(std::move(label));
        }
      }
      return out;
    }
    case Kind::kAnd: {
      std::vector<std::string> best;
      for (const LabelExpression& c : children) {
        std::vector<std::string> some = c.AnyOf();
        if (!some.empty() && (best.empty() || some.size() < best.size())) best = std::move(some);
      }
      return best;
    }
    case Kind::kNot:
    case Kind::kAny:
    case Kind::kDynamic:
      return {};
  }
  return {};
}

bool LabelExpression::IsConjunction(std::vector<std::string>* labels) const {
  return NamesJoinedBy(*this, Kind::kAnd, labels);
}

bool LabelExpression::IsDisjunction(std::vector<std::string>* names) const {
  return NamesJoinedBy(*this, Kind::kOr, names);
}

}  // namespace namidb::query
