#include "query/parser/lexer.h"

#include <cctype>

#include "core/hex.h"
#include "core/utf8.h"

namespace namidb::query {
namespace {

bool IsNameStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool IsNamePart(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

// U+2010..U+2015 (hyphens and dashes), U+2212 (minus sign), U+FE58,
// U+FE63 and U+FF0D (small and full-width hyphen-minus), in UTF-8.
bool LooksLikeDash(std::string_view s) {
  static constexpr std::string_view kDashes[] = {
      "\xE2\x80\x90", "\xE2\x80\x91", "\xE2\x80\x92", "\xE2\x80\x93", "\xE2\x80\x94",
      "\xE2\x80\x95", "\xE2\x88\x92", "\xEF\xB9\x98", "\xEF\xB9\xA3", "\xEF\xBC\x8D"};
  for (std::string_view d : kDashes) {
    if (s.starts_with(d)) return true;
  }
  return false;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<Token>> Run() {
    // A statement is Unicode text: bytes that are not UTF-8 would reach
    // names and strings the namespace stores as text.
    if (size_t bad = FirstInvalidUtf8(text_); bad < text_.size()) {
      while (at_ < bad) Advance();
      return SyntaxError(
          "InvalidUnicodeCharacter", Here(),
          "the statement is not UTF-8 here (byte 0x" + HexEncode(text_.substr(bad, 1)) + ")");
    }
    std::vector<Token> tokens;
    while (true) {
      NAMIDB_RETURN_IF_ERROR(SkipSpaceAndComments());
      Token t;
      t.pos = Here();
      if (at_ >= text_.size()) {
        t.end = at_;
        tokens.push_back(std::move(t));
        return tokens;
      }
      NAMIDB_RETURN_IF_ERROR(Next(&t));
      t.end = at_;
      tokens.push_back(std::move(t));
    }
  }

 private:
  SourcePos Here() const { return {at_, line_, column_}; }
  char Peek(size_t ahead = 0) const {
    return at_ + ahead < text_.size() ? text_[at_ + ahead] : '\0';
  }
  void Advance() {
    unsigned char c = static_cast<unsigned char>(text_[at_++]);
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column_;  // UTF-8 continuation bytes do not start a character
    }
  }

  Status SkipSpaceAndComments() {
    while (at_ < text_.size()) {
      char c = Peek();
      if (std::isspace(static_cast<unsigned char>(c))) {
        Advance();
      } else if (c == '/' && Peek(1) == '/') {
        while (at_ < text_.size() && Peek() != '\n') Advance();
      } else if (c == '/' && Peek(1) == '*') {
        SourcePos start = Here();
        Advance();
        Advance();
        while (at_ < text_.size() && !(Peek() == '*' && Peek(1) == '/')) Advance();
        if (at_ >= text_.size()) {
          return SyntaxError("UnexpectedSyntax", start, "unterminated comment");
        }
        Advance();
        Advance();
      } else {
        return Status::OK();
      }
    }
    return Status::OK();
  }

  Status Next(Token* t) {
    unsigned char c = static_cast<unsigned char>(Peek());
    if (c >= 0x80 && LooksLikeDash(text_.substr(at_))) {
      // A dash a word processor made: say so instead of reading a name.
      return SyntaxError("InvalidUnicodeCharacter", Here(),
                         "a Unicode dash is not an operator; use '-'");
    }
    if (IsNameStart(c)) {
      t->kind = TokenKind::kName;
      while (at_ < text_.size() && IsNamePart(static_cast<unsigned char>(Peek()))) {
        t->text.push_back(Peek());
        Advance();
      }
      return Status::OK();
    }
    if (std::isdigit(c) || (c == '.' && std::isdigit(static_cast<unsigned char>(Peek(1))))) {
      return Number(t);
    }
    switch (c) {
      case '`':
        return QuotedName(t);
      case '\'':
      case '"':
        return String(t);
      case '$':
        // `$(` opens a dynamic label (`:$(expr)`): a symbol, not a parameter.
        // Space may come between, as where tokens are written out apart.
        if (ParenthesisAfterSpace(at_ + 1)) return Symbol(t);
        return Parameter(t);
      default:
        return Symbol(t);
    }
  }

  // Whether `(` is the first character at or after `from` that is not a space.
  bool ParenthesisAfterSpace(size_t from) const {
    while (from < text_.size() && std::isspace(static_cast<unsigned char>(text_[from]))) ++from;
    return from < text_.size() && text_[from] == '(';
  }

  Status QuotedName(Token* t) {
    SourcePos start = Here();
    t->kind = TokenKind::kQuotedName;
    Advance();
    while (true) {
      if (at_ >= text_.size()) return SyntaxError("UnexpectedSyntax", start, "unterminated `name`");
      if (Peek() == '`') {
        if (Peek(1) == '`') {  // `` is a backtick inside the name
          t->text.push_back('`');
          Advance();
          Advance();
          continue;
        }
        Advance();
        break;
      }
      t->text.push_back(Peek());
      Advance();
    }
    return Status::OK();  // `` is a name too: the empty one (openCypher allows it as a key)
  }

  Status Parameter(Token* t) {
    SourcePos start = Here();
    t->kind = TokenKind::kParameter;
    Advance();
    if (Peek() == '`') {
      Token name;
      NAMIDB_RETURN_IF_ERROR(QuotedName(&name));
      t->text = std::move(name.text);
      return Status::OK();
    }
    while (at_ < text_.size() && IsNamePart(static_cast<unsigned char>(Peek()))) {
      t->text.push_back(Peek());
      Advance();
    }
    if (t->text.empty()) return SyntaxError("UnexpectedSyntax", start, "a parameter needs a name");
    return Status::OK();
  }

  Status Number(Token* t) {
    size_t begin = at_;
    auto digits = [&](auto&& is_digit) {
      while (at_ < text_.size() && is_digit(static_cast<unsigned char>(Peek()))) Advance();
    };
    auto is_dec = [](unsigned char ch) { return std::isdigit(ch) != 0; };
    t->kind = TokenKind::kInteger;
    if (Peek() == '0' && (Peek(1) == 'x' || Peek(1) == 'X')) {
      Advance();
      Advance();
      digits([](unsigned char ch) { return std::isxdigit(ch) != 0; });
    } else if (Peek() == '0' && (Peek(1) == 'o' || Peek(1) == 'O')) {
      Advance();
      Advance();
      digits([](unsigned char ch) { return ch >= '0' && ch <= '7'; });
    } else {
      digits(is_dec);
      if (Peek() == '.' && std::isdigit(static_cast<unsigned char>(Peek(1)))) {
        t->kind = TokenKind::kFloat;
        Advance();
        digits(is_dec);
      }
      if (Peek() == 'e' || Peek() == 'E') {
        size_t sign = (Peek(1) == '-' || Peek(1) == '+') ? 1 : 0;
        if (std::isdigit(static_cast<unsigned char>(Peek(1 + sign)))) {
          t->kind = TokenKind::kFloat;
          Advance();
          if (sign) Advance();
          digits(is_dec);
        }
      }
    }
    // A number running into a name (`1a`, `0x1g`, `0o8`) is no number.
    if (at_ < text_.size() && IsNamePart(static_cast<unsigned char>(Peek()))) {
      while (at_ < text_.size() && IsNamePart(static_cast<unsigned char>(Peek()))) Advance();
      t->kind = TokenKind::kBadNumber;
    }
    t->text = std::string(text_.substr(begin, at_ - begin));
    if (t->text == "0x" || t->text == "0X" || t->text == "0o" || t->text == "0O") {
      t->kind = TokenKind::kBadNumber;
    }
    return Status::OK();
  }

  // The `n` hexadecimal digits of a \\u or \\U escape (`e`) at `escape`.
  Result<uint32_t> HexDigits(int n, char e, SourcePos escape) {
    uint32_t cp = 0;
    for (int i = 0; i < n; ++i) {
      char h = Peek();
      if (!std::isxdigit(static_cast<unsigned char>(h))) {
        return SyntaxError(
            "InvalidUnicodeLiteral", escape,
            std::string("\\") + e + " needs " + std::to_string(n) + " hexadecimal digits");
      }
      cp = cp * 16 + static_cast<uint32_t>(std::isdigit(static_cast<unsigned char>(h))
                                               ? h - '0'
                                               : std::tolower(h) - 'a' + 10);
      Advance();
    }
    return cp;
  }

  Status String(Token* t) {
    SourcePos start = Here();
    char quote = Peek();
    t->kind = TokenKind::kString;
    Advance();
    while (true) {
      if (at_ >= text_.size()) return SyntaxError("UnexpectedSyntax", start, "unterminated string");
      char c = Peek();
      if (c == quote) {
        Advance();
        return Status::OK();
      }
      if (c != '\\') {
        t->text.push_back(c);
        Advance();
        continue;
      }
      SourcePos escape = Here();
      Advance();
      char e = Peek();
      if (at_ >= text_.size()) return SyntaxError("UnexpectedSyntax", start, "unterminated string");
      Advance();
      switch (e) {
        case '\\':
          t->text.push_back('\\');
          break;
        case '\'':
          t->text.push_back('\'');
          break;
        case '"':
          t->text.push_back('"');
          break;
        case 'b':
          t->text.push_back('\b');
          break;
        case 'f':
          t->text.push_back('\f');
          break;
        case 'n':
          t->text.push_back('\n');
          break;
        case 'r':
          t->text.push_back('\r');
          break;
        case 't':
          t->text.push_back('\t');
          break;
        case 'u':
        case 'U': {
          int n = e == 'u' ? 4 : 8;
          NAMIDB_ASSIGN_OR_RETURN(uint32_t cp, HexDigits(n, e, escape));
          // A UTF-16 surrogate pair written as two escapes (as Java and
          // JavaScript strings hold characters beyond U+FFFF) is one character.
          if (e == 'u' && cp >= 0xD800 && cp <= 0xDBFF && Peek() == '\\' && Peek(1) == 'u') {
            Advance();
            Advance();
            NAMIDB_ASSIGN_OR_RETURN(uint32_t low, HexDigits(4, 'u', escape));
            if (low < 0xDC00 || low > 0xDFFF) {
              return SyntaxError("InvalidUnicodeLiteral", escape,
                                 "a high surrogate must be followed by a low one");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return SyntaxError("InvalidUnicodeLiteral", escape, "not a Unicode code point");
          }
          AppendUtf8(&t->text, cp);
          break;
        }
        default:
          return SyntaxError("UnexpectedSyntax", escape,
                             std::string("unknown escape \\") + e + " in a string");
      }
    }
  }

  Status Symbol(Token* t) {
    // Arrows are not tokens: the parser reads `<`, `-` and `>` in patterns,
    // which keeps `a<-1` (a < -1) and `(a)<-[r]-(b)` both parseable.
    static constexpr std::string_view kTwo[] = {"<=", ">=", "<>", "!=", "=~", "+=", "..", "||"};
    t->kind = TokenKind::kSymbol;
    std::string_view rest = text_.substr(at_);
    for (std::string_view two : kTwo) {
      if (rest.starts_with(two)) {
        t->text = std::string(two);
        Advance();
        Advance();
        return Status::OK();
      }
    }
    static constexpr std::string_view kOne = "()[]{},.:|;+-*/%^=<>&!$";
    if (kOne.find(rest[0]) == std::string_view::npos) {
      return SyntaxError("UnexpectedSyntax", Here(),
                         "unexpected character '" + std::string(1, rest[0]) + "'");
    }
    t->text = std::string(1, rest[0]);
    Advance();
    return Status::OK();
  }

  std::string_view text_;
  size_t at_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

Result<std::vector<Token>> Tokenize(std::string_view query) { return Lexer(query).Run(); }

}  // namespace namidb::query
