// core::Pattern, the forms' "pattern" rule, against std::regex (ECMAScript, byte-wise) as the
// oracle — on native only, where std::regex costs nothing that is downloaded: the five patterns
// the reference forms use and others of the same syntax, each over values that should and should
// not match; what is outside the supported syntax is refused, and a pathological pattern gives up.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "core/pattern.h"

namespace {

const std::vector<std::string> kPatterns = {
    "^[0-9]{16}$",
    "^[A-HJ-NPR-Z0-9]{17}$",
    "^[0-9]{15}$",
    "^([A-Z]|[\\xD0-\\xD1][\\x80-\\xBF]){3} [0-9]{10}$",
    "^[0-9]{2}(\\.[0-9]{1,2}){0,2}$",
    "^\\d{3}-\\d{3}-\\d{3} \\d{2}$",
    "[a-z]+@[a-z]+\\.(ru|com)",
    "^(?:ab|a)c$",
    "^a*b?c+$",
    "^[^0-9]{2,}$",
    "^\\w+\\s\\w+$",
    "^(a|b)*abb$",
    "^x{2,4}y{0,1}$",
    "^[-a-c]+$",
    "^[a\\-c]+$",
    "^.{3}$",
    "^\\(\\d+\\)$",
    "^(ab){2}$",
    "^()*a$",
};

const std::vector<std::string> kTexts = {
    "", "1234567890123456", "123456789012345", "12345678901234567", "1HGCM82633A004352", "1HGCM82633A00435I",
    "ХХХ 0123456789", "ABC 0123456789", "AБC 0123456789", "ХХ 0123456789", "47.91", "62.01.1", "62.01.12.3", "6", "47.", "123-456-789 01",
    "ivan@mail.ru", "ivan@mail.org", "Ivan@mail.ru", "ac", "abc", "aac", "c", "bcc", "abcc", "abb", "aababb", "ab", "xx", "xxxxy", "xxxxx",
    "a-c", "abc-", "a\nb", "(123)", "()", "abab", "ababab", "a", "hello world", "hello  world", "Петров", "__",
};

TEST(Pattern, AgreesWithStdRegexOnTheFormsPatternsAndMore) {
    int compared = 0;
    for (const std::string& p : kPatterns) {
        core::Pattern ours;
        ASSERT_TRUE(ours.Compile(p)) << p;
        std::regex oracle(p);
        for (const std::string& t : kTexts) {
            EXPECT_EQ(ours.FullMatch(t), std::regex_match(t, oracle)) << "pattern " << p << " on «" << t << "»";
            compared++;
        }
    }
    EXPECT_EQ(compared, (int)(kPatterns.size() * kTexts.size()));
}

TEST(Pattern, TheRulesOfTheReferenceForms) {
    core::Pattern vin, policy, okved;
    ASSERT_TRUE(vin.Compile("^[A-HJ-NPR-Z0-9]{17}$"));
    EXPECT_TRUE(vin.FullMatch("1HGCM82633A004352"));
    EXPECT_FALSE(vin.FullMatch("1HGCM82633A00435O")) << "no O in a VIN";
    ASSERT_TRUE(policy.Compile("^([A-Z]|[\\xD0-\\xD1][\\x80-\\xBF]){3} [0-9]{10}$"));
    EXPECT_TRUE(policy.FullMatch("ХХХ 0123456789"));
    EXPECT_FALSE(policy.FullMatch("ХХХ 012345678"));
    ASSERT_TRUE(okved.Compile("^[0-9]{2}(\\.[0-9]{1,2}){0,2}$"));
    EXPECT_TRUE(okved.FullMatch("62.01.1"));
    EXPECT_FALSE(okved.FullMatch("62..1"));
}

TEST(Pattern, WhatIsNotSupportedIsABrokenRule) {
    for (const char* p : {"(a", "a)", "[abc", "a{2", "a{3,2}", "*a", "a**", "a+?", "(?=a)", "(?<n>a)", "\\1", "\\b", "a{99999}", "^*", "[z-a]",
                          "\\x4"}) {
        core::Pattern bad;
        EXPECT_FALSE(bad.Compile(p)) << p;
        EXPECT_FALSE(bad.FullMatch("a")) << "a pattern that did not compile matches nothing";
    }
}

TEST(Pattern, APathologicalPatternGivesUpInsteadOfHanging) {
    core::Pattern p;
    ASSERT_TRUE(p.Compile("^(a+)+b$"));
    EXPECT_FALSE(p.FullMatch(std::string(40, 'a')));  // 2^40 ways without the step budget
    EXPECT_TRUE(p.FullMatch("aaab"));
}

}  // namespace
