// ОГРНИП: 15 digits starting with 3; the last is (the first 14 as a number mod 13) mod 10.
#include "core/forms/field_type.h"

namespace core::forms {

class Ogrnip : public FieldType {
public:
    const char* Name() const override { return "ogrnip"; }
    InputMode Mode() const override { return InputMode::Digits; }
    FieldCheck Check(const std::string& input, const FieldContext&) const override {
        bool clean = false;
        std::string d = DigitsOnly(input, " ", &clean);
        if (!clean || d.size() != 15) return {input, Msg("field.ogrnip.length")};
        if (d[0] != '3') return {input, Msg("field.ogrnip.prefix")};
        unsigned long long n = std::stoull(d.substr(0, 14));
        if ((int)(n % 13 % 10) != d[14] - '0') return {input, Msg("field.ogrnip.checksum")};
        return {d, {}};
    }
};

const FieldType& OgrnipField() { static Ogrnip t; return t; }

}  // namespace core::forms
