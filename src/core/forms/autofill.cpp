#include "core/forms/autofill.h"

#include "core/dates.h"
#include "core/forms/field_type.h"

namespace core::forms {

using nlohmann::json;

static const json* At(const json& doc, const std::string& path) {
    const json* cur = &doc;
    size_t start = 0;
    while (start <= path.size()) {
        size_t dot = path.find('.', start);
        std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!cur->is_object()) return nullptr;
        auto it = cur->find(key);
        if (it == cur->end()) return nullptr;
        cur = &*it;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return cur;
}

std::string ProfileValue(const json& profile, const std::string& path) {
    const json* v = At(profile, path);
    if (!v) return "";
    if (v->is_object() && path == "passport") {
        std::string s = v->value("series", ""), n = v->value("number", "");
        return s.empty() || n.empty() ? "" : s + " " + n;
    }
    if (!v->is_string()) return "";
    std::string text = v->get<std::string>();
    Date d = ParseIsoDate(text);
    return d.valid() ? ToRussian(d) : text;
}

bool IsVerified(const json& verified, const std::string& path) {
    if (!verified.is_array()) return false;
    for (const json& v : verified) {
        if (!v.is_string()) continue;
        const std::string& p = v.get_ref<const std::string&>();
        if (path == p || (path.size() > p.size() && path.compare(0, p.size(), p) == 0 && path[p.size()] == '.')) return true;
    }
    return false;
}

// Fields whose answer is typed text (or a choice): what the profile can fill and learn from.
static bool IsTyped(const FormField& f) {
    const FieldType* kind = KindOf(f);
    if (!kind) return false;
    Shape s = kind->GetShape();
    return s == Shape::Line || s == Shape::Multiline || IsChoice(s);
}

AutofillResult Autofill(const FormSchema& schema, const json& profile, const json& verified, json* answers) {
    AutofillResult r;
    if (!answers->is_object()) *answers = json::object();
    for (const FormStep& st : schema.steps)
        for (const FormSection& sec : st.sections)
            for (const FormField& f : sec.fields) {
                if (f.profile.empty() || !IsTyped(f)) continue;
                std::string value = ProfileValue(profile, f.profile);
                if (value.empty()) continue;
                bool is_verified = IsVerified(verified, f.profile);
                auto it = answers->find(f.id);
                bool empty = it == answers->end() || !it->is_string() || it->get<std::string>().empty();
                // Verified data always comes from the profile; other answers only fill gaps.
                if (!empty && !is_verified) {
                    if (it->get<std::string>() == value) r.filled.insert(f.id);
                    continue;
                }
                (*answers)[f.id] = value;
                r.filled.insert(f.id);
                if (is_verified) r.verified.insert(f.id);
            }
    return r;
}

// The profile's stored form of an answer: ISO dates, normalised identifiers.
static std::string StoredForm(const FormField& f, const std::string& answer) {
    FieldContext ctx;
    ctx.answer = [](const std::string&) { return std::string(); };
    ctx.options = &f.options;
    FieldCheck c = KindOf(f)->Check(answer, ctx);  // rules were checked with the whole form already
    return c.ok() ? c.value : "";
}

std::vector<ProfileUpdate> ProfileUpdates(const FormSchema& schema, const json& answers, const json& profile, const json& verified) {
    std::vector<ProfileUpdate> out;
    if (!answers.is_object()) return out;
    for (const FormStep& st : schema.steps)
        for (const FormSection& sec : st.sections)
            for (const FormField& f : sec.fields) {
                if (f.profile.empty() || !IsTyped(f) || IsVerified(verified, f.profile)) continue;
                if (f.visible_if.kind != Condition::None && !f.visible_if.Holds(answers)) continue;
                auto it = answers.find(f.id);
                if (it == answers.end() || !it->is_string() || !CheckAnswer(f, *it, answers).empty()) continue;
                std::string stored = StoredForm(f, it->get<std::string>());
                if (stored.empty() || f.profile == "passport") continue;  // the passport is verified data
                const json* cur = At(profile, f.profile);
                std::string old = cur && cur->is_string() ? cur->get<std::string>() : "";
                if (old == stored) continue;
                out.push_back({f.profile, f.label, ProfileValue(profile, f.profile), stored});
            }
    return out;
}

json ApplyProfileUpdates(const json& profile, const std::vector<ProfileUpdate>& updates) {
    json out = profile.is_object() ? profile : json::object();
    for (const ProfileUpdate& u : updates) {
        json* cur = &out;
        size_t start = 0;
        for (;;) {
            size_t dot = u.path.find('.', start);
            std::string key = u.path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
            if (!cur->is_object()) *cur = json::object();
            if (dot == std::string::npos) { (*cur)[key] = u.new_value; break; }
            cur = &(*cur)[key];
            start = dot + 1;
        }
    }
    return out;
}

}  // namespace core::forms
