#include "core/forms/form_schema.h"
#include "core/json_read.h"

#include <cmath>

#include "core/dates.h"
#include "core/forms/field_type.h"

namespace core::forms {

using nlohmann::json;

static std::string Str(const json& o, const char* k) {
    auto it = o.find(k);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

static Condition ParseCondition(const json& o) {
    Condition c;
    if (!o.is_object() || !o.contains("field") || !o["field"].is_string()) return c;
    c.field = o["field"].get<std::string>();
    if (o.contains("equals")) { c.kind = Condition::Equals; c.value = o["equals"]; }
    else if (o.contains("in") && o["in"].is_array()) { c.kind = Condition::In; c.value = o["in"]; }
    else if (o.contains("filled")) c.kind = Condition::Filled;
    return c;
}

static bool HasValue(const json& v) {
    if (v.is_null()) return false;
    if (v.is_string()) return v.get<std::string>().find_first_not_of(" \t") != std::string::npos;
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_array() || v.is_object()) return !v.empty();
    return true;
}

bool Condition::Holds(const json& answers) const {
    if (kind == None) return true;
    json v = answers.is_object() && answers.contains(field) ? answers[field] : json();
    switch (kind) {
        case Equals: return v == value;
        case In: for (const json& x : value) if (v == x) return true; return false;
        case Filled: return HasValue(v);
        default: return true;
    }
}

static bool ParseField(const json& f, FormField* out, const std::string& where, std::vector<Message>* problems) {
    if (!f.is_object() || Str(f, "id").empty() || Str(f, "type").empty()) {
        if (problems) problems->push_back(Msg("form.problem_no_id", {{"where", where}}));
        return false;
    }
    out->id = Str(f, "id");
    out->type = Str(f, "type");
    out->kind = FindFieldType(out->type);
    if (!out->kind) {
        if (problems) problems->push_back(Msg("form.problem_unknown_type", {{"where", where}, {"label", Str(f, "label")}, {"type", out->type}}));
        return false;
    }
    out->label = Str(f, "label");
    out->hint = Str(f, "hint");
    out->profile = Str(f, "profile");
    out->add_label = Str(f, "add_label");
    out->required = core::JsonBool(f, "required");
    out->repeatable = core::JsonBool(f, "repeatable");
    if (f.contains("visible_if")) out->visible_if = ParseCondition(f["visible_if"]);
    if (f.contains("required_if")) out->required_if = ParseCondition(f["required_if"]);
    if (f.contains("options") && f["options"].is_array()) out->options = f["options"];
    if (f.contains("rules") && f["rules"].is_object()) out->rules = f["rules"];
    if (f.contains("accept") && f["accept"].is_array())
        for (const json& a : f["accept"]) if (a.is_string()) out->accept.push_back(a.get<std::string>());
    if (f.contains("max_size_mb") && f["max_size_mb"].is_number_integer()) out->max_size_mb = std::min(5, f["max_size_mb"].get<int>());
    out->min = (int)core::JsonNumber(f, "min");
    out->max = (int)core::JsonNumber(f, "max");
    if (out->kind->GetShape() == Shape::Group && f.contains("fields") && f["fields"].is_array())
        for (const json& sub : f["fields"]) {
            FormField sf;
            if (ParseField(sub, &sf, where + "." + out->id, problems)) out->fields.push_back(std::move(sf));
        }
    return true;
}

bool ParseFormSchema(const json& doc, FormSchema* out, std::vector<Message>* problems) {
    *out = FormSchema();
    if (!doc.is_object() || !doc.contains("steps") || !doc["steps"].is_array()) {
        if (problems) problems->push_back(Msg("form.problem_no_steps"));
        return false;
    }
    out->code = Str(doc, "code");
    out->title = Str(doc, "title");
    out->agency = Str(doc, "agency");
    out->version = (int)core::JsonNumber(doc, "version");
    for (const json& s : doc["steps"]) {
        if (!s.is_object()) continue;
        FormStep step{Str(s, "id"), Str(s, "title"), {}};
        if (s.contains("sections") && s["sections"].is_array())
            for (const json& sec : s["sections"]) {
                if (!sec.is_object()) continue;
                FormSection section{Str(sec, "title"), {}};
                if (sec.contains("fields") && sec["fields"].is_array())
                    for (const json& f : sec["fields"]) {
                        FormField field;
                        if (ParseField(f, &field, step.title, problems)) section.fields.push_back(std::move(field));
                    }
                step.sections.push_back(std::move(section));
            }
        out->steps.push_back(std::move(step));
    }
    return !out->steps.empty();
}

static FieldContext ContextFor(const FormField& f, const json& answers) {
    FieldContext ctx;
    ctx.answer = [&answers](const std::string& id) {
        return answers.is_object() && answers.contains(id) && answers[id].is_string() ? answers[id].get<std::string>() : std::string();
    };
    ctx.rules = &f.rules;
    ctx.options = &f.options;
    return ctx;
}

const FieldType* KindOf(const FormField& f) { return f.kind ? f.kind : FindFieldType(f.type); }

Message CheckAnswer(const FormField& f, const json& answer, const json& answers) {
    bool required = f.required || (f.required_if.kind != Condition::None && f.required_if.Holds(answers));
    if (!HasValue(answer)) return required ? Msg("field.required", {{"label", f.label}}) : Message();
    const FieldType* kind = KindOf(f);
    if (!kind) return Message();
    switch (kind->GetShape()) {
        case Shape::Line:
        case Shape::Multiline:
            return CheckText(*kind, answer.is_string() ? answer.get<std::string>() : answer.dump(), required, Arg("label", f.label),
                             ContextFor(f, answers)).error;
        case Shape::Select:
        case Shape::Radio:
            return kind->Check(answer.is_string() ? answer.get<std::string>() : answer.dump(), ContextFor(f, answers)).error;
        default:
            return Message();
    }
}

static void CheckFields(const std::vector<FormField>& fields, const json& scope, const json& answers, const std::string& prefix,
                        std::vector<FormError>* out) {
    for (const FormField& f : fields) {
        if (f.visible_if.kind != Condition::None && !f.visible_if.Holds(answers)) continue;
        json a = scope.is_object() && scope.contains(f.id) ? scope[f.id] : json();
        if (KindOf(f) && KindOf(f)->GetShape() == Shape::Group) {
            size_t n = a.is_array() ? a.size() : 0;
            if (f.repeatable && (int)n < std::max(f.required ? 1 : 0, f.min))
                out->push_back({prefix + f.id, MsgN("form.group_min", std::max(1, f.min), {{"label", f.label}})});
            if (f.max > 0 && (int)n > f.max) out->push_back({prefix + f.id, MsgN("form.group_max", f.max)});
            for (size_t i = 0; i < n; i++)
                CheckFields(f.fields, a[i], answers, prefix + f.id + "[" + std::to_string(i) + "].", out);
            continue;
        }
        Message e = CheckAnswer(f, a, answers);
        if (!e.empty()) out->push_back({prefix + f.id, e});
    }
}

std::vector<FormError> ValidateStep(const FormSchema& s, size_t step, const json& answers) {
    std::vector<FormError> out;
    if (step >= s.steps.size()) return out;
    for (const FormSection& sec : s.steps[step].sections) CheckFields(sec.fields, answers, answers, "", &out);
    return out;
}

json VisibleAnswers(const FormSchema& s, const json& answers) {
    json out = json::object();
    for (const FormStep& st : s.steps)
        for (const FormSection& sec : st.sections)
            for (const FormField& f : sec.fields) {
                if (f.visible_if.kind != Condition::None && !f.visible_if.Holds(answers)) continue;
                if (answers.is_object() && answers.contains(f.id)) out[f.id] = answers[f.id];
            }
    return out;
}

static json NormalizeOne(const FormField& f, const json& a, const json& answers) {
    const FieldType* kind = KindOf(f);
    if (!a.is_string() || !kind) return a;
    const std::string& text = a.get_ref<const std::string&>();
    switch (kind->GetShape()) {
        case Shape::Line:
        case Shape::Multiline: {
            FieldCheck c = kind->Check(text, ContextFor(f, answers));
            return c.ok() ? json(c.value) : json(TrimSpaces(text));
        }
        default:
            return a;
    }
}

static void NormalizeFields(const std::vector<FormField>& fields, const json& scope, const json& answers, json* out) {
    for (const FormField& f : fields) {
        if (f.visible_if.kind != Condition::None && !f.visible_if.Holds(answers)) continue;
        if (!scope.is_object() || !scope.contains(f.id)) continue;
        const json& a = scope[f.id];
        if (KindOf(f) && KindOf(f)->GetShape() == Shape::Group) {
            json list = json::array();
            if (a.is_array())
                for (const json& entry : a) {
                    json e = json::object();
                    NormalizeFields(f.fields, entry, answers, &e);
                    list.push_back(std::move(e));
                }
            (*out)[f.id] = std::move(list);
        } else if (HasValue(a)) {
            (*out)[f.id] = NormalizeOne(f, a, answers);
        }
    }
}

json NormalizedAnswers(const FormSchema& s, const json& answers) {
    json out = json::object();
    for (const FormStep& st : s.steps)
        for (const FormSection& sec : st.sections) NormalizeFields(sec.fields, answers, answers, &out);
    return out;
}

const FormField* FindField(const FormSchema& s, const std::string& id, size_t* step) {
    for (size_t i = 0; i < s.steps.size(); i++)
        for (const FormSection& sec : s.steps[i].sections)
            for (const FormField& f : sec.fields)
                if (f.id == id) {
                    if (step) *step = i;
                    return &f;
                }
    return nullptr;
}

// Splits "documents[1].file" into ("documents", 1, "file"); plain ids give index -1.
static bool SplitPath(const std::string& path, std::string* top, long* index, std::string* rest) {
    size_t br = path.find('[');
    if (br == std::string::npos) { *top = path; *index = -1; rest->clear(); return true; }
    size_t close = path.find("].", br);
    if (close == std::string::npos) return false;
    *top = path.substr(0, br);
    char* end = nullptr;
    std::string num = path.substr(br + 1, close - br - 1);
    *index = std::strtol(num.c_str(), &end, 10);
    if (num.empty() || *end != 0 || *index < 0) return false;
    *rest = path.substr(close + 2);
    return true;
}

const FormField* FindFieldByPath(const FormSchema& s, const std::string& path) {
    std::string top, rest;
    long index = -1;
    if (!SplitPath(path, &top, &index, &rest)) return nullptr;
    const FormField* f = FindField(s, top);
    if (!f || index < 0) return f;
    for (const FormField& sub : f->fields)
        if (sub.id == rest) return &sub;
    return nullptr;
}

json* AnswerAt(json& answers, const std::string& path, bool create) {
    std::string top, rest;
    long index = -1;
    if (!SplitPath(path, &top, &index, &rest) || !answers.is_object()) return nullptr;
    if (index < 0) {
        if (!create && !answers.contains(top)) return nullptr;
        return &answers[top];
    }
    if (!answers.contains(top) || !answers[top].is_array() || (size_t)index >= answers[top].size()) return nullptr;
    json& entry = answers[top][(size_t)index];
    if (!entry.is_object()) return nullptr;
    if (!create && !entry.contains(rest)) return nullptr;
    return &entry[rest];
}

}  // namespace core::forms
