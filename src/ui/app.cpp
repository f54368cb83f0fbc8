#include "ui/app.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/json_read.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/icons.h"
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

using client::AuthStep;

App::App(client::ApiClient& api_client, crypto::KdfRunner& kdf, core::FrameScheduler& scheduler, PlatformHooks hooks)
    : api(api_client), auth_(api_client, kdf), kdf_(kdf), scheduler_(scheduler), hooks_(std::move(hooks)),
      session_(std::make_unique<Session>(api_client)) {}

double App::Now() const {
    if (hooks_.now_seconds) return hooks_.now_seconds();
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void App::Init(const FontFiles& fonts) {
    std::string err;
    strings_ru_.LoadJson(core::EmbeddedRussianCatalog(), &err);
    const char* english = core::EmbeddedEnglishCatalog();
    english_ready_ = english[0] && strings_en_.LoadJson(english, &err);
    // Without a way to fetch texts every catalog is built in whole (native builds, the tests).
    if (!hooks_.load_language) personal_ru_ = personal_en_ = TextPart::Ready;
    strings_ru_.SetLang(core::Language::Russian);
    strings_en_.SetLang(core::Language::English);
    language_ = core::Language::Russian;
    if (hooks_.language == "en") SetLanguage(core::Language::English);  // now, or once it is fetched
    // Russian is complete by construction (the tests check English against it): it answers
    // whatever another language lacks.
    core::SetCurrentCatalog(&Strings(), &strings_ru_);
    ApplyTheme();
    if (hooks_.high_contrast) SetHighContrast(true);
    SetTextPercent(hooks_.text_percent);
    if (hooks_.kiosk) {
        // A terminal in a service centre: the next person must not find this one's session, and
        // a finger needs targets of 48 px and more (the app's 44 px buttons at 125 % are 55 px).
        kiosk_ = true;
        idle_timeout_seconds = 120;
        if (TextPercent() < 125) SetTextPercent(125);
    }
    fonts_ = LoadFonts(fonts);
    SetWidgetFonts(fonts_);
    a11y_.Attach(ImGui::GetCurrentContext());
    auth_.on_step = [this](AuthStep s) { OnAuthStep(s); };
    // The server ended the session (revoked on another device, expired, password recovered):
    // the typed answers stay on this device, encrypted, for the same person's next sign-in.
    api.on_session_lost = [this] { EndSession("login.session_ended", /*keep_drafts_on_device=*/true); };
    last_activity_ = Now();
    CheckBackend();
    LoadCatalog();
}

void App::OnAuthStep(AuthStep s) {
    scheduler_.Request(3);
    switch (s) {
        case AuthStep::SignedIn:
            WantPersonalTexts();
            session_ = std::make_unique<Session>(api);  // nothing of a guest or an earlier user
            StartLive();
            login.password.clear();
            login.code.clear();
            login.notice.clear();
            last_activity_ = Now();
            Navigate(return_to_, return_param_);
            break;
        case AuthStep::Registered:
            login.notice = core::Tr("login.registered");
            login.identifier = reg.phone;
            reg = RegisterForm();
            Navigate(core::Screen::Login);
            break;
        case AuthStep::Recovered:
            login.notice = core::Tr("login.recovered");
            recover = RecoverForm();
            Navigate(core::Screen::Login);
            break;
        default:
            break;
    }
}

void App::Logout(const char* notice_key) { EndSession(notice_key, /*keep_drafts_on_device=*/false); }

void App::EndSession(const char* notice_key, bool keep_drafts_on_device) {
    bool was_private = core::InfoFor(screen_).needs_login || screen_ == core::Screen::ServiceForm;
    if (keep_drafts_on_device) session_->form.FlushToDevice();
    session_->form.Stop();
    // Tokens and keys (the API client drops every reply still on its way for this session)...
    auth_.Logout();
    // ...and everything personal, in one statement (what was still to be said aloud is theirs too).
    session_ = std::make_unique<Session>(api);
    a11y_.ForgetAnnouncements();
    // The next person at a kiosk starts as the first did: no voice, no hand-over on screen.
    speech_on_ = false;
    handover_open_ = false;
    countdown_said_ = -1;
    // What was typed into the sign-in forms and the search box is the person's too.
    login = LoginForm();
    reg = RegisterForm();
    recover = RecoverForm();
    catalog.query.clear();
    catalog.searched = false;
    login.notice = core::Tr(notice_key);
    if (keep_drafts_on_device) {
        // Back to where the person was once they sign in again (their draft is on the device).
        if (was_private) {
            return_to_ = screen_;
            return_param_ = route_param;
            Navigate(core::Screen::Login);
        } else {
            return_to_ = core::Screen::Profile;
            return_param_.clear();
        }
    } else {
        // Logout: the browser's storage goes too (encrypted drafts included).
        if (hooks_.wipe_local_data) hooks_.wipe_local_data();
        return_to_ = core::Screen::Profile;
        return_param_.clear();
        Navigate(core::Screen::Login);
    }
}

void App::StartLive() {
    Session& s = *session_;
    s.live.on_event = [this](const client::LiveEvent& e) { OnLiveEvent(e); };
    s.live.on_state = [this](client::LiveState state) {
        Session& cur = *session_;
        if (state == client::LiveState::Open && cur.live.Drops() > 0) {
            // Back after a drop: say so for a few seconds, and catch up on what the screen shows
            // (the stream replays what was missed, but a reset may have been needed).
            cur.live_back_at = Now();
        }
        scheduler_.Request(2);
    };
    // The header's unread counter lives as long as the session: from the first reply, then events.
    for (const char* type : {"notification", "notifications_changed", "reset"})
        s.subscriptions.push_back(s.bus.Subscribe(type, [this](const client::LiveEvent& e) { OnNotificationEvent(e); }));
    s.subscriptions.push_back(s.bus.Subscribe("application_changed", [this](const client::LiveEvent& e) { OnApplicationChanged(e); }));
    // A chat message: only the chat is read again (not the journal), so it is on screen sooner.
    s.subscriptions.push_back(s.bus.Subscribe("room_message", [this](const client::LiveEvent& e) {
        if (screen_ == core::Screen::RoomDetail && core::JsonText(e.data, "room") == session_->room.room &&
            session_->room.HasKey())
            LoadRoomMessages((long long)core::JsonNumber(e.data, "id"));
    }));
    // The support chat reads on from its last message; the operator's typing is shown for a moment.
    for (const char* type : {"support_message", "support_typing"})
        s.subscriptions.push_back(s.bus.Subscribe(type, [this](const client::LiveEvent& e) { OnSupportEvent(e); }));
    LoadUnreadCount();
    s.live.Start(Now());
}

void App::OnLiveEvent(const client::LiveEvent& e) {
    Session& s = *session_;
    s.bus.Publish(e);
    if (&s != session_.get()) return;  // a subscriber ended the session
    // The open screen loads again what an event says has changed (screens.cpp, column "live").
    const ScreenView& view = ViewFor(screen_);
    if (view.enter && SignedIn() && (e.type == "reset" || ListsEvent(view.live, e.type))) {
        if (e.type == "profile_changed" && s.profile.editing) {
            // Never under the person's hands: say it, the save will be checked against the version.
            s.profile.notice = core::Tr("profile.changed_elsewhere");
        } else {
            view.enter(*this);
        }
    }
    scheduler_.Request(2);
}

void App::ActivateFromMirror(unsigned id) {
    if (id == 0) return;
    last_activity_ = Now();
    if (osk_.PressById(id, Now())) {  // a key of the on-screen keyboard
        scheduler_.Request(3);
        return;
    }
    ImGui::ActivateItemByID(id);
    // A text field then takes the typing, as when reached with Tab (ImGui opens a field for input
    // on a programmatic activation only when asked to).
    GImGui->NavNextActivateFlags |= ImGuiActivateFlags_PreferInput;
    last_activity_ = Now();
    scheduler_.Request(3);
}

void App::Service() {
    api.Poll();
    session_->live.Tick(Now());
}

void App::ScrollPageToTop() {
    if (page_window_) ImGui::SetScrollY(page_window_, 0.0f);  // none before the first frame
}

void App::RequireLogin(core::Screen screen, const std::string& param) {
    return_to_ = screen;
    return_param_ = param;
    Navigate(core::Screen::Login);
}

void App::SetLanguage(core::Language lang) {
    if (lang == core::Language::English && !english_ready_) {
        if (!hooks_.load_language) return;
        english_wanted_ = true;
        language_failed_ = false;
        hooks_.load_language("en");
        return;
    }
    english_wanted_ = false;
    if (lang == language_) return;
    language_ = lang;
    core::SetCurrentCatalog(&Strings(), &strings_ru_);
    if (personal_wanted_) WantPersonalTexts();
    if (hooks_.language_changed) hooks_.language_changed(lang == core::Language::English ? "en" : "ru");
    scheduler_.Request(3);
}

void App::WantPersonalTexts() {
    personal_wanted_ = true;
    if (!hooks_.load_language) return;
    if (personal_ru_ == TextPart::Missing) {
        personal_ru_ = TextPart::Loading;
        hooks_.load_language("ru-personal");
    }
    // English's part merges into the English catalog, so it is asked for once that is in.
    if (english_ready_ && language_ == core::Language::English && personal_en_ == TextPart::Missing) {
        personal_en_ = TextPart::Loading;
        hooks_.load_language("en-personal");
    }
}

void App::OnLanguageLoaded(const std::string& lang, const char* json) {
    if (lang == "ru-personal" || lang == "en-personal") {
        core::StringCatalog& cat = lang == "ru-personal" ? strings_ru_ : strings_en_;
        std::string err;
        bool ok = json && cat.MergeJson(json, &err);
        if (!ok && json) std::fprintf(stderr, "lang %s: %s\n", lang.c_str(), err.c_str());
        (lang == "ru-personal" ? personal_ru_ : personal_en_) = ok ? TextPart::Ready : TextPart::Failed;
        scheduler_.Request(3);
        return;
    }
    if (lang != "en" || english_ready_) return;
    std::string err;
    english_ready_ = json && strings_en_.LoadJson(json, &err);
    if (!english_ready_ && json) std::fprintf(stderr, "lang/en_US.json: %s\n", err.c_str());
    if (english_wanted_) {
        if (english_ready_) SetLanguage(core::Language::English);
        else language_failed_ = true;
        english_wanted_ = false;
    }
    scheduler_.Request(3);
}

void App::SetTextPercent(int percent) {
    percent = std::clamp(percent, 100, 200);
    if (percent == text_percent_) return;
    text_percent_ = percent;
    if (hooks_.text_size_changed) hooks_.text_size_changed(percent);
    RequestFrames();
}

// 100 → 150 → 200 → 100 %: the header's «Размер текста» button.
static int NextTextPercent(int p) { return p < 150 ? 150 : p < 200 ? 200 : 100; }

void App::SetHighContrast(bool on) {
    Palette p;
    std::string err;
    if (!ParsePalette(EmbeddedPalette(on ? ThemeKind::HighContrast : ThemeKind::Light), &p, &err)) {
        fprintf(stderr, "palette: %s\n", err.c_str());  // the build embeds checked files; never expected
        return;
    }
    UsePalette(p);
    if (on != high_contrast_ && hooks_.theme_changed) hooks_.theme_changed(on);
    high_contrast_ = on;
    scheduler_.Request(3);
}

void App::CheckBackend() {
    backend_ = BackendState::Checking;
    int generation = ++health_generation_;
    api.CheckHealth([this, generation](client::ApiResult r) {
        if (generation != health_generation_) return;  // a newer check superseded this one
        if (r.error.ok()) {
            backend_ = BackendState::Up;
            backend_message_.clear();
        } else {
            backend_ = BackendState::Down;
            backend_message_ = std::string(core::Tr("backend.down")) + " (" + r.error.Text() + ")";
        }
        scheduler_.Request(2);
    });
}

void App::OnHashChanged(const std::string& hash) {
    core::Route route = core::ParseRoute(hash);
    core::Screen s = route.screen;
    bool param_changed = route.param != route_param;
    route_param = route.param;
    if (s == core::Screen::Catalog && catalog.query != route.param) catalog.query = route.param;
    if (core::InfoFor(s).nav_parent == core::Screen::Catalog) LoadCatalog();  // revalidates (ETag)
    if (param_changed && s != core::Screen::Catalog)
        ScrollPageToTop();
    if (s != screen_) {
        if (screen_ == core::Screen::RoomDetail && session_->rooms.read_due > 0) MarkRoomRead(/*flush=*/true);
        screen_ = s;
        page_failed_ = false;
        menu_open_ = false;
        ScrollPageToTop();  // a new page starts at its top
        reset_focus_ = true;
        // Data screens load what they show when opened (private ones only with a session).
        const ScreenView& view = ViewFor(s);
        if (view.enter && (SignedIn() || !core::InfoFor(s).needs_login)) view.enter(*this);
        // Someone is about to sign in (or is signed in): the signed-in screens' texts come now,
        // while the password is typed and the key derived, not on the first visit of the catalog.
        if (NeedsPersonalTexts(s) || core::InfoFor(s).nav_parent == core::Screen::Login) WantPersonalTexts();
    }
    scheduler_.Request(3);
}

void App::Navigate(core::Screen screen) { Navigate(screen, ""); }

void App::Navigate(core::Screen screen, const std::string& param) {
    std::string hash = core::HashFor(screen, param);
    if (hooks_.set_hash) hooks_.set_hash(hash);
    OnHashChanged(hash);
}

void App::ReplaceRoute(core::Screen screen, const std::string& param) {
    std::string hash = core::HashFor(screen, param);
    if (hooks_.replace_hash) hooks_.replace_hash(hash);
    route_param = param;
}

void App::LoadCatalog() {
    if (catalog.loading) return;
    catalog.loading = true;
    client::RequestOptions opt;
    opt.auth = false;
    opt.if_none_match = catalog.etag;
    api.Get(catalog.source, [this](client::ApiResult r) {
        catalog.loading = false;
        scheduler_.Request(2);
        if (!r.error.ok()) {
            // Keep showing what we have; say what failed.
            catalog.error = r.error;
            return;
        }
        catalog.error = client::ApiError();
        if (r.not_modified) return;
        core::Catalog parsed;
        std::vector<core::Message> problems;
        if (!core::ParseCatalog(r.body, &parsed, &problems)) {
            catalog.error.kind = client::ApiErrorKind::Malformed;
            catalog.error.code = "malformed";
            catalog.problems = problems;
            return;
        }
        catalog.problems = problems;
        catalog.catalog = std::move(parsed);
        catalog.index.Build(catalog.catalog);
        catalog.etag = r.etag;
        catalog.loaded = true;
        catalog.searched = false;
        session_->recent_services.clear();  // indices into the catalog just replaced
    }, opt);
}

void App::TrackActivity() {
    ImGuiIO& io = ImGui::GetIO();
    bool active = io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || ImGui::IsAnyMouseDown() || io.MouseWheel != 0 ||
                  io.InputQueueCharacters.Size > 0;
    for (int k = ImGuiKey_NamedKey_BEGIN; !active && k < ImGuiKey_NamedKey_END; k++)
        if (ImGui::IsKeyDown((ImGuiKey)k)) active = true;
    if (active) last_activity_ = Now();
}

void App::Frame() {
    // The string catalog and widget fonts are process-wide pointers: point them at this app's
    // again, so that two apps in one process (a UI test with a second device) never draw with
    // what the other one has freed.
    core::SetCurrentCatalog(&Strings(), &strings_ru_);
    SetWidgetFonts(fonts_);
    api.Poll();
    kdf_.Poll();
    a11y_.BeginFrame();
    const Session* drawn_for = session_.get();
    TrackActivity();
    KioskBeginFrame();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    narrow_ = vp->Size.x < size::kNarrow;
    // A private screen without a session: sign in first, then come back.
    if (core::InfoFor(screen_).needs_login && !SignedIn()) {
        return_to_ = screen_;
        return_param_ = route_param;
        if (login.notice.empty()) login.notice = core::Tr("login.need_login");
        screen_ = core::Screen::Login;
        // Replace, not push: Back from the login screen goes where the user came from.
        if (hooks_.replace_hash) hooks_.replace_hash(core::HashFor(screen_));
    }
    // Drafts: debounced saves; wake up when the next one is due.
    session_->form.Tick(Now());
    double due = session_->form.NextWakeSeconds(Now());
    if (due >= 0) WakeAfter((int)(due * 1000) + 20);
    session_->answer_files.Pump();
    if (session_->answer_files.Encrypting()) WakeAfter(20);  // the next piece, next frame
    for (client::Uploads* up : {&session_->room_files, &session_->appeal_files, &session_->chat_files}) {
        up->Pump();
        if (up->Encrypting()) WakeAfter(20);  // the next piece, next frame
    }
    session_->live.Tick(Now());
    double live_due = session_->live.NextWakeSeconds(Now());
    if (live_due >= 0) WakeAfter((int)(live_due * 1000) + 20);
    int api_due = api.NextWakeMs();
    if (api_due >= 0) WakeAfter(api_due + 20);
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, color::V(color::kPage));
    ImGui::Begin("##root", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                        ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PopStyleColor();
    // A new screen starts like a freshly loaded page: nothing focused, the next Tab goes to the
    // first element. (Keeping the focus of an element that is gone left Tab with nowhere to go:
    // ImGui tabs onwards from the focused item, and after signing in there was none.)
    if (reset_focus_) {
        reset_focus_ = false;
        ImGui::ClearActiveID();
        GImGui->NavId = 0;
        GImGui->NavCursorVisible = false;
    }
    // A fresh page has no focused window, and Tab only moves within the focused one.
    // Nor does the corner's «Помощь» keep it: when a window closes, ImGui gives the focus to the
    // top-most window left — that button's — and Tab then went round its one button (a browser test
    // tabbing to «Каталог услуг» after signing in never got there). It has it only while in use.
    ImGuiContext& g = *GImGui;
    // The kiosk's voice button is such a window too (Tab after switching the voice on went round it).
    auto holds_nav = [&g](ImGuiWindow* w) { return w && g.NavWindow == w && g.ActiveIdWindow != w && g.HoveredWindow != w; };
    bool help_holds_nav = holds_nav(help_window_) || holds_nav(kiosk_window_);
    if (!ImGui::GetIO().WantTextInput && ImGui::GetTopMostPopupModal() == nullptr && (g.NavWindow == nullptr || help_holds_nav))
        ImGui::FocusWindow(ImGui::GetCurrentWindow());
    A11yCollector::SetRegion(core::A11yRegion::Banner);
    DrawHeader();
    A11yCollector::SetRegion(core::A11yRegion::Main);
    // Last line of defence: a screen that trips over data it did not expect (an exception from
    // the JSON library or std::regex) is cut short for this frame and says so, instead of the
    // module aborting. ImGui's own error recovery closes what the screen left open.
    ImGuiErrorRecoveryState recovery;
    ImGui::ErrorRecoveryStoreState(&recovery);
    try {
        DrawPage();
    } catch (const std::exception& e) {
        ImGui::ErrorRecoveryTryToRecoverState(&recovery);
        fprintf(stderr, "screen %s failed: %s\n", core::InfoFor(screen_).path, e.what());
        page_failed_ = true;
    }
    ImGuiWindow* root = ImGui::GetCurrentWindow();
    ImGui::End();  // ##root
    // The focused element is gone (Enter on «Далее» of a form's last step: the review has
    // «Отправить» there instead): Tab would look for what follows it and find nothing — the
    // keyboard got stuck (a browser test sending a whole application by keyboard). As a browser
    // does when the focused element leaves the page, the next Tab starts from the top.
    // (ImGui wraps a forward Tab to the first item only from the last one, or from no focus with
    // the focus cursor hidden — as reset_focus_ leaves it.)
    if (g.NavId != 0 && !g.NavIdIsAlive && g.ActiveId == 0 && g.NavWindow && g.NavWindow->RootWindowForNav == root && !root->SkipItems) {
        g.NavId = 0;
        g.NavCursorVisible = false;
    }
    A11yCollector::SetRegion(core::A11yRegion::Complementary);
    DrawHelpButton();
    DrawIdleCountdown();
    DrawKiosk();
    a11y_.EndFrame();
    TellChanges();
    // «Выйти» pressed in the header: what was drawn before it belonged to the ended session. The
    // mirror gets nothing from this frame, and the next one is drawn clean at once (a browser test
    // once read the account's name next to the sign-in heading from such a frame).
    if (session_.get() != drawn_for) {
        a11y_.DropFrame();
        scheduler_.Request(2);
    }
    // Animate only while something visibly moves (a spinner while keys are derived).
    scheduler_.SetAnimating(auth_.Busy() && !hooks_.reduced_motion);
}

// «Помощь»: the support chat from any signed-in page of the desktop layout (the phone layout has
// «Поддержка» in its menu). Its own small window in the bottom-right corner, above the page.
bool App::HelpButtonShown() const {
    return SignedIn() && !narrow_ && !menu_open_ && core::InfoFor(screen_).nav_parent != core::Screen::Support && PersonalTextsReady();
}

void App::DrawHelpButton() {
    if (!HelpButtonShown()) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    std::string label = std::string(ICON_QUESTION_CIRCLE "  ") + core::Tr("header.help_button");
    float w = ImGui::CalcTextSize(label.c_str()).x + 40, h = kCornerButtonHeight;
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - w - 28, vp->Pos.y + vp->Size.y - h - kCornerMargin));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::Begin("##help", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                        ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoBackground);
    help_window_ = ImGui::GetCurrentWindow();
    A11yCollector::SetNextName(core::Tr("header.help_button_name"));
    if (PrimaryButton((label + "##help").c_str(), ImVec2(w, h))) Navigate(core::Screen::SupportChat);
    ImGui::End();
    ImGui::PopStyleVar(2);
}

void App::DrawIdleCountdown() {
    if (!SignedIn()) return;
    double idle = Now() - last_activity_;
    double left = idle_timeout_seconds - idle;
    if (left <= 0) {
        Logout("login.idle_ended");
        return;
    }
    if (left > 30) {
        // Wake up when the countdown is due, even if nothing else happens.
        WakeAfter((int)((left - 30) * 1000) + 50);
        return;
    }
    // Audible on a kiosk (SPEC §8): the person may have turned away from the screen.
    int secs = (int)std::ceil(left);
    // The next frame just after the shown second changes, as a clock's hand moves. A frame every
    // 1000 ms drifted by the timer's and the animation frame's lateness (16 ms and more each
    // second) and now and then jumped a second: CI's kiosk run heard «2 секунды» and then nothing
    // (AccountTest.KioskCountdownSaysEverySecondOfTheLastFive replays it with a 200-ms-late timer).
    WakeAfter((int)((left - (secs - 1)) * 1000) + 20);
    // (Crossings, not equalities: a frame is not guaranteed in every second.)
    bool due = countdown_said_ < 0 || (secs <= 5 && secs < countdown_said_) || (secs <= 10 && countdown_said_ > 10) ||
               (secs <= 20 && countdown_said_ > 20);
    if (kiosk_ && due) {
        // The whole sentence when it appears, then the seconds left at 20, 10 and the last five.
        Speak(core::TrN(countdown_said_ < 0 ? "idle.kiosk_text" : "idle.spoken", secs), true);
        countdown_said_ = secs;
    }
    ImGui::OpenPopup("##idle");
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(ImMin(460.0f, vp->Size.x - 32), 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(28, 24));
    if (ImGui::BeginPopupModal("##idle", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) {
        Heading(core::Tr("idle.title"), 2);
        std::string text = core::TrN(kiosk_ ? "idle.kiosk_text" : "idle.text", (int)std::ceil(left));
        Paragraph(text.c_str());
        A11yCollector::AddStatic(core::A11yRole::Alert, text);
        ImGui::Dummy(ImVec2(0, 8));
        if (PrimaryButton(core::Tr("idle.stay"))) {
            last_activity_ = Now();
            countdown_said_ = -1;
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (SecondaryButton(core::Tr("idle.logout"))) {
            ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
            ImGui::PopStyleVar();
            Logout();
            return;
        }
        ImGui::EndPopup();
    }
    ImGui::PopStyleVar();
}

// «Уведомления» is a bell in the desktop header, as on the portals people know; the word did not
// fit beside the counter (a 1280 px header had 7 px to spare, signed in, in Russian). «Поддержка»
// is the question mark of a help desk for the same reason (the word pushed the header into the menu).
static const char* NavIcon(core::Screen screen) {
    return screen == core::Screen::Notifications ? ICON_BELL : screen == core::Screen::Support ? ICON_QUESTION_CIRCLE : nullptr;
}

// Signed in, the desktop header's «Профиль» is the person's name (a button beside «Выйти»), as on
// the portals people know; a tab beside it repeated it and took the room «Платежи» needed (a
// signed-in 1280 px header had 7 px to spare before «Платежи»). Signed out, and in the phone menu,
// «Профиль» stays a tab.
static bool ProfileByName(core::Screen screen, bool signed_in) { return signed_in && screen == core::Screen::Profile; }

// Not a tab of the desktop header: «Поддержка» is the help button in the page's corner there, as
// on the portals people know (a signed-in 1280 px header has 7 px to spare; even as an icon the tab
// pushed the whole header into the menu). In the phone menu it is an entry like the others.
static bool HelpButtonInstead(core::Screen screen) { return screen == core::Screen::Support; }

// The counter a header tab carries: unread notifications, for the signed-in person.
int App::BadgeFor(core::Screen screen) const {
    if (screen != core::Screen::Notifications || !SignedIn()) return 0;
    return std::max(0, session_->notifications.unread);
}

void App::DrawHeader() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    // Drawn in the one root window with the page (Frame): Tab then goes from the header's links
    // into the page and back in visual order, which two windows never allowed.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(vp->Pos, ImVec2(vp->Pos.x + vp->Size.x, vp->Pos.y + size::kHeaderHeight), color::Rgb(color::kCard));
    dl->AddLine(ImVec2(vp->Pos.x, vp->Pos.y + size::kHeaderHeight - 1), ImVec2(vp->Pos.x + vp->Size.x, vp->Pos.y + size::kHeaderHeight - 1), color::Rgb(color::kBorder));

    float pad = narrow_ ? 16.0f : 32.0f;
    float content_w = ImMin(vp->Size.x - pad * 2, size::kContentMaxWidth + 160);
    float left = vp->Pos.x + (vp->Size.x - content_w) * 0.5f;
    // «Перейти к содержанию»: the first Tab stop of every page (WCAG 2.4.1), shown only while it
    // has the keyboard focus, over the logo; it moves the focus past the header.
    {
        ImGui::SetCursorScreenPos(ImVec2(left, vp->Pos.y + 14));
        const char* skip = core::Tr("app.skip");
        ImVec2 tsz = ImGui::CalcTextSize(skip);
        ImVec2 at = ImGui::GetCursorScreenPos();
        A11yCollector::SetNextRole(core::A11yRole::Link);
        A11yCollector::SetNextName(skip);
        if (ImGui::InvisibleButton("##skip", ImVec2(tsz.x + 24, 44), ImGuiButtonFlags_EnableNav)) skip_to_content_ = true;
        if (ImGui::IsItemFocused() && GImGui->NavCursorVisible) {
            ImDrawList* fg = ImGui::GetForegroundDrawList();
            fg->AddRectFilled(at, ImVec2(at.x + tsz.x + 24, at.y + 44), color::Rgb(color::kAccent), 8.0f);
            fg->AddText(ImVec2(at.x + 12, at.y + 22 - tsz.y * 0.5f), color::Rgb(color::kOnAccent), skip);
        }
    }
    // Esc closes the phone menu (dialogs close themselves: BeginDialog).
    if (menu_open_ && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) menu_open_ = false;
    // Logo: «Госуслуги», a link to the catalog.
    ImGui::SetCursorScreenPos(ImVec2(left, vp->Pos.y + 14));
    ImGui::PushID("logo");
    A11yCollector::SetNextRole(core::A11yRole::Link);
    A11yCollector::SetNextName(std::string(core::Tr("app.name")) + " — " + core::Tr("nav.catalog"));
    ImVec2 logo_pos = ImGui::GetCursorScreenPos();
    ImGui::PushFont(fonts_.bold, 24.0f);
    ImVec2 name_size = ImGui::CalcTextSize(core::Tr("app.name"));
    ImGui::PopFont();
    // Below 300 px (a 360 px phone at 150–200 % text) the header keeps only icons: the name and
    // the «Войти» label would overlap the menu button (tests/ui/test_text_size.cpp).
    const bool tiny = narrow_ && vp->Size.x < 300;
    bool show_name = !tiny;
    float logo_w = show_name ? 42 + name_size.x : 32;
    if (ImGui::InvisibleButton("##logo", ImVec2(logo_w, 44), ImGuiButtonFlags_EnableNav)) Navigate(core::Screen::Catalog);
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    dl->AddRectFilled(logo_pos, ImVec2(logo_pos.x + 32, logo_pos.y + 38), color::Rgb(color::kAccent), 8.0f);
    ImGui::PushFont(fonts_.regular, 20.0f);
    ImVec2 isz = ImGui::CalcTextSize(ICON_UNIVERSITY);
    dl->AddText(ImVec2(logo_pos.x + 16 - isz.x * 0.5f, logo_pos.y + 19 - isz.y * 0.5f), color::Rgb(color::kOnAccent), ICON_UNIVERSITY);
    ImGui::PopFont();
    if (show_name) {
        ImGui::PushFont(fonts_.bold, 24.0f);
        dl->AddText(ImVec2(logo_pos.x + 42, logo_pos.y + 4), color::Rgb(color::kAccent), core::Tr("app.name"));
        ImGui::PopFont();
    }
    ImGui::PopID();

    float right = left + content_w;
    // The right-hand group — language, contrast, the live connection, the account and «Выйти» (or
    // «Войти»); on a phone the menu button, with language and contrast inside the menu. Measured
    // first, then everything is submitted left to right: the order of submission is the Tab order.
    const float gap = 8, y = vp->Pos.y + 14;
    int count = 0;
    const core::ScreenInfo* screens = core::AllScreens(&count);
    // The desktop header only when its tabs and buttons fit side by side; otherwise the menu
    // takes the navigation, as on a phone. (With «Документы» added, a signed-in 1280 px header ran
    // its last tab under the buttons: «Профи» was all that showed of «Профиль».)
    bool compact = narrow_;
    float spare = 0;  // what the desktop header has left for the «Нет связи» badge
    if (!compact) {
        float nav_w = 0;
        for (int i = 0; i < count; i++)
            if (screens[i].in_main_nav && !ProfileByName(screens[i].screen, SignedIn()) && !HelpButtonInstead(screens[i].screen)) {
                const char* icon = NavIcon(screens[i].screen);
                nav_w += (icon ? ImGui::CalcTextSize(icon).x + 28 : ImGui::CalcTextSize(core::Tr(screens[i].title_key), nullptr, true).x + 20) + 2 +
                         NavTabBadgeWidth(BadgeFor(screens[i].screen));
            }
        float buttons_w = ImGui::CalcTextSize((std::string(core::Tr("lang.switch")) + "##lang").c_str(), nullptr, true).x + 24 + 48 + 56 + 3 * gap;
        if (SignedIn())
            buttons_w += ImGui::CalcTextSize((std::string(ICON_USER "  ") + auth_.CurrentAccount().DisplayName()).c_str()).x + 28 + 48 + 2 * gap;
        else
            buttons_w += ImGui::CalcTextSize((std::string(ICON_SIGN_IN "  ") + core::Tr("header.login")).c_str()).x + 28 + gap;
        // Measured (Russian, signed in, 100 %): logo 134, tabs 656, buttons 363 of 1200 px.
        spare = right - (left + logo_w + 24 + nav_w + 16 + buttons_w);
        compact = spare < 0;
    }
    std::string lang_label = std::string(core::Tr("lang.switch")) + "##lang";
    float lang_w = compact ? 0.0f : ImGui::CalcTextSize(lang_label.c_str(), nullptr, true).x + 24;
    float contrast_w = compact ? 0.0f : 48.0f;
    float text_w = compact ? 0.0f : 56.0f;
    // The live connection: said when it is lost, and for a few seconds when it is back.
    bool lost = false, back = false;
    if (SignedIn()) {
        const client::EventStream& live = session_->live;
        lost = live.State() == client::LiveState::Reconnecting && live.Drops() > 0;
        back = !lost && live.State() == client::LiveState::Open && session_->live_back_at >= 0 && Now() - session_->live_back_at < 4.0;
        // A frame when «Связь восстановлена» is due to go (asked on every frame that shows it: a
        // timer asked for once can be swallowed by an earlier one).
        if (back) WakeAfter((int)((4.0 - (Now() - session_->live_back_at)) * 1000) + 50);
    }
    std::string badge_text = lost || back ? core::Tr(lost ? "live.lost" : "live.back") : "";
    const char* badge_icon = lost ? ICON_WIFI : ICON_CHECK;
    ImVec2 badge_tsz = ImGui::CalcTextSize(badge_text.c_str()), badge_isz = ImGui::CalcTextSize(badge_icon);
    // The badge's words when there is room for them; else its icon, with the words as a tooltip
    // (the layout does not jump to the menu because the connection dropped).
    bool badge_words = !compact && badge_isz.x + badge_tsz.x + 32 + gap <= spare;
    float badge_w = badge_text.empty() ? 0.0f : badge_words ? badge_isz.x + badge_tsz.x + 32 : badge_isz.x + 24;
    std::string name = SignedIn() ? std::string(ICON_USER "  ") + auth_.CurrentAccount().DisplayName() + "##header-user" : "";
    float name_w = SignedIn() && !compact ? ImGui::CalcTextSize(name.c_str(), nullptr, true).x + 28 : 0.0f;
    float out_w = SignedIn() ? 48.0f : 0.0f;
    std::string login_label = tiny ? std::string(ICON_SIGN_IN "##header-login") : std::string(ICON_SIGN_IN "  ") + core::Tr("header.login") + "##header-login";
    float login_w = SignedIn() ? 0.0f : tiny ? 48.0f : ImGui::CalcTextSize(login_label.c_str(), nullptr, true).x + 28;
    float menu_w = compact ? 48.0f : 0.0f;
    // With the tabs in the menu, the bell and its count stay in sight (not on the tiniest header,
    // where the menu button carries a dot and the menu the count).
    int unread = BadgeFor(core::Screen::Notifications);
    float bell_w = compact && SignedIn() && !tiny ? 48.0f + (unread > 0 ? NavTabBadgeWidth(unread) - 8 : 0.0f) : 0.0f;
    float user_w = 0;
    for (float w : {bell_w, menu_w, lang_w, contrast_w, text_w, badge_w, name_w, out_w, login_w})
        if (w > 0) user_w += w + (user_w > 0 ? gap : 0);
    float x = right - user_w;
    auto next = [&](float w) {
        ImGui::SetCursorScreenPos(ImVec2(x, y));
        x += w + gap;
    };

    core::Screen current_nav = core::InfoFor(screen_).nav_parent;
    if (!compact) {
        ImGui::SetCursorScreenPos(ImVec2(left + logo_w + 24, y));
        A11yCollector::SetRegion(core::A11yRegion::Navigation);
        ImGui::BeginChild("##nav", ImVec2(ImMax(10.0f, right - user_w - 16 - (left + logo_w + 24)), 44), ImGuiChildFlags_NavFlattened, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground);
        int drawn = 0;
        for (int i = 0; i < count; i++) {
            if (!screens[i].in_main_nav || ProfileByName(screens[i].screen, SignedIn()) || HelpButtonInstead(screens[i].screen)) continue;
            if (drawn++ > 0) ImGui::SameLine(0, 2);
            if (NavTab(core::Tr(screens[i].title_key), screens[i].screen == current_nav, BadgeFor(screens[i].screen), NavIcon(screens[i].screen)))
                Navigate(screens[i].screen);
        }
        ImGui::EndChild();
        A11yCollector::SetRegion(core::A11yRegion::Banner);
    } else {
        if (bell_w > 0) {
            next(bell_w);
            ImVec2 at = ImGui::GetCursorScreenPos();
            std::string name = core::Tr("nav.notifications");
            A11yCollector::SetNextName(unread > 0 ? name + ", " + core::TrN("header.unread_count", unread) : name);
            if (SecondaryButton((std::string(ICON_BELL) + "##header-bell").c_str(), ImVec2(bell_w, 44))) Navigate(core::Screen::Notifications);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", name.c_str());
            if (unread > 0) DrawCountPill(ImVec2(at.x + bell_w - 8, at.y + 4), unread, /*right_aligned=*/true);
        }
        // Phone layout: a «Меню» button opens the navigation as a list.
        std::string menu_label = std::string(menu_open_ ? ICON_TIMES : ICON_BARS) + "##menu";
        next(menu_w);
        ImVec2 menu_at = ImGui::GetCursorScreenPos();
        A11yCollector::SetNextName(core::Tr("nav.menu"));
        A11yCollector::SetNextState(core::A11yState_Expandable | (menu_open_ ? (unsigned)core::A11yState_Expanded : 0u));
        if (SecondaryButton(menu_label.c_str(), ImVec2(menu_w, 44))) menu_open_ = !menu_open_;
        if (bell_w == 0 && unread > 0)
            dl->AddCircleFilled(ImVec2(menu_at.x + menu_w - 8, menu_at.y + 8), 5.0f, color::Rgb(color::kError));
    }
    if (lang_w > 0) {
        next(lang_w);
        A11yCollector::SetNextName(core::Tr("lang.switch_name"));
        if (SecondaryButton(lang_label.c_str(), ImVec2(lang_w, 44)))
            SetLanguage(language_ == core::Language::English ? core::Language::Russian : core::Language::English);
    }
    if (contrast_w > 0) {
        next(contrast_w);
        A11yCollector::SetNextName(core::Tr("theme.high_contrast"));
        if (ToggleButton((std::string(ICON_EYE) + "##contrast").c_str(), ImVec2(contrast_w, 44), high_contrast_)) SetHighContrast(!high_contrast_);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", core::Tr("theme.high_contrast"));
    }
    if (text_w > 0) {
        next(text_w);
        std::string text_size = core::Tr("text.size", {{"percent", text_percent_}});
        A11yCollector::SetNextName(text_size);
        if (SecondaryButton((core::Tr("text.short", {{"percent", text_percent_}}) + "##text-size").c_str(), ImVec2(text_w, 44)))
            SetTextPercent(NextTextPercent(text_percent_));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text_size.c_str());
    }
    if (badge_w > 0) {
        ImVec2 at(x, y);
        next(badge_w);
        ImGui::Dummy(ImVec2(badge_w, 44));
        A11yCollector::AddStatic(core::A11yRole::Status, badge_text);
        dl->AddRectFilled(ImVec2(at.x, at.y + 6), ImVec2(at.x + badge_w, at.y + 38), color::Rgb(lost ? color::kErrorSoft : color::kAccentSoft), 16.0f);
        ImU32 ink = color::Rgb(lost ? color::kError : color::kSuccess);
        float ty = at.y + 22 - badge_tsz.y * 0.5f;
        dl->AddText(ImVec2(at.x + 12, ty), ink, badge_icon);
        if (badge_words) dl->AddText(ImVec2(at.x + 20 + badge_isz.x, ty), ink, badge_text.c_str());
        if (!badge_words && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", badge_text.c_str());
    }
    if (name_w > 0) {
        next(name_w);
        A11yCollector::SetNextName(std::string(core::Tr("header.account")) + ": " + auth_.CurrentAccount().DisplayName());
        bool here = current_nav == core::Screen::Profile;
        A11yCollector::SetNextState(here ? (unsigned)core::A11yState_Selected : 0u);
        ImVec2 at = ImGui::GetCursorScreenPos();
        if (SecondaryButton(name.c_str(), ImVec2(name_w, 44))) Navigate(core::Screen::Profile);
        // The current section is underlined, as the tabs are.
        if (here) dl->AddRectFilled(ImVec2(at.x + 8, at.y + 44 + 4), ImVec2(at.x + name_w - 8, at.y + 44 + 7), color::Rgb(color::kAccent), 2.0f);
    }
    if (out_w > 0) {
        next(out_w);
        A11yCollector::SetNextName(core::Tr("header.logout"));
        if (SecondaryButton((std::string(ICON_SIGN_OUT) + "##header-logout").c_str(), ImVec2(out_w, 44))) Logout();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", core::Tr("header.logout"));
    }
    if (login_w > 0) {
        next(login_w);
        A11yCollector::SetNextName(core::Tr("header.login"));
        if (SecondaryButton(login_label.c_str(), ImVec2(login_w, 44))) {
            return_to_ = core::Screen::Profile;
            return_param_.clear();
            Navigate(core::Screen::Login);
        }
    }

    if (compact && menu_open_) {
        ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + size::kHeaderHeight));
        // At 200 % text the menu is taller than a phone's page: it scrolls inside the window.
        ImGui::SetNextWindowSizeConstraints(ImVec2(vp->Size.x, 0), ImVec2(vp->Size.x, vp->Size.y - size::kHeaderHeight));
        ImGui::PushStyleColor(ImGuiCol_WindowBg, color::V(color::kCard));
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(16, 12));
        ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.0f);
        ImGui::Begin("##menu-panel", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                     ImGuiWindowFlags_NoMove | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
        A11yCollector::SetRegion(core::A11yRegion::Navigation);
        for (int i = 0; i < count; i++) {
            if (!screens[i].in_main_nav) continue;
            bool current = screens[i].screen == current_nav;
            A11yCollector::SetNextRole(core::A11yRole::Link);
            A11yCollector::SetNextState(current ? (unsigned)core::A11yState_Selected : 0u);
            std::string item = core::Tr(screens[i].title_key);
            if (int badge = BadgeFor(screens[i].screen)) {
                A11yCollector::SetNextName(item + ", " + core::TrN("header.unread_count", badge));
                item += "  (" + std::to_string(badge) + ")";
            }
            if (ImGui::Selectable((item + "##nav" + std::to_string(i)).c_str(), current, 0, ImVec2(0, 48))) Navigate(screens[i].screen);
        }
        ImGui::Separator();
        A11yCollector::SetNextRole(core::A11yRole::CheckBox);
        A11yCollector::SetNextName(core::Tr("theme.high_contrast"));
        A11yCollector::SetNextState(high_contrast_ ? (unsigned)core::A11yState_Checked : 0u);
        if (ImGui::Selectable((std::string(ICON_EYE "  ") + core::Tr("theme.high_contrast") + "##contrast").c_str(), high_contrast_, 0, ImVec2(0, 48)))
            SetHighContrast(!high_contrast_);
        A11yCollector::SetNextRole(core::A11yRole::Button);
        std::string text_size = core::Tr("text.size", {{"percent", text_percent_}});
        A11yCollector::SetNextName(text_size);
        if (ImGui::Selectable((text_size + "##text-size").c_str(), false, 0, ImVec2(0, 48))) SetTextPercent(NextTextPercent(text_percent_));
        A11yCollector::SetNextRole(core::A11yRole::Button);
        A11yCollector::SetNextName(core::Tr("lang.switch_name"));
        if (ImGui::Selectable((std::string(core::Tr("lang.switch")) + "##lang").c_str(), false, 0, ImVec2(0, 48))) {
            SetLanguage(language_ == core::Language::English ? core::Language::Russian : core::Language::English);
            menu_open_ = false;
        }
        ImGui::End();
        A11yCollector::SetRegion(core::A11yRegion::Banner);
        ImGui::PopStyleVar(2);
        ImGui::PopStyleColor();
    }
}

// Screens that read the signed-in texts (lang/<locale>.personal.json on the web): the signed-in
// ones, registration and recovery (their checks name profile fields: the «profile» section went
// there to keep the first load under 600 KiB) and a form being filled in.
bool App::NeedsPersonalTexts(core::Screen s) const {
    return core::InfoFor(s).needs_login || s == core::Screen::Register || s == core::Screen::Recover ||
           (s == core::Screen::ServiceForm && SignedIn());
}

void App::DrawPage() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    float top = size::kHeaderHeight;
    ImGui::SetCursorScreenPos(ImVec2(vp->Pos.x, vp->Pos.y + top));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, color::V(color::kPage));
    ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 0.0f);
    // A child of the root window, flattened for navigation: one tab order with the header.
    // Above the kiosk's keyboard while it is out: the field being typed in can be scrolled to.
    ImGui::BeginChild("##page", ImVec2(vp->Size.x, vp->Size.y - top - osk_height_), ImGuiChildFlags_NavFlattened, ImGuiWindowFlags_NoSavedSettings);
    page_window_ = ImGui::GetCurrentWindow();
    if (skip_to_content_) {
        skip_to_content_ = false;
        ImGui::SetScrollY(0.0f);
        ImGui::SetKeyboardFocusHere();  // the next focusable item: the page's first
    }
    float pad = narrow_ ? 16.0f : 32.0f;
    float content_w = ImMin(vp->Size.x - pad * 2, size::kContentMaxWidth);
    float left = (vp->Size.x - content_w) * 0.5f;
    ImGui::SetCursorPos(ImVec2(left, narrow_ ? 20.0f : 36.0f));
    ImGui::BeginGroup();
    ImGui::PushItemWidth(content_w);
    ImGui::PushTextWrapPos(left + content_w);
    // A column of fixed width: Dummy sets the group's width so wrapped text uses it.
    ImGui::Dummy(ImVec2(content_w, 0));

    if (backend_ == BackendState::Down) {
        if (Alert(AlertKind::Error, backend_message_.c_str(), core::Tr("backend.retry"))) CheckBackend();
        ImGui::Dummy(ImVec2(0, 8));
    }

    // Said in both languages: the English texts are what did not come.
    if (language_failed_ && Alert(AlertKind::Error, core::Tr("lang.load_failed"), core::Tr("common.retry"))) SetLanguage(core::Language::English);
    if (page_failed_ && Alert(AlertKind::Error, core::Tr("backend.malformed"), core::Tr("common.retry"))) {
        page_failed_ = false;
        std::string hash = core::HashFor(screen_, route_param);
        screen_ = core::Screen::NotFound;  // so that the screen reloads what it shows
        OnHashChanged(hash);
    }
    // A signed-in screen waits for its texts (the web fetches them when sign-in starts; they are
    // in long before it ends, so this shows only on a slow or broken connection).
    if (NeedsPersonalTexts(screen_) && !PersonalTextsReady()) {
        WantPersonalTexts();
        if (personal_ru_ == TextPart::Failed || personal_en_ == TextPart::Failed) {
            if (Alert(AlertKind::Error, core::Tr("lang.personal_failed"), core::Tr("common.retry"))) {
                if (personal_ru_ == TextPart::Failed) personal_ru_ = TextPart::Missing;
                if (personal_en_ == TextPart::Failed) personal_en_ = TextPart::Missing;
                WantPersonalTexts();
            }
        } else {
            Paragraph(core::Tr("common.loading"), true);
        }
    } else {
        ViewFor(screen_).draw(*this);
    }
    // The page's foot: support for whoever comes to the end of a page with the keyboard or a
    // screen reader (the corner's «Помощь» is a window of its own, outside the page's Tab order).
    if (SignedIn() && core::InfoFor(screen_).nav_parent != core::Screen::Support && PersonalTextsReady()) {
        ImGui::Dummy(ImVec2(0, 24));
        ImGui::Separator();
        ImGui::Dummy(ImVec2(0, 8));
        A11yCollector::SetRegion(core::A11yRegion::ContentInfo);
        if (LinkButton((std::string(core::Tr("header.help_footer")) + "##help-footer").c_str())) Navigate(core::Screen::Support);
        A11yCollector::SetRegion(core::A11yRegion::Main);
    }
    // Room under the last line for the corner buttons («Помощь», the kiosk's voice), which float
    // above the page: scrolled to its end, nothing of it lies under them (at 200 % on a kiosk the
    // voice button covered «Войти»).
    ImGui::Dummy(ImVec2(0, kiosk_ || HelpButtonShown() ? kCornerButtonHeight + kCornerMargin + 16 : 40));
    ImGui::PopTextWrapPos();
    ImGui::PopItemWidth();
    ImGui::EndGroup();
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

// -- profile data ------------------------------------------------------------------------

void App::LoadProfile() {
    ProfileState& profile = session_->profile;
    if (profile.editing) return;
    if (!profile.load.Start()) return;  // on its way: loaded again when it arrives
    api.Get("/profile", session_->Guard([this, &profile](client::ApiResult r) {
        scheduler_.Request(2);
        if (profile.load.Finish()) LoadProfile();
        if (!r.error.ok()) { profile.error = r.error; return; }
        if (!r.body.is_object() || !r.body.contains("data") || !r.body["data"].is_object()) {
            profile.error.kind = client::ApiErrorKind::Malformed;
            profile.error.code = "malformed";
            return;
        }
        profile.error = client::ApiError();
        profile.data = r.body["data"];
        profile.verified = r.body.value("verified", nlohmann::json::array());
        profile.version = r.body.value("version", 0);
        profile.loaded = true;
    }));
}

void App::LoadVersions() {
    ProfileState& profile = session_->profile;
    profile.versions_loading = true;
    api.Get("/profile/versions", session_->Guard([this, &profile](client::ApiResult r) {
        profile.versions_loading = false;
        scheduler_.Request(2);
        if (!r.error.ok()) { profile.error = r.error; return; }
        profile.versions = r.body.value("items", nlohmann::json::array());
    }));
}

void App::LoadConsents() {
    ProfileState& profile = session_->profile;
    api.Get("/consents", session_->Guard([this, &profile](client::ApiResult r) {
        scheduler_.Request(2);
        if (!r.error.ok()) { profile.error = r.error; return; }
        profile.consents = r.body.value("items", nlohmann::json::array());
        profile.consent_purposes = r.body.value("purposes", nlohmann::json::object());
    }));
}

void App::LoadSecurity() {
    ProfileState& profile = session_->profile;
    api.Get("/sessions", session_->Guard([this, &profile](client::ApiResult r) {
        scheduler_.Request(2);
        if (!r.error.ok()) { profile.error = r.error; return; }
        profile.sessions = r.body.value("items", nlohmann::json::array());
    }));
    api.Get("/security-log?limit=50", session_->Guard([this, &profile](client::ApiResult r) {
        scheduler_.Request(2);
        if (!r.error.ok()) { profile.error = r.error; return; }
        profile.log = r.body.value("items", nlohmann::json::array());
    }));
    api.Get("/me", session_->Guard([this, &profile](client::ApiResult r) {
        scheduler_.Request(2);
        if (!r.error.ok() || !r.body.is_object()) return;  // the card then offers nothing
        profile.email = core::JsonText(r.body, "email");
        profile.email_confirmed = core::JsonBool(r.body, "email_confirmed");
        profile.email_known = true;
    }));
}

}  // namespace ui
