// Dates: typed as ДД.ММ.ГГГГ (the portal's format in both languages: the documents say so),
// stored and submitted as ГГГГ-ММ-ДД, shown in the reader's language. Rules: not_future,
// not_past, min_age, max_age, max_days_ahead, after_birthday {field, years} (a passport is
// issued no earlier than the 14th birthday).
#include "core/dates.h"
#include "core/forms/field_type.h"
#include "core/json_read.h"

namespace core::forms {

static Date ParseAny(const std::string& text) {
    Date d = ParseRussianDate(TrimSpaces(text));
    return d.valid() ? d : ParseIsoDate(TrimSpaces(text));
}

class DateType : public FieldType {
public:
    const char* Name() const override { return "date"; }
    InputMode Mode() const override { return InputMode::Digits; }
    const char* ExampleKey() const override { return "field.date.example"; }
    FieldCheck Check(const std::string& input, const FieldContext& ctx) const override {
        Date d = ParseAny(input);
        if (!d.valid()) return {input, Msg("field.date.format")};
        Date today = Today();
        if (RuleFlag(ctx, "not_future") && today < d) return {input, Msg("field.date.future")};
        if (RuleFlag(ctx, "not_past") && d < today) return {input, Msg("field.date.past")};
        long min_age = RuleInt(ctx, "min_age", -1), max_age = RuleInt(ctx, "max_age", -1);
        if (min_age >= 0 && YearsBetween(d, today) < min_age) return {input, MsgN("field.date.min_age", min_age)};
        if (max_age >= 0 && YearsBetween(d, today) > max_age) return {input, MsgN("field.date.max_age", max_age)};
        long ahead = RuleInt(ctx, "max_days_ahead", -1);
        if (ahead >= 0 && DaysFromCivil(d) - DaysFromCivil(today) > ahead) return {input, MsgN("field.date.max_days_ahead", ahead)};
        if (ctx.rules && ctx.rules->contains("after_birthday") && (*ctx.rules)["after_birthday"].is_object() && ctx.answer) {
            const nlohmann::json& ab = (*ctx.rules)["after_birthday"];
            int years = (int)core::JsonNumber(ab, "years");
            Date born = ParseAny(ctx.answer(core::JsonText(ab, "field")));
            if (born.valid() && YearsBetween(born, d) < years) return {input, Msg("field.date.after_birthday", {{"years", years}})};
        }
        return {ToIso(d), {}};
    }
    std::string Display(const std::string& v) const override {
        Date d = ParseAny(v);
        return d.valid() ? FormatDate(d) : v;
    }
    std::string EditText(const std::string& v) const override {
        Date d = ParseAny(v);
        return d.valid() ? ToRussian(d) : v;
    }
};

const FieldType& DateField() { static DateType t; return t; }

}  // namespace core::forms
