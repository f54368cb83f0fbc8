// What a citizen types into «Телефон, e-mail или СНИЛС»: recognised and normalised.
#pragma once
#include <string>

#include "core/identifiers.h"  // SnilsChecksumValid

namespace core {

enum class IdentifierKind { Invalid, Phone, Email, Snils };

struct LoginIdentifier {
    IdentifierKind kind = IdentifierKind::Invalid;
    std::string normalized;  // "+79001234567", "name@example.ru", "11223344595"
};

// Accepts the forms people type: "8 (900) 123-45-67", "+7 900 123 45 67", "9001234567",
// " Name@Example.RU ", "112-233-445 95". A СНИЛС must pass its check number.
LoginIdentifier ParseLoginIdentifier(const std::string& text);


}  // namespace core
