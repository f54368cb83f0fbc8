#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/a11y_tree.h"

using core::AccessibleName;

TEST(A11yTree, AccessibleNameDropsImGuiIdsAndIcons) {
    EXPECT_EQ(AccessibleName("Войти##header"), "Войти");
    EXPECT_EQ(AccessibleName("##hidden"), "");
    EXPECT_EQ(AccessibleName("###stable"), "");
    EXPECT_EQ(AccessibleName(u8"\uf090  Войти##x"), "Войти");   // icon from the private use area
    EXPECT_EQ(AccessibleName("  Профиль  "), "Профиль");
    EXPECT_EQ(AccessibleName("Налоги — и ₽ №5"), "Налоги — и ₽ №5");
    EXPECT_EQ(AccessibleName(nullptr), "");
}

TEST(A11yTree, SerializesToValidJsonWithEscapes) {
    std::vector<core::A11yNode> nodes(2);
    nodes[0].id = 7;
    nodes[0].role = core::A11yRole::TextBox;
    nodes[0].name = "Имя \"в кавычках\"\n\\";
    nodes[0].value = "x\ty";
    nodes[0].description = "Ошибка";
    nodes[0].state = core::A11yState_Invalid | core::A11yState_Required;
    nodes[0].x = 10.4f; nodes[0].y = 20.6f; nodes[0].w = 100; nodes[0].h = 40;
    nodes[1].id = 8;
    nodes[1].role = core::A11yRole::Heading;
    nodes[1].level = 2;
    nodes[1].name = std::string("ctl\x01", 4);
    auto doc = nlohmann::json::parse(core::SerializeA11y(nodes));
    ASSERT_EQ(doc.size(), 2u);
    EXPECT_EQ(doc[0]["role"], "textbox");
    EXPECT_EQ(doc[0]["name"], "Имя \"в кавычках\"\n\\");
    EXPECT_EQ(doc[0]["value"], "x\ty");
    EXPECT_EQ(doc[0]["desc"], "Ошибка");
    EXPECT_EQ(doc[0]["x"], 10);
    EXPECT_EQ(doc[0]["y"], 21);
    EXPECT_EQ(doc[0]["state"], core::A11yState_Invalid | core::A11yState_Required);
    EXPECT_EQ(doc[1]["role"], "heading");
    EXPECT_EQ(doc[1]["level"], 2);
    EXPECT_EQ(doc[1]["name"], std::string("ctl\x01", 4));
    EXPECT_FALSE(doc[1].contains("value"));
}

TEST(A11yTree, SubPixelJitterDoesNotChangeTheSerialization) {
    std::vector<core::A11yNode> a(1), b(1);
    a[0].name = b[0].name = "Войти";
    a[0].x = 100.1f;
    b[0].x = 100.3f;
    EXPECT_EQ(core::SerializeA11y(a), core::SerializeA11y(b));
    b[0].state = core::A11yState_Focused;
    EXPECT_NE(core::SerializeA11y(a), core::SerializeA11y(b));
}

TEST(A11yTree, RoleNamesAreAria) {
    EXPECT_STREQ(core::RoleName(core::A11yRole::Button), "button");
    EXPECT_STREQ(core::RoleName(core::A11yRole::Link), "link");
    EXPECT_STREQ(core::RoleName(core::A11yRole::CheckBox), "checkbox");
    EXPECT_STREQ(core::RoleName(core::A11yRole::Tab), "tab");
    EXPECT_STREQ(core::RoleName(core::A11yRole::Alert), "alert");
}
