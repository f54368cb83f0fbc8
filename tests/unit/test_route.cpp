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
