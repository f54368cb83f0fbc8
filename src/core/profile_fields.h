// The profile («Персональные данные», SPEC §2) as fields: path in the JSON document, label,
// kind; how each is shown, checked and stored; and the difference between two versions.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/forms/field_type.h"
#include "core/strings.h"

namespace core {

// A field of the profile: where it lives in the document and which field type checks it — the
// same descriptors as forms and registration (core/forms/fields), so a wrong СНИЛС gets the same
// message everywhere. Labels and sections are catalog keys.
struct ProfileField {
    const char* path;     // "passport.series"
    const char* label;    // "profile.field.passport_series"
    const char* section;  // "profile.section.passport"
    const char* type;     // "passport_series"
    nlohmann::json rules; // as in a form schema: {"letters": true}, {"min_age": 14} …
    bool required;
    const char* example;  // catalog key of the example inside the empty field ("" = the type's)
    const forms::FieldType& Type() const;
    nlohmann::json options;  // choices (gender): [{value, label key}]
};

const std::vector<ProfileField>& ProfileFields();
const ProfileField* FindProfileField(const std::string& path);
// What is asked of a family member (paths within the relative's entry): the same field types,
// labels and messages as the person's own.
const std::vector<ProfileField>& RelativeFields();

std::string GetPath(const nlohmann::json& doc, const std::string& path);
void SetPath(nlohmann::json& doc, const std::string& path, const std::string& value);

// As shown to people: dates in the reader's language, gender in words, "—" for empty.
std::string DisplayValue(const ProfileField& f, const nlohmann::json& doc);
// What is typed into the edit field for the stored value (dates as ДД.ММ.ГГГГ).
std::string EditText(const ProfileField& f, const nlohmann::json& doc);
// Checks typed text; empty when fine, else a message that says how to fix it. `doc` is the
// whole edited profile (the passport date depends on the birth date, the account on the БИК).
Message ValidateProfileText(const ProfileField& f, const std::string& text, const nlohmann::json& doc);
// Typed text → stored value (dates to ISO, СНИЛС/ИНН to digits, phone to +7…).
std::string StoredValue(const ProfileField& f, const std::string& text);

struct ProfileChange {
    std::string label, before, after;
};
// Field by field, in display form; family members and vehicles compared as lists.
std::vector<ProfileChange> DiffProfiles(const nlohmann::json& before, const nlohmann::json& after);

std::string RelationLabel(const std::string& relation);

}  // namespace core
