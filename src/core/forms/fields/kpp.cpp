// КПП: 9 characters — 4 digits (tax office), 2 digits or capital Latin letters (reason), 3 digits.
#include "core/forms/field_type.h"

namespace core::forms {

class Kpp : public FieldType {
public:
    const char* Name() const override { return "kpp"; }
    FieldCheck Check(const std::string& input, const FieldContext&) const override {
        std::string t;
        for (char c : TrimSpaces(input)) {
            if (c == ' ') continue;
            t += (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
        }
        bool ok = t.size() == 9;
        for (size_t i = 0; ok && i < 9; i++) {
            char c = t[i];
            bool digit = c >= '0' && c <= '9';
            ok = (i == 4 || i == 5) ? (digit || (c >= 'A' && c <= 'Z')) : digit;
        }
        if (!ok) return {input, Msg("field.kpp.format")};
        return {t, {}};
    }
};

const FieldType& KppField() { static Kpp t; return t; }

}  // namespace core::forms
