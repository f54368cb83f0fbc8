// ИНН: 10 digits (organisation) or 12 (person), with check digits.
#include "core/forms/field_type.h"
#include "core/identifiers.h"

namespace core::forms {

class Inn : public FieldType {
public:
    const char* Name() const override { return "inn"; }
    InputMode Mode() const override { return InputMode::Digits; }
    FieldCheck Check(const std::string& input, const FieldContext&) const override {
        bool clean = false;
        std::string d = DigitsOnly(input, " ", &clean);
        if (!clean || (d.size() != 10 && d.size() != 12)) return {input, Msg("field.inn.length")};
        if (!InnValid(d)) return {input, Msg("field.inn.checksum")};
        return {d, {}};
    }
};

const FieldType& InnField() { static Inn t; return t; }

}  // namespace core::forms
