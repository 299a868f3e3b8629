// Temporal values: DATE (a calendar day) and DATETIME (an instant with the
// UTC offset it was written in), in the proleptic Gregorian calendar.
// Parsing and printing follow ISO 8601 as Cypher writes them:
// 2015-07-21, 2015-07-21T21:40:32.142+01:00, 2015-07-21T21:40Z.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace namidb {

struct DateValue {
  int64_t days = 0;  // since 1970-01-01
  friend auto operator<=>(const DateValue&, const DateValue&) = default;
};

struct DateTimeValue {
  int64_t seconds = 0;  // since 1970-01-01T00:00Z
  int32_t nanos = 0;    // 0..999,999,999
  int32_t offset_seconds = 0;  // the zone offset it is shown in
  friend bool operator==(const DateTimeValue&, const DateTimeValue&) = default;
};

struct CivilDate {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

// Days since 1970-01-01 of a valid civil date, and back.
int64_t DaysFromCivil(const CivilDate& date);
CivilDate CivilFromDays(int64_t days);
bool IsValidCivil(const CivilDate& date);
// 1 (Monday) .. 7 (Sunday).
int DayOfWeek(int64_t days);

// "2015-07-21"; nullopt if malformed or invalid.
std::optional<DateValue> ParseDate(std::string_view text);
// "2015-07-21T21:40:32.142+01:00", offset "Z", "+01", "+0100" or "+01:00";
// seconds and fraction optional; no offset means UTC.
std::optional<DateTimeValue> ParseDateTime(std::string_view text);
// "+01:00" / "Z"; nullopt if malformed.
std::optional<int32_t> ParseOffset(std::string_view text);

std::string FormatDate(const DateValue& date);
std::string FormatDateTime(const DateTimeValue& value);

// The civil fields of a datetime in its own offset.
struct LocalFields {
  CivilDate date;
  int hour, minute, second;
  int32_t nanos;
};
LocalFields LocalFieldsOf(const DateTimeValue& value);

}  // namespace namidb
