// Every node of the accessibility tree has an id of its own on every screen: the mirror keys its
// elements by it (data-n), aria-describedby and the focus point at it, and the mirror's click
// acts on the widget it names. Static texts used to take one id per (window + role) seed and text:
// the same text twice in a window had one id, and CRC32's linearity gave the screen keyboard's «2»
// and «3» one id.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "server_process.h"
#include "sign_in.h"
#include "ui_driver.h"

using testing_support::ServerProcess;
using testing_support::UiDriver;

namespace {

class A11yTreeTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = new ServerProcess("", /*seed=*/true); }
    static void TearDownTestSuite() { delete server; server = nullptr; }
    static ServerProcess* server;
};
ServerProcess* A11yTreeTest::server = nullptr;

// "«name» and «other» share id N on #/screen" for each clash on the screen now.
void Clashes(UiDriver& ui, const std::string& where, std::string* out, int* nodes) {
    std::map<unsigned, const core::A11yNode*> by_id;
    for (const core::A11yNode& n : ui.Nodes()) {
        ++*nodes;
        auto [it, fresh] = by_id.emplace(n.id, &n);
        if (!fresh) *out += "  «" + it->second->name + "» and «" + n.name + "» (" + core::RoleName(n.role) + ") on " + where + "\n";
    }
}

TEST_F(A11yTreeTest, EveryNodeOnEveryScreenHasItsOwnId) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 900), "#/catalog");
    ui.SettleNetwork();
    std::string clashes;
    int nodes = 0;
    auto visit = [&](const char* hash) {
        ui.app().OnHashChanged(hash);
        ui.SettleNetwork();
        ui.Frames(3);
        Clashes(ui, hash, &clashes, &nodes);
    };
    for (const char* hash : {"#/catalog", "#/catalog/all", "#/catalog/section/health", "#/catalog/service/passports-1-1", "#/verify",
                             "#/register", "#/recover", "#/login"})
        visit(hash);
    ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, "+79001234567", "+79001234567"));
    for (const char* hash : {"#/profile", "#/profile/history", "#/profile/consents", "#/profile/security", "#/profile/data-access",
                             "#/applications", "#/appointments", "#/appointments/new", "#/calendar", "#/documents", "#/payments",
                             "#/payments/history", "#/rooms", "#/support", "#/support/new", "#/support/chat", "#/notifications",
                             "#/notifications/settings", "#/forms/passports-1-1"})
        visit(hash);
    // A form's step of answers from the profile: «Подтверждено · из профиля» and «Изменить в
    // профиле» on several rows.
    ASSERT_TRUE(ui.ScrollAndClick(core::A11yRole::Radio, "Исполнилось 20 лет"));
    ASSERT_TRUE(ui.ScrollAndClick(core::A11yRole::Button, "Далее"));
    ASSERT_TRUE(ui.HasText(core::A11yRole::Status, "Шаг 2 из 5"));
    ui.Frames(3);
    Clashes(ui, "the form's step 2", &clashes, &nodes);
    EXPECT_GT(nodes, 500) << "the screens must have drawn their trees";
    EXPECT_TRUE(clashes.empty()) << "nodes sharing an id:\n" << clashes;
}

}  // namespace
