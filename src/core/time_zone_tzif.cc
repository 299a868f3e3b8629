// Native zone offsets: the TZif files (RFC 8536) of the system's IANA time
// zone database, /usr/share/zoneinfo, with the POSIX TZ rule in their footer
// for instants after the last listed transition.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/temporal.h"
#include "core/time_zone.h"

namespace namidb {
namespace {

// A POSIX TZ rule such as "CET-1CEST,M3.5.0,M10.5.0/3".
struct PosixRule {
  int32_t std_offset = 0;  // east of UTC
  bool has_dst = false;
  int32_t dst_offset = 0;
  struct When {
    char kind = 'M';  // 'J' (1..365, no Feb 29), 'D' (0..365), 'M' (month.week.day)
    int a = 0, b = 0, c = 0;
    int32_t time = 7200;  // local seconds after midnight
  } start, end;
};

class RuleParser {
 public:
  explicit RuleParser(std::string_view s) : s_(s) {}

  bool Parse(PosixRule* rule) {
    int32_t offset;
    if (!Name() || !Offset(&offset)) return false;
    rule->std_offset = -offset;  // POSIX counts west of UTC as positive
    if (at_ == s_.size()) return true;
    if (!Name()) return false;
    rule->has_dst = true;
    rule->dst_offset = rule->std_offset + 3600;
    if (at_ < s_.size() && s_[at_] != ',') {
      if (!Offset(&offset)) return false;
      rule->dst_offset = -offset;
    }
    if (at_ == s_.size()) {  // no rule: the US rules, as POSIX suggests
      rule->start = {'M', 3, 2, 0, 7200};
      rule->end = {'M', 11, 1, 0, 7200};
      return true;
    }
    return Accept(',') && Date(&rule->start) && Accept(',') && Date(&rule->end) && at_ == s_.size();
  }

 private:
  bool Accept(char c) {
    if (at_ < s_.size() && s_[at_] == c) return ++at_, true;
    return false;
  }
  bool Number(int* out) {
    size_t begin = at_;
    int v = 0;
    while (at_ < s_.size() && s_[at_] >= '0' && s_[at_] <= '9' && at_ - begin < 6)
      v = v * 10 + (s_[at_++] - '0');
    *out = v;
    return at_ > begin;
  }
  bool Name() {
    if (Accept('<')) {
      while (at_ < s_.size() && s_[at_] != '>') ++at_;
      return Accept('>');
    }
    size_t begin = at_;
    while (at_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[at_]))) ++at_;
    return at_ - begin >= 3;
  }
  // [+-]hh[:mm[:ss]] in seconds.
  bool Offset(int32_t* out) {
    bool negative = Accept('-');
    if (!negative) Accept('+');
    int h, m = 0, sec = 0;
    if (!Number(&h)) return false;
    if (Accept(':') && !Number(&m)) return false;
    if (Accept(':') && !Number(&sec)) return false;
    *out = (negative ? -1 : 1) * (h * 3600 + m * 60 + sec);
    return true;
  }
  bool Date(PosixRule::When* w) {
    if (Accept('M')) {
      w->kind = 'M';
      if (!Number(&w->a) || !Accept('.') || !Number(&w->b) || !Accept('.') || !Number(&w->c))
        return false;
      if (w->a < 1 || w->a > 12 || w->b < 1 || w->b > 5 || w->c > 6) return false;
    } else {
      w->kind = Accept('J') ? 'J' : 'D';
      if (!Number(&w->a)) return false;
    }
    w->time = 7200;
    if (Accept('/')) return Offset(&w->time);
    return true;
  }

  std::string_view s_;
  size_t at_ = 0;
};

// Local seconds since the epoch at which a rule's change happens in `year`.
int64_t LocalChange(const PosixRule::When& w, int64_t year) {
  int64_t day;
  if (w.kind == 'M') {
    int64_t first = DaysFromCivil({year, w.a, 1});
    int64_t first_match = first + FloorMod(w.c - (DayOfWeek(first) % 7), 7);  // Sunday is 0
    day = first_match + 7 * (w.b - 1);
    while (day >= first + DaysInMonth(year, w.a)) day -= 7;  // week 5 means the last one
  } else if (w.kind == 'J') {
    day = DaysFromCivil({year, 1, 1}) + w.a - 1;
    if (w.a >= 60 && DaysInMonth(year, 2) == 29) ++day;
  } else {
    day = DaysFromCivil({year, 1, 1}) + w.a;
  }
  return day * kSecondsPerDay + w.time;
}

int32_t RuleOffset(const PosixRule& rule, int64_t t) {
  if (!rule.has_dst) return rule.std_offset;
  int64_t year = CivilFromDays(FloorDiv(t + rule.std_offset, kSecondsPerDay)).year;
  int64_t start = LocalChange(rule.start, year) - rule.std_offset;
  int64_t end = LocalChange(rule.end, year) - rule.dst_offset;
  bool dst = start < end ? (t >= start && t < end) : (t < end || t >= start);
  return dst ? rule.dst_offset : rule.std_offset;
}

struct Zone {
  std::vector<int64_t> transitions;  // UTC seconds, ascending
  std::vector<uint8_t> types;        // type after each transition
  std::vector<int32_t> offsets;      // per type
  std::optional<PosixRule> rule;     // after the last transition

  int32_t OffsetAt(int64_t t) const {
    if (transitions.empty() || t >= transitions.back()) {
      if (rule) return RuleOffset(*rule, t);
      if (transitions.empty()) return offsets.empty() ? 0 : offsets[0];
    }
    if (t < transitions.front()) return offsets[0];  // RFC 8536: type 0 before the first
    size_t i =
        std::upper_bound(transitions.begin(), transitions.end(), t) - transitions.begin() - 1;
    return offsets[types[i]];
  }
};

uint32_t Be32(const std::string& s, size_t at) {
  auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<uint8_t>(s[at + i])); };
  return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
}

// A TZif file, version 2 or later (the 64-bit block); nullopt if malformed.
std::optional<Zone> ParseTzif(const std::string& s) {
  auto header = [&](size_t at, uint32_t counts[6]) {
    if (s.size() < at + 44 || s.compare(at, 4, "TZif") != 0) return false;
    for (int i = 0; i < 6; ++i) counts[i] = Be32(s, at + 20 + 4 * i);
    return true;
  };
  uint32_t c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  if (!header(0, c) || s[4] < '2') return std::nullopt;
  size_t v1 = 44 + c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
  if (!header(v1, c) || c[4] == 0) return std::nullopt;
  size_t at = v1 + 44;
  size_t end = at + c[3] * 9 + c[4] * 6 + c[5] + c[2] * 12 + c[1] + c[0];
  if (s.size() < end) return std::nullopt;
  Zone zone;
  for (uint32_t i = 0; i < c[3]; ++i) {
    zone.transitions.push_back(
        static_cast<int64_t>(static_cast<uint64_t>(Be32(s, at)) << 32 | Be32(s, at + 4)));
    at += 8;
  }
  for (uint32_t i = 0; i < c[3]; ++i) {
    uint8_t type = static_cast<uint8_t>(s[at++]);
    if (type >= c[4]) return std::nullopt;
    zone.types.push_back(type);
  }
  for (uint32_t i = 0; i < c[4]; ++i, at += 6)
    zone.offsets.push_back(static_cast<int32_t>(Be32(s, at)));
  // Footer: "\n<POSIX TZ>\n".
  if (end < s.size() && s[end] == '\n') {
    size_t close = s.find('\n', end + 1);
    if (close != std::string::npos && close > end + 1) {
      PosixRule rule;
      if (RuleParser(std::string_view(s).substr(end + 1, close - end - 1)).Parse(&rule))
        zone.rule = rule;
    }
  }
  return zone;
}

bool SafeName(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '/' || ch == '_' || ch == '-' ||
           ch == '+';
  });
}

// The file's bytes, or nullopt unless it is a regular file read in full.
// A folder of the database (`America`) is a name too: opened as a stream,
// reading it threw instead of failing.
std::optional<std::string> ReadZoneFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return std::nullopt;
  std::string bytes;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return std::nullopt;
  return bytes;
}

std::shared_ptr<const Zone> LoadZone(const std::string& name) {
  static std::mutex mu;
  static auto* cache = new std::map<std::string, std::shared_ptr<const Zone>>;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache->find(name);
  if (it != cache->end()) return it->second;
  std::shared_ptr<const Zone> zone;
  if (SafeName(name)) {
    if (auto bytes = ReadZoneFile("/usr/share/zoneinfo/" + name)) {
      if (auto parsed = ParseTzif(*bytes)) zone = std::make_shared<const Zone>(std::move(*parsed));
    }
  }
  (*cache)[name] = zone;  // unknown names are remembered too
  return zone;
}

}  // namespace

std::optional<int32_t> PlatformZoneOffset(const std::string& name, int64_t utc_seconds) {
  auto zone = LoadZone(name);
  if (!zone) return std::nullopt;
  return zone->OffsetAt(utc_seconds);
}

}  // namespace namidb
