// Numbers: "number" and "money" (roubles, «1 500,50»). Spaces are thousands separators and the
// decimal comma is accepted. Rules: integer, min, max.
#include <cmath>
#include <cstdlib>

#include "core/forms/field_type.h"

namespace core::forms {

class Number : public FieldType {
public:
    Number(const char* name, const char* example) : name_(name), example_(example) {}
    const char* Name() const override { return name_; }
    InputMode Mode() const override { return InputMode::Decimal; }
    const char* ExampleKey() const override { return example_; }
    FieldCheck Check(const std::string& input, const FieldContext& ctx) const override {
        std::string s;
        for (char c : input)
            if (c != ' ') s += c == ',' ? '.' : c;
        char* end = nullptr;
        double d = std::strtod(s.c_str(), &end);
        if (s.empty() || !end || *end != 0 || !std::isfinite(d)) return {input, Msg("field.number.not_number")};
        if (RuleFlag(ctx, "integer") && d != std::floor(d)) return {input, Msg("field.number.not_integer")};
        const nlohmann::json* r = ctx.rules;
        if (r && r->contains("min") && (*r)["min"].is_number() && d < (*r)["min"].get<double>())
            return {input, Msg("field.number.min", {{"min", (*r)["min"].dump()}})};
        if (r && r->contains("max") && (*r)["max"].is_number() && d > (*r)["max"].get<double>())
            return {input, Msg("field.number.max", {{"max", (*r)["max"].dump()}})};
        return {s, {}};
    }
    // Stored with a dot; Russian writes the decimal comma.
    std::string Display(const std::string& v) const override {
        if (!CurrentCatalog() || CurrentCatalog()->Lang() != Language::Russian) return v;
        std::string out = v;
        for (char& c : out)
            if (c == '.') c = ',';
        return out;
    }

private:
    const char* name_;
    const char* example_;
};

const FieldType& NumberField() { static Number t("number", nullptr); return t; }
const FieldType& MoneyField() { static Number t("money", "field.money.example"); return t; }

}  // namespace core::forms
