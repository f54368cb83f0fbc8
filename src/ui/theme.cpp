#include "ui/theme.h"

#include <cstdio>

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

    ImVec4* c = s.Colors;
    c[ImGuiCol_Text] = color::V(color::kText);
    c[ImGuiCol_TextDisabled] = color::V(color::kMuted);
    c[ImGuiCol_WindowBg] = color::V(color::kPage);
    c[ImGuiCol_ChildBg] = color::V(color::kCard);
    c[ImGuiCol_PopupBg] = color::V(color::kCard);
    c[ImGuiCol_Border] = color::V(color::kBorder);
    c[ImGuiCol_FrameBg] = color::V(color::kCard);
    c[ImGuiCol_FrameBgHovered] = color::V(0xF7F9FC);
    c[ImGuiCol_FrameBgActive] = color::V(color::kCard);
    c[ImGuiCol_Button] = color::V(color::kAccent);
    c[ImGuiCol_ButtonHovered] = color::V(color::kAccentHover);
    c[ImGuiCol_ButtonActive] = color::V(color::kAccentActive);
    c[ImGuiCol_Header] = color::V(color::kAccentSoft);
    c[ImGuiCol_HeaderHovered] = color::V(0xDCE6FA);
    c[ImGuiCol_HeaderActive] = color::V(0xCCDAF7);
    c[ImGuiCol_CheckMark] = color::V(color::kAccent);
    c[ImGuiCol_TextSelectedBg] = ImVec4(0.05f, 0.30f, 0.83f, 0.25f);
    c[ImGuiCol_NavCursor] = color::V(color::kAccent);
    c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ScrollbarGrab] = color::V(0xB8C3D0);
    c[ImGuiCol_Separator] = color::V(color::kBorder);
    c[ImGuiCol_TableHeaderBg] = color::V(color::kAccentSoft);
    c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_TableRowBgAlt] = color::V(0xF6F8FB);
    c[ImGuiCol_TableBorderLight] = color::V(0xE3E8EF);
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.04f, 0.12f, 0.20f, 0.45f);

    ImGuiIO& io = ImGui::GetIO();
    io.ConfigInputTextCursorBlink = false;  // a blinking caret would force a redraw twice a second
    io.ConfigNavCursorVisibleAuto = true;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.IniFilename = nullptr;               // no imgui.ini: layout is code, and kiosks keep no files
    io.LogFilename = nullptr;
}

}  // namespace ui
