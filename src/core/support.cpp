#include "core/support.h"

#include <algorithm>

#include "core/dates.h"
#include "core/json_read.h"

namespace core {

using nlohmann::json;

static const struct {
    AppealStatus s;
    const char* code;
    const char* key;
} kStatuses[] = {
    {AppealStatus::InProgress, "in_progress", "support.status.in_progress"},
    {AppealStatus::Done, "done", "support.status.done"},
    {AppealStatus::Rejected, "rejected", "support.status.rejected"},
    {AppealStatus::Postponed, "postponed", "support.status.postponed"},
};

AppealStatus ParseAppealStatus(const std::string& code) {
    for (const auto& s : kStatuses)
        if (code == s.code) return s.s;
    return AppealStatus::Unknown;
}

const char* AppealStatusCode(AppealStatus st) {
    for (const auto& s : kStatuses)
        if (s.s == st) return s.code;
    return "";
}

const char* AppealStatusKey(AppealStatus st) {
    for (const auto& s : kStatuses)
        if (s.s == st) return s.key;
    return "support.status.unknown";
}

// Texts from outside are capped: a hostile reply's megabyte does not reach the layout.
static std::string Capped(const json& o, const char* key, size_t max) {
    std::string s = JsonText(o, key);
    if (s.size() > max) {
        size_t cut = max;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;  // not inside a character
        s.resize(cut);
    }
    return s;
}

SupportMessage ParseSupportMessage(const json& m) {
    SupportMessage out;
    out.id = (long long)JsonNumber(m, "id");
    out.at = (long long)JsonNumber(m, "at");
    out.author = Capped(m, "author", 16);
    out.kind = Capped(m, "kind", 32);
    out.text = Capped(m, "text", 4 * kSupportTextMax);  // UTF-8 bytes of 5,000 characters
    out.status = Capped(m, "status", 32);
    out.operator_name = Capped(m, "operator", 100);
    out.article = Capped(m, "article", 64);
    if (m.is_object() && m.contains("files") && m["files"].is_array())
        for (const json& f : m["files"]) {
            if ((int)out.files.size() >= kSupportFilesMax) break;
            SupportFile file{Capped(f, "attachment", 64), Capped(f, "name", 200), Capped(f, "type", 100), Capped(f, "key", 200),
                             Capped(f, "sha256", 64), (long long)JsonNumber(f, "size")};
            if (PlainId(file.attachment) && !file.key.empty()) out.files.push_back(std::move(file));
        }
    return out;
}

bool ParseAppeal(const json& b, Appeal* out) {
    Appeal a;
    a.number = JsonText(b, "number");
    if (!PlainId(a.number)) return false;
    a.topic = Capped(b, "topic", 32);
    a.service_type = Capped(b, "service_type", 32);
    a.summary = Capped(b, "summary", 600);
    a.status = ParseAppealStatus(JsonText(b, "status"));
    a.created_at = (long long)JsonNumber(b, "created_at");
    a.updated_at = (long long)JsonNumber(b, "updated_at");
    a.waiting_for_me = JsonBool(b, "waiting_for_me");
    if (b.is_object() && b.contains("messages") && b["messages"].is_array())
        for (const json& m : b["messages"]) a.messages.push_back(ParseSupportMessage(m));
    *out = std::move(a);
    return true;
}

std::vector<Appeal> ParseAppeals(const json& body) {
    std::vector<Appeal> out;
    for (const json& item : JsonItems(body)) {
        Appeal a;
        if (ParseAppeal(item, &a)) out.push_back(std::move(a));
    }
    return out;
}

bool ParseSupportChat(const json& b, SupportChat* out) {
    if (!b.is_object() || !b.contains("messages") || !b["messages"].is_array()) return false;
    SupportChat c;
    c.number = JsonText(b, "number");
    if (!c.number.empty() && !PlainId(c.number)) return false;
    c.state = JsonText(b, "state") == "operator" ? "operator" : "bot";
    c.operator_name = Capped(b, "operator", 100);
    for (const json& m : b["messages"]) {
        SupportMessage msg = ParseSupportMessage(m);
        if (msg.id > 0) c.messages.push_back(std::move(msg));
    }
    std::sort(c.messages.begin(), c.messages.end(), [](const SupportMessage& x, const SupportMessage& y) { return x.id < y.id; });
    c.messages.erase(std::unique(c.messages.begin(), c.messages.end(), [](const SupportMessage& x, const SupportMessage& y) { return x.id == y.id; }),
                     c.messages.end());
    *out = std::move(c);
    return true;
}

void MergeSupportChat(SupportChat* chat, const SupportChat& newer) {
    if (!newer.number.empty()) chat->number = newer.number;
    chat->state = newer.state;
    chat->operator_name = newer.operator_name;
    for (const SupportMessage& m : newer.messages) {
        auto at = std::lower_bound(chat->messages.begin(), chat->messages.end(), m.id,
                                   [](const SupportMessage& x, long long id) { return x.id < id; });
        if (at != chat->messages.end() && at->id == m.id) continue;  // the same message twice
        chat->messages.insert(at, m);
    }
}

long long AppealPeriodSince(int period, long long now) {
    switch (period) {
        case 1: return now - 86400;
        case 2: return now - 7 * 86400;
        case 3: return now - 30 * 86400;
        default: return 0;
    }
}

std::string SupportAuthor(const SupportMessage& m) {
    if (m.author == "citizen") return Tr("support.you");
    if (m.author == "bot") return Tr("support.bot");
    if (!m.operator_name.empty()) return Tr("support.operator_named", {{"name", m.operator_name}});
    return Tr("support.desk");
}

std::string SupportMessageText(const SupportMessage& m) {
    if (m.kind == "no_answer") return Tr("support.chat.no_answer");
    if (m.kind == "handover") return Tr("support.chat.handover", {{"name", m.operator_name}});
    if (m.kind == "back_to_bot") return Tr("support.chat.back_to_bot");
    if (m.kind == "status") {
        AppealStatus s = ParseAppealStatus(m.status);
        std::string line = Tr("support.status_changed", {Arg::Key("status", AppealStatusKey(s))});
        return m.text.empty() ? line : line + " " + m.text;
    }
    return m.text;
}

std::string SupportTranscript(const SupportChat& chat) {
    std::string out = Tr("support.chat.transcript_title", {{"number", chat.number}});
    out += "\n\n";
    for (const SupportMessage& m : chat.messages) {
        out += FormatTimestamp(m.at) + " — " + SupportAuthor(m) + ": " + SupportMessageText(m) + "\n";
        for (const SupportFile& f : m.files) out += "    [" + f.name + "]\n";
    }
    return out;
}

}  // namespace core
