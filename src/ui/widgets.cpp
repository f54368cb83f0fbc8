#include "ui/widgets.h"

#include <cstring>

#include "imgui_internal.h"
#include "imgui_stdlib.h"
#include "ui/a11y_collector.h"
#include "ui/icons.h"

namespace ui {

using core::A11yRole;

static Fonts g_fonts;
void SetWidgetFonts(const Fonts& fonts) { g_fonts = fonts; }
const Fonts& WidgetFonts() { return g_fonts; }

bool PrimaryButton(const char* label, ImVec2 size) {
    ImGui::PushFont(g_fonts.bold, 0.0f);
    ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kOnAccent));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    A11yCollector::SetNextRole(A11yRole::Button);
    bool pressed = ImGui::Button(label, size);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    ImGui::PopFont();
    return pressed;
}

bool SecondaryButton(const char* label, ImVec2 size) {
    ImGui::PushStyleColor(ImGuiCol_Button, color::V(color::kCard));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, color::V(color::kAccentSoft));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, color::V(color::kAccentSoftActive));
    ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kAccent));
    ImGui::PushStyleColor(ImGuiCol_Border, color::V(color::kAccent));
    A11yCollector::SetNextRole(A11yRole::Button);
    bool pressed = ImGui::Button(label, size);
    ImGui::PopStyleColor(5);
    return pressed;
}

bool ToggleButton(const char* label, ImVec2 size, bool on) {
    ImGui::PushStyleColor(ImGuiCol_Button, color::V(on ? color::kAccentSoftActive : color::kCard));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, color::V(color::kAccentSoft));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, color::V(color::kAccentSoftActive));
    ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kAccent));
    ImGui::PushStyleColor(ImGuiCol_Border, color::V(color::kAccent));
    A11yCollector::SetNextRole(A11yRole::CheckBox);
    A11yCollector::SetNextState(on ? (unsigned)core::A11yState_Checked : 0u);
    bool pressed = ImGui::Button(label, size);
    ImGui::PopStyleColor(5);
    return pressed;
}

bool LinkButton(const char* label) {
    ImVec2 text = ImGui::CalcTextSize(label, nullptr, true);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    A11yCollector::SetNextRole(A11yRole::Link);
    bool pressed = ImGui::InvisibleButton(label, ImVec2(text.x, text.y + 4), ImGuiButtonFlags_EnableNav);
    bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImU32 col = color::Rgb(hovered ? color::kAccentHover : color::kAccent);
    dl->AddText(pos, col, label, ImGui::FindRenderedTextEnd(label));
    dl->AddLine(ImVec2(pos.x, pos.y + text.y + 1), ImVec2(pos.x + text.x, pos.y + text.y + 1), col, hovered ? 2.0f : 1.0f);
    return pressed;
}

bool WrappingButton(const char* label, float width) {
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    const char* end = ImGui::FindRenderedTextEnd(label);
    float wrap = std::max(40.0f, width - pad.x * 2);
    ImVec2 text = ImGui::CalcTextSize(label, end, false, wrap);
    ImVec2 pos = ImGui::GetCursorScreenPos(), size(std::min(width, text.x + pad.x * 2), text.y + pad.y * 2);
    A11yCollector::SetNextRole(A11yRole::Button);
    bool pressed = ImGui::InvisibleButton(label, size, ImGuiButtonFlags_EnableNav);
    bool hovered = ImGui::IsItemHovered(), held = ImGui::IsItemActive();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 max(pos.x + size.x, pos.y + size.y);
    float rounding = ImGui::GetStyle().FrameRounding;
    dl->AddRectFilled(pos, max, color::Rgb(held ? color::kAccentSoftActive : hovered ? color::kAccentSoft : color::kCard), rounding);
    dl->AddRect(pos, max, color::Rgb(color::kAccent), rounding, 0, ImGui::GetStyle().FrameBorderSize);
    dl->AddText(nullptr, 0.0f, ImVec2(pos.x + pad.x, pos.y + pad.y), color::Rgb(color::kAccent), label, end, wrap);
    ImGui::RenderNavCursor(ImRect(pos, max), ImGui::GetItemID());
    return pressed;
}

static std::string BadgeText(int badge) { return badge > 99 ? std::string("99+") : std::to_string(badge); }

void DrawCountPill(ImVec2 at, int count, bool right_aligned) {
    // The error colour: the one thing in the header that asks to be looked at.
    std::string num = BadgeText(count);
    ImGui::PushFont(g_fonts.bold, size::kSmall);
    ImVec2 nsz = ImGui::CalcTextSize(num.c_str());
    ImVec2 p0(right_aligned ? at.x - nsz.x - 12 : at.x, at.y);
    ImVec2 p1(p0.x + nsz.x + 12, p0.y + nsz.y + 6);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, p1, color::Rgb(color::kError), (p1.y - p0.y) * 0.5f);
    dl->AddText(ImVec2(p0.x + 6, p0.y + 3), color::Rgb(color::kOnAccent), num.c_str());
    ImGui::PopFont();
}

float NavTabBadgeWidth(int badge) {
    if (badge <= 0) return 0.0f;
    ImGui::PushFont(g_fonts.bold, size::kSmall);
    float w = ImGui::CalcTextSize(BadgeText(badge).c_str()).x + 12 + 4;
    ImGui::PopFont();
    return w;
}

bool NavTab(const char* label, bool current, int badge, const char* icon) {
    // An icon tab shows the icon and says the label (its name and its tooltip).
    const char* shown = icon ? icon : label;
    ImVec2 text = ImGui::CalcTextSize(shown, nullptr, true);
    // 10 px each side: six header tabs and the buttons fit a 1280 px window (App::DrawHeader).
    ImVec2 pad(icon ? 14.0f : 10.0f, 0);
    float h = ImGui::GetContentRegionAvail().y;
    if (h < 44) h = 44;
    float extra = NavTabBadgeWidth(badge);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    std::string name(label, ImGui::FindRenderedTextEnd(label));
    A11yCollector::SetNextRole(A11yRole::Tab);
    A11yCollector::SetNextState(current ? (unsigned)core::A11yState_Selected : 0u);
    if (badge > 0) A11yCollector::SetNextName(name + ", " + core::TrN("header.unread_count", badge));
    else if (icon) A11yCollector::SetNextName(name);
    float w = text.x + pad.x * 2 + extra;
    bool pressed = ImGui::InvisibleButton(label, ImVec2(w, h), ImGuiButtonFlags_EnableNav);
    bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    if (hovered && icon) ImGui::SetTooltip("%s", name.c_str());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (hovered && !current)
        dl->AddRectFilled(pos, ImVec2(pos.x + w, pos.y + h), color::Rgb(color::kLinkHoverBg), 8.0f);
    ImU32 col = color::Rgb(current ? color::kAccent : color::kText);
    dl->AddText(ImVec2(pos.x + pad.x, pos.y + (h - text.y) * 0.5f), col, shown, ImGui::FindRenderedTextEnd(shown));
    if (badge > 0) {
        ImGui::PushFont(g_fonts.bold, size::kSmall);
        float pill_h = ImGui::GetFontSize() + 6;
        ImGui::PopFont();
        DrawCountPill(ImVec2(pos.x + pad.x + text.x + 4, pos.y + (h - pill_h) * 0.5f), badge, false);
    }
    if (current)
        dl->AddRectFilled(ImVec2(pos.x + pad.x, pos.y + h - 4), ImVec2(pos.x + pad.x + text.x + extra, pos.y + h), color::Rgb(color::kAccent), 2.0f);
    ImGui::RenderNavCursor(ImRect(pos, ImVec2(pos.x + w, pos.y + h)), ImGui::GetItemID());
    return pressed;
}

static bool g_last_field_deactivated = false;
bool LastFieldDeactivated() { return g_last_field_deactivated; }

// Cuts a UTF-8 string to at most max_bytes without splitting a character.
static void TruncateUtf8(std::string* s, size_t max_bytes) {
    if (s->size() <= max_bytes) return;
    size_t n = max_bytes;
    while (n > 0 && ((unsigned char)(*s)[n] & 0xC0) == 0x80) n--;
    s->resize(n);
}

static core::forms::InputMode g_active_mode = core::forms::InputMode::Text;
core::forms::InputMode ActiveInputMode() { return ImGui::GetIO().WantTextInput ? g_active_mode : core::forms::InputMode::Text; }
static int g_field_into_view = 0;  // frames left in which the active field is scrolled into view
void BringActiveFieldIntoView() { g_field_into_view = 3; }

bool TextField(const char* label, const char* id, std::string* value, const TextFieldOptions& opt) {
    ImGui::PushID(id);
    float width = opt.width < 0 ? ImGui::CalcItemWidth() : opt.width;
    ImGui::PushFont(g_fonts.bold, size::kSmall + 1);
    // The label wraps within the field's width: at 200 % text on a phone it was cut at the edge.
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImMax(width, 40.0f));
    ImGui::TextWrapped("%s", label);
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ImGui::SetNextItemWidth(width);
    bool invalid = opt.error && opt.error[0];
    if (invalid) {
        ImGui::PushStyleColor(ImGuiCol_Border, color::V(color::kError));
        ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 2.0f);
    }
    ImGuiInputTextFlags flags = (opt.password ? ImGuiInputTextFlags_Password : 0) | opt.flags |
                                (opt.read_only ? ImGuiInputTextFlags_ReadOnly : 0);
    A11yCollector::SetNextRole(opt.password ? A11yRole::Password : A11yRole::TextBox);
    A11yCollector::SetNextName(opt.a11y_name ? opt.a11y_name : label);
    A11yCollector::SetNextState((invalid ? (unsigned)core::A11yState_Invalid : 0u) | (opt.required ? (unsigned)core::A11yState_Required : 0u) |
                                (opt.multiline_height > 0 ? (unsigned)core::A11yState_Multiline : 0u));
    if (opt.focus) {
        ImGui::SetKeyboardFocusHere();
        ImGui::SetScrollHereY(0.25f);
    }
    bool changed = opt.multiline_height > 0
                       ? ImGui::InputTextMultiline("##input", value, ImVec2(width, opt.multiline_height), flags)
                       : ImGui::InputTextWithHint("##input", opt.hint ? opt.hint : "", value, flags);
    g_last_field_deactivated = ImGui::IsItemDeactivated();
    if (ImGui::IsItemActive() && g_field_into_view > 0) {
        g_field_into_view--;
        ImGui::ScrollToRect(ImGui::GetCurrentWindow(), ImGui::GetItemRectSize().y > 0 ? ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()) : ImRect(),
                            ImGuiScrollFlags_KeepVisibleEdgeY);
    }
    if (ImGui::IsItemActive()) g_active_mode = opt.mode;
    else if (ImGui::IsItemDeactivated()) g_active_mode = core::forms::InputMode::Text;
    if (changed) TruncateUtf8(value, opt.max_bytes);
    if (!opt.password) A11yCollector::SetLastValue(*value);
    if (invalid) {
        A11yCollector::SetLastDescription(opt.error);
        ImGui::PopStyleVar();
        ImGui::PopStyleColor();
        ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kError));
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
        ImGui::TextWrapped("%s %s", ICON_EXCLAMATION, opt.error);
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    }
    ImGui::PopID();
    return changed;
}

void Heading(const char* text, int level) {
    ImGui::PushFont(g_fonts.bold, level <= 1 ? size::kH1 : level == 2 ? size::kH2 : size::kH3);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    A11yCollector::AddStatic(A11yRole::Heading, text, level);
}

void Paragraph(const char* text, bool muted) {
    if (muted) ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kMuted));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    if (muted) ImGui::PopStyleColor();
}

bool Alert(AlertKind kind, const char* text, const char* action) {
    color::Role bg = kind == AlertKind::Error ? color::kErrorSoft : kind == AlertKind::Warning ? color::kWarningSoft : color::kAccentSoft;
    color::Role fg = kind == AlertKind::Error ? color::kError : kind == AlertKind::Warning ? color::kWarning : color::kAccent;
    const char* icon = kind == AlertKind::Info ? ICON_INFO : kind == AlertKind::Warning ? ICON_WARNING : ICON_EXCLAMATION;
    ImGui::PushID(text);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImVec2 start = ImGui::GetCursorScreenPos();
    float width = ImGui::CalcItemWidth();
    ImGui::SetCursorScreenPos(ImVec2(start.x + 16, start.y + 14));
    ImGui::BeginGroup();
    ImGui::PushStyleColor(ImGuiCol_Text, color::V(fg));
    ImGui::TextUnformatted(icon);
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::PushTextWrapPos(start.x + width - 16 - ImGui::GetWindowPos().x);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    A11yCollector::AddStatic(kind == AlertKind::Info ? A11yRole::Status : A11yRole::Alert, text);
    bool pressed = false;
    if (action) pressed = SecondaryButton(action);
    ImGui::EndGroup();
    ImVec2 end(start.x + width, ImGui::GetItemRectMax().y + 14);
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(start, end, color::Rgb(bg), 10.0f);
    dl->AddRectFilled(start, ImVec2(start.x + 5, end.y), color::Rgb(fg), 10.0f, ImDrawFlags_RoundCornersLeft);
    dl->ChannelsMerge();
    ImGui::SetCursorScreenPos(ImVec2(start.x, end.y));
    ImGui::Dummy(ImVec2(width, 4));
    ImGui::PopID();
    return pressed;
}

void BeginCard(const char* id, float height) {
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(28, 24));
    ImGui::BeginChild(id, ImVec2(ImGui::CalcItemWidth(), height), ImGuiChildFlags_Borders | ImGuiChildFlags_AlwaysUseWindowPadding | ImGuiChildFlags_NavFlattened | (height == 0.0f ? ImGuiChildFlags_AutoResizeY : 0));
    ImGui::PushItemWidth(-FLT_MIN);  // fields fill the card
}

void EndCard() {
    ImGui::PopItemWidth();
    ImGui::EndChild();
    ImGui::PopStyleVar();
}

static ImVec2 g_flat_card_at, g_flat_card_pad;

float BeginFlatCard() {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);  // the content over the background drawn at the end
    g_flat_card_at = ImGui::GetCursorScreenPos();
    float width = ImGui::CalcItemWidth();
    // BeginCard's padding; less on a phone, where 28 px a side left 180 px for text at 200 %.
    g_flat_card_pad = width < 480 ? ImVec2(16, 16) : ImVec2(28, 24);
    ImGui::SetCursorScreenPos(ImVec2(g_flat_card_at.x + g_flat_card_pad.x, g_flat_card_at.y + g_flat_card_pad.y));
    ImGui::BeginGroup();
    return width - g_flat_card_pad.x * 2;
}

void PushFlatCardWrap() {
    float right = g_flat_card_at.x + ImGui::CalcItemWidth() - g_flat_card_pad.x;
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + right - ImGui::GetCursorScreenPos().x);
}

void EndFlatCard() {
    ImGui::EndGroup();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 a = g_flat_card_at, b(a.x + ImGui::CalcItemWidth(), ImGui::GetItemRectMax().y + g_flat_card_pad.y);
    dl->ChannelsSetCurrent(0);
    float rounding = ImGui::GetStyle().ChildRounding;
    dl->AddRectFilled(a, b, color::Rgb(color::kCard), rounding);
    dl->AddRect(a, b, color::Rgb(color::kBorder), rounding);
    dl->ChannelsMerge();
    ImGui::SetCursorScreenPos(ImVec2(a.x, b.y));
    ImGui::Dummy(ImVec2(b.x - a.x, 0));
}

void Badge(const char* label, core::StatusTone tone, const std::string& spoken) {
    color::Role bg = tone == core::StatusTone::Progress    ? color::kAccentSoft
                     : tone == core::StatusTone::Attention ? color::kWarningSoft
                     : tone == core::StatusTone::Failure   ? color::kErrorSoft
                                                           : color::kRowAlt;
    color::Role fg = tone == core::StatusTone::Progress  ? color::kAccent
                     : tone == core::StatusTone::Failure ? color::kError
                     : tone == core::StatusTone::Success ? color::kSuccess
                                                         : color::kText;
    ImGui::PushFont(g_fonts.bold, size::kSmall);
    // Wrapped when wider than the column (a long verdict at 200 % text on a phone).
    float max_w = ImMax(40.0f, ImGui::GetContentRegionAvail().x - 20);
    ImVec2 pad(10, 4), tsz = ImGui::CalcTextSize(label, nullptr, false, max_w);
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + tsz.x + pad.x * 2, p.y + tsz.y + pad.y * 2), color::Rgb(bg), 6.0f);
    ImGui::GetWindowDrawList()->AddText(nullptr, 0.0f, ImVec2(p.x + pad.x, p.y + pad.y), color::Rgb(fg), label, nullptr, max_w);
    ImGui::Dummy(ImVec2(tsz.x + pad.x * 2, tsz.y + pad.y * 2));
    ImGui::PopFont();
    A11yCollector::AddStatic(core::A11yRole::Text, spoken);
}

void StatusBadge(core::AppStatus status) {
    const char* label = core::Tr(core::StatusLabelKey(status));
    Badge(label, core::ToneOf(status), core::Tr("applications.status_is", {{"status", label}}));
}

void FieldRow(const char* label, const std::string& value, bool verified) {
    float avail = ImGui::GetContentRegionAvail().x;
    // A narrow column (a phone, or 200 % text) puts the label above its value: beside it, 40 % of
    // 180 px broke «Дата и время» into a letter or two per line.
    bool stacked = avail < 360.0f;
    float label_w = stacked ? avail : ImMin(260.0f, avail * 0.4f);
    float x = ImGui::GetCursorPosX();
    ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kMuted));
    ImGui::PushTextWrapPos(stacked ? 0.0f : x + label_w - 12);
    ImGui::TextWrapped("%s", label);
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    if (!stacked) ImGui::SameLine(x + label_w);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextWrapped("%s", value.c_str());
    ImGui::PopTextWrapPos();
    A11yCollector::AddStatic(core::A11yRole::Text, std::string(label) + ": " + value + (verified ? std::string(" (") + core::Tr("profile.verified_mark") + ")" : std::string()));
    if (verified) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kSuccess));
        ImGui::Text(ICON_CHECK " %s", core::Tr("profile.verified"));
        ImGui::PopStyleColor();
    }
    ImGui::Dummy(ImVec2(0, 2));
}

bool BeginSelect(const char* id, const char* accessible_name, const char* preview, float width) {
    // Never wider than the column: at 200 % text on a phone a 260 px select ran out of its card.
    ImGui::SetNextItemWidth(ImMin(width, ImGui::GetContentRegionAvail().x));
    ImGui::PushStyleColor(ImGuiCol_Button, color::V(color::kCard));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, color::V(color::kAccentSoft));
    ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kText));
    A11yCollector::SetNextName(accessible_name);
    A11yCollector::SetNextRole(core::A11yRole::Button);
    A11yCollector::SetNextState(core::A11yState_Expandable);
    bool open = ImGui::BeginCombo(id, preview);
    if (!open) A11yCollector::DescribeLastItem(id);  // ImGui's combo has no ItemInfo of its own
    ImGui::PopStyleColor(3);
    return open;
}

void EndSelect() { ImGui::EndCombo(); }

bool RadioOption(const char* label, bool selected) {
    A11yCollector::SetNextRole(core::A11yRole::Radio);
    A11yCollector::SetNextState(selected ? (unsigned)core::A11yState_Checked : 0u);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(6, 6));
    bool pressed = ImGui::RadioButton(label, selected);
    ImGui::PopStyleVar();
    return pressed && !selected;
}

void QrImage(const core::QrCode& qr, float module, const std::string& spoken) {
    float side = (qr.size + 8) * module;  // 4 modules of quiet zone on each side
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + side, p.y + side), color::Rgb(color::kCard));
    ImU32 ink = color::Rgb(color::kText);
    for (int y = 0; y < qr.size; y++)
        for (int x = 0; x < qr.size; x++)
            if (qr.Dark(x, y)) {
                ImVec2 a(p.x + (x + 4) * module, p.y + (y + 4) * module);
                dl->AddRectFilled(a, ImVec2(a.x + module, a.y + module), ink);
            }
    ImGui::Dummy(ImVec2(side, side));
    A11yCollector::AddStatic(core::A11yRole::Image, spoken);
}

void ProgressLine(float fraction, const char* text) {
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, color::V(color::kAccent));
    ImGui::ProgressBar(fraction, ImVec2(ImMin(ImGui::CalcItemWidth(), 420.0f), 10), "");
    ImGui::PopStyleColor();
    ImGui::TextUnformatted(text);
    A11yCollector::AddStatic(core::A11yRole::Status, text);
}

bool CheckBox(const char* label, bool* value, const char* error) {
    bool invalid = error && error[0];
    A11yCollector::SetNextState(invalid ? (unsigned)core::A11yState_Invalid : 0u);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(6, 6));
    if (invalid) ImGui::PushStyleColor(ImGuiCol_Border, color::V(color::kError));
    // A label wider than the column wraps beside the box (ImGui's own runs past the edge: «In your
    // account» was cut to «In your accou» at 200 % text on a 360 px phone); clicking it still ticks.
    const char* end = ImGui::FindRenderedTextEnd(label);
    float box = ImGui::GetFrameHeight(), gap = ImGui::GetStyle().ItemInnerSpacing.x;
    float room = ImGui::GetContentRegionAvail().x - box - gap;
    bool changed;
    if (end == label || ImGui::CalcTextSize(label, end).x <= room) {
        changed = ImGui::Checkbox(label, value);
    } else {
        if (!A11yCollector::HasNextName()) A11yCollector::SetNextName(std::string(label, end));
        ImGui::PushID(label);
        changed = ImGui::Checkbox("##box", value);
        ImGui::PopID();
        bool disabled = (ImGui::GetItemFlags() & ImGuiItemFlags_Disabled) != 0;
        ImGui::SameLine(0, gap);
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ImGui::GetStyle().FramePadding.y);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(label, end);
        ImGui::PopTextWrapPos();
        if (!disabled && ImGui::IsItemClicked()) {
            *value = !*value;
            changed = true;
        }
    }
    if (invalid) ImGui::PopStyleColor();
    ImGui::PopStyleVar();
    if (invalid) {
        A11yCollector::SetLastDescription(error);
        ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kError));
        ImGui::TextWrapped("%s %s", ICON_EXCLAMATION, error);
        ImGui::PopStyleColor();
    }
    return changed;
}

bool BeginDialog(const char* id, const char* title, bool* open, float width) {
    if (!*open) {
        if (ImGui::IsPopupOpen(id) && ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_NoTitleBar)) {
            ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
        }
        return false;
    }
    if (!ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(ImMin(width, vp->Size.x - 24), 0));
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(vp->Size.x - 24, vp->Size.y - 48));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(28, 24));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 14.0f);
    bool shown = ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    ImGui::PopStyleVar(2);
    if (shown) {
        // Esc closes the dialog, as «Отмена» does (the caller sees *open false next frame).
        if (ImGui::IsKeyPressed(ImGuiKey_Escape, false) && ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) *open = false;
        ImGui::PushTextWrapPos(0.0f);
        Heading(title, 2);
        ImGui::Dummy(ImVec2(0, 4));
    }
    return shown;
}

void EndDialog() {
    ImGui::PopTextWrapPos();
    ImGui::EndPopup();
}

}  // namespace ui
