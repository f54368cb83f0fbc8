// core/appointments: reading offices, days, slots, bookings and calendar entries defensively; the
// month grid; the .ics file (RFC 5545: CRLF, folding at 75 octets without splitting a character,
// escaping, UTC times, an alarm a day before an appointment).
#include <gtest/gtest.h>

#include <sstream>

#include "core/appointments.h"
#include "core/notifications.h"
#include "core/strings.h"

using nlohmann::json;

TEST(Appointments, ABookingIsReadAndAHostileOneIsSkipped) {
    json good = {{"id", "Z-0A1B2C3D4E"}, {"service", "health-1-1"}, {"service_name", "Запись на приём к врачу"},
                 {"office", {{"id", "clinic-12"}, {"name", "Городская поликлиника № 12"}, {"address", "Москва, ул. Профсоюзная, 8"}}},
                 {"start", 1796281200}, {"end", 1796282100}, {"day", "2026-12-03"}, {"time", "10:00"}, {"status", "booked"},
                 {"application", nullptr}, {"comment", ""}};
    core::Appointment a;
    ASSERT_TRUE(core::ParseAppointment(good, &a));
    EXPECT_EQ(a.office_name, "Городская поликлиника № 12");
    EXPECT_EQ(a.end - a.start, 900);
    EXPECT_TRUE(a.Upcoming());
    json bad = good;
    bad["id"] = "../../x";
    EXPECT_FALSE(core::ParseAppointment(bad, &a));
    bad = good;
    bad["time"] = "25:99";
    EXPECT_FALSE(core::ParseAppointment(bad, &a));
    bad = good;
    bad["status"] = "whatever";
    EXPECT_FALSE(core::ParseAppointment(bad, &a));
    bad = good;
    bad["office"] = "not an object";
    bad["service_name"] = std::string(100000, 'x');
    ASSERT_TRUE(core::ParseAppointment(bad, &a));  // still a booking; the long name is cut
    EXPECT_LE(a.service_name.size(), 300u);
    EXPECT_TRUE(a.office_name.empty());
    core::Slot s;
    EXPECT_TRUE(core::ParseSlot({{"start", 1796281200}, {"time", "10:00"}}, &s));
    EXPECT_FALSE(core::ParseSlot({{"start", "soon"}, {"time", "10:00"}}, &s));
    core::SlotDay d;
    EXPECT_TRUE(core::ParseSlotDay({{"day", "2026-12-31"}, {"free", 0}, {"closed", "holiday"}}, &d));
    EXPECT_EQ(d.closed, "holiday");
    EXPECT_FALSE(core::ParseSlotDay({{"day", "2026-02-30"}, {"free", 3}}, &d));
}

TEST(Appointments, CalendarEntriesOfUnknownKindsAreLeftOut) {
    core::CalendarEntry e;
    EXPECT_TRUE(core::ParseCalendarEntry({{"type", "payment_due"}, {"at", 1796281200}, {"title", "Штраф"}, {"amount", 75000},
                                          {"object", {{"type", "charge"}, {"id", "c1"}}}}, &e));
    EXPECT_EQ(e.kind, core::CalendarKind::PaymentDue);
    EXPECT_EQ(e.amount, 75000);
    EXPECT_TRUE(core::ParseCalendarEntry({{"type", "room_sign"}, {"at", 1796281200}, {"object", {{"type", "room"}, {"id", "0a1b"}}}}, &e));
    EXPECT_EQ(e.kind, core::CalendarKind::RoomSign);
    EXPECT_FALSE(core::ParseCalendarEntry({{"type", "meteor"}, {"at", 1796281200}, {"object", {{"type", "x"}, {"id", "1"}}}}, &e));
    EXPECT_FALSE(core::ParseCalendarEntry({{"type", "appointment"}, {"at", 1796281200}, {"object", {{"id", "a/b"}}}}, &e));
}

TEST(Appointments, MonthGridStartsOnMondayAndCoversTheMonth) {
    // December 2026 begins on a Tuesday: the grid starts on Monday 30 November.
    std::vector<core::Date> g = core::MonthGrid(2026, 12);
    ASSERT_EQ(g.size(), 42u);
    EXPECT_EQ(g[0].day, 30);
    EXPECT_EQ(g[0].month, 11);
    EXPECT_EQ(g[1].day, 1);
    EXPECT_EQ(core::Weekday(g[1]), 1);
    EXPECT_EQ(g[41].month, 1);
    EXPECT_EQ(g[41].year, 2027);
    core::Date leap = core::AddDays(core::Date{2028, 2, 28}, 1);
    EXPECT_EQ(leap.day, 29);
    EXPECT_EQ(core::AddDays(core::Date{2028, 2, 29}, 1).month, 3);
    EXPECT_EQ(core::Weekday(core::Date{1970, 1, 1}), 3);  // a Thursday
}

static std::vector<std::string> Lines(const std::string& ics) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < ics.size()) {
        size_t j = ics.find("\r\n", i);
        EXPECT_NE(j, std::string::npos) << "every line ends with CRLF";
        if (j == std::string::npos) break;
        out.push_back(ics.substr(i, j - i));
        i = j + 2;
    }
    return out;
}

TEST(Appointments, IcsIsValidRfc5545WithFoldingEscapingAndAnAlarm) {
    core::CalendarEntry visit;
    visit.kind = core::CalendarKind::Appointment;
    visit.at = 1796281200;  // 2026-12-03 07:00 UTC (10:00 in Moscow)
    visit.end = 1796282100;
    visit.object_id = "Z-1";
    visit.place = "Городская поликлиника № 12, Москва, ул. Профсоюзная, 8; вход со двора";
    core::CalendarEntry due;
    due.kind = core::CalendarKind::PaymentDue;
    due.at = 1796367600;
    due.object_id = "c1";
    std::string long_title = "Приём: " + std::string(30, 'x') + " Запись на приём к врачу-офтальмологу в поликлинику по месту жительства";
    std::string ics = core::MakeIcs({visit, due}, {long_title, "Оплатить до срока: штраф\nГИБДД"}, 1796200000);
    std::vector<std::string> lines = Lines(ics);
    ASSERT_GE(lines.size(), 10u);
    EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
    EXPECT_EQ(lines.back(), "END:VCALENDAR");
    std::string unfolded;
    for (const std::string& l : lines) {
        EXPECT_LE(l.size(), 75u) << l;
        // A continuation never starts inside a UTF-8 sequence.
        if (!l.empty() && l[0] == ' ') {
            ASSERT_GE(l.size(), 2u);
            EXPECT_NE((unsigned char)l[1] & 0xC0, 0x80) << l;
            unfolded += l.substr(1);
        } else {
            unfolded += "\n" + l;
        }
    }
    EXPECT_NE(unfolded.find("\nDTSTART:20261203T070000Z"), std::string::npos);
    EXPECT_NE(unfolded.find("\nDTEND:20261203T071500Z"), std::string::npos);
    EXPECT_NE(unfolded.find("\nSUMMARY:" + long_title + "\n"), std::string::npos) << "folded and unfolded back";
    EXPECT_NE(unfolded.find("\nLOCATION:Городская поликлиника № 12\\, Москва\\, ул. Профсоюзная\\, 8\\; вход со двора"), std::string::npos);
    EXPECT_NE(unfolded.find("\nSUMMARY:Оплатить до срока: штраф\\nГИБДД"), std::string::npos);
    EXPECT_NE(unfolded.find("\nTRIGGER:-P1D"), std::string::npos);
    // One alarm (the appointment's), two events; the deadline has no DTEND.
    size_t events = 0, alarms = 0, ends = 0;
    for (const std::string& l : lines) {
        events += l == "BEGIN:VEVENT";
        alarms += l == "BEGIN:VALARM";
        ends += l.compare(0, 6, "DTEND:") == 0;
    }
    EXPECT_EQ(events, 2u);
    EXPECT_EQ(alarms, 1u);
    EXPECT_EQ(ends, 1u);
}

TEST(Appointments, NotificationsOfBookingsAreWordedAndOpenTheList) {
    json item = {{"kind", "appointment_reminder"}, {"type", "appointment"},
                 {"params", {{"service", "Запись на приём к врачу"}, {"office", "Поликлиника № 12"}, {"address", "ул. Профсоюзная, 8"}, {"start", 1796281200}}},
                 {"object", {{"type", "appointment"}, {"id", "Z-1"}}}, {"text", "fallback"}};
    core::Message m = core::NotificationTitle(item);
    EXPECT_EQ(m.key, "notifications.kind.appointment_reminder");
    EXPECT_EQ(core::NotificationDetail(item), "Поликлиника № 12, ул. Профсоюзная, 8");
    core::Screen screen;
    std::string param;
    ASSERT_TRUE(core::NotificationTarget(item, &screen, &param));
    EXPECT_EQ(screen, core::Screen::Appointments);
    item["params"]["start"] = "tomorrow";
    EXPECT_NE(core::NotificationTitle(item).key, "notifications.kind.appointment_reminder");  // malformed: the backend's text
}
