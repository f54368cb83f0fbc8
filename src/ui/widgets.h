// The app's own widgets, built on ImGui: each draws in the theme and annotates itself for
// the accessibility tree (role, name, state). Views use these, not raw ImGui buttons.
#pragma once
#include <map>
#include <string>

#include "client/api_error.h"
#include "core/forms/field_type.h"
#include "core/strings.h"
#include "core/app_status.h"
#include "core/qr.h"
#include "imgui.h"
#include "ui/theme.h"

namespace ui {

struct Fonts;
void SetWidgetFonts(const Fonts& fonts);
const Fonts& WidgetFonts();

bool PrimaryButton(const char* label, ImVec2 size = ImVec2(0, 0));
bool SecondaryButton(const char* label, ImVec2 size = ImVec2(0, 0));
// A button that stays pressed while on (a checkbox to assistive technology).
bool ToggleButton(const char* label, ImVec2 size, bool on);
bool LinkButton(const char* label);
// A secondary button whose label wraps within `width` (a suggested question is a sentence: on a
// phone at 200 % it ran off the screen as one line).
bool WrappingButton(const char* label, float width);
// A tab in the main navigation; `current` marks the page the user is on.
// A header or section tab; `badge` > 0 draws a counter after the label (unread notifications)
// and says it in the tab's accessible name. With `icon` the tab shows the icon and says the label.
bool NavTab(const char* label, bool current, int badge = 0, const char* icon = nullptr);
float NavTabBadgeWidth(int badge);
// A count in a red pill (unread notifications) at `at`, or ending at `at` when right-aligned.
void DrawCountPill(ImVec2 at, int count, bool right_aligned);

struct TextFieldOptions {
    const char* hint = nullptr;
    const char* error = nullptr;  // shown under the field; marks it invalid
    bool password = false;
    bool required = false;
    float width = -1.0f;          // -1: fill the column
    size_t max_bytes = 256;       // input size limit (pasted 100 KB stays out)
    int flags = 0;                // extra ImGuiInputTextFlags (e.g. digits only)
    bool read_only = false;
    bool focus = false;           // take keyboard focus and scroll into view (error summary links)
    float multiline_height = 0;   // > 0: a multi-line text area of this height
    core::forms::InputMode mode = core::forms::InputMode::Text;  // the keyboard it wants (from the field type)
    const char* a11y_name = nullptr;  // when the visible label is not unique on the page (a relative's «Фамилия»)
};
// The keyboard the text field being edited wants (the web platform sets the hidden input's
// inputmode from it, so a phone shows digits for СНИЛС); Text when none is being edited.
core::forms::InputMode ActiveInputMode();
// The field being edited is scrolled into the page's view over the next frames (the kiosk's keyboard
// came up over the page's foot, where the field was).
void BringActiveFieldIntoView();
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

// The same card drawn in the page itself instead of a child window, for long virtualised lists:
// a child window entirely below the view skips its items, so Tab could not reach the card just
// beyond the edge (found when «Мои заявления» cards became short). Returns the content width.
// No nesting.
float BeginFlatCard();
void EndFlatCard();
// Text wrapped at the flat card's inner edge (PushTextWrapPos(0) wraps at the window's: a long
// chat message ran past its card). Pop with ImGui::PopTextWrapPos().
void PushFlatCardWrap();

// The message for a field, or "" (reading never adds an entry: an empty map means no errors).
// Messages are kept as keys and worded here, when drawn, so they follow a language switch.
inline std::string ErrorFor(const std::map<std::string, core::Message>& errors, const std::string& key) {
    auto it = errors.find(key);
    return it == errors.end() ? std::string() : it->second.Text();
}

// Account forms (login, registration, recovery): a card up to 520 px wide.
float BeginFormCard(const char* id);
void EndFormCard();
void ServerError(const client::ApiError& e);

// A label and its value on one line (profile view), with an optional «Подтверждено» mark.
void FieldRow(const char* label, const std::string& value, bool verified = false);
// An application's status as a coloured label («В обработке»), coloured by what it means for the
// applicant (core::ToneOf); read as «Статус: В обработке».
void StatusBadge(core::AppStatus status);
// The same label for any state with a tone (a document's verification); `spoken` is what a
// screen reader reads.
void Badge(const char* label, core::StatusTone tone, const std::string& spoken);
// A drop-down list in the theme (white field, blue arrow); EndSelect only when it returned true.
bool BeginSelect(const char* id, const char* accessible_name, const char* preview, float width);
void EndSelect();

// A radio button in the theme; returns true when chosen this frame.
bool RadioOption(const char* label, bool selected);
// A labelled progress bar (uploads); fraction 0..1.
void ProgressLine(float fraction, const char* text);
// A QR code, dark modules in the text colour on the card with the 4-module quiet zone scanners
// need; `spoken` is what a screen reader reads (an image role).
void QrImage(const core::QrCode& qr, float module, const std::string& spoken);
// A checkbox in the theme, with the accessible name of its label.
bool CheckBox(const char* label, bool* value, const char* error = nullptr);
// A modal dialog with a title, shown while *open; EndDialog only when BeginDialog returned
// true. Setting *open = false (e.g. from a network callback) closes it on the next frame.
bool BeginDialog(const char* id, const char* title, bool* open, float width = 560.0f);
void EndDialog();

}  // namespace ui
