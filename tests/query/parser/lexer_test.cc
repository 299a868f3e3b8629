#include "query/parser/lexer.h"

#include <gtest/gtest.h>

namespace namidb::query {
namespace {

std::vector<Token> Lex(std::string_view text) {
  auto tokens = Tokenize(text);
  EXPECT_TRUE(tokens.ok()) << tokens.status().ToString();
  return tokens.ok() ? *tokens : std::vector<Token>{};
}

const QueryErrorInfo& ErrorOf(std::string_view text) {
  static Status last;
  auto tokens = Tokenize(text);
  EXPECT_FALSE(tokens.ok()) << text;
  last = tokens.status();
  static const QueryErrorInfo kNone;
  return last.query_error() ? *last.query_error() : kNone;
}

TEST(Lexer, ReadsEveryLiteralForm) {
  auto t = Lex("0x1F 0o17 42 1.5 .5 1e3 2.5E-2 'it\\'s' \"q\\\"\" `a``b` $p $0");
  ASSERT_EQ(t.size(), 13u);
  EXPECT_EQ(t[0].kind, TokenKind::kInteger);
  EXPECT_EQ(t[0].text, "0x1F");
  EXPECT_EQ(t[1].text, "0o17");
  EXPECT_EQ(t[2].kind, TokenKind::kInteger);
  for (int i : {3, 4, 5, 6}) EXPECT_EQ(t[i].kind, TokenKind::kFloat) << i;
  EXPECT_EQ(t[7].kind, TokenKind::kString);
  EXPECT_EQ(t[7].text, "it's");
  EXPECT_EQ(t[8].text, "q\"");
  EXPECT_EQ(t[9].kind, TokenKind::kQuotedName);
  EXPECT_EQ(t[9].text, "a`b");
  EXPECT_EQ(t[10].kind, TokenKind::kParameter);
  EXPECT_EQ(t[10].text, "p");
  EXPECT_EQ(t[11].text, "0");
  EXPECT_EQ(t[12].kind, TokenKind::kEnd);
}

TEST(Lexer, DecodesEscapesIncludingUnicode) {
  auto t = Lex(R"('\t\n\\ \u00e9 \U0001F600')");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].text, "\t\n\\ \xc3\xa9 \xf0\x9f\x98\x80");
}

TEST(Lexer, ASurrogatePairOfEscapesIsOneCharacter) {
  // As a Java or JavaScript string writes U+1F600.
  auto t = Lex(R"('\uD83D\uDE00 \ud83d\ude00!')");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].text, "\xf0\x9f\x98\x80 \xf0\x9f\x98\x80!");
  // A surrogate alone, or a high one followed by anything but a low one, is no character.
  for (const char* bad : {R"(RETURN '\uD83D')", R"(RETURN '\uDE00')", R"(RETURN '\uD83D\u0041')",
                          R"(RETURN '\uD83Dx')"}) {
    EXPECT_EQ(ErrorOf(bad).detail, "InvalidUnicodeLiteral") << bad;
  }
}

TEST(Lexer, SkipsCommentsAndTracksLinesAndColumns) {
  auto t = Lex("MATCH // a comment\n  /* and\n another */ (n)");
  ASSERT_EQ(t.size(), 5u);
  EXPECT_EQ(t[1].text, "(");
  EXPECT_EQ(t[1].pos.line, 3);
  EXPECT_EQ(t[1].pos.column, 13);
  // Columns count characters, not bytes.
  auto u = Lex("'é' x");
  EXPECT_EQ(u[1].pos.column, 5);
}

TEST(Lexer, KeepsRangesAndComparisonsApart) {
  auto t = Lex("[*1..2] a<-1 a<=b a<>b a=~b");
  std::vector<std::string> texts;
  for (const auto& tok : t) texts.push_back(tok.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"[", "*",  "1", "..", "2",  "]", "a", "<",  "-", "1",
                                             "a", "<=", "b", "a",  "<>", "b", "a", "=~", "b", ""}));
}

TEST(Lexer, ADollarBeforeAParenthesisOpensADynamicLabel) {
  // `$(` is a symbol, also with space between (as tokens written out apart
  // lex again); `$any(` stays a parameter's name for the parser to read.
  for (std::string_view text : {"$(x)", "$ (x)", "$\n(x)"}) {
    auto t = Lex(text);
    ASSERT_EQ(t.size(), 5u) << text;
    EXPECT_EQ(t[0].kind, TokenKind::kSymbol) << text;
    EXPECT_EQ(t[0].text, "$") << text;
    EXPECT_EQ(t[1].text, "(") << text;
  }
  auto any = Lex("$any(x)");
  EXPECT_EQ(any[0].kind, TokenKind::kParameter);
  EXPECT_EQ(any[0].text, "any");
  EXPECT_EQ(ErrorOf("RETURN $ x").detail, "UnexpectedSyntax");
}

TEST(Lexer, MalformedInputIsASyntaxErrorWithItsPosition) {
  EXPECT_EQ(ErrorOf("RETURN 'abc").detail, "UnexpectedSyntax");
  EXPECT_EQ(ErrorOf("RETURN 'abc").column, 8);
  EXPECT_EQ(ErrorOf("RETURN /* open").detail, "UnexpectedSyntax");
  EXPECT_EQ(ErrorOf("RETURN '\\uzzzz'").detail, "InvalidUnicodeLiteral");
  EXPECT_EQ(ErrorOf("RETURN '\\q'").detail, "UnexpectedSyntax");
  // A number running into a name is a token of its own: what it means
  // depends on where it stands (the parser's InvalidNumberLiteral or
  // UnexpectedSyntax).
  for (const char* bad : {"0x1G", "0o8", "12abc", "0x", "1B2c3e67"}) {
    auto t = Lex(bad);
    ASSERT_EQ(t.size(), 2u) << bad;
    EXPECT_EQ(t[0].kind, TokenKind::kBadNumber) << bad;
    EXPECT_EQ(t[0].text, bad);
  }
  // A statement is UTF-8 text: the first byte that is not is a SyntaxError
  // at its character.
  const QueryErrorInfo& bytes = ErrorOf("MATCH (n)\nRETURN n:\xff\xfeX");
  EXPECT_EQ(bytes.detail, "InvalidUnicodeCharacter");
  EXPECT_EQ(bytes.line, 2);
  EXPECT_EQ(bytes.column, 10);
  EXPECT_EQ(ErrorOf("RETURN '\xc3\xa9\xe1\xe1'").column, 10);  // the character after 'é
  EXPECT_EQ(ErrorOf("RETURN '\xed\xa0\x80'").detail, "InvalidUnicodeCharacter");  // a surrogate
  EXPECT_EQ(Lex("RETURN '\xc3\xa9'")[1].text, "\xc3\xa9");
  const QueryErrorInfo& e = ErrorOf("MATCH (n)\nRETURN n # x");
  EXPECT_EQ(e.type, "SyntaxError");
  EXPECT_EQ(e.phase, "compile time");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 10);
}

}  // namespace
}  // namespace namidb::query
