// A keyboard that reaches everything: from a fresh start, without any click, Tab walks the header
// (logo, navigation, language, contrast, «Войти») and then the page, in visual order, and
// Shift+Tab walks back. The bug behind it: the header and the page were two windows and Tab never
// left the focused one — on the catalog only the five search controls were reachable, and on the
// login page nothing at all.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server_process.h"
#include "sign_in.h"
#include "ui_driver.h"

using core::A11yRole;
using testing_support::ServerProcess;
using testing_support::UiDriver;

namespace {

class KeyboardTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = new ServerProcess("", /*seed=*/true); }
    static void TearDownTestSuite() { delete server; server = nullptr; }
    static ServerProcess* server;

    // Tab n times; the name of the focused element after each.
    static std::vector<std::string> TabThrough(UiDriver& ui, int n, bool back = false) {
        std::vector<std::string> seen;
        for (int i = 0; i < n; i++) {
            ImGuiIO& io = ImGui::GetIO();
            if (back) io.AddKeyEvent(ImGuiMod_Shift, true);
            ui.Press(ImGuiKey_Tab);
            if (back) io.AddKeyEvent(ImGuiMod_Shift, false);
            const core::A11yNode* f = ui.FindFocused();
            seen.push_back(f ? f->name : "<nothing>");
        }
        return seen;
    }
    static int IndexOf(const std::vector<std::string>& v, const std::string& name) {
        for (size_t i = 0; i < v.size(); i++)
            if (v[i] == name) return (int)i;
        return -1;
    }
};
ServerProcess* KeyboardTest::server = nullptr;

TEST_F(KeyboardTest, TabReachesTheHeaderAndTheWholeCatalogInVisualOrder) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 800));
    ui.SettleNetwork();
    std::vector<std::string> order = TabThrough(ui, 40);
    std::string all;
    for (const std::string& s : order) all += s + " | ";
    int logo = IndexOf(order, "Госуслуги — Каталог услуг"), apps = IndexOf(order, "Мои заявления"),
        login = IndexOf(order, "Войти"), search = IndexOf(order, "Поиск услуги");
    ASSERT_GE(logo, 0) << all;
    ASSERT_GE(apps, 0) << all;
    ASSERT_GE(login, 0) << all;
    ASSERT_GE(search, 0) << all;
    EXPECT_LT(logo, apps) << all;
    EXPECT_LT(apps, login) << all;
    EXPECT_LT(login, search) << "the header comes before the page: " << all;
    bool service = false;
    for (size_t i = (size_t)search; i < order.size(); i++) service = service || order[i].find("паспорт") != std::string::npos;
    EXPECT_TRUE(service) << "service cards are reached: " << all;
}

TEST_F(KeyboardTest, OnTheLoginPageTabGoesThroughTheFormAndShiftTabGoesBack) {
    UiDriver ui(server->api_url(), ImVec2(1280, 800), "#/login");
    ui.SettleNetwork();
    std::vector<std::string> order = TabThrough(ui, 16);
    std::string all;
    for (const std::string& s : order) all += s + " | ";
    int id = IndexOf(order, "Телефон, e-mail или СНИЛС"), pw = IndexOf(order, "Пароль");
    ASSERT_GE(id, 0) << all;
    ASSERT_GE(pw, 0) << all;
    EXPECT_LT(id, pw) << all;
    // Shift+Tab walks back to where it was.
    std::vector<std::string> back = TabThrough(ui, 1, /*back=*/true);
    EXPECT_EQ(back[0], order[order.size() - 2]) << all;
}

}  // namespace

namespace {

TEST_F(KeyboardTest, TheFirstTabIsTheSkipLinkAndItJumpsPastTheHeader) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 800));
    ui.SettleNetwork();
    std::vector<std::string> first = TabThrough(ui, 1);
    ASSERT_EQ(first[0], "Перейти к содержанию") << "the first Tab stop of a fresh page";
    ui.Press(ImGuiKey_Enter);
    ui.Frames(3);
    const core::A11yNode* f = ui.FindFocused();
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->name, "Поиск услуги") << "focus lands on the page's first control, past the header";
}

TEST_F(KeyboardTest, EscClosesTheMenu) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(360, 740));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.Click(core::A11yRole::Button, "Меню"));
    ui.Frames(2);
    ASSERT_NE(ui.Find(core::A11yRole::Link, "Мои заявления"), nullptr) << "the menu is open";
    ui.Press(ImGuiKey_Escape);
    ui.Frames(2);
    EXPECT_EQ(ui.Find(core::A11yRole::Link, "Мои заявления"), nullptr) << "Esc closed it";
}

// Enter on a form's «Далее» at its last step: the review has «Отправить» where «Далее» was. The
// focused element was gone and Tab found nothing after it — the browser test sending a whole
// application by keyboard got stuck there. Tab must go on from the top of the page.
TEST_F(KeyboardTest, TabGoesOnAfterTheFocusedButtonIsGone) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 900), "#/forms/passports-1-1");
    ui.SettleNetwork();
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Войти и заполнить"));
    ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, "ivanov@example.ru", "+79001234567", false));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.HasText(A11yRole::Status, "Шаг 1 из 5 · Причина замены"));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Radio, "Ошибка в паспорте"));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Далее"));
    ASSERT_TRUE(ui.HasText(A11yRole::Status, "Шаг 2 из 5"));
    ui.Frames(3);
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Далее"));
    ASSERT_TRUE(ui.HasText(A11yRole::Status, "Шаг 3 из 5"));
    ui.Frames(3);
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::TextBox, "Почтовый индекс"));
    ui.Type("119034");
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Далее"));
    ASSERT_TRUE(ui.HasText(A11yRole::Status, "Шаг 4 из 5"));
    ui.Frames(3);
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Прикрепить файл: Фотография 35×45 мм"));
    std::string png = "\x89PNG\r\n\x1A\n";
    png.resize(4096, 'x');
    ui.app().OnFilePicked("photo.png", reinterpret_cast<const uint8_t*>(png.data()), png.size());
    for (int i = 0; i < 2000 && ui.app().session().form.UploadsBusy(); i++) ui.Frames(1);
    ui.SettleNetwork();
    // To «Далее» by Tab, then Enter.
    std::vector<std::string> order;
    for (int i = 0; i < 60 && (order.empty() || order.back() != "Далее"); i++) order.push_back(TabThrough(ui, 1)[0]);
    ASSERT_EQ(order.back(), "Далее");
    ui.Press(ImGuiKey_Enter);
    ui.Frames(3);
    ASSERT_TRUE(ui.HasText(A11yRole::Status, "Шаг 5 из 5"));
    std::vector<std::string> after = TabThrough(ui, 3);
    EXPECT_NE(after[0], "<nothing>") << "Tab goes on after the review replaced «Далее»";
    EXPECT_NE(after[0], after[1]);
}

}  // namespace
