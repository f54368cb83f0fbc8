// The forms engine's model (docs/forms.md): a schema parsed from the backend's JSON, conditions
// (visible_if / required_if), and validation of a step's answers. No ImGui: the form UI draws
// from this, and the same checks run per keystroke and on «Далее».
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/strings.h"

namespace core::forms {

class FieldType;

struct Condition {
    enum Kind { None, Equals, In, Filled } kind = None;
    std::string field;
    nlohmann::json value;
    bool Holds(const nlohmann::json& answers) const;
};

struct FormField {
    std::string id, type, label, hint, profile, add_label;
    const FieldType* kind = nullptr;  // the descriptor of `type` (never null after parsing)
    bool required = false, repeatable = false;
    Condition visible_if, required_if;
    nlohmann::json options = nlohmann::json::array(), rules = nlohmann::json::object();
    std::vector<std::string> accept;
    int max_size_mb = 5, min = 0, max = 0;
    std::vector<FormField> fields;  // a group's sub-fields
};

struct FormSection {
    std::string title;
    std::vector<FormField> fields;
};

struct FormStep {
    std::string id, title;
    std::vector<FormSection> sections;
};

struct FormSchema {
    std::string code, title, agency;
    int version = 0;
    std::vector<FormStep> steps;
};

// Parses what can be parsed; fields of unknown types are kept out and reported in *problems
// (one message each) so the rest of the form still renders.
bool ParseFormSchema(const nlohmann::json& doc, FormSchema* out, std::vector<Message>* problems);

struct FormError {
    std::string path;     // "children[1].snils"
    Message message;      // how to fix it
};

// The field's type descriptor: f.kind, or found by f.type for a field built by hand.
const FieldType* KindOf(const FormField& f);
// Checks one answer of a field (not group); empty when fine. `answers` is the whole form.
Message CheckAnswer(const FormField& field, const nlohmann::json& answer, const nlohmann::json& answers);
// All errors of one step, in the order the fields appear (the error summary's order).
std::vector<FormError> ValidateStep(const FormSchema& schema, size_t step, const nlohmann::json& answers);
// The answers that are submitted: hidden fields (visible_if false) are dropped.
nlohmann::json VisibleAnswers(const FormSchema& schema, const nlohmann::json& answers);
// What is signed and sent: the visible answers in their normal form (identifiers as digits,
// dates as ГГГГ-ММ-ДД, text trimmed), groups included; file answers are left to the caller.
nlohmann::json NormalizedAnswers(const FormSchema& schema, const nlohmann::json& answers);
// A top-level field by id (and the step it is on).
const FormField* FindField(const FormSchema& schema, const std::string& id, size_t* step = nullptr);
// A field by its answer path: "photo", "documents[1].file".
const FormField* FindFieldByPath(const FormSchema& schema, const std::string& path);
// The answer slot at `path` inside `answers` (created when `create`), or nullptr.
nlohmann::json* AnswerAt(nlohmann::json& answers, const std::string& path, bool create);

}  // namespace core::forms
