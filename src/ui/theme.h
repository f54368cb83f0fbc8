// The look: a public-service theme with calm blue accents, 17 px body text, generous spacing.
// Colours come from the current palette; sizes live here and nowhere else.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "imgui.h"

namespace ui {

// Semantic colours. Their values are data: a palette (assets/themes/*.json, embedded at build
// time) chosen at run time — light, or high contrast — and no colour is written anywhere else
// (tests/unit/test_theme.cpp fails on a colour literal in src/ or in the page's CSS, which takes
// its colours from the same files through build/.../theme.css).
namespace color {
enum Role {
    kPage, kCard, kText, kMuted, kBorder, kAccent, kAccentHover, kAccentActive, kAccentSoft, kAccentSoftHover,
    kAccentSoftActive, kLinkHoverBg, kError, kErrorSoft, kSuccess, kWarning, kWarningSoft, kOnAccent, kFieldHover,
    kRowHover, kRowAlt, kScrollGrab, kTableBorder, kSelection, kDim, kRoleCount
};
// The names in the palette files, in Role order.
const char* RoleName(Role r);
ImU32 Rgb(Role r);
ImVec4 V(Role r);
}  // namespace color

struct Palette {
    std::string name;
    ImU32 colors[color::kRoleCount] = {};
};
// Reads a palette file; false (with the reason) when a role is missing or a value is not #RRGGBB[AA].
bool ParsePalette(const std::string& json_text, Palette* out, std::string* error);
enum class ThemeKind { Light, HighContrast };
// The embedded palettes (assets/themes/light.json, high_contrast.json).
const char* EmbeddedPalette(ThemeKind kind);
// Makes a palette current and restyles ImGui with it.
void UsePalette(const Palette& palette);
const Palette& CurrentPalette();

namespace size {
constexpr float kBody = 17.0f;
constexpr float kSmall = 15.0f;
constexpr float kH1 = 30.0f;
constexpr float kH2 = 23.0f;
constexpr float kH3 = 19.0f;  // a part within a card (a relative in «Семья»)
constexpr float kHeaderHeight = 72.0f;
constexpr float kContentMaxWidth = 1040.0f;
constexpr float kNarrow = 720.0f;  // below this width the layout switches to phone mode
}  // namespace size

struct FontFiles {
    std::vector<unsigned char> regular, bold, icons;  // TTF bytes (subset fonts)
};

struct Fonts {
    ImFont* regular = nullptr;
    ImFont* bold = nullptr;
};

// Adds the fonts to the current context's atlas (icons merged into both faces). The byte
// buffers must outlive the context: the atlas keeps pointers to them and rasterises glyphs
// on demand at whatever size and density is asked.
Fonts LoadFonts(const FontFiles& files);
void ApplyTheme();

}  // namespace ui
