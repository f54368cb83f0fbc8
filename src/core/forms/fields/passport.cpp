// Паспорт РФ: series (4 digits) and number (6 digits), typed as "45 10 123456" or "4510123456".
// The date of issue (not before the 14th birthday) is a date field with the after_birthday rule.
#include "core/forms/field_type.h"

namespace core::forms {

class Passport : public FieldType {
public:
    const char* Name() const override { return "passport"; }
    InputMode Mode() const override { return InputMode::Digits; }
    const char* ExampleKey() const override { return "field.passport.example"; }
    FieldCheck Check(const std::string& input, const FieldContext&) const override {
        bool clean = false;
        std::string d = DigitsOnly(input, " -№", &clean);
        if (!clean || d.size() != 10) return {input, Msg("field.passport.length")};
        if (d.substr(4) == "000000") return {input, Msg("field.passport.zero_number")};
        if (d.substr(0, 2) == "00") return {input, Msg("field.passport.zero_region")};
        return {d, {}};
    }
    std::string Display(const std::string& v) const override {
        return v.size() == 10 ? v.substr(0, 2) + " " + v.substr(2, 2) + " " + v.substr(4) : v;
    }
};

const FieldType& PassportField() { static Passport t; return t; }

}  // namespace core::forms
