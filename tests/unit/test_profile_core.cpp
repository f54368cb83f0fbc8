#include <gtest/gtest.h>

#include "russian_text.h"

#include "core/dates.h"
#include "core/identifiers.h"
#include "core/profile_fields.h"

using nlohmann::json;

TEST(Identifiers, Inn) {
    for (const char* ok : {"7707083893", "500100732259", "770708389187", "771234567859", "7830002293"})
        EXPECT_TRUE(core::InnValid(ok)) << ok;
    for (const char* bad : {"7707083894", "500100732258", "77070838918", "", "abcdefghij", "7712345678591"})
        EXPECT_FALSE(core::InnValid(bad)) << bad;
}

TEST(Identifiers, BankAccountAgainstBik) {
    EXPECT_TRUE(core::AccountMatchesBik("40817810938160925982", "044525225"));
    EXPECT_TRUE(core::AccountMatchesBik("40817810538160925984", "044525225"));
    EXPECT_FALSE(core::AccountMatchesBik("40817810938160925983", "044525225"));
    EXPECT_FALSE(core::AccountMatchesBik("40817810938160925982", "044525226"));
    EXPECT_FALSE(core::AccountMatchesBik("4081781093816092598", "044525225"));
    EXPECT_FALSE(core::BikValid("144525225"));
}

TEST(Identifiers, PassportAndDivision) {
    EXPECT_TRUE(core::PassportSeriesValid(core::NormalizeDigits("45 10")));
    EXPECT_FALSE(core::PassportSeriesValid("451"));
    EXPECT_TRUE(core::PassportNumberValid("123456"));
    EXPECT_FALSE(core::PassportNumberValid("000000"));
    EXPECT_TRUE(core::DivisionCodeValid("772-015"));
    EXPECT_FALSE(core::DivisionCodeValid("772015"));
    EXPECT_EQ(core::NormalizeDigits("112-233-445 95"), "11223344595");
    EXPECT_EQ(core::NormalizeDigits("12a4"), "12a4");
}

TEST(Dates, ParseAndFormat) {
    core::Date d = core::ParseRussianDate("15.03.1990");
    ASSERT_TRUE(d.valid());
    EXPECT_EQ(core::ToIso(d), "1990-03-15");
    EXPECT_TRUE(core::ParseRussianDate("29.02.2024").valid());
    EXPECT_FALSE(core::ParseRussianDate("29.02.2023").valid());
    EXPECT_FALSE(core::ParseRussianDate("31.04.2020").valid());
    EXPECT_FALSE(core::ParseRussianDate("1990-03-15").valid());
    EXPECT_FALSE(core::ParseRussianDate("15.03.90").valid());
    EXPECT_EQ(core::IsoToRussian("2005-05-20"), "20.05.2005");
    EXPECT_EQ(core::IsoToRussian(""), "");
    EXPECT_EQ(core::YearsBetween(core::ParseIsoDate("2000-05-20"), core::ParseIsoDate("2014-05-19")), 13);
    EXPECT_EQ(core::YearsBetween(core::ParseIsoDate("2000-05-20"), core::ParseIsoDate("2014-05-20")), 14);
}

TEST(ProfileFields, ValidationMessagesSayHowToFix) {
    json doc = {{"birth_date", "1990-03-15"}, {"bank", {{"bik", "044525225"}}}};
    // The profile checks through the forms' field types: the same key for the same mistake.
    auto check = [&](const char* path, const char* text) { return core::ValidateProfileText(*core::FindProfileField(path), text, doc).key; };
    EXPECT_EQ(check("snils", "112-233-445 95"), "");
    EXPECT_EQ(check("snils", "112-233-445 96"), "field.snils.checksum");
    EXPECT_EQ(check("birth_date", "15.03.1990"), "");
    EXPECT_EQ(check("birth_date", "31.02.1990"), "field.date.format");
    EXPECT_EQ(check("birth_date", "01.01.2099"), "field.date.future");
    EXPECT_EQ(check("birth_date", "01.01.2020"), "field.date.min_age");
    EXPECT_EQ(check("passport.issued_at", "01.01.2000"), "field.date.after_birthday");
    EXPECT_EQ(check("passport.issued_at", "20.03.2004"), "");
    EXPECT_EQ(check("bank.account", "40817810938160925982"), "");
    EXPECT_EQ(check("bank.account", "40817810938160925983"), "field.account.bik_mismatch");
    EXPECT_EQ(check("phone", "8 900 123 45 67"), "");
    EXPECT_EQ(check("inn", "7707083893"), "field.digits_length") << "an organisation's ИНН is not a person's";
    EXPECT_EQ(check("passport.series", "00 10"), "field.passport.zero_region");
    core::Message required = core::ValidateProfileText(*core::FindProfileField("last_name"), "", doc);
    EXPECT_EQ(required.key, "field.required");
    EXPECT_EQ(check("first_name", "Ivan<script>"), "field.text.letters");
    EXPECT_EQ(check("middle_name", ""), "") << "optional";
}

TEST(ProfileFields, StoredValuesAreNormalised) {
    EXPECT_EQ(core::StoredValue(*core::FindProfileField("birth_date"), " 15.03.1990 "), "1990-03-15");
    EXPECT_EQ(core::StoredValue(*core::FindProfileField("snils"), "112-233-445 95"), "11223344595");
    EXPECT_EQ(core::StoredValue(*core::FindProfileField("phone"), "8 (900) 123-45-67"), "+79001234567");
    EXPECT_EQ(core::StoredValue(*core::FindProfileField("email"), "A@B.RU"), "a@b.ru");
}

TEST(ProfileFields, DiffListsChangedFieldsInDisplayForm) {
    RussianCatalogScope russian;
    json a = {{"last_name", "Иванов"}, {"birth_date", "1985-04-12"}, {"passport", {{"series", "4510"}}},
              {"family", json::array({{{"relation", "child"}, {"last_name", "Иванов"}, {"first_name", "Алексей"}, {"birth_date", "2014-02-17"}}})}};
    json b = a;
    b["birth_date"] = "1985-04-13";
    b["passport"]["series"] = "4511";
    b["family"] = json::array();
    auto changes = core::DiffProfiles(a, b);
    ASSERT_EQ(changes.size(), 3u);
    EXPECT_EQ(changes[0].label, "Основные данные — Дата рождения");
    EXPECT_EQ(changes[0].before, "12.04.1985");
    EXPECT_EQ(changes[0].after, "13.04.1985");
    EXPECT_EQ(changes[1].label, "Паспорт РФ — Серия");
    EXPECT_EQ(changes[2].label, "Семья");
    EXPECT_EQ(changes[2].before, "Ребёнок: Иванов Алексей, 17.02.2014");
    EXPECT_EQ(changes[2].after, "—");
    EXPECT_TRUE(core::DiffProfiles(a, a).empty());
}

TEST(ProfileFields, PathsReadAndWriteNestedValues) {
    json doc = json::object();
    core::SetPath(doc, "passport.series", "4510");
    core::SetPath(doc, "last_name", "Петров");
    EXPECT_EQ(core::GetPath(doc, "passport.series"), "4510");
    EXPECT_EQ(core::GetPath(doc, "passport.number"), "");
    EXPECT_EQ(core::GetPath(doc, "nope.deeper"), "");
    EXPECT_EQ(doc["last_name"], "Петров");
}

// УИН (SPEC §6). Worked by hand: 1234567890123456789 with weights 1…10, 1…9 gives
// 2 × (1·1 + 2·2 + … + 9·9) = 570 ≡ 9 (mod 11). The other vectors cover each branch of the rule
// (first pass; remainder 10 then weights from 3; 10 twice → 0), for 20 and 25 digits, and were
// computed with the reference backend's separate implementation.
TEST(Identifiers, UinControlDigit) {
    EXPECT_EQ(core::UinControlDigit("1234567890123456789"), 9);
    EXPECT_TRUE(core::UinValid("12345678901234567899"));
    for (const char* good : {"52601815908301661312", "91186252760189555972", "73167232686563551500", "8431128752387619811634856",
                             "8959421698945976321256926", "5160921872719144181406050"}) {
        EXPECT_TRUE(core::UinValid(good)) << good;
        std::string bad = good;
        bad.back() = (char)('0' + (bad.back() - '0' + 1) % 10);
        EXPECT_FALSE(core::UinValid(bad)) << bad;
        std::string swapped = good;
        std::swap(swapped[3], swapped[4]);
        if (swapped != good) {
            EXPECT_FALSE(core::UinValid(swapped)) << "two digits swapped: " << swapped;
        }
    }
    for (const char* wrong : {"", "1234567890123456789", "123456789012345678901", "1234567890123456789a", "1234567890 123456789"})
        EXPECT_FALSE(core::UinValid(wrong)) << wrong;
    EXPECT_EQ(core::UinControlDigit("12345"), -1);
}
