// Dates as people type them («15.03.1990») and as the contract carries them ("1990-03-15").
#pragma once
#include <string>

namespace core {

struct Date {
    int year = 0, month = 0, day = 0;
    bool valid() const { return year > 0; }
};

Date ParseRussianDate(const std::string& text);  // ДД.ММ.ГГГГ (also Д.М.ГГГГ), checks the calendar
Date ParseIsoDate(const std::string& text);      // ГГГГ-ММ-ДД
std::string ToIso(const Date& d);
std::string ToRussian(const Date& d);            // ДД.ММ.ГГГГ
std::string IsoToRussian(const std::string& iso);  // "" stays ""; malformed stays as is
Date Today();
int YearsBetween(const Date& from, const Date& to);  // full years (age)
bool operator<(const Date& a, const Date& b);
long DaysFromCivil(const Date& d);                 // days since 1970-01-01 (proleptic Gregorian)
// A date as the reader's language writes it: «15.03.1990», "15 March 1990" (catalog: format.date).
std::string FormatDate(const Date& d);
Date LocalDateOf(long long unix_seconds);            // the day of a UNIX timestamp, in local time
// "22.11.2026 16:05" / "22 November 2026, 16:05" in the user's local time, from a UNIX timestamp.
std::string FormatTimestamp(long long unix_seconds);

}  // namespace core
