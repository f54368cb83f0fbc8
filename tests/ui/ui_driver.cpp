#include "ui_driver.h"

#include <chrono>
#include <cstdio>
#include <thread>

#include "platform/native/font_files.h"

namespace testing_support {

UiDriver::UiDriver(const std::string& api_url, ImVec2 size, const std::string& start_hash) : api_(transport_, api_url), size_(size) {
    ctx_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(ctx_);
    ImGuiIO& io = ImGui::GetIO();
    // No renderer: declare texture support so the atlas is built on demand, as in ImGui's
    // example_null, and mark each texture update as done after every frame.
    io.BackendFlags |= ImGuiBackendFlags_RendererHasTextures;
    std::string err;
    if (!native::LoadFontFiles(LK_ASSETS_DIR, &fonts_, &err)) fprintf(stderr, "%s\n", err.c_str());
    ui::PlatformHooks hooks;
    hooks.set_hash = [this](const std::string& h) { hashes.push_back(h); };
    app_ = new ui::App(api_, scheduler_, hooks);
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
    io.DisplaySize = size_;
    io.DeltaTime = 1.0f / 60.0f;
    api_.Poll();
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
    const core::A11yNode* n = Find(role, name);
    if (!n) return false;
    ClickAt(n->x + n->w * 0.5f, n->y + n->h * 0.5f);
    return true;
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
