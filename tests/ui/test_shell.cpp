// Headless UI tests of the app shell: the real screens, real input, a real backend.
#include <gtest/gtest.h>

#include "server_process.h"
#include "ui_driver.h"

using core::A11yRole;
using testing_support::ServerProcess;
using testing_support::UiDriver;

namespace {

class ShellTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = new ServerProcess(); }
    static void TearDownTestSuite() { delete server; server = nullptr; }
    static ServerProcess* server;
};
ServerProcess* ShellTest::server = nullptr;

const char* const kNav[] = {"Каталог услуг", "Мои заявления", "Платежи", "Совместные решения", "Уведомления", "Профиль"};

const core::A11yNode* SubmitButton(UiDriver& ui, const char* name) {
    // The form's button, not the header's: the lowest one with that name.
    const core::A11yNode* found = nullptr;
    for (const core::A11yNode& n : ui.Nodes())
        if (n.role == A11yRole::Button && n.name == name && (!found || n.y > found->y)) found = &n;
    return found;
}

TEST_F(ShellTest, HeaderHasNavigationAndLoginButton) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url());
    ui.SettleNetwork();
    for (const char* name : kNav) {
        const core::A11yNode* tab = ui.Find(A11yRole::Tab, name);
        ASSERT_NE(tab, nullptr) << name;
        EXPECT_GT(tab->w, 40.0f) << name;
        EXPECT_LT(tab->y + tab->h, 80.0f) << name << " must sit in the header";
    }
    EXPECT_TRUE(ui.Find(A11yRole::Tab, "Каталог услуг")->state & core::A11yState_Selected);
    EXPECT_FALSE(ui.Find(A11yRole::Tab, "Профиль")->state & core::A11yState_Selected);
    EXPECT_NE(ui.Find(A11yRole::Button, "Войти"), nullptr);
    EXPECT_NE(ui.Find(A11yRole::Heading, "Каталог услуг"), nullptr);
    EXPECT_EQ(ui.app().Backend(), ui::BackendState::Up);
    EXPECT_FALSE(ui.HasText(A11yRole::Alert, "Сервер портала недоступен"));
}

TEST_F(ShellTest, PrivateSectionAsksToSignInFirst) {
    UiDriver ui(server->api_url());
    ASSERT_TRUE(ui.Click(A11yRole::Tab, "Совместные решения"));
    ui.Frames(2);
    EXPECT_EQ(ui.app().CurrentScreen(), core::Screen::Login);
    EXPECT_NE(ui.Find(A11yRole::Heading, "Вход в личный кабинет"), nullptr);
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Войдите, чтобы открыть этот раздел"));
    ASSERT_FALSE(ui.hashes.empty());
    EXPECT_EQ(ui.hashes.back(), "#/login");
    // The catalog stays public; the browser's Back works through the hash.
    ui.app().OnHashChanged("#/catalog");
    ui.Frames(2);
    EXPECT_EQ(ui.app().CurrentScreen(), core::Screen::Catalog);
}

TEST_F(ShellTest, UnknownRouteShowsNotFoundWithAWayBack) {
    UiDriver ui(server->api_url());
    ui.app().OnHashChanged("#/no-such-page");
    ui.Frames(2);
    EXPECT_NE(ui.Find(A11yRole::Heading, "Страница не найдена"), nullptr);
    ASSERT_TRUE(ui.Click(A11yRole::Button, "В каталог услуг"));
    EXPECT_EQ(ui.app().CurrentScreen(), core::Screen::Catalog);
}

TEST_F(ShellTest, LoginFormValidatesFieldsWithMessages) {
    UiDriver ui(server->api_url());
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Войти"));
    ASSERT_EQ(ui.app().CurrentScreen(), core::Screen::Login);
    const core::A11yNode* submit = SubmitButton(ui, "Войти");
    ASSERT_NE(submit, nullptr);
    ui.ClickAt(submit->x + 10, submit->y + 10);

    const core::A11yNode* id_field = ui.Find(A11yRole::TextBox, "Телефон, e-mail или СНИЛС");
    const core::A11yNode* pw_field = ui.Find(A11yRole::Password, "Пароль");
    ASSERT_NE(id_field, nullptr);
    ASSERT_NE(pw_field, nullptr);
    EXPECT_TRUE(id_field->state & core::A11yState_Invalid);
    EXPECT_EQ(id_field->description, "Введите телефон, e-mail или СНИЛС");
    EXPECT_TRUE(pw_field->state & core::A11yState_Invalid);
    EXPECT_EQ(pw_field->description, "Введите пароль");

    ui.Click(A11yRole::TextBox, "Телефон, e-mail или СНИЛС");
    ui.Type("12345");
    ui.Press(ImGuiKey_Tab);
    id_field = ui.Find(A11yRole::TextBox, "Телефон, e-mail или СНИЛС");
    ASSERT_NE(id_field, nullptr);
    EXPECT_EQ(id_field->value, "12345");
    EXPECT_NE(id_field->description.find("+7 900 000-00-00"), std::string::npos) << id_field->description;

    ui.Click(A11yRole::TextBox, "Телефон, e-mail или СНИЛС");
    ui.Press(ImGuiKey_A, /*ctrl=*/true);
    ui.Type("8 (900) 123-45-67");
    ui.Click(A11yRole::Password, "Пароль");
    ui.Type("Секрет123");
    ui.Frames(2);
    id_field = ui.Find(A11yRole::TextBox, "Телефон, e-mail или СНИЛС");
    pw_field = ui.Find(A11yRole::Password, "Пароль");
    EXPECT_FALSE(id_field->state & core::A11yState_Invalid) << id_field->description;
    EXPECT_FALSE(pw_field->state & core::A11yState_Invalid);
    EXPECT_TRUE(pw_field->value.empty()) << "a password must never reach the accessibility tree";
    EXPECT_EQ(ui.app().login.identifier, "8 (900) 123-45-67");
    EXPECT_EQ(ui.app().login.password, "Секрет123");
}

TEST_F(ShellTest, PastedHugeTextIsCutToTheFieldLimit) {
    UiDriver ui(server->api_url());
    ui.Click(A11yRole::TextBox, "Поиск услуги");
    std::string big(100 * 1024, 'a');
    ui.Type(big);
    const core::A11yNode* field = ui.Find(A11yRole::TextBox, "Поиск услуги");
    ASSERT_NE(field, nullptr);
    EXPECT_LE(field->value.size(), 256u);
    EXPECT_GT(field->value.size(), 0u);
}

TEST_F(ShellTest, KeyboardFocusIsReflectedInTheTree) {
    UiDriver ui(server->api_url());
    EXPECT_EQ(ui.FindFocused(), nullptr);
    ui.Press(ImGuiKey_Tab);
    ui.Press(ImGuiKey_Tab);
    const core::A11yNode* focused = ui.FindFocused();
    ASSERT_NE(focused, nullptr) << "Tab must move a visible focus onto some control";
    EXPECT_FALSE(focused->name.empty());
}

TEST_F(ShellTest, PhoneLayoutHasAMenuButtonInsteadOfTabs) {
    UiDriver ui(server->api_url(), ImVec2(390, 844));
    EXPECT_TRUE(ui.app().NarrowLayout());
    EXPECT_EQ(ui.Find(A11yRole::Tab, "Профиль"), nullptr);
    const core::A11yNode* menu = ui.Find(A11yRole::Button, "Меню");
    ASSERT_NE(menu, nullptr);
    EXPECT_FALSE(menu->state & core::A11yState_Expanded);
    ui.Click(A11yRole::Button, "Меню");
    ASSERT_NE(ui.Find(A11yRole::Link, "Уведомления"), nullptr);
    EXPECT_TRUE(ui.Find(A11yRole::Button, "Меню")->state & core::A11yState_Expanded);
    ui.Click(A11yRole::Link, "Уведомления");
    EXPECT_EQ(ui.app().CurrentScreen(), core::Screen::Login) << "a private section asks to sign in";
    EXPECT_EQ(ui.Find(A11yRole::Link, "Уведомления"), nullptr) << "the menu closes after navigating";
    for (const core::A11yNode& n : ui.Nodes()) EXPECT_LE(n.x + n.w, 390.5f) << n.name;
}

TEST(ShellDeepLink, OpensTheScreenFromTheUrlBeforeTheFirstFrame) {
    ServerProcess server;
    ASSERT_TRUE(server.ok());
    UiDriver ui(server.api_url(), ImVec2(1280, 800), "#/login");
    EXPECT_EQ(ui.app().CurrentScreen(), core::Screen::Login);
    EXPECT_NE(ui.Find(A11yRole::Heading, "Вход в личный кабинет"), nullptr);
}

TEST(ShellBackendDown, ShowsAReadableMessageAndRetry) {
    UiDriver ui(testing_support::DeadBackendUrl());
    ui.SettleNetwork();
    EXPECT_EQ(ui.app().Backend(), ui::BackendState::Down);
    EXPECT_TRUE(ui.HasText(A11yRole::Alert, "Сервер портала недоступен"));
    EXPECT_TRUE(ui.HasText(A11yRole::Alert, "Нет соединения"));
    ASSERT_NE(ui.Find(A11yRole::Button, "Повторить"), nullptr);
    ui.Click(A11yRole::Button, "Повторить");
    EXPECT_EQ(ui.app().Backend(), ui::BackendState::Checking);
    ui.SettleNetwork();
    EXPECT_EQ(ui.app().Backend(), ui::BackendState::Down);
    // The rest of the shell still works while the backend is down.
    EXPECT_TRUE(ui.Click(A11yRole::Tab, "Уведомления"));
    EXPECT_EQ(ui.app().CurrentScreen(), core::Screen::Login);
}

}  // namespace
