// «Каталог услуг», the first screen: search as you type with filters; without a query —
// popular services, the ones the user opened recently, and the sections.
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/app.h"
#include "ui/catalog_widgets.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

static bool SameFilters(const core::SearchFilters& a, const core::SearchFilters& b) {
    return a.online_only == b.online_only && a.free_only == b.free_only && a.max_days == b.max_days && a.section == b.section;
}

static void DrawFilters(App& app) {
    CatalogState& c = app.catalog;
    CheckBox(core::Tr("catalog.online_only"), &c.filters.online_only);
    ImGui::SameLine(0, 24);
    CheckBox(core::Tr("catalog.free_only"), &c.filters.free_only);
    bool narrow = app.NarrowLayout();
    float column = ImGui::CalcItemWidth();
    if (!narrow) ImGui::SameLine(0, 24);
    static const int kDays[] = {0, 1, 5, 10, 30};
    std::string days_label = c.filters.max_days ? core::TrN("catalog.days_up_to", c.filters.max_days) : core::Tr("catalog.any_days");
    if (BeginSelect("##days", core::Tr("catalog.max_days"), days_label.c_str(), narrow ? column : 200.0f)) {
        for (int d : kDays) {
            std::string label = d ? core::TrN("catalog.days_up_to", d) : core::Tr("catalog.any_days");
            if (ImGui::Selectable(label.c_str(), c.filters.max_days == d)) c.filters.max_days = d;
        }
        EndSelect();
    }
    if (!narrow) ImGui::SameLine(0, 12);
    const core::Section* sec = c.catalog.FindSection(c.filters.section);
    if (BeginSelect("##section", core::Tr("catalog.section"), sec ? sec->name.c_str() : core::Tr("catalog.any_section"),
                    narrow ? column : ImMin(320.0f, ImGui::GetContentRegionAvail().x))) {
        if (ImGui::Selectable(core::Tr("catalog.any_section"), c.filters.section.empty())) c.filters.section.clear();
        for (const core::Section& s : c.catalog.sections)
            if (ImGui::Selectable(s.name.c_str(), c.filters.section == s.id)) c.filters.section = s.id;
        EndSelect();
    }
}

static void DrawResults(App& app, float width) {
    CatalogState& c = app.catalog;
    if (!c.searched || c.searched_query != c.query || !SameFilters(c.searched_filters, c.filters)) {
        c.hits = c.index.Search(c.query, c.filters, 50);
        c.searched_query = c.query;
        c.searched_filters = c.filters;
        c.searched = true;
    }
    if (c.hits.empty()) {
        Alert(AlertKind::Info, core::Tr("catalog.nothing"));
        return;
    }
    std::string found = core::TrN("catalog.found", (int)c.hits.size());
    Paragraph(found.c_str(), true);
    A11yCollector::AddStatic(core::A11yRole::Status, found);
    for (const core::SearchHit& h : c.hits)
        if (ServiceRow(c.catalog, h.service, h.highlight, width)) app.Navigate(core::Screen::CatalogService, c.catalog.services[(size_t)h.service].id);
}

static void DrawSectionsGrid(App& app, float avail) {
    const core::Catalog& cat = app.catalog.catalog;
    int columns = avail > 900 ? 3 : avail > 560 ? 2 : 1;
    float gap = 16.0f;
    float card_w = (avail - gap * (float)(columns - 1)) / (float)columns;
    for (size_t i = 0; i < cat.sections.size(); i++) {
        const core::Section& s = cat.sections[i];
        if (i % (size_t)columns != 0) ImGui::SameLine(0, gap);
        ImGui::PushID((int)i);
        ImVec2 pos = ImGui::GetCursorScreenPos();
        A11yCollector::SetNextRole(core::A11yRole::Link);
        A11yCollector::SetNextName(s.name);
        if (ImGui::InvisibleButton("##section", ImVec2(card_w, 104), ImGuiButtonFlags_EnableNav)) app.Navigate(core::Screen::CatalogSection, s.id);
        bool hovered = ImGui::IsItemHovered();
        if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(pos, ImVec2(pos.x + card_w, pos.y + 104), color::Rgb(color::kCard), 12.0f);
        dl->AddRect(pos, ImVec2(pos.x + card_w, pos.y + 104), color::Rgb(hovered ? color::kAccent : color::kBorder), 12.0f, 0, hovered ? 2.0f : 1.0f);
        ImGui::PushFont(WidgetFonts().bold, 0.0f);
        dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(pos.x + 20, pos.y + 18), color::Rgb(color::kText), s.name.c_str(), nullptr, card_w - 60);
        ImGui::PopFont();
        dl->AddText(WidgetFonts().regular, size::kSmall, ImVec2(pos.x + 20, pos.y + 46), color::Rgb(color::kMuted), s.description.c_str(), nullptr, card_w - 60);
        dl->AddText(ImVec2(pos.x + card_w - 32, pos.y + 42), color::Rgb(color::kAccent), ICON_CHEVRON_RIGHT);
        ImGui::RenderNavCursor(ImRect(pos, ImVec2(pos.x + card_w, pos.y + 104)), ImGui::GetItemID());
        ImGui::PopID();
    }
}

void DrawCatalogView(App& app) {
    CatalogState& c = app.catalog;
    Heading(core::Tr("nav.catalog"));
    Paragraph(core::Tr("catalog.lead"), true);
    ImGui::Dummy(ImVec2(0, 4));
    float width = ImGui::CalcItemWidth();
    TextFieldOptions opt;
    opt.hint = core::Tr("catalog.search_hint");
    opt.max_bytes = 200;
    // The query lives in the URL (replaced, not pushed, while typing): Back returns to these results.
    if (TextField(core::Tr("catalog.search"), "catalog-search", &c.query, opt)) app.ReplaceRoute(core::Screen::Catalog, c.query);
    if (c.loaded) DrawFilters(app);
    ImGui::Dummy(ImVec2(0, 8));

    if (!c.error.ok()) {
        std::string msg = c.error.Text();
        if (Alert(AlertKind::Error, msg.c_str(), core::Tr("common.retry"))) app.LoadCatalog();
    }
    if (!c.problems.empty()) {
        std::string msg = core::Tr("catalog.partial", {{"what", c.problems.front().Text() + (c.problems.size() > 1 ? " (+" + std::to_string(c.problems.size() - 1) + ")" : "")}});
        Alert(AlertKind::Warning, msg.c_str());
    }
    if (!c.loaded) {
        if (c.loading) Paragraph(core::Tr("catalog.loading"), true);
        return;
    }
    bool searching = c.query.find_first_not_of(" \t") != std::string::npos || c.filters.Active();
    if (searching) {
        DrawResults(app, width);
        return;
    }
    std::vector<int>& recent = app.session().recent_services;
    if (!recent.empty()) {
        Heading(core::Tr("catalog.recent"), 2);
        for (size_t i = 0; i < recent.size() && i < 5; i++)
            if (ServiceRow(c.catalog, recent[i], {}, width)) app.Navigate(core::Screen::CatalogService, c.catalog.services[(size_t)recent[i]].id);
        ImGui::Dummy(ImVec2(0, 8));
    }
    if (!c.catalog.popular.empty()) {
        Heading(core::Tr("catalog.popular"), 2);
        for (int idx : c.catalog.popular)
            if (ServiceRow(c.catalog, idx, {}, width)) app.Navigate(core::Screen::CatalogService, c.catalog.services[(size_t)idx].id);
        ImGui::Dummy(ImVec2(0, 8));
    }
    Heading(core::Tr("catalog.sections"), 2);
    DrawSectionsGrid(app, width);
    ImGui::Dummy(ImVec2(0, 8));
    std::string all = core::TrN("catalog.all_link", (int)c.catalog.services.size());
    if (LinkButton(all.c_str())) app.Navigate(core::Screen::CatalogAll);
}

}  // namespace ui
