// Headless UI tests of the catalog against the real backend's catalog.
#include <gtest/gtest.h>

#include "server_process.h"
#include "ui_driver.h"

using core::A11yRole;
using testing_support::ServerProcess;
using testing_support::UiDriver;

namespace {

class CatalogUiTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = new ServerProcess(); }
    static void TearDownTestSuite() { delete server; server = nullptr; }
    static ServerProcess* server;
};
ServerProcess* CatalogUiTest::server = nullptr;

const char* const kZp = "Оформление загранпаспорта нового образца на 10 лет";

TEST_F(CatalogUiTest, FirstScreenShowsPopularServicesAndSections) {
    UiDriver ui(server->api_url(), ImVec2(1280, 1600));
    ui.SettleNetwork();
    EXPECT_NE(ui.Find(A11yRole::Heading, "Популярные услуги"), nullptr);
    EXPECT_NE(ui.Find(A11yRole::Link, kZp), nullptr);
    EXPECT_NE(ui.Find(A11yRole::Link, "Запись на приём к врачу"), nullptr);
    // The filters are reachable controls with names.
    EXPECT_NE(ui.Find(A11yRole::CheckBox, "Только онлайн"), nullptr);
    EXPECT_NE(ui.Find(A11yRole::Button, "Раздел"), nullptr);
    EXPECT_NE(ui.Find(A11yRole::Button, "Срок"), nullptr);
    EXPECT_TRUE(ui.ScrollAndClick(A11yRole::Link, "Семья и дети"));
    EXPECT_EQ(ui.app().CurrentScreen(), core::Screen::CatalogSection);
    EXPECT_NE(ui.Find(A11yRole::Heading, "Семья и дети"), nullptr);
    EXPECT_NE(ui.Find(A11yRole::Link, "Материнский капитал"), nullptr);
}

TEST_F(CatalogUiTest, TypoSearchOpenServiceThenItsFormAndBackToResults) {
    UiDriver ui(server->api_url());
    ui.SettleNetwork();
    ASSERT_TRUE(ui.Click(A11yRole::TextBox, "Поиск услуги"));
    ui.Type("загарнпаспорт");
    ui.Frames(2);
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Найдено услуг"));
    // The first result row is the obvious one.
    const core::A11yNode* first = nullptr;
    for (const core::A11yNode& n : ui.Nodes())
        if (n.role == A11yRole::Link && n.y > 200 && (!first || n.y < first->y)) first = &n;
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->name, kZp);
    EXPECT_EQ(ui.hashes.back(), core::HashFor(core::Screen::Catalog, "загарнпаспорт")) << "the query is in the URL";
    ASSERT_TRUE(ui.Click(A11yRole::Link, kZp));
    EXPECT_EQ(ui.app().CurrentScreen(), core::Screen::CatalogService);
    EXPECT_NE(ui.Find(A11yRole::Heading, kZp), nullptr);
    EXPECT_TRUE(ui.HasText(A11yRole::Text, "Стоимость: 6000 ₽"));
    EXPECT_NE(ui.Find(A11yRole::Link, "Паспорта, регистрация, учёт"), nullptr) << "breadcrumbs";
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Получить услугу"));
    EXPECT_EQ(ui.app().CurrentScreen(), core::Screen::ServiceForm);
    ui.SettleNetwork();
    EXPECT_NE(ui.Find(A11yRole::ListItem, "1. Заявитель"), nullptr) << "the form's steps come from its schema";
    EXPECT_NE(ui.Find(A11yRole::ListItem, "2. Работа и учёба за 10 лет"), nullptr);
    // Back twice (as the browser would deliver it): the service, then the results with the query.
    ui.app().OnHashChanged(core::HashFor(core::Screen::CatalogService, "passports-2-1"));
    ui.app().OnHashChanged(core::HashFor(core::Screen::Catalog, "загарнпаспорт"));
    ui.Frames(2);
    EXPECT_EQ(ui.app().catalog.query, "загарнпаспорт");
    EXPECT_NE(ui.Find(A11yRole::Link, kZp), nullptr);
    // Recently viewed shows up on the first screen.
    ui.app().OnHashChanged("#/catalog");
    ui.Frames(2);
    EXPECT_NE(ui.Find(A11yRole::Heading, "Вы недавно смотрели"), nullptr);
}

TEST_F(CatalogUiTest, FiltersNarrowTheResults) {
    UiDriver ui(server->api_url(), ImVec2(1280, 1400));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.Click(A11yRole::TextBox, "Поиск услуги"));
    ui.Type("регистрация");
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Раздел"));
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Транспорт"));
    ui.Frames(3);
    EXPECT_EQ(ui.app().catalog.filters.section, "transport");
    int results = 0;
    for (const core::A11yNode& n : ui.Nodes())
        if (n.role == A11yRole::Link && n.y > 300) {
            results++;
            EXPECT_TRUE(n.name.find("транспорт") != std::string::npos || n.name.find("ТС") != std::string::npos) << n.name;
        }
    EXPECT_GE(results, 1);
    ASSERT_TRUE(ui.Click(A11yRole::CheckBox, "Бесплатные"));
    EXPECT_TRUE(ui.app().catalog.filters.free_only);
}

TEST_F(CatalogUiTest, OfflineServiceSaysWhereToGo) {
    UiDriver ui(server->api_url());
    ui.SettleNetwork();
    ui.app().OnHashChanged("#/catalog/service/passports-4-1");  // воинский учёт: in person
    ui.Frames(2);
    EXPECT_EQ(ui.Find(A11yRole::Button, "Получить услугу"), nullptr);
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "нельзя получить онлайн"));
    ui.app().OnHashChanged("#/catalog/service/no-such");
    ui.Frames(2);
    EXPECT_TRUE(ui.HasText(A11yRole::Status, "Услуга не найдена"));
}

}  // namespace
