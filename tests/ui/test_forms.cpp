// Headless UI test of applying for a service (SPEC §4) against the real backend: the profile's
// data is filled in, errors are made, summarised and fixed, the app is "reloaded" in the middle
// and continues where the user was, files are checked, the application is submitted (twice
// clicked, once created) and the agency opens it with its secret key and verifies the signature.
#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <string>

#include <nlohmann/json.hpp>

#include "native_client.h"
#include "server_process.h"
#include "sign_in.h"
#include "ui_driver.h"

using core::A11yRole;
using testing_support::NativeClient;
using testing_support::ServerProcess;
using testing_support::UiDriver;

namespace {

class FormsUiTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = new ServerProcess("", /*seed=*/true); }
    static void TearDownTestSuite() { delete server; server = nullptr; }
    static ServerProcess* server;
};
ServerProcess* FormsUiTest::server = nullptr;

const char* const kPassportForm = "#/forms/passports-1-1";  // «Замена паспорта гражданина РФ», form P-01

std::string ValueOf(UiDriver& ui, const char* textbox) {
    if (!ui.ScrollAndClick(A11yRole::TextBox, textbox)) return "<нет поля>";
    const core::A11yNode* n = ui.Find(A11yRole::TextBox, textbox);
    return n ? n->value : "<нет поля>";
}

void Replace(UiDriver& ui, const char* textbox, const std::string& text) {
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::TextBox, textbox)) << textbox;
    ui.Press(ImGuiKey_A, /*ctrl=*/true);
    ui.Press(ImGuiKey_Backspace);
    ui.Type(text);
}

// Opens a form as a signed-out visitor, then signs in from it («Войти и заполнить»): the app
// comes back to the form.
void OpenFormAndSignIn(UiDriver& ui, const ServerProcess& server, const char* who, const char* phone) {
    ui.SettleNetwork();
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Войти и заполнить"));
    ASSERT_TRUE(testing_support::SignInThroughScreens(ui, server, who, phone, false));
    ui.SettleNetwork();
    ui.Frames(3);
    ASSERT_EQ(ui.app().CurrentScreen(), core::Screen::ServiceForm) << "back to the form after signing in";
}

TEST_F(FormsUiTest, FilledFromProfileErrorsFixedReloadedSubmittedAndVerifiedByTheAgency) {
    std::map<std::string, std::string> browser_storage;  // survives the "reload" below
    {
        UiDriver ui(server->api_url(), ImVec2(1280, 1000), kPassportForm, &browser_storage);
        OpenFormAndSignIn(ui, *server, "ivanov@example.ru", "+79001234567");
        ASSERT_TRUE(ui.HasText(A11yRole::Status, "Шаг 1 из 5 · Причина замены"));

        // Step 1: «Далее» without an answer → the summary, then the answer.
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Далее"));
        ui.Frames(3);
        EXPECT_NE(ui.Find(A11yRole::Alert, "Исправьте ошибки"), nullptr);
        ASSERT_TRUE(ui.Click(A11yRole::Link, "Заполните поле «Почему нужен новый паспорт»"));
        ui.Frames(3);
        const core::A11yNode* focused = ui.FindFocused();
        ASSERT_NE(focused, nullptr) << "the summary's link moves the keyboard focus";
        EXPECT_EQ(focused->role, A11yRole::Radio);
        EXPECT_EQ(focused->name, "Исполнилось 20 лет") << "the first option of the question";
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Radio, "Ошибка в паспорте"));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Далее"));
        ASSERT_TRUE(ui.HasText(A11yRole::Status, "Шаг 2 из 5 · Данные заявителя"));

        // Step 2: the profile's data is there; verified data is text, not an input.
        EXPECT_EQ(ValueOf(ui, "Фамилия"), "Иванов");
        EXPECT_EQ(ValueOf(ui, "Дата рождения"), "12.04.1985");
        EXPECT_TRUE(ui.HasText(A11yRole::Text, "Фамилия: из профиля"));
        EXPECT_TRUE(ui.HasText(A11yRole::Text, "СНИЛС: 112-233-445 95 (Подтверждено · из профиля)"));
        EXPECT_EQ(ui.Find(A11yRole::TextBox, "СНИЛС"), nullptr) << "verified data is not editable here";
        // Errors: an impossible date and an empty required name.
        Replace(ui, "Дата рождения", "31.02.1985");
        Replace(ui, "Имя", "");
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Далее"));
        ui.Frames(3);
        ASSERT_TRUE(ui.HasText(A11yRole::Status, "Шаг 2 из 5")) << "the step does not move on with errors";
        EXPECT_NE(ui.Find(A11yRole::Alert, "Исправьте ошибки"), nullptr);
        EXPECT_TRUE(ui.HasText(A11yRole::Link, "Заполните поле «Имя»"));
        EXPECT_TRUE(ui.HasText(A11yRole::Link, "Дата рождения: Введите дату в формате ДД.ММ.ГГГГ"));
        // The summary's link takes the user to the field: typing goes into it.
        ASSERT_TRUE(ui.Click(A11yRole::Link, "Заполните поле «Имя»"));
        ui.Frames(3);
        ui.Type("Иван");
        ui.Frames(2);
        EXPECT_EQ(ValueOf(ui, "Имя"), "Иван");
        Replace(ui, "Дата рождения", "12.04.1985");
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Далее"));
        ASSERT_TRUE(ui.HasText(A11yRole::Status, "Шаг 3 из 5 · Адрес и контакты"));

        // Step 3: half an answer, then the tab is "closed" (the debounce has passed).
        Replace(ui, "Почтовый индекс", "1190");
        ui.AdvanceClock(1.0);
        ui.Frames(3);
        ui.SettleNetwork();
    }
    UiDriver ui(server->api_url(), ImVec2(1280, 1000), kPassportForm, &browser_storage);
    OpenFormAndSignIn(ui, *server, "ivanov@example.ru", "+79001234567");
    ASSERT_TRUE(ui.HasText(A11yRole::Status, "Шаг 3 из 5 · Адрес и контакты")) << "continues where the user was";
    EXPECT_EQ(ValueOf(ui, "Почтовый индекс"), "1190");
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Восстановлен черновик на этом устройстве"));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Далее"));
    ui.Frames(3);
    EXPECT_TRUE(ui.HasText(A11yRole::Link, "Почтовый индекс"));
    Replace(ui, "Почтовый индекс", "119034");
    Replace(ui, "Электронная почта", "ivan.new@example.ru");  // new: offered for the profile later
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Далее"));
    ASSERT_TRUE(ui.HasText(A11yRole::Status, "Шаг 4 из 5 · Фотография"));

    // Step 4: files are checked by what they are, not what they are called.
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Прикрепить файл: Фотография 35×45 мм"));
    EXPECT_EQ(ui.pickers_opened, 1);
    EXPECT_EQ(ui.picker_accept, ".jpg,.jpeg,.png");
    std::string exe = "MZ\x90";
    exe.resize(4096, '\0');
    ui.app().OnFilePicked("photo.png", reinterpret_cast<const uint8_t*>(exe.data()), exe.size());
    ui.Frames(3);
    EXPECT_TRUE(ui.HasText(A11yRole::Alert, "это программа"));
    ui.app().OnFilePicked("big.png", nullptr, 6u * 1024 * 1024);
    ui.Frames(3);
    EXPECT_TRUE(ui.HasText(A11yRole::Alert, "больше 5 МБ"));
    std::string png = "\x89PNG\r\n\x1A\n";
    for (int i = 0; png.size() < 900 * 1024; i++) png += (char)(i * 7);
    ui.app().OnFilePicked("photo.png", reinterpret_cast<const uint8_t*>(png.data()), png.size());
    for (int i = 0; i < 2000 && ui.app().session().form.UploadsBusy(); i++) {
        ui.Frames(1);
        ui.SettleNetwork();
    }
    ui.Frames(3);
    EXPECT_TRUE(ui.HasText(A11yRole::ListItem, "photo.png · PNG"));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Далее"));

    // Review, then «Отправить» clicked twice.
    ui.Frames(3);
    ASSERT_NE(ui.Find(A11yRole::Heading, "Проверьте данные"), nullptr);
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "Почтовый индекс: 119034"));
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "Почему нужен новый паспорт: Ошибка в паспорте"));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Отправить"));
    ui.app().session().form.Submit(ui.app().Now());  // the second click of a double click
    ui.SettleNetwork();
    ui.Frames(3);
    ASSERT_NE(ui.Find(A11yRole::Alert, "Заявление отправлено"), nullptr) << ui.app().session().form.submit_error.message;
    std::string number = ui.app().session().form.submitted.value("number", "");
    EXPECT_TRUE(std::regex_match(number, std::regex("[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}"))) << number;
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Номер заявления: " + number));

    // The new e-mail may go to the profile.
    ASSERT_NE(ui.Find(A11yRole::Heading, "Сохранить новые данные в профиль?"), nullptr);
    ASSERT_NE(ui.Find(A11yRole::CheckBox, "Электронная почта: ivan.new@example.ru"), nullptr);
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Сохранить в профиль"));
    ui.SettleNetwork();
    ui.Frames(3);
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Данные сохранены в профиле")) << ui.app().session().form_ui.profile_error.message;
    EXPECT_EQ(ui.app().session().profile.data.value("email", ""), "ivan.new@example.ru");

    // One application, in «Мои заявления»; the draft is gone.
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Мои заявления"));
    ui.SettleNetwork();
    ui.Frames(3);
    EXPECT_TRUE(ui.HasText(A11yRole::Text, number));
    // The demo citizen's other applications are in later statuses (seed.py); this is the one sent.
    size_t sent = 0;
    for (const auto& a : ui.app().session().form_ui.applications) sent += a.value("status", "") == "submitted";
    EXPECT_EQ(sent, 1u) << "a double click makes one application";
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "Черновиков нет") || ui.app().session().form_ui.drafts.empty());
    for (const auto& kv : *ui.storage) EXPECT_NE(kv.first.rfind("lk.draft.", 0), 0u) << "the device's draft is removed";

    // The agency opens it: sealed to its key, signed by the applicant, files intact.
    nlohmann::json opened = server->AgencyOpens(number);
    ASSERT_TRUE(opened.is_object()) << "agency_inbox.py printed no JSON";
    EXPECT_TRUE(opened.value("opened", false));
    EXPECT_TRUE(opened.value("signature_valid", false));
    EXPECT_TRUE(opened.value("signer_is_applicant", false));
    EXPECT_TRUE(opened.value("canonical", false));
    const nlohmann::json& answers = opened["application"]["answers"];
    EXPECT_EQ(answers.value("last_name", ""), "Иванов");
    EXPECT_EQ(answers.value("birth_date", ""), "1985-04-12") << "dates are submitted in ISO form";
    EXPECT_EQ(answers.value("snils", ""), "11223344595") << "identifiers are submitted as digits";
    EXPECT_EQ(answers.value("postal_code", ""), "119034");
    EXPECT_FALSE(answers.contains("old_last_name")) << "hidden answers are not submitted";
    ASSERT_EQ(opened["files"].size(), 1u);
    EXPECT_TRUE(opened["files"][0].value("sha256_ok", false));
    EXPECT_EQ(opened["files"][0].value("size", 0), (int)png.size());

    // The agency refuses it; «Подать заново» starts a new one filled with its answers (decrypted
    // on the device from the applicant's own copy), files to be attached anew.
    NativeClient agency(server->api_url());
    ASSERT_TRUE(agency.Call("POST", "/dev/agency/applications/" + number + "/status",
                            {{"status", "rejected"}, {"reason", "Фото не соответствует требованиям"}, {"what_to_do", "Подайте заново"}}).error.ok());
    ui.app().OnHashChanged("#/applications/view/" + number);
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::Button, "Подать заново") != nullptr; }));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Подать заново"));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Status, "Заявление заполнено по заявлению № " + number); }));
    EXPECT_EQ(ui.app().CurrentScreen(), core::Screen::ServiceForm);
    const nlohmann::json& copied = ui.app().session().form.answers;
    EXPECT_EQ(copied.value("reason", ""), answers.value("reason", "")) << copied.dump();
    EXPECT_EQ(copied.value("postal_code", ""), "119034");
    EXPECT_TRUE(ui.app().session().form.uploads.files.empty()) << "files are attached anew";
}

}  // namespace

namespace {

TEST_F(FormsUiTest, DraftsAreListedAndCanBeDeletedAfterConfirmation) {
    UiDriver ui(server->api_url(), ImVec2(1280, 1000), "#/forms/health-1-1");
    OpenFormAndSignIn(ui, *server, "petrov@example.ru", "+79161112233");
    Replace(ui, "Номер полиса ОМС", "77000000");
    ui.AdvanceClock(2.0);  // past both debounces: on the device and on the server
    ui.Frames(2);
    ui.SettleNetwork();
    ui.Frames(2);
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Черновик сохранён в")) << "the user sees it is saved";

    ASSERT_TRUE(ui.Click(A11yRole::Tab, "Мои заявления"));
    ui.SettleNetwork();
    ui.Frames(3);
    ASSERT_NE(ui.Find(A11yRole::Heading, "Черновики"), nullptr);
    ASSERT_NE(ui.Find(A11yRole::Button, "Продолжить: Запись на приём к врачу"), nullptr);
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Удалить: Запись на приём к врачу"));
    ui.Frames(3);
    ASSERT_TRUE(ui.HasText(A11yRole::Heading, "Удалить черновик?"));
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Удалить черновик"));
    ui.SettleNetwork();
    ui.Frames(3);
    EXPECT_TRUE(ui.app().session().form_ui.drafts.empty());
    EXPECT_NE(ui.Find(A11yRole::Text, "Черновиков нет"), nullptr);
    for (const auto& kv : *ui.storage) EXPECT_NE(kv.first.rfind("lk.draft.", 0), 0u) << "gone from the device too";

    // Opening the form again starts clean.
    ui.app().Navigate(core::Screen::ServiceForm, "health-1-1");
    ui.SettleNetwork();
    ui.Frames(3);
    EXPECT_EQ(ValueOf(ui, "Номер полиса ОМС"), "");
}

// Switching the language with answers not yet saved anywhere (typed a moment ago, the drafts'
// debounces not passed): the answers stay, only the words around them change, and the step goes
// on in the other language (SPEC §9, issue 14's «switching language with unsaved answers»).
TEST_F(FormsUiTest, SwitchingLanguageWithUnsavedAnswersLosesNothing) {
    UiDriver ui(server->api_url(), ImVec2(1280, 1000), kPassportForm);
    OpenFormAndSignIn(ui, *server, "ivanov@example.ru", "+79001234567");
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Radio, "Исполнилось 20 лет"));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Далее"));
    ASSERT_TRUE(ui.HasText(A11yRole::Status, "Шаг 2 из 5"));
    ui.Frames(3);
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Далее"));
    ASSERT_TRUE(ui.HasText(A11yRole::Status, "Шаг 3 из 5"));
    ui.Frames(3);
    Replace(ui, "Почтовый индекс", "1190");
    ASSERT_TRUE(ui.Click(A11yRole::Button, "English (английский язык)"));
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Status, "Step 3 of 5"); }, 10));
    EXPECT_EQ(ValueOf(ui, "Почтовый индекс"), "1190") << "the answer typed before the switch";
    ui.Type("34");
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Русский (Russian)"));
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Status, "Шаг 3 из 5"); }, 10));
    EXPECT_EQ(ValueOf(ui, "Почтовый индекс"), "119034");
    EXPECT_NE(ValueOf(ui, "Адрес регистрации"), "") << "the profile's answers are there too";
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Далее"));
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Шаг 4 из 5 · Фотография")) << "the step's answers are valid and it goes on";
}

}  // namespace
