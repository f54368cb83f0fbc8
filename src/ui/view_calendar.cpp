// «Общий календарь событий»: appointments, the answer dates of the agencies' questions, payments due
// and the rooms' votes in one month / week / list view, each entry opening its object, and the
// whole as an .ics file for the citizen's own calendar. Times are the device's.
//
// Entries are sorted by time when they arrive; a frame finds the visible ones by binary search and
// draws only those (500 entries: see bench/calendar_frames.mjs), never scanning per cell.
#include <algorithm>
#include <ctime>

#include "core/appointments.h"
#include "core/dates.h"
#include "core/payments.h"
#include "imgui.h"
#include "ui/app.h"
#include "ui/widgets.h"

namespace ui {

static std::string ClockOf(long long t) {
    time_t tt = (time_t)t;
    std::tm tm{};
    localtime_r(&tt, &tm);
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", tm.tm_hour, tm.tm_min);
    return buf;
}

// What the entry is, in the reader's language: «Приём: Запись на приём к врачу».
static std::string Summary(const core::CalendarEntry& e) {
    switch (e.kind) {
    case core::CalendarKind::Appointment: return core::Tr("calendar.kind.appointment", {{"title", e.title}});
    case core::CalendarKind::AnswerDue: return core::Tr("calendar.kind.answer_due", {{"title", e.title}, {"number", e.place}});
    case core::CalendarKind::PaymentDue:
        return core::Tr("calendar.kind.payment_due", {{"title", e.title}, {"amount", e.amount > 0 ? core::FormatKopecks(e.amount) : std::string()}});
    case core::CalendarKind::RoomVote: return core::Tr("calendar.kind.room_vote");
    case core::CalendarKind::RoomSign: return core::Tr("calendar.kind.room_sign");
    }
    return e.title;
}

static color::Role KindColor(core::CalendarKind k) {
    switch (k) {
    case core::CalendarKind::Appointment: return color::kAccent;
    case core::CalendarKind::AnswerDue: return color::kWarning;
    case core::CalendarKind::PaymentDue: return color::kError;
    case core::CalendarKind::RoomVote: return color::kSuccess;
    case core::CalendarKind::RoomSign: return color::kSuccess;
    }
    return color::kMuted;
}

static void Open(App& app, const core::CalendarEntry& e) {
    switch (e.kind) {
    case core::CalendarKind::Appointment: app.Navigate(core::Screen::Appointments); break;
    case core::CalendarKind::AnswerDue: app.Navigate(core::Screen::ApplicationDetail, e.object_id); break;
    case core::CalendarKind::PaymentDue: app.Navigate(core::Screen::PaymentCharge, e.object_id); break;
    case core::CalendarKind::RoomVote:
    case core::CalendarKind::RoomSign: app.Navigate(core::Screen::RoomDetail, e.object_id); break;
    }
}

// The entries of one local day, by binary search over the sorted list.
static std::pair<size_t, size_t> DayRange(const CalendarState& c, const core::Date& d) {
    long dn = core::DaysFromCivil(d);
    auto lo = std::lower_bound(c.entry_day.begin(), c.entry_day.end(), dn);
    auto hi = std::upper_bound(lo, c.entry_day.end(), dn);
    return {(size_t)(lo - c.entry_day.begin()), (size_t)(hi - c.entry_day.begin())};
}

// The entries' words, made when they arrive or the language changes.
static void MakeLines(App& app, CalendarState& c) {
    if (c.lines_lang == (int)app.Language() && c.entry_line.size() == c.entries.size()) return;
    c.entry_line.clear();
    c.entry_line.reserve(c.entries.size());
    for (const core::CalendarEntry& e : c.entries) c.entry_line.push_back(ClockOf(e.at) + "  " + Summary(e));
    c.lines_lang = (int)app.Language();
    c.cells_month = -1;
}

// One entry as a line: a coloured mark, the time and the words, a link to its object.
static void EntryLine(App& app, const CalendarState& c, size_t index, bool with_place) {
    const core::CalendarEntry& e = c.entries[index];
    ImGui::PushID((int)index);
    ImVec2 p = ImGui::GetCursorScreenPos();
    float h = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + 4, p.y + h + 2), color::Rgb(KindColor(e.kind)), 2.0f);
    ImGui::SetCursorScreenPos(ImVec2(p.x + 10, p.y));
    ImGui::PushTextWrapPos(0.0f);
    A11yCollector::SetNextName(c.entry_line[index]);
    if (LinkButton(c.entry_line[index].c_str())) Open(app, e);
    ImGui::PopTextWrapPos();
    if (with_place && !e.place.empty() && e.kind == core::CalendarKind::Appointment) {
        ImGui::SetCursorScreenPos(ImVec2(p.x + 10, ImGui::GetCursorScreenPos().y));
        Paragraph(e.place.c_str(), true);
    }
    ImGui::PopID();
}

static std::string MonthTitle(const core::Date& d) {
    return core::Tr(("calendar.month_" + std::to_string(d.month)).c_str()) + std::string(" ") + std::to_string(d.year);
}

static std::string DayTitle(const core::Date& d) {
    std::string wd = core::Tr(("calendar.wd_" + std::to_string(core::Weekday(d))).c_str());
    return wd + ", " + core::Tr("calendar.day_month", {{"d", d.day}, {"month", core::Tr(("format.month_" + std::to_string(d.month)).c_str())}});
}

static void DrawMonth(App& app, CalendarState& c) {
    std::vector<core::Date> grid = core::MonthGrid(c.cursor.year, c.cursor.month);
    core::Date today = core::Today();
    int month_key = c.cursor.year * 12 + c.cursor.month;
    if (c.cells_month != month_key || c.cells_lang != (int)app.Language()) {
        c.cell_names.assign(42, std::string());
        for (int i = 0; i < 42; i++) {
            auto r = DayRange(c, grid[i]);
            size_t n = r.second - r.first;
            c.cell_names[i] = DayTitle(grid[i]) + (n ? ": " + core::TrN("calendar.events", (long long)n) : std::string());
        }
        c.cells_month = month_key;
        c.cells_lang = (int)app.Language();
    }
    bool narrow = app.NarrowLayout();
    float avail = ImGui::CalcItemWidth();  // the page's column (outside a card the region runs to the window's edge)
    const float gap = 2.0f;
    float cell = (avail - gap * 6) / 7.0f;
    float line = ImGui::GetTextLineHeight();
    float cell_h = narrow ? line * 2 + 14 : line * 4 + 16;
    for (int k = 0; k < 7; k++) {
        if (k) ImGui::SameLine(0, gap);
        std::string w = core::Tr(("calendar.wd_" + std::to_string(k)).c_str());
        ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::Dummy(ImVec2(cell, line + 4));
        ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + 6, p.y), color::Rgb(k >= 5 ? color::kError : color::kMuted), w.c_str());
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int i = 0; i < 42; i++) {
        const core::Date& d = grid[i];
        if (i % 7) ImGui::SameLine(0, gap);
        auto r = DayRange(c, d);
        size_t n = r.second - r.first;
        ImGui::PushID(i);
        ImVec2 p = ImGui::GetCursorScreenPos();
        bool in_month = d.month == c.cursor.month;
        bool is_today = d.day == today.day && d.month == today.month && d.year == today.year;
        A11yCollector::SetNextName(c.cell_names[i]);
        A11yCollector::SetNextRole(core::A11yRole::Button);
        bool pressed = ImGui::InvisibleButton("##cell", ImVec2(cell, cell_h));
        bool hovered = ImGui::IsItemHovered();
        dl->AddRectFilled(p, ImVec2(p.x + cell, p.y + cell_h), color::Rgb(c.selected_day == i ? color::kAccentSoft : hovered ? color::kRowHover : color::kCard), 4.0f);
        dl->AddRect(p, ImVec2(p.x + cell, p.y + cell_h), color::Rgb(is_today ? color::kAccent : color::kBorder), 4.0f, 0, is_today ? 2.0f : 1.0f);
        std::string num = std::to_string(d.day);
        dl->AddText(ImVec2(p.x + 6, p.y + 4), color::Rgb(in_month ? color::kText : color::kMuted), num.c_str());
        if (narrow) {
            // A phone: dots for what the day holds; the day's list opens below the grid.
            for (size_t k = 0; k < std::min<size_t>(n, 4); k++)
                dl->AddCircleFilled(ImVec2(p.x + 8 + k * 9, p.y + cell_h - 9), 3.5f, color::Rgb(KindColor(c.entries[r.first + k].kind)));
        } else {
            float y = p.y + 6 + line;
            size_t shown = std::min<size_t>(n, 2);
            ImGui::PushClipRect(p, ImVec2(p.x + cell - 4, p.y + cell_h), true);
            for (size_t k = 0; k < shown; k++) {
                const core::CalendarEntry& e = c.entries[r.first + k];
                dl->AddRectFilled(ImVec2(p.x + 5, y + 2), ImVec2(p.x + 8, y + line), color::Rgb(KindColor(e.kind)), 1.0f);
                dl->AddText(ImVec2(p.x + 12, y), color::Rgb(color::kText), c.entry_line[r.first + k].c_str());
                y += line + 2;
            }
            if (n > shown) {
                std::string more = core::TrN("calendar.more", (long long)(n - shown));
                dl->AddText(ImVec2(p.x + 6, y), color::Rgb(color::kAccent), more.c_str());
            }
            ImGui::PopClipRect();
        }
        if (pressed) c.selected_day = c.selected_day == i ? -1 : i;
        ImGui::PopID();
    }
    // The chosen day's entries, as links to what they are about.
    if (c.selected_day >= 0 && c.selected_day < 42) {
        const core::Date& d = grid[c.selected_day];
        ImGui::Dummy(ImVec2(0, 8));
        Heading(DayTitle(d).c_str(), 3);
        auto r = DayRange(c, d);
        if (r.first == r.second) Paragraph(core::Tr("calendar.day_empty"), true);
        for (size_t k = r.first; k < r.second; k++) EntryLine(app, c, k, true);
    }
}

static void DayCard(App& app, CalendarState& c, const core::Date& d, std::pair<size_t, size_t> r) {
    BeginCard("##day");
    Heading(DayTitle(d).c_str(), 3);
    if (r.first == r.second) Paragraph(core::Tr("calendar.day_empty"), true);
    for (size_t k = r.first; k < r.second; k++) EntryLine(app, c, k, true);
    EndCard();
    ImGui::Dummy(ImVec2(0, 4));
}

// The week: its seven days, empty ones too.
static void DrawWeek(App& app, CalendarState& c, const core::Date& monday) {
    for (int i = 0; i < 7; i++) {
        core::Date d = core::AddDays(monday, i);
        ImGui::PushID(i);
        DayCard(app, c, d, DayRange(c, d));
        ImGui::PopID();
    }
}

// From today on, the days that hold something. A day's card out of view is stepped over with its
// height from when it was last drawn (valid for one width and language): 500 entries stay cheap.
static void DrawList(App& app, CalendarState& c) {
    long today = core::DaysFromCivil(core::Today());
    size_t k = (size_t)(std::lower_bound(c.entry_day.begin(), c.entry_day.end(), today) - c.entry_day.begin());
    float width = ImGui::CalcItemWidth();
    if (c.group_w != width || c.group_lang != (int)app.Language()) {
        c.group_h.clear();
        c.group_w = width;
        c.group_lang = (int)app.Language();
    }
    if (k == c.entries.size()) Paragraph(core::Tr("calendar.list_empty"), true);
    size_t group = 0;
    while (k < c.entries.size()) {
        size_t end = k;
        while (end < c.entries.size() && c.entry_day[end] == c.entry_day[k]) end++;
        if (c.group_h.size() <= group) c.group_h.resize(group + 1, 0.0f);
        float y = ImGui::GetCursorPosY();
        float h = c.group_h[group];
        if (h > 0 && !ImGui::IsRectVisible(ImVec2(width, h))) {
            ImGui::Dummy(ImVec2(width, h - ImGui::GetStyle().ItemSpacing.y));
        } else {
            ImGui::PushID((int)group);
            DayCard(app, c, core::LocalDateOf(c.entries[k].at), {k, end});
            ImGui::PopID();
            c.group_h[group] = ImGui::GetCursorPosY() - y;
        }
        k = end;
        group++;
    }
}

static void Export(App& app, const CalendarState& c) {
    std::vector<std::string> summaries;
    summaries.reserve(c.entries.size());
    for (const core::CalendarEntry& e : c.entries) summaries.push_back(Summary(e));
    app.SaveFile("gosuslugi-calendar.ics", "text/calendar", core::MakeIcs(c.entries, summaries, (long long)std::time(nullptr)));
}

void DrawCalendarView(App& app) {
    CalendarState& c = app.session().calendar;
    DrawApplicationsTabs(app);
    if (!c.cursor.valid()) c.cursor = core::Today();
    if (!c.error.ok() && Alert(AlertKind::Error, c.error.Text().c_str(), core::Tr("common.retry"))) app.LoadCalendar();
    bool narrow = app.NarrowLayout();
    // The view and the period: «Месяц · Неделя · Список», «‹ Декабрь 2026 ›», «Сегодня», «Скачать .ics».
    // The controls flow: each goes beside the last while it fits the column, else on the next line.
    float column_right = ImGui::GetCursorScreenPos().x + ImGui::CalcItemWidth();
    bool first = true;
    auto next = [&](const char* label, float gap) {
        float w = ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
        if (!first) {
            ImGui::SameLine(0, gap);
            if (ImGui::GetCursorScreenPos().x + w > column_right) ImGui::NewLine();
        }
        first = false;
        return label;
    };
    static const char* kViews[] = {"calendar.view_month", "calendar.view_week", "calendar.view_list"};
    for (int i = 0; i < 3; i++) {
        std::string label = std::string(core::Tr(kViews[i])) + "##view";
        if (ToggleButton(next(label.c_str(), 4), ImVec2(0, 44), c.view == i)) c.view = i;
    }
    core::Date before = c.cursor;
    if (c.view != 2) {
        A11yCollector::SetNextName(core::Tr(c.view == 0 ? "calendar.prev_month" : "calendar.prev_week"));
        if (SecondaryButton(next("‹##prev", narrow ? 4 : 24), ImVec2(44, 44))) {
            if (c.view == 0) c.cursor = core::AddDays(core::Date{c.cursor.year, c.cursor.month, 1}, -1);
            else c.cursor = core::AddDays(c.cursor, -7);
        }
        A11yCollector::SetNextName(core::Tr(c.view == 0 ? "calendar.next_month" : "calendar.next_week"));
        if (SecondaryButton(next("›##next", 4), ImVec2(44, 44))) {
            if (c.view == 0) c.cursor = core::AddDays(core::Date{c.cursor.year, c.cursor.month, 28}, 7);
            else c.cursor = core::AddDays(c.cursor, 7);
        }
        std::string today = std::string(core::Tr("calendar.today")) + "##today";
        if (SecondaryButton(next(today.c_str(), 4), ImVec2(0, 44))) c.cursor = core::Today();
    }
    ImGui::BeginDisabled(!c.loaded || c.entries.empty());
    std::string ics = std::string(core::Tr("calendar.export")) + "##ics";
    if (SecondaryButton(next(ics.c_str(), narrow ? 4 : 24), ImVec2(0, 44))) Export(app, c);
    ImGui::EndDisabled();
    if (c.cursor.year != before.year || c.cursor.month != before.month || c.cursor.day != before.day) {
        c.selected_day = -1;
        app.LoadCalendar();  // loads only when the new period is outside what was loaded
    }
    ImGui::Dummy(ImVec2(0, 6));
    core::Date monday = core::AddDays(c.cursor, -core::Weekday(c.cursor));
    std::string period = c.view == 0 ? MonthTitle(c.cursor)
                         : c.view == 1 ? core::Tr("calendar.week_of", {{"from", core::FormatDate(monday)}, {"to", core::FormatDate(core::AddDays(monday, 6))}})
                                       : std::string(core::Tr("calendar.upcoming"));
    Heading(period.c_str(), 2);
    if (!c.loaded) {
        if (c.error.ok()) Paragraph(core::Tr("calendar.loading"), true);
        return;
    }
    MakeLines(app, c);
    if (c.view == 0) DrawMonth(app, c);
    else if (c.view == 1) DrawWeek(app, c, monday);
    else DrawList(app, c);
}

}  // namespace ui
