#include "ui/catalog_widgets.h"

#include "core/strings.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/a11y_collector.h"
#include "ui/app.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace ui {

std::string FeeText(int fee) { return fee == 0 ? std::string(core::Tr("catalog.free")) : core::FormatRoubles(fee); }
std::string DaysText(int days) { return core::TrN("catalog.days", days); }

// Shortens text to `width` with "…" (at a UTF-8 character boundary).
static std::string FitText(const std::string& text, float width) {
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    std::string s = text;
    while (!s.empty() && ImGui::CalcTextSize((s + "…").c_str()).x > width) {
        size_t cut = s.size() - 1;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
        s.resize(cut);
    }
    return s + "…";
}

void Breadcrumbs(App& app, const std::vector<Crumb>& crumbs) {
    // A phone has no room for the trail: one link back to the parent, shortened to fit.
    if (app.NarrowLayout() && crumbs.size() >= 2) {
        const Crumb& parent = crumbs[crumbs.size() - 2];
        std::string label = std::string(ICON_CHEVRON_LEFT "  ") + FitText(parent.label, ImGui::CalcItemWidth() - 40);
        A11yCollector::SetNextName(parent.label);
        if (LinkButton((label + "##crumb-back").c_str())) app.Navigate(parent.screen, parent.param);
        return;
    }
    for (size_t i = 0; i < crumbs.size(); i++) {
        if (i) {
            ImGui::SameLine(0, 8);
            ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kMuted));
            ImGui::TextUnformatted(ICON_CHEVRON_RIGHT);
            ImGui::PopStyleColor();
            ImGui::SameLine(0, 8);
        }
        ImGui::PushID((int)i);
        if (i + 1 < crumbs.size()) {
            if (LinkButton(crumbs[i].label.c_str())) app.Navigate(crumbs[i].screen, crumbs[i].param);
        } else {
            ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kMuted));
            ImGui::TextUnformatted(crumbs[i].label.c_str());
            ImGui::PopStyleColor();
        }
        ImGui::PopID();
    }
}

// Draws text word by word, wrapping at `width`, highlighted byte ranges in the accent colour
// and bold. Returns the height used.
static float DrawHighlighted(ImDrawList* dl, ImVec2 pos, float width, const std::string& text,
                             const std::vector<std::pair<int, int>>& hl) {
    ImFont* regular = WidgetFonts().regular;
    ImFont* bold = WidgetFonts().bold ? WidgetFonts().bold : regular;
    float size = ImGui::GetFontSize();
    float line_h = size * 1.35f;
    float x = 0, y = 0;
    float space = regular->CalcTextSizeA(size, FLT_MAX, 0, " ").x;
    size_t i = 0;
    while (i < text.size()) {
        size_t end = text.find(' ', i);
        if (end == std::string::npos) end = text.size();
        bool marked = false;
        for (const auto& r : hl)
            if ((int)i < r.second && (int)end > r.first) marked = true;
        ImFont* f = marked ? bold : regular;
        float w = f->CalcTextSizeA(size, FLT_MAX, 0, text.c_str() + i, text.c_str() + end).x;
        if (x > 0 && x + w > width) { x = 0; y += line_h; }
        dl->AddText(f, size, ImVec2(pos.x + x, pos.y + y), color::Rgb(marked ? color::kAccent : color::kText), text.c_str() + i, text.c_str() + end);
        x += w + space;
        i = end + 1;
    }
    return y + line_h;
}

bool ServiceRow(const core::Catalog& catalog, int index, const std::vector<std::pair<int, int>>& highlight, float width) {
    const core::Service& s = catalog.services[(size_t)index];
    ImGui::PushID(index);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Measure first (the row's height depends on wrapping), then draw over an invisible button.
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    float text_h = DrawHighlighted(dl, ImVec2(pos.x + 20, pos.y + 14), width - 40, s.name, highlight);
    std::string where;
    const core::Section* sec = catalog.FindSection(s.section);
    const core::Section* parent = nullptr;
    const core::Subsection* sub = catalog.FindSubsection(s.subsection, &parent);
    if (sec) where = sec->name;
    if (sub) where += std::string("  ›  ") + sub->name;
    std::string facts = FeeText(s.fee) + "  ·  " + DaysText(s.days) + "  ·  " + (s.online ? core::Tr("catalog.online") : core::Tr("catalog.offline"));
    float small = size::kSmall;
    dl->AddText(WidgetFonts().regular, small, ImVec2(pos.x + 20, pos.y + 18 + text_h), color::Rgb(color::kMuted), where.c_str());
    dl->AddText(WidgetFonts().regular, small, ImVec2(pos.x + 20, pos.y + 22 + text_h + small * 1.3f), color::Rgb(s.online ? color::kSuccess : color::kMuted), facts.c_str());
    float h = 34 + text_h + small * 2.6f;
    dl->ChannelsSetCurrent(0);
    A11yCollector::SetNextRole(core::A11yRole::Link);
    A11yCollector::SetNextName(s.name);
    bool pressed = ImGui::InvisibleButton("##service", ImVec2(width, h), ImGuiButtonFlags_EnableNav);
    bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    dl->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + h), color::Rgb(hovered ? color::kRowHover : color::kCard), 10.0f);
    dl->AddRect(pos, ImVec2(pos.x + width, pos.y + h), color::Rgb(hovered ? color::kAccent : color::kBorder), 10.0f);
    ImGui::RenderNavCursor(ImRect(pos, ImVec2(pos.x + width, pos.y + h)), ImGui::GetItemID());
    dl->ChannelsMerge();
    ImGui::PopID();
    ImGui::Dummy(ImVec2(0, 2));
    return pressed;
}

}  // namespace ui
