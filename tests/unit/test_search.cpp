// Catalog search against the reference backend's real catalog: a table of queries (typos, word
// order, ё, prefixes, form codes) and the service that must come first.
#include <gtest/gtest.h>

#include "core/catalog.h"
#include "core/search.h"
#include "platform/native/curl_transport.h"
#include "server_process.h"

namespace {

class SearchTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        testing_support::ServerProcess server;
        ASSERT_TRUE(server.ok());
        client::HttpRequest r;
        r.url = server.api_url() + "/catalog";
        auto doc = nlohmann::json::parse(native::PerformRequest(r).body, nullptr, false);
        std::vector<core::Message> problems;
        ASSERT_TRUE(core::ParseCatalog(doc, &catalog, &problems));
        EXPECT_TRUE(problems.empty()) << problems.front();
        index.Build(catalog);
    }
    static std::string First(const std::string& query, const core::SearchFilters& f = {}) {
        auto hits = index.Search(query, f, 5);
        return hits.empty() ? "<nothing>" : catalog.services[(size_t)hits[0].service].name;
    }
    static core::Catalog catalog;
    static core::SearchIndex index;
};
core::Catalog SearchTest::catalog;
core::SearchIndex SearchTest::index;

TEST_F(SearchTest, CatalogHasTheSpecShape) {
    EXPECT_GE(catalog.services.size(), 120u);
    EXPECT_GE(catalog.sections.size(), 9u);
    int with_form = 0;
    for (const core::Service& s : catalog.services) with_form += s.has_form;
    EXPECT_GE(with_form, 8);
    EXPECT_FALSE(catalog.popular.empty());
}

struct Case {
    const char* query;
    const char* first;
};

TEST_F(SearchTest, TheObviousServiceComesFirst) {
    const Case cases[] = {
        {"загран паспорт", "Оформление загранпаспорта нового образца на 10 лет"},
        {"паспорт загран", "Оформление загранпаспорта нового образца на 10 лет"},
        {"загранпаспорт", "Оформление загранпаспорта нового образца на 10 лет"},
        {"загарнпаспорт", "Оформление загранпаспорта нового образца на 10 лет"},          // swapped letters
        {"загранпаспорт ребенку", "Загранпаспорт для ребёнка до 14 лет"},
        {"замена паспорта", "Замена паспорта гражданина РФ в 20 и 45 лет"},
        {"замена пасорта", "Замена паспорта гражданина РФ в 20 и 45 лет"},               // missing letter
        {"ЗАМЕНА ПАСПОРТА", "Замена паспорта гражданина РФ в 20 и 45 лет"},
        {"паспорт 14 лет", "Получение паспорта гражданина РФ в 14 лет"},
        {"пособие на ребенка", "Единое пособие на детей и беременных женщин"},
        {"пособие на ребёнка", "Единое пособие на детей и беременных женщин"},            // ё = е
        {"пособе на ребенка", "Единое пособие на детей и беременных женщин"},             // typo
        {"записаться к врачу", "Запись на приём к врачу"},
        {"запись к врачу", "Запись на приём к врачу"},
        {"к врачу записаться", "Запись на приём к врачу"},                               // word order
        {"ИП регистрация", "Регистрация индивидуального предпринимателя"},
        {"регистрация ип", "Регистрация индивидуального предпринимателя"},
        {"открыть ип", "Регистрация индивидуального предпринимателя"},
        {"BZ-10", "Регистрация индивидуального предпринимателя"},                         // form code
        {"zp-10", "Оформление загранпаспорта нового образца на 10 лет"},
        {"прописка", "Регистрация по месту жительства"},
        {"вычет за квартиру", "Налоговый вычет за покупку жилья"},
        {"3-ндфл", "Декларация 3-НДФЛ"},
        {"штрафы гибдд", "Проверка и оплата штрафов ГИБДД"},
        {"штрафы гибд", "Проверка и оплата штрафов ГИБДД"},                              // prefix while typing
        {"поставить машину на учет", "Регистрация транспортного средства"},
        {"материнский капитал", "Получение сертификата на материнский капитал"},
        {"матер капитал", "Получение сертификата на материнский капитал"},               // prefixes
        {"детский сад", "Запись в детский сад"},
        {"садик", "Запись в детский сад"},
        {"справка о несудимости", "Справка об отсутствии судимости"},
        {"выписка егрн", "Выписка из ЕГРН об объекте недвижимости"},
        {"показания счетчиков", "Передача показаний счётчиков"},
        {"показания счётчиков", "Передача показаний счётчиков"},
        {"права замена", "Замена водительского удостоверения"},
        {"самозанятый", "Регистрация самозанятого"},
        {"пенсия по старости", "Назначение страховой пенсии по старости"},
        {"развод", "Расторжение брака по взаимному согласию"},
    };
    int wrong = 0;
    for (const Case& c : cases) {
        std::string got = First(c.query);
        if (got != c.first) wrong++;
        EXPECT_EQ(got, c.first) << "query: " << c.query;
    }
    EXPECT_GE(sizeof(cases) / sizeof(cases[0]), 30u);
    EXPECT_EQ(wrong, 0);
}

TEST_F(SearchTest, FiltersNarrowTheResults) {
    core::SearchFilters f;
    f.free_only = true;
    for (const core::SearchHit& h : index.Search("паспорт", f, 50)) EXPECT_EQ(catalog.services[(size_t)h.service].fee, 0);
    f = core::SearchFilters();
    f.online_only = true;
    f.max_days = 3;
    auto hits = index.Search("регистрация", f, 50);
    ASSERT_FALSE(hits.empty());
    for (const core::SearchHit& h : hits) {
        EXPECT_TRUE(catalog.services[(size_t)h.service].online);
        EXPECT_LE(catalog.services[(size_t)h.service].days, 3);
    }
    f = core::SearchFilters();
    f.section = "transport";
    for (const core::SearchHit& h : index.Search("регистрация", f, 50)) EXPECT_EQ(catalog.services[(size_t)h.service].section, "transport");
    // Filters alone list what passes them.
    f = core::SearchFilters();
    f.section = "health";
    EXPECT_FALSE(index.Search("", f, 50).empty());
}

TEST_F(SearchTest, HighlightMarksTheMatchedWordsOfTheName) {
    auto hits = index.Search("замена паспорта", {}, 1);
    ASSERT_FALSE(hits.empty());
    const std::string& name = catalog.services[(size_t)hits[0].service].name;
    std::vector<std::string> marked;
    for (auto r : hits[0].highlight) marked.push_back(name.substr((size_t)r.first, (size_t)(r.second - r.first)));
    EXPECT_EQ(marked, (std::vector<std::string>{"Замена", "паспорта"}));
}

TEST_F(SearchTest, HostileQueriesAreHarmless) {
    EXPECT_TRUE(index.Search("", {}, 10).empty());
    EXPECT_TRUE(index.Search("!!! ??? ... ---", {}, 10).empty());
    index.Search(std::string(10000, 'x'), {}, 10);
    index.Search(std::string(10000, 'a') + " " + std::string(5000, ' ') + "паспорт", {}, 10);
    index.Search("\xF0\x9F\x98\x80 паспорт \xF0\x9F\x9A\x97", {}, 10);  // emoji
    EXPECT_EQ(First("\xF0\x9F\x98\x80 загранпаспорт"), "Оформление загранпаспорта нового образца на 10 лет");
    index.Search("pasport паспорт passport", {}, 10);                    // mixed scripts
    index.Search(std::string("\xff\xfe\xc3\x28", 4), {}, 10);             // invalid UTF-8
    SUCCEED();
}

TEST(SearchFolding, CaseYoAndEndings) {
    EXPECT_EQ(core::FoldText("ЁЛКА ёлка"), core::FoldText("елка елка"));
    EXPECT_EQ(core::FoldedWords("Замена, паспорта!").size(), 2u);
    EXPECT_EQ(core::StemRussian(core::FoldText("паспорта")), core::FoldText("паспорт"));
    EXPECT_EQ(core::StemRussian(core::FoldText("пособие")), core::FoldText("пособ"));
    EXPECT_EQ(core::StemRussian(core::FoldText("дом")), core::FoldText("дом"));  // too short to cut
    EXPECT_EQ(core::StemRussian("abc1"), "abc1");
}

}  // namespace
