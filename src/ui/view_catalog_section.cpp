// Section and sub-section pages of the catalog, and «Все услуги» (every service, as long as
// the catalog is: drawn through a list clipper, so 10,000 rows cost what the visible ones do).
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/app.h"
#include "ui/catalog_widgets.h"
#include "ui/widgets.h"

namespace ui {

void DrawCatalogSectionView(App& app) {
    CatalogState& c = app.catalog;
    if (!c.loaded) {
        Paragraph(core::Tr("catalog.loading"), true);
        return;
    }
    const core::Section* sec = nullptr;
    const core::Subsection* only = nullptr;
    if (app.CurrentScreen() == core::Screen::CatalogSubsection) only = c.catalog.FindSubsection(app.route_param, &sec);
    else sec = c.catalog.FindSection(app.route_param);
    if (!sec) {
        Heading(core::Tr("nav.not_found"));
        Paragraph(core::Tr("not_found.text"), true);
        return;
    }
    std::vector<Crumb> crumbs = {{core::Tr("nav.catalog"), core::Screen::Catalog, ""}};
    if (only) crumbs.push_back({sec->name, core::Screen::CatalogSection, sec->id});
    crumbs.push_back({only ? only->name : sec->name, core::Screen::CatalogSection, ""});
    Breadcrumbs(app, crumbs);
    ImGui::Dummy(ImVec2(0, 4));
    Heading(only ? only->name.c_str() : sec->name.c_str());
    if (!only) Paragraph(sec->description.c_str(), true);
    ImGui::Dummy(ImVec2(0, 8));
    float width = ImGui::CalcItemWidth();
    for (const core::Subsection& sub : sec->subsections) {
        if (only && &sub != only) continue;
        if (!only) {
            ImGui::PushID(sub.id.c_str());
            ImGui::PushFont(WidgetFonts().bold, size::kH2 - 2);
            A11yCollector::SetNextRole(core::A11yRole::Link);
            if (LinkButton(sub.name.c_str())) app.Navigate(core::Screen::CatalogSubsection, sub.id);
            ImGui::PopFont();
            ImGui::PopID();
            ImGui::Dummy(ImVec2(0, 2));
        }
        for (int idx : sub.services)
            if (ServiceRow(c.catalog, idx, {}, width)) app.Navigate(core::Screen::CatalogService, c.catalog.services[(size_t)idx].id);
        ImGui::Dummy(ImVec2(0, 10));
    }
}

void DrawCatalogAllView(App& app) {
    CatalogState& c = app.catalog;
    Breadcrumbs(app, {{core::Tr("nav.catalog"), core::Screen::Catalog, ""}, {core::Tr("catalog.all"), core::Screen::CatalogAll, ""}});
    ImGui::Dummy(ImVec2(0, 4));
    Heading(core::Tr("catalog.all"));
    if (!c.loaded) {
        Paragraph(core::Tr("catalog.loading"), true);
        return;
    }
    std::string count = core::TrN("catalog.found", (int)c.catalog.services.size());
    Paragraph(count.c_str(), true);
    A11yCollector::AddStatic(core::A11yRole::Status, count);
    float width = ImGui::CalcItemWidth();
    // Rows have one height here (names on one line), so the clipper can skip what is off screen.
    const float row_h = 64.0f;
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(12, 4));
    ImGuiListClipper clipper;
    clipper.Begin((int)c.catalog.services.size(), row_h + 4);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; i++) {
            const core::Service& s = c.catalog.services[(size_t)i];
            ImGui::PushID(i);
            ImVec2 pos = ImGui::GetCursorScreenPos();
            A11yCollector::SetNextRole(core::A11yRole::Link);
            A11yCollector::SetNextName(s.name);
            if (ImGui::InvisibleButton("##row", ImVec2(width, row_h), ImGuiButtonFlags_EnableNav)) app.Navigate(core::Screen::CatalogService, s.id);
            bool hovered = ImGui::IsItemHovered();
            ImDrawList* dl = ImGui::GetWindowDrawList();
            dl->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + row_h), color::Rgb(hovered ? color::kRowHover : color::kCard), 8.0f);
            dl->AddRect(pos, ImVec2(pos.x + width, pos.y + row_h), color::Rgb(hovered ? color::kAccent : color::kBorder), 8.0f);
            ImGui::PushClipRect(pos, ImVec2(pos.x + width - 16, pos.y + row_h), true);
            dl->AddText(ImVec2(pos.x + 16, pos.y + 10), color::Rgb(color::kText), s.name.c_str());
            std::string facts = FeeText(s.fee) + "  ·  " + DaysText(s.days);
            dl->AddText(WidgetFonts().regular, size::kSmall, ImVec2(pos.x + 16, pos.y + 36), color::Rgb(color::kMuted), facts.c_str());
            ImGui::PopClipRect();
            ImGui::PopID();
        }
    }
    ImGui::PopStyleVar();
}

}  // namespace ui
