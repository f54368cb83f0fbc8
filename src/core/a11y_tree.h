// The accessibility tree: what the app draws, described as roles, names, states and bounds.
// Filled each frame by the UI (src/ui/a11y_collector.cpp), mirrored into the DOM in the
// browser (web/a11y_mirror.js) and read by the headless UI test driver. No ImGui here.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace core {

enum class A11yRole : uint8_t { Button, Link, TextBox, Password, CheckBox, Radio, Tab, ListItem, TreeItem, Heading, Alert, Status, Text, Image };

enum A11yState : uint32_t {
    A11yState_None = 0,
    A11yState_Checked = 1u << 0,
    A11yState_Disabled = 1u << 1,
    A11yState_Invalid = 1u << 2,
    A11yState_Expandable = 1u << 3,
    A11yState_Expanded = 1u << 4,
    A11yState_Selected = 1u << 5,   // current tab / current page in a navigation
    A11yState_Focused = 1u << 6,
    A11yState_Required = 1u << 7,
    A11yState_Multiline = 1u << 8,  // a text box of several lines (a <textarea> in the mirror)
};

// The landmark a node belongs to (ARIA landmarks: the mirror groups nodes by it, so a screen
// reader can jump to the navigation or the page's content; axe-core's "region" rule asks that
// all content be in one). A node drawn inside a modal dialog belongs to the dialog.
enum class A11yRegion : uint8_t { Main, Banner, Navigation, ContentInfo, Complementary, Dialog };

struct A11yNode {
    uint32_t id = 0;                 // stable across frames (ImGui ID)
    A11yRole role = A11yRole::Button;
    std::string name;                // accessible name, visible text without ImGui "##id" suffix
    std::string description;         // e.g. the error message of an invalid field
    std::string value;               // current text of a text box (not for passwords)
    uint32_t state = A11yState_None;
    float x = 0, y = 0, w = 0, h = 0;  // CSS pixels, relative to the canvas
    int level = 0;                   // heading level (1..6)
    A11yRegion region = A11yRegion::Main;
};

const char* RoleName(A11yRole role);  // ARIA role: "button", "textbox", ...

// What the kiosk's voice says of a focused node: «Войти, кнопка»; «Пароль, поле пароля, обязательное,
// ошибка: Введите пароль»; «Согласие, флажок, отмечен» — in the current catalog's language.
std::string SpokenText(const A11yNode& node);

// "Войти##login" -> "Войти"; "##hidden" -> ""; "###id" -> "". Also trims the
// icon prefix (private-use code points) and surrounding spaces.
std::string AccessibleName(const char* label);

// Compact JSON array for the DOM mirror. Identical trees give identical strings, so the
// caller can skip the DOM update when nothing changed.
// `scale`: CSS pixels per app pixel (the text size; the mirror lies over the canvas in CSS px).
std::string SerializeA11y(const std::vector<A11yNode>& nodes, float scale = 1.0f);

}  // namespace core
