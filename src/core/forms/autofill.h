// Autofill (SPEC §4): fields bound to a profile path ("last_name", "passport.issued_at") are filled
// from the profile and marked «из профиля»; verified data (from the registries) is shown as text
// and changed only in the profile. After submission, answers that differ from the profile may be
// saved to it.
#pragma once
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/forms/form_schema.h"

namespace core::forms {

// The profile value at `path` as the form shows it (ISO dates → ДД.ММ.ГГГГ, the passport object
// → "4510 123456"), or "" when the profile has none.
std::string ProfileValue(const nlohmann::json& profile, const std::string& path);
// Whether `path` is verified (a verified "passport" covers "passport.issued_at").
bool IsVerified(const nlohmann::json& verified_paths, const std::string& path);

struct AutofillResult {
    std::set<std::string> filled;    // field ids filled from the profile
    std::set<std::string> verified;  // of those, the ones shown as text
};
// Fills empty answers of top-level bound fields from the profile; answers the user already
// gave are kept (a restored draft wins over the profile).
AutofillResult Autofill(const FormSchema& schema, const nlohmann::json& profile, const nlohmann::json& verified_paths,
                        nlohmann::json* answers);

struct ProfileUpdate {
    std::string path, label, old_value, new_value;  // new_value as stored in the profile
};
// Answers of bound, unverified fields that are valid and differ from the profile.
std::vector<ProfileUpdate> ProfileUpdates(const FormSchema& schema, const nlohmann::json& answers, const nlohmann::json& profile,
                                          const nlohmann::json& verified_paths);
// Writes the updates into a copy of the profile document (dates back to ISO, passport split).
nlohmann::json ApplyProfileUpdates(const nlohmann::json& profile, const std::vector<ProfileUpdate>& updates);

}  // namespace core::forms
