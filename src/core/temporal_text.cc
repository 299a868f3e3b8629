#include "core/temporal_text.h"

#include <cctype>
#include <string>

#include "core/time_zone.h"

namespace namidb {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A cursor over the text with the ISO 8601 building blocks.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  bool done() const { return at_ == s_.size(); }
  char peek() const { return done() ? '\0' : s_[at_]; }
  bool Accept(char c) {
    if (peek() == c) return ++at_, true;
    return false;
  }
  // Digits in a row from here, without consuming.
  size_t DigitRun() const {
    size_t n = 0;
    while (at_ + n < s_.size() && IsDigit(s_[at_ + n])) ++n;
    return n;
  }
  // Exactly `n` digits.
  std::optional<int64_t> Digits(size_t n) {
    if (DigitRun() < n) return std::nullopt;
    int64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = v * 10 + (s_[at_++] - '0');
    return v;
  }
  // [.,] and 1..9 digits as nanoseconds; 0 when there is no fraction.
  std::optional<int64_t> Fraction() {
    if (peek() != '.' && peek() != ',') return 0;
    ++at_;
    size_t n = DigitRun();
    if (n == 0 || n > 9) return std::nullopt;
    int64_t v = *Digits(n);
    for (; n < 9; ++n) v *= 10;
    return v;
  }
  std::string_view rest() const { return s_.substr(at_); }
  void Skip(size_t n) { at_ += n; }

  // A year: four digits, or a sign and four to nine.
  std::optional<int64_t> Year() {
    if (peek() == '+' || peek() == '-') {
      bool negative = s_[at_++] == '-';
      size_t n = DigitRun();
      if (n < 4 || n > 9) return std::nullopt;
      int64_t y = *Digits(n);
      return negative ? -y : y;
    }
    return Digits(4);
  }

  // A date in any of its forms; stops before 'T'.
  std::optional<int64_t> Date() {
    auto year = Year();
    if (!year) return std::nullopt;
    if (done() || peek() == 'T') return Civil(*year, 1, 1);
    bool extended = Accept('-');
    if (Accept('W')) {
      auto week = Digits(2);
      if (!week) return std::nullopt;
      int64_t day = 1;
      if (!done() && peek() != 'T') {
        if (extended && !Accept('-')) return std::nullopt;
        auto d = Digits(1);
        if (!d) return std::nullopt;
        day = *d;
      }
      if (*week < 1 || *week > WeeksInWeekYear(*year) || day < 1 || day > 7) return std::nullopt;
      return FirstDayOfWeekYear(*year) + (*week - 1) * 7 + (day - 1);
    }
    size_t run = DigitRun();
    if (run == 3) {  // ordinal day
      int64_t ordinal = *Digits(3);
      int64_t first = DaysFromCivil({*year, 1, 1});
      if (ordinal < 1 || ordinal > DaysFromCivil({*year + 1, 1, 1}) - first) return std::nullopt;
      return first + ordinal - 1;
    }
    if (run < 2 || (!extended && run != 2 && run != 4)) return std::nullopt;
    int64_t month = *Digits(2);
    int64_t day = 1;
    if (extended ? Accept('-') : DigitRun() == 2) {
      auto d = Digits(2);
      if (!d) return std::nullopt;
      day = *d;
    }
    return Civil(*year, month, day);
  }

  // A time of day in nanoseconds: hh[:mm[:ss[.f]]] or hh[mm[ss[.f]]].
  std::optional<int64_t> Time() {
    auto hour = Digits(2);
    if (!hour) return std::nullopt;
    int64_t minute = 0, second = 0, fraction = 0;
    bool extended = Accept(':');
    if (extended || DigitRun() >= 2) {
      auto m = Digits(2);
      if (!m) return std::nullopt;
      minute = *m;
      if (extended ? Accept(':') : DigitRun() >= 2) {
        auto sec = Digits(2);
        if (!sec) return std::nullopt;
        second = *sec;
        auto f = Fraction();
        if (!f) return std::nullopt;
        fraction = *f;
      }
    }
    if (*hour > 23 || minute > 59 || second > 59) return std::nullopt;
    return ((*hour * 60 + minute) * 60 + second) * kNanosPerSecond + fraction;
  }

  // An offset if one starts here (Z, ±hh[[:]mm[[:]ss]]), else nullopt
  // without consuming; `*bad` when one starts but is malformed.
  std::optional<int32_t> Offset(bool* bad) {
    size_t start = at_;
    size_t end = start;
    if (peek() == 'Z' || peek() == 'z') {
      end = start + 1;
    } else if (peek() == '+' || peek() == '-') {
      end = start + 1;
      while (end < s_.size() && (IsDigit(s_[end]) || s_[end] == ':')) ++end;
    } else {
      return std::nullopt;
    }
    auto offset = ParseOffset(s_.substr(start, end - start));
    if (!offset) {
      *bad = true;
      return std::nullopt;
    }
    at_ = end;
    return offset;
  }

 private:
  static std::optional<int64_t> Civil(int64_t year, int64_t month, int64_t day) {
    if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    CivilDate c{year, static_cast<int>(month), static_cast<int>(day)};
    if (!IsValidCivil(c)) return std::nullopt;
    return DaysFromCivil(c);
  }

  std::string_view s_;
  size_t at_ = 0;
};

// Time of day and offset, for TIME and the time part of DATETIME.
struct ZonedTime {
  int64_t nanos;
  std::optional<int32_t> offset;
};

std::optional<ZonedTime> TimeWithOffset(Scanner& in) {
  auto nanos = in.Time();
  if (!nanos) return std::nullopt;
  bool bad = false;
  auto offset = in.Offset(&bad);
  if (bad) return std::nullopt;
  return ZonedTime{*nanos, offset};
}

}  // namespace

std::optional<int32_t> ParseOffset(std::string_view s) {
  if (s == "Z" || s == "z") return 0;
  if (s.size() < 3 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  Scanner in(s.substr(1));
  auto hours = in.Digits(2);
  int64_t minutes = 0, seconds = 0;
  if (!in.done()) {
    bool extended = in.Accept(':');
    auto m = in.Digits(2);
    if (!m) return std::nullopt;
    minutes = *m;
    if (!in.done()) {
      if (extended && !in.Accept(':')) return std::nullopt;
      auto sec = in.Digits(2);
      if (!sec) return std::nullopt;
      seconds = *sec;
    }
  }
  if (!hours || !in.done() || minutes > 59 || seconds > 59) return std::nullopt;
  int64_t total = *hours * 3600 + minutes * 60 + seconds;
  if (total > 18 * 3600) return std::nullopt;
  return static_cast<int32_t>(s[0] == '-' ? -total : total);
}

std::optional<DateValue> ParseDate(std::string_view text) {
  Scanner in(text);
  auto days = in.Date();
  if (!days || !in.done()) return std::nullopt;
  return DateValue{*days};
}

std::optional<LocalTimeValue> ParseLocalTime(std::string_view text) {
  Scanner in(text);
  auto nanos = in.Time();
  if (!nanos || !in.done()) return std::nullopt;
  return LocalTimeValue{*nanos};
}

std::optional<TimeValue> ParseTime(std::string_view text) {
  Scanner in(text);
  auto t = TimeWithOffset(in);
  if (!t || !in.done()) return std::nullopt;
  return TimeValue{t->nanos, t->offset.value_or(0)};
}

std::optional<LocalDateTimeValue> ParseLocalDateTime(std::string_view text) {
  Scanner in(text);
  auto days = in.Date();
  if (!days) return std::nullopt;
  // As for a datetime, the time part is optional: a date alone is midnight.
  int64_t nanos = 0;
  if (in.Accept('T')) {
    auto t = in.Time();
    if (!t) return std::nullopt;
    nanos = *t;
  }
  if (!in.done()) return std::nullopt;
  return LocalDateTimeValue{*days * kSecondsPerDay + nanos / kNanosPerSecond,
                            static_cast<int32_t>(nanos % kNanosPerSecond)};
}

std::optional<DateTimeValue> ParseDateTime(std::string_view text) {
  Scanner in(text);
  auto days = in.Date();
  if (!days) return std::nullopt;
  ZonedTime time{0, std::nullopt};
  if (in.Accept('T')) {
    auto t = TimeWithOffset(in);
    if (!t) return std::nullopt;
    time = *t;
  }
  LocalDateTimeValue local{*days * kSecondsPerDay + time.nanos / kNanosPerSecond,
                           static_cast<int32_t>(time.nanos % kNanosPerSecond)};
  if (in.Accept('[')) {
    std::string_view rest = in.rest();
    if (rest.size() < 2 || rest.back() != ']') return std::nullopt;
    auto zone = LookupZone(rest.substr(0, rest.size() - 1));
    if (!zone) return std::nullopt;
    if (!time.offset) return AtZone(local, *zone);
    // An offset and a zone: the instant the offset names, if the zone uses
    // that offset then (or at that wall-clock time).
    DateTimeValue at{local.seconds - *time.offset, local.nanos, *time.offset, *zone};
    if (ZoneOffsetAt(*zone, at.seconds) != *time.offset) return AtZone(local, *zone);
    return at;
  }
  if (!in.done()) return std::nullopt;
  int32_t offset = time.offset.value_or(0);
  return DateTimeValue{local.seconds - offset, local.nanos, offset, 0};
}

std::optional<DurationValue> ParseDuration(std::string_view text) {
  Scanner in(text);
  bool negative = in.Accept('-');
  if (!in.Accept('P')) return std::nullopt;
  DurationSum sum;
  int sign = negative ? -1 : 1;
  // The alternative form: PYYYY-MM-DDThh:mm:ss[.f].
  if (in.DigitRun() == 4 && in.rest().size() > 4 && in.rest()[4] == '-') {
    auto y = in.Digits(4);
    if (!in.Accept('-')) return std::nullopt;
    auto m = in.Digits(2);
    if (!m || !in.Accept('-')) return std::nullopt;
    auto d = in.Digits(2);
    if (!d || !in.Accept('T')) return std::nullopt;
    auto h = in.Digits(2);
    if (!h || !in.Accept(':')) return std::nullopt;
    auto mi = in.Digits(2);
    if (!mi || !in.Accept(':')) return std::nullopt;
    auto s = in.Digits(2);
    if (!s) return std::nullopt;
    auto f = in.Fraction();
    if (!f || !in.done() || *m > 12 || *h > 23 || *mi > 59 || *s > 59) return std::nullopt;
    sum.Add(DurationSum::kMonths, *y * 12 + *m, sign);
    sum.Add(DurationSum::kDays, *d, sign);
    sum.Add(DurationSum::kSeconds, *h * 3600 + *mi * 60 + *s, sign);
    sum.Add(DurationSum::kNanos, *f, sign);
  } else {
    // [-]number unit, units in order: Y M W D, then T H M S.
    const std::string_view date_units = "YMWD", time_units = "HMS";
    size_t next_date = 0, next_time = 0;
    bool in_time = false, any = false;
    while (!in.done()) {
      if (!in_time && in.Accept('T')) {
        in_time = true;
        if (in.done()) return std::nullopt;
        continue;
      }
      std::string_view rest = in.rest();
      size_t len = (rest[0] == '-' || rest[0] == '+') ? 1 : 0;
      size_t digits_start = len;
      while (len < rest.size() && (IsDigit(rest[len]) || rest[len] == '.' || rest[len] == ','))
        ++len;
      if (len == digits_start || len >= rest.size()) return std::nullopt;
      std::string number(rest.substr(0, len));
      char unit = rest[len];
      in.Skip(len + 1);
      std::string_view units = in_time ? time_units : date_units;
      size_t& next = in_time ? next_time : next_date;
      size_t index = units.find(unit, next);
      if (index == std::string_view::npos) return std::nullopt;
      next = index + 1;
      any = true;
      bool fractional = number.find_first_of(".,") != std::string::npos;
      for (char& c : number) c = c == ',' ? '.' : c;
      int64_t whole = 0;
      double value = 0;
      try {
        size_t used = 0;
        if (fractional) {
          value = std::stod(number, &used) * sign;
        } else {
          whole = std::stoll(number, &used) * sign;
        }
        if (used != number.size()) return std::nullopt;
      } catch (...) {  // out of range
        return std::nullopt;
      }
      static const int64_t kPer[2][4] = {{12, 1, 7, 1}, {3600, 60, 1, 0}};
      int64_t per = kPer[in_time][index];
      auto part = in_time     ? DurationSum::kSeconds
                  : index < 2 ? DurationSum::kMonths
                              : DurationSum::kDays;
      if (fractional) {
        sum.Add(part, value, static_cast<double>(per));
      } else {
        sum.Add(part, whole, per);
      }
    }
    if (!any) return std::nullopt;
  }
  DurationValue out;
  if (!sum.Build(&out)) return std::nullopt;
  return out;
}

}  // namespace namidb
