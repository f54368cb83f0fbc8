// The kiosk's on-screen keyboard as data (core/osk.h): the layout a field's type asks for, and
// what each layout offers.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/osk.h"

namespace {

using core::OskAction;
using core::OskLayout;
using core::forms::InputMode;

std::set<std::string> Typed(OskLayout layout, bool shift = false) {
    std::set<std::string> out;
    for (const auto& row : core::OskRows(layout, shift))
        for (const auto& k : row)
            if (k.action == OskAction::Text) out.insert(k.text);
    return out;
}

bool Has(OskLayout layout, OskAction action) {
    for (const auto& row : core::OskRows(layout, false))
        for (const auto& k : row)
            if (k.action == action) return true;
    return false;
}

TEST(Osk, EachFieldTypeOpensTheLayoutItAsksFor) {
    EXPECT_EQ(core::OskLayoutFor(InputMode::Digits, core::Language::Russian), OskLayout::Digits);   // СНИЛС, ИНН, индекс
    EXPECT_EQ(core::OskLayoutFor(InputMode::Decimal, core::Language::Russian), OskLayout::Digits);
    EXPECT_EQ(core::OskLayoutFor(InputMode::Phone, core::Language::English), OskLayout::Phone);
    EXPECT_EQ(core::OskLayoutFor(InputMode::Email, core::Language::Russian), OskLayout::Latin);
    EXPECT_EQ(core::OskLayoutFor(InputMode::Text, core::Language::Russian), OskLayout::Cyrillic);
    EXPECT_EQ(core::OskLayoutFor(InputMode::Text, core::Language::English), OskLayout::Latin);
}

TEST(Osk, LayoutsHaveTheirCharactersAndAWayBack) {
    std::set<std::string> ru = Typed(OskLayout::Cyrillic), en = Typed(OskLayout::Latin), digits = Typed(OskLayout::Digits),
                          phone = Typed(OskLayout::Phone);
    // ЙЦУКЕН with ё and ъ: 33 letters and the ten digits.
    for (const char* c : {"й", "ц", "у", "к", "е", "н", "ё", "ъ", "я", "0", "9"}) EXPECT_TRUE(ru.count(c)) << c;
    for (const char* c : {"q", "w", "z", "@", ".", "_"}) EXPECT_TRUE(en.count(c)) << c;
    EXPECT_TRUE(phone.count("+"));
    EXPECT_EQ(digits.count("й"), 0u);
    EXPECT_EQ(digits.size(), 11u);  // 0–9 and the decimal comma
    EXPECT_TRUE(Typed(OskLayout::Cyrillic, true).count("Ё"));
    EXPECT_TRUE(Typed(OskLayout::Latin, true).count("Q"));
    // Every layout can erase, confirm, put the keyboard away and switch to another layout.
    for (OskLayout l : {OskLayout::Cyrillic, OskLayout::Latin, OskLayout::Digits, OskLayout::Phone, OskLayout::Symbols}) {
        EXPECT_TRUE(Has(l, OskAction::Backspace));
        EXPECT_TRUE(Has(l, OskAction::Enter));
        EXPECT_TRUE(Has(l, OskAction::Hide));
        EXPECT_TRUE(Has(l, OskAction::Layout));
    }
}

}  // namespace
