// Почтовый индекс: 6 digits; Russian indexes do not start with 0 (except none) — 1..6 for regions.
#include "core/forms/field_type.h"

namespace core::forms {

class PostalCode : public FieldType {
public:
    const char* Name() const override { return "postal_code"; }
    FieldCheck Check(const std::string& input, const FieldContext&) const override {
        bool clean = false;
        std::string d = DigitsOnly(input, " ", &clean);
        if (!clean || d.size() != 6) return {input, "Почтовый индекс — 6 цифр, например 119034"};
        if (d[0] == '0' || d[0] == '5' || d[0] == '7' || d[0] == '8' || d[0] == '9') return {input, "Такого почтового индекса в России нет: он начинается с 1, 2, 3, 4 или 6"};
        return {d, ""};
    }
};

const FieldType& PostalCodeField() { static PostalCode t; return t; }

}  // namespace core::forms
