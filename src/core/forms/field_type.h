// Field types (SPEC §4, docs/forms.md): one descriptor per type, one file per type under fields/,
// each owning how input is parsed and normalised, how it is checked, the message keys that say
// how to fix it, how a stored value is shown and which keyboard it wants. Forms, the profile and
// registration all check through these (before, the profile had its own validator and said
// something else about the same wrong СНИЛС). A new type is one new file plus one line in
// field_registry.cpp.
#pragma once
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/strings.h"

namespace core::forms {

struct FieldCheck {
    std::string value;  // normalised (what is stored and submitted); the input as typed when invalid
    Message error;      // empty when valid; otherwise a key that says how to fix it
    bool ok() const { return error.empty(); }
};

// What a field may need besides its own input.
struct FieldContext {
    // Another field's answer, as typed or as stored ("birth_date" for a passport's issue date).
    std::function<std::string(const std::string& field_id)> answer;
    const nlohmann::json* rules = nullptr;    // the field's rules: max_length, min_age, matches_bik …
    const nlohmann::json* options = nullptr;  // a choice's options [{value, label}]
};

// How a type is drawn: a line of text, several lines, one of options (a list or buttons), a tick,
// files, a group of fields repeated.
enum class Shape { Line, Multiline, Select, Radio, Check, File, Group };
inline bool IsChoice(Shape s) { return s == Shape::Select || s == Shape::Radio; }
// Which keyboard a line wants (a phone's inputmode; the kiosk's on-screen layout).
enum class InputMode { Text, Digits, Decimal, Phone, Email };

class FieldType {
public:
    virtual ~FieldType() = default;
    virtual const char* Name() const = 0;
    virtual Shape GetShape() const { return Shape::Line; }
    virtual InputMode Mode() const { return InputMode::Text; }
    // Catalog key of the example shown inside an empty field ("field.snils.example"), or nullptr.
    virtual const char* ExampleKey() const { return nullptr; }
    // Bytes a line accepts (a pasted 100 KB text stays out of the answers).
    virtual size_t MaxBytes(const nlohmann::json& /*rules*/) const { return 64; }
    // Empty input is not checked here: whether it is allowed is the "required" rule's business.
    virtual FieldCheck Check(const std::string& input, const FieldContext& ctx) const = 0;
    // How a stored value is shown (СНИЛС as 112-233-445 95, a date in the reader's language).
    virtual std::string Display(const std::string& value) const { return value; }
    // What goes into the edit box for a stored value (a date as ДД.ММ.ГГГГ).
    virtual std::string EditText(const std::string& value) const { return value; }
};

// The type named in a schema ("snils", "date", "group" …), or nullptr for an unknown type.
const FieldType* FindFieldType(const std::string& name);

// Checks typed text against a type and its rules: required first, then the type.
// `label` names the field in the "required" message: Arg("label", text) or Arg::Key for a key.
FieldCheck CheckText(const FieldType& type, const std::string& text, bool required, const Arg& label, const FieldContext& ctx);

// Helpers the field files share.
std::string DigitsOnly(const std::string& text, const char* allowed_separators, bool* only_allowed);
std::string TrimSpaces(const std::string& text);
// Characters (code points) of UTF-8 text, as limits are stated and counted: 5,000 Cyrillic letters
// are 10,000 bytes.
size_t Utf8Length(const std::string& text);
// Names: Cyrillic and Latin letters, spaces, hyphens and apostrophes (also ’), nothing else.
bool OnlyLetters(const std::string& s);
// The rule `name` as an integer, or `fallback`.
long RuleInt(const FieldContext& ctx, const char* name, long fallback);
bool RuleFlag(const FieldContext& ctx, const char* name);

}  // namespace core::forms
