#include "query/parser/ast.h"

#include <utility>

namespace namidb::query {

namespace {

constexpr std::pair<std::string_view, BinaryOp> kOps[] = {
    {"AND", BinaryOp::kAnd},
    {"OR", BinaryOp::kOr},
    {"XOR", BinaryOp::kXor},
    {"+", BinaryOp::kAdd},
    {"-", BinaryOp::kSubtract},
    {"*", BinaryOp::kMultiply},
    {"/", BinaryOp::kDivide},
    {"%", BinaryOp::kModulo},
    {"^", BinaryOp::kPower},
    {"IN", BinaryOp::kIn},
    {"STARTS WITH", BinaryOp::kStartsWith},
    {"ENDS WITH", BinaryOp::kEndsWith},
    {"CONTAINS", BinaryOp::kContains},
    {"=~", BinaryOp::kRegexMatch},
    {"||", BinaryOp::kConcatenate},
    {"=", BinaryOp::kEqual},
    {"<>", BinaryOp::kNotEqual},
    {"<", BinaryOp::kLess},
    {">", BinaryOp::kGreater},
    {"<=", BinaryOp::kLessEqual},
    {">=", BinaryOp::kGreaterEqual},
};

}  // namespace

std::optional<BinaryOp> BinaryOpNamed(std::string_view name) {
  for (const auto& [text, op] : kOps) {
    if (text == name) return op;
  }
  return std::nullopt;
}

std::string_view BinaryOpName(BinaryOp op) {
  for (const auto& [text, o] : kOps) {
    if (o == op) return text;
  }
  return "?";
}

}  // namespace namidb::query
