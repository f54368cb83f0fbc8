// The application: draws one frame. Platform layers (src/platform/web, src/platform/native) and
// the UI test driver create it, feed it input through ImGui, and call Frame() between
// ImGui::NewFrame() and ImGui::Render(). What is personal lives in the Session (ui/session.h);
// App keeps only what belongs to the device: the catalog, the route, the sign-in forms.
// Screens are a table (ui/screens.cpp): each row names how a screen draws and what it loads.
#pragma once
#include <functional>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "client/api_client.h"
#include "client/auth_service.h"
#include "client/form_session.h"
#include "core/frame_scheduler.h"
#include "core/catalog.h"
#include "core/route.h"
#include "core/search.h"
#include "core/strings.h"
#include "crypto/kdf_runner.h"
#include "core/qr.h"
#include "ui/a11y_collector.h"
#include "ui/screen_keyboard.h"
#include "ui/session.h"
#include "ui/theme.h"

namespace ui {

enum class BackendState { Checking, Up, Down };

struct LoginForm {
    std::string identifier, password, code;
    std::string identifier_error, password_error, code_error;
    bool submitted_once = false;
    std::string notice;  // shown above the form (session ended, registered, ...)
};

struct RegisterForm {
    std::string last_name, first_name, middle_name, birth_date, phone, email, password, password2;
    bool consent = false;
    std::string code, code_error;
    std::map<std::string, core::Message> errors;  // field id -> message
    bool submitted_once = false;
};

struct RecoverForm {
    std::string identifier, code, password, password2;
    std::map<std::string, core::Message> errors;
};

struct CatalogState {
    bool loading = false, loaded = false;
    client::ApiError error;
    std::vector<core::Message> problems; // parts of a malformed catalog that were skipped
    core::Catalog catalog;
    core::SearchIndex index;
    std::string etag;
    std::string source = "/catalog";     // a developer may point it at /catalog?size=10000
    std::string query;
    core::SearchFilters filters;
    // The last search, kept until the query or the filters change (no search per frame).
    std::string searched_query;
    core::SearchFilters searched_filters;
    bool searched = false;
    std::vector<core::SearchHit> hits;
    // The form schema of the service being applied for (rendering it is the forms engine's job).
    std::string form_code;
    bool form_loading = false;
    nlohmann::json form;
    client::ApiError form_error;
};

// «Проверить документ»: anyone may check a document by its code, signed in or not; nothing
// personal (the statement is public), so it belongs to the device like the catalog.
struct VerifyState {
    std::string typed;               // the code as typed
    std::string field_error;         // catalog key
    std::string asked;               // the normalised code last asked about
    bool loading = false;
    client::ApiError error;
    bool has_result = false;
    client::DocumentCheck result;
};

// What the app asks of its platform.
struct PlatformHooks {
    std::function<void(const std::string& hash)> set_hash;   // push a history entry
    std::function<void(const std::string& hash)> replace_hash;  // redirect: replace the current entry
    // Draw a frame after ms (countdowns, retries, debounced saves). Asked again on every frame
    // for as long as it is needed: the platform keeps one timer for the earliest ask of the last
    // frame and cancels it when a frame asks for none (a stale timer drew frames on idle pages).
    std::function<void(int ms)> wake_after;
    std::function<double()> now_seconds;                     // monotonic clock (tests may drive it)
    std::function<void()> wipe_local_data;                   // logout: clear browser storage
    std::function<void(const std::string& accept)> pick_file; // open a file chooser (→ App::OnFilePicked)
    // Hand a file to the person (browser: a download; native: a file in the working directory).
    std::function<void(const std::string& name, const std::string& mime, const std::string& bytes)> save_file;
    std::function<void(const std::string& lang)> language_changed;  // "ru" / "en": the page remembers it
    std::string language = "ru";                             // at start (the page's ?lang=)
    // Fetch a catalog that is not built in (the web build embeds only Russian): the platform
    // answers with App::OnLanguageLoaded. Unset: every catalog is built in.
    std::function<void(const std::string& lang)> load_language;
    std::function<void(bool high_contrast)> theme_changed;  // the page follows (its own CSS, the address)
    bool high_contrast = false;                              // at start (?contrast=high, prefers-contrast)
    int text_percent = 100;                                  // at start (?text=150, the browser's font size)
    std::function<void(int percent)> text_size_changed;      // the page keeps it in the address
    client::LocalStore local_store;                          // encrypted drafts on the device
    // The app's own address without its hash ("https://host/"): a document's QR code links to its
    // check there. Empty natively (the code alone is encoded).
    std::string page_address;
    // Kiosk mode (?kiosk=1 or the page's config): 2-minute idle logout, larger targets, the
    // on-screen keyboard, the voice, «Продолжить на телефоне» (SPEC §8, app_kiosk.cpp).
    bool kiosk = false;
    // prefers-reduced-motion: nothing turns or glides (the sign-in's spinner stands still; the
    // platform gives a flicked page no momentum).
    bool reduced_motion = false;
    // Say a text aloud (the browser's speech synthesis); `interrupt` cuts what is being said.
    std::function<void(const std::string& text, const std::string& lang, bool interrupt)> speak;
};

class App {
public:
    App(client::ApiClient& api, crypto::KdfRunner& kdf, core::FrameScheduler& scheduler, PlatformHooks hooks);

    // Call once after ImGui::CreateContext(): theme, fonts, accessibility hooks.
    void Init(const FontFiles& fonts);
    // Deliver finished network requests and key derivations (callbacks run here, on the UI
    // thread), then draw one frame of UI (inside NewFrame/Render).
    void Frame();
    // Deliver what arrived (replies, the event stream) without drawing; whatever changes what is
    // shown asks for frames itself. The browser calls it when stream data comes in.
    void Service();
    // The device's network is back: reconnect what waits for it now.
    void OnNetworkOnline() { session_->live.RetryNow(); Service(); RequestFrames(2); }

    // Navigation: from the URL (hashchange / start) or from a click in the UI.
    void OnHashChanged(const std::string& hash);
    void Navigate(core::Screen screen);
    core::Screen CurrentScreen() const { return screen_; }

    // The language of every text, switched at run time: nothing typed is lost (screens keep their
    // state; only the words drawn change).
    void SetLanguage(core::Language lang);
    // The catalog asked for with PlatformHooks::load_language: its JSON, or null when it did not
    // come (offline, a bad file) — then the page stays in Russian and says so.
    void OnLanguageLoaded(const std::string& lang, const char* json);
    core::Language Language() const { return language_; }
    // The palette, switched at run time (light / high contrast).
    void SetHighContrast(bool on);
    // Text size, 100–200 %: one scale for text and layout alike. The platform lays the app out in
    // (window ÷ scale) pixels and draws them scale× larger, so a bigger text reflows the page
    // (at 200 % a 1280 px window gets the phone layout) instead of overlapping or clipping.
    void SetTextPercent(int percent);
    int TextPercent() const { return text_percent_; }
    const std::string& PageAddress() const { return hooks_.page_address; }
    float TextScale() const { return text_percent_ / 100.0f; }
    bool HighContrast() const { return high_contrast_; }
    void CheckBackend();
    BackendState Backend() const { return backend_; }
    const std::string& BackendMessage() const { return backend_message_; }

    bool SignedIn() const { return auth_.Step() == client::AuthStep::SignedIn; }
    void Logout(const char* notice_key = "header.logout_done");
    const A11yCollector& A11y() const { return a11y_; }
    A11yCollector& A11y() { return a11y_; }
    // Said by screen readers (the mirror's live regions) and by the kiosk's voice.
    void Announce(const std::string& text, bool assertive = false);
    // A screen reader activated a node of the mirror (its default action, or a click on it): the
    // widget acts as if clicked or given the keyboard — a text field opens for typing.
    void ActivateFromMirror(unsigned id);

    // Kiosk mode (app_kiosk.cpp).
    bool Kiosk() const { return kiosk_; }
    bool SpeechOn() const { return speech_on_; }
    bool ReducedMotion() const { return hooks_.reduced_motion; }
    // The voice on or off: the button in the corner, or a long press anywhere (the platform).
    void ToggleSpeech();
    // «Продолжить на телефоне» under a form: a QR code of the form's address (no personal data);
    // the draft is on the server, encrypted, and opens on the phone once the citizen signs in.
    void DrawHandOver();
    bool NarrowLayout() const { return narrow_; }
    void ScrollPageToTop();
    const Fonts& GetFonts() const { return fonts_; }
    double Now() const;
    void RequestFrames(int n = 3) { scheduler_.Request(n); }
    // Offers a file for download; false when the platform cannot.
    bool SaveFile(const std::string& name, const std::string& mime, const std::string& bytes) {
        if (!hooks_.save_file) return false;
        hooks_.save_file(name, mime, bytes);
        return true;
    }
    // A frame after `ms` (countdowns tick once a second instead of redrawing continuously).
    void WakeAfter(int ms) { if (hooks_.wake_after) hooks_.wake_after(ms); }

    // Idle logout (SPEC §1: 15 min on the web, 2 min on a kiosk), with a 30 s countdown.
    double idle_timeout_seconds = 15 * 60;

    // Screen state, read and written by the views.
    client::ApiClient& api;
    client::AuthService auth_;
    LoginForm login;
    RegisterForm reg;
    RecoverForm recover;
    CatalogState catalog;
    VerifyState verify;
    std::string route_param;  // the current route's parameter (service id, search query, ...)
    // The signed-in person's data; an empty session while nobody is signed in. Never keep a
    // reference to it across frames: it is replaced when the session ends.
    Session& session() { return *session_; }
    const Session& session() const { return *session_; }

    // Profile data loading and saving (view_profile*.cpp call these).
    void LoadProfile();
    void LoadVersions();
    void LoadSecurity();
    void LoadConsents();
    // Documents (app_documents.cpp).
    void LoadDocuments();
    void LoadDocument();
    void LoadDataAccess();
    void VerifyDocument(const std::string& typed);
    // «Уведомления» (app_notifications.cpp).
    void LoadUnreadCount();
    void LoadNotifications(bool more);
    void MarkNotificationsRead(const std::vector<long long>& ids, bool all);
    void DeleteSelectedNotifications();
    void OpenNotification(const nlohmann::json& item);
    void LoadNotificationSettings();
    // «Начисления и платежи» (app_payments.cpp)
    void LoadCharges();
    void LoadPayments();
    void LoadCharge();               // the one named by the route (PaymentCharge)
    void PayCharge();                // pays the opened charge through the gateway
    bool SaveNotificationSettings();
    // «Совместные решения» (app_rooms.cpp)
    void LoadRooms();                 // my rooms and the invitations sent to me
    void CreateRoom(const std::string& kind);
    void AnswerInvitation(const std::string& id, bool accept);
    void LoadRoom();                  // the one named by the route (RoomDetail)
    void LoadRoomMessages(long long announced = 0);  // announced: a new message's id (RoomSession::MessageAnnounced)
    void LoadOlderRoomMessages();
    void SendRoomMessage();
    // The chat is on screen: the read marker moves to the newest message of others (a second later,
    // or now with `flush` when the person leaves it).
    void MarkRoomRead(bool flush = false);
    void OpenRoomFilePicker();
    void OnRoomFilePicked(const std::string& name, const uint8_t* data, size_t size);        // a file for the next chat message (room_files)
    void DownloadRoomFile(const client::RoomSession::File& f);
    static constexpr int kRoomFileMb = 5;              // the chat is on screen: the read marker moves to its newest message
    void InviteToRoom(const std::string& role);
    void AdmitInvitee(const nlohmann::json& invitation);
    void ProposeInRoom(const std::string& rule, int quorum, long long deadline);
    void VoteInRoom(const std::string& proposal, const std::string& choice, const std::string& on_behalf = "");
    void CountRoomProposals();        // when the journal grew or a deadline passed
    void CountRoomDocuments();        // when the journal grew
    void SaveRoomDocument();
    void RequestRoomSignatures(const client::RoomDocument& d);
    void SignRoomDocument(const client::RoomDocument& d);
    void SubmitJointApplication(const client::RoomDocument& d);
    void RemoveRoomMember();          // the one confirmed in the dialog: removed, then a new key
    void WithdrawProposal(const std::string& proposal);
    // A delegation of this member's vote to a representative until `until` (0: withdraw it now).
    void DelegateVote(const std::string& representative, long long until);
    void ChangeRoomRole(const std::string& member, const std::string& role);
    // «Запись на приём» and the calendar (app_appointments.cpp)
    void LoadAppointments();
    void StartBooking();              // the flow named by the route (AppointmentNew / AppointmentMove)
    void LoadOfficeDays();            // the chosen office's next 60 days
    void LoadDaySlots();              // the chosen day's free times
    void Book();                      // books (or moves) the chosen slot
    void CancelAppointment();         // the one confirmed in the dialog
    void LoadCalendar();              // the range around the calendar's cursor
    // «Обратная связь», «Обращения» and the support chat (app_support.cpp)
    void LoadSupportTopics();         // topics, service types, the desk's key (once per session)
    void LoadAppeals();               // with the list's filters
    void SubmitAppeal();              // the new appeal on screen, with its files
    void LoadAppeal();                // the one named by the route (SupportAppeal)
    void CommentAppeal();             // a comment (or the answer to the desk's question) with files
    void MarkAppeal(core::AppealStatus status);  // выполнено / отложено / back to work
    void DownloadSupportFile(const core::SupportFile& f, bool chat);
    void OpenSupportFilePicker(bool chat);
    void LoadSupportChat(bool whole); // whole: the kept history; else what came after the last shown
    void LoadSupportSuggestions();    // in the current language
    void SendChat(const std::string& suggestion = "");  // a suggested question, or what is typed with its files
    void SwitchChat(bool to_operator);
    void SaveChatTranscript();
    void LoadCatalog();
    void Navigate(core::Screen screen, const std::string& param);
    // Replace the URL without a history entry (e.g. the search query while typing).
    void ReplaceRoute(core::Screen screen, const std::string& param);
    // Sign in first, then come back to `screen` with `param`.
    void RequireLogin(core::Screen screen, const std::string& param);
    // Applying for a service: starts (or continues) the form session once schema and profile are here.
    void LoadApplications();  // every page of the list, then the drafts
    void LoadApplication();  // the one named by the route (ApplicationDetail)
    void OpenFilePicker(const std::string& field_id, const std::vector<std::string>& accept);
    // A file for the answer to the agency's question (PDF, JPEG or PNG up to kAnswerFileMb).
    void OpenAnswerFilePicker();
    static constexpr int kAnswerFileMb = 5;
    // A file the user chose (size is the real size; data may be null when it was too big to read).
    void OnFilePicked(const std::string& name, const uint8_t* data, size_t size);
    // The page is being hidden or closed: write the pending draft now.
    void OnPageHidden() { session_->form.FlushToDevice(); }
    const client::LocalStore& LocalStore() const { return hooks_.local_store; }

private:
    void LoadApplicationsPage(long long before);  // 0: the first page
    void OnSupportFilePicked(bool chat, const std::string& name, const uint8_t* data, size_t size);
    void AppealActionDone(client::ApiResult r, bool* busy, bool comment);
    void ChatReplied(client::ApiResult r, bool* busy, bool clear_input);
    void OnSupportEvent(const client::LiveEvent& e);
    void StartRoomSession();
    void LoadRoomNames();
    // The reply of a room action that `*busy` marks as on its way: clears it, keeps an error for
    // the screen; nothing when the session has ended meanwhile.
    std::function<void(client::ApiError)> RoomActionDone(std::string* busy);
    void AfterRoomRead();
    void LoadRoomInvitations();
    void DrawHeader();
    int BadgeFor(core::Screen screen) const;
    void DrawPage();
    void DrawIdleCountdown();
    void DrawHelpButton();
    bool HelpButtonShown() const;
    // The corner buttons over the page's foot («Помощь», the kiosk's voice); the page ends with
    // as much room.
    static constexpr float kCornerButtonHeight = 56, kCornerMargin = 24;
    void KioskBeginFrame();   // a press on the on-screen keyboard is taken before the page sees it
    void DrawKiosk();         // the keyboard, the voice button
    void TellChanges();     // the voice says where the focus went; new errors are said and announced
    void Speak(const std::string& text, bool interrupt);
    bool kiosk_ = false, speech_on_ = false;
    bool cancel_press_ = false;       // a long press toggled the voice: its release clicks nothing
    unsigned spoken_focus_ = 0;
    std::vector<unsigned> spoken_alerts_;  // the alerts and field errors on screen last frame (each told once, when it appears)
    std::vector<unsigned> alerts_now_;     // this frame's, swapped with it: no allocation per frame
    int countdown_said_ = -1;         // the idle countdown's last second said aloud
    ScreenKeyboard osk_;
    ImGuiWindow* kiosk_window_ = nullptr;  // the voice button's window (App::Frame keeps Tab out of it)
    float osk_height_ = 0;            // what the keyboard takes of the screen's foot (the page is shorter)
    bool handover_open_ = false;
    std::string handover_link_;
    core::QrCode handover_qr_;
    void TrackActivity();
    void OnAuthStep(client::AuthStep step);
    // The one place a session ends: everything personal goes with the Session object.
    void EndSession(const char* notice_key, bool keep_drafts_on_device);
    // Live events: the stream starts with the session; events reach the bus and the open screen.
    void StartLive();
    void OnLiveEvent(const client::LiveEvent& e);
    void OnNotificationEvent(const client::LiveEvent& e);
    void OnApplicationChanged(const client::LiveEvent& e);
    void DrawConnectionBadge(float right_edge, float y);

    crypto::KdfRunner& kdf_;
    core::FrameScheduler& scheduler_;
    PlatformHooks hooks_;
    std::unique_ptr<Session> session_;
    core::StringCatalog strings_ru_, strings_en_;
    core::Language language_ = core::Language::Russian;
    bool high_contrast_ = false;
    int text_percent_ = 100;
    const core::StringCatalog& Strings() const { return language_ == core::Language::English ? strings_en_ : strings_ru_; }
    A11yCollector a11y_;
    Fonts fonts_;
    core::Screen screen_ = core::Screen::Catalog;
    core::Screen return_to_ = core::Screen::Profile;
    std::string return_param_;
    BackendState backend_ = BackendState::Checking;
    std::string backend_message_;
    bool narrow_ = false;
    enum class FileFor { Form, Answer, Room, Appeal, Chat } file_for_ = FileFor::Form;  // whose the open file chooser is
    ImGuiWindow* page_window_ = nullptr;
    ImGuiWindow* help_window_ = nullptr;  // the corner's «Помощь» (DrawHelpButton)
    bool reset_focus_ = false;            // a new screen: focus starts again from the top  // the scrolling page (a child of the root window)
    bool english_ready_ = false;     // strings_en_ holds the English catalog
    bool english_wanted_ = false;    // asked for, on its way (load_language)
    bool language_failed_ = false;   // it did not come: an alert with «Повторить»
    // The signed-in screens' texts (the web fetches them when someone starts to sign in; built in
    // natively): per language, missing, on its way, in, or failed (an alert with «Повторить»).
    enum class TextPart { Missing, Loading, Ready, Failed };
    TextPart personal_ru_ = TextPart::Missing, personal_en_ = TextPart::Missing;
    bool personal_wanted_ = false;
    void WantPersonalTexts();
    bool NeedsPersonalTexts(core::Screen s) const;
    bool PersonalTextsReady() const {
        return personal_ru_ == TextPart::Ready && (language_ != core::Language::English || personal_en_ == TextPart::Ready);
    }
    bool page_failed_ = false;  // the last frame's screen threw: show a message with «Повторить»
    bool menu_open_ = false;
    bool skip_to_content_ = false;  // «Перейти к содержанию» was activated: focus the page's first item
    int health_generation_ = 0;
    double last_activity_ = 0;
};

// One view per file (src/ui/view_*.cpp).
void DrawLoginView(App& app);
void DrawRegisterView(App& app);
void DrawRecoverView(App& app);
void DrawCatalogView(App& app);
void DrawCatalogSectionView(App& app);
void DrawCatalogAllView(App& app);
void DrawServiceView(App& app);
void DrawServiceFormView(App& app);
void DrawFormSteps(App& app);      // the form itself: steps, review, submitted (view_form.cpp)
void DrawApplicationsView(App& app);
void DrawApplicationDetailView(App& app);
void DrawDocumentsView(App& app);
void DrawDocumentView(App& app);
void DrawVerifyView(App& app);
void DrawDataAccessView(App& app);
void DrawNotificationsView(App& app);
void DrawNotificationSettingsView(App& app);
void DrawPaymentsView(App& app);
void DrawAppointmentsView(App& app);
void DrawAppointmentBookView(App& app);
void DrawCalendarView(App& app);
void DrawAppealsView(App& app);       // «Обращения»: the list with its filters
void DrawAppealNewView(App& app);     // «Обратная связь»: a new appeal
void DrawAppealView(App& app);        // one appeal's correspondence
void DrawSupportChatView(App& app);   // «Чат с поддержкой»
void DrawSupportTabs(App& app);       // «Обращения · Чат с поддержкой»
void DrawSupportMessage(App& app, const core::SupportMessage& m, bool chat);  // a message with its files
void DrawApplicationsTabs(App& app);  // «Заявления · Записи на приём · Календарь»
// «03.12.2026, 10:30» in the office's time; outside Moscow with the device's beside it.
std::string AppointmentWhen(const core::Appointment& a);
void DrawPaymentHistoryView(App& app);
void DrawChargeView(App& app);
void DrawRoomsView(App& app);
void DrawRoomView(App& app);
// Shared by the documents views (defined in view_documents.cpp): an agency's name from the keys
// compiled into the client, in the current language; a document's verification as a badge.
std::string AgencyName(const std::string& code);
void VerdictBadge(const client::DocumentCheck& c);
void DrawProfileView(App& app);
void DrawProfileHistoryView(App& app);
void DrawProfileConsentsView(App& app);
void DrawProfileSecurityView(App& app);
void DrawPlaceholderView(core::Screen screen);
void DrawNotFoundView(App& app);
// Shared by the login, registration and recovery screens: the 6-digit code step.
bool DrawCodeStep(App& app, std::string* code, std::string* error, const char* lead, const char* submit_label);
// The tabs of the profile section (Личные данные / История / Согласия / Безопасность).
void DrawProfileTabs(App& app);
// A section's title and its tabs, one per screen (profile, notifications, payments): the tab of
// the current screen is marked, a click navigates. One row that scrolls sideways on a phone.
struct SectionTab {
    core::Screen screen;
    const char* key;  // catalog key of the tab's label
};
void SectionTabs(App& app, const char* title_key, const char* id, std::initializer_list<SectionTab> tabs);

}  // namespace ui
