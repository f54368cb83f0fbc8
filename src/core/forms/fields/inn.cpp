// ИНН: 10 digits (organisation) or 12 (person), with check digits.
#include "core/forms/field_type.h"
#include "core/identifiers.h"

namespace core::forms {

class Inn : public FieldType {
public:
    const char* Name() const override { return "inn"; }
    FieldCheck Check(const std::string& input, const FieldContext&) const override {
        bool clean = false;
        std::string d = DigitsOnly(input, " ", &clean);
        if (!clean || (d.size() != 10 && d.size() != 12)) return {input, "ИНН — 12 цифр для физического лица или 10 для организации"};
        if (!InnValid(d)) return {input, "Проверьте ИНН: контрольные цифры не совпадают"};
        return {d, ""};
    }
};

const FieldType& InnField() { static Inn t; return t; }

}  // namespace core::forms
