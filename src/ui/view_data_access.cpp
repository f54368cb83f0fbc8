// «Профиль → Кто смотрел мои данные» (after Estonia's Data Tracker): every time an agency or
// anyone else read the person's data — an application registered or worked on, a document
// checked by its code — with who, when, what and why; filtered by organisation and period.
#include "core/dates.h"
#include "core/json_read.h"
#include "imgui.h"
#include "ui/app.h"
#include "ui/widgets.h"

namespace ui {

using nlohmann::json;

void DrawDataAccessView(App& app) {
    DataAccessState& d = app.session().data_access;
    DrawProfileTabs(app);
    Paragraph(core::Tr("data_access.lead"), true);
    ImGui::Dummy(ImVec2(0, 4));
    bool narrow = app.NarrowLayout();
    float column = ImGui::GetContentRegionAvail().x;
    const char* all = core::Tr("data_access.all_organisations");
    if (BeginSelect("##who", core::Tr("data_access.organisation"), d.who.empty() ? all : d.who.c_str(), narrow ? column : 320.0f)) {
        A11yCollector::SetNextRole(core::A11yRole::ListItem);
        if (ImGui::Selectable(all, d.who.empty())) {
            d.who.clear();
            app.LoadDataAccess();
        }
        if (d.organisations.is_array()) {
            for (const json& o : d.organisations) {
                if (!o.is_string()) continue;
                A11yCollector::SetNextRole(core::A11yRole::ListItem);
                if (ImGui::Selectable(o.get<std::string>().c_str(), d.who == o.get<std::string>())) {
                    d.who = o.get<std::string>();
                    app.LoadDataAccess();
                }
            }
        }
        EndSelect();
    }
    if (!narrow) ImGui::SameLine();
    static const char* kPeriods[] = {"data_access.period_all", "data_access.period_week", "data_access.period_month", "data_access.period_year"};
    if (BeginSelect("##period", core::Tr("data_access.period"), core::Tr(kPeriods[d.period]), narrow ? column : 220.0f)) {
        for (int i = 0; i < 4; i++) {
            A11yCollector::SetNextRole(core::A11yRole::ListItem);
            if (ImGui::Selectable(core::Tr(kPeriods[i]), d.period == i)) {
                d.period = i;
                app.LoadDataAccess();
            }
        }
        EndSelect();
    }
    ImGui::Dummy(ImVec2(0, 8));
    if (!d.error.ok() && Alert(AlertKind::Error, d.error.Text().c_str(), core::Tr("common.retry"))) app.LoadDataAccess();
    if (!d.items.is_array()) {
        if (d.error.ok()) Paragraph(core::Tr("common.loading"), true);
        return;
    }
    if (d.items.empty()) {
        Paragraph(core::Tr("data_access.empty"), true);
        A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("data_access.empty"));
    }
    for (size_t i = 0; i < d.items.size(); i++) {
        const json& e = d.items[i];
        if (!e.is_object()) continue;
        ImGui::PushID((int)i);
        BeginCard("##access");
        std::string who = core::JsonText(e, "who");
        std::string when = core::FormatTimestamp((long long)core::JsonNumber(e, "at"));
        Heading(who.c_str(), 3);
        Paragraph(when.c_str(), true);
        FieldRow(core::Tr("data_access.what"), core::JsonText(e, "what"));
        FieldRow(core::Tr("data_access.why"), core::JsonText(e, "why"));
        EndCard();
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, 6));
    }
}

}  // namespace ui
