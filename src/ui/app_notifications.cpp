// «Уведомления» (docs/notifications.md): the unread counter, kept live from the start of the
// session; the feed a page at a time with its filters; bulk read and delete; the settings.
#include <algorithm>
#include <ctime>

#include "core/json_read.h"
#include "core/notifications.h"
#include "ui/app.h"

namespace ui {

using nlohmann::json;

static const int kPage = 100;

static long long IdOf(const json& item) {
    return item.is_object() && item.contains("id") && item["id"].is_number_integer() ? item["id"].get<long long>() : 0;
}

static int UnreadOf(const json& body, int fallback) {
    if (body.is_object() && body.contains("unread") && body["unread"].is_number_integer()) {
        long long n = body["unread"].get<long long>();
        if (n >= 0 && n <= 10000000) return (int)n;
    }
    return fallback;
}

// Items of a reply that can be drawn: objects with an id (a hostile backend's junk is skipped).
static void AppendItems(json& into, const json& body) {
    if (!body.is_object() || !body.contains("items") || !body["items"].is_array()) return;
    for (const json& it : body["items"])
        if (IdOf(it) > 0) into.push_back(it);
}

void App::LoadUnreadCount() {
    NotificationsState& n = session_->notifications;
    if (!SignedIn()) return;
    n.counter_asked = true;
    api.Get("/notifications?limit=1", session_->Guard([this, &n](client::ApiResult r) {
        RequestFrames();
        if (r.error.ok()) n.unread = UnreadOf(r.body, n.unread);
    }));
}

static std::string FeedPath(const NotificationsState& n, long long before) {
    std::string path = "/notifications?limit=" + std::to_string(kPage);
    if (!n.asked_query.empty()) path += "&q=" + core::PercentEncode(n.asked_query);
    static const long long kDays[] = {0, 1, 7, 30, 365};
    if (n.period > 0 && n.period < 5) path += "&from=" + std::to_string((long long)std::time(nullptr) - kDays[n.period] * 86400LL);
    if (n.type >= 0) path += std::string("&type=") + core::NotificationTypeCode(n.type);
    if (n.unread_only) path += "&unread=1";
    if (before > 0) path += "&before=" + std::to_string(before);
    return path;
}

void App::LoadNotifications(bool more) {
    NotificationsState& n = session_->notifications;
    if (!SignedIn()) return;
    if (more && (n.next <= 0 || n.loading_more || n.loading)) return;
    if (!more) {
        n.generation++;  // a page of the previous filter still on its way is dropped
        n.loading = true;
    } else {
        n.loading_more = true;
    }
    n.error = client::ApiError();
    int generation = n.generation;
    api.Get(FeedPath(n, more ? n.next : 0), session_->Guard([this, &n, more, generation](client::ApiResult r) {
        RequestFrames();
        if (generation != n.generation) return;
        (more ? n.loading_more : n.loading) = false;
        if (!r.error.ok()) {
            n.error = r.error;
            return;
        }
        if (!more) n.items = json::array();
        AppendItems(n.items, r.body);
        n.items_version++;
        n.loaded = true;
        n.unread = UnreadOf(r.body, n.unread);
        const json* next = r.body.is_object() && r.body.contains("next") ? &r.body["next"] : nullptr;
        n.next = next && next->is_number_integer() ? next->get<long long>() : 0;
        // The selection keeps only what is still listed (another device may have deleted some).
        std::set<long long> listed;
        for (const json& it : n.items) listed.insert(IdOf(it));
        for (auto it = n.selected.begin(); it != n.selected.end();)
            it = listed.count(*it) ? std::next(it) : n.selected.erase(it);
    }));
}

void App::MarkNotificationsRead(const std::vector<long long>& ids, bool all) {
    NotificationsState& n = session_->notifications;
    if (!SignedIn() || (ids.empty() && !all)) return;
    // Shown read at once; the reply brings the true counter.
    std::set<long long> marked(ids.begin(), ids.end());
    for (json& it : n.items)
        if (all || marked.count(IdOf(it))) {
            if (it.value("read", true) == false && n.unread > 0) n.unread--;
            it["read"] = true;
        }
    json body = all ? json{{"all", true}} : json{{"ids", ids}};
    api.Post("/notifications/read", body, session_->Guard([this, &n](client::ApiResult r) {
        RequestFrames();
        if (!r.error.ok()) {
            n.error = r.error;
            LoadNotifications(false);  // show what is true again
            return;
        }
        n.unread = UnreadOf(r.body, n.unread);
    }));
}

void App::DeleteSelectedNotifications() {
    NotificationsState& n = session_->notifications;
    if (!SignedIn() || n.selected.empty() || n.busy) return;
    std::vector<long long> ids(n.selected.begin(), n.selected.end());
    if (ids.size() > 500) ids.resize(500);  // the contract's bulk limit; the rest stay selected
    n.busy = true;
    api.Post("/notifications/delete", json{{"ids", ids}}, session_->Guard([this, &n, ids](client::ApiResult r) {
        RequestFrames();
        n.busy = false;
        if (!r.error.ok()) {
            n.error = r.error;
            return;
        }
        std::set<long long> gone(ids.begin(), ids.end());
        json kept = json::array();
        for (const json& it : n.items)
            if (!gone.count(IdOf(it))) kept.push_back(it);
        n.items = std::move(kept);
        n.items_version++;
        for (long long id : ids) n.selected.erase(id);
        n.unread = UnreadOf(r.body, n.unread);
        n.notice = "notifications.deleted";
        n.notice_n = r.body.is_object() ? (long long)core::JsonNumber(r.body, "deleted", (double)ids.size()) : (long long)ids.size();
    }));
}

void App::OpenNotification(const json& item) {
    long long id = IdOf(item);
    if (id > 0 && item.value("read", true) == false) MarkNotificationsRead({id}, false);
    core::Screen screen;
    std::string param;
    if (core::NotificationTarget(item, &screen, &param)) Navigate(screen, param);
}

void App::OnNotificationEvent(const client::LiveEvent& e) {
    NotificationsState& n = session_->notifications;
    if (e.type == "notification") {
        n.unread = UnreadOf(e.data, n.unread);
        // A new item goes on top of an unfiltered feed at once (twice delivered: once shown).
        bool unfiltered = n.asked_query.empty() && n.period == 0 && n.type < 0;
        long long id = IdOf(e.data);
        // Said once, however often it is delivered (a resumed stream replays): «Заявление … —
        // принято», a payment, a sign-in from a new device.
        if (id > n.announced) {
            n.announced = id;
            std::string detail = core::NotificationDetail(e.data);
            Announce(core::Tr("notifications.announce", {{"title", core::NotificationTitle(e.data).Text()}}) + (detail.empty() ? "" : ". " + detail));
        }
        if (n.loaded && unfiltered && id > 0) {
            bool known = false;
            for (const json& it : n.items) known = known || IdOf(it) == id;
            if (!known) {
                json item = e.data;
                item.erase("unread");
                // Newest first by id: an event that arrives out of order finds its place.
                auto pos = std::find_if(n.items.begin(), n.items.end(), [id](const json& it) { return IdOf(it) < id; });
                n.items.insert(pos, item);
                n.items_version++;
            }
        }
    } else if (e.type == "notifications_changed") {
        n.unread = UnreadOf(e.data, n.unread);
        if (n.loaded && screen_ == core::Screen::Notifications) LoadNotifications(false);
    } else if (e.type == "reset") {
        LoadUnreadCount();
    }
    RequestFrames(2);
}

// Settings ------------------------------------------------------------------------------------

static void SettingsToForm(NotificationsState& n, const json& s) {
    n.settings = s;
    n.edited = json::object();
    for (int t = 0; t < core::kNotificationTypeCount; t++)
        for (int c = 0; c < core::kNotificationChannelCount; c++) {
            const char* type = core::NotificationTypeCode(t);
            const char* channel = core::NotificationChannelCode(c);
            bool on = s.is_object() && s.contains("types") && s["types"].is_object() && s["types"].contains(type) &&
                      s["types"][type].is_object() && s["types"][type].value(channel, false);
            n.edited[type][channel] = on;
        }
    const json* q = s.is_object() && s.contains("quiet_hours") ? &s["quiet_hours"] : nullptr;
    n.quiet_on = q && q->is_object();
    if (n.quiet_on) {
        std::string from = core::JsonText(*q, "from"), to = core::JsonText(*q, "to");
        if (core::ParseClock(from) >= 0) n.quiet_from = from;
        if (core::ParseClock(to) >= 0) n.quiet_to = to;
    }
    n.quiet_error.clear();
    n.settings_dirty = false;
}

void App::LoadNotificationSettings() {
    NotificationsState& n = session_->notifications;
    if (!SignedIn() || n.settings_loading) return;
    n.settings_loading = true;
    n.settings_error = client::ApiError();
    api.Get("/notifications/settings", session_->Guard([this, &n](client::ApiResult r) {
        RequestFrames();
        n.settings_loading = false;
        if (!r.error.ok()) {
            n.settings_error = r.error;
            return;
        }
        // Not over what the person is changing: only when nothing is edited yet.
        if (!n.settings_dirty) SettingsToForm(n, r.body);
    }));
}

bool App::SaveNotificationSettings() {
    NotificationsState& n = session_->notifications;
    if (!SignedIn() || n.settings_saving || !n.edited.is_object()) return false;
    n.quiet_error.clear();
    json quiet = nullptr;
    if (n.quiet_on) {
        int a = core::ParseClock(n.quiet_from), b = core::ParseClock(n.quiet_to);
        if (a < 0 || b < 0) n.quiet_error = "notifications.quiet_invalid";
        else if (a == b) n.quiet_error = "notifications.quiet_same";
        else quiet = json{{"from", n.quiet_from}, {"to", n.quiet_to}};
        if (!n.quiet_error.empty()) return false;
    }
    json body = {{"types", n.edited}, {"quiet_hours", quiet}};
    body["types"]["security"]["inapp"] = true;
    n.settings_saving = true;
    n.settings_saved = false;
    n.settings_error = client::ApiError();
    api.Put("/notifications/settings", body, session_->Guard([this, &n](client::ApiResult r) {
        RequestFrames();
        n.settings_saving = false;
        if (!r.error.ok()) {
            n.settings_error = r.error;
            return;
        }
        SettingsToForm(n, r.body);
        n.settings_saved = true;
    }));
    return true;
}

}  // namespace ui
