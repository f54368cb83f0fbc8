// «Совместные решения» driven through ImGui against the real backend: a room made, a message
// written and read back decrypted, a proposal voted to its outcome — and, on the same device after
// the server dropped the newest entry, the journal's rollback said in words with nothing offered
// that would write on top of it; a vote delegated to a representative, cast by them for the
// person, counted for that person, and the delegation withdrawn.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "server_process.h"
#include "sign_in.h"
#include "ui_driver.h"

using core::A11yRole;
using testing_support::ServerProcess;
using testing_support::UiDriver;

namespace {

const char* const kPhone = "+79001234567";

class RoomsUiTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = new ServerProcess("", /*seed=*/true); }
    static void TearDownTestSuite() { delete server; server = nullptr; }
    static ServerProcess* server;

    static bool TypeInto(UiDriver& ui, const std::string& field, const std::string& text) {
        if (!ui.ScrollAndClick(A11yRole::TextBox, field)) return false;
        ui.Frames(2);
        ui.Type(text);
        ui.Frames(2);
        return true;
    }
    // Signs in and makes a room through the screens; true once its verified journal shows.
    static bool CreateRoom(UiDriver& ui, const std::string& title) {
        if (!testing_support::SignInThroughScreens(ui, *server, kPhone, kPhone)) return false;
        ui.app().OnHashChanged("#/rooms");
        ui.SettleNetwork();
        if (!ui.ScrollAndClick(A11yRole::Button, "Создать комнату") || !TypeInto(ui, "Название", title) ||
            !ui.ScrollAndClick(A11yRole::Button, "Создать"))
            return false;
        return ui.WaitUntil([&] { return ui.Find(A11yRole::Heading, title) && ui.HasText(A11yRole::Status, "Журнал проверен на этом устройстве"); });
    }
    static void Sql(const std::string& python_body) {
        std::string path = server->dir() + "/tamper-ui.py";
        std::ofstream(path) << "import json, sqlite3\ncon = sqlite3.connect(" << nlohmann::json(server->db_path()).dump() << ")\n"
                            << python_body << "\ncon.commit()\n";
        ASSERT_EQ(std::system(("/usr/bin/python3 '" + path + "'").c_str()), 0) << python_body;
    }
};
ServerProcess* RoomsUiTest::server = nullptr;

TEST_F(RoomsUiTest, ACitizenMakesARoomWritesProposesAndVotesToAnOutcome) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 3000));
    ASSERT_TRUE(CreateRoom(ui, "Семейный совет"));
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Журнал проверен на этом устройстве: 1 запись"));

    // The key made and sealed on the device, then the chat: sent encrypted, read back decrypted.
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::TextBox, "Сообщение") != nullptr; }));
    ASSERT_TRUE(TypeInto(ui, "Сообщение", "Давайте решим до пятницы"));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Отправить"));
    EXPECT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Text, ": Давайте решим до пятницы"); }));

    // A file: a program named .pdf is refused by its content; a real PDF is encrypted, sent with
    // a message of its own and handed back decrypted by «Скачать».
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Прикрепить файл"));
    EXPECT_EQ(ui.picker_accept, ".pdf,.jpg,.jpeg,.png,.docx,.xlsx");
    const std::string exe = "MZ\x90\x00 not a pdf";
    ui.app().OnFilePicked("смета.pdf", reinterpret_cast<const uint8_t*>(exe.data()), exe.size());
    ui.Frames(2);
    EXPECT_EQ(ui.app().session().room_files.files.size(), 0u);
    EXPECT_FALSE(ui.app().session().rooms.file_error.empty());
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Прикрепить файл"));
    const std::string pdf = "%PDF-1.7\n% смета на ремонт, 412 000 рублей\n%%EOF\n";
    ui.app().OnFilePicked("смета.pdf", reinterpret_cast<const uint8_t*>(pdf.data()), pdf.size());
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.app().session().room_files.AllDone() && !ui.app().session().room_files.files.empty(); }));
    EXPECT_TRUE(ui.app().session().rooms.file_error.empty());
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Отправить"));
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::Link, "Скачать файл смета.pdf") != nullptr; }));
    EXPECT_TRUE(ui.app().session().room_files.files.empty()) << "sent: the next message starts without them";
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Link, "Скачать файл смета.pdf"));
    ASSERT_TRUE(ui.WaitUntil([&] { return !ui.saved.empty(); }));
    EXPECT_EQ(ui.saved.back().name, "смета.pdf");
    EXPECT_EQ(ui.saved.back().mime, "application/pdf");
    EXPECT_EQ(ui.saved.back().bytes, pdf);

    // A unanimous proposal of one voter: the vote settles it on this screen, counted here.
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Tab, "Предложения"));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Новое предложение"));
    ASSERT_TRUE(TypeInto(ui, "Что предлагается", "Купить стиральную машину"));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Radio, "Единогласно"));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Предложить"));
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::Heading, "Купить стиральную машину") != nullptr; }));
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "Идёт голосование"));
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "За: 0 · Против: 0 · Воздержались: 0 · Голосующих: 1"));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Голосовать «за»: Купить стиральную машину"));
    bool voted = ui.WaitUntil([&] { return ui.HasText(A11yRole::Text, "Ваш голос: за"); });
    if (!voted)
        for (const core::A11yNode& n : ui.Nodes()) std::fprintf(stderr, "  %d %s\n", (int)n.role, n.name.c_str());
    EXPECT_TRUE(voted);
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "Принято"));
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "Решение принято досрочно"));
    EXPECT_EQ(ui.Find(A11yRole::Button, "Голосовать «за»: Купить стиральную машину"), nullptr) << "one vote each";

    // The journal, in words, newest first.
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Tab, "Журнал действий"));
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "Вы — проголосовал(а): за"));
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "Вы — предложил(а): «Купить стиральную машину»"));
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "Вы — создал(а) комнату «Семейный совет»"));
}

TEST_F(RoomsUiTest, AJournalTheServerCutShortIsReportedOnTheSameDeviceAndNothingIsOffered) {
    std::map<std::string, std::string> device;  // the browser's storage, kept across the two visits
    std::string room;
    {
        UiDriver ui(server->api_url(), ImVec2(1280, 3000), "", &device);
        ASSERT_TRUE(CreateRoom(ui, "Ремонт крыши"));
        room = ui.app().session().room.room;
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::TextBox, "Сообщение") != nullptr; }));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Tab, "Предложения"));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Новое предложение"));
        ASSERT_TRUE(TypeInto(ui, "Что предлагается", "Нанять бригаду"));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Предложить"));
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Status, "Журнал проверен на этом устройстве: 2 записи"); }));
    }
    ASSERT_EQ(room.size(), 32u);
    // The server drops the newest entry (the proposal) — as a rollback to an older history would.
    Sql("n = con.execute('SELECT MAX(seq) FROM room_journal WHERE room_id = ?', (" + nlohmann::json(room).dump() + ",)).fetchone()[0]\n"
        "con.execute('DELETE FROM room_journal WHERE room_id = ? AND seq = ?', (" + nlohmann::json(room).dump() + ", n))\n"
        "con.execute('UPDATE rooms SET head_seq = head_seq - 1 WHERE id = ?', (" + nlohmann::json(room).dump() + ",))");

    UiDriver again(server->api_url(), ImVec2(1280, 3000), "", &device);
    ASSERT_TRUE(testing_support::SignInThroughScreens(again, *server, kPhone, kPhone));
    again.app().OnHashChanged("#/rooms/view/" + room);
    again.SettleNetwork();
    EXPECT_TRUE(again.WaitUntil([&] {
        return again.HasText(A11yRole::Alert, "Журнал комнаты не прошёл проверку: сервер показывает более короткую историю, чем это устройство уже видело");
    }));
    EXPECT_FALSE(again.HasText(A11yRole::Status, "Журнал проверен"));
    EXPECT_EQ(again.Find(A11yRole::TextBox, "Сообщение"), nullptr) << "no key is opened over a journal that failed";
    ASSERT_TRUE(again.ScrollAndClick(A11yRole::Tab, "Предложения"));
    EXPECT_EQ(again.Find(A11yRole::Button, "Новое предложение"), nullptr) << "nothing written on top of it";
}

TEST_F(RoomsUiTest, AVoteDelegatedToARepresentativeIsCastForThePersonUntilWithdrawn) {
    const char* const kPetrov = "+79161112233";
    const std::string title = "Продажа гаража";
    std::map<std::string, std::string> ivanov_device, petrov_device;
    std::string room, petrov_code;
    auto sign_in = [&](UiDriver& ui, const char* phone) {
        ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, phone, phone));
        ui.app().OnHashChanged("#/rooms/view/" + room);
        ui.SettleNetwork();
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Status, "Журнал проверен на этом устройстве"); }));
    };
    {  // Иванов makes the room and invites Петров as his representative.
        UiDriver ui(server->api_url(), ImVec2(1280, 3000), "", &ivanov_device);
        ASSERT_TRUE(CreateRoom(ui, title));
        room = ui.app().session().room.room;
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Tab, "Участники"));
        ASSERT_TRUE(TypeInto(ui, "Телефон или электронная почта", kPetrov));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Роль"));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::ListItem, "Уполномоченный представитель"));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Отправить приглашение"));
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Status, "Приглашение отправлено"); }));
    }
    {  // Петров accepts.
        UiDriver ui(server->api_url(), ImVec2(1280, 3000), "", &petrov_device);
        ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, kPetrov, kPetrov));
        ui.app().OnHashChanged("#/rooms");
        ui.SettleNetwork();
        for (const core::A11yNode& n : ui.Nodes())
            if (n.name.rfind("Ваш код безопасности: ", 0) == 0) petrov_code = n.name.substr(std::string("Ваш код безопасности: ").size(), 23);
        ASSERT_EQ(petrov_code.size(), 23u);
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Принять приглашение в комнату «" + title + "»"));
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Status, "Приглашение принято"); }));
    }
    {  // Иванов admits him, proposes (he is the only voter) and delegates his vote to Петров.
        UiDriver ui(server->api_url(), ImVec2(1280, 3000), "", &ivanov_device);
        sign_in(ui, kPhone);
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Tab, "Участники"));
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::Button, "Добавить в комнату: Петров П. А.") != nullptr; }));
        EXPECT_TRUE(ui.HasText(A11yRole::Text, "Код безопасности приглашённого: " + petrov_code + "."))
            << "the keys the acceptance brought are the ones Петров's device has";
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Добавить в комнату: Петров П. А."));
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Text, "Петров П. А. — Уполномоченный представитель"); }));
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::Button, "Доверить голос") != nullptr; }));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Срок доверенности"));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::ListItem, "7 дней"));
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::ListItem, "7 дней") == nullptr; })) << "the list closes on a choice";
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Доверить голос"));
        bool delegated = ui.WaitUntil([&] { return ui.HasText(A11yRole::Text, "Голос доверен: Петров П. А., до "); });
        if (!delegated)
            for (const core::A11yNode& n : ui.Nodes()) std::fprintf(stderr, "  %d %s\n", (int)n.role, n.name.c_str());
        ASSERT_TRUE(delegated);
        EXPECT_TRUE(ui.HasText(A11yRole::Text, "Представляет: вас"));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Tab, "Обсуждение"));
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::TextBox, "Сообщение") != nullptr; }));
        ASSERT_TRUE(TypeInto(ui, "Сообщение", "Покупатель нашёлся"));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Отправить"));
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Text, ": Покупатель нашёлся"); }));
        EXPECT_FALSE(ui.HasText(A11yRole::Text, "Новое. ")) << "one's own message is not new to them";
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Tab, "Предложения"));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Новое предложение"));
        ASSERT_TRUE(TypeInto(ui, "Что предлагается", "Продать за 300 000 ₽"));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Предложить"));
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::Heading, "Продать за 300 000 ₽") != nullptr; }));
    }
    {  // Петров: the list says what is new; opened, it is marked; then he votes for Иванов, and
       // the count on his device takes it as Иванов's.
        UiDriver ui(server->api_url(), ImVec2(1280, 3000), "", &petrov_device);
        ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, kPetrov, kPetrov));
        ui.app().OnHashChanged("#/rooms");
        ui.SettleNetwork();
        const std::string open_new = "Открыть комнату «" + title + "», 1 новое сообщение";
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::Button, open_new) != nullptr; }));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, open_new));
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Text, "Новое. Иванов И. С., "); }));
        EXPECT_TRUE(ui.HasText(A11yRole::Text, ": Покупатель нашёлся"));
        ui.SettleNetwork();  // the read marker
        ui.app().OnHashChanged("#/rooms");
        ui.SettleNetwork();
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::Button, "Открыть комнату «" + title + "»") != nullptr; }))
            << "read: nothing new in the list";
        ui.app().OnHashChanged("#/rooms/view/" + room);
        ui.SettleNetwork();
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Status, "Журнал проверен на этом устройстве"); }));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Tab, "Предложения"));
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Text, "Голос за Иванов И. С. (по доверенности):"); }));
        EXPECT_EQ(ui.Find(A11yRole::Button, "Голосовать «за»: Продать за 300 000 ₽"), nullptr) << "no vote of his own";
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Голосовать «за» от имени Иванов И. С.: Продать за 300 000 ₽"));
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Text, "Голос за Иванов И. С. подан: за"); }));
        EXPECT_TRUE(ui.HasText(A11yRole::Text, "За: 1 · Против: 0 · Воздержались: 0 · Голосующих: 1"));
        EXPECT_TRUE(ui.HasText(A11yRole::Text, "Принято"));
    }
    {  // Иванов sees the vote as his, cast by Петров, and withdraws the delegation.
        UiDriver ui(server->api_url(), ImVec2(1280, 3000), "", &ivanov_device);
        sign_in(ui, kPhone);
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Tab, "Предложения"));
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Text, "Ваш голос: за (подал ваш представитель Петров П. А.)"); }));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Tab, "Участники"));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Link, "Отозвать доверенность у Петров П. А."));
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::Button, "Доверить голос") != nullptr; }));
        EXPECT_FALSE(ui.HasText(A11yRole::Text, "Голос доверен: Петров П. А."));
        EXPECT_FALSE(ui.HasText(A11yRole::Text, "Представляет:"));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Tab, "Журнал действий"));
        EXPECT_TRUE(ui.HasText(A11yRole::Text, "Вы — отозвал(а) доверенность у Петров П. А."));
        EXPECT_TRUE(ui.HasText(A11yRole::Text, "Петров П. А. — проголосовал(а) за вас: за"));
        // A manager gives another role: signed here, then the members list follows the journal.
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Tab, "Участники"));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Изменить роль: Петров П. А."));
        ASSERT_TRUE(ui.ScrollAndClick(A11yRole::ListItem, "Наблюдатель"));
        ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Text, "Петров П. А. — Наблюдатель"); }));
        EXPECT_EQ(ui.Find(A11yRole::Button, "Доверить голос"), nullptr) << "no representative left to delegate to";
    }
}

}  // namespace
