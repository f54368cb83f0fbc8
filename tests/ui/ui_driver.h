// A small driver for headless UI tests: runs the real App in an ImGui context without a
// window (no renderer), finds items through the accessibility tree by role and name,
// injects mouse and keyboard input, and lets tests assert on what was drawn and on state.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "client/api_client.h"
#include "core/a11y_tree.h"
#include "core/frame_scheduler.h"
#include "crypto/kdf_runner.h"
#include "imgui.h"
#include "platform/native/curl_transport.h"
#include "ui/app.h"

namespace testing_support {

class UiDriver {
public:
    // start_hash: the URL's hash at start, given to the app before its first frame, as the
    // platform layers do.
    UiDriver(const std::string& api_url, ImVec2 size = ImVec2(1280, 800), const std::string& start_hash = "",
             std::map<std::string, std::string>* shared_storage = nullptr, bool kiosk = false);
    ~UiDriver();

    void Frame();
    void Frames(int n);
    // Frames until no request is in flight (or ~5 s passed).
    void SettleNetwork();

    const std::vector<core::A11yNode>& Nodes() const;
    const core::A11yNode* Find(core::A11yRole role, const std::string& name) const;
    const core::A11yNode* FindFocused() const;
    bool HasText(core::A11yRole role, const std::string& substring) const;

    // Click the centre of an item, like a person: move, press, release over a few frames.
    bool Click(core::A11yRole role, const std::string& name);
    void ClickAt(float x, float y);
    // Scrolls the page with the mouse wheel until the item is on screen (as a person would),
    // then clicks it. False when it never appears.
    bool ScrollAndClick(core::A11yRole role, const std::string& name);
    void Type(const std::string& utf8);
    void Press(ImGuiKey key, bool ctrl = false);
    void Resize(ImVec2 size);

    // Frames until the sign-in state machine is no longer working (or ~20 s passed).
    void SettleAuth();
    // Frames, with the app's clock moving as real time does, until cond() holds; false after
    // `seconds` (a generous limit for a busy machine — a passing run returns as soon as it holds).
    bool WaitUntil(const std::function<bool()>& cond, double seconds = 30);
    void AdvanceClock(double seconds) { clock_ += seconds; }

    ui::App& app() { return *app_; }
    std::vector<std::string> hashes;  // location hashes the app pushed
    struct SavedFile { std::string name, mime, bytes; };
    std::vector<SavedFile> saved;     // files the app offered for download
    int wipes = 0;                    // times the app asked to wipe local data
    // The device's storage (localStorage in the browser). Shared by drivers created with the
    // same map, so a second driver is the same browser after a reload.
    std::map<std::string, std::string>* storage = &own_storage_;
    std::string picker_accept;        // what the last file chooser was opened for
    int pickers_opened = 0;
    std::vector<std::string> spoken;  // what the kiosk's voice said (speechSynthesis on the web)
    int wake_ms = -1;                 // the earliest timer the last frame asked for (-1: none)

private:
    ImGuiContext* ctx_ = nullptr;
    ui::FontFiles fonts_;
    core::FrameScheduler scheduler_;
    native::CurlTransport transport_;
    client::ApiClient api_;
    std::unique_ptr<crypto::KdfRunner> kdf_;
    ui::App* app_ = nullptr;
    std::map<std::string, std::string> own_storage_;
    double clock_ = 1000.0;  // the app's clock: tests move it forward (idle logout)
    ImVec2 size_;
};

}  // namespace testing_support
