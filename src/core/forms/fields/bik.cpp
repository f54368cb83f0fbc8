// БИК: 9 digits, starting with 04 (Russian banks).
#include "core/forms/field_type.h"
#include "core/identifiers.h"

namespace core::forms {

class Bik : public FieldType {
public:
    const char* Name() const override { return "bik"; }
    InputMode Mode() const override { return InputMode::Digits; }
    FieldCheck Check(const std::string& input, const FieldContext&) const override {
        bool clean = false;
        std::string d = DigitsOnly(input, " ", &clean);
        if (!clean || d.size() != 9) return {input, Msg("field.bik.length")};
        if (!BikValid(d)) return {input, Msg("field.bik.prefix")};
        return {d, {}};
    }
};

const FieldType& BikField() { static Bik t; return t; }

}  // namespace core::forms
