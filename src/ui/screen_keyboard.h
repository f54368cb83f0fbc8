// The kiosk's on-screen keyboard (SPEC §8): drawn at the foot of the screen while a text field is
// being edited, with the layout the field's type asks for (core/osk.h). A press on it is the
// keyboard's, taken before the page sees it: an ImGui click anywhere else would end the editing of
// the field the key is for. Its keys are in the accessibility tree as buttons (a screen reader,
// the kiosk's voice and the tests find them there), and activating one from the mirror presses it.
#pragma once
#include <string>
#include <vector>

#include "core/forms/field_type.h"
#include "core/osk.h"
#include "imgui.h"
#include "imgui_internal.h"

namespace ui {

class ScreenKeyboard {
public:
    // Draws it over the page's foot while a text field is active; returns the height it takes
    // (0 when hidden). `field`: the active item (a new field opens with its own layout). `scale`:
    // the text size (app pixels are drawn scale× larger), which the keys' height gives way to.
    float Draw(unsigned field, core::forms::InputMode mode, core::Language lang, double now, float scale);
    // A press at `pos` (app pixels) where the keyboard was last drawn: pressed, and true (the
    // caller keeps the click from the page).
    bool Press(ImVec2 pos, double now);
    // A key node of the accessibility tree activated (a screen reader): true when it was a key.
    bool PressById(unsigned id, double now);
    bool Visible() const { return visible_; }
    double PressedUntil() const { return pressed_until_; }
    const std::string& LastKeyName() const { return last_name_; }  // the key last pressed, as the voice says it

private:
    struct Placed {
        core::OskKey key;
        ImRect rect;
        unsigned id = 0;
        std::string name;
    };
    std::string last_name_;
    void Apply(const core::OskKey& key);
    std::vector<Placed> placed_;
    ImRect area_;
    bool visible_ = false, shift_ = false, hidden_ = false;
    unsigned field_ = 0;
    core::OskLayout layout_ = core::OskLayout::Cyrillic;
    int pressed_ = -1;
    double pressed_until_ = 0;
};

}  // namespace ui
