#include "core/forms/field_type.h"

#include <cstring>

namespace core::forms {

std::string DigitsOnly(const std::string& text, const char* seps, bool* only_allowed) {
    std::string out;
    bool ok = true;
    for (char c : text) {
        if (c >= '0' && c <= '9') out += c;
        else if (!strchr(seps, c)) ok = false;
    }
    if (only_allowed) *only_allowed = ok;
    return out;
}

std::string TrimSpaces(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace core::forms
