// E-mail: name@domain.tld, case-folded.
#include "core/forms/field_type.h"
#include "core/login_identifier.h"

namespace core::forms {

class Email : public FieldType {
public:
    const char* Name() const override { return "email"; }
    InputMode Mode() const override { return InputMode::Email; }
    const char* ExampleKey() const override { return "field.email.example"; }
    FieldCheck Check(const std::string& input, const FieldContext&) const override {
        LoginIdentifier id = ParseLoginIdentifier(input);
        if (id.kind != IdentifierKind::Email) return {input, Msg("field.email.format")};
        return {id.normalized, {}};
    }
};

const FieldType& EmailField() { static Email t; return t; }

}  // namespace core::forms
