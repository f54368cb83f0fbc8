#include "ui/form_fields.h"
#include "core/json_read.h"

#include "core/forms/field_type.h"
#include "core/forms/file_signature.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/app.h"
#include "ui/catalog_widgets.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

using nlohmann::json;
using core::forms::FormField;
using core::forms::Shape;

static std::string AnswerText(const json& scope, const std::string& id) {
    if (!scope.is_object()) return "";
    auto it = scope.find(id);
    return it != scope.end() && it->is_string() ? it->get<std::string>() : std::string();
}

TextFieldOptions OptionsFor(const core::forms::FieldType& type, const json& rules, bool required, const char* example_key) {
    TextFieldOptions opt;
    const char* key = example_key && example_key[0] ? example_key : type.ExampleKey();
    opt.hint = key ? core::Tr(key) : nullptr;
    opt.required = required;
    opt.max_bytes = type.MaxBytes(rules);  // a pasted 100 KB text stays out of the answers
    opt.mode = type.Mode();
    if (type.GetShape() == core::forms::Shape::Multiline) opt.multiline_height = 120;
    // Digits-only types still take spaces and dashes as people type them («112-233-445 95»);
    // numbers take the decimal comma.
    if (type.Mode() == core::forms::InputMode::Decimal) opt.flags = ImGuiInputTextFlags_CharsDecimal;
    return opt;
}

void RevalidateField(App& app, const FormField& f, const json& answer, const std::string& path) {
    core::Message e = core::forms::CheckAnswer(f, answer, app.session().form.AnswersForValidation());
    if (e.empty()) app.session().form_ui.errors.erase(path);
    else app.session().form_ui.errors[path] = e;
}

static void Muted(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kMuted));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

static void Label(const FormField& f) {
    ImGui::PushFont(WidgetFonts().bold, size::kSmall + 1);
    ImGui::TextWrapped("%s", f.label.c_str());
    ImGui::PopFont();
}

void FieldError(const std::string& message) {
    if (message.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kError));
    ImGui::TextWrapped("%s %s", ICON_EXCLAMATION, message.c_str());
    ImGui::PopStyleColor();
    A11yCollector::AddStatic(core::A11yRole::Alert, message);
}

// The error summary asked for this field: scroll to it; the caller gives its first control the
// keyboard focus (ImGui::SetKeyboardFocusHere before drawing it) when this returns true.
static bool ScrollHereIfFocused(App& app, const std::string& path) {
    if (app.session().form_ui.focus != path) return false;
    ImGui::SetScrollHereY(0.25f);
    ImGui::SetNavCursorVisible(true);  // the link was clicked: show where the focus went
    app.session().form_ui.focus.clear();
    return true;
}

static bool DrawText(App& app, const FormField& f, json& scope, const std::string& path) {
    client::FormSession& s = app.session().form;
    std::string value = AnswerText(scope, f.id);
    std::string error = ErrorFor(app.session().form_ui.errors, path);
    TextFieldOptions opt = OptionsFor(*f.kind, f.rules, f.required, nullptr);
    if (!f.hint.empty()) opt.hint = f.hint.c_str();  // the schema's own example wins
    opt.error = error.c_str();
    // Free text gets a wide box; identifiers and numbers a narrow one that fits them.
    opt.width = ImMin(ImGui::CalcItemWidth(), f.kind->Mode() == core::forms::InputMode::Text ? 640.0f : 360.0f);
    opt.focus = app.session().form_ui.focus == path;
    if (opt.focus) app.session().form_ui.focus.clear();
    bool changed = TextField(f.label.c_str(), path.c_str(), &value, opt);
    bool left = LastFieldDeactivated();
    if (changed) {
        scope[f.id] = value;
        s.from_profile.erase(path);
        // A message already shown disappears as soon as the answer is right.
        if (!error.empty()) RevalidateField(app, f, scope[f.id], path);
    }
    if (left) RevalidateField(app, f, scope[f.id], path);
    if (s.from_profile.count(path)) {
        ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kAccent));
        ImGui::Text("%s %s", ICON_ID_CARD, core::Tr("form.from_profile"));
        ImGui::PopStyleColor();
        A11yCollector::AddStatic(core::A11yRole::Text, f.label + ": " + core::Tr("form.from_profile"));
    }
    return changed;
}

// Verified profile data (from the registries) is shown as text; it is changed in the profile.
static void DrawVerified(App& app, const FormField& f, const json& scope) {
    Label(f);
    std::string value = DisplayAnswer(app, f, scope.is_object() && scope.contains(f.id) ? scope[f.id] : json());
    ImGui::PushFont(WidgetFonts().regular, size::kBody + 2);
    ImGui::TextWrapped("%s", value.c_str());
    ImGui::PopFont();
    A11yCollector::AddStatic(core::A11yRole::Text, f.label + ": " + value + " (" + core::Tr("form.verified") + ")");
    ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kSuccess));
    ImGui::Text("%s %s", ICON_CHECK, core::Tr("form.verified"));
    ImGui::PopStyleColor();
    ImGui::SameLine(0, 16);
    ImGui::PushID(f.id.c_str());
    if (LinkButton(core::Tr("form.edit_in_profile"))) app.Navigate(core::Screen::Profile);
    ImGui::PopID();
}

static bool DrawChoice(App& app, const FormField& f, json& scope, const std::string& path) {
    bool changed = false;
    bool focus = ScrollHereIfFocused(app, path);
    Label(f);
    json current = scope.is_object() && scope.contains(f.id) ? scope[f.id] : json();
    ImGui::PushID(path.c_str());
    if (f.kind->GetShape() == core::forms::Shape::Radio) {
        for (const json& o : f.options) {
            if (!o.is_object() || !o.contains("value")) continue;
            std::string label = core::JsonText(o, "label", o["value"].dump());
            if (focus) ImGui::SetKeyboardFocusHere();
            focus = false;
            if (RadioOption(label.c_str(), current == o["value"])) {
                scope[f.id] = o["value"];
                changed = true;
            }
        }
    } else {
        std::string preview = core::Tr("form.choose");
        for (const json& o : f.options)
            if (o.is_object() && o.contains("value") && o["value"] == current) preview = core::JsonText(o, "label");
        if (focus) ImGui::SetKeyboardFocusHere();
        if (BeginSelect("##select", f.label.c_str(), preview.c_str(), ImMin(ImGui::CalcItemWidth(), 480.0f))) {
            for (const json& o : f.options) {
                if (!o.is_object() || !o.contains("value")) continue;
                std::string label = core::JsonText(o, "label", o["value"].dump());
                A11yCollector::SetNextRole(core::A11yRole::ListItem);
                if (ImGui::Selectable(label.c_str(), current == o["value"])) {
                    scope[f.id] = o["value"];
                    changed = true;
                }
            }
            EndSelect();
        }
    }
    ImGui::PopID();
    if (changed) RevalidateField(app, f, scope[f.id], path);
    FieldError(ErrorFor(app.session().form_ui.errors, path));
    return changed;
}

static bool DrawCheck(App& app, const FormField& f, json& scope, const std::string& path) {
    bool focus = ScrollHereIfFocused(app, path);
    bool v = scope.is_object() && scope.contains(f.id) && scope[f.id].is_boolean() && scope[f.id].get<bool>();
    std::string error = ErrorFor(app.session().form_ui.errors, path);
    ImGui::PushID(path.c_str());
    if (focus) ImGui::SetKeyboardFocusHere();
    bool changed = CheckBox(f.label.c_str(), &v, error.c_str());
    ImGui::PopID();
    if (changed) {
        scope[f.id] = v;
        RevalidateField(app, f, scope[f.id], path);
    }
    return changed;
}

std::string SizeText(size_t bytes) {
    if (bytes < 1024 * 1024) return core::Tr("format.kb", {{"n", core::FormatNumber((long long)((bytes + 1023) / 1024))}});
    long long tenths = (long long)((bytes * 10 + 512 * 1024) / (1024 * 1024));
    return core::Tr("format.mb", {{"n", core::FormatNumber(tenths / 10)}, {"tenths", tenths % 10}});
}

int DrawAttachmentList(client::Uploads& uploads, const std::string& field) {
    int removed = -1;
    for (size_t i = 0; i < uploads.files.size(); i++) {
        client::Attachment& a = uploads.files[i];
        if (a.field != field) continue;
        ImGui::PushID((int)i);
        std::string line = std::string(ICON_PAPERCLIP " ") + a.name + " · " + core::forms::FileTypeName(a.type) + " · " + SizeText(a.size);
        ImGui::TextWrapped("%s", line.c_str());  // a long name at 200 % on a phone ran out of its card
        A11yCollector::AddStatic(core::A11yRole::ListItem, line);
        if (a.state == client::Attachment::Encrypting || a.state == client::Attachment::Uploading) {
            float frac = a.Progress();
            const char* key = a.state == client::Attachment::Encrypting ? "form.encrypting" : "form.uploading";
            std::string text = core::Tr(key, {{"file", a.name}}) + " — " + std::to_string((int)(frac * 100)) + " %";
            ProgressLine(frac, text.c_str());
        } else if (a.state == client::Attachment::Failed) {
            FieldError(a.error);
            if (SecondaryButton(core::Tr("form.retry_upload"))) uploads.Retry(i);
            ImGui::SameLine();
        }
        if ((a.state == client::Attachment::Done || a.state == client::Attachment::Failed) && removed < 0) {
            std::string remove = std::string(ICON_TRASH " ") + core::Tr("form.remove") + "##rm";
            A11yCollector::SetNextName(std::string(core::Tr("form.remove")) + " " + a.name);
            if (LinkButton(remove.c_str())) removed = (int)i;
        }
        ImGui::PopID();
    }
    return removed;
}

static bool DrawFile(App& app, const FormField& f, const std::string& path) {
    client::FormSession& s = app.session().form;
    bool focus = ScrollHereIfFocused(app, path);
    Label(f);
    std::string types;
    for (const std::string& a : f.accept) types += (types.empty() ? "" : ", ") + core::forms::FileTypeName(a);
    Muted(core::Tr("form.file_types", {{"types", types.empty() ? std::string("PDF, JPEG, PNG") : types}}).c_str());
    if (!f.hint.empty()) Muted(f.hint.c_str());
    bool changed = false;
    ImGui::PushID(path.c_str());
    if (int removed = DrawAttachmentList(s.uploads, path); removed >= 0) {
        s.RemoveFile((size_t)removed, app.Now());
        changed = true;
    }
    std::string attach = std::string(ICON_PAPERCLIP "  ") + core::Tr("form.attach") + "##attach";
    A11yCollector::SetNextName(std::string(core::Tr("form.attach")) + ": " + f.label);
    if (focus) ImGui::SetKeyboardFocusHere();
    if (SecondaryButton(attach.c_str())) {
        app.session().form_ui.file_errors.erase(path);
        app.OpenFilePicker(path, f.accept);
    }
    ImGui::PopID();
    FieldError(ErrorFor(app.session().form_ui.file_errors, path));
    FieldError(ErrorFor(app.session().form_ui.errors, path));
    return changed;
}

static bool DrawGroup(App& app, const FormField& f, json& scope, const std::string& path) {
    ScrollHereIfFocused(app, path);
    Heading(f.label.c_str(), 2);
    if (!f.hint.empty()) Muted(f.hint.c_str());
    if (!scope[f.id].is_array()) scope[f.id] = json::array();
    json& list = scope[f.id];
    bool changed = false;
    ImGui::PushID(path.c_str());
    for (size_t i = 0; i < list.size(); i++) {
        ImGui::PushID((int)i);
        BeginCard("##entry");
        std::string title = core::Tr("form.entry", {{"n", (int)i + 1}});
        Heading(title.c_str(), 3);
        if (!list[i].is_object()) list[i] = json::object();
        for (const FormField& sub : f.fields) {
            if (sub.visible_if.kind != core::forms::Condition::None && !sub.visible_if.Holds(app.session().form.answers)) continue;
            changed |= DrawFormField(app, sub, list[i], path + "[" + std::to_string(i) + "]." + sub.id);
            ImGui::Dummy(ImVec2(0, 6));
        }
        A11yCollector::SetNextName(std::string(core::Tr("form.remove")) + ": " + title);
        std::string remove = std::string(ICON_TRASH " ") + core::Tr("form.remove") + "##rm-entry";
        bool removed = LinkButton(remove.c_str());
        EndCard();
        ImGui::PopID();
        if (removed) {
            list.erase(list.begin() + (long)i);
            app.session().form.GroupEntryRemoved(path, i, app.Now());
            changed = true;
            break;
        }
        ImGui::Dummy(ImVec2(0, 6));
    }
    if (f.max == 0 || (int)list.size() < f.max) {
        std::string add = std::string(ICON_PLUS "  ") + (f.add_label.empty() ? core::Tr("form.next") : f.add_label) + "##add";
        A11yCollector::SetNextName(f.add_label.empty() ? f.label : f.add_label);
        if (SecondaryButton(add.c_str())) {
            list.push_back(json::object());
            changed = true;
        }
    }
    ImGui::PopID();
    FieldError(ErrorFor(app.session().form_ui.errors, path));
    return changed;
}

bool DrawFormField(App& app, const FormField& f, json& scope, const std::string& path) {
    if (app.session().form.verified.count(path)) {
        DrawVerified(app, f, scope);
        return false;
    }
    switch (f.kind->GetShape()) {
        case Shape::Group: return DrawGroup(app, f, scope, path);
        case Shape::File: return DrawFile(app, f, path);
        case Shape::Select: case Shape::Radio: return DrawChoice(app, f, scope, path);
        case Shape::Check: return DrawCheck(app, f, scope, path);
        case Shape::Line: case Shape::Multiline: break;
    }
    return DrawText(app, f, scope, path);
}

std::string DisplayAnswer(const App& app, const FormField& f, const json& a) {
    if (f.kind->GetShape() == Shape::File) {  // the answers for validation list the uploaded files' names
        std::string names;
        if (a.is_array())
            for (const json& n : a) if (n.is_string()) names += (names.empty() ? "" : ", ") + n.get<std::string>();
        return names.empty() ? core::Tr("form.not_given") : names;
    }
    if (f.kind->GetShape() == Shape::Check) return a.is_boolean() && a.get<bool>() ? core::Tr("form.yes") : core::Tr("form.no");
    if (core::forms::IsChoice(f.kind->GetShape())) {
        for (const json& o : f.options)
            if (o.is_object() && o.contains("value") && o["value"] == a) return core::JsonText(o, "label");
        return core::Tr("form.not_given");
    }
    if (f.kind->GetShape() == Shape::Group) {
        if (!a.is_array() || a.empty()) return core::Tr("form.not_given");
        std::string out;
        for (size_t i = 0; i < a.size(); i++) {
            std::string entry;
            for (const FormField& sub : f.fields) {
                if (!a[i].is_object() || !a[i].contains(sub.id)) continue;
                std::string v = DisplayAnswer(app, sub, a[i][sub.id]);
                if (sub.kind->GetShape() == Shape::Check && v == core::Tr("form.no")) continue;
                entry += (entry.empty() ? "" : ", ") + (sub.kind->GetShape() == Shape::Check ? sub.label : v);
            }
            out += (out.empty() ? "" : "\n") + std::to_string(i + 1) + ". " + entry;
        }
        return out;
    }
    std::string text = a.is_string() ? a.get<std::string>() : a.is_null() ? "" : a.dump();
    if (text.empty()) return core::Tr("form.not_given");
    core::forms::FieldContext ctx;
    ctx.answer = [](const std::string&) { return std::string(); };
    ctx.rules = &f.rules;
    core::forms::FieldCheck c = f.kind->Check(text, ctx);
    return c.ok() ? f.kind->Display(c.value) : text;
}

}  // namespace ui
