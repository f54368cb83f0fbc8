// Код подразделения: NNN-NNN (also accepted without the dash).
#include "core/forms/field_type.h"

namespace core::forms {

class DivisionCode : public FieldType {
public:
    const char* Name() const override { return "division_code"; }
    InputMode Mode() const override { return InputMode::Digits; }
    const char* ExampleKey() const override { return "field.division_code.example"; }
    FieldCheck Check(const std::string& input, const FieldContext&) const override {
        bool clean = false;
        std::string d = DigitsOnly(input, " -", &clean);
        if (!clean || d.size() != 6) return {input, Msg("field.division_code.format")};
        return {d.substr(0, 3) + "-" + d.substr(3), {}};
    }
};

const FieldType& DivisionCodeField() { static DivisionCode t; return t; }

}  // namespace core::forms
