// «Мои заявления» against the real backend with demo data: statuses from the shared state
// machine, the detail with its timeline, cancelling (offered only where the table allows it),
// and a status change made by the agency appearing on the open screen without a reload.
#include <gtest/gtest.h>

#include <string>

#include "core/app_status.h"
#include "native_client.h"
#include "server_process.h"
#include "sign_in.h"
#include "ui_driver.h"

using core::A11yRole;
using testing_support::NativeClient;
using testing_support::ServerProcess;
using testing_support::UiDriver;

namespace {

const char* const kPhone = "+79001234567";  // Иванов Иван Сергеевич: one application per common status

class TrackerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = new ServerProcess("", /*seed=*/true); }
    static void TearDownTestSuite() { delete server; server = nullptr; }
    static ServerProcess* server;

    static void OpenList(UiDriver& ui) {
        ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, kPhone, kPhone));
        ui.app().OnHashChanged("#/applications");
        ui.SettleNetwork();
    }
    // The number of the demo application in `status` (from the list the screen loaded).
    static std::string NumberIn(UiDriver& ui, const std::string& status) {
        for (const auto& a : ui.app().session().form_ui.applications)
            if (a.value("status", "") == status) return a.value("number", "");
        return "";
    }
};
ServerProcess* TrackerTest::server = nullptr;

TEST_F(TrackerTest, TheListShowsEachStatusAndTheDetailItsTimelineAndCancel) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 4000));
    OpenList(ui);
    for (const char* s : {"Принято", "В обработке", "Требуются уточнения", "Готово", "Отклонено"})
        EXPECT_NE(ui.Find(A11yRole::Text, std::string("Статус: ") + s), nullptr) << s;

    // In progress: no cancel (the table allows it only from «Принято»).
    std::string busy = NumberIn(ui, "in_progress");
    ASSERT_FALSE(busy.empty());
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Подробнее о заявлении № " + busy));
    ui.SettleNetwork();
    EXPECT_EQ(ui.app().CurrentScreen(), core::Screen::ApplicationDetail);
    EXPECT_NE(ui.Find(A11yRole::Heading, "История статусов"), nullptr);
    EXPECT_EQ(ui.Find(A11yRole::Button, "Отменить заявление"), nullptr);

    // Accepted: cancel, confirm; the status and the timeline say so.
    ui.app().OnHashChanged("#/applications");
    ui.SettleNetwork();
    std::string accepted = NumberIn(ui, "accepted");
    ASSERT_FALSE(accepted.empty());
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Подробнее о заявлении № " + accepted));
    ui.SettleNetwork();
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "Номер заявления: " + accepted) || ui.HasText(A11yRole::Text, accepted));
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Отменить заявление"));
    ASSERT_NE(ui.Find(A11yRole::Heading, "Отменить заявление?"), nullptr);
    const core::A11yNode* confirm = nullptr;
    for (const core::A11yNode& n : ui.Nodes())
        if (n.role == A11yRole::Button && n.name == "Отменить заявление" && (!confirm || n.y > confirm->y)) confirm = &n;
    ASSERT_NE(confirm, nullptr);
    ui.ClickAt(confirm->x + confirm->w / 2, confirm->y + confirm->h / 2);
    ui.SettleNetwork();
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Заявление отменено."));
    EXPECT_NE(ui.Find(A11yRole::Text, "Статус: Отменено"), nullptr);
    EXPECT_EQ(ui.Find(A11yRole::Button, "Отменить заявление"), nullptr);
    EXPECT_EQ(ui.app().session().tracker.detail.value("status", ""), "cancelled");
    EXPECT_EQ(ui.app().session().tracker.detail["history"].back().value("actor", ""), "user");
}

TEST_F(TrackerTest, TheAgencysStatusChangeAppearsOnTheOpenScreen) {
    UiDriver ui(server->api_url(), ImVec2(1280, 3000));
    OpenList(ui);
    std::string number = NumberIn(ui, "needs_info");
    ASSERT_FALSE(number.empty());
    ui.app().OnHashChanged("#/applications/view/" + number);
    ui.SettleNetwork();
    EXPECT_TRUE(ui.HasText(A11yRole::Alert, "Ведомство просит уточнить: Приложите справку о доходах"));
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.app().session().live.State() == client::LiveState::Open; }));
    // The backend's deadline passes (the development interface plays it).
    NativeClient agency(server->api_url());
    client::ApiResult r = agency.Call("POST", "/dev/agency/applications/" + number + "/status", {{"status", "expired"}});
    ASSERT_TRUE(r.error.ok()) << r.error.message;
    EXPECT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::Text, "Статус: Срок истёк") != nullptr; }))
        << "the open detail follows the event stream";
    EXPECT_FALSE(ui.HasText(A11yRole::Alert, "Ведомство просит уточнить"));
    // A move the table does not allow is refused, and the screen keeps the true status.
    r = agency.Call("POST", "/dev/agency/applications/" + number + "/status", {{"status", "done"}});
    EXPECT_EQ(r.error.code, "invalid_transition");
}

// The agency asks while the applicant has the application open: the question and the answer box
// appear without a reload; the answer is sealed on the device and the application is back «В обработке».
TEST_F(TrackerTest, TheAgencysQuestionAppearsLiveAndIsAnswered) {
    UiDriver ui(server->api_url(), ImVec2(1280, 3000));
    OpenList(ui);
    std::string number = NumberIn(ui, "in_progress");
    ASSERT_FALSE(number.empty());
    ui.app().OnHashChanged("#/applications/view/" + number);
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.app().session().live.State() == client::LiveState::Open; }));
    EXPECT_EQ(ui.Find(A11yRole::TextBox, "Ваш ответ"), nullptr) << "nothing to answer yet";
    NativeClient agency(server->api_url());
    client::ApiResult r = agency.Call("POST", "/dev/agency/applications/" + number + "/status",
                                      {{"status", "needs_info"}, {"question", "Приложите квитанцию об оплате."}, {"answer_days", 5}});
    ASSERT_TRUE(r.error.ok()) << r.error.message;
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::TextBox, "Ваш ответ") != nullptr; }));
    EXPECT_TRUE(ui.HasText(A11yRole::Alert, "Ведомство просит уточнить: Приложите квитанцию об оплате."));
    ASSERT_TRUE(ui.Click(A11yRole::TextBox, "Ваш ответ"));
    ui.Type("Квитанция приложена.");

    // The receipt as a file: checked by content like a form's file, encrypted, uploaded.
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Прикрепить файл к ответу"));
    EXPECT_EQ(ui.picker_accept, ".pdf,.jpg,.jpeg,.png");
    std::string exe = "MZ\x90";
    exe.resize(2048, '\0');
    ui.app().OnFilePicked("квитанция.pdf", reinterpret_cast<const uint8_t*>(exe.data()), exe.size());
    ui.Frames(3);
    EXPECT_TRUE(ui.HasText(A11yRole::Alert, "это программа")) << "a program called .pdf is refused";
    std::string pdf = "%PDF-1.7\n";
    for (int i = 0; pdf.size() < 300 * 1024; i++) pdf += (char)('a' + i % 26);
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Прикрепить файл к ответу"));
    ui.app().OnFilePicked("квитанция.pdf", reinterpret_cast<const uint8_t*>(pdf.data()), pdf.size());
    ui.Frames(2);
    EXPECT_FALSE(ui.HasText(A11yRole::Alert, "это программа")) << "the refusal goes once a good file is chosen";
    ASSERT_TRUE(ui.WaitUntil([&] {
        ui.Frames(1);
        return !ui.app().session().answer_files.Busy();
    }));
    ASSERT_TRUE(ui.HasText(A11yRole::ListItem, "квитанция.pdf · PDF"));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Отправить ответ"));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.Find(A11yRole::Text, "Статус: В обработке") != nullptr; }));
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Ответ отправлен в ведомство"));
    const nlohmann::json& history = ui.app().session().tracker.detail["history"];
    EXPECT_EQ(history.back().value("actor", ""), "user");
    EXPECT_EQ(history.back().value("status", ""), "in_progress");
    EXPECT_EQ(ui.app().session().tracker.answer, "") << "the box is cleared once sent";
    EXPECT_TRUE(ui.app().session().answer_files.files.empty()) << "the files went with it";

    // What the agency finds: the answer sealed to it, signed by the applicant, and the file
    // decrypted with the key that was inside the answer, byte for byte.
    nlohmann::json opened = server->AgencyOpens(number);
    ASSERT_TRUE(opened.is_object()) << "agency_inbox.py printed no JSON";
    ASSERT_TRUE(opened["answers"].is_array());
    ASSERT_FALSE(opened["answers"].empty());
    const nlohmann::json& answer = opened["answers"].back();
    EXPECT_TRUE(answer.value("signature_valid", false));
    EXPECT_TRUE(answer.value("signer_is_applicant", false));
    EXPECT_EQ(answer.value("answer", ""), "Квитанция приложена.");
    ASSERT_EQ(answer["files"].size(), 1u);
    EXPECT_EQ(answer["files"][0].value("name", ""), "квитанция.pdf");
    EXPECT_EQ(answer["files"][0].value("size", 0), (int)pdf.size());
    EXPECT_TRUE(answer["files"][0].value("sha256_ok", false));
}

}  // namespace

namespace {

int Shown(UiDriver& ui) {
    int n = 0;
    for (const auto& node : ui.Nodes()) n += node.role == A11yRole::Button && node.name.rfind("Подробнее о заявлении № ", 0) == 0;
    return n;
}

}  // namespace

TEST_F(TrackerTest, TheListIsSearchedFilteredByStatusAndSorted) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 4000));
    OpenList(ui);
    int all = Shown(ui);
    ASSERT_GE(all, 5);
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Показано " + std::to_string(all) + " заявлени"));
    std::string refused = NumberIn(ui, "rejected");
    ASSERT_FALSE(refused.empty());

    // A status: only those in it.
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Статус"));
    ASSERT_TRUE(ui.Click(A11yRole::ListItem, "Отклонено"));
    ui.Frames(2);
    EXPECT_EQ(Shown(ui), 1);
    EXPECT_NE(ui.Find(A11yRole::Button, "Подробнее о заявлении № " + refused), nullptr);
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Статус"));
    ASSERT_TRUE(ui.Click(A11yRole::ListItem, "Все статусы"));
    ui.Frames(2);
    EXPECT_EQ(Shown(ui), all);

    // The number, typed without its dashes and in lower case.
    std::string typed;
    for (char c : refused)
        if (c != '-') typed += (char)std::tolower((unsigned char)c);
    ASSERT_TRUE(ui.Click(A11yRole::TextBox, "Поиск по заявлениям"));
    ui.Type(typed);
    ui.Frames(2);
    EXPECT_EQ(Shown(ui), 1);
    EXPECT_NE(ui.Find(A11yRole::Button, "Подробнее о заявлении № " + refused), nullptr);
    ui.Press(ImGuiKey_A, /*ctrl=*/true);
    ui.Press(ImGuiKey_Backspace);
    ui.Type("никакой такой услуги");
    ui.Frames(2);
    EXPECT_EQ(Shown(ui), 0);
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Показано 0 заявлений"));
    ui.Press(ImGuiKey_A, /*ctrl=*/true);
    ui.Press(ImGuiKey_Backspace);
    ui.Frames(2);

    // Needing my action first: the agency's question is on top.
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Сортировка"));
    ASSERT_TRUE(ui.Click(A11yRole::ListItem, "Сначала требующие действий"));
    ui.Frames(2);
    std::string first;
    for (const auto& node : ui.Nodes())
        if (first.empty() && node.role == A11yRole::Button && node.name.rfind("Подробнее о заявлении № ", 0) == 0)
            first = node.name.substr(std::string("Подробнее о заявлении № ").size());
    ASSERT_FALSE(first.empty());
    std::string status;
    for (const auto& a : ui.app().session().form_ui.applications)
        if (a.value("number", "") == first) status = a.value("status", "");
    // (Another test of this suite may have answered the demo question already.)
    if (!NumberIn(ui, "needs_info").empty()) EXPECT_EQ(status, "needs_info");
    else EXPECT_FALSE(core::IsTerminal(core::StatusFromCode(status))) << status;
}

// A citizen of many years: 1,000 applications. They come in pages (the backend's page is 200) and
// all are listed; only the cards in view are drawn; the oldest is reached by scrolling, and Tab
// walks from the cards in view on to those below.
TEST_F(TrackerTest, AThousandApplicationsComeInPagesAndOnlyThoseInViewAreDrawn) {
    ASSERT_TRUE(server->ok());
    const char* const petrov = "+79161112233";  // another citizen: the other tests keep Иванов's list
    NativeClient dev(server->api_url());
    ASSERT_TRUE(dev.Call("POST", "/dev/applications/fill", {{"phone", petrov}, {"count", 1000}}).error.ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 900));
    ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, petrov, petrov));
    ui.app().OnHashChanged("#/applications");
    const ui::FormUi& lists = ui.app().session().form_ui;
    ASSERT_TRUE(ui.WaitUntil([&] { return !lists.lists_load.Loading() && lists.applications.size() >= 1000; }));
    size_t total = lists.applications.size();
    EXPECT_LT(total, 1010u) << "each page once";
    ui.Frames(2);
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Показано " + std::to_string(total) + " заявлени"));
    int drawn = Shown(ui);
    EXPECT_GT(drawn, 0);
    EXPECT_LE(drawn, 8) << "only the cards in a 900 px window are drawn";

    // Live, without loading every page again: an agency refuses one deep in the list, then a new
    // application arrives on top.
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.app().session().live.State() == client::LiveState::Open; }));
    std::string deep;
    for (size_t i = 700; i < total && deep.empty(); i++)
        if (lists.applications[i].value("status", "") == "in_progress") deep = lists.applications[i].value("number", "");
    ASSERT_FALSE(deep.empty());
    bool reloaded = false;
    auto status_of = [&](const std::string& number) {
        for (const auto& a : lists.applications)
            if (a.value("number", "") == number) return a.value("status", "");
        return std::string();
    };
    ASSERT_TRUE(dev.Call("POST", "/dev/agency/applications/" + deep + "/status", {{"status", "rejected"}, {"reason", "Нет документа"}}).error.ok());
    ASSERT_TRUE(ui.WaitUntil([&] {
        reloaded = reloaded || lists.lists_load.Loading();
        return status_of(deep) == "rejected";
    }));
    ASSERT_TRUE(dev.Call("POST", "/dev/applications/fill", {{"phone", petrov}, {"count", 1}}).error.ok());
    ASSERT_TRUE(ui.WaitUntil([&] {
        reloaded = reloaded || lists.lists_load.Loading();
        return lists.applications.size() == total + 1;
    }));
    EXPECT_FALSE(reloaded) << "the list was mended in place, not loaded again";
    total = lists.applications.size();
    ui.Frames(2);

    // Tab from the search field through the filters and on past the cards in view.
    std::vector<std::string> first_cards;
    for (size_t i = 0; i < 12 && i < total; i++) first_cards.push_back("Подробнее о заявлении № " + lists.applications[i].value("number", ""));
    ASSERT_TRUE(ui.Click(A11yRole::TextBox, "Поиск по заявлениям"));
    size_t reached = 0;
    for (int i = 0; i < 60 && reached < first_cards.size(); i++) {
        ui.Press(ImGuiKey_Tab);
        const core::A11yNode* f = ui.FindFocused();
        if (f && reached < first_cards.size() && f->name == first_cards[reached]) reached++;
    }
    EXPECT_EQ(reached, first_cards.size()) << "Tab reached the first " << reached << " cards in order, not more";

    // The oldest, at the very end: the wheel takes the page there and it opens.
    std::string oldest = lists.applications[total - 1].value("number", "");
    std::string name = "Подробнее о заявлении № " + oldest;
    ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < 400 && !ui.Find(A11yRole::Button, name); i++) {
        io.AddMousePosEvent(640, 500);
        io.AddMouseWheelEvent(0, -40);
        ui.Frames(2);
    }
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, name));
    ui.SettleNetwork();
    EXPECT_EQ(ui.app().CurrentScreen(), core::Screen::ApplicationDetail);
    EXPECT_EQ(ui.app().route_param, oldest);
}
