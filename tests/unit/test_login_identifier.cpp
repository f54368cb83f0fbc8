#include <gtest/gtest.h>

#include "core/login_identifier.h"

using core::IdentifierKind;
using core::ParseLoginIdentifier;

struct IdCase {
    const char* input;
    IdentifierKind kind;
    const char* normalized;
};

TEST(LoginIdentifier, AcceptsWhatPeopleType) {
    const IdCase cases[] = {
        {"+7 900 123-45-67", IdentifierKind::Phone, "+79001234567"},
        {"8 (900) 123-45-67", IdentifierKind::Phone, "+79001234567"},
        {"89001234567", IdentifierKind::Phone, "+79001234567"},
        {"79001234567", IdentifierKind::Phone, "+79001234567"},
        {"9001234567", IdentifierKind::Phone, "+79001234567"},
        {"  +79161112233 ", IdentifierKind::Phone, "+79161112233"},
        {"Ivan.Petrov@Mail.RU", IdentifierKind::Email, "ivan.petrov@mail.ru"},
        {"a@b.ru", IdentifierKind::Email, "a@b.ru"},
        {"112-233-445 95", IdentifierKind::Snils, "11223344595"},
        {"11223344595", IdentifierKind::Snils, "11223344595"},
    };
    for (const IdCase& c : cases) {
        core::LoginIdentifier id = ParseLoginIdentifier(c.input);
        EXPECT_EQ(id.kind, c.kind) << c.input;
        EXPECT_EQ(id.normalized, c.normalized) << c.input;
    }
}

TEST(LoginIdentifier, RejectsMalformedInput) {
    const char* bad[] = {"", "   ", "12345", "+1 202 555 0101", "8 800 abc", "ivan@", "@mail.ru", "a@b", "a@@b.ru",
                         "a b@c.ru", "112-233-445 96", "DROP TABLE users;--", "+7 900 123-45-6", "+7900123456789",
                         "1' OR '1'='1"};
    for (const char* s : bad) EXPECT_EQ(ParseLoginIdentifier(s).kind, IdentifierKind::Invalid) << s;
    EXPECT_EQ(ParseLoginIdentifier(std::string(10000, '9')).kind, IdentifierKind::Invalid);
}

TEST(LoginIdentifier, SnilsChecksum) {
    EXPECT_TRUE(core::SnilsChecksumValid("11223344595"));
    EXPECT_TRUE(core::SnilsChecksumValid("08765430300"));  // weighted sum 202 -> 202 % 101 = 0 -> "00"
    EXPECT_FALSE(core::SnilsChecksumValid("11223344596"));
    EXPECT_FALSE(core::SnilsChecksumValid("1122334459"));
    EXPECT_FALSE(core::SnilsChecksumValid("1122334459a"));
}
