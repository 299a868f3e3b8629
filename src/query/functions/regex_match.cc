#include "query/functions/regex_match.h"

#include <regex.h>

#include <map>
#include <memory>

#include "query/common/query_error.h"

namespace namidb::query {
namespace {

struct CompiledRegex {
  regex_t re;
  bool compiled = false;
  ~CompiledRegex() {
    if (compiled) regfree(&re);
  }
};

// Compiling a pattern costs far more than matching it; a query applies one
// pattern to many rows, so compiled patterns are kept (a bounded few).
Result<const regex_t*> Compiled(const std::string& pattern) {
  static std::map<std::string, std::unique_ptr<CompiledRegex>> cache;
  auto it = cache.find(pattern);
  if (it != cache.end()) return &it->second->re;
  bool icase = false;
  std::string posix = PosixPattern(pattern, &icase);
  auto compiled = std::make_unique<CompiledRegex>();
  int flags = REG_EXTENDED | REG_NOSUB | (icase ? REG_ICASE : 0);
  int err = regcomp(&compiled->re, posix.c_str(), flags);
  if (err != 0) {
    char message[128];
    regerror(err, &compiled->re, message, sizeof message);
    return RuntimeError("ArgumentError", "InvalidArgumentValue",
                        "invalid regular expression '" + pattern + "': " + message);
  }
  compiled->compiled = true;
  if (cache.size() >= 64) cache.clear();
  return &cache.emplace(pattern, std::move(compiled)).first->second->re;
}

}  // namespace

std::string PosixPattern(const std::string& pattern, bool* icase) {
  std::string_view p = pattern;
  *icase = p.starts_with("(?i)");
  if (*icase) p.remove_prefix(4);
  std::string out = "^(";
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      char n = p[++i];
      const char* cls = nullptr;
      switch (n) {
        case 'd':
          cls = "0-9";
          break;
        case 'w':
          cls = "A-Za-z0-9_";
          break;
        case 's':
          cls = "[:space:]";
          break;
        case 'D':
          cls = "^0-9";
          break;
        case 'W':
          cls = "^A-Za-z0-9_";
          break;
        case 'S':
          cls = "^[:space:]";
          break;
        default:
          break;
      }
      if (cls && in_class && cls[0] != '^') {
        out += cls;  // inside [...]: just the range
      } else if (cls) {
        out += std::string("[") + cls + "]";
      } else if (in_class) {
        out += n;  // a bracket expression has no escapes: the character itself
      } else {
        out += '\\';
        out += n;
      }
      continue;
    }
    if (c == '[' && !in_class) {
      in_class = true;
      out += c;
      // `[]...]` and `[^]...]`: a leading ']' is a member.
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];
      continue;
    }
    if (c == ']' && in_class) in_class = false;
    out += c;
  }
  out += ")$";
  return out;
}

Result<Value> RegexMatch(const Value& subject, const Value& pattern) {
  if (subject.kind() != ValueKind::kString || pattern.kind() != ValueKind::kString) return Value();
  NAMIDB_ASSIGN_OR_RETURN(const regex_t* re, Compiled(pattern.as_string()));
  return Value::Bool(regexec(re, subject.as_string().c_str(), 0, nullptr, 0) == 0);
}

}  // namespace namidb::query
