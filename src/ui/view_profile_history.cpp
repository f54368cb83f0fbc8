// «Профиль → История изменений»: every version with its date and reason; a selected version is
// compared with the current data field by field and can be restored (after confirmation).
#include "core/dates.h"
#include "core/profile_fields.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/app.h"
#include "ui/widgets.h"

namespace ui {

using nlohmann::json;

static std::string ReasonText(const std::string& reason) {
    if (reason == "registration") return core::Tr("profile.reason_registration");
    if (reason.rfind("restore:", 0) == 0) return std::string(core::Tr("profile.reason_restore")) + " " + reason.substr(8);
    return core::Tr("profile.reason_edit");
}

static std::string Fill(const char* key, int n) { return core::Tr(key, {{"n", n}}); }

static void SelectVersion(App& app, int version) {
    app.session().profile.selected_version = version;
    app.session().profile.selected = json();
    app.api.Get("/profile/versions/" + std::to_string(version), [&app, version](client::ApiResult r) {
        app.RequestFrames();
        if (app.session().profile.selected_version != version) return;
        if (!r.error.ok()) { app.session().profile.error = r.error; return; }
        app.session().profile.selected = r.body;
    });
}

static void Restore(App& app) {
    int v = app.session().profile.selected_version;
    app.api.Post("/profile/versions/" + std::to_string(v) + "/restore", json{{"base_version", app.session().profile.version}}, [&app](client::ApiResult r) {
        app.RequestFrames();
        app.session().profile.restore_confirm_open = false;
        if (!r.error.ok()) { app.session().profile.error = r.error; return; }
        app.session().profile.data = r.body.value("data", json::object());
        app.session().profile.version = r.body.value("version", app.session().profile.version);
        app.session().profile.notice = core::Tr("profile.restored");
        app.session().profile.selected_version = 0;
        app.session().profile.selected = json();
        app.LoadVersions();
    }, client::RequestOptions::Create());
}

void DrawProfileHistoryView(App& app) {
    ProfileState& p = app.session().profile;
    DrawProfileTabs(app);
    Paragraph(core::Tr("profile.history_lead"), true);
    if (!p.notice.empty()) Alert(AlertKind::Info, p.notice.c_str());
    if (!p.versions.is_array()) {
        if (!p.versions_loading && p.error.ok()) app.LoadVersions();
        Paragraph(core::Tr("common.loading"), true);
        return;
    }
    ImGui::Dummy(ImVec2(0, 4));
    float avail = ImGui::CalcItemWidth();
    bool two_columns = avail > 760;
    float list_w = two_columns ? 300.0f : avail;
    ImGui::BeginGroup();
    for (const json& v : p.versions) {
        int n = v.value("version", 0);
        std::string label = Fill("profile.version", n);
        if (n == p.version) label += std::string(" (") + core::Tr("profile.current") + ")";
        label += "\n" + core::FormatTimestamp(v.value("created_at", 0LL)) + " · " + ReasonText(v.value("reason", ""));
        ImGui::PushID(n);
        A11yCollector::SetNextRole(core::A11yRole::ListItem);
        A11yCollector::SetNextState(p.selected_version == n ? (unsigned)core::A11yState_Selected : 0u);
        A11yCollector::SetNextName(Fill("profile.version", n));
        if (ImGui::Selectable(label.c_str(), p.selected_version == n, 0, ImVec2(list_w, 56))) SelectVersion(app, n);
        ImGui::PopID();
    }
    ImGui::EndGroup();
    if (two_columns) ImGui::SameLine(0, 24);
    ImGui::BeginGroup();
    if (p.selected_version > 0 && p.selected.is_object() && p.loaded) {
        float w = two_columns ? avail - list_w - 24 : avail;
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
        Heading(Fill("profile.compare_title", p.selected_version).c_str(), 2);
        std::vector<core::ProfileChange> changes = core::DiffProfiles(p.selected.value("data", json::object()), p.data);
        if (changes.empty()) Paragraph(core::Tr("profile.same_as_current"), true);
        for (const core::ProfileChange& c : changes) {
            ImGui::PushFont(WidgetFonts().bold, 0.0f);
            ImGui::TextWrapped("%s", c.label.c_str());
            ImGui::PopFont();
            std::string line = std::string(core::Tr("profile.before")) + " (" + Fill("profile.version", p.selected_version) + "): " + c.before;
            ImGui::TextWrapped("%s", line.c_str());
            std::string now = std::string(core::Tr("profile.after")) + " (" + core::Tr("profile.current") + "): " + c.after;
            ImGui::TextWrapped("%s", now.c_str());
            A11yCollector::AddStatic(core::A11yRole::Text, c.label + ". " + line + ". " + now);
            ImGui::Dummy(ImVec2(0, 4));
        }
        if (!changes.empty() && p.selected_version != p.version && PrimaryButton(core::Tr("profile.restore")))
            p.restore_confirm_open = true;
        ImGui::PopTextWrapPos();
    }
    ImGui::EndGroup();

    if (BeginDialog("##restore", Fill("profile.restore_title", p.selected_version).c_str(), &p.restore_confirm_open)) {
        Paragraph(core::Tr("profile.restore_lead"));
        ImGui::Dummy(ImVec2(0, 6));
        if (PrimaryButton(core::Tr("profile.confirm"))) Restore(app);
        ImGui::SameLine();
        if (SecondaryButton(core::Tr("profile.cancel"))) p.restore_confirm_open = false;
        EndDialog();
    }
}

}  // namespace ui
