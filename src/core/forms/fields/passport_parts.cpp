// The passport's series (4 digits, «45 10») and number (6 digits) as two fields, the way the
// profile keeps them; "passport" is both in one field for forms.
#include "core/forms/field_type.h"

namespace core::forms {

class PassportSeries : public FieldType {
public:
    const char* Name() const override { return "passport_series"; }
    InputMode Mode() const override { return InputMode::Digits; }
    const char* ExampleKey() const override { return "field.passport_series.example"; }
    FieldCheck Check(const std::string& input, const FieldContext&) const override {
        bool clean = false;
        std::string d = DigitsOnly(input, " ", &clean);
        if (!clean || d.size() != 4) return {input, Msg("field.passport_series.length")};
        if (d.substr(0, 2) == "00") return {input, Msg("field.passport.zero_region")};
        return {d, {}};
    }
    std::string Display(const std::string& v) const override { return v.size() == 4 ? v.substr(0, 2) + " " + v.substr(2) : v; }
};

class PassportNumber : public FieldType {
public:
    const char* Name() const override { return "passport_number"; }
    InputMode Mode() const override { return InputMode::Digits; }
    const char* ExampleKey() const override { return "field.passport_number.example"; }
    FieldCheck Check(const std::string& input, const FieldContext&) const override {
        bool clean = false;
        std::string d = DigitsOnly(input, " ", &clean);
        if (!clean || d.size() != 6) return {input, Msg("field.passport_number.length")};
        if (d == "000000") return {input, Msg("field.passport.zero_number")};
        return {d, {}};
    }
};

const FieldType& PassportSeriesField() { static PassportSeries t; return t; }
const FieldType& PassportNumberField() { static PassportNumber t; return t; }

}  // namespace core::forms
