#include "ui/screens.h"

#include "ui/app.h"
#include "ui/widgets.h"

namespace ui {


static const ScreenView kViews[] = {
    {core::Screen::Login, DrawLoginView, nullptr},
    {core::Screen::Register, DrawRegisterView, nullptr},
    {core::Screen::Recover, DrawRecoverView, nullptr},
    {core::Screen::Catalog, DrawCatalogView, nullptr},
    {core::Screen::CatalogAll, DrawCatalogAllView, nullptr},
    {core::Screen::CatalogSection, DrawCatalogSectionView, nullptr},
    {core::Screen::CatalogSubsection, DrawCatalogSectionView, nullptr},
    {core::Screen::CatalogService, DrawServiceView, nullptr},
    {core::Screen::ServiceForm, DrawServiceFormView, nullptr},
    // application_changed mends the list in place (App::OnApplicationChanged), not by loading every page.
    {core::Screen::Applications, DrawApplicationsView, [](App& a) { a.LoadApplications(); }, ""},
    {core::Screen::ApplicationDetail, DrawApplicationDetailView,
     [](App& a) { if (!a.catalog.loaded) a.LoadCatalog(); a.LoadApplication(); a.LoadAppointments(); }, "application_changed appointment_changed"},
    // A booking's changes in another tab (or the reminder's clock) reach the list; the flow keeps its choices.
    {core::Screen::Appointments, DrawAppointmentsView, [](App& a) { if (!a.catalog.loaded) a.LoadCatalog(); a.LoadAppointments(); }, "appointment_changed"},
    {core::Screen::AppointmentNew, DrawAppointmentBookView, [](App& a) { if (!a.catalog.loaded) a.LoadCatalog(); a.StartBooking(); }, ""},
    {core::Screen::AppointmentMove, DrawAppointmentBookView, [](App& a) { if (!a.catalog.loaded) a.LoadCatalog(); a.StartBooking(); }, ""},
    {core::Screen::Calendar, DrawCalendarView, [](App& a) { a.session().calendar.loaded = false; a.LoadCalendar(); },
     "appointment_changed application_changed payment_changed proposal_closed"},
    {core::Screen::Documents, DrawDocumentsView, [](App& a) { a.LoadDocuments(); }, "document_issued"},
    {core::Screen::DocumentDetail, DrawDocumentView, [](App& a) { a.LoadDocument(); }, ""},
    {core::Screen::VerifyDocument, DrawVerifyView, [](App& a) { if (!a.route_param.empty()) a.VerifyDocument(a.route_param); }, ""},
    {core::Screen::Payments, DrawPaymentsView, [](App& a) { a.LoadCharges(); }, "payment_changed"},
    {core::Screen::PaymentHistory, DrawPaymentHistoryView, [](App& a) { a.LoadPayments(); }, "payment_changed"},
    {core::Screen::PaymentCharge, DrawChargeView, [](App& a) { a.LoadCharge(); }, "payment_changed"},
    {core::Screen::Rooms, DrawRoomsView, [](App& a) { a.LoadRooms(); }, "room_changed invitation_changed room_message"},
    // The journal read on from its verified head, the key, the chat: what each event may change
    // (room_message reloads only the chat: App::StartLive).
    {core::Screen::RoomDetail, DrawRoomView, [](App& a) { a.LoadRoom(); }, "room_changed invitation_changed proposal_closed"},
    // Appeals: the list and the one opened follow the desk's answers (appeal_changed); the chat reads
    // on from its last message (support_message: App::StartLive), so it is not in its live column.
    {core::Screen::Support, DrawAppealsView, [](App& a) { if (!a.catalog.loaded) a.LoadCatalog(); a.LoadSupportTopics(); a.LoadAppeals(); }, "appeal_changed"},
    {core::Screen::SupportNew, DrawAppealNewView, [](App& a) { if (!a.catalog.loaded) a.LoadCatalog(); a.LoadSupportTopics(); }, ""},
    {core::Screen::SupportAppeal, DrawAppealView, [](App& a) { a.LoadSupportTopics(); a.LoadAppeal(); }, "appeal_changed"},
    {core::Screen::SupportChat, DrawSupportChatView, [](App& a) { a.LoadSupportTopics(); a.LoadSupportSuggestions(); a.LoadSupportChat(true); }, ""},
    {core::Screen::Notifications, DrawNotificationsView, [](App& a) { a.LoadNotifications(false); }, ""},
    {core::Screen::NotificationSettings, DrawNotificationSettingsView, [](App& a) { a.LoadNotificationSettings(); }, ""},
    {core::Screen::Profile, DrawProfileView, [](App& a) { a.LoadProfile(); a.LoadAppointments(); }, "profile_changed appointment_changed"},
    {core::Screen::ProfileHistory, DrawProfileHistoryView, [](App& a) { a.LoadProfile(); a.LoadVersions(); }, "profile_changed"},
    {core::Screen::ProfileConsents, DrawProfileConsentsView, [](App& a) { a.LoadConsents(); }, "security"},
    {core::Screen::ProfileSecurity, DrawProfileSecurityView, [](App& a) { a.LoadSecurity(); }, "security session_ended"},
    {core::Screen::ProfileDataAccess, DrawDataAccessView, [](App& a) { a.LoadDataAccess(); }, "application_changed"},
    {core::Screen::NotFound, DrawNotFoundView, nullptr},
};

// The tab a screen without a tab of its own belongs to (the booking flow under «Записи на приём»).
static core::Screen TabOf(core::Screen s) {
    if (s == core::Screen::SupportNew || s == core::Screen::SupportAppeal) return core::Screen::Support;
    return s == core::Screen::AppointmentNew || s == core::Screen::AppointmentMove ? core::Screen::Appointments : s;
}

void SectionTabs(App& app, const char* title_key, const char* id, std::initializer_list<SectionTab> tabs) {
    Heading(core::Tr(title_key));
    ImGui::Dummy(ImVec2(0, 2));
    // Tabs wider than the column scroll sideways: the bar is then as much taller as its scrollbar
    // (a fixed 48 px left a phone at 200 % text a bar that scrolled vertically too, and swallowed
    // the wheel meant for the page).
    float tabs_w = 0;
    for (const SectionTab& t : tabs) tabs_w += ImGui::CalcTextSize(core::Tr(t.key)).x + 22;
    float h = 48 + (tabs_w > ImGui::CalcItemWidth() ? ImGui::GetStyle().ScrollbarSize : 0.0f);
    ImGui::BeginChild(id, ImVec2(ImGui::CalcItemWidth(), h), ImGuiChildFlags_NavFlattened,
                      ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_HorizontalScrollbar);
    bool first = true;
    for (const SectionTab& t : tabs) {
        if (!first) ImGui::SameLine(0, 2);
        first = false;
        if (NavTab(core::Tr(t.key), app.CurrentScreen() == t.screen || TabOf(app.CurrentScreen()) == t.screen)) app.Navigate(t.screen);
    }
    ImGui::EndChild();
    ImGui::Dummy(ImVec2(0, 6));
}

bool ListsEvent(const char* list, const std::string& type) {
    std::string l = std::string(" ") + (list ? list : "") + " ";
    return !type.empty() && l.find(" " + type + " ") != std::string::npos;
}

const ScreenView& ViewFor(core::Screen screen) {
    for (const ScreenView& v : kViews)
        if (v.screen == screen) return v;
    return kViews[sizeof(kViews) / sizeof(kViews[0]) - 1];  // NotFound
}

}  // namespace ui
