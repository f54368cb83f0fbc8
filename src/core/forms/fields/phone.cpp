// Мобильный телефон: +7 and 10 digits; "8 (900) 123-45-67", "+7 900 123 45 67", "9001234567".
#include "core/forms/field_type.h"
#include "core/login_identifier.h"

namespace core::forms {

class Phone : public FieldType {
public:
    const char* Name() const override { return "phone"; }
    InputMode Mode() const override { return InputMode::Phone; }
    const char* ExampleKey() const override { return "field.phone.example"; }
    FieldCheck Check(const std::string& input, const FieldContext&) const override {
        LoginIdentifier id = ParseLoginIdentifier(input);
        if (id.kind != IdentifierKind::Phone) return {input, Msg("field.phone.format")};
        return {id.normalized, {}};
    }
    std::string Display(const std::string& v) const override {
        return v.size() == 12 ? "+7 " + v.substr(2, 3) + " " + v.substr(5, 3) + "-" + v.substr(8, 2) + "-" + v.substr(10) : v;
    }
};

const FieldType& PhoneField() { static Phone t; return t; }

}  // namespace core::forms
