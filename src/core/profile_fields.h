// The profile («Персональные данные», SPEC §2) as fields: path in the JSON document, label,
// kind; how each is shown, checked and stored; and the difference between two versions.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace core {

enum class FieldKind { Name, OptionalName, Date, Gender, Text, Snils, Inn, PassportSeries, PassportNumber, PassportDate,
                       DivisionCode, Phone, Email, Bik, Account };

struct ProfileField {
    const char* path;     // "passport.series"
    const char* label;    // «Серия паспорта»
    const char* section;  // «Паспорт РФ»
    FieldKind kind;
    const char* hint;
};

const std::vector<ProfileField>& ProfileFields();
const ProfileField* FindProfileField(const std::string& path);

std::string GetPath(const nlohmann::json& doc, const std::string& path);
void SetPath(nlohmann::json& doc, const std::string& path, const std::string& value);

// As shown to people: dates as ДД.ММ.ГГГГ, gender in words, "—" for empty.
std::string DisplayValue(const ProfileField& f, const nlohmann::json& doc);
// What is typed into the edit field for the stored value (dates as ДД.ММ.ГГГГ).
std::string EditText(const ProfileField& f, const nlohmann::json& doc);
// Checks typed text; "" when fine, else a message that says how to fix it. `doc` is the
// whole edited profile (the passport date depends on the birth date, the account on the БИК).
std::string ValidateProfileText(const ProfileField& f, const std::string& text, const nlohmann::json& doc);
// Typed text → stored value (dates to ISO, СНИЛС/ИНН to digits, phone to +7…).
std::string StoredValue(const ProfileField& f, const std::string& text);

struct ProfileChange {
    std::string label, before, after;
};
// Field by field, in display form; family members and vehicles compared as lists.
std::vector<ProfileChange> DiffProfiles(const nlohmann::json& before, const nlohmann::json& after);

std::string RelationLabel(const std::string& relation);

}  // namespace core
