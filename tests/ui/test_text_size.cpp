// Text size 100–200 % (issue 10): one scale for text and layout. At 200 % the app lays out in half
// the window, so the page reflows (a 1280 px window gets the phone layout) — nothing overlaps,
// nothing leaves the window, and changing the size mid-typing loses nothing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "imgui.h"
#include "server_process.h"
#include "sign_in.h"
#include "ui_driver.h"

namespace {

using core::A11yNode;
using core::A11yRole;
using testing_support::ServerProcess;
using testing_support::UiDriver;

class TextSizeTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = new ServerProcess("", /*seed=*/true); }
    static void TearDownTestSuite() { delete server; }
    static ServerProcess* server;
};
ServerProcess* TextSizeTest::server = nullptr;

bool Interactive(A11yRole r) {
    return r == A11yRole::Button || r == A11yRole::Link || r == A11yRole::TextBox || r == A11yRole::Password ||
           r == A11yRole::CheckBox || r == A11yRole::Radio || r == A11yRole::Tab || r == A11yRole::ListItem;
}

// Every interactive item fully on screen lies inside the window and overlaps no other.
void ExpectNothingOverlaps(UiDriver& ui, const std::string& where) {
    ImVec2 display = ImGui::GetIO().DisplaySize;  // the app's pixels (window ÷ text scale)
    std::vector<const A11yNode*> items;
    for (const A11yNode& n : ui.Nodes())
        // The skip link lies over the logo by design and is drawn only while it has the focus.
        if (Interactive(n.role) && n.w > 0 && n.h > 0 && n.y >= 0 && n.y + n.h <= display.y && n.name != "Перейти к содержанию")
            items.push_back(&n);
    EXPECT_GE(items.size(), 3u) << where << ": the screen must show something to check";
    for (const A11yNode* n : items) {
        EXPECT_GE(n->x, -0.5f) << where << ": «" << n->name << "» starts left of the window";
        EXPECT_LE(n->x + n->w, display.x + 0.5f) << where << ": «" << n->name << "» is cut at the right edge (" << n->x + n->w
                                                 << " > " << display.x << ")";
    }
    for (size_t i = 0; i < items.size(); i++)
        for (size_t j = i + 1; j < items.size(); j++) {
            const A11yNode &a = *items[i], &b = *items[j];
            float ox = std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x);
            float oy = std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
            EXPECT_FALSE(ox > 1.0f && oy > 1.0f) << where << ": «" << a.name << "» overlaps «" << b.name << "»";
        }
}

TEST_F(TextSizeTest, AtEveryTextSizeAndWidthNothingOverlapsOrLeavesTheWindow) {
    ASSERT_TRUE(server->ok());
    for (ImVec2 window : {ImVec2(1280, 800), ImVec2(360, 740)})
        for (int percent : {100, 150, 200}) {
            UiDriver ui(server->api_url(), window, "#/catalog");
            ui.app().SetTextPercent(percent);
            std::string at = std::to_string((int)window.x) + "px at " + std::to_string(percent) + "%";
            ui.SettleNetwork();
            ui.Frames(3);
            EXPECT_FLOAT_EQ(ImGui::GetIO().DisplaySize.x, window.x * 100 / percent);
            ExpectNothingOverlaps(ui, "catalog, " + at);
            ui.app().OnHashChanged("#/catalog/service/passports-1-1");
            ui.SettleNetwork();
            ui.Frames(3);
            ASSERT_EQ(ui.app().CurrentScreen(), core::Screen::CatalogService) << at;
            ExpectNothingOverlaps(ui, "service, " + at);
            ui.app().Navigate(core::Screen::Login);
            ui.Frames(3);
            ExpectNothingOverlaps(ui, "login, " + at);
        }
}

TEST_F(TextSizeTest, ChangingTheSizeMidTypingKeepsTheTextAndTheHeaderOffersIt) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 800), "#/login");
    ui.SettleNetwork();
    ASSERT_TRUE(ui.Click(A11yRole::TextBox, "Телефон, e-mail или СНИЛС"));
    ui.Type("ivanov@exam");
    // The header's button: 100 → 150 → 200 %.
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Размер текста: 100 %"));
    ui.Frames(3);
    EXPECT_EQ(ui.app().TextPercent(), 150);
    // At 150 % the 1280 px window is 853 layout pixels: the tabs no longer fit beside the buttons
    // and the menu takes them, with the size button (the header never clips a tab).
    EXPECT_EQ(ui.Find(A11yRole::Tab, "Каталог услуг"), nullptr);
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Меню"));
    ui.Frames(2);
    // With «Платежи» the menu is taller than the 533 px page at 150 %: it scrolls to the size
    // button, which goes on to 200 %.
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Размер текста: 150 %"));
    ui.Frames(3);
    EXPECT_EQ(ui.app().TextPercent(), 200);
    ui.Press(ImGuiKey_Escape);
    ui.Frames(2);
    ASSERT_TRUE(ui.Click(A11yRole::TextBox, "Телефон, e-mail или СНИЛС"));
    ui.Press(ImGuiKey_End);
    ui.Type("ple.ru");
    ui.app().SetTextPercent(200);  // at 200 % a 1280 px window has the phone layout: the size is in the menu
    ui.Frames(3);
    const A11yNode* id = ui.Find(A11yRole::TextBox, "Телефон, e-mail или СНИЛС");
    ASSERT_NE(id, nullptr);
    EXPECT_EQ(id->value, "ivanov@example.ru") << "nothing typed is lost";
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Меню"));
    ui.Frames(2);
    // The menu is longer than a 400 px high page at 200 %: it scrolls rather than cutting items off.
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Размер текста: 200 %"));
    ui.Frames(3);
    EXPECT_EQ(ui.app().TextPercent(), 100) << "200 % → back to 100 %";
    EXPECT_EQ(ui.Find(A11yRole::TextBox, "Телефон, e-mail или СНИЛС")->value, "ivanov@example.ru");
}

}  // namespace
