#include "core/time_zone.h"

#include <deque>
#include <map>
#include <mutex>

namespace namidb {
namespace {

struct ZoneTable {
  std::mutex mu;
  std::deque<std::string> names;  // id - 1 -> name; a deque keeps references stable
  std::map<std::string, int32_t, std::less<>> ids;
};

ZoneTable& Table() {
  static auto* table = new ZoneTable;
  return *table;
}

}  // namespace

int32_t InternZone(std::string_view name) {
  ZoneTable& t = Table();
  std::lock_guard<std::mutex> lock(t.mu);
  auto it = t.ids.find(name);
  if (it != t.ids.end()) return it->second;
  t.names.emplace_back(name);
  int32_t id = static_cast<int32_t>(t.names.size());
  t.ids.emplace(std::string(name), id);
  return id;
}

const std::string& ZoneName(int32_t zone) {
  ZoneTable& t = Table();
  std::lock_guard<std::mutex> lock(t.mu);
  return t.names.at(static_cast<size_t>(zone - 1));
}

std::optional<int32_t> ZoneOffsetAt(int32_t zone, int64_t utc_seconds) {
  return PlatformZoneOffset(ZoneName(zone), utc_seconds);
}

std::optional<int32_t> LookupZone(std::string_view name) {
  if (name.empty() || name.size() > 64) return std::nullopt;
  if (!PlatformZoneOffset(std::string(name), 0)) return std::nullopt;
  return InternZone(name);
}

DateTimeValue AtZone(const LocalDateTimeValue& local, int32_t zone) {
  int64_t t = local.seconds;
  // The offsets in force a day either side bracket any single transition.
  int32_t before = ZoneOffsetAt(zone, t - kSecondsPerDay).value_or(0);
  int32_t after = ZoneOffsetAt(zone, t + kSecondsPerDay).value_or(0);
  int32_t offset = before;  // the earlier offset first; in a gap, local - before lies past the jump
  if (ZoneOffsetAt(zone, t - before) != before && ZoneOffsetAt(zone, t - after) == after) {
    offset = after;
  }
  int64_t instant = t - offset;
  return DateTimeValue{instant, local.nanos, ZoneOffsetAt(zone, instant).value_or(offset), zone};
}

}  // namespace namidb
