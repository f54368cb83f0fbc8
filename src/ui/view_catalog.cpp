// «Каталог услуг»: the first screen. Search and sections arrive with the catalog work;
// for now the page shows its heading, the search field and the sections of SPEC §3.
#include "imgui.h"
#include "ui/app.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

static const char* const kSections[] = {
    "Паспорта, регистрация, учёт", "Семья и дети", "Социальные выплаты и пособия",
    "Здоровье", "Образование", "Транспорт", "Налоги и финансы", "Бизнес и лицензии",
    "Жильё и недвижимость",
};

void DrawCatalogView(App& app) {
    Heading(core::Tr("nav.catalog"));
    Paragraph(core::Tr("catalog.lead"), true);
    ImGui::Dummy(ImVec2(0, 4));
    TextFieldOptions opt;
    opt.hint = core::Tr("catalog.search_hint");
    TextField(core::Tr("catalog.search"), "catalog-search", &app.catalog_query, opt);
    ImGui::Dummy(ImVec2(0, 12));

    float avail = ImGui::CalcItemWidth();  // the page column
    int columns = avail > 900 ? 3 : avail > 560 ? 2 : 1;
    float gap = 16.0f;
    float card_w = (avail - gap * (columns - 1)) / columns;
    for (int i = 0; i < (int)(sizeof(kSections) / sizeof(kSections[0])); i++) {
        if (i % columns != 0) ImGui::SameLine(0, gap);
        ImGui::PushID(i);
        ImVec2 pos = ImGui::GetCursorScreenPos();
        A11yCollector::SetNextRole(core::A11yRole::Link);
        A11yCollector::SetNextName(kSections[i]);
        ImGui::InvisibleButton("##section", ImVec2(card_w, 88));
        bool hovered = ImGui::IsItemHovered();
        if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(pos, ImVec2(pos.x + card_w, pos.y + 88), color::Rgb(color::kCard), 12.0f);
        dl->AddRect(pos, ImVec2(pos.x + card_w, pos.y + 88), color::Rgb(hovered ? color::kAccent : color::kBorder), 12.0f, 0, hovered ? 2.0f : 1.0f);
        dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(pos.x + 20, pos.y + 20), color::Rgb(color::kText), kSections[i], nullptr, card_w - 60);
        dl->AddText(ImVec2(pos.x + card_w - 32, pos.y + 34), color::Rgb(color::kAccent), ICON_CHEVRON_RIGHT);
        ImGui::PopID();
    }
}

}  // namespace ui
