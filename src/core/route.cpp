#include "core/route.h"

namespace core {

static const ScreenInfo kScreens[] = {
    {Screen::Catalog, "/catalog", "nav.catalog", false, true},
    {Screen::Applications, "/applications", "nav.applications", true, true},
    {Screen::Rooms, "/rooms", "nav.rooms", true, true},
    {Screen::Notifications, "/notifications", "nav.notifications", true, true},
    {Screen::Profile, "/profile", "nav.profile", true, true},
    {Screen::Login, "/login", "nav.login", false, false},
    {Screen::NotFound, "/not-found", "nav.not_found", false, false},
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
