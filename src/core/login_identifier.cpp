#include "core/login_identifier.h"

#include <cctype>

namespace core {

static std::string Trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

static bool LooksLikeEmail(const std::string& s) {
    size_t at = s.find('@');
    if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) return false;
    std::string domain = s.substr(at + 1);
    size_t dot = domain.rfind('.');
    if (dot == std::string::npos || dot == 0 || dot + 2 > domain.size()) return false;
    if (s.size() > 254) return false;
    for (unsigned char c : s)
        if (c <= ' ' || c == ',' || c == ';' || c == '<' || c == '>' || c == '(' || c == ')') return false;
    return domain.find("..") == std::string::npos;
}

LoginIdentifier ParseLoginIdentifier(const std::string& text) {
    LoginIdentifier out;
    std::string s = Trim(text);
    if (s.empty() || s.size() > 254) return out;
    if (s.find('@') != std::string::npos) {
        if (!LooksLikeEmail(s)) return out;
        out.kind = IdentifierKind::Email;
        for (char& c : s) c = (char)std::tolower((unsigned char)c);
        out.normalized = s;
        return out;
    }
    // Digits with the separators people use; anything else makes it invalid.
    std::string digits;
    bool plus = false;
    for (size_t i = 0; i < s.size(); i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') digits += c;
        else if (c == '+' && i == 0) plus = true;
        else if (c == ' ' || c == '-' || c == '(' || c == ')') continue;
        else return out;
    }
    if (plus) {
        if (digits.size() == 11 && digits[0] == '7') { out.kind = IdentifierKind::Phone; out.normalized = "+" + digits; }
        return out;
    }
    if (digits.size() == 10 && digits[0] == '9') {
        out.kind = IdentifierKind::Phone;
        out.normalized = "+7" + digits;
    } else if (digits.size() == 11 && (digits[0] == '8' || digits[0] == '7') && digits[1] == '9') {
        out.kind = IdentifierKind::Phone;
        out.normalized = "+7" + digits.substr(1);
    } else if (digits.size() == 11 && SnilsChecksumValid(digits)) {
        out.kind = IdentifierKind::Snils;
        out.normalized = digits;
    }
    return out;
}

}  // namespace core
