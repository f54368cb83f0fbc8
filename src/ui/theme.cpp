#include "ui/theme.h"
#include "core/json_read.h"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace ui {

static ImFont* AddFace(const std::vector<unsigned char>& ttf, const std::vector<unsigned char>& icons, const char* name) {
    ImGuiIO& io = ImGui::GetIO();
    if (ttf.empty()) return nullptr;
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;
    snprintf(cfg.Name, sizeof(cfg.Name), "%s", name);
    ImFont* font = io.Fonts->AddFontFromMemoryTTF((void*)ttf.data(), (int)ttf.size(), size::kBody, &cfg);
    if (font && !icons.empty()) {
        ImFontConfig icfg;
        icfg.FontDataOwnedByAtlas = false;
        icfg.MergeMode = true;
        icfg.GlyphMinAdvanceX = size::kBody * 1.15f;  // icons line up in menus
        icfg.GlyphOffset.y = 1.0f;
        io.Fonts->AddFontFromMemoryTTF((void*)icons.data(), (int)icons.size(), size::kBody * 0.95f, &icfg);
    }
    return font;
}

Fonts LoadFonts(const FontFiles& files) {
    Fonts f;
    f.regular = AddFace(files.regular, files.icons, "Noto Sans");
    f.bold = AddFace(files.bold, files.icons, "Noto Sans Bold");
    if (!f.bold) f.bold = f.regular;
    ImGui::GetIO().FontDefault = f.regular;
    return f;
}

namespace color {
static const char* const kNames[kRoleCount] = {
    "page", "card", "text", "muted", "border", "accent", "accent_hover", "accent_active", "accent_soft", "accent_soft_hover",
    "accent_soft_active", "link_hover_bg", "error", "error_soft", "success", "warning", "warning_soft", "on_accent", "field_hover",
    "row_hover", "row_alt", "scroll_grab", "table_border", "selection", "dim"};
const char* RoleName(Role r) { return r >= 0 && r < kRoleCount ? kNames[r] : ""; }
}  // namespace color

static Palette g_palette;
static bool g_palette_set = false;

static bool ParseHexColor(const std::string& s, ImU32* out) {
    if ((s.size() != 7 && s.size() != 9) || s[0] != '#') return false;
    unsigned v[4] = {0, 0, 0, 255};
    for (size_t i = 0; i + 1 < s.size(); i += 2) {
        unsigned byte = 0;
        for (size_t k = 1; k <= 2; k++) {
            char c = s[i + k];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) return false;
            byte = byte * 16 + (unsigned)d;
        }
        v[i / 2] = byte;
    }
    *out = IM_COL32(v[0], v[1], v[2], v[3]);
    return true;
}

bool ParsePalette(const std::string& json_text, Palette* out, std::string* error) {
    nlohmann::json doc = core::ParseJson(json_text);
    if (!doc.is_object() || !doc.contains("colors") || !doc["colors"].is_object()) {
        if (error) *error = "a palette is an object with \"colors\"";
        return false;
    }
    Palette p;
    p.name = doc.value("name", "");
    for (int r = 0; r < color::kRoleCount; r++) {
        const char* name = color::kNames[r];
        const nlohmann::json& c = doc["colors"];
        if (!c.contains(name) || !c[name].is_string() || !ParseHexColor(c[name].get<std::string>(), &p.colors[r])) {
            if (error) *error = std::string("colour \"") + name + "\" missing or not #RRGGBB[AA]";
            return false;
        }
    }
    *out = p;
    return true;
}

const Palette& CurrentPalette() {
    if (!g_palette_set) {
        ParsePalette(EmbeddedPalette(ThemeKind::Light), &g_palette, nullptr);
        g_palette_set = true;
    }
    return g_palette;
}

ImU32 color::Rgb(Role r) { return r >= 0 && r < kRoleCount ? CurrentPalette().colors[r] : 0; }
ImVec4 color::V(Role r) { return ImGui::ColorConvertU32ToFloat4(Rgb(r)); }

void UsePalette(const Palette& palette) {
    g_palette = palette;
    g_palette_set = true;
    if (!ImGui::GetCurrentContext()) return;
    ImVec4* c = ImGui::GetStyle().Colors;
    ImVec4 clear = color::V(color::kPage);
    clear.w = 0.0f;
    c[ImGuiCol_Text] = color::V(color::kText);
    c[ImGuiCol_TextDisabled] = color::V(color::kMuted);
    c[ImGuiCol_WindowBg] = color::V(color::kPage);
    c[ImGuiCol_ChildBg] = color::V(color::kCard);
    c[ImGuiCol_PopupBg] = color::V(color::kCard);
    c[ImGuiCol_Border] = color::V(color::kBorder);
    c[ImGuiCol_FrameBg] = color::V(color::kCard);
    c[ImGuiCol_FrameBgHovered] = color::V(color::kFieldHover);
    c[ImGuiCol_FrameBgActive] = color::V(color::kCard);
    c[ImGuiCol_Button] = color::V(color::kAccent);
    c[ImGuiCol_ButtonHovered] = color::V(color::kAccentHover);
    c[ImGuiCol_ButtonActive] = color::V(color::kAccentActive);
    c[ImGuiCol_Header] = color::V(color::kAccentSoft);
    c[ImGuiCol_HeaderHovered] = color::V(color::kAccentSoftHover);
    c[ImGuiCol_HeaderActive] = color::V(color::kAccentSoftActive);
    c[ImGuiCol_CheckMark] = color::V(color::kAccent);
    c[ImGuiCol_TextSelectedBg] = color::V(color::kSelection);
    c[ImGuiCol_NavCursor] = color::V(color::kAccent);
    c[ImGuiCol_ScrollbarBg] = clear;
    c[ImGuiCol_ScrollbarGrab] = color::V(color::kScrollGrab);
    c[ImGuiCol_Separator] = color::V(color::kBorder);
    c[ImGuiCol_TableHeaderBg] = color::V(color::kAccentSoft);
    c[ImGuiCol_TableRowBg] = clear;
    c[ImGuiCol_TableRowBgAlt] = color::V(color::kRowAlt);
    c[ImGuiCol_TableBorderLight] = color::V(color::kTableBorder);
    c[ImGuiCol_ModalWindowDimBg] = color::V(color::kDim);
}

void ApplyTheme() {
    ImGuiStyle& s = ImGui::GetStyle();
    s = ImGuiStyle();
    ImGui::StyleColorsLight(&s);
    s.FontSizeBase = size::kBody;
    s.WindowPadding = ImVec2(0, 0);
    s.WindowBorderSize = 0;
    s.WindowRounding = 0;
    s.ChildRounding = 12;
    s.ChildBorderSize = 1;
    s.FrameRounding = 8;
    s.FramePadding = ImVec2(14, 11);
    s.FrameBorderSize = 1;
    s.ItemSpacing = ImVec2(12, 12);
    s.ItemInnerSpacing = ImVec2(10, 8);
    s.ScrollbarSize = 12;
    s.ScrollbarRounding = 6;
    s.GrabRounding = 6;
    s.PopupRounding = 8;
    s.TabRounding = 8;
    s.SelectableTextAlign = ImVec2(0.0f, 0.5f);
    s.CellPadding = ImVec2(8, 8);

    UsePalette(CurrentPalette());

    ImGuiIO& io = ImGui::GetIO();
    io.ConfigInputTextCursorBlink = false;  // a blinking caret would force a redraw twice a second
    io.ConfigNavCursorVisibleAuto = true;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.IniFilename = nullptr;               // no imgui.ini: layout is code, and kiosks keep no files
    io.LogFilename = nullptr;
}

}  // namespace ui
