#include "ui/app.h"

#include "imgui.h"
#include "imgui_internal.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

App::App(client::ApiClient& api, core::FrameScheduler& scheduler, PlatformHooks hooks)
    : api_(api), scheduler_(scheduler), hooks_(std::move(hooks)) {}

void App::Init(const FontFiles& fonts) {
    std::string err;
    strings_.LoadJson(core::EmbeddedRussianCatalog(), &err);
    core::SetCurrentCatalog(&strings_);
    ApplyTheme();
    fonts_ = LoadFonts(fonts);
    SetWidgetFonts(fonts_);
    a11y_.Attach(ImGui::GetCurrentContext());
    CheckBackend();
}

void App::CheckBackend() {
    backend_ = BackendState::Checking;
    int generation = ++health_generation_;
    api_.CheckHealth([this, generation](client::ApiResult r) {
        if (generation != health_generation_) return;  // a newer check superseded this one
        if (r.error.ok()) {
            backend_ = BackendState::Up;
            backend_message_.clear();
        } else {
            backend_ = BackendState::Down;
            backend_message_ = std::string(core::Tr("backend.down")) + " (" + r.error.message + ")";
        }
        scheduler_.Request(2);
    });
}

void App::OnHashChanged(const std::string& hash) {
    core::Screen s = core::ParseHash(hash);
    if (s != screen_) {
        screen_ = s;
        menu_open_ = false;
        // A new page starts at its top. (Before the first frame there is no page window yet.)
        if (ImGuiWindow* page = ImGui::FindWindowByName("##page")) ImGui::SetScrollY(page, 0.0f);
    }
    scheduler_.Request(3);
}

void App::Navigate(core::Screen screen) {
    std::string hash = core::HashFor(screen);
    if (hooks_.set_hash) hooks_.set_hash(hash);
    OnHashChanged(hash);
}

void App::Frame() {
    a11y_.BeginFrame();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    narrow_ = vp->Size.x < size::kNarrow;
    DrawHeader();
    DrawPage();
    a11y_.EndFrame();
}

void App::DrawHeader() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x, size::kHeaderHeight));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, color::V(color::kCard));
    ImGui::Begin("##header", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddLine(ImVec2(vp->Pos.x, vp->Pos.y + size::kHeaderHeight - 1), ImVec2(vp->Pos.x + vp->Size.x, vp->Pos.y + size::kHeaderHeight - 1), color::Rgb(color::kBorder));

    float pad = narrow_ ? 16.0f : 32.0f;
    float content_w = ImMin(vp->Size.x - pad * 2, size::kContentMaxWidth + 160);
    float left = vp->Pos.x + (vp->Size.x - content_w) * 0.5f;
    // Logo: «Госуслуги · Личный кабинет», a link to the catalog.
    ImGui::SetCursorScreenPos(ImVec2(left, vp->Pos.y + 14));
    ImGui::PushID("logo");
    A11yCollector::SetNextRole(core::A11yRole::Link);
    A11yCollector::SetNextName(std::string(core::Tr("app.name")) + " — " + core::Tr("nav.catalog"));
    ImVec2 logo_pos = ImGui::GetCursorScreenPos();
    ImGui::PushFont(fonts_.bold, 24.0f);
    ImVec2 name_size = ImGui::CalcTextSize(core::Tr("app.name"));
    ImGui::PopFont();
    float logo_w = 40 + name_size.x;
    if (ImGui::InvisibleButton("##logo", ImVec2(logo_w, 44))) Navigate(core::Screen::Catalog);
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    dl->AddRectFilled(logo_pos, ImVec2(logo_pos.x + 32, logo_pos.y + 32 + 6), color::Rgb(color::kAccent), 8.0f);
    ImGui::PushFont(fonts_.regular, 20.0f);
    ImVec2 isz = ImGui::CalcTextSize(ICON_UNIVERSITY);
    dl->AddText(ImVec2(logo_pos.x + 16 - isz.x * 0.5f, logo_pos.y + 19 - isz.y * 0.5f), IM_COL32_WHITE, ICON_UNIVERSITY);
    ImGui::PopFont();
    ImGui::PushFont(fonts_.bold, 24.0f);
    dl->AddText(ImVec2(logo_pos.x + 42, logo_pos.y + 4), color::Rgb(color::kAccent), core::Tr("app.name"));
    ImGui::PopFont();
    ImGui::PopID();

    float right = left + content_w;
    // User area, right-aligned: the citizen's name (later: from the session) or «Войти».
    const char* user_label = core::Tr("header.login");
    std::string login_label = std::string(ICON_SIGN_IN "  ") + user_label + "##header-login";
    ImVec2 lsz = ImGui::CalcTextSize(login_label.c_str(), nullptr, true);
    float btn_w = lsz.x + 28;
    ImGui::SetCursorScreenPos(ImVec2(right - btn_w, vp->Pos.y + 14));
    if (SecondaryButton(login_label.c_str(), ImVec2(btn_w, 44))) Navigate(core::Screen::Login);

    int count = 0;
    const core::ScreenInfo* screens = core::AllScreens(&count);
    if (!narrow_) {
        ImGui::SetCursorScreenPos(ImVec2(left + logo_w + 24, vp->Pos.y + 14));
        ImGui::BeginChild("##nav", ImVec2(right - btn_w - 16 - (left + logo_w + 24), 44), ImGuiChildFlags_None, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground);
        int drawn = 0;
        for (int i = 0; i < count; i++) {
            if (!screens[i].in_main_nav) continue;
            if (drawn++ > 0) ImGui::SameLine(0, 2);
            if (NavTab(core::Tr(screens[i].title_key), screens[i].screen == screen_)) Navigate(screens[i].screen);
        }
        ImGui::EndChild();
    } else {
        // Phone layout: a «Меню» button left of «Войти» opens the navigation as a list.
        std::string menu_label = std::string(menu_open_ ? ICON_TIMES : ICON_BARS) + "##menu";
        ImGui::SetCursorScreenPos(ImVec2(right - btn_w - 56, vp->Pos.y + 14));
        A11yCollector::SetNextName(core::Tr("nav.menu"));
        A11yCollector::SetNextState(core::A11yState_Expandable | (menu_open_ ? (unsigned)core::A11yState_Expanded : 0u));
        if (SecondaryButton(menu_label.c_str(), ImVec2(48, 44))) menu_open_ = !menu_open_;
    }
    ImGui::End();
    ImGui::PopStyleColor();

    if (narrow_ && menu_open_) {
        ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + size::kHeaderHeight));
        ImGui::SetNextWindowSize(ImVec2(vp->Size.x, 0));
        ImGui::PushStyleColor(ImGuiCol_WindowBg, color::V(color::kCard));
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(16, 12));
        ImGui::Begin("##menu-panel", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
        for (int i = 0; i < count; i++) {
            if (!screens[i].in_main_nav) continue;
            bool current = screens[i].screen == screen_;
            A11yCollector::SetNextRole(core::A11yRole::Link);
            A11yCollector::SetNextState(current ? (unsigned)core::A11yState_Selected : 0u);
            if (ImGui::Selectable(core::Tr(screens[i].title_key), current, 0, ImVec2(0, 48))) Navigate(screens[i].screen);
        }
        ImGui::End();
        ImGui::PopStyleVar();
        ImGui::PopStyleColor();
    }
}

void App::DrawPage() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    float top = size::kHeaderHeight;
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + top));
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x, vp->Size.y - top));
    ImGui::Begin("##page", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
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

    switch (screen_) {
        case core::Screen::Login: DrawLoginView(*this); break;
        case core::Screen::Catalog: DrawCatalogView(*this); break;
        case core::Screen::NotFound: DrawNotFoundView(*this); break;
        default: DrawPlaceholderView(screen_); break;
    }
    ImGui::Dummy(ImVec2(0, 40));
    ImGui::PopTextWrapPos();
    ImGui::PopItemWidth();
    ImGui::EndGroup();
    ImGui::End();
}

}  // namespace ui
