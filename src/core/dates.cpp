#include "core/dates.h"

#include <cstdio>
#include <ctime>

#include "core/strings.h"

namespace core {

static bool Leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static bool CalendarValid(int y, int m, int d) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
    return d <= days[m - 1] + (m == 2 && Leap(y) ? 1 : 0);
}

static bool ReadInt(const std::string& s, size_t& i, int max_digits, int* out) {
    int v = 0, n = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && n < max_digits) { v = v * 10 + (s[i] - '0'); i++; n++; }
    *out = v;
    return n > 0;
}

Date ParseRussianDate(const std::string& text) {
    size_t i = 0;
    int d, m, y;
    Date out;
    if (!ReadInt(text, i, 2, &d) || i >= text.size() || text[i++] != '.') return out;
    if (!ReadInt(text, i, 2, &m) || i >= text.size() || text[i++] != '.') return out;
    size_t ys = i;
    if (!ReadInt(text, i, 4, &y) || i != text.size() || i - ys != 4) return out;
    if (!CalendarValid(y, m, d)) return out;
    out.year = y; out.month = m; out.day = d;
    return out;
}

Date ParseIsoDate(const std::string& text) {
    Date out;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return out;
    size_t i = 0;
    int y, m, d;
    if (!ReadInt(text, i, 4, &y) || i != 4) return out;
    i = 5;
    if (!ReadInt(text, i, 2, &m) || i != 7) return out;
    i = 8;
    if (!ReadInt(text, i, 2, &d) || i != 10) return out;
    if (!CalendarValid(y, m, d)) return out;
    out.year = y; out.month = m; out.day = d;
    return out;
}

std::string ToIso(const Date& d) {
    char buf[16];
    snprintf(buf, sizeof(buf), "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

std::string ToRussian(const Date& d) {
    char buf[16];
    snprintf(buf, sizeof(buf), "%02d.%02d.%04d", d.day, d.month, d.year);
    return buf;
}

std::string IsoToRussian(const std::string& iso) {
    Date d = ParseIsoDate(iso);
    return d.valid() ? ToRussian(d) : iso;
}

Date Today() {
    time_t t = time(nullptr);
    struct tm tm_now;
    localtime_r(&t, &tm_now);
    Date d;
    d.year = tm_now.tm_year + 1900;
    d.month = tm_now.tm_mon + 1;
    d.day = tm_now.tm_mday;
    return d;
}

bool operator<(const Date& a, const Date& b) {
    if (a.year != b.year) return a.year < b.year;
    if (a.month != b.month) return a.month < b.month;
    return a.day < b.day;
}

int YearsBetween(const Date& from, const Date& to) {
    int years = to.year - from.year;
    if (to.month < from.month || (to.month == from.month && to.day < from.day)) years--;
    return years;
}

// The pattern is catalog data: «15.03.1990» in Russian, "15 March 1990" in English.
std::string FormatDate(const Date& d) {
    if (!d.valid()) return "";
    char dd[4], mm[4], yyyy[8];
    snprintf(dd, sizeof dd, "%02d", d.day % 100);
    snprintf(mm, sizeof mm, "%02d", d.month % 100);
    snprintf(yyyy, sizeof yyyy, "%04d", d.year % 10000);
    std::string month_key = "format.month_" + std::to_string(d.month);
    return core::Tr("format.date", {{"d", d.day}, {"dd", dd}, {"mm", mm}, {"yyyy", yyyy}, {"month", core::Tr(month_key.c_str())}});
}

Date LocalDateOf(long long unix_seconds) {
    time_t t = (time_t)unix_seconds;
    struct tm tm_local;
    localtime_r(&t, &tm_local);
    return Date{tm_local.tm_year + 1900, tm_local.tm_mon + 1, tm_local.tm_mday};
}

std::string FormatTimestamp(long long unix_seconds) {
    time_t t = (time_t)unix_seconds;
    struct tm tm_local;
    localtime_r(&t, &tm_local);
    char hhmm[8];
    strftime(hhmm, sizeof(hhmm), "%H:%M", &tm_local);
    Date d{tm_local.tm_year + 1900, tm_local.tm_mon + 1, tm_local.tm_mday};
    return core::Tr("format.datetime", {{"date", FormatDate(d)}, {"time", hhmm}});
}

long DaysFromCivil(const Date& d) {
    // H. Hinnant's days_from_civil: exact for every Gregorian date.
    long y = d.year - (d.month <= 2 ? 1 : 0);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (d.month + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

}  // namespace core
