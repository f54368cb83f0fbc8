// Расчётный счёт: 20 digits; its control key is checked against the БИК of the same form
// (rule matches_bik), so a typo in either is caught before submission.
#include "core/forms/field_type.h"
#include "core/identifiers.h"

namespace core::forms {

class Account : public FieldType {
public:
    const char* Name() const override { return "account"; }
    FieldCheck Check(const std::string& input, const FieldContext& ctx) const override {
        bool clean = false;
        std::string d = DigitsOnly(input, " ", &clean);
        if (!clean || d.size() != 20) return {input, "Номер счёта — 20 цифр"};
        if (!ctx.bik_field.empty() && ctx.answer) {
            std::string bik = ctx.answer(ctx.bik_field);
            if (BikValid(bik) && !AccountMatchesBik(d, bik)) return {input, "Счёт не соответствует БИК: проверьте цифры счёта и БИК"};
        }
        return {d, ""};
    }
};

const FieldType& AccountField() { static Account t; return t; }

}  // namespace core::forms
