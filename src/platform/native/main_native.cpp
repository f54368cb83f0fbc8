// Native entry point for developers: the same UI in a GLFW + OpenGL3 window, talking to the
// same backend. Draws on demand like the browser build (waits for events when idle).
//   gosuslugi_native [--api URL] [--route "#/login"] [--size 1280x800]
//                    [--screenshot out.png] [--frames N] [--text 100..200]
#include <GLFW/glfw3.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <map>
#include <memory>

#include "client/api_client.h"
#include "crypto/kdf_runner.h"
#include "core/frame_scheduler.h"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "platform/native/curl_transport.h"
#include "platform/native/font_files.h"
#include "platform/native/png_writer.h"
#include "core/strings.h"
#include "ui/app.h"

int main(int argc, char** argv) {
    std::string api = "http://127.0.0.1:8080/api/v1", route, screenshot, assets = GOSUSLUGI_ASSETS_DIR;
    int width = 1280, height = 800, frames_for_screenshot = 30, text_percent = 100;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        auto next = [&](void) -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--api") api = next();
        else if (a == "--route") route = next();
        else if (a == "--screenshot") screenshot = next();
        else if (a == "--frames") frames_for_screenshot = atoi(next().c_str());
        else if (a == "--assets") assets = next();
        else if (a == "--text") text_percent = atoi(next().c_str());
        else if (a == "--size") sscanf(next().c_str(), "%dx%d", &width, &height);
        else { fprintf(stderr, "unknown option %s\n", a.c_str()); return 2; }
    }
    if (!crypto::Init()) { fprintf(stderr, "libsodium failed to initialise\n"); return 1; }
    ui::FontFiles fonts;
    std::string err;
    if (!native::LoadFontFiles(assets, &fonts, &err)) { fprintf(stderr, "%s\n", err.c_str()); return 1; }

    if (!glfwInit()) { fprintf(stderr, "glfwInit failed (no display? try xvfb-run)\n"); return 1; }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    GLFWwindow* window = glfwCreateWindow(width, height, "Gosuslugi", nullptr, nullptr);  // retitled from the catalog below
    if (!window) { fprintf(stderr, "cannot create an OpenGL 3 window\n"); return 1; }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");

    core::FrameScheduler scheduler;
    native::CurlTransport transport([] { glfwPostEmptyEvent(); });
    client::ApiClient client(transport, api);
    client.SetDeviceName("Gosuslugi dev app · Linux");  // like the browser's "Chromium · Linux": a name, not a sentence
    std::unique_ptr<crypto::KdfRunner> kdf = crypto::MakeThreadKdfRunner([] { glfwPostEmptyEvent(); });
    ui::PlatformHooks hooks;
    // Drafts on this machine: kept for the run (the server holds the encrypted copy).
    auto drafts = std::make_shared<std::map<std::string, std::string>>();
    hooks.local_store.put = [drafts](const std::string& k, const std::string& v) { (*drafts)[k] = v; };
    hooks.local_store.get = [drafts](const std::string& k) { auto it = drafts->find(k); return it == drafts->end() ? std::string() : it->second; };
    hooks.local_store.remove = [drafts](const std::string& k) { drafts->erase(k); };
    hooks.text_percent = text_percent;
    // «Скачать» in the developer's app: the file goes to the working directory.
    hooks.save_file = [](const std::string& name, const std::string&, const std::string& bytes) {
        std::string safe;
        for (char c : name) safe += (c == '/' || c == '\\') ? '_' : c;
        if (FILE* f = fopen(safe.c_str(), "wb")) {
            fwrite(bytes.data(), 1, bytes.size(), f);
            fclose(f);
            fprintf(stderr, "saved %s (%zu bytes)\n", safe.c_str(), bytes.size());
        }
    };
    ui::App app(client, *kdf, scheduler, hooks);
    app.Init(fonts);
    glfwSetWindowTitle(window, (std::string(core::Tr("app.name")) + " — " + core::Tr("app.subtitle")).c_str());
    if (!route.empty()) app.OnHashChanged(route);

    // Text size (the header's «100 %» button, --text): like the browser build, the app lays out
    // in window ÷ scale points drawn scale× larger, so the pointer is divided by the same scale.
    static ui::App* scaled_app = &app;
    glfwSetCursorPosCallback(window, [](GLFWwindow* w, double x, double y) {
        double s = scaled_app->TextScale();
        ImGui_ImplGlfw_CursorPosCallback(w, x / s, y / s);
    });

    int frame = 0;
    while (!glfwWindowShouldClose(window)) {
        // Idle: block until input or a network completion wakes us (glfwPostEmptyEvent).
        if (scheduler.WantsFrame() || !screenshot.empty()) glfwPollEvents();
        else glfwWaitEventsTimeout(1.0);
        scheduler.Request(2);
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGuiIO& io = ImGui::GetIO();
        float scale = app.TextScale();
        io.DisplaySize = ImVec2(io.DisplaySize.x / scale, io.DisplaySize.y / scale);
        io.DisplayFramebufferScale = ImVec2(io.DisplayFramebufferScale.x * scale, io.DisplayFramebufferScale.y * scale);
        ImGui::NewFrame();
        app.Frame();
        ImGui::Render();
        int fb_w, fb_h;
        glfwGetFramebufferSize(window, &fb_w, &fb_h);
        glViewport(0, 0, fb_w, fb_h);
        ImVec4 page = ui::color::V(ui::color::kPage);  // the palette's page colour
        glClearColor(page.x, page.y, page.z, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        scheduler.OnFrameDrawn();
        if (!screenshot.empty() && ++frame >= frames_for_screenshot && transport.InFlight() == 0) {
            std::vector<unsigned char> pixels((size_t)fb_w * fb_h * 4), flipped(pixels.size());
            glReadPixels(0, 0, fb_w, fb_h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
            for (int y = 0; y < fb_h; y++)
                memcpy(&flipped[(size_t)y * fb_w * 4], &pixels[(size_t)(fb_h - 1 - y) * fb_w * 4], (size_t)fb_w * 4);
            bool ok = native::WritePng(screenshot, fb_w, fb_h, flipped);
            printf("%s %s (%dx%d)\n", ok ? "wrote" : "failed to write", screenshot.c_str(), fb_w, fb_h);
            break;
        }
        glfwSwapBuffers(window);
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}
