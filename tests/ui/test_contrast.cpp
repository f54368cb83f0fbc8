// Every text colour pair as it is drawn (issue 14: WCAG 2.2 AA, 4.5:1): the palette test
// (test_theme.cpp) checks the pairs someone listed; this one reads what the screens actually
// put on the screen. Each glyph of the draw data is checked against the background composited
// under its centre from the shapes drawn before it (window backgrounds, cards, buttons, badges,
// selections — alpha blended over the page colour), on every screen, in both palettes, signed out
// and in. Text of disabled controls (drawn with ImGui's disabled alpha) is exempt, as WCAG has it.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "imgui.h"
#include "server_process.h"
#include "sign_in.h"
#include "ui/theme.h"
#include "ui_driver.h"

namespace {

using testing_support::ServerProcess;
using testing_support::UiDriver;

struct Rgb {
    double r, g, b;
};

Rgb FromU32(ImU32 c) {
    return {((c >> IM_COL32_R_SHIFT) & 0xFF) / 255.0, ((c >> IM_COL32_G_SHIFT) & 0xFF) / 255.0, ((c >> IM_COL32_B_SHIFT) & 0xFF) / 255.0};
}
double Alpha(ImU32 c) { return ((c >> IM_COL32_A_SHIFT) & 0xFF) / 255.0; }

double Luminance(const Rgb& c) {
    auto lin = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}
double Contrast(const Rgb& a, const Rgb& b) {
    double la = Luminance(a), lb = Luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}
Rgb Over(ImU32 top, const Rgb& under) {
    double a = Alpha(top);
    Rgb t = FromU32(top);
    return {t.r * a + under.r * (1 - a), t.g * a + under.g * (1 - a), t.b * a + under.b * (1 - a)};
}
std::string Hex(const Rgb& c) {
    char buf[8];
    snprintf(buf, sizeof(buf), "#%02X%02X%02X", (int)std::lround(c.r * 255), (int)std::lround(c.g * 255), (int)std::lround(c.b * 255));
    return buf;
}

struct Triangle {
    ImVec2 a, b, c;
    ImU32 col;
    ImVec4 clip;
};

bool Inside(const Triangle& t, ImVec2 p) {
    if (p.x < t.clip.x || p.y < t.clip.y || p.x >= t.clip.z || p.y >= t.clip.w) return false;
    auto side = [](ImVec2 p1, ImVec2 p2, ImVec2 p3) { return (p1.x - p3.x) * (p2.y - p3.y) - (p2.x - p3.x) * (p1.y - p3.y); };
    double d1 = side(p, t.a, t.b), d2 = side(p, t.b, t.c), d3 = side(p, t.c, t.a);
    bool neg = d1 < 0 || d2 < 0 || d3 < 0, pos = d1 > 0 || d2 > 0 || d3 > 0;
    return !(neg && pos);
}

// Text pairs below 4.5:1 in this frame: "text #RRGGBB on #RRGGBB (3.2:1)" → where first seen.
void CheckFrame(const std::string& where, std::map<std::string, std::string>* failures, int* glyphs_checked) {
    ImDrawData* dd = ImGui::GetDrawData();
    ASSERT_NE(dd, nullptr);
    const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
    const Rgb page = FromU32(ui::color::Rgb(ui::color::kPage));
    std::vector<Triangle> shapes;
    for (ImDrawList* dl : dd->CmdLists) {
        for (const ImDrawCmd& cmd : dl->CmdBuffer) {
            if (cmd.UserCallback) continue;
            for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
                const ImDrawVert& v0 = dl->VtxBuffer[cmd.VtxOffset + dl->IdxBuffer[cmd.IdxOffset + i]];
                const ImDrawVert& v1 = dl->VtxBuffer[cmd.VtxOffset + dl->IdxBuffer[cmd.IdxOffset + i + 1]];
                const ImDrawVert& v2 = dl->VtxBuffer[cmd.VtxOffset + dl->IdxBuffer[cmd.IdxOffset + i + 2]];
                bool solid = v0.uv.x == white.x && v0.uv.y == white.y && v1.uv.x == white.x && v1.uv.y == white.y &&
                             v2.uv.x == white.x && v2.uv.y == white.y;
                if (solid) {
                    // Anti-aliased fringes fade to transparent at one edge: only triangles of one
                    // colour are the shape itself.
                    if (v0.col == v1.col && v1.col == v2.col && Alpha(v0.col) > 0)
                        shapes.push_back({v0.pos, v1.pos, v2.pos, v0.col, cmd.ClipRect});
                    continue;
                }
                // A glyph is a quad of two triangles: its first one is enough.
                if (i % 6 != 0) continue;
                if (Alpha(v0.col) < 0.95) continue;  // a disabled control's text (WCAG exempts it)
                ImVec2 centre((v0.pos.x + v1.pos.x + v2.pos.x) / 3, (v0.pos.y + v1.pos.y + v2.pos.y) / 3);
                if (centre.x < cmd.ClipRect.x || centre.y < cmd.ClipRect.y || centre.x >= cmd.ClipRect.z || centre.y >= cmd.ClipRect.w) continue;
                Rgb bg = page;
                for (const Triangle& t : shapes)
                    if (Inside(t, centre)) bg = Over(t.col, bg);
                Rgb fg = FromU32(v0.col);
                (*glyphs_checked)++;
                double ratio = Contrast(fg, bg);
                if (ratio < 4.5) {
                    char buf[96];
                    snprintf(buf, sizeof(buf), "text %s on %s (%.2f:1)", Hex(fg).c_str(), Hex(bg).c_str(), ratio);
                    char at[64];
                    snprintf(at, sizeof(at), " at (%.0f, %.0f) alpha %.2f", centre.x, centre.y, Alpha(v0.col));
                    failures->emplace(buf, where + at);
                }
            }
        }
    }
}

class ContrastTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = new ServerProcess("", /*seed=*/true); }
    static void TearDownTestSuite() { delete server; }
    static ServerProcess* server;
};
ServerProcess* ContrastTest::server = nullptr;

void Visit(UiDriver& ui, const char* hash, const std::string& palette, std::map<std::string, std::string>* failures, int* glyphs) {
    // Lines as geometry, not as the atlas's line texture: textured lines would look like glyphs.
    ImGui::GetStyle().AntiAliasedLinesUseTex = false;
    ui.app().OnHashChanged(hash);
    ui.SettleNetwork();
    ui.Frames(3);
    CheckFrame(palette + " " + hash, failures, glyphs);
}

TEST_F(ContrastTest, EveryTextDrawnOnEveryScreenMeetsWcagAAInBothPalettes) {
    ASSERT_TRUE(server->ok());
    std::map<std::string, std::string> failures;
    int glyphs = 0;
    for (bool high : {false, true}) {
        std::string palette = high ? "high contrast" : "light";
        UiDriver ui(server->api_url(), ImVec2(1280, 900), "#/catalog");
        ui.app().SetHighContrast(high);
        ui.SettleNetwork();
        for (const char* hash : {"#/catalog", "#/catalog/all", "#/catalog/section/health", "#/catalog/service/passports-1-1",
                                 "#/forms/passports-1-1", "#/verify", "#/register", "#/recover", "#/not-found", "#/login"})
            Visit(ui, hash, palette, &failures, &glyphs);
        // Errors: an empty sign-in (fields in red, the error messages).
        ui.Click(core::A11yRole::Button, "Войти");
        const core::A11yNode* submit = nullptr;
        for (const core::A11yNode& n : ui.Nodes())
            if (n.role == core::A11yRole::Button && n.name == "Войти" && (!submit || n.y > submit->y)) submit = &n;
        ASSERT_NE(submit, nullptr);
        ui.ClickAt(submit->x + submit->w / 2, submit->y + submit->h / 2);
        ImGui::GetStyle().AntiAliasedLinesUseTex = false;
        ui.Frames(3);
        ASSERT_TRUE(ui.Find(core::A11yRole::TextBox, "Телефон, e-mail или СНИЛС")->state & core::A11yState_Invalid);
        CheckFrame(palette + " sign-in errors", &failures, &glyphs);
        ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, "+79001234567", "+79001234567"));
        for (const char* hash : {"#/profile", "#/profile/history", "#/profile/consents", "#/profile/security", "#/profile/data-access",
                                 "#/applications", "#/appointments", "#/appointments/new", "#/calendar", "#/documents", "#/payments",
                                 "#/payments/history", "#/rooms", "#/support", "#/support/new", "#/support/chat", "#/notifications",
                                 "#/notifications/settings"})
            Visit(ui, hash, palette, &failures, &glyphs);
        // The idle countdown's dialog over a dimmed page.
        ui.AdvanceClock(ui.app().idle_timeout_seconds - 20);
        ImGui::GetStyle().AntiAliasedLinesUseTex = false;
        ui.Frames(4);
        ASSERT_NE(ui.Find(core::A11yRole::Button, "Продолжить работу"), nullptr) << palette;
        CheckFrame(palette + " idle countdown", &failures, &glyphs);
    }
    EXPECT_GT(glyphs, 20000) << "the screens must have drawn their text";
    std::string all;
    for (const auto& [pair, where] : failures) all += "  " + pair + " — first at " + where + "\n";
    EXPECT_TRUE(failures.empty()) << failures.size() << " text colour pairs below 4.5:1:\n" << all;
}

}  // namespace
