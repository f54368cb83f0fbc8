#include "core/appointments.h"

#include <cstdio>
#include <ctime>

#include "core/json_read.h"

namespace core {

using nlohmann::json;

static bool ShortText(const std::string& s, size_t max) { return s.size() <= max; }

bool ParseOffice(const json& j, Office* o) {
    o->id = JsonText(j, "id");
    o->kind = JsonText(j, "kind");
    o->name = JsonText(j, "name");
    o->address = JsonText(j, "address");
    o->hours = JsonText(j, "hours");
    o->slot_minutes = (int)JsonNumber(j, "slot_minutes");
    return PlainId(o->id) && !o->name.empty() && ShortText(o->name, 300) && ShortText(o->address, 500) && ShortText(o->hours, 500);
}

bool ParseSlotDay(const json& j, SlotDay* d) {
    d->day = JsonText(j, "day");
    double free = JsonNumber(j, "free", -1);
    d->free = free >= 0 && free <= 10000 ? (int)free : 0;
    d->closed = JsonText(j, "closed");
    if (d->closed.size() > 20) d->closed = "closed";
    return ParseIsoDate(d->day).valid() && free >= 0;
}

bool ParseSlot(const json& j, Slot* s) {
    double start = JsonNumber(j, "start");
    s->start = (long long)start;
    s->time = JsonText(j, "time");
    return start > 0 && start < 1e11 && ParseClockText(s->time);
}

bool ParseClockText(const std::string& t) {
    return t.size() == 5 && t[2] == ':' && t[0] >= '0' && t[0] <= '2' && t[1] >= '0' && t[1] <= '9' && t[3] >= '0' && t[3] <= '5' &&
           t[4] >= '0' && t[4] <= '9';
}

bool ParseAppointment(const json& j, Appointment* a) {
    a->id = JsonText(j, "id");
    a->service = JsonText(j, "service");
    a->service_name = JsonText(j, "service_name").substr(0, 300);
    const json& o = j.is_object() && j.contains("office") && j["office"].is_object() ? j["office"] : json::object();
    a->office_id = JsonText(o, "id");
    a->office_name = JsonText(o, "name").substr(0, 300);
    a->address = JsonText(o, "address").substr(0, 500);
    a->day = JsonText(j, "day");
    a->time = JsonText(j, "time");
    a->status = JsonText(j, "status");
    a->application = JsonText(j, "application");
    a->comment = JsonText(j, "comment").substr(0, 500);
    double start = JsonNumber(j, "start"), end = JsonNumber(j, "end");
    a->start = (long long)start;
    a->end = end > start && end < 1e11 ? (long long)end : a->start;
    if (!a->application.empty() && !PlainId(a->application)) a->application.clear();
    return PlainId(a->id) && start > 0 && start < 1e11 && ParseIsoDate(a->day).valid() && ParseClockText(a->time) &&
           (a->status == "booked" || a->status == "past" || a->status == "cancelled");
}

bool ParseCalendarEntry(const json& j, CalendarEntry* e) {
    std::string type = JsonText(j, "type");
    if (type == "appointment") e->kind = CalendarKind::Appointment;
    else if (type == "answer_due") e->kind = CalendarKind::AnswerDue;
    else if (type == "payment_due") e->kind = CalendarKind::PaymentDue;
    else if (type == "room_vote") e->kind = CalendarKind::RoomVote;
    else if (type == "room_sign") e->kind = CalendarKind::RoomSign;
    else return false;  // a kind this client does not know: left out, not misdrawn
    double at = JsonNumber(j, "at"), end = JsonNumber(j, "end");
    e->at = (long long)at;
    e->end = end > at && end < 1e11 ? (long long)end : 0;
    e->title = JsonText(j, "title").substr(0, 300);
    e->place = JsonText(j, "place").substr(0, 500);
    double amount = JsonNumber(j, "amount", -1);
    e->amount = amount >= 1 && amount <= 1e11 ? (long long)amount : -1;
    const json& o = j.is_object() && j.contains("object") && j["object"].is_object() ? j["object"] : json::object();
    e->object_id = JsonText(o, "id");
    return at > 0 && at < 1e11 && PlainId(e->object_id);
}

int Weekday(const Date& d) { return (int)((DaysFromCivil(d) % 7 + 7 + 3) % 7); }  // 1970-01-01 was a Thursday

Date AddDays(const Date& d, int days) {
    // civil_from_days (H. Hinnant), the inverse of DaysFromCivil.
    long z = DaysFromCivil(d) + days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    Date out;
    out.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    out.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    out.year = (int)(yoe + era * 400 + (out.month <= 2 ? 1 : 0));
    return out;
}

std::vector<Date> MonthGrid(int year, int month) {
    Date first;
    first.year = year;
    first.month = month;
    first.day = 1;
    Date start = AddDays(first, -Weekday(first));
    std::vector<Date> out;
    out.reserve(42);
    for (int i = 0; i < 42; i++) out.push_back(AddDays(start, i));
    return out;
}

// -- .ics ------------------------------------------------------------------------------------------
static std::string IcsText(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '\\' || c == ';' || c == ',') { out += '\\'; out += c; }
        else if (c == '\n') out += "\\n";
        else if (c == '\r' || (unsigned char)c < 0x20) continue;
        else out += c;
    }
    return out;
}

static std::string IcsTime(long long t) {
    time_t tt = (time_t)t;
    struct tm g;
#ifdef _WIN32
    gmtime_s(&g, &tt);
#else
    gmtime_r(&tt, &g);
#endif
    char buf[80];  // room for any int the compiler cannot rule out
    std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", g.tm_year + 1900, g.tm_mon + 1, g.tm_mday, g.tm_hour, g.tm_min, g.tm_sec);
    return buf;
}

// Lines of at most 75 octets, continued with CRLF and a space, never inside a UTF-8 sequence.
static void IcsLine(std::string* out, const std::string& line) {
    size_t i = 0, limit = 75;
    while (line.size() - i > limit) {
        size_t cut = i + limit;
        while (cut > i && ((unsigned char)line[cut] & 0xC0) == 0x80) cut--;
        out->append(line, i, cut - i);
        out->append("\r\n ");
        i = cut;
        limit = 74;  // the space that starts a continuation counts
    }
    out->append(line, i, std::string::npos);
    out->append("\r\n");
}

static const char* KindCode(CalendarKind k) {
    switch (k) {
    case CalendarKind::Appointment: return "appointment";
    case CalendarKind::AnswerDue: return "answer";
    case CalendarKind::PaymentDue: return "payment";
    case CalendarKind::RoomVote: return "vote";
    case CalendarKind::RoomSign: return "sign";
    }
    return "event";
}

std::string MakeIcs(const std::vector<CalendarEntry>& entries, const std::vector<std::string>& summaries, long long now) {
    std::string out;
    IcsLine(&out, "BEGIN:VCALENDAR");
    IcsLine(&out, "VERSION:2.0");
    IcsLine(&out, "PRODID:-//Gosuslugi LK//Calendar//RU");
    IcsLine(&out, "CALSCALE:GREGORIAN");
    IcsLine(&out, "METHOD:PUBLISH");
    for (size_t i = 0; i < entries.size(); i++) {
        const CalendarEntry& e = entries[i];
        IcsLine(&out, "BEGIN:VEVENT");
        IcsLine(&out, std::string("UID:") + KindCode(e.kind) + "-" + IcsText(e.object_id) + "-" + std::to_string(e.at) + "@lk.gosuslugi");
        IcsLine(&out, "DTSTAMP:" + IcsTime(now));
        IcsLine(&out, "DTSTART:" + IcsTime(e.at));
        if (e.end > e.at) IcsLine(&out, "DTEND:" + IcsTime(e.end));
        IcsLine(&out, "SUMMARY:" + IcsText(i < summaries.size() ? summaries[i] : e.title));
        if (!e.place.empty()) IcsLine(&out, "LOCATION:" + IcsText(e.place));
        if (e.kind == CalendarKind::Appointment) {
            IcsLine(&out, "BEGIN:VALARM");
            IcsLine(&out, "TRIGGER:-P1D");
            IcsLine(&out, "ACTION:DISPLAY");
            IcsLine(&out, "DESCRIPTION:" + IcsText(i < summaries.size() ? summaries[i] : e.title));
            IcsLine(&out, "END:VALARM");
        }
        IcsLine(&out, "END:VEVENT");
    }
    IcsLine(&out, "END:VCALENDAR");
    return out;
}

}  // namespace core
