#include <gtest/gtest.h>

#include "core/strings.h"

TEST(Strings, FlattensNestedObjects) {
    core::StringCatalog c;
    std::string err;
    ASSERT_TRUE(c.LoadJson(R"({"nav": {"catalog": "Каталог услуг", "deep": {"x": "y"}}, "top": "верх"})", &err)) << err;
    EXPECT_STREQ(c.Get("nav.catalog"), "Каталог услуг");
    EXPECT_STREQ(c.Get("nav.deep.x"), "y");
    EXPECT_STREQ(c.Get("top"), "верх");
    EXPECT_EQ(c.Size(), 3u);
}

TEST(Strings, MissingKeyShowsTheKey) {
    core::StringCatalog c;
    ASSERT_TRUE(c.LoadJson("{}", nullptr));
    EXPECT_STREQ(c.Get("no.such.key"), "no.such.key");
}

TEST(Strings, MalformedJsonKeepsTheOldCatalog) {
    core::StringCatalog c;
    ASSERT_TRUE(c.LoadJson(R"({"a": "b"})", nullptr));
    std::string err;
    EXPECT_FALSE(c.LoadJson(R"({"a": "b")", &err));
    EXPECT_FALSE(err.empty());
    EXPECT_FALSE(c.LoadJson("[1,2]", &err));
    EXPECT_STREQ(c.Get("a"), "b");
}

TEST(Strings, EmbeddedRussianCatalogHasTheNavigation) {
    core::StringCatalog c;
    std::string err;
    ASSERT_TRUE(c.LoadJson(core::EmbeddedRussianCatalog(), &err)) << err;
    EXPECT_STREQ(c.Get("nav.catalog"), "Каталог услуг");
    EXPECT_STREQ(c.Get("nav.applications"), "Мои заявления");
    EXPECT_STREQ(c.Get("nav.rooms"), "Совместные решения");
    EXPECT_STREQ(c.Get("nav.notifications"), "Уведомления");
    EXPECT_STREQ(c.Get("nav.profile"), "Профиль");
    EXPECT_GT(c.Size(), 30u);
}
