// Browser input -> ImGui, through emscripten's HTML5 callbacks (mouse, wheel, touch, keys,
// focus, resize). Printable text does not come from here: it arrives through the hidden DOM
// input element (web/glue.js -> app_text_input), which is the only path that carries IME
// composition, phone keyboards and insertText.
#pragma once

namespace web {

struct InputHooks {
    void (*request_frames)(int n);  // schedule frames on the next animation frame(s)
    void (*draw_now)();             // draw one frame synchronously (inside a user gesture)
};

void InstallInputCallbacks(const InputHooks& hooks);
// Tap a key (down, then up on the next frame), e.g. Backspace from a phone keyboard.
void TapKey(int imgui_key);
// CSS pixels per app pixel (the text size): pointer positions are divided by it.
void SetInputScale(float scale);
// prefers-reduced-motion: no momentum after a finger lifts (the page stops where it is left).
void SetReducedMotion(bool reduced);
// Before each frame: the momentum of a fling moves the page on; true while it still moves (the
// caller keeps frames coming).
bool StepFling();

}  // namespace web
