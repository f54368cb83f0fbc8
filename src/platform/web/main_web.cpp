// Browser entry point: WebGL2 context, ImGui with the OpenGL3 (GLES3) renderer, our own
// HTML5 input layer, and on-demand drawing (no frame is drawn while nothing changes).
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/console.h>
#include <emscripten/eventloop.h>
#include <emscripten/html5.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_set>

#include "client/api_client.h"
#include "crypto/login_keys.h"
#include "core/a11y_tree.h"
#include "core/frame_scheduler.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "platform/web/fetch_transport.h"
#include "platform/web/web_bridge.h"
#include "platform/web/web_input.h"
#include "platform/web/worker_kdf_runner.h"
#include "ui/app.h"
#include "ui/widgets.h"

namespace {

core::FrameScheduler g_scheduler;
ui::FontFiles g_fonts;
web::FetchTransport* g_transport = nullptr;
client::ApiClient* g_api = nullptr;
crypto::KdfRunner* g_kdf = nullptr;
ui::App* g_app = nullptr;
bool g_loop_running = false;
bool g_in_frame = false;
double g_last_time = 0.0;
int g_fb_w = 0, g_fb_h = 0;
std::string g_last_a11y;
std::string g_last_title;
unsigned g_last_focus = 0;
double g_a11y_sent_at = 0;
void ScheduleWake(int ms);
void ApplyWakePlan();
ImGuiMouseCursor g_last_cursor = ImGuiMouseCursor_COUNT;
bool g_text_input_active = false;
ImVec2 g_text_input_pos(-1, -1);
std::string g_clipboard;

EM_JS(void, js_set_language, (const char* lang), { Module.glue.setLanguage(UTF8ToString(lang)); });
EM_JS(void, js_load_language, (const char* lang), { Module.glue.loadLanguage(UTF8ToString(lang)); });
EM_JS(void, js_set_high_contrast, (int on), { Module.glue.setHighContrast(!!on); });
EM_JS(void, js_set_text_percent, (int percent), { Module.glue.setTextPercent(percent); });

EM_JS(void, js_wipe_storage, (), { Module.glue.wipeLocalData(); });
EM_JS(void, js_speak, (const char* text, const char* lang, int interrupt), { Module.glue.speak(UTF8ToString(text), UTF8ToString(lang), !!interrupt); });

// Canvas backing store = CSS size × devicePixelRatio: crisp text on HiDPI screens, while
// ImGui works in CSS pixels, the same units as mouse events.
// The canvas fills the window (style.css), so the window's inner size is its CSS size; reading
// it does not force a layout the way measuring the element would (the mirror changes the DOM
// between frames, and a forced layout then costs milliseconds per frame).
EM_JS(double, js_inner_width, (), { return window.innerWidth; });
EM_JS(double, js_inner_height, (), { return window.innerHeight; });

void UpdateCanvasSize() {
    double css_w = js_inner_width(), css_h = js_inner_height();
    double dpr = emscripten_get_device_pixel_ratio();
    int fb_w = (int)std::lround(css_w * dpr), fb_h = (int)std::lround(css_h * dpr);
    if (fb_w != g_fb_w || fb_h != g_fb_h) {
        emscripten_set_canvas_element_size("#canvas", fb_w, fb_h);
        g_fb_w = fb_w;
        g_fb_h = fb_h;
    }
    // The text size scales everything: the app lays out in (CSS px ÷ scale) and each of its
    // pixels covers `scale` CSS pixels — like the browser's zoom, so text at 200 % reflows.
    float scale = g_app ? g_app->TextScale() : 1.0f;
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2((float)css_w / scale, (float)css_h / scale);
    io.DisplayFramebufferScale = ImVec2((float)dpr * scale, (float)dpr * scale);
    web::SetInputScale(scale);
}

const char* CssCursor(ImGuiMouseCursor c) {
    switch (c) {
        case ImGuiMouseCursor_TextInput: return "text";
        case ImGuiMouseCursor_Hand: return "pointer";
        case ImGuiMouseCursor_NotAllowed: return "not-allowed";
        case ImGuiMouseCursor_ResizeNS: return "ns-resize";
        case ImGuiMouseCursor_ResizeEW: return "ew-resize";
        default: return "default";
    }
}

void RequestFrames(int n);

void DrawFrame() {
    if (g_in_frame) return;  // a callback fired while drawing: the scheduled frame catches it
    g_in_frame = true;
    double frame_start = emscripten_get_now();
    UpdateCanvasSize();
    ImGuiIO& io = ImGui::GetIO();
    double now = emscripten_get_now() / 1000.0;
    io.DeltaTime = g_last_time > 0 ? (float)std::fmax(now - g_last_time, 1e-4) : 1.0f / 60.0f;
    // Long idle gaps must not look like one huge frame to ImGui's timers.
    if (io.DeltaTime > 0.25f) io.DeltaTime = 0.25f;
    g_last_time = now;

    if (web::StepFling()) RequestFrames(2);  // a flicked page moves on until it comes to rest
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    g_app->Frame();
    ImGui::Render();
    glViewport(0, 0, g_fb_w, g_fb_h);
    ImVec4 page = ui::color::V(ui::color::kPage);  // the palette's page colour
    glClearColor(page.x, page.y, page.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    double gl_start = emscripten_get_now();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    double gl_ms = emscripten_get_now() - gl_start;

    // Page-side state follows the frame: cursor, hidden text input, accessibility mirror.
    ImGuiMouseCursor cursor = ImGui::GetMouseCursor();
    if (cursor != g_last_cursor) {
        web::SetCursor(CssCursor(cursor));
        g_last_cursor = cursor;
    }
    const auto& nodes = g_app->A11y().Nodes();
    unsigned focus = 0;
    for (const auto& n : nodes)
        if (n.state & core::A11yState_Focused) focus = n.id;
    double mirror_ms = 0;
    std::string json = core::SerializeA11y(nodes, g_app->TextScale());
    if (json != g_last_a11y || focus != g_last_focus) {
        // The mirror follows at most every 100 ms while things move (a scrolling list changes it
        // every frame; assistive tech needs where it comes to rest), and at once after a pause.
        // Throttling here, not in JS, also spares the page a string per frame to collect.
        double now_ms = emscripten_get_now();
        if (now_ms - g_a11y_sent_at >= 100.0 || focus != g_last_focus) {
            double mirror_start = emscripten_get_now();
            web::UpdateAccessibilityMirror(json, focus);
            mirror_ms = emscripten_get_now() - mirror_start;
            g_last_a11y.swap(json);
            g_last_focus = focus;
            g_a11y_sent_at = now_ms;
        } else {
            ScheduleWake((int)(100.0 - (now_ms - g_a11y_sent_at)) + 1);
        }
    }
    // The page's title follows the screen («Каталог услуг — Госуслуги»): what a screen reader
    // says first on a new page, and the name of the tab.
    std::string title = g_app->A11y().Title();
    title = title.empty() ? std::string(core::Tr("app.name")) : title + " — " + core::Tr("app.name");
    if (title != g_last_title) {
        web::SetDocumentTitle(title);
        g_last_title = title;
    }
    for (const auto& a : g_app->A11y().TakeAnnouncements()) web::Announce(a.text, a.assertive);
    ApplyWakePlan();
    g_scheduler.OnFrameDrawn();
    web::NotifyFrame(g_scheduler.FramesDrawn(), emscripten_get_now() - frame_start, gl_ms, mirror_ms);
    g_in_frame = false;
}

EM_BOOL AnimationFrame(double, void*) {
    DrawFrame();
    if (g_scheduler.WantsFrame()) return EM_TRUE;
    g_loop_running = false;
    return EM_FALSE;
}

void RequestFrames(int n) {
    g_scheduler.Request(n);
    if (!g_loop_running) {
        g_loop_running = true;
        emscripten_request_animation_frame_loop(AnimationFrame, nullptr);
    }
}

// ImGui reports here (in EndFrame) whether a text field is being edited and where its
// caret is: the hidden input follows it, so IME candidates and phone keyboards line up.
void SetImeData(ImGuiContext*, ImGuiViewport*, ImGuiPlatformImeData* data) {
    bool active = data->WantVisible || data->WantTextInput;
    int mode = (int)ui::ActiveInputMode();
    static int last_mode = -1;
    if (active == g_text_input_active && mode == last_mode &&
        (!active || (data->InputPos.x == g_text_input_pos.x && data->InputPos.y == g_text_input_pos.y)))
        return;
    g_text_input_active = active;
    g_text_input_pos = data->InputPos;
    last_mode = mode;
    float scale = g_app ? g_app->TextScale() : 1.0f;
    web::SetTextInputActive(active, data->InputPos.x * scale, data->InputPos.y * scale, 2.0f, data->InputLineHeight * scale, mode);
}

// Timers: a frame after `ms` (idle countdown, code resend countdown, request backoff, the live
// stream's reconnect). One browser timer at a time. A frame plans afresh: what it draws asks for
// every wake-up it still needs, and at its end the timer is moved to the earliest ask, or
// cancelled when there is none. (Timers that were only ever added fired long after what asked for
// them was gone: a stream reconnect due in 16 s, made moot by the network coming back, drew two
// frames on an idle page — live.test.mjs caught it on a busy machine.) Asks from outside a frame
// (a reply scheduling a retry) can only bring the timer earlier; the next frame asks again.
double g_wake_plan_at = -1;   // earliest ask of the frame being drawn (ms, emscripten_get_now)
double g_wake_timer_at = -1;  // when the armed timer fires
int g_wake_timer_id = 0;

void ArmWakeTimer(double at) {
    if (g_wake_timer_id) emscripten_clear_timeout(g_wake_timer_id);
    g_wake_timer_id = 0;
    g_wake_timer_at = at;
    if (at < 0) return;
    double ms = std::fmax(0.0, at - emscripten_get_now());
    g_wake_timer_id = emscripten_set_timeout([](void*) {
        g_wake_timer_id = 0;
        g_wake_timer_at = -1;
        RequestFrames(2);
    }, ms, nullptr);
}

void ScheduleWake(int ms) {
    double at = emscripten_get_now() + ms;
    if (g_in_frame) {
        if (g_wake_plan_at < 0 || at < g_wake_plan_at) g_wake_plan_at = at;
        return;
    }
    if (g_wake_timer_id == 0 || at + 30 < g_wake_timer_at) ArmWakeTimer(at);
}

// End of a frame: the timer follows the plan. Kept when it fires at about the planned moment
// (a countdown asks every frame for the same moment, rounded differently each time).
void ApplyWakePlan() {
    double plan = g_wake_plan_at;
    g_wake_plan_at = -1;
    if (plan < 0) {
        if (g_wake_timer_id) ArmWakeTimer(-1);
        return;
    }
    if (g_wake_timer_id && g_wake_timer_at <= plan + 30 && g_wake_timer_at >= plan - 30) return;
    ArmWakeTimer(plan);
}

void WipeBrowserStorage() {
    g_clipboard.clear();  // what the person copied goes with them
    js_wipe_storage();
}

const char* GetClipboard(ImGuiContext*) { return g_clipboard.c_str(); }
void SetClipboard(ImGuiContext*, const char* text) {
    g_clipboard = text ? text : "";
    web::SetClipboardText(g_clipboard.c_str());
}

}  // namespace

void AppReportImGuiAssert(const char* expr, const char* file, int line) {
    static int reported = 0;
    if (reported++ < 5) fprintf(stderr, "ImGui assertion failed: %s (%s:%d)\n", expr, file, line);
}

extern "C" {

// Font bytes, handed over by web/loader.js before main() runs (0 regular, 1 bold, 2 icons).
EMSCRIPTEN_KEEPALIVE void app_provide_font(int which, unsigned char* data, int size) {
    std::vector<unsigned char>* dst = which == 0 ? &g_fonts.regular : which == 1 ? &g_fonts.bold : &g_fonts.icons;
    dst->assign(data, data + size);
    free(data);
}

// Text from the hidden input element (typing, IME commit, phone keyboards, insertText).
EMSCRIPTEN_KEEPALIVE void app_text_input(const char* utf8) {
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
    RequestFrames(3);
}

// Clipboard text from a `paste` event: becomes ImGui's clipboard, then Ctrl+V is replayed.
EMSCRIPTEN_KEEPALIVE void app_paste(const char* utf8) {
    g_clipboard = utf8;
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, true);
    io.AddKeyEvent(ImGuiKey_V, true);
    io.AddKeyEvent(ImGuiKey_V, false);
    io.AddKeyEvent(ImGuiMod_Ctrl, false);
    RequestFrames(4);
}

EMSCRIPTEN_KEEPALIVE void app_key_tap(int imgui_key) { web::TapKey(imgui_key); }

EMSCRIPTEN_KEEPALIVE void app_hash_changed() {
    g_app->OnHashChanged(web::LocationHash());
    RequestFrames(3);
}

EMSCRIPTEN_KEEPALIVE void app_request_frame() { RequestFrames(3); }

// The kiosk's voice on or off by a long press anywhere (glue.js).
EMSCRIPTEN_KEEPALIVE void app_toggle_speech() {
    g_app->ToggleSpeech();
    RequestFrames(3);
}

// A screen reader's action on a node of the accessibility mirror (web/a11y_mirror.js).
EMSCRIPTEN_KEEPALIVE void app_a11y_activate(unsigned id) {
    g_app->ActivateFromMirror(id);
    RequestFrames(3);
}

// A catalog fetched by the page (glue.loadLanguage); json is null when it did not come.
EMSCRIPTEN_KEEPALIVE void app_language_loaded(const char* lang, const char* json) {
    g_app->OnLanguageLoaded(lang ? lang : "", json);
    RequestFrames(3);
}

// A file from the page's file chooser; data is null when it was too big to read (size says how big).
EMSCRIPTEN_KEEPALIVE void app_file_picked(const char* name, const unsigned char* data, double size) {
    g_app->OnFilePicked(name ? name : "", data, (size_t)size);
    RequestFrames(3);
}

// The page is being hidden or closed: pending draft changes are written now.
EMSCRIPTEN_KEEPALIVE void app_page_hidden() { g_app->OnPageHidden(); }

EMSCRIPTEN_KEEPALIVE double app_frames_drawn() { return (double)g_scheduler.FramesDrawn(); }
// Requests sent and not yet handled, retries waiting included (the event stream is not one):
// tests wait for 0 before they measure an idle page, as a reply asks for frames when it lands.
EMSCRIPTEN_KEEPALIVE int app_requests_in_flight() { return g_api ? g_api->InFlight() : 0; }

static void ServiceWithoutDrawing() {
    g_app->Service();
    if (g_scheduler.WantsFrame()) RequestFrames(0);  // something visible changed: start the loop
}

EMSCRIPTEN_KEEPALIVE void app_network_online() {
    g_app->OnNetworkOnline();
    RequestFrames(2);
}

// The event stream (web/glue.js streamOpen). What arrives is delivered at once without drawing:
// the server's heartbeat every 15 s must not wake the page (an idle page draws nothing); an event
// that changes what is shown asks for frames itself.
EMSCRIPTEN_KEEPALIVE void app_stream_open(int id, int status) {
    g_transport->StreamEvent(id, web::FetchTransport::StreamKind::Open, status, {}, false);
    ServiceWithoutDrawing();
}
EMSCRIPTEN_KEEPALIVE void app_stream_data(int id, const char* data, int size) {
    g_transport->StreamEvent(id, web::FetchTransport::StreamKind::Data, 0, std::string(data, (size_t)size), false);
    ServiceWithoutDrawing();
}
EMSCRIPTEN_KEEPALIVE void app_stream_end(int id, int failed) {
    g_transport->StreamEvent(id, web::FetchTransport::StreamKind::End, 0, {}, failed != 0);
    ServiceWithoutDrawing();
}

}  // extern "C"

// A text neither catalog has shows its key on screen: said once per key on the console as an
// error, which every browser test fails on (a text of the signed-in part, lang/*.personal.json,
// drawn before it came would be one).
static void ReportMissingText(const char* key) {
    static std::unordered_set<std::string> reported;
    if (reported.insert(key).second) emscripten_console_error((std::string("missing text: ") + key).c_str());
}

int main() {
    core::SetMissingTextHandler(ReportMissingText);
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.minorVersion = 0;
    attrs.alpha = EM_FALSE;
    attrs.antialias = EM_FALSE;
    attrs.depth = EM_FALSE;
    attrs.stencil = EM_FALSE;
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE ctx = emscripten_webgl_create_context("#canvas", &attrs);
    if (ctx <= 0) {
        web::ReportFatal("webgl2");
        return 0;
    }
    emscripten_webgl_make_context_current(ctx);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.BackendPlatformName = "gosuslugi_web";
    io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
    ImGuiPlatformIO& pio = ImGui::GetPlatformIO();
    pio.Platform_GetClipboardTextFn = GetClipboard;
    pio.Platform_SetClipboardTextFn = SetClipboard;
    pio.Platform_SetImeDataFn = SetImeData;
    ImGui_ImplOpenGL3_Init("#version 300 es");

    crypto::Init();
    g_transport = new web::FetchTransport([] { RequestFrames(2); });
    g_api = new client::ApiClient(*g_transport, web::GlueString("apiBase"));
    ui::PlatformHooks hooks;
    hooks.set_hash = [](const std::string& h) { web::SetLocationHash(h); };
    hooks.replace_hash = [](const std::string& h) { web::ReplaceLocationHash(h); };
    hooks.wake_after = [](int ms) { ScheduleWake(ms); };
    hooks.wipe_local_data = [] { WipeBrowserStorage(); };
    hooks.pick_file = [](const std::string& accept) { web::PickFile(accept); };
    hooks.save_file = [](const std::string& name, const std::string& mime, const std::string& bytes) { web::SaveFile(name, mime, bytes); };
    hooks.language = web::GlueString("language");
    hooks.high_contrast = web::GlueString("highContrast") == "1";
    hooks.theme_changed = [](bool on) { js_set_high_contrast(on ? 1 : 0); };
    hooks.text_percent = std::atoi(web::GlueString("textPercent").c_str());
    hooks.page_address = web::GlueString("pageAddress");
    hooks.kiosk = web::GlueString("kiosk") == "1";
    hooks.reduced_motion = web::GlueString("reducedMotion") == "1";
    web::SetReducedMotion(hooks.reduced_motion);
    hooks.speak = [](const std::string& text, const std::string& lang, bool interrupt) { js_speak(text.c_str(), lang.c_str(), interrupt ? 1 : 0); };
    hooks.text_size_changed = [](int percent) { js_set_text_percent(percent); };
    hooks.language_changed = [](const std::string& lang) { js_set_language(lang.c_str()); };
    hooks.load_language = [](const std::string& lang) { js_load_language(lang.c_str()); };
    hooks.local_store.put = [](const std::string& k, const std::string& v) { web::StoragePut(k, v); };
    hooks.local_store.get = [](const std::string& k) { return web::StorageGet(k); };
    hooks.local_store.remove = [](const std::string& k) { web::StorageRemove(k); };
    g_api->SetWakeHook([](int ms) { ScheduleWake(ms); });
    g_api->SetDeviceName(web::GlueString("deviceName"));
    g_kdf = web::MakeWorkerKdfRunner([] { RequestFrames(2); }).release();
    g_app = new ui::App(*g_api, *g_kdf, g_scheduler, hooks);
    std::string catalog_source = web::GlueString("catalogSource");
    if (!catalog_source.empty()) g_app->catalog.source = catalog_source;
    g_app->Init(g_fonts);
    g_app->OnHashChanged(web::LocationHash());

    web::InputHooks input_hooks{RequestFrames, DrawFrame};
    web::InstallInputCallbacks(input_hooks);
    RequestFrames(3);
    // Keep the runtime alive after main() returns: everything else is event-driven.
    emscripten_exit_with_live_runtime();
    return 0;
}
