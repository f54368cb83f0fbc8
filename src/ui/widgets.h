// The app's own widgets, built on ImGui: each draws in the theme and annotates itself for
// the accessibility tree (role, name, state). Views use these, not raw ImGui buttons.
#pragma once
#include <string>

#include "imgui.h"
#include "ui/theme.h"

namespace ui {

struct Fonts;
void SetWidgetFonts(const Fonts& fonts);
const Fonts& WidgetFonts();

bool PrimaryButton(const char* label, ImVec2 size = ImVec2(0, 0));
bool SecondaryButton(const char* label, ImVec2 size = ImVec2(0, 0));
bool LinkButton(const char* label);
// A tab in the main navigation; `current` marks the page the user is on.
bool NavTab(const char* label, bool current);

struct TextFieldOptions {
    const char* hint = nullptr;
    const char* error = nullptr;  // shown under the field; marks it invalid
    bool password = false;
    bool required = false;
    float width = -1.0f;          // -1: fill the column
    size_t max_bytes = 256;       // input size limit (pasted 100 KB stays out)
};
// A labelled text field. Returns true when the text changed this frame.
bool TextField(const char* label, const char* id, std::string* value, const TextFieldOptions& opt = {});
bool LastFieldDeactivated();      // the field just drawn lost focus this frame (validate on leave)

void Heading(const char* text, int level = 1);
void Paragraph(const char* text, bool muted = false);

enum class AlertKind { Info, Error, Warning };
// A coloured box with an icon and text; returns true when its action button is pressed.
bool Alert(AlertKind kind, const char* text, const char* action = nullptr);

// A white card with a border: BeginCard/EndCard around its content.
void BeginCard(const char* id, float height = 0.0f);
void EndCard();

}  // namespace ui
