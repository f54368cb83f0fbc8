// The look: a light public-service theme with calm blue accents, 17 px body text,
// generous spacing. Colours and sizes live here and nowhere else.
#pragma once
#include <cstdint>
#include <vector>

#include "imgui.h"

namespace ui {

namespace color {
constexpr ImU32 Rgb(uint32_t rgb) { return IM_COL32((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, 0xFF); }
inline ImVec4 V(uint32_t rgb) { return ImGui::ColorConvertU32ToFloat4(Rgb(rgb)); }
constexpr uint32_t kPage = 0xF2F5F9;       // page background
constexpr uint32_t kCard = 0xFFFFFF;
constexpr uint32_t kText = 0x0B1F33;       // body text (contrast 16:1 on white)
constexpr uint32_t kMuted = 0x4F5B67;      // secondary text (7:1 on white)
constexpr uint32_t kBorder = 0xCFD8E3;
constexpr uint32_t kAccent = 0x0D4CD3;     // primary blue (6.9:1 on white)
constexpr uint32_t kAccentHover = 0x0A3CA8;
constexpr uint32_t kAccentActive = 0x082F85;
constexpr uint32_t kAccentSoft = 0xE6EEFD;
constexpr uint32_t kError = 0xC4162A;      // 5.9:1 on white
constexpr uint32_t kErrorSoft = 0xFDECEE;
constexpr uint32_t kSuccess = 0x0A7A3E;
constexpr uint32_t kWarningSoft = 0xFFF4D6;
}  // namespace color

namespace size {
constexpr float kBody = 17.0f;
constexpr float kSmall = 15.0f;
constexpr float kH1 = 30.0f;
constexpr float kH2 = 23.0f;
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
