// СНИЛС: 11 digits, typed as "112-233-445 95"; the last two digits are the check number.
#include "core/forms/field_type.h"
#include "core/identifiers.h"

namespace core::forms {

class Snils : public FieldType {
public:
    const char* Name() const override { return "snils"; }
    InputMode Mode() const override { return InputMode::Digits; }
    const char* ExampleKey() const override { return "field.snils.example"; }
    FieldCheck Check(const std::string& input, const FieldContext&) const override {
        bool clean = false;
        std::string d = DigitsOnly(input, " -", &clean);
        if (!clean || d.size() != 11) return {input, Msg("field.snils.length")};
        if (!SnilsChecksumValid(d)) return {input, Msg("field.snils.checksum")};
        return {d, {}};
    }
    std::string Display(const std::string& v) const override {
        return v.size() == 11 ? v.substr(0, 3) + "-" + v.substr(3, 3) + "-" + v.substr(6, 3) + " " + v.substr(9) : v;
    }
};

const FieldType& SnilsField() { static Snils t; return t; }

}  // namespace core::forms
