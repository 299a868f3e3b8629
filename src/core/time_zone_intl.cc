// WebAssembly zone offsets: the JavaScript engine's Intl carries the IANA
// database (Node, Deno, Workers and browsers alike), so the module ships none.
#include <emscripten.h>

#include <climits>

#include "core/time_zone.h"

// The offset in seconds of `name` at `utc_seconds`, or INT_MIN for a zone
// Intl does not know: the wall-clock fields Intl shows for the instant, read
// back as if they were UTC, minus the instant. Formatters are cached per zone.
// (JavaScript, which the C++ formatter would break: its === becomes == =.)
// clang-format off
EM_JS(int, namidb_zone_offset, (const char* name_ptr, double utc_seconds), {
  var name = UTF8ToString(name_ptr);
  var cache = Module["namidbZones"] || (Module["namidbZones"] = new Map());
  var format = cache.get(name);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat("en-US", {
        timeZone: name, hourCycle: "h23", era: "short", year: "numeric", month: "numeric",
        day: "numeric", hour: "numeric", minute: "numeric", second: "numeric"
      });
    } catch (e) {
      format = null;
    }
    cache.set(name, format);
  }
  if (format === null) return -2147483648;
  // Date covers +-8.64e15 ms; beyond it the offset is that of the ends.
  var ms = Math.max(-8.64e15 + 864e5, Math.min(8.64e15 - 864e5, utc_seconds * 1000));
  var f = {};
  format.formatToParts(new Date(ms)).forEach(function(p) { f[p.type] = p.value; });
  var year = Number(f.year);
  if (f.era === "BC" || f.era === "B") year = 1 - year;
  var month = Number(f.month) - 1;
  var day = Number(f.day);
  var wall = new Date(Date.UTC(year, month, day, Number(f.hour), Number(f.minute), Number(f.second)));
  if (year >= 0 && year < 100) wall.setUTCFullYear(year, month, day);  // Date.UTC reads 0..99 as 19xx
  return Math.round((wall.getTime() - Math.floor(ms / 1000) * 1000) / 1000);
});
// clang-format on

namespace namidb {

std::optional<int32_t> PlatformZoneOffset(const std::string& name, int64_t utc_seconds) {
  int offset = namidb_zone_offset(name.c_str(), static_cast<double>(utc_seconds));
  if (offset == INT_MIN) return std::nullopt;
  return offset;
}

}  // namespace namidb
