#include <gtest/gtest.h>

#include "core/route.h"

using core::ParseHash;
using core::Screen;

TEST(Route, ParsesHashRoutes) {
    EXPECT_EQ(ParseHash("#/catalog"), Screen::Catalog);
    EXPECT_EQ(ParseHash("#/applications"), Screen::Applications);
    EXPECT_EQ(ParseHash("#/rooms"), Screen::Rooms);
    EXPECT_EQ(ParseHash("#/notifications"), Screen::Notifications);
    EXPECT_EQ(ParseHash("#/profile"), Screen::Profile);
    EXPECT_EQ(ParseHash("#/login"), Screen::Login);
}

TEST(Route, EmptyAndRootGoToTheCatalog) {
    EXPECT_EQ(ParseHash(""), Screen::Catalog);
    EXPECT_EQ(ParseHash("#"), Screen::Catalog);
    EXPECT_EQ(ParseHash("#/"), Screen::Catalog);
}

TEST(Route, ToleratesTrailingSlashAndQuery) {
    EXPECT_EQ(ParseHash("#/profile/"), Screen::Profile);
    EXPECT_EQ(ParseHash("#/rooms?id=5"), Screen::Rooms);
    EXPECT_EQ(ParseHash("/login"), Screen::Login);
}

TEST(Route, UnknownIsNotFound) {
    EXPECT_EQ(ParseHash("#/nope"), Screen::NotFound);
    EXPECT_EQ(ParseHash("#/catalog/../../etc"), Screen::NotFound);
    EXPECT_EQ(ParseHash(std::string(10000, 'x')), Screen::NotFound);
}

TEST(Route, HashRoundTripsForEveryScreen) {
    int count = 0;
    const core::ScreenInfo* all = core::AllScreens(&count);
    ASSERT_GE(count, 6);
    for (int i = 0; i < count; i++) EXPECT_EQ(ParseHash(core::HashFor(all[i].screen)), all[i].screen) << all[i].path;
}

TEST(Route, ParametersAndSearchQueries) {
    core::Route r = core::ParseRoute("#/catalog/service/passports-1-1");
    EXPECT_EQ(r.screen, core::Screen::CatalogService);
    EXPECT_EQ(r.param, "passports-1-1");
    r = core::ParseRoute(core::HashFor(core::Screen::Catalog, "загран паспорт"));
    EXPECT_EQ(r.screen, core::Screen::Catalog);
    EXPECT_EQ(r.param, "загран паспорт");
    EXPECT_EQ(core::HashFor(core::Screen::Catalog, "a b"), "#/catalog?q=a%20b");
    r = core::ParseRoute("#/catalog/section/health");
    EXPECT_EQ(r.screen, core::Screen::CatalogSection);
    EXPECT_EQ(r.param, "health");
    EXPECT_EQ(core::ParseRoute("#/catalog/service/a/b").screen, core::Screen::NotFound);
    EXPECT_EQ(core::ParseRoute("#/forms/ZP-10").param, "ZP-10");
    EXPECT_EQ(core::ParseRoute("#/catalog/all").screen, core::Screen::CatalogAll);
    EXPECT_EQ(core::PercentDecode("%D0%B0%zz"), "а%zz");
}
