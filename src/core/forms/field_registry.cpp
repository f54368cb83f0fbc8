// The field types the engine knows — identifiers and plain types alike. Adding a type: its file
// in fields/ and one line here.
#include <cstring>

#include "core/forms/field_type.h"

namespace core::forms {

const FieldType& SnilsField();
const FieldType& InnField();
const FieldType& KppField();
const FieldType& OgrnField();
const FieldType& OgrnipField();
const FieldType& PassportField();
const FieldType& DivisionCodeField();
const FieldType& BikField();
const FieldType& AccountField();
const FieldType& PhoneField();
const FieldType& PostalCodeField();
const FieldType& EmailField();
const FieldType& PassportSeriesField();
const FieldType& PassportNumberField();
const FieldType& TextField();
const FieldType& TextareaField();
const FieldType& AddressField();
const FieldType& NumberField();
const FieldType& MoneyField();
const FieldType& DateField();
const FieldType& SelectField();
const FieldType& RadioField();
const FieldType& CheckboxField();
const FieldType& FileField();
const FieldType& GroupField();

const FieldType* FindFieldType(const std::string& name) {
    static const FieldType* const kTypes[] = {
        &SnilsField(), &InnField(), &KppField(), &OgrnField(), &OgrnipField(), &PassportField(),
        &DivisionCodeField(), &BikField(), &AccountField(), &PhoneField(), &PostalCodeField(), &EmailField(),
        &PassportSeriesField(), &PassportNumberField(), &TextField(), &TextareaField(), &AddressField(), &NumberField(),
        &MoneyField(), &DateField(), &SelectField(), &RadioField(), &CheckboxField(), &FileField(), &GroupField(),
    };
    for (const FieldType* t : kTypes)
        if (name == t->Name()) return t;
    return nullptr;
}

}  // namespace core::forms
