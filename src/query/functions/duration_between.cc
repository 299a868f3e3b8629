#include "query/functions/duration_between.h"

#include <optional>

#include "core/temporal.h"
#include "core/time_zone.h"
#include "query/common/query_error.h"
#include "query/functions/temporal_parts.h"
#include "query/functions/value_ops.h"

namespace namidb::query {
namespace {

__extension__ typedef __int128 Wide;

enum class Unit { kMonths, kDays, kNanos };

// A temporal value as the parts it has; `zone.offset` is the offset in
// force at its local date and time.
using Point = TemporalParts;

Wide LocalNanos(const Point& p) { return static_cast<Wide>(*p.days) * kNanosPerDay + *p.nanos; }

// The offset a zone has at local date and time `p` (java.time's choice in
// a gap or an overlap; `preferred` kept where it is still valid).
int32_t OffsetAt(const ZoneSpec& zone, const Point& p,
                 std::optional<int32_t> preferred = std::nullopt) {
  if (zone.zone == 0 || !p.days || !p.nanos) return zone.offset;
  int64_t seconds = *p.days * kSecondsPerDay + *p.nanos / kNanosPerSecond;
  if (preferred && ZoneOffsetAt(zone.zone, seconds - *preferred) == preferred) return *preferred;
  LocalDateTimeValue local{seconds, static_cast<int32_t>(*p.nanos % kNanosPerSecond)};
  return AtZone(local, zone.zone).offset_seconds;
}

// Makes `a` and `b` alike for counting in `unit` (see the header).
void Attach(Point& a, Point& b, Unit unit) {
  if (unit == Unit::kNanos) {
    if (a.days && !a.nanos) a.nanos = 0;
    if (b.days && !b.nanos) b.nanos = 0;
  } else if (a.nanos && !b.nanos) {
    b.nanos = 0;
  } else if (!a.nanos && b.nanos) {
    a.nanos = 0;
  }
  if (a.days && !b.days) b.days = a.days;
  if (!a.days && b.days) a.days = b.days;
  auto attach_zone = [](const Point& from, Point& to) {
    ZoneSpec zone = *from.zone;
    zone.offset = OffsetAt(zone, to);
    to.zone = zone;
  };
  if (a.zone && !b.zone) attach_zone(a, b);
  if (!a.zone && b.zone) attach_zone(b, a);
}

// LocalDate.until / LocalDateTime.until in months or days (java.time): a
// last day whose time of day is not yet reached does not count.
int64_t CalendarUntil(int64_t from_days, int64_t from_nanos, int64_t to_days, int64_t to_nanos,
                      Unit unit) {
  if (to_days > from_days && to_nanos < from_nanos) --to_days;
  if (to_days < from_days && to_nanos > from_nanos) ++to_days;
  if (unit == Unit::kDays) return to_days - from_days;
  CivilDate x = CivilFromDays(from_days), y = CivilFromDays(to_days);
  int64_t packed1 = (x.year * 12 + (x.month - 1)) * 32 + x.day;
  int64_t packed2 = (y.year * 12 + (y.month - 1)) * 32 + y.day;
  return (packed2 - packed1) / 32;  // toward zero, as Java divides
}

// from.until(to, unit) after Attach; nullopt where the unit does not apply
// (months or days between times of day).
std::optional<Wide> Until(Point a, Point b, Unit unit) {
  Attach(a, b, unit);
  bool zoned = a.zone && b.zone;
  if (unit != Unit::kNanos) {
    if (!a.days || !b.days) return std::nullopt;
    int64_t to_days = *b.days, to_nanos = b.nanos.value_or(0);
    if (zoned && a.nanos) {
      // The second value on the first one's wall clock, at the same instant.
      Wide instant = LocalNanos(b) - static_cast<Wide>(b.zone->offset) * kNanosPerSecond;
      int32_t offset = a.zone->offset;
      if (a.zone->zone != 0) {
        int64_t utc_seconds = static_cast<int64_t>(
            instant >= 0 ? instant / kNanosPerSecond
                         : (instant - (kNanosPerSecond - 1)) / kNanosPerSecond);
        offset = ZoneOffsetAt(a.zone->zone, utc_seconds).value_or(offset);
      }
      Wide local = instant + static_cast<Wide>(offset) * kNanosPerSecond;
      Wide day = local >= 0 ? local / kNanosPerDay : (local - (kNanosPerDay - 1)) / kNanosPerDay;
      to_days = static_cast<int64_t>(day);
      to_nanos = static_cast<int64_t>(local - day * kNanosPerDay);
    }
    return CalendarUntil(*a.days, a.nanos.value_or(0), to_days, to_nanos, unit);
  }
  if (a.days && b.days) {
    Wide diff = LocalNanos(b) - LocalNanos(a);
    if (zoned) diff -= static_cast<Wide>(b.zone->offset - a.zone->offset) * kNanosPerSecond;
    return diff;
  }
  Wide diff = static_cast<Wide>(*b.nanos) - *a.nanos;
  if (zoned) diff -= static_cast<Wide>(b.zone->offset - a.zone->offset) * kNanosPerSecond;
  return diff;
}

// `p` moved by months or days on its wall clock (a named zone's offset
// follows, the old one kept where it is still valid).
Point PlusCalendar(Point p, int64_t amount, Unit unit) {
  *p.days = unit == Unit::kMonths ? AddMonths(*p.days, amount) : *p.days + amount;
  if (p.zone && p.zone->zone != 0) p.zone->offset = OffsetAt(*p.zone, p, p.zone->offset);
  return p;
}

Status Overflow() {
  return RuntimeError("ArithmeticError", "IntegerOverflow", "the duration overflows");
}

Result<Value> FromParts(int64_t months, int64_t days, Wide nanos) {
  Wide seconds = nanos / kNanosPerSecond;
  if (seconds > INT64_MAX / 2 || seconds < INT64_MIN / 2) return Overflow();
  DurationValue out;
  if (!NormalizeDuration(months, days, static_cast<int64_t>(seconds),
                         static_cast<int64_t>(nanos % kNanosPerSecond), &out)) {
    return Overflow();
  }
  return Value::Duration(out);
}

}  // namespace

Result<Value> DurationBetween(std::string_view mode, const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return Value();
  auto from = PartsOf(a), to = PartsOf(b);
  for (const auto& [parts, value] : {std::pair{&from, &a}, std::pair{&to, &b}}) {
    if (!*parts) {
      return RuntimeError("TypeError", "InvalidArgumentValue",
                          "duration." + std::string(mode) + "() does not take " + TypeName(*value));
    }
  }
  if (mode == "inmonths" || mode == "indays") {
    Unit unit = mode == "inmonths" ? Unit::kMonths : Unit::kDays;
    int64_t n = static_cast<int64_t>(Until(*from, *to, unit).value_or(0));
    return FromParts(unit == Unit::kMonths ? n : 0, unit == Unit::kDays ? n : 0, 0);
  }
  if (mode == "inseconds") return FromParts(0, 0, *Until(*from, *to, Unit::kNanos));
  // between: months, then days, then the elapsed rest.
  Point start = *from;
  int64_t months = 0, days = 0;
  if (start.days && to->days) {
    months = static_cast<int64_t>(*Until(start, *to, Unit::kMonths));
    start = PlusCalendar(start, months, Unit::kMonths);
    days = static_cast<int64_t>(*Until(start, *to, Unit::kDays));
    start = PlusCalendar(start, days, Unit::kDays);
  }
  return FromParts(months, days, *Until(start, *to, Unit::kNanos));
}

}  // namespace namidb::query
