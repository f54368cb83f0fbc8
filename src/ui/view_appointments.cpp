// «Запись на приём» (SPEC §11, docs/appointments.md): my bookings — upcoming with «Перенести» and
// «Отменить запись», and the history of visits — and the booking flow: an office, then a day of
// the next 60 (what has no free time is not offered), then a time, then «Записаться». A slot lost
// to somebody else between choosing and confirming keeps the office and the day and says so.
#include <algorithm>
#include <cstdio>
#include <ctime>

#include "core/dates.h"
#include "core/json_read.h"
#include "imgui.h"
#include "ui/app.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

void DrawApplicationsTabs(App& app) {
    SectionTabs(app, "applications.title", "##application-tabs",
                {{core::Screen::Applications, "applications.tab_list"}, {core::Screen::Appointments, "appointments.tab"},
                 {core::Screen::Calendar, "calendar.tab"}});
}

// «03.12.2026, 10:30» from the booking's office day and time (Moscow); on a device in another time
// zone with its own time beside it, since the calendar and the .ics show the device's time.
std::string AppointmentWhen(const core::Appointment& a) {
    time_t t = (time_t)a.start;
    std::tm local{};
    localtime_r(&t, &local);
    std::string date = core::FormatDate(core::ParseIsoDate(a.day));
    if (local.tm_gmtoff == 3 * 3600) return core::Tr("appointments.when", {{"date", date}, {"time", a.time}});
    char mine[8];
    std::snprintf(mine, sizeof mine, "%02d:%02d", local.tm_hour % 24, local.tm_min % 60);
    return core::Tr("appointments.when_zone", {{"date", date}, {"time", a.time}, {"local", mine}});
}

static void AppointmentCard(App& app, AppointmentsState& st, const core::Appointment& a, bool upcoming) {
    ImGui::PushID(a.id.c_str());
    BeginCard("##appointment");
    Heading(a.service_name.c_str(), 3);
    const char* badge = upcoming ? "appointments.status.booked" : a.status == "cancelled" ? "appointments.status.cancelled" : "appointments.status.past";
    Badge(core::Tr(badge), upcoming ? core::StatusTone::Success : core::StatusTone::Neutral, core::Tr(badge));
    ImGui::Dummy(ImVec2(0, 2));
    FieldRow(core::Tr("appointments.when_label"), AppointmentWhen(a));
    FieldRow(core::Tr("appointments.office"), a.office_name);
    FieldRow(core::Tr("appointments.address"), a.address);
    if (!a.comment.empty()) FieldRow(core::Tr("appointments.comment"), a.comment);
    if (!a.application.empty()) {
        ImGui::TextUnformatted(core::Tr("appointments.application"));
        ImGui::SameLine();
        std::string link = core::Tr("appointments.application_number", {{"number", a.application}});
        if (LinkButton(link.c_str())) app.Navigate(core::Screen::ApplicationDetail, a.application);
    }
    if (upcoming) {
        ImGui::Dummy(ImVec2(0, 4));
        A11yCollector::SetNextName(core::Tr("appointments.move_named", {{"service", a.service_name}}));
        if (SecondaryButton((std::string(core::Tr("appointments.move")) + "##move").c_str())) app.Navigate(core::Screen::AppointmentMove, a.id);
        ImGui::SameLine();
        A11yCollector::SetNextName(core::Tr("appointments.cancel_named", {{"service", a.service_name}}));
        if (SecondaryButton((std::string(core::Tr("appointments.cancel")) + "##cancel").c_str())) {
            st.cancel_id = a.id;
            st.cancel_open = true;
            st.action_error = client::ApiError();
        }
    }
    EndCard();
    ImGui::PopID();
    ImGui::Dummy(ImVec2(0, 8));
}

// «Записаться на приём»: the catalog's services that need a visit, in a select.
static void DrawNewBooking(App& app) {
    int& chosen = app.session().appointments.new_service;
    const core::Catalog& cat = app.catalog.catalog;
    BeginCard("##book-new");
    Heading(core::Tr("appointments.new_title"), 2);
    Paragraph(core::Tr("appointments.new_lead"), true);
    if (cat.services.empty()) {
        Paragraph(core::Tr("catalog.loading"), true);
        EndCard();
        return;
    }
    if (chosen >= (int)cat.services.size() || (chosen >= 0 && cat.services[chosen].visit.empty())) chosen = -1;
    float w = std::min(ImGui::GetContentRegionAvail().x, 520.0f);
    const char* preview = chosen >= 0 ? cat.services[chosen].name.c_str() : core::Tr("appointments.choose_service");
    if (BeginSelect("##visit-service", core::Tr("appointments.service"), preview, w)) {
        for (size_t i = 0; i < cat.services.size(); i++) {
            if (cat.services[i].visit.empty()) continue;
            A11yCollector::SetNextRole(core::A11yRole::ListItem);
            if (ImGui::Selectable(cat.services[i].name.c_str(), chosen == (int)i)) chosen = (int)i;
        }
        EndSelect();
    }
    ImGui::Dummy(ImVec2(0, 4));
    ImGui::BeginDisabled(chosen < 0);
    if (PrimaryButton((std::string(core::Tr("appointments.choose_time")) + "##choose").c_str()) && chosen >= 0)
        app.Navigate(core::Screen::AppointmentNew, cat.services[chosen].id);
    ImGui::EndDisabled();
    EndCard();
    ImGui::Dummy(ImVec2(0, 8));
}

void DrawAppointmentsView(App& app) {
    AppointmentsState& st = app.session().appointments;
    DrawApplicationsTabs(app);
    if (!st.notice.empty()) {
        if (Alert(AlertKind::Info, core::Tr(st.notice.c_str()), core::Tr("common.close"))) st.notice.clear();
    }
    if (!st.action_error.ok()) Alert(AlertKind::Error, st.action_error.Text().c_str());
    if (!st.error.ok() && Alert(AlertKind::Error, st.error.Text().c_str(), core::Tr("common.retry"))) app.LoadAppointments();
    DrawNewBooking(app);
    if (!st.loaded) {
        if (st.error.ok()) Paragraph(core::Tr("appointments.loading"), true);
        return;
    }
    Heading(core::Tr("appointments.upcoming"), 2);
    int upcoming = 0;
    // The backend sends the newest start first: the soonest visit is the last of the upcoming.
    for (size_t i = st.items.size(); i-- > 0;) {
        if (!st.items[i].Upcoming()) continue;
        upcoming++;
        AppointmentCard(app, st, st.items[i], true);
    }
    if (!upcoming) {
        Paragraph(core::Tr("appointments.none_upcoming"), true);
        A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("appointments.none_upcoming"));
    }
    ImGui::Dummy(ImVec2(0, 8));
    Heading(core::Tr("appointments.history"), 2);
    int past = 0;
    for (const core::Appointment& a : st.items) {
        if (a.Upcoming()) continue;
        past++;
        AppointmentCard(app, st, a, false);
    }
    if (!past) {
        Paragraph(core::Tr("appointments.none_past"), true);
        A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("appointments.none_past"));
    }

    if (st.cancel_open && BeginDialog("##cancel-appointment", core::Tr("appointments.cancel_title"), &st.cancel_open)) {
        const core::Appointment* a = nullptr;
        for (const core::Appointment& x : st.items)
            if (x.id == st.cancel_id) a = &x;
        if (a) {
            std::string text = core::Tr("appointments.cancel_text", {{"service", a->service_name}, {"when", AppointmentWhen(*a)}});
            Paragraph(text.c_str());
        }
        ImGui::Dummy(ImVec2(0, 6));
        ImGui::BeginDisabled(st.cancelling);
        if (PrimaryButton((std::string(core::Tr("appointments.cancel_confirm")) + "##yes").c_str())) app.CancelAppointment();
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (SecondaryButton((std::string(core::Tr("appointments.keep")) + "##no").c_str())) st.cancel_open = false;
        EndDialog();
    }
}

// -- the booking flow --------------------------------------------------------------------------------
static std::string WeekdayShort(int wd) { return core::Tr(("calendar.wd_" + std::to_string(wd)).c_str()); }

static std::string DayName(const core::Date& d) {
    return core::Tr("calendar.day_month", {{"d", d.day}, {"month", core::Tr(("format.month_" + std::to_string(d.month)).c_str())}});
}

// The next 60 days as a calendar: weekday columns, a month's name where it begins; a day without
// free time is shown but cannot be chosen.
static void ChooseDay(App& app, AppointmentsState& st, const std::string& day) {
    if (st.day == day) return;
    st.day = day;
    st.start = 0;
    st.taken_notice.clear();
    st.scroll_to = 1;  // the times are below the 60 days: on a phone three screens below
    app.LoadDaySlots();
}

static void DrawDays(App& app, AppointmentsState& st) {
    if (st.days.empty()) return;
    float avail = ImGui::GetContentRegionAvail().x;
    const float gap = 4.0f, cell_h = 48.0f;
    float cell = std::min(60.0f, (avail - gap * 6) / 7.0f);
    if (cell < 34.0f) {
        // Too narrow for seven columns (a phone at 200 % text): the days that have free times, one per line.
        for (const core::SlotDay& d : st.days) {
            if (d.free <= 0 || !d.closed.empty()) continue;
            core::Date date = core::ParseIsoDate(d.day);
            std::string spoken = DayName(date) + ", " + WeekdayShort(core::Weekday(date)) + ": " + core::TrN("appointments.free_slots", d.free);
            A11yCollector::SetNextName(spoken);
            std::string label = WeekdayShort(core::Weekday(date)) + ", " + DayName(date);
            if (ImGui::CalcTextSize(label.c_str()).x > avail - ImGui::GetStyle().FramePadding.x * 2) {
                char short_date[16];
                std::snprintf(short_date, sizeof short_date, "%02d.%02d", date.day % 100, date.month % 100);
                label = WeekdayShort(core::Weekday(date)) + ", " + short_date;
            }
            if (ToggleButton((label + "##day" + d.day).c_str(), ImVec2(avail, 44), st.day == d.day)) ChooseDay(app, st, d.day);
        }
        return;
    }
    int month = 0;
    for (const core::SlotDay& d : st.days) {
        core::Date date = core::ParseIsoDate(d.day);
        int wd = core::Weekday(date);
        bool first_in_row = wd == 0;
        if (date.month != month) {
            month = date.month;
            ImGui::Dummy(ImVec2(0, 4));
            std::string title = core::Tr(("calendar.month_" + std::to_string(date.month)).c_str()) + std::string(" ") + std::to_string(date.year);
            Heading(title.c_str(), 3);
            for (int k = 0; k < 7; k++) {
                if (k) ImGui::SameLine(0, gap);
                std::string w = WeekdayShort(k);
                ImVec2 p = ImGui::GetCursorScreenPos();
                ImGui::Dummy(ImVec2(cell, ImGui::GetTextLineHeight()));
                float tw = ImGui::CalcTextSize(w.c_str()).x;
                ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + std::max(0.0f, (cell - tw) / 2), p.y), color::Rgb(k >= 5 ? color::kError : color::kMuted), w.c_str());
            }
            for (int k = 0; k < wd; k++) {  // the month's first row starts at its weekday
                if (k) ImGui::SameLine(0, gap);
                ImGui::Dummy(ImVec2(cell, cell_h));
            }
            first_in_row = wd == 0;
        }
        if (!first_in_row) ImGui::SameLine(0, gap);
        bool open = d.free > 0 && d.closed.empty();
        const char* why = d.closed == "holiday" ? "appointments.holiday" : d.closed.empty() ? "appointments.no_free" : "appointments.closed_day";
        std::string spoken = DayName(date) + ", " + WeekdayShort(wd) + ": " + (open ? core::TrN("appointments.free_slots", d.free) : std::string(core::Tr(why)));
        A11yCollector::SetNextName(spoken);
        ImGui::BeginDisabled(!open);
        std::string label = std::to_string(date.day) + "##day" + d.day;
        if (ToggleButton(label.c_str(), ImVec2(cell, cell_h), st.day == d.day) && open) ChooseDay(app, st, d.day);
        ImGui::EndDisabled();
    }
}

static void DrawSlots(App& app, AppointmentsState& st) {
    if (st.day.empty()) return;
    core::Date date = core::ParseIsoDate(st.day);
    ImGui::Dummy(ImVec2(0, 6));
    std::string title = core::Tr("appointments.times_for", {{"date", DayName(date)}});
    if (st.scroll_to == 1) {
        ImGui::SetScrollHereY(0.1f);
        st.scroll_to = 0;
    }
    Heading(title.c_str(), 3);
    if (!st.slots_error.ok() && Alert(AlertKind::Error, st.slots_error.Text().c_str(), core::Tr("common.retry"))) app.LoadDaySlots();
    if (st.slots_loading && st.slots.empty()) {
        Paragraph(core::Tr("appointments.loading_times"), true);
        return;
    }
    if (st.slots.empty()) {
        Paragraph(core::Tr("appointments.no_free"), true);
        return;
    }
    float avail = ImGui::GetContentRegionAvail().x, w = 84.0f, gap = 6.0f, x = 0;
    for (const core::Slot& s : st.slots) {
        if (x > 0 && x + w <= avail) ImGui::SameLine(0, gap);
        else x = 0;
        A11yCollector::SetNextName(s.time);
        if (ToggleButton((s.time + "##slot").c_str(), ImVec2(w, 44), st.start == s.start)) {
            st.start = s.start;
            st.taken_notice.clear();
            st.scroll_to = 2;
        }
        x += w + gap;
    }
}

void DrawAppointmentBookView(App& app) {
    AppointmentsState& st = app.session().appointments;
    bool moving = app.CurrentScreen() == core::Screen::AppointmentMove;
    DrawApplicationsTabs(app);
    A11yCollector::SetNextName(core::Tr("appointments.back"));
    if (LinkButton((std::string(ICON_CHEVRON_LEFT " ") + core::Tr("appointments.back")).c_str())) app.Navigate(core::Screen::Appointments);
    ImGui::Dummy(ImVec2(0, 4));
    Heading(core::Tr(moving ? "appointments.move_title" : "appointments.new_title"), 2);
    if (app.route_param.empty()) {  // an address without the service or the booking: nothing to book yet
        Paragraph(core::Tr("appointments.new_lead"), true);
        return;
    }
    const core::Service* svc = app.catalog.catalog.FindService(st.service);
    if (svc) Paragraph(svc->name.c_str());
    if (!st.application.empty()) Paragraph(core::Tr("appointments.for_application", {{"number", st.application}}).c_str(), true);
    if (!st.offices_error.ok() && Alert(AlertKind::Error, st.offices_error.Text().c_str(), core::Tr("common.retry"))) {
        st.flow.clear();
        app.StartBooking();
    }
    if (st.offices.empty()) {
        if (st.offices_error.ok()) Paragraph(core::Tr("appointments.loading"), true);
        return;
    }
    // 1. The office
    BeginCard("##offices");
    Heading(core::Tr("appointments.step_office"), 3);
    for (const core::Office& o : st.offices) {
        ImGui::PushID(o.id.c_str());
        if (RadioOption(o.name.c_str(), st.office == o.id) && st.office != o.id) {
            st.office = o.id;
            st.day.clear();
            st.slots.clear();
            st.start = 0;
            st.taken_notice.clear();
            app.LoadOfficeDays();
        }
        ImGui::Indent(32);
        Paragraph(o.address.c_str(), true);
        Paragraph(o.hours.c_str(), true);
        ImGui::Unindent(32);
        ImGui::PopID();
    }
    EndCard();
    if (st.office.empty()) return;
    ImGui::Dummy(ImVec2(0, 8));
    // 2. The day, 3. the time
    BeginCard("##days");
    Heading(core::Tr("appointments.step_day"), 3);
    if (!st.taken_notice.empty()) Alert(AlertKind::Warning, core::Tr(st.taken_notice.c_str()));
    if (!st.days_error.ok() && Alert(AlertKind::Error, st.days_error.Text().c_str(), core::Tr("common.retry"))) app.LoadOfficeDays();
    // Wide enough: the 60 days on the left, the chosen day's times beside them; else one below the other.
    bool beside = ImGui::GetContentRegionAvail().x >= 860.0f;
    ImGui::BeginGroup();
    if (st.days_loading && st.days.empty()) Paragraph(core::Tr("appointments.loading_days"), true);
    else if (!st.days.empty()) {
        bool any = false;
        for (const core::SlotDay& d : st.days) any = any || d.free > 0;
        if (!any) Paragraph(core::Tr("appointments.no_days"), true);
        DrawDays(app, st);
    }
    ImGui::EndGroup();
    if (beside) {
        ImGui::SameLine(0, 40);
        ImGui::BeginGroup();
        if (st.scroll_to == 1) st.scroll_to = 0;  // already in view
        if (st.day.empty()) Paragraph(core::Tr("appointments.choose_day"), true);
    }
    DrawSlots(app, st);
    if (beside) ImGui::EndGroup();
    EndCard();
    if (st.start == 0) return;
    ImGui::Dummy(ImVec2(0, 8));
    // 4. Confirm
    if (st.scroll_to == 2) {
        ImGui::SetScrollHereY(0.3f);
        st.scroll_to = 0;
    }
    BeginCard("##confirm");
    Heading(core::Tr("appointments.step_confirm"), 3);
    const core::Office* office = nullptr;
    for (const core::Office& o : st.offices)
        if (o.id == st.office) office = &o;
    std::string time;
    for (const core::Slot& s : st.slots)
        if (s.start == st.start) time = s.time;
    if (svc) FieldRow(core::Tr("appointments.service"), svc->name);
    if (office) FieldRow(core::Tr("appointments.office"), office->name + ", " + office->address);
    FieldRow(core::Tr("appointments.when_label"), core::Tr("appointments.when", {{"date", core::FormatDate(core::ParseIsoDate(st.day))}, {"time", time}}));
    if (!moving) {
        TextFieldOptions opt;
        opt.multiline_height = 72;
        opt.max_bytes = 1000;
        opt.hint = core::Tr("appointments.comment_hint");
        opt.error = st.comment_error.empty() ? nullptr : core::Tr(st.comment_error.c_str());
        TextField(core::Tr("appointments.comment"), "##comment", &st.comment, opt);
    }
    if (!st.book_error.ok()) Alert(AlertKind::Error, st.book_error.Text().c_str());
    ImGui::Dummy(ImVec2(0, 4));
    ImGui::BeginDisabled(st.booking);
    const char* action = st.booking ? "appointments.booking" : moving ? "appointments.move_confirm" : "appointments.book";
    if (PrimaryButton((std::string(core::Tr(action)) + "##book").c_str())) app.Book();
    ImGui::EndDisabled();
    EndCard();
}

}  // namespace ui
