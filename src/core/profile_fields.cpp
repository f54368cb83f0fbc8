#include "core/profile_fields.h"

#include "core/dates.h"
#include "core/identifiers.h"
#include "core/login_identifier.h"

namespace core {

using nlohmann::json;

const std::vector<ProfileField>& ProfileFields() {
    static const json kName = {{"letters", true}, {"max_length", 100}};
    static const json kAddress = {{"max_length", 300}};
    static const json kGender = json::array({{{"value", "male"}, {"label", "profile.gender_male"}},
                                              {{"value", "female"}, {"label", "profile.gender_female"}}});
    static const std::vector<ProfileField> fields = {
        {"last_name", "profile.field.last_name", "profile.section.main", "text", kName, true, "", {}},
        {"first_name", "profile.field.first_name", "profile.section.main", "text", kName, true, "", {}},
        {"middle_name", "profile.field.middle_name", "profile.section.main", "text", kName, false, "profile.example.middle_name", {}},
        // Личный кабинет is for people of 14 and over (SPEC §2).
        {"birth_date", "profile.field.birth_date", "profile.section.main", "date", {{"not_future", true}, {"min_age", 14}}, true, "", {}},
        {"gender", "profile.field.gender", "profile.section.main", "radio", json::object(), false, "", kGender},
        {"passport.series", "profile.field.passport_series", "profile.section.passport", "passport_series", json::object(), false, "", {}},
        {"passport.number", "profile.field.passport_number", "profile.section.passport", "passport_number", json::object(), false, "", {}},
        // A passport is issued no earlier than the 14th birthday.
        {"passport.issued_at", "profile.field.passport_issued_at", "profile.section.passport", "date",
         {{"not_future", true}, {"after_birthday", {{"field", "birth_date"}, {"years", 14}}}}, false, "", {}},
        {"passport.issued_by", "profile.field.passport_issued_by", "profile.section.passport", "text", kAddress, false, "", {}},
        {"passport.division_code", "profile.field.division_code", "profile.section.passport", "division_code", json::object(), false, "", {}},
        {"snils", "profile.field.snils", "profile.section.ids", "snils", json::object(), false, "", {}},
        // The profile holds a person's ИНН: 12 digits (the field type also knows the 10 of an organisation).
        {"inn", "profile.field.inn", "profile.section.ids", "inn", {{"length", 12}}, false, "profile.example.inn", {}},
        {"registration_address", "profile.field.registration_address", "profile.section.addresses", "address", kAddress, false, "profile.example.address", {}},
        {"residence_address", "profile.field.residence_address", "profile.section.addresses", "address", kAddress, false, "profile.example.address", {}},
        {"phone", "profile.field.phone", "profile.section.contacts", "phone", json::object(), false, "", {}},
        {"email", "profile.field.email", "profile.section.contacts", "email", json::object(), false, "", {}},
        {"bank.bik", "profile.field.bik", "profile.section.bank", "bik", json::object(), false, "profile.example.bik", {}},
        {"bank.account", "profile.field.account", "profile.section.bank", "account", {{"matches_bik", "bank.bik"}}, false, "profile.example.account", {}},
    };
    return fields;
}

const forms::FieldType& ProfileField::Type() const {
    const forms::FieldType* t = forms::FindFieldType(type);
    return t ? *t : *forms::FindFieldType("text");  // every type above is registered (a unit test walks them)
}

const std::vector<ProfileField>& RelativeFields() {
    // The person's own name fields; the birth date without the person's age rule (a relative may
    // be a child) but required, as the backend requires it. (With the person's field, a child's
    // date failed the 14-years rule, was stored as typed instead of ISO, passed the check that
    // dropped the rule, and the backend refused the whole save.)
    static const std::vector<ProfileField> fields = [] {
        std::vector<ProfileField> out;
        for (const char* path : {"last_name", "first_name", "middle_name", "birth_date"}) out.push_back(*FindProfileField(path));
        out[3].rules = {{"not_future", true}};
        return out;
    }();
    return fields;
}

const ProfileField* FindProfileField(const std::string& path) {
    for (const ProfileField& f : ProfileFields())
        if (path == f.path) return &f;
    return nullptr;
}

std::string GetPath(const json& doc, const std::string& path) {
    const json* node = &doc;
    size_t start = 0;
    while (true) {
        size_t dot = path.find('.', start);
        std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!node->is_object() || !node->contains(key)) return "";
        node = &(*node)[key];
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return node->is_string() ? node->get<std::string>() : "";
}

void SetPath(json& doc, const std::string& path, const std::string& value) {
    json* node = &doc;
    size_t start = 0;
    while (true) {
        size_t dot = path.find('.', start);
        std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!node->is_object()) *node = json::object();
        if (dot == std::string::npos) {
            (*node)[key] = value;
            return;
        }
        node = &(*node)[key];
        start = dot + 1;
    }
}

static forms::FieldContext ContextFor(const ProfileField& f, const json& doc) {
    forms::FieldContext ctx;
    ctx.answer = [&doc](const std::string& path) { return GetPath(doc, path); };
    ctx.rules = &f.rules;
    ctx.options = &f.options;
    return ctx;
}

std::string DisplayValue(const ProfileField& f, const json& doc) {
    std::string v = GetPath(doc, f.path);
    if (v.empty()) return "—";
    for (const json& o : f.options)
        if (o.value("value", "") == v) return Tr(o.value("label", "").c_str());
    return f.Type().Display(v);
}

std::string EditText(const ProfileField& f, const json& doc) { return f.Type().EditText(GetPath(doc, f.path)); }

Message ValidateProfileText(const ProfileField& f, const std::string& raw, const json& doc) {
    return forms::CheckText(f.Type(), raw, f.required, Arg::Key("label", f.label), ContextFor(f, doc)).error;
}

std::string StoredValue(const ProfileField& f, const std::string& raw) {
    std::string t = forms::TrimSpaces(raw);
    if (t.empty()) return t;
    json empty = json::object();
    forms::FieldCheck c = f.Type().Check(t, ContextFor(f, empty));
    return c.ok() ? c.value : t;
}

std::string RelationLabel(const std::string& r) {
    if (r == "spouse" || r == "child" || r == "parent" || r == "sibling") return Tr(("profile.relation_" + r).c_str());
    return Tr("profile.relation_other");
}

static std::string PersonLine(const json& p) {
    if (!p.is_object()) return "";
    std::string s = RelationLabel(p.value("relation", "")) + ": " + p.value("last_name", "") + " " + p.value("first_name", "");
    std::string middle = p.value("middle_name", "");
    if (!middle.empty()) s += " " + middle;
    std::string born = p.value("birth_date", "");
    if (!born.empty()) s += ", " + FormatDate(ParseIsoDate(born));
    return s;
}

static std::string VehicleLine(const json& v) {
    if (!v.is_object()) return "";
    return v.value("make", "") + " " + v.value("model", "") + ", " + v.value("plate", "");
}

static std::string ListText(const json& doc, const char* key, std::string (*line)(const json&)) {
    std::string out;
    if (!doc.is_object() || !doc.contains(key) || !doc[key].is_array()) return "—";
    for (const json& item : doc[key]) {
        if (!out.empty()) out += "; ";
        out += line(item);
    }
    return out.empty() ? "—" : out;
}

std::vector<ProfileChange> DiffProfiles(const json& before, const json& after) {
    std::vector<ProfileChange> out;
    for (const ProfileField& f : ProfileFields()) {
        std::string a = DisplayValue(f, before), b = DisplayValue(f, after);
        if (a != b) out.push_back({std::string(Tr(f.section)) + " — " + Tr(f.label), a, b});
    }
    std::string fa = ListText(before, "family", PersonLine), fb = ListText(after, "family", PersonLine);
    if (fa != fb) out.push_back({Tr("profile.family"), fa, fb});
    std::string va = ListText(before, "vehicles", VehicleLine), vb = ListText(after, "vehicles", VehicleLine);
    if (va != vb) out.push_back({Tr("profile.vehicles"), va, vb});
    return out;
}

}  // namespace core
