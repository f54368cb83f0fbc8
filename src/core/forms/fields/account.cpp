// Расчётный счёт: 20 digits; its control key is checked against the БИК of the same form
// (rule matches_bik), so a typo in either is caught before submission.
#include "core/forms/field_type.h"
#include "core/identifiers.h"

namespace core::forms {

class Account : public FieldType {
public:
    const char* Name() const override { return "account"; }
    InputMode Mode() const override { return InputMode::Digits; }
    FieldCheck Check(const std::string& input, const FieldContext& ctx) const override {
        bool clean = false;
        std::string d = DigitsOnly(input, " ", &clean);
        if (!clean || d.size() != 20) return {input, Msg("field.account.length")};
        if (ctx.rules && ctx.rules->contains("matches_bik") && (*ctx.rules)["matches_bik"].is_string() && ctx.answer) {
            std::string bik = DigitsOnly(ctx.answer((*ctx.rules)["matches_bik"].get<std::string>()), " ", nullptr);
            if (BikValid(bik) && !AccountMatchesBik(d, bik)) return {input, Msg("field.account.bik_mismatch")};
        }
        return {d, {}};
    }
};

const FieldType& AccountField() { static Account t; return t; }

}  // namespace core::forms
