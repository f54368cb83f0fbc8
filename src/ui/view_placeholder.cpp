// Screens whose issues are still open: a heading and a calm explanation, not a blank page.
#include <string>

#include "imgui.h"
#include "ui/app.h"
#include "ui/widgets.h"

namespace ui {

void DrawPlaceholderView(core::Screen screen) {
    const char* title = core::Tr(core::InfoFor(screen).title_key);
    Heading(title);
    ImGui::Dummy(ImVec2(0, 4));
    std::string text = core::Tr("placeholder.text", {{"section", title}});
    Alert(AlertKind::Info, text.c_str());
}

void DrawNotFoundView(App& app) {
    Heading(core::Tr("nav.not_found"));
    Paragraph(core::Tr("not_found.text"), true);
    ImGui::Dummy(ImVec2(0, 8));
    if (PrimaryButton(core::Tr("not_found.back"))) app.Navigate(core::Screen::Catalog);
}

}  // namespace ui
