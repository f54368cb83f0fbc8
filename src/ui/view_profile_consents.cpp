// «Профиль → Согласия»: what the citizen agreed to, when, and for what; withdraw or give.
#include "core/dates.h"
#include "imgui.h"
#include "ui/app.h"
#include "ui/widgets.h"

namespace ui {

using nlohmann::json;


void DrawProfileConsentsView(App& app) {
    ProfileState& p = app.session().profile;
    DrawProfileTabs(app);
    Paragraph(core::Tr("profile.consents_lead"), true);
    ImGui::Dummy(ImVec2(0, 4));
    if (!p.consents.is_array()) {
        Paragraph(core::Tr("common.loading"), true);
        return;
    }
    std::vector<std::string> active;
    for (const json& c : p.consents) {
        ImGui::PushID(c.value("id", "").c_str());
        BeginCard("##consent");
        bool withdrawn = c.contains("withdrawn_at") && !c["withdrawn_at"].is_null();
        ImGui::PushFont(WidgetFonts().bold, 0.0f);
        ImGui::TextWrapped("%s", c.value("title", "").c_str());
        ImGui::PopFont();
        std::string when = core::Tr("profile.consent_given", {{"when", core::FormatTimestamp(c.value("given_at", 0LL))}});
        if (withdrawn) when += " · " + core::Tr("profile.consent_withdrawn", {{"when", core::FormatTimestamp(c["withdrawn_at"].get<long long>())}});
        Paragraph(when.c_str(), true);
        A11yCollector::AddStatic(core::A11yRole::Text, c.value("title", "") + ". " + when);
        if (!withdrawn) {
            active.push_back(c.value("purpose", ""));
            if (SecondaryButton(core::Tr("profile.withdraw"))) {
                app.api.Delete("/consents/" + c.value("id", ""), [&app](client::ApiResult r) {
                    if (!r.error.ok()) app.session().profile.error = r.error;
                    app.LoadConsents();
                });
            }
        }
        EndCard();
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, 4));
    }
    // Purposes without an active consent can be given again.
    if (p.consent_purposes.is_object()) {
        for (auto it = p.consent_purposes.begin(); it != p.consent_purposes.end(); ++it) {
            if (std::find(active.begin(), active.end(), it.key()) != active.end()) continue;
            ImGui::PushID(it.key().c_str());
            std::string label = std::string(core::Tr("profile.give")) + ": " + it.value().get<std::string>();
            if (LinkButton(label.c_str())) {
                app.api.Post("/consents", json{{"purpose", it.key()}}, [&app](client::ApiResult r) {
                    if (!r.error.ok()) app.session().profile.error = r.error;
                    app.LoadConsents();
                }, client::RequestOptions::Create());
            }
            ImGui::PopID();
            ImGui::Dummy(ImVec2(0, 2));
        }
    }
}

}  // namespace ui
