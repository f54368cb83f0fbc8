// Support through the screens against the real backend: an appeal with a file (a 10 MB file and a
// 100 KB text refused on the device, nothing typed lost), the desk's question answered, the appeal
// marked «выполнено», its file downloaded and decrypted, the desk's read in «Кто смотрел мои
// данные»; the chat from a suggested question to an operator (live, typing first) and back, with
// the transcript downloaded.
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

const char* const kPhone = "+79001234568";  // Иванова

class SupportUiTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = new ServerProcess("", /*seed=*/true, {"--support-pace", "off", "--operator-delay", "0.4"}); }
    static void TearDownTestSuite() { delete server; server = nullptr; }
    static ServerProcess* server;
    static bool TypeInto(UiDriver& ui, const std::string& field, const std::string& text) {
        if (!ui.ScrollAndClick(A11yRole::TextBox, field)) return false;
        ui.Frames(2);
        ui.Type(text);
        ui.Frames(2);
        return true;
    }
};
ServerProcess* SupportUiTest::server = nullptr;

TEST_F(SupportUiTest, AnAppealWithAFileIsAskedAboutAnsweredAndMarkedDone) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 3000));
    ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, kPhone, kPhone));
    if (!ui.Click(A11yRole::Button, "Помощь: чат с поддержкой") || !ui.Click(A11yRole::Tab, "Обращения")) {
        for (const core::A11yNode& n : ui.Nodes()) printf("node %d %s\n", (int)n.role, n.name.c_str());
        FAIL();
    }
    ui.SettleNetwork();
    ui::SupportState& s = ui.app().session().support;
    ASSERT_TRUE(ui.WaitUntil([&] { return s.list_loaded; }));
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "Обращений пока нет"));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Новое обращение"));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return !s.topics.empty(); }));

    // Sent empty: every missing answer is named, nothing is sent.
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Отправить"));
    ui.Frames(2);
    EXPECT_EQ(s.errors.count("topic"), 1u);
    EXPECT_EQ(s.errors.count("text"), 1u);
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Тема обращения"));
    ASSERT_TRUE(ui.Click(A11yRole::ListItem, "Ошибка на портале"));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Тип услуги"));
    ASSERT_TRUE(ui.Click(A11yRole::ListItem, "Паспорта, регистрация"));
    // 100 KB pasted: the field keeps what fits, says how long it is, and the appeal is not sent.
    ASSERT_TRUE(TypeInto(ui, "Ваш вопрос", std::string(100 * 1024, 'x')));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Отправить"));
    ui.Frames(2);
    EXPECT_NE(s.errors["text"].Text().find("Не больше 5"), std::string::npos) << s.errors["text"].Text();
    EXPECT_TRUE(ui.app().session().support.appeals.empty());
    s.text = "Не приходит код подтверждения на телефон";  // the person shortens the text
    // A 10 MB file is refused before a byte is encrypted; a PNG is taken.
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Прикрепить файл"));
    ui.app().OnFilePicked("видео.png", nullptr, 10u * 1024 * 1024);
    ui.Frames(2);
    EXPECT_TRUE(ui.app().session().appeal_files.files.empty());
    EXPECT_NE(s.errors["files"].Text().find("5 МБ"), std::string::npos) << s.errors["files"].Text();
    const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "снимок экрана с ошибкой";
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Прикрепить файл"));
    ui.app().OnFilePicked("снимок.png", reinterpret_cast<const uint8_t*>(png.data()), png.size());
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.app().session().appeal_files.AllDone() && !ui.app().session().appeal_files.files.empty(); }));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Отправить"));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.app().CurrentScreen() == core::Screen::SupportAppeal && s.appeal_loaded; }));
    std::string number = s.appeal.number;
    ASSERT_EQ(number.rfind("SP-", 0), 0u);
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Обращение отправлено"));
    EXPECT_NE(ui.Find(A11yRole::Link, "Скачать файл снимок.png"), nullptr);

    // The desk asks (development interface); the screen follows through the event stream.
    NativeClient dev(server->api_url());
    ASSERT_TRUE(dev.Call("POST", "/dev/support/appeals/" + number, {{"action", "ask"}}).error.ok());
    ASSERT_TRUE(ui.WaitUntil([&] { ui.Frame(); return s.appeal.waiting_for_me; }));
    EXPECT_TRUE(ui.HasText(A11yRole::Alert, "Служба поддержки задала вопрос"));
    ASSERT_TRUE(TypeInto(ui, "Ваш ответ", "Номер телефона +7 900 123-45-68, с утра"));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Отправить"));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return !s.appeal.waiting_for_me && ui.HasText(A11yRole::Text, "Номер телефона +7 900 123-45-68"); }));
    ASSERT_TRUE(dev.Call("POST", "/dev/support/appeals/" + number, {{"action", "answer"}}).error.ok());
    ASSERT_TRUE(ui.WaitUntil([&] { ui.Frame(); return ui.HasText(A11yRole::Text, "Ответ. Служба поддержки"); }));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Отметить выполненным"));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return s.appeal.status == core::AppealStatus::Done; }));
    EXPECT_EQ(ui.Find(A11yRole::Button, "Отметить выполненным"), nullptr) << "closed: no more marks";
    EXPECT_EQ(ui.Find(A11yRole::TextBox, "Комментарий"), nullptr) << "closed: no more comments";

    // The file comes back as it was sent.
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Link, "Скачать файл снимок.png"));
    ASSERT_TRUE(ui.WaitUntil([&] { return !ui.saved.empty(); }));
    EXPECT_EQ(ui.saved.back().bytes, png);

    // The list: filtered by status; the desk's read in «Кто смотрел мои данные».
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Link, "К списку обращений"));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return s.list_loaded && s.appeals.size() == 1; }));
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Статус"));
    ASSERT_TRUE(ui.Click(A11yRole::ListItem, "В работе"));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return s.list_loaded && !s.list_load.Loading() && s.appeals.empty(); }));
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "Нет обращений с такими условиями"));
    ui.app().OnHashChanged("#/profile/data-access");
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Text, number); }));
}

TEST_F(SupportUiTest, TheChatGoesFromASuggestionToAnOperatorAndBackWithItsTranscript) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 3000));
    ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, "+79001234567", "+79001234567"));
    ui.app().Navigate(core::Screen::SupportChat);
    ui.SettleNetwork();
    ui::SupportState& s = ui.app().session().support;
    ASSERT_TRUE(ui.WaitUntil([&] { return s.chat_loaded && s.suggestions.size() >= 3; }));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Я забыл пароль — как восстановить доступ?"));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Text, "Помощник, "); }));
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "Восстановить доступ"));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Позвать оператора"));
    ui.SettleNetwork();
    // Live: the operator types, then greets — through the event stream, no reload.
    ASSERT_TRUE(ui.WaitUntil([&] { ui.Frame(); return s.chat.WithOperator() && !s.chat.messages.empty() && s.chat.messages.back().author == "support"; }));
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "вижу вашу переписку") || ui.HasText(A11yRole::Text, "Вижу вашу переписку"));
    ASSERT_TRUE(TypeInto(ui, "Сообщение", "Код так и не пришёл"));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Отправить"));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { ui.Frame(); int n = 0; for (auto& m : s.chat.messages) n += m.author == "support"; return n >= 2; }));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Завершить разговор с оператором"));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return !s.chat.WithOperator() && ui.Find(A11yRole::Button, "Позвать оператора") != nullptr; }));
    EXPECT_NE(ui.Find(A11yRole::Button, "Как войти в личный кабинет?"), nullptr) << "suggestions again";
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Link, "Скачать переписку"));
    ASSERT_FALSE(ui.saved.empty());
    const std::string& t = ui.saved.back().bytes;
    EXPECT_NE(t.find("Вы: Я забыл пароль"), std::string::npos) << t;
    EXPECT_NE(t.find("Вы: Код так и не пришёл"), std::string::npos) << t;
    EXPECT_NE(t.find("Разговор с оператором завершён"), std::string::npos) << t;
}

}  // namespace
