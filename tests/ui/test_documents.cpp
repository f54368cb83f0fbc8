// Result documents end to end against the real backend with demo data: the agency simulator
// finishes an application while its page is open, the result appears live, its document opens
// (checked against the pinned agency key, decrypted with the holder's key), «Проверить документ»
// confirms it and later shows the agency's revocation; wrong codes are told apart from unknown
// ones; «Кто смотрел мои данные» lists the agency's readings and filters them.
#include <gtest/gtest.h>

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

const char* const kPhone = "+79001234567";  // Иванов: a registration «Готово» with its document

class DocumentsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = new ServerProcess("", /*seed=*/true); }
    static void TearDownTestSuite() { delete server; server = nullptr; }
    static ServerProcess* server;

    static void SignIn(UiDriver& ui) {
        ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, kPhone, kPhone));
        ui.app().OnHashChanged("#/applications");
        ui.SettleNetwork();
    }
    static std::string NumberIn(UiDriver& ui, const std::string& status) {
        for (const auto& a : ui.app().session().form_ui.applications)
            if (a.value("status", "") == status) return a.value("number", "");
        return "";
    }
};
ServerProcess* DocumentsTest::server = nullptr;

TEST_F(DocumentsTest, TheAgencyFinishesLiveAndTheResultOpensAndVerifies) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 3000));
    SignIn(ui);
    std::string number = NumberIn(ui, "in_progress");
    ASSERT_FALSE(number.empty());
    ui.app().OnHashChanged("#/applications/view/" + number);
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.app().session().live.State() == client::LiveState::Open; }));
    EXPECT_EQ(ui.Find(A11yRole::Button, "Открыть документ"), nullptr) << "no result yet";

    // The simulator decides: «Готово», with a document signed by the agency.
    NativeClient agency(server->api_url());
    ASSERT_TRUE(agency.Call("POST", "/dev/agency/applications/" + number + "/plan", {{"outcome", "done"}, {"next_in", 0}}).error.ok());
    ASSERT_TRUE(agency.Call("POST", "/dev/agency/tick", nlohmann::json::object()).error.ok());
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::Text, "Статус: Готово") != nullptr; })) << "live, without a reload";
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::Button, "Открыть документ") != nullptr; }));
    std::string code = ui.app().session().tracker.detail["info"].value("document", "");
    ASSERT_EQ(code.size(), 19u);
    EXPECT_TRUE(ui.HasText(A11yRole::Text, code));

    ASSERT_TRUE(ui.Click(A11yRole::Button, "Открыть документ"));
    ui.SettleNetwork();
    EXPECT_EQ(ui.app().CurrentScreen(), core::Screen::DocumentDetail);
    EXPECT_NE(ui.Find(A11yRole::Heading, "Заграничный паспорт готов к выдаче"), nullptr);
    EXPECT_NE(ui.Find(A11yRole::Text, "Подпись ведомства подтверждена"), nullptr);
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "Заграничный паспорт нового образца оформлен")) << "decrypted on the device";
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "МВД России"));
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Скачать"));
    ASSERT_EQ(ui.saved.size(), 1u);
    EXPECT_EQ(ui.saved[0].name, "документ-" + code + ".txt");
    EXPECT_NE(ui.saved[0].bytes.find("Заграничный паспорт нового образца оформлен"), std::string::npos) << ui.saved[0].bytes;
    EXPECT_NE(ui.saved[0].bytes.find("Код проверки: " + code), std::string::npos);

    ASSERT_TRUE(ui.Click(A11yRole::Button, "Проверить документ"));
    ui.SettleNetwork();
    EXPECT_EQ(ui.app().CurrentScreen(), core::Screen::VerifyDocument);
    EXPECT_NE(ui.Find(A11yRole::Heading, "Документ подлинный"), nullptr);

    // The agency revokes it; checking again says so, with the reason.
    ASSERT_TRUE(agency.Call("POST", "/dev/agency/documents/" + code + "/revoke", {{"reason", "Выдан по ошибке"}}).error.ok());
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Проверить"));
    ui.SettleNetwork();
    EXPECT_NE(ui.Find(A11yRole::Heading, "Документ отозван"), nullptr);
    EXPECT_TRUE(ui.HasText(A11yRole::Alert, "Причина: Выдан по ошибке"));
}

TEST_F(DocumentsTest, WrongAndUnknownCodesAreToldApart) {
    UiDriver ui(server->api_url(), ImVec2(1280, 1600));
    ui.app().OnHashChanged("#/verify");  // public: no sign-in
    ui.SettleNetwork();
    ASSERT_NE(ui.Find(A11yRole::Heading, "Проверить документ"), nullptr);
    ASSERT_TRUE(ui.Click(A11yRole::TextBox, "Код проверки"));
    ui.Type("12345");
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Проверить"));
    ui.SettleNetwork();
    const core::A11yNode* field = ui.Find(A11yRole::TextBox, "Код проверки");
    ASSERT_NE(field, nullptr);
    EXPECT_NE(field->description.find("Код проверки — 16 латинских букв и цифр"), std::string::npos) << field->description;
    ASSERT_TRUE(ui.Click(A11yRole::TextBox, "Код проверки"));
    ui.Press(ImGuiKey_A, true);
    ui.Press(ImGuiKey_Backspace);
    ui.Type("aaaa bbbb cccc dddd");
    ui.Press(ImGuiKey_Enter);
    ui.SettleNetwork();
    EXPECT_TRUE(ui.HasText(A11yRole::Alert, "Документ с таким кодом не найден"));
}

TEST_F(DocumentsTest, TheWalletInEnglishAndWhoViewedMyData) {
    UiDriver ui(server->api_url(), ImVec2(1280, 3000));
    SignIn(ui);
    ui.app().OnHashChanged("#/documents");
    ui.SettleNetwork();
    EXPECT_NE(ui.Find(A11yRole::Heading, "Документы"), nullptr);
    EXPECT_NE(ui.Find(A11yRole::Button, "Открыть документ «Свидетельство о регистрации по месту жительства»"), nullptr);
    ui.app().SetLanguage(core::Language::English);
    ui.Frames(2);
    EXPECT_NE(ui.Find(A11yRole::Text, "Agency signature confirmed"), nullptr);
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "Ministry of Internal Affairs of Russia"));
    ui.app().SetLanguage(core::Language::Russian);

    ui.app().OnHashChanged("#/profile/data-access");
    ui.SettleNetwork();
    EXPECT_NE(ui.Find(A11yRole::Heading, "Социальный фонд России"), nullptr);
    EXPECT_NE(ui.Find(A11yRole::Heading, "МВД России"), nullptr);
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "Регистрация заявления"));
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Организация"));
    ASSERT_TRUE(ui.Click(A11yRole::ListItem, "Социальный фонд России"));
    ui.SettleNetwork();
    EXPECT_NE(ui.Find(A11yRole::Heading, "Социальный фонд России"), nullptr);
    EXPECT_EQ(ui.Find(A11yRole::Heading, "МВД России"), nullptr) << "filtered by organisation";
}

}  // namespace
