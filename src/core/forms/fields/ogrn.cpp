// ОГРН: 13 digits; the last is (the first 12 as a number mod 11) mod 10.
#include "core/forms/field_type.h"

namespace core::forms {

class Ogrn : public FieldType {
public:
    const char* Name() const override { return "ogrn"; }
    FieldCheck Check(const std::string& input, const FieldContext&) const override {
        bool clean = false;
        std::string d = DigitsOnly(input, " ", &clean);
        if (!clean || d.size() != 13) return {input, "ОГРН — 13 цифр"};
        if (d[0] != '1' && d[0] != '5') return {input, "ОГРН организации начинается с 1 или 5"};
        unsigned long long n = std::stoull(d.substr(0, 12));
        if ((int)(n % 11 % 10) != d[12] - '0') return {input, "Проверьте ОГРН: контрольная цифра не совпадает"};
        return {d, ""};
    }
};

const FieldType& OgrnField() { static Ogrn t; return t; }

}  // namespace core::forms
