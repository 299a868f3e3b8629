#include "core/temporal.h"

#include <cctype>
#include <cstdio>

namespace namidb {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Reads exactly `n` digits at `*at`.
std::optional<int64_t> Digits(std::string_view s, size_t* at, size_t n) {
  if (*at + n > s.size()) return std::nullopt;
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[*at + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  *at += n;
  return v;
}

bool Accept(std::string_view s, size_t* at, char c) {
  if (*at < s.size() && s[*at] == c) {
    ++*at;
    return true;
  }
  return false;
}

std::optional<CivilDate> ParseCivil(std::string_view s, size_t* at) {
  auto year = Digits(s, at, 4);
  if (!year || !Accept(s, at, '-')) return std::nullopt;
  auto month = Digits(s, at, 2);
  if (!month || !Accept(s, at, '-')) return std::nullopt;
  auto day = Digits(s, at, 2);
  if (!day) return std::nullopt;
  CivilDate d{*year, static_cast<int>(*month), static_cast<int>(*day)};
  if (!IsValidCivil(d)) return std::nullopt;
  return d;
}

}  // namespace

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(const CivilDate& date) {
  int64_t y = date.year - (date.month <= 2);
  int64_t era = FloorDiv(y, 400);
  int64_t yoe = y - era * 400;
  int64_t mp = (date.month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  int64_t era = FloorDiv(days, 146097);
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2), month, day};
}

bool IsValidCivil(const CivilDate& d) {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  int max = kDays[d.month - 1] + (d.month == 2 && leap ? 1 : 0);
  return d.day <= max;
}

int DayOfWeek(int64_t days) {
  int64_t w = FloorDiv(days + 3, 7);  // 1970-01-01 was a Thursday
  return static_cast<int>(days + 3 - w * 7) + 1;
}

std::optional<DateValue> ParseDate(std::string_view text) {
  size_t at = 0;
  auto d = ParseCivil(text, &at);
  if (!d || at != text.size()) return std::nullopt;
  return DateValue{DaysFromCivil(*d)};
}

std::optional<int32_t> ParseOffset(std::string_view s) {
  if (s == "Z" || s == "z") return 0;
  if (s.empty() || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  size_t at = 1;
  auto hours = Digits(s, &at, 2);
  if (!hours) return std::nullopt;
  int64_t minutes = 0;
  if (at < s.size()) {
    Accept(s, &at, ':');
    auto m = Digits(s, &at, 2);
    if (!m) return std::nullopt;
    minutes = *m;
  }
  if (at != s.size() || *hours > 18 || minutes > 59) return std::nullopt;
  int32_t total = static_cast<int32_t>(*hours * 3600 + minutes * 60);
  return s[0] == '-' ? -total : total;
}

std::optional<DateTimeValue> ParseDateTime(std::string_view s) {
  size_t at = 0;
  auto d = ParseCivil(s, &at);
  if (!d || !Accept(s, &at, 'T')) return std::nullopt;
  auto hour = Digits(s, &at, 2);
  if (!hour || !Accept(s, &at, ':')) return std::nullopt;
  auto minute = Digits(s, &at, 2);
  if (!minute) return std::nullopt;
  int64_t second = 0;
  int32_t nanos = 0;
  if (Accept(s, &at, ':')) {
    auto sec = Digits(s, &at, 2);
    if (!sec) return std::nullopt;
    second = *sec;
    if (Accept(s, &at, '.')) {
      size_t digits = 0;
      while (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at])) && digits < 9) {
        nanos = nanos * 10 + (s[at] - '0');
        ++at;
        ++digits;
      }
      if (digits == 0) return std::nullopt;
      for (; digits < 9; ++digits) nanos *= 10;
    }
  }
  if (*hour > 23 || *minute > 59 || second > 59) return std::nullopt;
  int32_t offset = 0;
  if (at < s.size()) {
    auto o = ParseOffset(s.substr(at));
    if (!o) return std::nullopt;
    offset = *o;
  }
  int64_t local = DaysFromCivil(*d) * 86400 + *hour * 3600 + *minute * 60 + second;
  return DateTimeValue{local - offset, nanos, offset};
}

std::string FormatDate(const DateValue& date) {
  CivilDate c = CivilFromDays(date.days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(c.year), c.month, c.day);
  return buf;
}

LocalFields LocalFieldsOf(const DateTimeValue& v) {
  int64_t local = v.seconds + v.offset_seconds;
  int64_t days = FloorDiv(local, 86400);
  int64_t rest = local - days * 86400;
  return {CivilFromDays(days), static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
          static_cast<int>(rest % 60), v.nanos};
}

std::string FormatDateTime(const DateTimeValue& v) {
  LocalFields f = LocalFieldsOf(v);
  std::string out = FormatDate(DateValue{DaysFromCivil(f.date)});
  char buf[48];
  std::snprintf(buf, sizeof buf, "T%02d:%02d", f.hour, f.minute);
  out += buf;
  if (f.second != 0 || f.nanos != 0) {
    std::snprintf(buf, sizeof buf, ":%02d", f.second);
    out += buf;
    if (f.nanos != 0) {
      std::snprintf(buf, sizeof buf, ".%09d", f.nanos);
      std::string fraction = buf;
      while (fraction.back() == '0') fraction.pop_back();  // as Cypher prints: .142, not .142000000
      out += fraction;
    }
  }
  if (v.offset_seconds == 0) {
    out += "Z";
  } else {
    int32_t o = v.offset_seconds < 0 ? -v.offset_seconds : v.offset_seconds;
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", v.offset_seconds < 0 ? '-' : '+', o / 3600, o / 60 % 60);
    out += buf;
  }
  return out;
}

}  // namespace namidb
