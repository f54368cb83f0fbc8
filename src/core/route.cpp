#include "core/route.h"

#include <cstring>

namespace core {

static const ScreenInfo kScreens[] = {
    {Screen::Catalog, "/catalog", "nav.catalog", false, true, Screen::Catalog},
    {Screen::CatalogAll, "/catalog/all", "catalog.all", false, false, Screen::Catalog},
    {Screen::CatalogSection, "/catalog/section", "catalog.section", false, false, Screen::Catalog},
    {Screen::CatalogSubsection, "/catalog/sub", "catalog.subsection", false, false, Screen::Catalog},
    {Screen::CatalogService, "/catalog/service", "catalog.service", false, false, Screen::Catalog},
    {Screen::ServiceForm, "/forms", "catalog.form", false, false, Screen::Catalog},
    {Screen::Applications, "/applications", "nav.applications", true, true, Screen::Applications},
    {Screen::ApplicationDetail, "/applications/view", "applications.detail", true, false, Screen::Applications},
    {Screen::Appointments, "/appointments", "appointments.title", true, false, Screen::Applications},
    {Screen::AppointmentNew, "/appointments/new", "appointments.new_title", true, false, Screen::Applications},
    {Screen::AppointmentMove, "/appointments/move", "appointments.move_title", true, false, Screen::Applications},
    {Screen::Calendar, "/calendar", "calendar.title", true, false, Screen::Applications},
    {Screen::Documents, "/documents", "nav.documents", true, true, Screen::Documents},
    {Screen::DocumentDetail, "/documents/view", "documents.detail", true, false, Screen::Documents},
    {Screen::VerifyDocument, "/verify", "verify.title", false, false, Screen::Documents},
    {Screen::Payments, "/payments", "nav.payments", true, true, Screen::Payments},
    {Screen::PaymentHistory, "/payments/history", "payments.tab_history", true, false, Screen::Payments},
    {Screen::PaymentCharge, "/payments/charge", "payments.detail", true, false, Screen::Payments},
    {Screen::Rooms, "/rooms", "nav.rooms", true, true, Screen::Rooms},
    {Screen::RoomDetail, "/rooms/view", "rooms.detail", true, false, Screen::Rooms},
    {Screen::Support, "/support", "nav.support", true, true, Screen::Support},
    {Screen::SupportNew, "/support/new", "support.new_title", true, false, Screen::Support},
    {Screen::SupportAppeal, "/support/appeal", "support.appeal_title", true, false, Screen::Support},
    {Screen::SupportChat, "/support/chat", "support.chat.title", true, false, Screen::Support},
    {Screen::Notifications, "/notifications", "nav.notifications", true, true, Screen::Notifications},
    {Screen::NotificationSettings, "/notifications/settings", "notifications.settings_tab", true, false, Screen::Notifications},
    {Screen::Profile, "/profile", "nav.profile", true, true, Screen::Profile},
    {Screen::ProfileHistory, "/profile/history", "profile.tab_history", true, false, Screen::Profile},
    {Screen::ProfileConsents, "/profile/consents", "profile.tab_consents", true, false, Screen::Profile},
    {Screen::ProfileSecurity, "/profile/security", "profile.tab_security", true, false, Screen::Profile},
    {Screen::ProfileDataAccess, "/profile/data-access", "profile.tab_data_access", true, false, Screen::Profile},
    {Screen::Login, "/login", "nav.login", false, false, Screen::Login},
    {Screen::Register, "/register", "nav.register", false, false, Screen::Login},
    {Screen::Recover, "/recover", "nav.recover", false, false, Screen::Login},
    {Screen::NotFound, "/not-found", "nav.not_found", false, false, Screen::NotFound},
};

const ScreenInfo* AllScreens(int* count) {
    *count = (int)(sizeof(kScreens) / sizeof(kScreens[0]));
    return kScreens;
}

const ScreenInfo& InfoFor(Screen s) {
    for (const ScreenInfo& info : kScreens)
        if (info.screen == s) return info;
    return kScreens[sizeof(kScreens) / sizeof(kScreens[0]) - 1];
}

Screen ParseHash(const std::string& hash) { return ParseRoute(hash).screen; }

std::string HashFor(Screen s) { return std::string("#") + InfoFor(s).path; }

static bool Unreserved(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
}

std::string PercentEncode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (Unreserved(c)) out += (char)c;
        else { out += '%'; out += hex[c >> 4]; out += hex[c & 15]; }
    }
    return out;
}

std::string PercentDecode(const std::string& text) {
    auto val = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
    std::string out;
    for (size_t i = 0; i < text.size(); i++) {
        if (text[i] == '%' && i + 2 < text.size() && val(text[i + 1]) >= 0 && val(text[i + 2]) >= 0) {
            out += (char)(val(text[i + 1]) * 16 + val(text[i + 2]));
            i += 2;
        } else {
            out += text[i] == '+' ? ' ' : text[i];
        }
    }
    return out;
}

Route ParseRoute(const std::string& hash) {
    Route r;
    std::string path = hash;
    if (!path.empty() && path[0] == '#') path.erase(0, 1);
    std::string query;
    size_t q = path.find('?');
    if (q != std::string::npos) { query = path.substr(q + 1); path.resize(q); }
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    if (path.empty() || path == "/") path = "/catalog";
    // Longest screen path that is the whole path or a prefix followed by "/<param>".
    size_t best = 0;
    r.screen = Screen::NotFound;
    for (const ScreenInfo& info : kScreens) {
        size_t n = strlen(info.path);
        if (n <= best || path.compare(0, n, info.path) != 0) continue;
        if (path.size() == n) { r.screen = info.screen; r.param.clear(); best = n; }
        else if (path[n] == '/' && path.find('/', n + 1) == std::string::npos) { r.screen = info.screen; r.param = PercentDecode(path.substr(n + 1)); best = n; }
    }
    if (r.screen == Screen::Catalog && query.compare(0, 2, "q=") == 0) r.param = PercentDecode(query.substr(2));
    if (r.param.size() > 200) r.param.resize(200);
    return r;
}

std::string HashFor(Screen s, const std::string& param) {
    if (param.empty()) return HashFor(s);
    if (s == Screen::Catalog) return HashFor(s) + "?q=" + PercentEncode(param);
    return HashFor(s) + "/" + PercentEncode(param);
}

}  // namespace core
