#include "ui_driver.h"

#include <chrono>
#include <cstdio>
#include <thread>

#include "platform/native/font_files.h"

namespace testing_support {

UiDriver::UiDriver(const std::string& api_url, ImVec2 size, const std::string& start_hash, std::map<std::string, std::string>* shared_storage, bool kiosk)
    : api_(transport_, api_url), size_(size) {
    if (shared_storage) storage = shared_storage;
    ctx_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(ctx_);
    ImGuiIO& io = ImGui::GetIO();
    // No renderer: declare texture support so the atlas is built on demand, as in ImGui's
    // example_null, and mark each texture update as done after every frame.
    io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;
    std::string err;
    if (!native::LoadFontFiles(LK_ASSETS_DIR, &fonts_, &err)) fprintf(stderr, "%s\n", err.c_str());
    crypto::Init();
    kdf_ = crypto::MakeThreadKdfRunner();
    ui::PlatformHooks hooks;
    hooks.set_hash = [this](const std::string& h) { hashes.push_back(h); };
    hooks.replace_hash = [this](const std::string& h) {
        if (hashes.empty()) hashes.push_back(h); else hashes.back() = h;
    };
    hooks.now_seconds = [this] { return clock_; };
    hooks.wipe_local_data = [this] {
        wipes++;
        storage->clear();
    };
    hooks.save_file = [this](const std::string& name, const std::string& mime, const std::string& bytes) {
        saved.push_back({name, mime, bytes});
    };
    hooks.pick_file = [this](const std::string& accept) {
        picker_accept = accept;
        pickers_opened++;
    };
    hooks.local_store.put = [this](const std::string& k, const std::string& v) { (*storage)[k] = v; };
    hooks.local_store.get = [this](const std::string& k) {
        auto it = storage->find(k);
        return it == storage->end() ? std::string() : it->second;
    };
    hooks.local_store.remove = [this](const std::string& k) { storage->erase(k); };
    hooks.kiosk = kiosk;
    hooks.speak = [this](const std::string& text, const std::string&, bool) { spoken.push_back(text); };
    hooks.wake_after = [this](int ms) {
        if (wake_ms < 0 || ms < wake_ms) wake_ms = ms;
    };
    app_ = new ui::App(api_, *kdf_, scheduler_, hooks);
    app_->Init(fonts_);
    if (!start_hash.empty()) app_->OnHashChanged(start_hash);
    Frame();
}

UiDriver::~UiDriver() {
    delete app_;
    ImGui::DestroyContext(ctx_);
}

void UiDriver::Frame() {
    ImGui::SetCurrentContext(ctx_);
    ImGuiIO& io = ImGui::GetIO();
    // As the web platform does: the app lays out in window ÷ text scale (tests/ui/test_text_size.cpp).
    float scale = app_ ? app_->TextScale() : 1.0f;
    io.DisplaySize = ImVec2(size_.x / scale, size_.y / scale);
    io.DeltaTime = 1.0f / 60.0f;
    wake_ms = -1;
    ImGui::NewFrame();
    app_->Frame();
    ImGui::Render();
    for (ImTextureData* tex : ImGui::GetPlatformIO().Textures)
        if (tex->Status != ImTextureStatus_OK && tex->Status != ImTextureStatus_Destroyed) {
            if (tex->Status == ImTextureStatus_WantDestroy) tex->SetStatus(ImTextureStatus_Destroyed);
            else { tex->SetTexID((ImTextureID)1); tex->SetStatus(ImTextureStatus_OK); }
        }
    scheduler_.OnFrameDrawn();
}

void UiDriver::Frames(int n) {
    for (int i = 0; i < n; i++) Frame();
}

bool UiDriver::WaitUntil(const std::function<bool()>& cond, double seconds) {
    auto start = std::chrono::steady_clock::now();
    for (;;) {
        Frame();
        if (cond()) return true;
        if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > seconds) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        clock_ += 0.01;
    }
}

void UiDriver::SettleAuth() {
    for (int i = 0; i < 2000 && (app_->auth_.Busy() || api_.InFlight() > 0); i++) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        Frame();
    }
    Frames(2);
}

void UiDriver::SettleNetwork() {
    for (int i = 0; i < 500 && api_.InFlight() > 0; i++) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        Frame();
    }
    Frames(2);
}

const std::vector<core::A11yNode>& UiDriver::Nodes() const { return app_->A11y().Nodes(); }

const core::A11yNode* UiDriver::Find(core::A11yRole role, const std::string& name) const {
    for (const core::A11yNode& n : Nodes())
        if (n.role == role && n.name == name) return &n;
    return nullptr;
}

const core::A11yNode* UiDriver::FindFocused() const {
    for (const core::A11yNode& n : Nodes())
        if (n.state & core::A11yState_Focused) return &n;
    return nullptr;
}

bool UiDriver::HasText(core::A11yRole role, const std::string& substring) const {
    for (const core::A11yNode& n : Nodes())
        if (n.role == role && n.name.find(substring) != std::string::npos) return true;
    return false;
}

void UiDriver::ClickAt(float x, float y) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(x, y);
    Frame();
    io.AddMouseButtonEvent(0, true);
    Frame();
    io.AddMouseButtonEvent(0, false);
    Frames(2);
}

bool UiDriver::Click(core::A11yRole role, const std::string& name) {
    // Auto-sized cards settle over a couple of frames after a screen opens: let the layout
    // come to rest before reading where the item is, as a person's eye would.
    Frames(3);
    const core::A11yNode* n = Find(role, name);
    if (!n) return false;
    ClickAt(n->x + n->w * 0.5f, n->y + n->h * 0.5f);
    return true;
}

bool UiDriver::ScrollAndClick(core::A11yRole role, const std::string& name) {
    ImGuiIO& io = ImGui::GetIO();
    const float scale = app_->TextScale();
    const ImVec2 shown(size_.x / scale, size_.y / scale);  // the app's pixels at this text size
    // Scroll with the wheel until the item is wholly on screen: towards it when it is partly
    // visible, otherwise down first, then up (it may be above or below what is shown).
    for (int i = 0; i < 120; i++) {
        const core::A11yNode* n = Find(role, name);
        float dir;
        if (n) {
            bool inside = n->y >= 80 && n->y + n->h <= shown.y - 4 && n->h >= 16;
            if (inside) return Click(role, name);
            dir = n->y < 80 ? 1.0f : -1.0f;
        } else {
            dir = i < 60 ? -1.0f : 1.0f;
        }
        io.AddMousePosEvent(shown.x * 0.5f, shown.y * 0.6f);
        io.AddMouseWheelEvent(0.0f, dir * 0.5f);
        Frames(2);
    }
    return false;
}

void UiDriver::Type(const std::string& utf8) {
    ImGui::GetIO().AddInputCharactersUTF8(utf8.c_str());
    Frames(2);
}

void UiDriver::Press(ImGuiKey key, bool ctrl) {
    ImGuiIO& io = ImGui::GetIO();
    if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, true);
    io.AddKeyEvent(key, true);
    Frame();
    io.AddKeyEvent(key, false);
    if (ctrl) io.AddKeyEvent(ImGuiMod_Ctrl, false);
    Frames(2);
}

void UiDriver::Resize(ImVec2 size) {
    size_ = size;
    Frames(3);
}

}  // namespace testing_support
