// «Вход в личный кабинет»: identifier (phone / e-mail / СНИЛС) and password.
// Fields are checked when left and on «Войти»; the identifier is normalised by the core.
#include "core/login_identifier.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/app.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

static void ValidateIdentifier(LoginForm& f) {
    if (f.identifier.find_first_not_of(" \t") == std::string::npos)
        f.identifier_error = core::Tr("login.err_identifier_empty");
    else if (core::ParseLoginIdentifier(f.identifier).kind == core::IdentifierKind::Invalid)
        f.identifier_error = core::Tr("login.err_identifier_format");
    else
        f.identifier_error.clear();
}

static void ValidatePassword(LoginForm& f) {
    f.password_error = f.password.empty() ? core::Tr("login.err_password_empty") : "";
}

void DrawLoginView(App& app) {
    LoginForm& f = app.login_;
    float width = ImMin(ImGui::CalcItemWidth(), 520.0f);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    Heading(core::Tr("login.title"));
    Paragraph(core::Tr("login.lead"), true);
    ImGui::PopTextWrapPos();
    ImGui::Dummy(ImVec2(0, 8));

    ImGui::BeginChild("##login-card", ImVec2(width, 0), ImGuiChildFlags_Borders | ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_AlwaysUseWindowPadding);
    ImGui::Dummy(ImVec2(0, 4));
    ImGui::Indent(24);
    ImGui::PushItemWidth(-24);
    float field_w = ImGui::GetContentRegionAvail().x - 24;

    TextFieldOptions id_opt;
    id_opt.hint = core::Tr("login.identifier_hint");
    id_opt.error = f.identifier_error.c_str();
    id_opt.required = true;
    id_opt.width = field_w;
    id_opt.max_bytes = 254;
    if (TextField(core::Tr("login.identifier"), "identifier", &f.identifier, id_opt) && f.submitted_once) ValidateIdentifier(f);
    if (LastFieldDeactivated()) ValidateIdentifier(f);

    TextFieldOptions pw_opt;
    pw_opt.password = true;
    pw_opt.error = f.password_error.c_str();
    pw_opt.required = true;
    pw_opt.width = field_w;
    pw_opt.max_bytes = 128;
    if (TextField(core::Tr("login.password"), "password", &f.password, pw_opt) && f.submitted_once) ValidatePassword(f);
    if (LastFieldDeactivated() && f.submitted_once) ValidatePassword(f);

    ImGui::Dummy(ImVec2(0, 4));
    bool submit = PrimaryButton(core::Tr("login.submit"), ImVec2(field_w, 52));
    // Enter in either field submits, as on any web form.
    if (!submit && ImGui::IsKeyPressed(ImGuiKey_Enter) && ImGui::IsWindowFocused(ImGuiFocusedFlags_ChildWindows)) submit = true;
    if (submit) {
        f.submitted_once = true;
        ValidateIdentifier(f);
        ValidatePassword(f);
        f.notice = (f.identifier_error.empty() && f.password_error.empty()) ? core::Tr("login.not_ready") : "";
    }
    if (!f.notice.empty()) {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + field_w);
        Alert(AlertKind::Info, f.notice.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::Dummy(ImVec2(0, 2));
    LinkButton(core::Tr("login.forgot"));
    ImGui::SameLine(0, 24);
    LinkButton(core::Tr("login.register"));
    ImGui::Dummy(ImVec2(0, 12));
    ImGui::PopItemWidth();
    ImGui::Unindent(24);
    ImGui::EndChild();
}

}  // namespace ui
