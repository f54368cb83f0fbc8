// «Мои заявления»: drafts («Черновики», continue or delete) and submitted applications with their
// numbers, statuses (core::app_status) and expected dates; each opens its detail
// (view_application.cpp).
#include "core/app_status.h"
#include "core/dates.h"
#include "core/json_read.h"
#include <algorithm>

#include "imgui.h"
#include "imgui_internal.h"
#include "ui/app.h"
#include "ui/catalog_widgets.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

using nlohmann::json;

static void DeleteDraft(App& app, const std::string& code) {
    // The device's copy and the server's.
    const client::LocalStore& store = app.LocalStore();
    if (store.remove) store.remove(client::FormSession::DraftStorageKey(app.auth_.CurrentAccount().id, code));
    if (app.session().form.Active() && app.session().form.FormCode() == code) app.session().form.Stop();
    app.api.Delete("/drafts/" + core::PercentEncode(code), [&app](client::ApiResult r) {
        if (!r.error.ok()) app.session().form_ui.lists_error = r.error;
        app.LoadApplications();
    });
}

// Search by number or service, a status, an order. The statuses offered are those the person's
// applications have (a filter that can only show nothing is not offered).
// One application in the list, compact (three lines, like the portal's own list): its service
// and «Подробнее» side by side, the status with the dates, the number with the agency. As
// key-value rows a card took 340 px, two to a 1280×800 screen; now about 150. The accessible
// texts stay one per fact («Номер заявления: …», «Подано: …»).
static void DrawApplicationCard(App& app, const json& a, float avail) {
    std::string number = core::JsonText(a, "number");
    std::string details = std::string(core::Tr("applications.details")) + "  " ICON_CHEVRON_RIGHT "##open";
    const ImGuiStyle& st = ImGui::GetStyle();
    float button_w = ImGui::CalcTextSize(details.c_str(), nullptr, true).x + st.FramePadding.x * 2;
    bool beside = avail >= button_w * 3;  // a phone puts the button under the card's text
    ImVec2 start = ImGui::GetCursorPos();
    // Beside the button, the text keeps out of its column.
    ImGui::PushTextWrapPos(start.x + (beside ? avail - button_w - st.ItemSpacing.x * 2 : avail));
    ImGui::PushFont(WidgetFonts().bold, size::kH3);
    ImGui::TextWrapped("%s", core::JsonText(a, "title").c_str());
    ImGui::PopFont();
    A11yCollector::AddStatic(core::A11yRole::Heading, core::JsonText(a, "title"), 3);

    core::AppStatus status = core::StatusFromCode(core::JsonText(a, "status"));
    StatusBadge(status);
    std::string submitted = core::FormatTimestamp((long long)core::JsonNumber(a, "created_at"));
    std::string when = core::Tr("applications.submitted_at") + std::string(" ") + submitted;
    bool expected = !core::IsTerminal(status) && core::JsonNumber(a, "expected_at") > 0;
    std::string expected_at = expected ? core::FormatDate(core::LocalDateOf((long long)core::JsonNumber(a, "expected_at"))) : "";
    std::string due = expected ? core::Tr("applications.expected_at") + std::string(" ") + expected_at : "";
    std::string dates = expected ? when + " · " + due : when;
    // Beside the badge only when it fits there whole (at 200 % on a phone it was a letter a
    // line); when the two dates do not fit one line, one line each (not «11.» and «12.2026»).
    float text_w = beside ? avail - button_w - st.ItemSpacing.x * 2 : avail;
    float dates_w = ImGui::CalcTextSize(dates.c_str()).x;
    if (ImGui::GetItemRectSize().x + st.ItemSpacing.x + dates_w <= text_w) ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kMuted));
    if (dates_w <= text_w) {
        ImGui::TextWrapped("%s", dates.c_str());
    } else {
        ImGui::TextWrapped("%s", when.c_str());
        if (expected) ImGui::TextWrapped("%s", due.c_str());
    }
    A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("applications.submitted_at") + std::string(": ") + submitted);
    if (expected) A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("applications.expected_at") + std::string(": ") + expected_at);
    std::string agency = core::JsonText(a, "agency");
    ImGui::TextWrapped("%s", (core::Tr("applications.number_short", {{"number", number}}) + " · " + agency).c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("form.number") + std::string(": ") + number);
    A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("catalog.agency") + std::string(": ") + agency);

    float text_bottom = ImGui::GetItemRectMax().y;  // screen space, without the spacing after it
    if (beside) ImGui::SetCursorPos(ImVec2(start.x + avail - button_w, start.y));
    A11yCollector::SetNextName(core::Tr("applications.open", {{"number", number}}));
    if (SecondaryButton(details.c_str())) app.Navigate(core::Screen::ApplicationDetail, number);
    if (beside) {
        // Back under the text, so that the card ends at whichever is lower (an item must be
        // submitted there: moving the cursor alone does not extend the group).
        ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, text_bottom));
        ImGui::Dummy(ImVec2(0, 0));
    }
}

static void DrawListFilter(App& app, FormUi& ui) {
    bool narrow = app.NarrowLayout();
    float column = ImGui::GetContentRegionAvail().x;
    TextFieldOptions opt;
    opt.width = narrow ? column : ImMin(column, 420.0f);
    opt.max_bytes = 200;
    opt.hint = core::Tr("applications.search_hint");
    TextField(core::Tr("applications.search"), "##applications-search", &ui.filter.query, opt);
    // The statuses present, gathered when the list changes (not on every frame).
    if (ui.codes_version != ui.applications_version) {
        ui.codes_version = ui.applications_version;
        ui.status_codes.clear();
        for (const json& a : ui.applications) {
            std::string c = core::JsonText(a, "status");
            if (!c.empty() && c.size() <= 40 && std::find(ui.status_codes.begin(), ui.status_codes.end(), c) == ui.status_codes.end())
                ui.status_codes.push_back(c);
        }
    }
    const std::vector<std::string>& codes = ui.status_codes;
    auto label = [](const std::string& code) { return core::Tr(core::StatusLabelKey(core::StatusFromCode(code))); };
    const char* all = core::Tr("applications.status_all");
    if (BeginSelect("##status", core::Tr("applications.status_filter"), ui.filter.status.empty() ? all : label(ui.filter.status), narrow ? column : 260.0f)) {
        A11yCollector::SetNextRole(core::A11yRole::ListItem);
        if (ImGui::Selectable(all, ui.filter.status.empty())) ui.filter.status.clear();
        for (const std::string& c : codes) {
            A11yCollector::SetNextRole(core::A11yRole::ListItem);
            if (ImGui::Selectable((std::string(label(c)) + "##" + c).c_str(), ui.filter.status == c)) ui.filter.status = c;
        }
        EndSelect();
    }
    if (!narrow) ImGui::SameLine();
    int sort = (int)ui.filter.sort;
    if (BeginSelect("##sort", core::Tr("applications.sort"), core::Tr(core::ApplicationSortKey(ui.filter.sort)), narrow ? column : 300.0f)) {
        for (int i = 0; i < core::kApplicationSortCount; i++) {
            A11yCollector::SetNextRole(core::A11yRole::ListItem);
            if (ImGui::Selectable(core::Tr(core::ApplicationSortKey((core::ApplicationSort)i)), sort == i)) ui.filter.sort = (core::ApplicationSort)i;
        }
        EndSelect();
    }
    ImGui::Dummy(ImVec2(0, 4));
}

void DrawApplicationsView(App& app) {
    FormUi& ui = app.session().form_ui;
    DrawApplicationsTabs(app);
    if (!ui.lists_error.ok() && Alert(AlertKind::Error, ui.lists_error.Text().c_str(), core::Tr("common.retry"))) app.LoadApplications();
    if (ui.lists_load.Loading() && ui.applications.empty() && ui.drafts.empty()) {
        Paragraph(core::Tr("applications.loading"), true);
        return;
    }
    ImGui::Dummy(ImVec2(0, 6));
    Heading(core::Tr("applications.drafts"), 2);
    if (ui.drafts.empty()) {
        Paragraph(core::Tr("applications.no_drafts"), true);
        A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("applications.no_drafts"));
    }
    for (size_t i = 0; i < ui.drafts.size(); i++) {
        const json& d = ui.drafts[i];
        if (!d.is_object()) continue;
        ImGui::PushID((int)i);
        BeginCard("##draft");
        std::string title = std::string(ICON_FILE_TEXT " ") + core::JsonText(d, "title");
        Heading(title.c_str(), 3);
        Paragraph(core::Tr("applications.saved_at", {{"when", core::FormatTimestamp((long long)core::JsonNumber(d, "updated_at"))}}).c_str(), true);
        std::string service = core::JsonText(d, "service_id");
        A11yCollector::SetNextName(std::string(core::Tr("applications.continue")) + ": " + core::JsonText(d, "title"));
        if (PrimaryButton(core::Tr("applications.continue"))) app.Navigate(core::Screen::ServiceForm, service);
        ImGui::SameLine();
        A11yCollector::SetNextName(std::string(core::Tr("applications.delete")) + ": " + core::JsonText(d, "title"));
        if (SecondaryButton((std::string(ICON_TRASH "  ") + core::Tr("applications.delete") + "##del").c_str())) {
            ui.delete_draft = core::JsonText(d, "form_code");
            ui.delete_open = true;
        }
        EndCard();
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, 8));
    }
    ImGui::Dummy(ImVec2(0, 10));
    Heading(core::Tr("applications.submitted"), 2);
    if (ui.applications.empty()) {
        Paragraph(core::Tr("applications.none"), true);
        A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("applications.none"));
    } else {
        DrawListFilter(app, ui);
    }
    if (ui.shown_version != ui.applications_version || ui.shown_for != ui.filter) {
        ui.shown = core::FilterApplications(ui.applications, ui.filter);
        ui.shown_version = ui.applications_version;
        ui.shown_for = ui.filter;
    }
    if (!ui.applications.empty()) {
        std::string found = core::TrN("applications.found", (long long)ui.shown.size());
        Paragraph(found.c_str(), true);
        A11yCollector::AddStatic(core::A11yRole::Status, found);
    }
    // Only the cards in view are drawn; the others are stepped over by their height as last drawn
    // (or the typical one). With 10,000 applications drawing every card took far over the frame
    // budget (bench/applications_scroll.mjs). A keyboard move (Tab, arrows) also draws the next card
    // beyond each edge, so focus can step off screen and the page scrolls to it.
    float width = ImGui::CalcItemWidth();
    int lang = (int)app.Language();
    if (ui.card_h_width != width || ui.card_h_lang != lang || ui.card_h_scale != app.TextScale() || ui.card_h_version != ui.applications_version) {
        if (ui.card_h_version == ui.applications_version) ui.card_h_typical = 0;  // another layout: measured anew
        ui.card_h.clear();
        ui.card_h_width = width;
        ui.card_h_lang = lang;
        ui.card_h_scale = app.TextScale();
        ui.card_h_version = ui.applications_version;
    }
    if (ui.card_h.size() != ui.applications.size()) ui.card_h.resize(ui.applications.size(), 0.0f);
    const ImRect clip = ImGui::GetCurrentWindow()->ClipRect;
    float reach = GImGui->NavMoveScoringItems ? ui.card_h_typical : 0.0f;
    float view_top = clip.Min.y - reach, view_bottom = clip.Max.y + reach;
    float skipped = 0;
    auto step_over = [&]() {
        if (skipped <= 0) return;
        ImGui::Dummy(ImVec2(width, ImMax(0.0f, skipped - ImGui::GetStyle().ItemSpacing.y)));
        skipped = 0;
    };
    for (size_t i : ui.shown) {
        if (i >= ui.applications.size()) continue;
        const json& a = ui.applications[i];
        if (!a.is_object()) continue;
        float known = ui.card_h[i] > 0 ? ui.card_h[i] : ui.card_h_typical;
        float y = ImGui::GetCursorScreenPos().y + skipped;
        if (known > 0 && (y + known < view_top || y > view_bottom)) {
            skipped += known;
            continue;
        }
        step_over();
        float top = ImGui::GetCursorScreenPos().y;
        ImGui::PushID((int)i);
        DrawApplicationCard(app, a, BeginFlatCard());
        EndFlatCard();
        ImGui::PopID();
        float h = ImGui::GetCursorScreenPos().y - top;
        ui.card_h[i] = h;
        if (ui.card_h_typical <= 0) ui.card_h_typical = h;
    }
    step_over();

    if (BeginDialog("##delete-draft", core::Tr("applications.delete_title"), &ui.delete_open)) {
        std::string title = ui.delete_draft;
        for (const json& d : ui.drafts)
            if (d.is_object() && core::JsonText(d, "form_code") == ui.delete_draft) title = core::JsonText(d, "title");
        Paragraph(core::Tr("applications.delete_text", {{"title", title}}).c_str());
        ImGui::Dummy(ImVec2(0, 8));
        if (PrimaryButton(core::Tr("applications.delete_confirm"))) {
            DeleteDraft(app, ui.delete_draft);
            ui.delete_open = false;
        }
        ImGui::SameLine();
        if (SecondaryButton(core::Tr("applications.cancel"))) ui.delete_open = false;
        EndDialog();
    }
}

}  // namespace ui
