#include "platform/web/web_input.h"

#include <emscripten/html5.h>

#include <cmath>
#include <cstring>

#include "core/fling.h"
#include "imgui.h"

namespace web {

static InputHooks g_hooks;
static float g_scale = 1.0f;
void SetInputScale(float scale) { g_scale = scale > 0 ? scale : 1.0f; }

struct KeyMapEntry {
    const char* code;  // KeyboardEvent.code: physical key, so Ctrl+C works on a ЙЦУКЕН layout
    ImGuiKey key;
};

static const KeyMapEntry kKeyMap[] = {
    {"Tab", ImGuiKey_Tab}, {"ArrowLeft", ImGuiKey_LeftArrow}, {"ArrowRight", ImGuiKey_RightArrow},
    {"ArrowUp", ImGuiKey_UpArrow}, {"ArrowDown", ImGuiKey_DownArrow}, {"PageUp", ImGuiKey_PageUp},
    {"PageDown", ImGuiKey_PageDown}, {"Home", ImGuiKey_Home}, {"End", ImGuiKey_End},
    {"Insert", ImGuiKey_Insert}, {"Delete", ImGuiKey_Delete}, {"Backspace", ImGuiKey_Backspace},
    {"Space", ImGuiKey_Space}, {"Enter", ImGuiKey_Enter}, {"NumpadEnter", ImGuiKey_KeypadEnter},
    {"Escape", ImGuiKey_Escape}, {"ControlLeft", ImGuiKey_LeftCtrl}, {"ControlRight", ImGuiKey_RightCtrl},
    {"ShiftLeft", ImGuiKey_LeftShift}, {"ShiftRight", ImGuiKey_RightShift}, {"AltLeft", ImGuiKey_LeftAlt},
    {"AltRight", ImGuiKey_RightAlt}, {"MetaLeft", ImGuiKey_LeftSuper}, {"MetaRight", ImGuiKey_RightSuper},
    {"KeyA", ImGuiKey_A}, {"KeyC", ImGuiKey_C}, {"KeyV", ImGuiKey_V}, {"KeyX", ImGuiKey_X},
    {"KeyY", ImGuiKey_Y}, {"KeyZ", ImGuiKey_Z}, {"F1", ImGuiKey_F1}, {"F6", ImGuiKey_F6},
};

static ImGuiKey KeyFromCode(const char* code) {
    for (const KeyMapEntry& e : kKeyMap)
        if (strcmp(e.code, code) == 0) return e.key;
    return ImGuiKey_None;
}

static void UpdateModifiers(bool ctrl, bool shift, bool alt, bool meta) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, ctrl);
    io.AddKeyEvent(ImGuiMod_Shift, shift);
    io.AddKeyEvent(ImGuiMod_Alt, alt);
    io.AddKeyEvent(ImGuiMod_Super, meta);
}

static EM_BOOL OnKey(int type, const EmscriptenKeyboardEvent* e, void*) {
    // IME composition and phone keyboards report "Process"/"Unidentified": their text comes
    // through the hidden input element instead.
    if (strcmp(e->key, "Process") == 0 || strcmp(e->key, "Unidentified") == 0) return EM_FALSE;
    ImGuiKey key = KeyFromCode(e->code);
    bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
    UpdateModifiers(e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
    bool shortcut = e->ctrlKey || e->metaKey;
    // Ctrl+V must reach the page as a real paste (the clipboard text arrives with the
    // `paste` event, see glue.js, which then replays Ctrl+V into ImGui). Ctrl+C/X run now,
    // inside the key event, so that the `copy`/`cut` event that follows finds the text.
    if (shortcut && key == ImGuiKey_V) return EM_FALSE;
    if (key != ImGuiKey_None) ImGui::GetIO().AddKeyEvent(key, down);
    if (down) {
        g_hooks.draw_now();
        g_hooks.request_frames(3);
    } else {
        g_hooks.request_frames(3);
    }
    if (shortcut && (key == ImGuiKey_C || key == ImGuiKey_X || key == ImGuiKey_A || key == ImGuiKey_Z || key == ImGuiKey_Y)) return EM_FALSE;
    // Keys with a default browser action we replace (focus moves, scrolling, newline in the
    // hidden input) are swallowed; printable keys pass on so the hidden input gets its text.
    switch (key) {
        case ImGuiKey_Tab: case ImGuiKey_LeftArrow: case ImGuiKey_RightArrow: case ImGuiKey_UpArrow:
        case ImGuiKey_DownArrow: case ImGuiKey_PageUp: case ImGuiKey_PageDown: case ImGuiKey_Home:
        case ImGuiKey_End: case ImGuiKey_Backspace: case ImGuiKey_Delete: case ImGuiKey_Enter:
        case ImGuiKey_KeypadEnter: case ImGuiKey_Escape: case ImGuiKey_Space:
            // Space is text too: let it through when a text field is being edited.
            return key == ImGuiKey_Space && ImGui::GetIO().WantTextInput ? EM_FALSE : EM_TRUE;
        default:
            return EM_FALSE;
    }
}

static void MouseSource(ImGuiMouseSource source) { ImGui::GetIO().AddMouseSourceEvent(source); }

static EM_BOOL OnMouse(int type, const EmscriptenMouseEvent* e, void*) {
    ImGuiIO& io = ImGui::GetIO();
    MouseSource(ImGuiMouseSource_Mouse);
    io.AddMousePosEvent((float)e->targetX / g_scale, (float)e->targetY / g_scale);
    int button = e->button == 0 ? 0 : e->button == 2 ? 1 : e->button == 1 ? 2 : -1;
    if (type == EMSCRIPTEN_EVENT_MOUSEDOWN && button >= 0) {
        io.AddMouseButtonEvent(button, true);
        g_hooks.draw_now();
        g_hooks.request_frames(3);
        return EM_TRUE;  // keep DOM focus where the app put it (the hidden input while editing)
    }
    if (type == EMSCRIPTEN_EVENT_MOUSEUP && button >= 0) {
        io.AddMouseButtonEvent(button, false);
        g_hooks.draw_now();  // a click that opens a text field focuses the input in this gesture
        g_hooks.request_frames(3);
        return EM_FALSE;
    }
    g_hooks.request_frames(2);
    return EM_FALSE;
}

static EM_BOOL OnMouseLeave(int, const EmscriptenMouseEvent*, void*) {
    ImGui::GetIO().AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    g_hooks.request_frames(2);
    return EM_FALSE;
}

static EM_BOOL OnWheel(int, const EmscriptenWheelEvent* e, void*) {
    // deltaMode 0 = pixels (≈100 per notch), 1 = lines (≈3 per notch), 2 = pages.
    float scale = e->deltaMode == DOM_DELTA_PIXEL ? 100.0f : e->deltaMode == DOM_DELTA_LINE ? 3.0f : 0.3f;
    ImGui::GetIO().AddMouseWheelEvent(-(float)e->deltaX / scale, -(float)e->deltaY / scale);
    g_hooks.request_frames(3);
    return EM_TRUE;
}

// Touch: the first finger is the mouse; dragging it scrolls the page like a phone would.
static int g_touch_id = -1;
static float g_touch_start_x = 0, g_touch_start_y = 0, g_touch_last_y = 0, g_touch_last_x = 0;
static bool g_touch_scrolling = false;
// Momentum: the page goes on after a flick, as a phone's does (issue 14: «momentum scrolling»).
static core::Fling g_fling;
static bool g_reduced_motion = false;
void SetReducedMotion(bool reduced) { g_reduced_motion = reduced; }

bool StepFling() {
    if (!g_fling.Active()) return false;
    float d = g_fling.Step(emscripten_get_now() / 1000.0);
    ImGuiIO& io = ImGui::GetIO();
    // The wheel goes to the window under the pointer: it stays where the finger lifted until the
    // page comes to rest.
    io.AddMousePosEvent(g_touch_last_x, g_touch_last_y);
    io.AddMouseWheelEvent(0.0f, d / 85.0f);
    if (!g_fling.Active()) io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    return true;
}

static EM_BOOL OnTouch(int type, const EmscriptenTouchEvent* e, void*) {
    ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < e->numTouches; i++) {
        const EmscriptenTouchPoint& t = e->touches[i];
        if (!t.isChanged) continue;
        float x = (float)t.targetX / g_scale, y = (float)t.targetY / g_scale;
        if (type == EMSCRIPTEN_EVENT_TOUCHSTART && g_touch_id < 0) {
            g_touch_id = t.identifier;
            g_touch_start_x = x; g_touch_start_y = y; g_touch_last_y = y; g_touch_last_x = x;
            g_touch_scrolling = false;
            g_fling.Touch(y, e->timestamp / 1000.0);  // a touch catches a moving page
            MouseSource(ImGuiMouseSource_TouchScreen);
            io.AddMousePosEvent(x, y);
            g_hooks.draw_now();
        } else if (t.identifier == g_touch_id && type == EMSCRIPTEN_EVENT_TOUCHMOVE) {
            if (!g_touch_scrolling && std::fabs(y - g_touch_start_y) + std::fabs(x - g_touch_start_x) > 10.0f) g_touch_scrolling = true;
            if (g_touch_scrolling) {
                // ImGui scrolls ≈ 5 lines (5 × 17 px) per wheel unit.
                io.AddMouseWheelEvent(0.0f, (y - g_touch_last_y) / 85.0f);
                g_touch_last_y = y;
                g_touch_last_x = x;
                // When the finger was there (the event's time), not when the event got here: a busy
                // page handles moves late and bunched, and their arrival times made a flick look
                // like a finger at rest (no glide in a test run beside another).
                g_fling.Track(y, e->timestamp / 1000.0);
            }
        } else if (t.identifier == g_touch_id && (type == EMSCRIPTEN_EVENT_TOUCHEND || type == EMSCRIPTEN_EVENT_TOUCHCANCEL)) {
            if (!g_touch_scrolling && type == EMSCRIPTEN_EVENT_TOUCHEND) {
                // A tap: press and release at the finger's position.
                MouseSource(ImGuiMouseSource_TouchScreen);
                io.AddMousePosEvent(x, y);
                io.AddMouseButtonEvent(0, true);
                g_hooks.draw_now();
                io.AddMouseButtonEvent(0, false);
                g_hooks.draw_now();
            }
            if (g_touch_scrolling) g_fling.Release(e->timestamp / 1000.0, !g_reduced_motion && type == EMSCRIPTEN_EVENT_TOUCHEND);
            if (!g_fling.Active()) io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
            g_touch_id = -1;
        }
    }
    g_hooks.request_frames(3);
    return EM_TRUE;  // no synthetic mouse events, no browser scrolling of the canvas
}

static EM_BOOL OnFocus(int type, const EmscriptenFocusEvent*, void*) {
    ImGui::GetIO().AddFocusEvent(type == EMSCRIPTEN_EVENT_FOCUS);
    g_hooks.request_frames(2);
    return EM_FALSE;
}

static EM_BOOL OnResize(int, const EmscriptenUiEvent*, void*) {
    g_hooks.request_frames(2);
    return EM_FALSE;
}

void TapKey(int imgui_key) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent((ImGuiKey)imgui_key, true);
    io.AddKeyEvent((ImGuiKey)imgui_key, false);  // ImGui trickles the release to the next frame
    g_hooks.request_frames(3);
}

void InstallInputCallbacks(const InputHooks& hooks) {
    g_hooks = hooks;
    const char* canvas = "#canvas";
    emscripten_set_mousedown_callback(canvas, nullptr, true, OnMouse);
    emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, true, OnMouse);
    emscripten_set_mousemove_callback(canvas, nullptr, true, OnMouse);
    emscripten_set_mouseleave_callback(canvas, nullptr, true, OnMouseLeave);
    emscripten_set_wheel_callback(canvas, nullptr, false, OnWheel);
    emscripten_set_touchstart_callback(canvas, nullptr, false, OnTouch);
    emscripten_set_touchmove_callback(canvas, nullptr, false, OnTouch);
    emscripten_set_touchend_callback(canvas, nullptr, false, OnTouch);
    emscripten_set_touchcancel_callback(canvas, nullptr, false, OnTouch);
    emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, true, OnKey);
    emscripten_set_keyup_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, true, OnKey);
    emscripten_set_focus_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, true, OnFocus);
    emscripten_set_blur_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, true, OnFocus);
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, false, OnResize);
}

}  // namespace web
