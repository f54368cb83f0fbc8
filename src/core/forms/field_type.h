// Field types of the forms engine (SPEC §4, docs/forms.md): one file per type under fields/,
// each owning how input is parsed and normalised, how it is checked, and the message that says
// how to fix it. A new identifier type is one new file plus one line in field_registry.cpp.
#pragma once
#include <functional>
#include <string>

namespace core::forms {

struct FieldCheck {
    std::string value;  // normalised (what is stored and submitted); the input as typed when invalid
    std::string error;  // "" when valid; otherwise a message in Russian that says how to fix it
    bool ok() const { return error.empty(); }
};

// What a field may need from the rest of the form (e.g. the account is checked against the БИК).
struct FieldContext {
    std::function<std::string(const std::string& field_id)> answer;  // normalised answer of another field
    std::string bik_field;  // rule matches_bik: the id of the БИК field
};

class FieldType {
public:
    virtual ~FieldType() = default;
    virtual const char* Name() const = 0;
    // Empty input is not checked here: whether it is allowed is the "required" rule's business.
    virtual FieldCheck Check(const std::string& input, const FieldContext& ctx) const = 0;
    // How a stored value is shown (e.g. СНИЛС as 112-233-445 95).
    virtual std::string Display(const std::string& value) const { return value; }
};

// The type named in a schema ("snils", "inn", ...), or nullptr for an unknown type.
const FieldType* FindFieldType(const std::string& name);

// Helpers the field files share.
std::string DigitsOnly(const std::string& text, const char* allowed_separators, bool* only_allowed);
std::string TrimSpaces(const std::string& text);

}  // namespace core::forms
