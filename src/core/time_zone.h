// Named time zones (IANA names such as "Europe/Stockholm"). A datetime keeps
// its zone as a small id into a process-wide table of names, so values stay
// small and cheap to copy. The offsets come from the platform's time zone
// database: the TZif files of /usr/share/zoneinfo natively
// (time_zone_tzif.cc), the JavaScript engine's Intl in WebAssembly
// (time_zone_intl.cc) — the same IANA data, so both builds agree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/temporal.h"

namespace namidb {

// The id of a zone name, registering it on first use; 0 is never an id.
int32_t InternZone(std::string_view name);
// The name of an id from InternZone.
const std::string& ZoneName(int32_t zone);

// The offset east of UTC, in seconds, of a zone at an instant; nullopt when
// the platform does not know the zone.
std::optional<int32_t> ZoneOffsetAt(int32_t zone, int64_t utc_seconds);
// The id of a zone the platform knows, or nullopt.
std::optional<int32_t> LookupZone(std::string_view name);

// The datetime at which a zone's clocks show `local`. Where clocks were set
// back and the time occurs twice, the earlier offset; where they jumped
// forward and it never occurs, it moves forward by the gap, as java.time
// does.
DateTimeValue AtZone(const LocalDateTimeValue& local, int32_t zone);

// Platform hook: the offset of a zone name at an instant, nullopt if unknown.
std::optional<int32_t> PlatformZoneOffset(const std::string& name, int64_t utc_seconds);

}  // namespace namidb
