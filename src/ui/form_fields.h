// Drawing one field of a schema-driven form (SPEC §4): each field type's input, its label, hint,
// «из профиля» mark and message. What a type accepts and how it is checked lives in the core
// (src/core/forms/); this file only draws and reports changes.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "client/uploads.h"
#include "core/forms/field_type.h"
#include "core/forms/form_schema.h"
#include "ui/widgets.h"

namespace ui {

class App;

// Draws `field` whose answer lives in scope[field.id] (the form's answers, or one entry of a
// repeatable group); `path` names it in messages ("work[1].from"). Returns true when the answer
// changed this frame.
bool DrawFormField(App& app, const core::forms::FormField& field, nlohmann::json& scope, const std::string& path);

// How an answer reads on «Проверьте данные» (option labels, Да/Нет, СНИЛС as 112-233-445 95).
std::string DisplayAnswer(const App& app, const core::forms::FormField& field, const nlohmann::json& answer);

// A text box's options from its field type: the example inside it, the keyboard, the size limit.
// The same for forms, the profile and registration. `example_key` overrides the type's example.
TextFieldOptions OptionsFor(const core::forms::FieldType& type, const nlohmann::json& rules, bool required,
                            const char* example_key = nullptr);

// Checks the field at `path` now (when it is left, or while a shown message is being fixed).
void RevalidateField(App& app, const core::forms::FormField& field, const nlohmann::json& answer, const std::string& path);

// The files of `field` in `uploads`: name, type, size, encryption and upload progress, «Повторить»
// after a failure (done here) and «Удалить» (returned: the index to remove, or -1, so that the
// owner can also note the change, as the form's draft must).
int DrawAttachmentList(client::Uploads& uploads, const std::string& field);
std::string SizeText(size_t bytes);  // «1,2 МБ»
// A field's message under it, in the error colour, announced as an alert.
void FieldError(const std::string& message);

}  // namespace ui
