// «Мои заявления»: search, status filter and sort over the person's list, including a list with
// junk in it from a hostile backend.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/application_list.h"

using core::ApplicationFilter;
using core::ApplicationSort;
using nlohmann::json;

namespace {

json App(const std::string& number, const std::string& title, const std::string& status, double created, double expected = 0) {
    return {{"number", number}, {"title", title}, {"status", status}, {"created_at", created}, {"expected_at", expected}, {"agency", "МВД России"}};
}

const json kList = json::array({
    App("7K3M-9P2Q", "Оформление загранпаспорта нового образца", "in_progress", 100, 500),
    App("AB12-CD34", "Ежемесячная выплата на ребёнка", "needs_info", 200, 300),
    App("ZX98-YW76", "Регистрация по месту жительства", "done", 300),
    "junk",
    App("QQ11-RR22", "Налоговый вычет", "accepted", 50, 400),
});

std::vector<std::string> Numbers(const ApplicationFilter& f) {
    std::vector<std::string> out;
    for (size_t i : core::FilterApplications(kList, f)) out.push_back(kList[i]["number"]);
    return out;
}

}  // namespace

TEST(ApplicationList, NewestFirstByDefaultAndJunkSkipped) {
    EXPECT_EQ(Numbers({}), (std::vector<std::string>{"ZX98-YW76", "AB12-CD34", "7K3M-9P2Q", "QQ11-RR22"}));
    EXPECT_TRUE(core::FilterApplications(json("not a list"), {}).empty());
}

TEST(ApplicationList, SearchByNumberServiceOrAgencyIgnoringCaseAndYo) {
    ApplicationFilter f;
    f.query = "7k3m-9p2q";
    EXPECT_EQ(Numbers(f), std::vector<std::string>{"7K3M-9P2Q"});
    f.query = "7K3M9P2Q";
    EXPECT_EQ(Numbers(f), std::vector<std::string>{"7K3M-9P2Q"}) << "the number without dashes";
    f.query = "РЕБЕНКА выплата";
    EXPECT_EQ(Numbers(f), std::vector<std::string>{"AB12-CD34"}) << "ё = е, any order, any case";
    f.query = "мвд";
    EXPECT_EQ(Numbers(f).size(), 4u);
    f.query = "паспорт вычет";
    EXPECT_TRUE(Numbers(f).empty()) << "every word must match";
    f.query = std::string(10000, 'a');
    EXPECT_TRUE(Numbers(f).empty());
}

TEST(ApplicationList, StatusFilterAndSorts) {
    ApplicationFilter f;
    f.status = "done";
    EXPECT_EQ(Numbers(f), std::vector<std::string>{"ZX98-YW76"});
    f.status = "cancelled";
    EXPECT_TRUE(Numbers(f).empty());
    f.status.clear();
    f.sort = ApplicationSort::Oldest;
    EXPECT_EQ(Numbers(f), (std::vector<std::string>{"QQ11-RR22", "7K3M-9P2Q", "AB12-CD34", "ZX98-YW76"}));
    f.sort = ApplicationSort::ExpectedSoonest;
    EXPECT_EQ(Numbers(f), (std::vector<std::string>{"AB12-CD34", "QQ11-RR22", "7K3M-9P2Q", "ZX98-YW76"})) << "ended ones last";
    f.sort = ApplicationSort::NeedsMeFirst;
    EXPECT_EQ(Numbers(f), (std::vector<std::string>{"AB12-CD34", "7K3M-9P2Q", "QQ11-RR22", "ZX98-YW76"}));
    f.query = "регистрация";
    EXPECT_EQ(Numbers(f), std::vector<std::string>{"ZX98-YW76"});
}
