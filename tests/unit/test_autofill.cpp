// Autofill from the profile and saving new answers back (SPEC §4), on the real P-01 form shape.
#include <gtest/gtest.h>

#include "core/forms/autofill.h"

using nlohmann::json;
namespace f = core::forms;

namespace {

f::FormSchema Schema() {
    json doc = {{"code", "T"}, {"steps", json::array({{{"id", "a"}, {"title", "A"}, {"sections", json::array({{{"title", "S"}, {"fields", json::array({
        {{"id", "last_name"}, {"type", "text"}, {"label", "Фамилия"}, {"required", true}, {"profile", "last_name"}},
        {{"id", "birth_date"}, {"type", "date"}, {"label", "Дата рождения"}, {"profile", "birth_date"}},
        {{"id", "snils"}, {"type", "snils"}, {"label", "СНИЛС"}, {"profile", "snils"}},
        {{"id", "passport"}, {"type", "passport"}, {"label", "Паспорт"}, {"profile", "passport"}},
        {{"id", "issued"}, {"type", "date"}, {"label", "Дата выдачи"}, {"profile", "passport.issued_at"}},
        {{"id", "email"}, {"type", "email"}, {"label", "Почта"}, {"profile", "email"}},
        {{"id", "address"}, {"type", "address"}, {"label", "Адрес"}, {"profile", "registration_address"}},
        {{"id", "phone"}, {"type", "phone"}, {"label", "Телефон"}, {"profile", "phone"}},
        {{"id", "note"}, {"type", "text"}, {"label", "Без профиля"}}})}}})}}})}};
    f::FormSchema s;
    std::vector<core::Message> problems;
    EXPECT_TRUE(f::ParseFormSchema(doc, &s, &problems));
    return s;
}

const json kProfile = {{"last_name", "Иванов"}, {"birth_date", "1985-04-12"}, {"snils", "11223344595"}, {"email", ""},
                       {"passport", {{"series", "4510"}, {"number", "123456"}, {"issued_at", "2005-05-20"}}},
                       {"registration_address", "119034, г. Москва"}, {"phone", "+79001234567"}};
const json kVerified = json::array({"snils", "passport"});

TEST(Autofill, FillsFromTheProfileInTheFormsOwnShape) {
    EXPECT_EQ(f::ProfileValue(kProfile, "birth_date"), "12.04.1985") << "ISO dates are shown as ДД.ММ.ГГГГ";
    EXPECT_EQ(f::ProfileValue(kProfile, "passport"), "4510 123456");
    EXPECT_EQ(f::ProfileValue(kProfile, "passport.issued_at"), "20.05.2005");
    EXPECT_EQ(f::ProfileValue(kProfile, "bank.bik"), "") << "missing paths are empty";
    EXPECT_EQ(f::ProfileValue(json("not an object"), "last_name"), "");
    EXPECT_TRUE(f::IsVerified(kVerified, "passport.issued_at"));
    EXPECT_FALSE(f::IsVerified(kVerified, "passport_extra"));
    EXPECT_FALSE(f::IsVerified(kVerified, "last_name"));

    f::FormSchema s = Schema();
    json answers = json::object();
    f::AutofillResult r = f::Autofill(s, kProfile, kVerified, &answers);
    EXPECT_EQ(answers["last_name"], "Иванов");
    EXPECT_EQ(answers["issued"], "20.05.2005");
    EXPECT_EQ(r.verified, (std::set<std::string>{"snils", "passport", "issued"}));
    EXPECT_TRUE(r.filled.count("last_name"));
    EXPECT_FALSE(r.filled.count("email")) << "an empty profile value fills nothing";
    EXPECT_FALSE(answers.contains("note"));
}

TEST(Autofill, ARestoredAnswerWinsExceptForVerifiedData) {
    f::FormSchema s = Schema();
    json answers = {{"last_name", "Петров"}, {"snils", "000"}};
    f::AutofillResult r = f::Autofill(s, kProfile, kVerified, &answers);
    EXPECT_EQ(answers["last_name"], "Петров") << "what the user typed stays";
    EXPECT_FALSE(r.filled.count("last_name")) << "and is not marked «из профиля»";
    EXPECT_EQ(answers["snils"], "11223344595") << "verified data comes from the registry";
}

TEST(Autofill, NewAnswersCanBeSavedToTheProfile) {
    f::FormSchema s = Schema();
    json answers = json::object();
    f::Autofill(s, kProfile, kVerified, &answers);
    EXPECT_TRUE(f::ProfileUpdates(s, answers, kProfile, kVerified).empty()) << "nothing new";
    answers["email"] = " Ivanov@Example.RU ";
    answers["birth_date"] = "13.04.1985";
    answers["phone"] = "8 (900) 123-45-67";  // the same number, typed differently
    answers["snils"] = "112-233-445 95";
    std::vector<f::ProfileUpdate> u = f::ProfileUpdates(s, answers, kProfile, kVerified);
    ASSERT_EQ(u.size(), 2u);
    EXPECT_EQ(u[0].path, "birth_date");
    EXPECT_EQ(u[0].new_value, "1985-04-13") << "stored as ISO";
    EXPECT_EQ(u[1].path, "email");
    EXPECT_EQ(u[1].new_value, "ivanov@example.ru") << "normalised";
    answers["email"] = "не почта";
    EXPECT_EQ(f::ProfileUpdates(s, answers, kProfile, kVerified).size(), 1u) << "invalid answers are not offered";
    json updated = f::ApplyProfileUpdates(kProfile, u);
    EXPECT_EQ(updated["email"], "ivanov@example.ru");
    EXPECT_EQ(updated["birth_date"], "1985-04-13");
    EXPECT_EQ(updated["passport"]["number"], "123456") << "the rest is kept";
    json nested = f::ApplyProfileUpdates(json::object(), {{"bank.bik", "БИК", "", "044525225"}});
    EXPECT_EQ(nested["bank"]["bik"], "044525225");
}

}  // namespace
