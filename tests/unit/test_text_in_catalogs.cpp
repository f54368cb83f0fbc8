// Every text a person reads is a catalog key (issue 10): no Cyrillic string literal in src/
// outside the catalogs, every key the code names exists in both languages, and dates are
// written the reader's way.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/dates.h"
#include "core/strings.h"

namespace {

namespace fs = std::filesystem;

// String and character literals of C++ source, comments left out (raw strings included).
std::vector<std::pair<int, std::string>> Literals(const std::string& s) {
    std::vector<std::pair<int, std::string>> out;
    int line = 1;
    for (size_t i = 0; i < s.size();) {
        char c = s[i];
        if (c == '\n') { line++; i++; continue; }
        if (s.compare(i, 2, "//") == 0) { while (i < s.size() && s[i] != '\n') i++; continue; }
        if (s.compare(i, 2, "/*") == 0) {
            size_t end = s.find("*/", i + 2);
            end = end == std::string::npos ? s.size() : end + 2;
            for (size_t k = i; k < end; k++) line += s[k] == '\n';
            i = end;
            continue;
        }
        if (c == '"' && i > 0 && s[i - 1] == 'R') {
            size_t open = s.find('(', i);
            std::string close = ")" + s.substr(i + 1, open - i - 1) + "\"";
            size_t end = s.find(close, open);
            end = end == std::string::npos ? s.size() : end + close.size();
            out.push_back({line, s.substr(i, end - i)});
            for (size_t k = i; k < end; k++) line += s[k] == '\n';
            i = end;
            continue;
        }
        if (c == '"' || c == '\'') {
            size_t j = i + 1;
            while (j < s.size() && s[j] != c && s[j] != '\n') j += s[j] == '\\' ? 2 : 1;
            out.push_back({line, s.substr(i, j + 1 - i)});
            i = j + 1;
            continue;
        }
        i++;
    }
    return out;
}

// U+0400..U+04FF in UTF-8: a lead byte 0xD0..0xD3 and a continuation byte.
bool HasCyrillic(const std::string& s) {
    for (size_t i = 0; i + 1 < s.size(); i++) {
        unsigned char a = (unsigned char)s[i], b = (unsigned char)s[i + 1];
        if (a >= 0xD0 && a <= 0xD3 && (b & 0xC0) == 0x80) return true;
    }
    return false;
}

std::string ReadFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<fs::path> SourceFiles() {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(fs::path(LK_SOURCE_DIR) / "src")) {
        std::string ext = e.path().extension().string();
        if (e.is_regular_file() && (ext == ".cpp" || ext == ".h" || ext == ".in")) out.push_back(e.path());
    }
    return out;
}

TEST(TextInCatalogs, TheScannerSeesLiteralsAndSkipsComments) {
    // The check below must be able to fail: a Russian literal is found, a Russian comment is not.
    auto lits = Literals("// Каталог\nint a; /* Услуги */ const char* s = \"Войти\"; char c = 'x';\nauto r = R\"(Да)\";");
    ASSERT_EQ(lits.size(), 3u);
    EXPECT_TRUE(HasCyrillic(lits[0].second));
    EXPECT_EQ(lits[0].first, 2);
    EXPECT_FALSE(HasCyrillic(lits[1].second));
    EXPECT_TRUE(HasCyrillic(lits[2].second));
    EXPECT_FALSE(HasCyrillic("\"Sign in — «quotes» №\""));
}

TEST(TextInCatalogs, NoCyrillicLiteralInSrcOutsideTheCatalogs) {
    // The exceptions are language data, not messages: the search's Russian stemmer strips these
    // endings («паспорта» → «паспорт»), and the kiosk's keyboard has the ЙЦУКЕН letters on its keys
    // (a key's spoken name is a catalog key, core::OskKeyNameKey).
    const std::set<std::string> language_data = {"core/search.cpp", "core/osk.cpp"};
    int files = 0;
    for (const fs::path& p : SourceFiles()) {
        std::string rel = fs::relative(p, fs::path(LK_SOURCE_DIR) / "src").generic_string();
        files++;
        for (const auto& [line, lit] : Literals(ReadFile(p)))
            if (HasCyrillic(lit) && !language_data.count(rel))
                ADD_FAILURE() << "src/" << rel << ":" << line << ": " << lit << " — put it in assets/lang/*.json";
    }
    EXPECT_GT(files, 50) << "the walk must see the sources";
}

TEST(TextInCatalogs, EveryKeyTheCodeNamesIsInBothLanguages) {
    auto flatten = [](const nlohmann::json& doc) {
        std::set<std::string> keys;
        std::function<void(const nlohmann::json&, const std::string&)> walk = [&](const nlohmann::json& n, const std::string& p) {
            for (auto it = n.begin(); it != n.end(); ++it) {
                std::string k = p.empty() ? it.key() : p + "." + it.key();
                bool plural = it->is_object() && (it->contains("one") || it->contains("other"));
                if (it->is_object() && !plural) walk(*it, k);
                else keys.insert(k);
            }
        };
        walk(doc, "");
        return keys;
    };
    std::set<std::string> ru = flatten(nlohmann::json::parse(core::EmbeddedRussianCatalog()));
    std::set<std::string> en = flatten(nlohmann::json::parse(core::EmbeddedEnglishCatalog()));
    // Tr("a.b"), TrN("a.b", n), Msg("a.b"), MsgN(...), Arg::Key("x", "a.b"), and keys in tables
    // (profile fields, field types' examples): a whole literal of the key's shape.
    static const std::regex call(R"re((?:Tr|TrN|Msg|MsgN|Key|ExampleKey\(\) const override \{ return)\s*\(?\s*(?:"[a-z_]+",\s*)?"([a-z_]+\.[a-z0-9_.]+)"\s*[,)};])re");
    static const std::regex table(R"re("((?:profile|field|form|register|login|catalog|errors|file|password|format)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)")re");
    int found = 0;
    for (const fs::path& p : SourceFiles()) {
        std::string text = ReadFile(p);
        for (const std::regex* re : {&call, &table})
            for (std::sregex_iterator it(text.begin(), text.end(), *re), end; it != end; ++it) {
                std::string key = (*it)[1];
                if (key.find('.') == std::string::npos || key.back() == '.' || key.back() == '_') continue;  // a prefix
                if (key.size() > 4 && (key.compare(key.size() - 4, 4, ".cpp") == 0 || key.compare(key.size() - 2, 2, ".h") == 0)) continue;
                found++;
                EXPECT_TRUE(ru.count(key)) << p.filename() << ": " << key << " is missing in ru_RU.json";
                EXPECT_TRUE(en.count(key)) << p.filename() << ": " << key << " is missing in en_US.json";
            }
    }
    EXPECT_GT(found, 300) << "the scan must find the keys the code uses";
}

TEST(TextInCatalogs, DatesAreWrittenTheReadersWay) {
    core::StringCatalog ru, en;
    ASSERT_TRUE(ru.LoadJson(core::EmbeddedRussianCatalog(), nullptr));
    ASSERT_TRUE(en.LoadJson(core::EmbeddedEnglishCatalog(), nullptr));
    en.SetLang(core::Language::English);
    core::Date d{1990, 3, 5};
    core::SetCurrentCatalog(&ru);
    EXPECT_EQ(core::FormatDate(d), "05.03.1990");
    std::string ts = core::FormatTimestamp(0);
    EXPECT_TRUE(std::regex_match(ts, std::regex(R"(\d\d\.\d\d\.19(69|70) \d\d:\d\d)"))) << ts;
    core::SetCurrentCatalog(&en, &ru);
    EXPECT_EQ(core::FormatDate(d), "5 March 1990");
    ts = core::FormatTimestamp(0);
    EXPECT_TRUE(std::regex_match(ts, std::regex(R"(\d\d? (December|January) 19(69|70), \d\d:\d\d)"))) << ts;
    // A message keeps its key: a language switch re-words what is already on screen.
    core::Message m = core::MsgN("field.date.min_age", 14);
    core::SetCurrentCatalog(&ru);
    EXPECT_EQ(m.Text(), "Возраст должен быть не меньше 14 лет");
    core::SetCurrentCatalog(&en, &ru);
    EXPECT_EQ(m.Text(), "Must be at least 14 years old");
    core::Message label = core::Msg("field.required", {core::Arg::Key("label", "profile.field.last_name")});
    EXPECT_EQ(label.Text(), "Fill in “Surname”");
    core::SetCurrentCatalog(&ru);
    EXPECT_EQ(label.Text(), "Заполните поле «Фамилия»");
    core::SetCurrentCatalog(nullptr);
}

}  // namespace
