#include "core/notifications.h"

#include <cctype>

#include "core/app_status.h"
#include "core/dates.h"
#include "core/json_read.h"
#include "core/payments.h"

namespace core {

using nlohmann::json;

const char* NotificationTypeCode(int i) {
    static const char* kCodes[] = {"status", "payment", "security", "room", "appointment"};
    return i >= 0 && i < kNotificationTypeCount ? kCodes[i] : "";
}

const char* NotificationChannelCode(int i) {
    static const char* kCodes[] = {"inapp", "email", "sms", "push"};
    return i >= 0 && i < kNotificationChannelCount ? kCodes[i] : "";
}

static const json& Params(const json& item) {
    static const json kEmpty = json::object();
    return item.is_object() && item.contains("params") && item["params"].is_object() ? item["params"] : kEmpty;
}


Message NotificationTitle(const json& item) {
    const json& p = Params(item);
    std::string kind = JsonText(item, "kind");
    std::string number = JsonText(p, "number");
    if (kind == "application_status" && PlainId(number)) {
        AppStatus st = StatusFromCode(JsonText(p, "status"));
        return Msg("notifications.kind.application_status", {{"number", number}, Arg::Key("status", StatusLabelKey(st))});
    }
    if (kind == "document_issued" && PlainId(number))
        return Msg("notifications.kind.document_issued", {{"number", number}});
    if (kind == "payment_succeeded" || kind == "payment_declined") {
        double amount = JsonNumber(p, "amount");
        std::string uin = JsonText(p, "uin");
        if (amount >= 1 && amount <= 1e11 && uin.size() <= 25 && PlainId(uin))
            return Msg(kind == "payment_succeeded" ? "notifications.kind.payment_succeeded" : "notifications.kind.payment_declined",
                       {{"amount", FormatKopecks((long long)amount)}, {"uin", uin}});
    }
    if (kind == "proposal_new" || kind == "proposal_reminder" || kind == "proposal_closed") {
        std::string room = JsonText(p, "room_title").substr(0, 200);
        if (kind == "proposal_closed") {
            std::string outcome = JsonText(p, "outcome");
            if (outcome == "accepted" || outcome == "rejected" || outcome == "withdrawn")
                return Msg("notifications.kind.proposal_closed", {{"room", room}, Arg::Key("outcome", ("rooms.outcome." + outcome).c_str())});
        } else {
            double deadline = JsonNumber(p, "deadline");
            if (deadline > 0 && deadline < 1e11)
                return Msg(kind == "proposal_new" ? "notifications.kind.proposal_new" : "notifications.kind.proposal_reminder",
                           {{"room", room}, {"deadline", FormatTimestamp((long long)deadline)}});
        }
    }
    if (kind == "appointment_booked" || kind == "appointment_moved" || kind == "appointment_reminder") {
        double start = JsonNumber(p, "start");
        std::string service = JsonText(p, "service").substr(0, 300);
        if (start > 0 && start < 1e11 && !service.empty())
            return Msg(("notifications.kind." + kind).c_str(), {{"service", service}, {"when", FormatTimestamp((long long)start)}});
    }
    if (kind == "appeal_question" || kind == "appeal_answer" || kind == "appeal_status") {
        std::string appeal = JsonText(p, "appeal");
        if (PlainId(appeal)) return Msg(("notifications.kind." + kind).c_str(), {{"appeal", appeal}});
    }
    if (kind == "security") {
        std::string key = "events." + JsonText(p, "event");
        const StringCatalog* cat = CurrentCatalog();
        if (cat && JsonText(p, "event").size() <= 64 && cat->Find(key.c_str()))
            return Msg("notifications.kind.security", {Arg::Key("event", key.c_str())});
    }
    std::string text = JsonText(item, "text");
    if (text.empty()) return Msg("notifications.kind.unknown");
    return RawMsg(text.substr(0, 500));
}

std::string NotificationDetail(const json& item) {
    const json& p = Params(item);
    std::string kind = JsonText(item, "kind");
    std::string out;
    if (kind == "application_status") out = JsonText(p, "service");
    else if (kind == "document_issued") out = JsonText(p, "title");
    else if (kind == "security") out = JsonText(p, "device");
    else if (kind == "payment_declined") out = JsonText(p, "reason");
    else if (kind.compare(0, 12, "appointment_") == 0) out = JsonText(p, "office") + ", " + JsonText(p, "address");
    return out.substr(0, 300);
}

bool NotificationTarget(const json& item, Screen* screen, std::string* param) {
    if (!item.is_object() || !item.contains("object") || !item["object"].is_object()) return false;
    const json& o = item["object"];
    std::string type = JsonText(o, "type"), id = JsonText(o, "id");
    if (type == "security") {
        *screen = Screen::ProfileSecurity;
        param->clear();
        return true;
    }
    if (!PlainId(id)) return false;
    if (type == "appointment") {
        *screen = Screen::Appointments;
        param->clear();
        return true;
    }
    if (type == "application") *screen = Screen::ApplicationDetail;
    else if (type == "payment") *screen = Screen::PaymentCharge;
    else if (type == "document") *screen = Screen::DocumentDetail;
    else if (type == "room") *screen = Screen::RoomDetail;
    else if (type == "appeal") *screen = Screen::SupportAppeal;
    else return false;
    *param = id;
    return true;
}

int ParseClock(const std::string& t) {
    if (t.size() != 5 || t[2] != ':') return -1;
    for (int i : {0, 1, 3, 4})
        if (!std::isdigit((unsigned char)t[i])) return -1;
    int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
    return h < 24 && m < 60 ? h * 60 + m : -1;
}

}  // namespace core
