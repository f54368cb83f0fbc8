// The kiosk's on-screen keyboard as data (SPEC §8): which layout a field's type asks for — digits
// for СНИЛС and ИНН, a phone pad for phones, Latin with «@» for e-mail, ЙЦУКЕН or QWERTY for
// text — and the rows of keys of each. The UI draws and presses them (src/ui/screen_keyboard.cpp);
// no ImGui here.
#pragma once
#include <string>
#include <vector>

#include "core/forms/field_type.h"
#include "core/strings.h"

namespace core {

enum class OskLayout { Cyrillic, Latin, Digits, Phone, Symbols };
enum class OskAction { Text, Backspace, Enter, Shift, Space, Layout, Hide };

struct OskKey {
    std::string label;      // what the key shows (a letter, «123», «⌫» is drawn as an icon)
    std::string text;       // what it types (OskAction::Text)
    OskAction action = OskAction::Text;
    OskLayout target = OskLayout::Cyrillic;  // OskAction::Layout: the layout it switches to
    float width = 1.0f;     // in key widths
};

// The layout a field opens with (the field type's input mode; text in the page's language).
OskLayout OskLayoutFor(forms::InputMode mode, Language lang);
// The rows of a layout; `shift` gives capitals (letters only).
std::vector<std::vector<OskKey>> OskRows(OskLayout layout, bool shift);
// Catalog key of a special key's spoken name («Стереть», «Ввод», «Пробел»…); "" for a character.
const char* OskKeyNameKey(const OskKey& key);

}  // namespace core
