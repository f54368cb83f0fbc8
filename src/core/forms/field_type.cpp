#include "core/forms/field_type.h"

#include <cstring>

#include "core/json_read.h"

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

size_t Utf8Length(const std::string& text) {
    size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
}

std::string TrimSpaces(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

bool OnlyLetters(const std::string& s) {
    for (size_t i = 0; i < s.size(); i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == ' ' || c == '-' || c == '\'') continue;
        if ((c == 0xD0 || c == 0xD1) && i + 1 < s.size() && ((unsigned char)s[i + 1] & 0xC0) == 0x80) { i++; continue; }  // А-я, Ёё
        if (c == 0xE2 && i + 2 < s.size() && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99) { i += 2; continue; }  // ’
        return false;
    }
    return true;
}

long RuleInt(const FieldContext& ctx, const char* name, long fallback) {
    if (!ctx.rules || !ctx.rules->is_object()) return fallback;
    auto it = ctx.rules->find(name);
    return it != ctx.rules->end() && it->is_number_integer() ? it->get<long>() : fallback;
}

bool RuleFlag(const FieldContext& ctx, const char* name) { return ctx.rules && core::JsonBool(*ctx.rules, name); }

FieldCheck CheckText(const FieldType& type, const std::string& text, bool required, const Arg& label, const FieldContext& ctx) {
    if (TrimSpaces(text).empty()) {
        if (!required) return {"", {}};
        Message m = Msg("field.required");
        m.args.emplace_back("label", label.is_key ? "\x01" + label.value : label.value);
        return {text, m};
    }
    FieldCheck c = type.Check(text, ctx);
    // "length": an identifier of a fixed number of digits where the type allows several (ИНН 12).
    long length = RuleInt(ctx, "length", -1);
    if (c.ok() && length >= 0 && (long)c.value.size() != length) return {text, MsgN("field.digits_length", length)};
    return c;
}

}  // namespace core::forms
