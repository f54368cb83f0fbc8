// «Начисления и платежи» end to end against the real backend with demo data, through the screens:
// a double click on «Оплатить» while the gateway has not answered makes one payment and the button
// is not offered again; the gateway's late answer turns the open page «Оплачено» live; the receipt
// opens in «Документы», its statement verified against the gateway's pinned key.
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

const char* const kPhone = "+79001234567";  // Иванов: two fines, a tax, a state fee

class PaymentsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = new ServerProcess("", /*seed=*/true); }
    static void TearDownTestSuite() { delete server; server = nullptr; }
    static ServerProcess* server;
};
ServerProcess* PaymentsTest::server = nullptr;

TEST_F(PaymentsTest, ADoubleClickPaysOnceAndTheGatewaysLateAnswerShowsLive) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 2400));
    ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, kPhone, kPhone));
    ASSERT_TRUE(ui.Click(A11yRole::Tab, "Платежи"));
    ui.SettleNetwork();
    ASSERT_EQ(ui.app().CurrentScreen(), core::Screen::Payments);
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.app().session().payments.loaded; }));
    // The tax: 3487 ₽, no discount.
    std::string id;
    for (const core::Charge& c : ui.app().session().payments.charges)
        if (c.kind == core::ChargeKind::Tax) id = c.id;
    ASSERT_FALSE(id.empty());
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.app().session().live.State() == client::LiveState::Open; }));
    NativeClient dev(server->api_url());
    ASSERT_TRUE(dev.Call("POST", "/dev/gateway", {{"mode", "timeout"}}).error.ok());

    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Оплатить 3487 ₽: Налог на имущество физических лиц за 2025 год"));
    ui.SettleNetwork();
    ASSERT_EQ(ui.app().CurrentScreen(), core::Screen::PaymentCharge);
    EXPECT_TRUE(ui.HasText(A11yRole::Alert, "Тестовый платёжный шлюз"));
    const core::A11yNode* pay = ui.Find(A11yRole::Button, "Оплатить 3487 ₽");
    ASSERT_NE(pay, nullptr);
    float x = pay->x + pay->w / 2, y = pay->y + pay->h / 2;
    ui.ClickAt(x, y);
    ui.ClickAt(x, y);  // the second click of a double click, before any answer
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Status, "Платёж обрабатывается банком"); }));
    EXPECT_EQ(ui.Find(A11yRole::Button, "Оплатить 3487 ₽"), nullptr) << "not offered while the bank has it";
    client::ApiResult pending = dev.Call("GET", "/dev/gateway/pending?phone=%2B79001234567");
    ASSERT_TRUE(pending.error.ok());
    ASSERT_EQ(pending.body["items"].size(), 1u) << "one payment for two clicks";

    std::string payment = pending.body["items"][0].value("id", "");
    ASSERT_TRUE(dev.Call("POST", "/dev/gateway/payments/" + payment + "/answer", {{"ok", true}}).error.ok());
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Status, "Оплачено "); })) << "live, without a reload";
    EXPECT_TRUE(ui.app().session().payments.charge.paid);
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Открыть квитанцию"));
    ui.SettleNetwork();
    ASSERT_EQ(ui.app().CurrentScreen(), core::Screen::DocumentDetail);
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.app().session().wallet.open_loaded; }));
    EXPECT_EQ(ui.app().session().wallet.check.verdict, client::DocumentVerdict::Valid);
    EXPECT_EQ(ui.app().session().wallet.check.issuer, "gateway");
    EXPECT_FALSE(ui.app().session().wallet.content_failed);
    ASSERT_TRUE(dev.Call("POST", "/dev/gateway", {{"mode", "succeed"}}).error.ok());
}

// An agency bills a fine while «Платежи» is open: the list and its summary take it live. The
// list is asked to reload just before the bill, so the announcement lands while that load is on
// its way — the reply may predate the fine, and before the reload-pending flag the announcement
// was dropped and the fine stayed off the list.
TEST_F(PaymentsTest, AChargeBilledWhileTheListIsOpenShowsLiveEvenMidLoad) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 3000));
    ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, kPhone, kPhone));
    ASSERT_TRUE(ui.Click(A11yRole::Tab, "Платежи"));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.app().session().payments.loaded; }));
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.app().session().live.State() == client::LiveState::Open; }));
    long long unpaid = ui.app().session().payments.unpaid, total = ui.app().session().payments.unpaid_total;
    ASSERT_GT(unpaid, 0);

    // The list reloads (what a payment_changed does) and the backend holds its reply, computed
    // before the bill, until the bill's event has reached the screen.
    NativeClient dev(server->api_url());
    ASSERT_TRUE(dev.Call("POST", "/dev/hold", {{"method", "GET"}, {"path", "/charges"}, {"ms", 2000}}).error.ok());
    ui.app().LoadCharges();
    for (int i = 0; i < 400 && dev.Call("GET", "/dev/hold").body.value("held", 0) == 0; i++) ui.Frame();
    ASSERT_EQ(dev.Call("GET", "/dev/hold").body.value("held", 0), 1) << "the reply is computed and held";
    client::ApiResult billed = dev.Call("POST", "/dev/charges", {{"phone", kPhone}, {"kind", "fine"}, {"amount", 80000},
                                                                 {"purpose", "Штраф по постановлению 18810177260000099999: проезд на красный"}});
    ASSERT_TRUE(billed.error.ok()) << billed.error.code << " " << billed.body.dump();
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Heading, "проезд на красный"); })) << "live, without a reload";
    EXPECT_EQ(ui.app().session().payments.unpaid, unpaid + 1);
    EXPECT_EQ(ui.app().session().payments.unpaid_total, total + 80000);
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "К оплате " + std::to_string(unpaid + 1) + " начислени"));
    ASSERT_TRUE(dev.Call("POST", "/dev/hold", {{"method", "GET"}, {"path", "/charges"}, {"ms", 0}}).error.ok());
}

}  // namespace
