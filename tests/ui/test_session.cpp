// Everything personal belongs to the signed-in session (ui/session.h). One test per way a session
// ends — logout, idle logout, the server ending it (revoked from another device, seen while a
// screen is loading) — signs in citizen A, visits every screen with a half-filled application,
// ends the session, signs in B on the same tab and checks that nothing drawn on any screen for B
// holds A's data. The bug behind it: after the server ended a session, A's drafts list stayed in
// memory and was drawn for the next person.
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

const char* const kA = "+79001234567";  // Иванов Иван Сергеевич
const char* const kB = "+79161112233";  // Петров Пётр Алексеевич
// What only A's session can have put on screen: A's name, identifiers, contacts, what A typed
// into a form, and A's drafts list.
const std::vector<std::string> kAData = {"Иванов", "Иван И.", "112-233-445 95", "ivanov@example.ru", "Ивангардий",
                                         "Продолжить: "};

class SessionEndTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = new ServerProcess("", /*seed=*/true); }
    static void TearDownTestSuite() { delete server; server = nullptr; }
    static ServerProcess* server;

    // Every screen of the app, with a parameter where it takes one; what was drawn on each (names
    // and field values of the accessibility tree, which is what a person and a screen reader get).
    static std::string VisitEveryScreen(UiDriver& ui) {
        int count = 0;
        const core::ScreenInfo* screens = core::AllScreens(&count);
        const core::Catalog& catalog = ui.app().catalog.catalog;
        std::string seen;
        for (int i = 0; i < count; i++) {
            std::string param;
            switch (screens[i].screen) {
                case core::Screen::CatalogService:
                case core::Screen::ServiceForm: param = "passports-1-1"; break;
                case core::Screen::CatalogSection: param = catalog.sections.at(0).id; break;
                case core::Screen::CatalogSubsection: param = catalog.sections.at(0).subsections.at(0).id; break;
                default: break;
            }
            ui.app().OnHashChanged(core::HashFor(screens[i].screen, param));
            ui.SettleNetwork();
            ui.Frames(3);
            seen += std::string("== ") + screens[i].path + "\n";
            for (const core::A11yNode& n : ui.Nodes()) seen += n.name + " | " + n.value + "\n";
        }
        return seen;
    }

    // A signs in, starts an application (one answer typed, the draft saved on the server) and
    // visits every screen; every piece of A's data is drawn somewhere.
    static void SignInAAndVisitEverything(UiDriver& ui) {
        ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, kA, kA));
        ui.app().OnHashChanged("#/forms/passports-1-1");
        ui.SettleNetwork();
        ui.Frames(3);
        if (ui.HasText(A11yRole::Status, "Шаг 1 из 5")) {  // else A's draft from an earlier test goes on
            ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Radio, "Ошибка в паспорте"));
            ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Далее"));
        }
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::TextBox, "Имя"));
        ui.Press(ImGuiKey_A, /*ctrl=*/true);
        ui.Press(ImGuiKey_Backspace);
        ui.Type("Ивангардий");
        ui.AdvanceClock(10.0);  // past the draft's debounces (device 0.3 s, server 1.5 s)
        ui.Frames(3);
        ui.SettleNetwork();
        std::string seen = VisitEveryScreen(ui);
        for (const std::string& a : kAData) EXPECT_NE(seen.find(a), std::string::npos) << "A's session never drew " << a;
    }

    static void SignInBAndCheckNothingOfA(UiDriver& ui) {
        ASSERT_FALSE(ui.app().SignedIn());
        // Before anyone signs in again: the next person at this screen sees nothing of A either,
        // not even which services A looked at.
        std::string guest = VisitEveryScreen(ui);
        for (const std::string& a : kAData) EXPECT_EQ(guest.find(a), std::string::npos) << "drawn for a guest: " << a;
        EXPECT_EQ(guest.find("Вы недавно смотрели"), std::string::npos);
        ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, kB, kB));
        ASSERT_TRUE(ui.Find(A11yRole::Button, "Учётная запись: Пётр П.")) << "B is signed in";
        std::string seen = VisitEveryScreen(ui);
        for (const std::string& a : kAData) {
            size_t at = seen.find(a);
            EXPECT_EQ(at, std::string::npos) << "drawn for B: " << a << " in\n"
                                             << seen.substr(seen.rfind("== ", at), 400);
        }
        EXPECT_NE(seen.find("Петров"), std::string::npos) << "B's own data is there";
    }
};
ServerProcess* SessionEndTest::server = nullptr;

TEST_F(SessionEndTest, Logout) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 5000));
    SignInAAndVisitEverything(ui);
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Выйти"));
    ui.SettleNetwork();
    EXPECT_EQ(ui.wipes, 1);
    SignInBAndCheckNothingOfA(ui);
}

TEST_F(SessionEndTest, IdleLogout) {
    UiDriver ui(server->api_url(), ImVec2(1280, 5000));
    SignInAAndVisitEverything(ui);
    ui.AdvanceClock(15 * 60 + 1);
    ui.Frames(2);
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Сеанс завершён из-за бездействия"));
    SignInBAndCheckNothingOfA(ui);
}

// The server ends the session: A revokes this tab's session from another device. This tab finds
// out on its next request — while a screen is loading — and nothing it was loading is shown.
TEST_F(SessionEndTest, EndedByTheServerWhileAScreenLoads) {
    UiDriver ui(server->api_url(), ImVec2(1280, 5000));
    SignInAAndVisitEverything(ui);
    {
        UiDriver other(server->api_url(), ImVec2(1280, 2400));
        ASSERT_TRUE(testing_support::SignInThroughScreens(other, *server, kA, kA));
        other.app().OnHashChanged("#/profile/security");
        other.SettleNetwork();
        other.Frames(3);
        ASSERT_TRUE(other.Click(A11yRole::Button, "Завершить сеанс"));
        other.SettleNetwork();
    }
    ui.Frames(1);  // this tab's ImGui context is the current one again
    ui.app().OnHashChanged("#/applications");  // loads the lists: the reply is 401
    ui.SettleNetwork();
    ui.Frames(3);
    EXPECT_FALSE(ui.app().SignedIn());
    EXPECT_EQ(ui.app().CurrentScreen(), core::Screen::Login);
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Сеанс завершён. Войдите снова"));
    EXPECT_EQ(ui.wipes, 0) << "the encrypted draft stays on the device for A";
    SignInBAndCheckNothingOfA(ui);
}

}  // namespace
