// «Профиль → Личные данные»: every field of SPEC §2. Verified data (from a state registry)
// is shown as text with «Подтверждено»; the rest can be edited. Saving shows the changes
// for confirmation first, then creates a new version on the server.
#include <cstring>

#include "core/dates.h"
#include "core/profile_fields.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/app.h"
#include "ui/form_fields.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

static TextFieldOptions FieldOptions(const core::ProfileField& f) { return OptionsFor(f.Type(), f.rules, f.required, f.example); }

using nlohmann::json;

void DrawProfileTabs(App& app) {
    SectionTabs(app, "profile.title", "##profile-tabs",
                {{core::Screen::Profile, "profile.tab_data"}, {core::Screen::ProfileHistory, "profile.tab_history"},
                 {core::Screen::ProfileConsents, "profile.tab_consents"}, {core::Screen::ProfileSecurity, "profile.tab_security"},
                 {core::Screen::ProfileDataAccess, "profile.tab_data_access"}});
    if (!app.session().profile.error.ok()) {
        if (Alert(AlertKind::Error, app.session().profile.error.Text().c_str(), core::Tr("common.retry"))) {
            app.session().profile.error = client::ApiError();
            app.LoadProfile();
        }
    }
}

static bool IsVerified(const ProfileState& p, const char* path) {
    if (!p.verified.is_array()) return false;
    std::string top = std::string(path).substr(0, std::string(path).find('.'));
    for (const json& v : p.verified)
        if (v.is_string() && (v.get<std::string>() == path || v.get<std::string>() == top)) return true;
    return false;
}

static void StartEditing(ProfileState& p) {
    p.editing = true;
    p.text.clear();
    p.errors.clear();
    p.notice.clear();
    for (const core::ProfileField& f : core::ProfileFields()) p.text[f.path] = core::EditText(f, p.data);
    p.family = p.data.value("family", json::array());
    p.vehicles = p.data.value("vehicles", json::array());
}

// The profile as it would be saved from the edit fields.
static json EditedDocument(const ProfileState& p) {
    json doc = p.data;
    for (const core::ProfileField& f : core::ProfileFields()) {
        auto it = p.text.find(f.path);
        if (it != p.text.end()) core::SetPath(doc, f.path, core::StoredValue(f, it->second));
    }
    doc["family"] = p.family;
    doc["vehicles"] = p.vehicles;
    return doc;
}

static bool ValidateAll(ProfileState& p) {
    p.errors.clear();
    json doc = EditedDocument(p);
    for (const core::ProfileField& f : core::ProfileFields()) {
        if (IsVerified(p, f.path)) continue;
        core::Message e = core::ValidateProfileText(f, p.text[f.path], doc);
        if (!e.empty()) p.errors[f.path] = e;
    }
    // A relative's name and birth date (core::RelativeFields), checked as the backend will.
    for (size_t i = 0; i < p.family.size(); i++) {
        const json& m = p.family[i];
        std::string prefix = "family[" + std::to_string(i) + "].";
        for (const core::ProfileField& f : core::RelativeFields()) {
            core::Message e = core::ValidateProfileText(f, f.Type().EditText(m.value(f.path, "")), m);
            if (!e.empty()) p.errors[prefix + f.path] = e;
        }
    }
    return p.errors.empty();
}

static void Save(App& app) {
    ProfileState& p = app.session().profile;
    p.saving = true;
    json body = {{"base_version", p.version}, {"data", EditedDocument(p)}};
    app.api.Put("/profile", body, [&app](client::ApiResult r) {
        ProfileState& p = app.session().profile;
        p.saving = false;
        p.confirm_open = false;
        app.RequestFrames();
        if (!r.error.ok()) {
            // Field errors from the server land next to the fields; nothing typed is lost.
            for (const client::FieldError& fe : r.error.fields) p.errors[fe.field] = core::RawMsg(fe.message);
            p.error = r.error;
            return;
        }
        p.error = client::ApiError();
        p.data = r.body.value("data", json::object());
        p.verified = r.body.value("verified", json::array());
        p.version = r.body.value("version", p.version);
        p.editing = false;
        p.notice = core::Tr("profile.saved", {{"n", p.version}});
        p.versions = json();  // history is stale now
    });
}

static void DrawFamilyEditor(ProfileState& p) {
    static const char* const kRelations[] = {"spouse", "child", "parent", "sibling", "other"};
    for (size_t i = 0; i < p.family.size(); i++) {
        json& m = p.family[i];
        ImGui::PushID((int)i);
        std::string prefix = "family[" + std::to_string(i) + "].";
        std::string rel = m.value("relation", "other");
        // Each relative's fields carry the person's own labels («Фамилия» again): a heading says
        // whose they are, and a screen reader hears «Фамилия — член семьи 2», not a second «Фамилия».
        int n = (int)i + 1;
        Heading(core::Tr("profile.relative_n", {{"n", n}}).c_str(), 3);
        auto named = [n](const char* label) { return core::Tr("profile.relative_field", {{"field", label}, {"n", n}}); };
        ImGui::TextUnformatted(core::Tr("profile.relation"));
        if (BeginSelect("##relation", named(core::Tr("profile.relation")).c_str(), core::RelationLabel(rel).c_str(), 260)) {
            for (const char* r : kRelations)
                if (ImGui::Selectable(core::RelationLabel(r).c_str(), rel == r)) m["relation"] = r;
            EndSelect();
        }
        for (const core::ProfileField& f : core::RelativeFields()) {
            const char* key = f.path;
            std::string v = f.Type().EditText(m.value(key, ""));
            std::string err = ErrorFor(p.errors, prefix + key);
            TextFieldOptions opt = FieldOptions(f);
            opt.error = err.c_str();
            std::string name = named(core::Tr(f.label));
            opt.a11y_name = name.c_str();
            if (TextField(core::Tr(f.label), key, &v, opt)) m[key] = core::StoredValue(f, v);
        }
        A11yCollector::SetNextName(core::Tr("profile.remove_relative", {{"n", n}}));
        if (SecondaryButton(core::Tr("profile.remove"))) {
            p.family.erase(p.family.begin() + (long)i);
            ImGui::PopID();
            break;
        }
        ImGui::Separator();
        ImGui::PopID();
    }
    if (p.family.size() < 20 && SecondaryButton((std::string(ICON_USERS "  ") + core::Tr("profile.add_relative") + "##add-relative").c_str()))
        p.family.push_back({{"relation", "child"}, {"last_name", ""}, {"first_name", ""}, {"middle_name", ""}, {"birth_date", ""}});
}

void DrawProfileView(App& app) {
    ProfileState& p = app.session().profile;
    DrawProfileTabs(app);
    if (!p.loaded) {
        if (!p.load.Loading() && p.error.ok()) app.LoadProfile();
        Paragraph(core::Tr("profile.loading"), true);
        return;
    }
    if (!p.notice.empty()) Alert(AlertKind::Info, p.notice.c_str());
    if (!p.editing) {
        if (PrimaryButton(core::Tr("profile.edit"))) StartEditing(p);
        ImGui::Dummy(ImVec2(0, 4));
    }

    const char* section = "";
    bool card_open = false;
    // What the fields would save, computed once per frame (verified rows show it while editing).
    const json edited = p.editing ? EditedDocument(p) : json();
    for (const core::ProfileField& f : core::ProfileFields()) {
        if (strcmp(section, f.section) != 0) {
            if (card_open) EndCard();
            section = f.section;
            ImGui::Dummy(ImVec2(0, 4));
            BeginCard(f.section);
            card_open = true;
            Heading(core::Tr(f.section), 2);
            ImGui::Dummy(ImVec2(0, 2));
        }
        bool verified = IsVerified(p, f.path);
        if (!p.editing || verified) {
            FieldRow(core::Tr(f.label), core::DisplayValue(f, p.editing ? edited : p.data), verified);
            continue;
        }
        if (core::forms::IsChoice(f.Type().GetShape())) {
            std::string& g = p.text[f.path];
            ImGui::TextUnformatted(core::Tr(f.label));
            for (size_t i = 0; i < f.options.size(); i++) {
                std::string value = f.options[i].value("value", "");
                if (i > 0) ImGui::SameLine(0, 24);
                A11yCollector::SetNextRole(core::A11yRole::Radio);
                if (ImGui::RadioButton(core::Tr(f.options[i].value("label", "").c_str()), g == value)) g = value;
            }
            continue;
        }
        std::string err = ErrorFor(p.errors, f.path);
        TextFieldOptions opt = FieldOptions(f);
        opt.error = err.c_str();
        TextField(core::Tr(f.label), f.path, &p.text[f.path], opt);
        if (LastFieldDeactivated()) {
            core::Message e = core::ValidateProfileText(f, p.text[f.path], edited);
            if (e.empty()) p.errors.erase(f.path); else p.errors[f.path] = e;
        }
    }
    if (card_open) EndCard();
    if (p.verified.is_array() && !p.verified.empty()) Paragraph(core::Tr("profile.verified_note"), true);

    ImGui::Dummy(ImVec2(0, 4));
    BeginCard("family");
    Heading(core::Tr("profile.family"), 2);
    if (p.editing) {
        DrawFamilyEditor(p);
    } else {
        json fam = p.data.value("family", json::array());
        if (fam.empty()) Paragraph(core::Tr("profile.none"), true);
        for (const json& m : fam)
            FieldRow(core::RelationLabel(m.value("relation", "")).c_str(),
                     m.value("last_name", "") + " " + m.value("first_name", "") + " " + m.value("middle_name", "") + ", " +
                         core::IsoToRussian(m.value("birth_date", "")));
    }
    EndCard();
    ImGui::Dummy(ImVec2(0, 4));
    BeginCard("vehicles");
    Heading(core::Tr("profile.vehicles"), 2);
    json veh = p.data.value("vehicles", json::array());
    if (veh.empty()) Paragraph(core::Tr("profile.none"), true);
    for (const json& v : veh) FieldRow(v.value("plate", "").c_str(), v.value("make", "") + " " + v.value("model", "") + ", VIN " + v.value("vin", ""));
    EndCard();

    // «Записи на приём»: the upcoming visits (soonest first: the backend sends the newest start first).
    ImGui::Dummy(ImVec2(0, 4));
    BeginCard("visits");
    Heading(core::Tr("appointments.title"), 2);
    const AppointmentsState& ap = app.session().appointments;
    int upcoming = 0;
    for (size_t i = ap.items.size(); i-- > 0;) {
        const core::Appointment& a = ap.items[i];
        if (!a.Upcoming()) continue;
        upcoming++;
        FieldRow(AppointmentWhen(a).c_str(),
                 a.service_name + " — " + a.office_name);
    }
    if (!upcoming) Paragraph(core::Tr(ap.loaded ? "appointments.none_upcoming" : "appointments.loading"), true);
    if (SecondaryButton((std::string(core::Tr("appointments.open_list")) + "##visits").c_str())) app.Navigate(core::Screen::Appointments);
    EndCard();

    if (p.editing) {
        ImGui::Dummy(ImVec2(0, 8));
        if (!p.errors.empty()) Alert(AlertKind::Error, core::Tr("profile.fix_errors"));
        if (PrimaryButton(core::Tr("profile.save"))) {
            if (ValidateAll(p)) p.confirm_open = true;
        }
        ImGui::SameLine();
        if (SecondaryButton(core::Tr("profile.cancel"))) { p.editing = false; p.errors.clear(); }
    }

    if (BeginDialog("##confirm-profile", core::Tr("profile.confirm_title"), &p.confirm_open)) {
        std::vector<core::ProfileChange> changes = core::DiffProfiles(p.data, EditedDocument(p));
        if (changes.empty()) Paragraph(core::Tr("profile.no_changes"));
        else Paragraph(core::Tr("profile.confirm_lead"));
        ImGui::BeginChild("##changes", ImVec2(0, ImMin(320.0f, 64.0f * (float)changes.size() + 8)), ImGuiChildFlags_None);
        for (const core::ProfileChange& c : changes) {
            ImGui::PushFont(WidgetFonts().bold, 0.0f);
            ImGui::TextWrapped("%s", c.label.c_str());
            ImGui::PopFont();
            std::string before = std::string(core::Tr("profile.before")) + ": " + c.before;
            std::string after = std::string(core::Tr("profile.after")) + ": " + c.after;
            ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kMuted));
            ImGui::TextWrapped("%s", before.c_str());
            ImGui::PopStyleColor();
            ImGui::TextWrapped("%s", after.c_str());
            ImGui::Dummy(ImVec2(0, 4));
            std::string line = before + ". " + after;
            A11yCollector::AddStatic(core::A11yRole::Text, c.label + ". " + line);
        }
        ImGui::EndChild();
        ImGui::Dummy(ImVec2(0, 6));
        // Save() sets p.saving: the pair must follow the state at the start (ImGui asserted
        // "EndDisabled() too many times" on the click that saved).
        const bool saving = p.saving;
        if (saving) ImGui::BeginDisabled();
        if (PrimaryButton(core::Tr("profile.confirm")) && !changes.empty()) Save(app);
        if (saving) ImGui::EndDisabled();
        ImGui::SameLine();
        if (SecondaryButton(core::Tr("profile.cancel"))) p.confirm_open = false;
        EndDialog();
    }
}

}  // namespace ui
