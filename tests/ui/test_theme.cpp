// The palettes are data and the only place colours are written: both parse with every role,
// every text colour pair meets WCAG 2.2 AA (4.5:1; 3:1 for the borders of fields and cards
// is not claimed here), and no colour literal is left in the code or in the page's CSS.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "ui/theme.h"

namespace {

double Luminance(ImU32 c) {
    auto lin = [](double v) { v /= 255.0; return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    double r = lin((c >> IM_COL32_R_SHIFT) & 0xFF), g = lin((c >> IM_COL32_G_SHIFT) & 0xFF), b = lin((c >> IM_COL32_B_SHIFT) & 0xFF);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

double Contrast(ImU32 a, ImU32 b) {
    double la = Luminance(a), lb = Luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

TEST(Theme, BothPalettesHaveEveryRoleAndEveryTextPairMeetsWcagAA) {
    using namespace ui::color;
    // Text colour on the backgrounds it is drawn on (widgets.cpp, views).
    const std::vector<std::pair<Role, Role>> pairs = {
        {kText, kCard}, {kText, kPage}, {kMuted, kCard}, {kMuted, kPage}, {kAccent, kCard}, {kAccent, kPage},
        {kAccent, kAccentSoft}, {kAccent, kLinkHoverBg}, {kText, kAccentSoft}, {kText, kRowHover}, {kText, kFieldHover},
        {kError, kCard}, {kError, kErrorSoft}, {kSuccess, kCard}, {kSuccess, kPage}, {kWarning, kWarningSoft},
        {kOnAccent, kAccent}, {kOnAccent, kAccentHover}, {kOnAccent, kAccentActive}, {kText, kRowAlt}};
    for (ui::ThemeKind kind : {ui::ThemeKind::Light, ui::ThemeKind::HighContrast}) {
        ui::Palette p;
        std::string err;
        ASSERT_TRUE(ui::ParsePalette(ui::EmbeddedPalette(kind), &p, &err)) << err;
        double need = kind == ui::ThemeKind::HighContrast ? 7.0 : 4.5;  // high contrast promises AAA
        for (auto& [fg, bg] : pairs)
            EXPECT_GE(Contrast(p.colors[fg], p.colors[bg]), need)
                << p.name << ": " << RoleName(fg) << " on " << RoleName(bg) << " is " << Contrast(p.colors[fg], p.colors[bg]) << ":1";
    }
}

TEST(Theme, APaletteWithAMissingOrMalformedColourIsRefused) {
    ui::Palette p;
    std::string err;
    EXPECT_FALSE(ui::ParsePalette(R"({"colors": {"page": "#FFFFFF"}})", &p, &err));
    EXPECT_NE(err.find("card"), std::string::npos);
    std::string light = ui::EmbeddedPalette(ui::ThemeKind::Light);
    std::string bad = std::regex_replace(light, std::regex("\"text\": \"#[0-9A-Fa-f]+\""), "\"text\": \"blue\"");
    EXPECT_FALSE(ui::ParsePalette(bad, &p, &err));
}

// Colours live in assets/themes/*.json only: not in C++ (hex literals, IM_COL32 with values,
// float colours) and not in the page's CSS or HTML (hex, rgb()).
TEST(Theme, NoColourLiteralOutsideThePalettes) {
    namespace fs = std::filesystem;
    const fs::path root = LK_SOURCE_DIR;
    const std::regex cpp(R"(0x[0-9A-Fa-f]{6}\b|IM_COL32\(\s*\d|IM_COL32_(WHITE|BLACK)\b|glClearColor\(\s*\d|ImVec4\(\s*0?\.\d+f?\s*,\s*0?\.\d)");
    const std::regex css(R"([:\s(,]#[0-9A-Fa-f]{3}([0-9A-Fa-f]{3})?([0-9A-Fa-f]{2})?\b|rgba?\()");
    std::vector<std::string> found;
    auto scan = [&](const fs::path& file, const std::regex& re) {
        std::ifstream in(file);
        std::string line;
        int n = 0;
        while (std::getline(in, line)) {
            n++;
            if (std::regex_search(line, re)) found.push_back(file.lexically_relative(root).string() + ":" + std::to_string(n) + ": " + line);
        }
    };
    for (const char* dir : {"src/ui", "src/platform", "src/client", "src/core"})
        for (const auto& e : fs::recursive_directory_iterator(root / dir))
            if (e.path().extension() == ".cpp" || e.path().extension() == ".h") scan(e.path(), cpp);
    for (const auto& e : fs::directory_iterator(root / "web"))
        if (e.path().extension() == ".css" || e.path().extension() == ".js") scan(e.path(), css);
    scan(root / "shell.html", css);
    std::string all;
    for (const std::string& f : found) all += f + "\n";
    EXPECT_TRUE(found.empty()) << "colour literals outside assets/themes/:\n" << all;
}

}  // namespace
