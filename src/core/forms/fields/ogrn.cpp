// ОГРН: 13 digits; the last is (the first 12 as a number mod 11) mod 10.
#include "core/forms/field_type.h"

namespace core::forms {

class Ogrn : public FieldType {
public:
    const char* Name() const override { return "ogrn"; }
    InputMode Mode() const override { return InputMode::Digits; }
    FieldCheck Check(const std::string& input, const FieldContext&) const override {
        bool clean = false;
        std::string d = DigitsOnly(input, " ", &clean);
        if (!clean || d.size() != 13) return {input, Msg("field.ogrn.length")};
        if (d[0] != '1' && d[0] != '5') return {input, Msg("field.ogrn.prefix")};
        unsigned long long n = std::stoull(d.substr(0, 12));
        if ((int)(n % 11 % 10) != d[12] - '0') return {input, Msg("field.ogrn.checksum")};
        return {d, {}};
    }
};

const FieldType& OgrnField() { static Ogrn t; return t; }

}  // namespace core::forms
