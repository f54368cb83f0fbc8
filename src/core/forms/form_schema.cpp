#include "core/forms/form_schema.h"
#include "core/json_read.h"

#include <cmath>
#include <regex>

#include "core/dates.h"
#include "core/forms/field_type.h"

namespace core::forms {

using nlohmann::json;

static const char* const kPlainTypes[] = {"text", "textarea", "number", "money", "date", "select", "radio", "checkbox", "address", "file", "group"};

static bool KnownType(const std::string& t) {
    for (const char* k : kPlainTypes)
        if (t == k) return true;
    return FindFieldType(t) != nullptr;
}

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

static bool ParseField(const json& f, FormField* out, const std::string& where, std::vector<std::string>* problems) {
    if (!f.is_object() || Str(f, "id").empty() || Str(f, "type").empty()) {
        if (problems) problems->push_back(where + ": поле без идентификатора или типа пропущено");
        return false;
    }
    out->id = Str(f, "id");
    out->type = Str(f, "type");
    if (!KnownType(out->type)) {
        if (problems) problems->push_back(where + ": поле «" + Str(f, "label") + "» неизвестного типа «" + out->type + "» не показано");
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
    if (out->type == "group" && f.contains("fields") && f["fields"].is_array())
        for (const json& sub : f["fields"]) {
            FormField sf;
            if (ParseField(sub, &sf, where + "." + out->id, problems)) out->fields.push_back(std::move(sf));
        }
    return true;
}

bool ParseFormSchema(const json& doc, FormSchema* out, std::vector<std::string>* problems) {
    *out = FormSchema();
    if (!doc.is_object() || !doc.contains("steps") || !doc["steps"].is_array()) {
        if (problems) problems->push_back("форма: нет шагов");
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

static double Number(const json& v, bool* ok) {
    *ok = true;
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) {
        std::string s;
        for (char c : v.get<std::string>()) if (c != ' ') s += c == ',' ? '.' : c;
        char* end = nullptr;
        double d = std::strtod(s.c_str(), &end);
        if (!s.empty() && end && *end == 0 && std::isfinite(d)) return d;
    }
    *ok = false;
    return 0;
}

// Names: Cyrillic and Latin letters, spaces, hyphens and apostrophes (also ’), nothing else.
static bool OnlyLetters(const std::string& s) {
    for (size_t i = 0; i < s.size(); i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == ' ' || c == '-' || c == '\'') continue;
        if ((c == 0xD0 || c == 0xD1) && i + 1 < s.size() && ((unsigned char)s[i + 1] & 0xC0) == 0x80) { i++; continue; }  // А-я, Ёё
        if (c == 0xE2 && i + 2 < s.size() && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99) { i += 2; continue; }  // ’
        return false;
    }
    return true;
}

std::string CheckAnswer(const FormField& f, const json& answer, const json& answers) {
    bool required = f.required || (f.required_if.kind != Condition::None && f.required_if.Holds(answers));
    if (!HasValue(answer)) return required ? "Заполните поле «" + f.label + "»" : "";
    const json& r = f.rules;
    std::string text = answer.is_string() ? answer.get<std::string>() : "";
    if (const FieldType* t = FindFieldType(f.type)) {
        FieldContext ctx;
        ctx.answer = [&answers](const std::string& id) {
            return answers.is_object() && answers.contains(id) && answers[id].is_string() ? answers[id].get<std::string>() : std::string();
        };
        if (r.contains("matches_bik") && r["matches_bik"].is_string()) ctx.bik_field = r["matches_bik"].get<std::string>();
        FieldCheck c = t->Check(text, ctx);
        if (!c.ok()) return c.error;
        if (r.contains("length") && r["length"].is_number_integer() && (int)c.value.size() != r["length"].get<int>())
            return "Нужно " + std::to_string(r["length"].get<int>()) + " цифр";
        return "";
    }
    if (f.type == "text" || f.type == "textarea" || f.type == "address") {
        if (core::JsonBool(r, "letters") && !OnlyLetters(text)) return "Только буквы, пробел, дефис и апостроф";
        size_t max = (size_t)core::JsonNumber(r, "max_length", f.type == "textarea" ? 2000 : 300);
        if (text.size() > max * 2) return "Слишком длинно: не более " + std::to_string(max) + " символов";
        if (r.contains("pattern") && r["pattern"].is_string()) {
            std::string v = text;
            if (core::JsonBool(r, "uppercase")) for (char& c : v) if (c >= 'a' && c <= 'z') c = (char)(c - 32);
            try {
                if (!std::regex_match(v, std::regex(r["pattern"].get<std::string>())))
                    return core::JsonText(r, "pattern_message", "Проверьте формат");
            } catch (const std::regex_error&) {
                return "";  // a broken rule from the backend does not block the citizen
            }
        }
        return "";
    }
    if (f.type == "number" || f.type == "money") {
        bool ok = false;
        double d = Number(answer, &ok);
        if (!ok) return "Введите число";
        if (core::JsonBool(r, "integer") && d != std::floor(d)) return "Введите целое число";
        if (r.contains("min") && r["min"].is_number() && d < r["min"].get<double>()) return "Не меньше " + r["min"].dump();
        if (r.contains("max") && r["max"].is_number() && d > r["max"].get<double>()) return "Не больше " + r["max"].dump();
        return "";
    }
    if (f.type == "date") {
        Date d = ParseRussianDate(text);
        if (!d.valid()) d = ParseIsoDate(text);
        if (!d.valid()) return "Введите дату в формате ДД.ММ.ГГГГ";
        Date today = Today();
        if (core::JsonBool(r, "not_future") && today < d) return "Дата не может быть в будущем";
        if (core::JsonBool(r, "not_past") && d < today) return "Дата не может быть в прошлом";
        if (r.contains("min_age") && r["min_age"].is_number_integer() && YearsBetween(d, today) < r["min_age"].get<int>())
            return "Возраст должен быть не меньше " + r["min_age"].dump() + " лет";
        if (r.contains("max_age") && r["max_age"].is_number_integer() && YearsBetween(d, today) > r["max_age"].get<int>())
            return "Возраст должен быть не больше " + r["max_age"].dump() + " лет";
        if (r.contains("max_days_ahead") && r["max_days_ahead"].is_number_integer() &&
            DaysFromCivil(d) - DaysFromCivil(today) > r["max_days_ahead"].get<long>())
            return "Не позже чем через " + r["max_days_ahead"].dump() + " дней от сегодняшнего";
        if (r.contains("after_birthday") && r["after_birthday"].is_object()) {
            std::string bf = core::JsonText(r["after_birthday"], "field");
            int years = (int)core::JsonNumber(r["after_birthday"], "years");
            Date born = answers.contains(bf) && answers[bf].is_string() ? ParseRussianDate(answers[bf].get<std::string>()) : Date();
            if (!born.valid() && answers.contains(bf) && answers[bf].is_string()) born = ParseIsoDate(answers[bf].get<std::string>());
            if (born.valid() && YearsBetween(born, d) < years) return "Не раньше " + std::to_string(years) + "-летия";
        }
        return "";
    }
    if (f.type == "select" || f.type == "radio") {
        for (const json& o : f.options)
            if (o.is_object() && o.contains("value") && o["value"] == answer) return "";
        return "Выберите один из вариантов";
    }
    return "";
}

static void CheckFields(const std::vector<FormField>& fields, const json& scope, const json& answers, const std::string& prefix,
                        std::vector<FormError>* out) {
    for (const FormField& f : fields) {
        if (f.visible_if.kind != Condition::None && !f.visible_if.Holds(answers)) continue;
        json a = scope.is_object() && scope.contains(f.id) ? scope[f.id] : json();
        if (f.type == "group") {
            size_t n = a.is_array() ? a.size() : 0;
            if (f.repeatable && (int)n < std::max(f.required ? 1 : 0, f.min))
                out->push_back({prefix + f.id, "Добавьте хотя бы " + std::to_string(std::max(1, f.min)) + ": «" + f.label + "»"});
            if (f.max > 0 && (int)n > f.max) out->push_back({prefix + f.id, "Не больше " + std::to_string(f.max) + " записей"});
            for (size_t i = 0; i < n; i++)
                CheckFields(f.fields, a[i], answers, prefix + f.id + "[" + std::to_string(i) + "].", out);
            continue;
        }
        std::string e = CheckAnswer(f, a, answers);
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
    if (!a.is_string()) return a;
    const std::string& text = a.get_ref<const std::string&>();
    if (f.type == "date") {
        Date d = ParseRussianDate(text);
        if (!d.valid()) d = ParseIsoDate(text);
        return d.valid() ? json(ToIso(d)) : a;
    }
    if (const FieldType* t = FindFieldType(f.type)) {
        FieldContext ctx;
        ctx.answer = [&answers](const std::string& id) {
            return answers.is_object() && answers.contains(id) && answers[id].is_string() ? answers[id].get<std::string>() : std::string();
        };
        FieldCheck c = t->Check(text, ctx);
        return c.ok() ? json(c.value) : a;
    }
    if (f.type == "number" || f.type == "money") {
        std::string s;
        for (char c : text) if (c != ' ') s += c == ',' ? '.' : c;
        return s;
    }
    return TrimSpaces(text);
}

static void NormalizeFields(const std::vector<FormField>& fields, const json& scope, const json& answers, json* out) {
    for (const FormField& f : fields) {
        if (f.visible_if.kind != Condition::None && !f.visible_if.Holds(answers)) continue;
        if (!scope.is_object() || !scope.contains(f.id)) continue;
        const json& a = scope[f.id];
        if (f.type == "group") {
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
