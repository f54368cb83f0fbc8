// Types whose answer is not typed text: a tick ("checkbox", true/false), attached files ("file",
// checked by file_signature and the upload), a repeated group of fields ("group", checked field
// by field). They are listed so that a schema naming them is understood and drawn by shape.
#include "core/forms/field_type.h"

namespace core::forms {

class Structural : public FieldType {
public:
    Structural(const char* name, Shape shape) : name_(name), shape_(shape) {}
    const char* Name() const override { return name_; }
    Shape GetShape() const override { return shape_; }
    FieldCheck Check(const std::string& input, const FieldContext&) const override { return {input, {}}; }

private:
    const char* name_;
    Shape shape_;
};

const FieldType& CheckboxField() { static Structural t("checkbox", Shape::Check); return t; }
const FieldType& FileField() { static Structural t("file", Shape::File); return t; }
const FieldType& GroupField() { static Structural t("group", Shape::Group); return t; }

}  // namespace core::forms
