// Screens of the personal account and their hash routes ("#/catalog").
// The route is the one piece of navigation state shared by the URL, the header and the views.
#pragma once
#include <string>

namespace core {

enum class Screen {
    Login, Register, Recover, Catalog, CatalogAll, CatalogSection, CatalogSubsection, CatalogService, ServiceForm,
    Applications, ApplicationDetail, Appointments, AppointmentNew, AppointmentMove, Calendar, Documents, DocumentDetail, VerifyDocument, Payments, PaymentHistory, PaymentCharge, Rooms, RoomDetail, Support, SupportNew, SupportAppeal, SupportChat, Notifications, NotificationSettings, Profile, ProfileHistory,
    ProfileConsents, ProfileSecurity, ProfileDataAccess, NotFound
};

struct ScreenInfo {
    Screen screen;
    const char* path;       // hash path without "#", e.g. "/catalog"
    const char* title_key;  // key in the string catalog (lang/ru_RU.json)
    bool needs_login;
    bool in_main_nav;
    Screen nav_parent;      // the main-navigation entry this screen belongs to
};

// All screens in navigation order.
const ScreenInfo* AllScreens(int* count);
const ScreenInfo& InfoFor(Screen s);

// "#/catalog", "/catalog", "#/catalog?x=1" -> Screen::Catalog; "" -> Catalog (home);
// anything unknown -> NotFound.
Screen ParseHash(const std::string& hash);
std::string HashFor(Screen s);

// A route with its parameter: "#/catalog/service/passports-1-1" → {CatalogService, "passports-1-1"};
// "#/catalog?q=загран" → {Catalog, "загран"} (the search query, percent-decoded).
struct Route {
    Screen screen = Screen::Catalog;
    std::string param;
};
Route ParseRoute(const std::string& hash);
std::string HashFor(Screen s, const std::string& param);
std::string PercentEncode(const std::string& text);
std::string PercentDecode(const std::string& text);

}  // namespace core
