// Free text: "text" (one line, 300 characters), "textarea" (2000), "address" (one line, 300).
// Rules: letters (names: letters, space, hyphen, apostrophe), max_length, pattern with
// pattern_message (the backend's own words), uppercase before the pattern.

#include "core/pattern.h"
#include "core/forms/field_type.h"

namespace core::forms {

class Text : public FieldType {
public:
    Text(const char* name, Shape shape, long max_chars) : name_(name), shape_(shape), max_chars_(max_chars) {}
    const char* Name() const override { return name_; }
    Shape GetShape() const override { return shape_; }
    size_t MaxBytes(const nlohmann::json& rules) const override {
        long chars = rules.contains("max_length") && rules["max_length"].is_number_unsigned() ? rules["max_length"].get<long>() : max_chars_;
        return (size_t)chars * 2;  // UTF-8: a Cyrillic letter is two bytes
    }
    FieldCheck Check(const std::string& input, const FieldContext& ctx) const override {
        std::string t = TrimSpaces(input);
        if (RuleFlag(ctx, "letters") && !OnlyLetters(t)) return {input, Msg("field.text.letters")};
        long max = RuleInt(ctx, "max_length", max_chars_);
        if (Utf8Length(t) > (size_t)max) return {input, MsgN("field.text.too_long", max)};
        if (ctx.rules && ctx.rules->contains("pattern") && (*ctx.rules)["pattern"].is_string()) {
            std::string v = t;
            if (RuleFlag(ctx, "uppercase")) for (char& c : v) if (c >= 'a' && c <= 'z') c = (char)(c - 32);
            // A broken rule from the backend does not block the citizen (core/pattern.h).
            core::Pattern pattern;
            if (pattern.Compile((*ctx.rules)["pattern"].get<std::string>()) && !pattern.FullMatch(v)) {
                const nlohmann::json& r = *ctx.rules;
                if (r.contains("pattern_message") && r["pattern_message"].is_string())
                    return {input, RawMsg(r["pattern_message"].get<std::string>())};
                return {input, Msg("field.text.pattern")};
            }
        }
        return {t, {}};
    }

private:
    const char* name_;
    Shape shape_;
    long max_chars_;
};

const FieldType& TextField() { static Text t("text", Shape::Line, 300); return t; }
const FieldType& TextareaField() { static Text t("textarea", Shape::Multiline, 2000); return t; }
const FieldType& AddressField() { static Text t("address", Shape::Line, 300); return t; }

}  // namespace core::forms
