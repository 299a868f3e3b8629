// Cypher text -> tokens -> syntax tree, or a SyntaxError with a position
// inside the text.
//
// Round trip: the tokens written out again, one space apart (strings
// re-quoted, names in backticks), lex to the same tokens and parse to the
// same tree, or fail as the text did: the parser depends on tokens, never on
// how they were spaced.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "query/parser/ast_dump.h"
#include "query/parser/lexer.h"
#include "query/parser/parser.h"

namespace namidb::fuzz {
namespace {

using query::Token;
using query::TokenKind;

std::string Render(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) {
    switch (t.kind) {
      case TokenKind::kEnd:
        continue;
      case TokenKind::kName:
      case TokenKind::kInteger:
      case TokenKind::kFloat:
      case TokenKind::kBadNumber:
      case TokenKind::kSymbol:
        out += t.text;
        break;
      case TokenKind::kQuotedName:
      case TokenKind::kParameter: {
        if (t.kind == TokenKind::kParameter) out += '$';
        out += '`';
        for (char c : t.text) out += c == '`' ? "``" : std::string(1, c);
        out += '`';
        break;
      }
      case TokenKind::kString:
        out += '\'';
        for (char c : t.text) {
          if (c == '\'' || c == '\\') out += '\\';
          out += c;
        }
        out += '\'';
        break;
    }
    out += ' ';
  }
  return out;
}

void CheckSyntaxError(const Status& s, std::string_view text) {
  CheckTyped(s, "parsing");
  const QueryErrorInfo* info = s.query_error();
  Check(info != nullptr, "a parse error without its Cypher classification", s.ToString());
  Check(info->line >= 1 && info->column >= 1, "a parse error without a position", s.ToString());
  size_t lines = 1;
  for (char c : text) lines += c == '\n';
  Check(static_cast<size_t>(info->line) <= lines, "a parse error past the last line", s.ToString());
}

}  // namespace
}  // namespace namidb::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace namidb;
  using namespace namidb::fuzz;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto tokens = query::Tokenize(text);
  auto parsed = query::Parse(text);
  if (!tokens.ok()) {
    CheckSyntaxError(tokens.status(), text);
    Check(!parsed.ok(), "text the lexer refuses parsed");
    return 0;
  }
  Check(!tokens->empty() && tokens->back().kind == query::TokenKind::kEnd,
        "tokens do not end with kEnd");
  for (const auto& t : *tokens) {
    Check(t.pos.offset <= t.end && t.end <= text.size(), "a token outside the text");
  }
  if (!parsed.ok()) CheckSyntaxError(parsed.status(), text);

  std::string again = Render(*tokens);
  auto retokens = query::Tokenize(again);
  Check(retokens.ok(), "the tokens written out do not lex", again);
  Check(retokens->size() == tokens->size(), "the tokens written out lex differently", again);
  for (size_t i = 0; i < tokens->size(); ++i) {
    const auto& a = (*tokens)[i];
    const auto& b = (*retokens)[i];
    Check(a.kind == b.kind && a.text == b.text, "the tokens written out lex differently", again);
  }
  auto reparsed = query::Parse(again);
  Check(reparsed.ok() == parsed.ok(), "respaced tokens parse differently", again);
  if (parsed.ok()) {
    Check(query::Dump(*parsed) == query::Dump(*reparsed), "respaced tokens make another tree",
          query::Dump(*parsed) + "\n" + query::Dump(*reparsed));
  }
  return 0;
}
