// One of the options: "select" (a list) and "radio" (buttons); the profile's gender too. The
// answer must be one of the option values; Display gives the option's label.
#include "core/forms/field_type.h"

namespace core::forms {

static std::string OptionValue(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

class Choice : public FieldType {
public:
    Choice(const char* name, Shape shape) : name_(name), shape_(shape) {}
    const char* Name() const override { return name_; }
    Shape GetShape() const override { return shape_; }
    FieldCheck Check(const std::string& input, const FieldContext& ctx) const override {
        if (ctx.options)
            for (const nlohmann::json& o : *ctx.options)
                if (o.is_object() && o.contains("value") && OptionValue(o["value"]) == input) return {input, {}};
        return {input, Msg("field.choice.none")};
    }

private:
    const char* name_;
    Shape shape_;
};

const FieldType& SelectField() { static Choice t("select", Shape::Select); return t; }
const FieldType& RadioField() { static Choice t("radio", Shape::Radio); return t; }

}  // namespace core::forms
