// «Запись на приём» and «Общий календарь событий» (docs/appointments.md): loading bookings,
// offices, days and slots, booking, moving and cancelling, and the calendar with its .ics file.
// What the backend sends is read through core::Parse* (core/appointments.h): an item that is not
// one is skipped, never drawn half.
#include <algorithm>
#include <chrono>
#include <ctime>

#include "core/dates.h"
#include "core/json_read.h"
#include "core/route.h"
#include "ui/app.h"

namespace ui {

using nlohmann::json;

static client::ApiError Malformed() {
    client::ApiError e;
    e.kind = client::ApiErrorKind::Malformed;
    return e;
}

void App::LoadAppointments() {
    AppointmentsState& a = session_->appointments;
    if (!SignedIn() || !a.load.Start()) return;
    a.error = client::ApiError();
    api.Get("/appointments", session_->Guard([this, &a](client::ApiResult r) {
        RequestFrames();
        if (a.load.Finish()) LoadAppointments();
        if (!r.error.ok()) {
            a.error = r.error;
            return;
        }
        a.items.clear();
        for (const json& j : core::JsonItems(r.body)) {
            core::Appointment x;
            if (core::ParseAppointment(j, &x)) a.items.push_back(std::move(x));
        }
        a.loaded = true;
    }));
}

// The route names the flow: a service (AppointmentNew, "<service>" or "<service>@<application>")
// or a booking to move (AppointmentMove, "<id>"). Coming back to the same route keeps every choice.
void App::StartBooking() {
    AppointmentsState& a = session_->appointments;
    if (!SignedIn() || route_param.empty()) return;
    bool moving = screen_ == core::Screen::AppointmentMove;
    std::string flow = (moving ? "move:" : "new:") + route_param;
    if (a.flow != flow) {
        a.flow = flow;
        a.service.clear();
        a.moving.clear();
        a.application.clear();
        a.offices.clear();
        a.office.clear();
        a.days.clear();
        a.day.clear();
        a.slots.clear();
        a.start = 0;
        a.comment.clear();
        a.comment_error.clear();
        a.book_error = client::ApiError();
        a.taken_notice.clear();
        a.offices_error = a.days_error = a.slots_error = client::ApiError();
        a.days_generation++;
        a.slots_generation++;
        if (moving) {
            a.moving = route_param;
        } else {
            size_t at = route_param.find('@');
            a.service = route_param.substr(0, at);
            if (at != std::string::npos) a.application = route_param.substr(at + 1);
        }
    }
    if (moving && a.service.empty()) {
        // The booking's service and office come from the booking itself.
        std::string id = a.moving;
        api.Get("/appointments/" + core::PercentEncode(id), session_->Guard([this, &a, id, flow](client::ApiResult r) {
            RequestFrames();
            if (a.flow != flow) return;
            core::Appointment x;
            if (!r.error.ok() || !core::ParseAppointment(r.body, &x)) {
                a.offices_error = r.error.ok() ? Malformed() : r.error;
                return;
            }
            a.service = x.service;
            a.comment = x.comment;
            if (a.office.empty()) a.office = x.office_id;
            StartBooking();
        }));
        return;
    }
    if (a.service.empty() || !a.offices.empty() || a.offices_loading) return;
    a.offices_loading = true;
    a.offices_error = client::ApiError();
    api.Get("/offices?service=" + core::PercentEncode(a.service), session_->Guard([this, &a, flow](client::ApiResult r) {
        RequestFrames();
        if (a.flow != flow) return;
        a.offices_loading = false;
        if (!r.error.ok()) {
            a.offices_error = r.error;
            return;
        }
        a.offices.clear();
        for (const json& j : core::JsonItems(r.body)) {
            core::Office o;
            if (core::ParseOffice(j, &o)) a.offices.push_back(std::move(o));
        }
        if (a.offices.empty()) a.offices_error = Malformed();
        // One office: nothing to choose. A move starts at the booking's office.
        if (a.office.empty() && a.offices.size() == 1) a.office = a.offices[0].id;
        if (!a.office.empty()) LoadOfficeDays();
    }));
}

void App::LoadOfficeDays() {
    AppointmentsState& a = session_->appointments;
    if (!SignedIn() || a.office.empty()) return;
    int generation = ++a.days_generation;
    a.days_loading = true;
    a.days_error = client::ApiError();
    auto t0 = std::chrono::steady_clock::now();
    api.Get("/offices/" + core::PercentEncode(a.office) + "/days?days=60", session_->Guard([this, &a, generation, t0](client::ApiResult r) {
        RequestFrames();
        if (generation != a.days_generation) return;  // another office was chosen meanwhile
        a.days_loading = false;
        if (!r.error.ok()) {
            a.days_error = r.error;
            return;
        }
        a.days.clear();
        for (const json& j : core::JsonItems(r.body)) {
            core::SlotDay d;
            if (core::ParseSlotDay(j, &d)) a.days.push_back(std::move(d));
        }
        a.days_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        // The day chosen before (a slot lost to somebody else) stays chosen while it has any time left.
        bool still = false;
        for (const core::SlotDay& d : a.days)
            if (d.day == a.day && d.free > 0) still = true;
        if (!still) {
            a.day.clear();
            a.slots.clear();
            a.start = 0;
        } else {
            LoadDaySlots();
        }
    }));
}

void App::LoadDaySlots() {
    AppointmentsState& a = session_->appointments;
    if (!SignedIn() || a.office.empty() || a.day.empty()) return;
    int generation = ++a.slots_generation;
    a.slots_loading = true;
    a.slots_error = client::ApiError();
    api.Get("/offices/" + core::PercentEncode(a.office) + "/slots?day=" + a.day, session_->Guard([this, &a, generation](client::ApiResult r) {
        RequestFrames();
        if (generation != a.slots_generation) return;
        a.slots_loading = false;
        if (!r.error.ok()) {
            a.slots_error = r.error;
            return;
        }
        a.slots.clear();
        bool kept = false;
        for (const json& j : core::JsonItems(r.body)) {
            core::Slot s;
            if (!core::ParseSlot(j, &s)) continue;
            kept = kept || s.start == a.start;
            a.slots.push_back(std::move(s));
        }
        if (!kept) a.start = 0;
    }));
}

void App::Book() {
    AppointmentsState& a = session_->appointments;
    if (!SignedIn() || a.booking || a.start == 0 || a.office.empty()) return;
    if (a.comment.size() > 500) {
        a.comment_error = "appointments.comment_too_long";
        return;
    }
    a.comment_error.clear();
    a.booking = true;
    a.book_error = client::ApiError();
    a.taken_notice.clear();
    json body = {{"office", a.office}, {"start", a.start}};
    std::string path;
    client::RequestOptions opt = client::RequestOptions::Create();
    if (!a.moving.empty()) {
        path = "/appointments/" + core::PercentEncode(a.moving) + "/move";
        opt = client::RequestOptions::Once();  // moving twice to the same slot is harmless; no key needed
    } else {
        path = "/appointments";
        body["service"] = a.service;
        body["comment"] = a.comment;
        if (!a.application.empty()) body["application"] = a.application;
    }
    std::string flow = a.flow;
    api.Post(path, body, session_->Guard([this, &a, flow](client::ApiResult r) {
        RequestFrames();
        if (a.flow != flow) return;
        a.booking = false;
        if (!r.error.ok()) {
            // Lost to somebody else between choosing and confirming (or the day closed): say so,
            // keep the office and the day, and show what is free now.
            if (r.error.code == "slot_taken" || r.error.code == "slot_in_past" || r.error.code == "office_closed" ||
                r.error.code == "slot_unavailable") {
                a.taken_notice = r.error.code == "slot_taken" ? "appointments.slot_taken" : "appointments.slot_gone";
                a.start = 0;
                LoadOfficeDays();
            } else {
                a.book_error = r.error;
            }
            return;
        }
        core::Appointment x;
        if (!core::ParseAppointment(r.body, &x)) {
            a.book_error = Malformed();
            return;
        }
        a.notice = a.moving.empty() ? "appointments.booked" : "appointments.moved";
        a.flow.clear();  // done: the next visit to this route starts afresh
        LoadAppointments();
        session_->calendar.loaded = false;
        Navigate(core::Screen::Appointments);
    }), opt);
}

void App::CancelAppointment() {
    AppointmentsState& a = session_->appointments;
    if (!SignedIn() || a.cancelling || a.cancel_id.empty()) return;
    a.cancelling = true;
    a.action_error = client::ApiError();
    std::string id = a.cancel_id;
    api.Post("/appointments/" + core::PercentEncode(id) + "/cancel", json::object(), session_->Guard([this, &a](client::ApiResult r) {
        RequestFrames();
        a.cancelling = false;
        a.cancel_open = false;
        a.cancel_id.clear();
        if (!r.error.ok() && r.error.code != "appointment_cancelled") a.action_error = r.error;
        else a.notice = "appointments.cancelled";
        LoadAppointments();
        session_->calendar.loaded = false;
    }), client::RequestOptions::Once());
}

static long long DayStart(const core::Date& d) {
    // Local midnight of the day (the calendar is drawn in the device's time).
    std::tm tm{};
    tm.tm_year = d.year - 1900;
    tm.tm_mon = d.month - 1;
    tm.tm_mday = d.day;
    tm.tm_isdst = -1;
    return (long long)std::mktime(&tm);
}

void App::LoadCalendar() {
    CalendarState& c = session_->calendar;
    if (!SignedIn()) return;
    if (!c.cursor.valid()) c.cursor = core::Today();
    // The month around the cursor must be inside what was loaded; else load a year from a month before it.
    core::Date first = c.cursor;
    first.day = 1;
    long long view_from = DayStart(core::AddDays(first, -7)), view_to = DayStart(core::AddDays(first, 45));
    if (c.loaded && view_from >= c.from && view_to <= c.to) return;
    if (!c.load.Start()) return;
    long long from = DayStart(core::AddDays(first, -31)), to = from + 390LL * 86400;
    c.error = client::ApiError();
    api.Get("/calendar?from=" + std::to_string(from) + "&to=" + std::to_string(to), session_->Guard([this, &c, from, to](client::ApiResult r) {
        RequestFrames();
        bool again = c.load.Finish();
        if (!r.error.ok()) {
            c.error = r.error;
            return;
        }
        c.entries.clear();
        for (const json& j : core::JsonItems(r.body)) {
            core::CalendarEntry e;
            if (core::ParseCalendarEntry(j, &e)) c.entries.push_back(std::move(e));
        }
        // Sorted here whatever the backend did: every view finds its days by binary search.
        std::stable_sort(c.entries.begin(), c.entries.end(), [](const core::CalendarEntry& x, const core::CalendarEntry& y) { return x.at < y.at; });
        c.entry_day.clear();
        for (const core::CalendarEntry& e : c.entries) c.entry_day.push_back(core::DaysFromCivil(core::LocalDateOf(e.at)));
        c.group_h.clear();
        c.entry_line.clear();
        c.cells_month = -1;
        c.from = from;
        c.to = to;
        c.loaded = true;
        if (again) {
            c.loaded = false;
            LoadCalendar();
        }
    }));
}

}  // namespace ui
