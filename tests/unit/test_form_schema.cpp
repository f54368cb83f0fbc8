// The forms engine's model against the reference backend's eight real schemas.
#include <gtest/gtest.h>

#include "russian_text.h"

#include "core/forms/form_schema.h"
#include "platform/native/curl_transport.h"
#include "server_process.h"

using nlohmann::json;
using namespace core::forms;

namespace {

class FormSchemaTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        testing_support::ServerProcess server;
        ASSERT_TRUE(server.ok());
        for (const char* code : {"P-01", "ZP-10", "RG-01", "ZD-01", "ND-01", "SB-01", "TS-01", "BZ-10"}) {
            client::HttpRequest r;
            r.url = server.api_url() + "/forms/" + code;
            docs[code] = json::parse(native::PerformRequest(r).body, nullptr, false);
        }
    }
    static FormSchema Parse(const char* code) {
        FormSchema s;
        std::vector<core::Message> problems;
        EXPECT_TRUE(ParseFormSchema(docs[code], &s, &problems)) << code;
        EXPECT_TRUE(problems.empty()) << code << ": " << (problems.empty() ? core::Message() : problems[0]);
        return s;
    }
    static std::vector<std::string> Paths(const std::vector<FormError>& errors) {
        std::vector<std::string> p;
        for (const FormError& e : errors) p.push_back(e.path);
        return p;
    }
    static std::map<std::string, json> docs;
};
std::map<std::string, json> FormSchemaTest::docs;

TEST_F(FormSchemaTest, AllEightFormsParseWithoutProblems) {
    for (const auto& kv : docs) {
        FormSchema s = Parse(kv.first.c_str());
        EXPECT_EQ(s.code, kv.first);
        EXPECT_GE(s.steps.size(), 2u) << kv.first;
    }
}

TEST_F(FormSchemaTest, RequiredFieldsAreReportedInOrderWithMessages) {
    FormSchema s = Parse("ZP-10");
    auto errors = ValidateStep(s, 0, json::object());
    std::vector<std::string> expected = {"last_name", "first_name", "birth_date", "snils", "passport", "passport_issued_at",
                                         "passport_issued_by", "division_code"};
    EXPECT_EQ(Paths(errors), expected);
    EXPECT_EQ(RussianText(errors[0].message), "Заполните поле «Фамилия»");
    json ok = {{"last_name", "Иванов"}, {"first_name", "Иван"}, {"birth_date", "12.04.1985"}, {"snils", "112-233-445 95"},
               {"passport", "45 10 123456"}, {"passport_issued_at", "20.05.2005"}, {"passport_issued_by", "ОВД Хамовники"},
               {"division_code", "772-015"}};
    EXPECT_TRUE(ValidateStep(s, 0, ok).empty()) << ValidateStep(s, 0, ok)[0].path;
    ok["passport_issued_at"] = "20.05.1995";  // before the 14th birthday
    ok["snils"] = "112-233-445 96";
    auto e2 = ValidateStep(s, 0, ok);
    ASSERT_EQ(e2.size(), 2u);
    EXPECT_EQ(e2[0].path, "snils");
    EXPECT_EQ(e2[1].path, "passport_issued_at");
    EXPECT_EQ(RussianText(e2[1].message), "Не раньше 14-летия");
}

TEST_F(FormSchemaTest, ConditionsShowRequireAndHideFields) {
    FormSchema s = Parse("RG-01");
    json a = {{"new_address", "Москва, ул. Тверская, 1"}, {"new_postal_code", "125009"}, {"basis", "owner"}, {"ownership_doc", {{"id", "f1"}}}};
    EXPECT_TRUE(ValidateStep(s, 1, a).empty());
    a["basis"] = "relative";
    EXPECT_EQ(Paths(ValidateStep(s, 1, a)), std::vector<std::string>{"owner_consent"});
    a["owner_consent"] = {{"id", "f2"}};
    EXPECT_TRUE(ValidateStep(s, 1, a).empty());
    // Hidden answers are not submitted.
    a["basis"] = "owner";
    EXPECT_FALSE(VisibleAnswers(s, a).contains("owner_consent"));
    a["basis"] = "relative";
    EXPECT_TRUE(VisibleAnswers(s, a).contains("owner_consent"));
}

TEST_F(FormSchemaTest, RepeatableGroupsAndTheirFields) {
    FormSchema s = Parse("SB-01");
    json a = {{"married", false}, {"children", json::array()}};
    auto e = ValidateStep(s, 1, a);
    ASSERT_FALSE(e.empty());
    EXPECT_EQ(e[0].path, "children");
    a["children"] = json::array({{{"name", "Иванов Алексей"}, {"birth_date", "17.02.2014"}, {"snils", "123"}}});
    EXPECT_EQ(Paths(ValidateStep(s, 1, a)), std::vector<std::string>{"children[0].snils"});
    a["children"][0]["snils"] = "200-300-400 48";
    a["married"] = true;
    EXPECT_EQ(Paths(ValidateStep(s, 1, a)), (std::vector<std::string>{"spouse_name", "spouse_snils"}));
}

TEST_F(FormSchemaTest, MoneyNumbersSelectsAndAccountAgainstBik) {
    FormSchema s = Parse("ND-01");
    json a = {{"year", "2025"}, {"object", "flat"}, {"object_address", "Москва"}, {"cost", "4 500 000,50"}, {"mortgage", false},
              {"documents", json::array({{{"file", {{"id", "f"}}}}})}};
    EXPECT_TRUE(ValidateStep(s, 1, a).empty()) << ValidateStep(s, 1, a)[0].path;
    a["cost"] = "дорого";
    a["year"] = "1999";
    EXPECT_EQ(Paths(ValidateStep(s, 1, a)), (std::vector<std::string>{"year", "cost"}));
    json bank = {{"bik", "044525225"}, {"account", "40817810938160925983"}};
    auto e = ValidateStep(s, 2, bank);
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(e[0].path, "account");
    bank["account"] = "40817810938160925982";
    EXPECT_TRUE(ValidateStep(s, 2, bank).empty());
}

TEST_F(FormSchemaTest, PatternsFromTheSchema) {
    FormSchema s = Parse("TS-01");
    json a = {{"vin", "xtagfl110ky123456"}, {"make", "Lada"}, {"model", "Vesta"}, {"year", 2019}, {"epts", "164301012345678"},
              {"osago", "ХХХ 0123456789"}, {"contract", {{"id", "f"}}}};
    EXPECT_TRUE(ValidateStep(s, 1, a).empty()) << ValidateStep(s, 1, a)[0].message;
    a["vin"] = "XTAGFL110KY12345O";  // the letter O is not allowed in a VIN
    a["year"] = 1900;
    auto e = ValidateStep(s, 1, a);
    ASSERT_EQ(e.size(), 2u);
    EXPECT_EQ(RussianText(e[0].message), "VIN — 17 латинских букв и цифр, без I, O, Q");
}

TEST(FormSchemaParse, UnknownTypesAndBrokenRulesDoNotStopTheForm) {
    json doc = {{"code", "X"}, {"steps", json::array({{{"id", "a"}, {"title", "Шаг"}, {"sections", json::array({{{"title", "С"}, {"fields", json::array({
        {{"id", "h"}, {"type", "hologram"}, {"label", "Голограмма"}},
        {{"id", "t"}, {"type", "text"}, {"label", "Текст"}, {"required", true}, {"rules", {{"pattern", "(unclosed"}}}},
        "not an object",
        {{"id", "s"}, {"type", "snils"}, {"label", "СНИЛС"}}})}}})}}})}};
    FormSchema s;
    std::vector<core::Message> problems;
    ASSERT_TRUE(ParseFormSchema(doc, &s, &problems));
    ASSERT_EQ(s.steps[0].sections[0].fields.size(), 2u);
    EXPECT_EQ(problems.size(), 2u);
    EXPECT_EQ(problems[0].key, "form.problem_unknown_type");
    EXPECT_EQ(problems[0].args.at(2).second, "hologram");
    json a = {{"t", "что угодно"}, {"s", "11223344595"}};
    EXPECT_TRUE(ValidateStep(s, 0, a).empty()) << "a broken pattern from the backend must not block the citizen";
    EXPECT_FALSE(ParseFormSchema(json::array(), &s, &problems));
}

}  // namespace

TEST(FormRules, LettersRuleAcceptsNamesAndRefusesDigitsAndSymbols) {
    core::forms::FormField f;
    f.id = "last_name";
    f.type = "text";
    f.label = "Фамилия";
    f.rules = {{"letters", true}};
    nlohmann::json all = nlohmann::json::object();
    for (const char* ok : {"Иванов", "Салтыков-Щедрин", "Д’Артаньян", "О'Нил", "Ёлкин", "Smith", "ван дер Берг"})
        EXPECT_TRUE(core::forms::CheckAnswer(f, ok, all).empty()) << ok;
    for (const char* bad : {"Иванов2", "Иван@в", "<script>", "Пётр_1", "\xff\xfe"})
        EXPECT_EQ(core::forms::CheckAnswer(f, bad, all).key, "field.text.letters") << bad;
}
