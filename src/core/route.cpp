#include "core/route.h"

namespace core {

static const ScreenInfo kScreens[] = {
    {Screen::Catalog, "/catalog", "nav.catalog", false, true, Screen::Catalog},
    {Screen::Applications, "/applications", "nav.applications", true, true, Screen::Applications},
    {Screen::Rooms, "/rooms", "nav.rooms", true, true, Screen::Rooms},
    {Screen::Notifications, "/notifications", "nav.notifications", true, true, Screen::Notifications},
    {Screen::Profile, "/profile", "nav.profile", true, true, Screen::Profile},
    {Screen::ProfileHistory, "/profile/history", "profile.tab_history", true, false, Screen::Profile},
    {Screen::ProfileConsents, "/profile/consents", "profile.tab_consents", true, false, Screen::Profile},
    {Screen::ProfileSecurity, "/profile/security", "profile.tab_security", true, false, Screen::Profile},
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

Screen ParseHash(const std::string& hash) {
    std::string path = hash;
    if (!path.empty() && path[0] == '#') path.erase(0, 1);
    size_t q = path.find('?');
    if (q != std::string::npos) path.resize(q);
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    if (path.empty() || path == "/") return Screen::Catalog;
    for (const ScreenInfo& info : kScreens)
        if (path == info.path) return info.screen;
    return Screen::NotFound;
}

std::string HashFor(Screen s) { return std::string("#") + InfoFor(s).path; }

}  // namespace core
