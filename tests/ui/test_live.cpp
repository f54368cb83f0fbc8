// Live events on screen (headless UI against the real backend): a profile change made on another
// device appears on the open profile without a reload; the header says when the connection is
// lost and when it is back, and nothing is missed meanwhile; a session the server ends is
// noticed by the stream, without any request of the tab's own.
#include <gtest/gtest.h>

#include "native_client.h"
#include "server_process.h"
#include "sign_in.h"
#include "ui_driver.h"

using core::A11yRole;
using testing_support::NativeClient;
using testing_support::ServerProcess;
using testing_support::UiDriver;

namespace {

const char* const kPhone = "+79001234568";  // Иванова Мария Петровна

class LiveUiTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = new ServerProcess("", /*seed=*/true); }
    static void TearDownTestSuite() { delete server; server = nullptr; }
    static ServerProcess* server;

    static void ChangeAddress(NativeClient& other, const std::string& address) {
        client::ApiResult cur = other.Call("GET", "/profile");
        ASSERT_TRUE(cur.error.ok()) << cur.error.message;
        nlohmann::json data = cur.body["data"];
        data["residence_address"] = address;
        client::ApiResult r = other.Call("PUT", "/profile", {{"base_version", cur.body["version"]}, {"data", data}});
        ASSERT_TRUE(r.error.ok()) << r.error.message;
    }
    static bool Shows(UiDriver& ui, const std::string& address) {
        return ui.HasText(A11yRole::Text, "Адрес проживания: " + address);
    }
};
ServerProcess* LiveUiTest::server = nullptr;

TEST_F(LiveUiTest, AChangeOnAnotherDeviceAppearsAndADroppedConnectionIsShownAndCaughtUp) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 2400));
    ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, kPhone, kPhone));
    ASSERT_EQ(ui.app().CurrentScreen(), core::Screen::Profile);
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.app().session().live.State() == client::LiveState::Open; }));
    NativeClient phone(server->api_url());
    ASSERT_TRUE(phone.SignIn(*server, kPhone, "Gosuslugi2026", kPhone));

    ChangeAddress(phone, "125009, г. Москва, ул. Тверская, д. 1");
    EXPECT_TRUE(ui.WaitUntil([&] { return Shows(ui, "125009, г. Москва, ул. Тверская, д. 1"); }))
        << "the profile on screen follows the other device";

    // The connection drops: the header says so. A change made meanwhile is shown once it is back.
    ui.app().session().live.SimulateDrop();
    ui.Frames(2);
    EXPECT_NE(ui.Find(A11yRole::Status, "Нет связи"), nullptr);
    ChangeAddress(phone, "125009, г. Москва, ул. Тверская, д. 3");
    EXPECT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::Status, "Связь восстановлена") != nullptr; }));
    EXPECT_EQ(ui.Find(A11yRole::Status, "Нет связи"), nullptr);
    EXPECT_TRUE(ui.WaitUntil([&] { return Shows(ui, "125009, г. Москва, ул. Тверская, д. 3"); }));
    // «Связь восстановлена» goes away by itself.
    ui.AdvanceClock(5);
    ui.Frames(2);
    EXPECT_EQ(ui.Find(A11yRole::Status, "Связь восстановлена"), nullptr);
}

// Someone edits the profile on the phone while this tab is in the middle of editing it: what is
// typed here stays, and the person is told.
TEST_F(LiveUiTest, AChangeElsewhereNeverOverwritesWhatIsBeingTyped) {
    UiDriver ui(server->api_url(), ImVec2(1280, 2400));
    ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, kPhone, kPhone));
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.app().session().live.State() == client::LiveState::Open; }));
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Изменить данные"));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::TextBox, "Адрес проживания"));
    ui.Press(ImGuiKey_A, /*ctrl=*/true);
    ui.Press(ImGuiKey_Backspace);
    ui.Type("набираю адрес");
    NativeClient phone(server->api_url());
    ASSERT_TRUE(phone.SignIn(*server, kPhone, "Gosuslugi2026", kPhone));
    ChangeAddress(phone, "125009, г. Москва, ул. Тверская, д. 5");
    EXPECT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Status, "Профиль изменён на другом устройстве"); }));
    const core::A11yNode* field = ui.Find(A11yRole::TextBox, "Адрес проживания");
    ASSERT_NE(field, nullptr);
    EXPECT_EQ(field->value, "набираю адрес");
}

TEST_F(LiveUiTest, ASessionEndedElsewhereIsNoticedWithoutAnyRequest) {
    UiDriver ui(server->api_url(), ImVec2(1280, 2400));
    ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, kPhone, kPhone));
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.app().session().live.State() == client::LiveState::Open; }));
    NativeClient phone(server->api_url());
    ASSERT_TRUE(phone.SignIn(*server, kPhone, "Gosuslugi2026", kPhone));
    client::ApiResult sessions = phone.Call("GET", "/sessions");
    ASSERT_TRUE(sessions.error.ok());
    for (const auto& s : sessions.body["items"]) {
        if (!s.value("current", false)) {
            ASSERT_TRUE(phone.Call("DELETE", "/sessions/" + s.value("id", "")).error.ok());
        }
    }
    EXPECT_TRUE(ui.WaitUntil([&] { return !ui.app().SignedIn(); }));
    EXPECT_EQ(ui.app().CurrentScreen(), core::Screen::Login);
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Сеанс завершён. Войдите снова"));
}

}  // namespace
