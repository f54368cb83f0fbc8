// The application: owns the UI state of every screen and draws one frame. Platform layers
// (src/platform/web, src/platform/native) and the UI test driver create it, feed it input
// through ImGui, and call Frame() between ImGui::NewFrame() and ImGui::Render().
#pragma once
#include <functional>
#include <string>

#include "client/api_client.h"
#include "core/frame_scheduler.h"
#include "core/route.h"
#include "core/strings.h"
#include "ui/a11y_collector.h"
#include "ui/theme.h"

namespace ui {

enum class BackendState { Checking, Up, Down };

struct LoginForm {
    std::string identifier;
    std::string password;
    std::string identifier_error;
    std::string password_error;
    bool identifier_touched = false;
    bool submitted_once = false;
    std::string notice;
};

// What the app asks of its platform.
struct PlatformHooks {
    std::function<void(const std::string& hash)> set_hash;  // push a history entry
};

class App {
public:
    App(client::ApiClient& api, core::FrameScheduler& scheduler, PlatformHooks hooks);

    // Call once after ImGui::CreateContext(): theme, fonts, accessibility hooks.
    void Init(const FontFiles& fonts);
    // Draw one frame of UI (inside NewFrame/Render).
    void Frame();

    // Navigation: from the URL (hashchange / start) or from a click in the UI.
    void OnHashChanged(const std::string& hash);
    void Navigate(core::Screen screen);
    core::Screen CurrentScreen() const { return screen_; }

    void CheckBackend();
    BackendState Backend() const { return backend_; }
    const std::string& BackendMessage() const { return backend_message_; }

    const A11yCollector& A11y() const { return a11y_; }
    LoginForm& Login() { return login_; }
    bool NarrowLayout() const { return narrow_; }

private:
    void DrawHeader();
    void DrawPage();

    client::ApiClient& api_;
    core::FrameScheduler& scheduler_;
    PlatformHooks hooks_;
    core::StringCatalog strings_;
    A11yCollector a11y_;
    Fonts fonts_;
    core::Screen screen_ = core::Screen::Catalog;
    BackendState backend_ = BackendState::Checking;
    std::string backend_message_;
    LoginForm login_;
    std::string catalog_query_;
    bool narrow_ = false;
    bool menu_open_ = false;
    int health_generation_ = 0;

    friend void DrawLoginView(App& app);
    friend void DrawCatalogView(App& app);
};

// One view per file (src/ui/view_*.cpp).
void DrawLoginView(App& app);
void DrawCatalogView(App& app);
void DrawPlaceholderView(core::Screen screen);
void DrawNotFoundView(App& app);

}  // namespace ui
