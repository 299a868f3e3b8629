#include "query/functions/temporal_parts.h"

#include "core/temporal.h"

namespace namidb::query {

std::optional<TemporalParts> PartsOf(const Value& v) {
  auto split = [](const LocalDateTimeValue& local, TemporalParts* parts) {
    int64_t days = FloorDiv(local.seconds, kSecondsPerDay);
    parts->days = days;
    parts->nanos = (local.seconds - days * kSecondsPerDay) * kNanosPerSecond + local.nanos;
  };
  TemporalParts parts;
  switch (v.kind()) {
    case ValueKind::kDate:
      parts.days = v.as_date().days;
      return parts;
    case ValueKind::kLocalTime:
      parts.nanos = v.as_localtime().nanos;
      return parts;
    case ValueKind::kTime:
      parts.nanos = v.as_time().nanos;
      parts.zone = ZoneSpec{v.as_time().offset_seconds, 0};
      return parts;
    case ValueKind::kLocalDateTime:
      split(v.as_localdatetime(), &parts);
      return parts;
    case ValueKind::kDateTime: {
      const DateTimeValue& t = v.as_datetime();
      split(LocalOf(t), &parts);
      parts.zone = ZoneSpec{t.offset_seconds, t.zone};
      return parts;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace namidb::query
