// «Уведомления» end to end against the real backend with demo data, driven through the screens:
// the header tab carries the unread count from the sign-in on; a status move made by the agency
// simulator arrives in the open feed and the counter without a reload; the item opens its
// application and is read; the search and the bulk delete act on what is shown; the settings are
// saved through the form and refused when the quiet hours are not a time.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "native_client.h"
#include "server_process.h"
#include "sign_in.h"
#include "ui_driver.h"

using core::A11yRole;
using testing_support::NativeClient;
using testing_support::ServerProcess;
using testing_support::UiDriver;

namespace {

const char* const kPhone = "+79001234567";  // Иванов: demo applications, two unread notifications

class NotificationsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = new ServerProcess("", /*seed=*/true); }
    static void TearDownTestSuite() { delete server; server = nullptr; }
    static ServerProcess* server;

    static void SignIn(UiDriver& ui, const std::string& hash) {
        ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, kPhone, kPhone));
        ui.app().OnHashChanged(hash);
        ui.SettleNetwork();
    }
    // The header tab's count, from its accessible name; 0 when it carries none, -1 when no tab.
    static int Unread(const UiDriver& ui) {
        static const std::regex kCount("^Уведомления, (\\d+) непрочитанн");
        for (const auto& n : ui.Nodes()) {
            if (n.role != A11yRole::Tab || n.name.rfind("Уведомления", 0) != 0) continue;
            std::smatch m;
            return std::regex_search(n.name, m, kCount) ? std::stoi(m[1]) : 0;
        }
        return -1;
    }
    static std::string Tabs(const UiDriver& ui) {
        std::string out;
        for (const auto& n : ui.Nodes())
            if (n.role == A11yRole::Tab) out += "[" + n.name + "] ";
        return out;
    }
    static const core::A11yNode* LinkWith(const UiDriver& ui, const std::string& part) {
        for (const auto& n : ui.Nodes())
            if (n.role == A11yRole::Link && n.name.find(part) != std::string::npos) return &n;
        return nullptr;
    }
    static int LinksWith(const UiDriver& ui, const std::string& part) {
        int k = 0;
        for (const auto& n : ui.Nodes()) k += n.role == A11yRole::Link && n.name.find(part) != std::string::npos;
        return k;
    }
};
ServerProcess* NotificationsTest::server = nullptr;

TEST_F(NotificationsTest, AMoveArrivesLiveOpensItsApplicationAndIsRead) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 3000));
    SignIn(ui, "#/notifications");
    ASSERT_TRUE(ui.WaitUntil([&] { return Unread(ui) >= 3; })) << "two seeded unread and this sign-in: " << Tabs(ui) << " unread=" << ui.app().session().notifications.unread;
    ASSERT_TRUE(ui.WaitUntil([&] { return LinkWith(ui, "Безопасность: Вход") != nullptr; }));
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.app().session().live.State() == client::LiveState::Open; }));
    std::string number;
    for (const auto& a : ui.app().session().notifications.items)
        if (a["params"].value("status", "") == "in_progress") number = a["params"].value("number", "");
    ASSERT_FALSE(number.empty());
    int before = Unread(ui);

    NativeClient agency(server->api_url());
    ASSERT_TRUE(agency.Call("POST", "/dev/agency/applications/" + number + "/plan", {{"outcome", "done"}, {"next_in", 0}}).error.ok());
    ASSERT_TRUE(agency.Call("POST", "/dev/agency/tick", nlohmann::json::object()).error.ok());
    const std::string done = "Не прочитано. Заявление № " + number + ": Готово";
    ASSERT_TRUE(ui.WaitUntil([&] { return LinkWith(ui, done) != nullptr; })) << "live, without a reload";
    ASSERT_TRUE(ui.WaitUntil([&] { return LinkWith(ui, "Готов документ по заявлению № " + number) != nullptr; }));
    ASSERT_TRUE(ui.WaitUntil([&] { return Unread(ui) == before + 2; })) << Unread(ui);
    // The newest first: the document was issued with «Готово», in the same step.
    EXPECT_EQ(ui.app().session().notifications.items[0]["params"].value("number", ""), number);

    const core::A11yNode* item = LinkWith(ui, done);
    ui.ClickAt(item->x + item->w / 2, item->y + item->h / 2);
    ui.SettleNetwork();
    EXPECT_EQ(ui.app().CurrentScreen(), core::Screen::ApplicationDetail);
    EXPECT_EQ(ui.app().route_param, number);
    ASSERT_TRUE(ui.WaitUntil([&] { return Unread(ui) == before + 1; })) << "read once opened: " << Unread(ui);

    // Events twice or out of order do not duplicate an item.
    ui.app().OnHashChanged("#/notifications");
    ui.SettleNetwork();
    client::LiveEvent again;
    again.id = 1;
    again.type = "notification";
    again.data = ui.app().session().notifications.items[1];
    again.data["unread"] = Unread(ui);
    size_t count = ui.app().session().notifications.items.size();
    ui.app().session().bus.Publish(again);
    ui.Frames(2);
    EXPECT_EQ(ui.app().session().notifications.items.size(), count);
}

TEST_F(NotificationsTest, SearchBulkDeleteAndAllRead) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 3000));
    SignIn(ui, "#/notifications");
    ASSERT_TRUE(ui.WaitUntil([&] { return LinkWith(ui, "Безопасность: Вход") != nullptr; }));
    std::string number;
    for (const auto& a : ui.app().session().notifications.items)
        if (a["params"].value("status", "") == "rejected") number = a["params"].value("number", "");
    ASSERT_FALSE(number.empty());

    ASSERT_TRUE(ui.Click(A11yRole::TextBox, "Поиск по уведомлениям"));
    ui.Type(number);
    ui.Press(ImGuiKey_Enter);
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return LinkWith(ui, "Безопасность") == nullptr; }));
    EXPECT_EQ(LinksWith(ui, "№ " + number), LinksWith(ui, "№ ")) << "only this application's";
    EXPECT_GE(LinksWith(ui, "№ " + number), 1);

    // Clear the search, tick two items, delete them.
    ASSERT_TRUE(ui.Click(A11yRole::TextBox, "Поиск по уведомлениям"));
    ui.Press(ImGuiKey_A, /*ctrl=*/true);
    ui.Press(ImGuiKey_Backspace);
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Найти"));
    ui.SettleNetwork();
    size_t total = ui.app().session().notifications.items.size();
    ASSERT_GE(total, 3u);
    int ticked = 0;
    std::vector<std::string> names;
    for (const auto& n : ui.Nodes())
        if (n.role == A11yRole::CheckBox && n.name.rfind("Выбрать: ", 0) == 0 && names.size() < 2) names.push_back(n.name);
    ASSERT_EQ(names.size(), 2u);
    for (const auto& name : names) ticked += ui.Click(A11yRole::CheckBox, name);
    ASSERT_EQ(ticked, 2);
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Выбрано 2 уведомления"));
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Удалить"));
    ASSERT_NE(ui.Find(A11yRole::Heading, "Удалить уведомления?"), nullptr);
    // The dialog's «Удалить» (drawn over the page, after the selection bar's).
    const core::A11yNode* confirm = nullptr;
    for (const auto& n : ui.Nodes())
        if (n.role == A11yRole::Button && n.name == "Удалить") confirm = &n;
    ASSERT_NE(confirm, nullptr);
    ui.ClickAt(confirm->x + confirm->w / 2, confirm->y + confirm->h / 2);
    ui.SettleNetwork();
    EXPECT_EQ(ui.app().session().notifications.items.size(), total - 2);
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Удалено 2 уведомления"));

    ASSERT_TRUE(ui.Click(A11yRole::Button, "Отметить все прочитанными"));
    ui.SettleNetwork();
    EXPECT_EQ(Unread(ui), 0);
    EXPECT_NE(ui.Find(A11yRole::Tab, "Уведомления"), nullptr) << "the tab is named plainly again";
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Все уведомления прочитаны"));
}

TEST_F(NotificationsTest, SettingsAreSavedAndAWrongTimeIsRefused) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 3000));
    SignIn(ui, "#/notifications/settings");
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::CheckBox, "Статусы заявлений — СМС") != nullptr; }));
    const core::A11yNode* locked = ui.Find(A11yRole::CheckBox, "События безопасности — В личном кабинете");
    ASSERT_NE(locked, nullptr);
    EXPECT_TRUE(locked->state & core::A11yState_Checked);
    EXPECT_TRUE(locked->state & core::A11yState_Disabled);
    ASSERT_TRUE(ui.Click(A11yRole::CheckBox, "Статусы заявлений — СМС"));
    ASSERT_TRUE(ui.Click(A11yRole::CheckBox, "Не присылать письма, СМС и push в тихие часы"));
    ASSERT_TRUE(ui.Click(A11yRole::TextBox, "С"));
    ui.Press(ImGuiKey_A, /*ctrl=*/true);
    ui.Type("25:00");
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Сохранить настройки"));
    ui.SettleNetwork();
    const core::A11yNode* from = ui.Find(A11yRole::TextBox, "С");
    ASSERT_NE(from, nullptr);
    EXPECT_TRUE(from->state & core::A11yState_Invalid);
    EXPECT_EQ(from->description, "Укажите время в формате ЧЧ:ММ, например 22:00");
    EXPECT_FALSE(ui.HasText(A11yRole::Status, "Настройки уведомлений сохранены"));

    ASSERT_TRUE(ui.Click(A11yRole::TextBox, "С"));
    ui.Press(ImGuiKey_A, /*ctrl=*/true);
    ui.Type("23:15");
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Сохранить настройки"));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Status, "Настройки уведомлений сохранены"); }));
    // What the backend answered with (the form is filled from the reply).
    const auto& settings = ui.app().session().notifications.settings;
    EXPECT_TRUE(settings["types"]["status"]["sms"].get<bool>());
    EXPECT_EQ(settings["quiet_hours"]["from"], "23:15");
    EXPECT_EQ(settings["quiet_hours"]["to"], "08:00");
    // The change is in the security log.
    ui.app().OnHashChanged("#/profile/security");
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::ListItem, "Изменены настройки уведомлений"); }));
}

}  // namespace
