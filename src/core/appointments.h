// «Запись на приём» and «Общий календарь событий» (SPEC §11, docs/appointments.md): what the
// backend says about offices, free slots and bookings, read defensively; the month grid the
// calendar draws; the calendar as an .ics file (RFC 5545) for the citizen's own calendar.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/dates.h"

namespace core {

struct Office {
    std::string id, kind, name, address, hours;
    int slot_minutes = 0;
};

struct SlotDay {
    std::string day;     // "2026-12-03", the office's day
    int free = 0;
    std::string closed;  // "" open, "weekend", "holiday", "closed"
};

struct Slot {
    long long start = 0;
    std::string time;    // "10:30", the office's time
};

struct Appointment {
    std::string id, service, service_name, office_id, office_name, address, day, time, status, application, comment;
    long long start = 0, end = 0;
    bool Upcoming() const { return status == "booked"; }
};

bool ParseOffice(const nlohmann::json& j, Office* out);
bool ParseSlotDay(const nlohmann::json& j, SlotDay* out);
bool ParseSlot(const nlohmann::json& j, Slot* out);
bool ParseAppointment(const nlohmann::json& j, Appointment* out);
bool ParseClockText(const std::string& t);  // "HH:MM"

enum class CalendarKind { Appointment, AnswerDue, PaymentDue, RoomVote, RoomSign };

struct CalendarEntry {
    CalendarKind kind = CalendarKind::Appointment;
    long long at = 0, end = 0;
    std::string title, place, object_id;
    long long amount = -1;  // kopecks, payment_due only
};
bool ParseCalendarEntry(const nlohmann::json& j, CalendarEntry* out);

// The 42 days (6 weeks, Monday first) a month view shows for year/month.
std::vector<Date> MonthGrid(int year, int month);
int Weekday(const Date& d);  // 0 Monday … 6 Sunday
Date AddDays(const Date& d, int days);

// An .ics calendar (CRLF lines folded at 75 octets, text escaped, times in UTC) with one event per
// entry: summaries[i] is entry i's title in the reader's language. Appointments get an alarm a day
// before; deadlines are events at their moment (no DTEND: RFC 5545 §3.6.1).
std::string MakeIcs(const std::vector<CalendarEntry>& entries, const std::vector<std::string>& summaries, long long now);

}  // namespace core
