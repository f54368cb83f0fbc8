// Почтовый индекс: 6 digits; Russian indexes do not start with 0 (except none) — 1..6 for regions.
#include "core/forms/field_type.h"

namespace core::forms {

class PostalCode : public FieldType {
public:
    const char* Name() const override { return "postal_code"; }
    InputMode Mode() const override { return InputMode::Digits; }
    const char* ExampleKey() const override { return "field.postal_code.example"; }
    FieldCheck Check(const std::string& input, const FieldContext&) const override {
        bool clean = false;
        std::string d = DigitsOnly(input, " ", &clean);
        if (!clean || d.size() != 6) return {input, Msg("field.postal_code.length")};
        if (d[0] == '0' || d[0] == '5' || d[0] == '7' || d[0] == '8' || d[0] == '9') return {input, Msg("field.postal_code.prefix")};
        return {d, {}};
    }
};

const FieldType& PostalCodeField() { static PostalCode t; return t; }

}  // namespace core::forms
