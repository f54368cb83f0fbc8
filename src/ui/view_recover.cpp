// «Восстановление пароля»: a code to the phone, then a new password. New keys are made on
// this device (the old ones cannot be opened without the old password); all sessions end.
#include "core/login_identifier.h"
#include "imgui.h"
#include "ui/app.h"
#include "ui/widgets.h"

namespace ui {

using client::AuthStep;

void DrawRecoverView(App& app) {
    RecoverForm& f = app.recover;
    AuthStep step = app.auth_.Step();
    Heading(core::Tr("recover.title"));
    ImGui::Dummy(ImVec2(0, 8));
    BeginFormCard("##recover-card");
    if (step == AuthStep::RecoverCode || (step == AuthStep::Working && !app.auth_.CurrentChallenge().id.empty())) {
        Paragraph(core::Tr("recover.code_lead"));
        bool busy = step == AuthStep::Working;
        if (busy) ImGui::BeginDisabled();
        TextFieldOptions code_opt;
        code_opt.max_bytes = 6;
        code_opt.flags = ImGuiInputTextFlags_CharsDecimal;
        code_opt.hint = core::Tr("login.code_hint");
        std::string code_err = ErrorFor(f.errors, "code"), pw_err = ErrorFor(f.errors, "password"), pw2_err = ErrorFor(f.errors, "password2");
        code_opt.error = code_err.c_str();
        TextField(core::Tr("login.code"), "code", &f.code, code_opt);
        TextFieldOptions pw;
        pw.password = true;
        pw.max_bytes = 128;
        pw.hint = core::Tr("register.password_hint");
        pw.error = pw_err.c_str();
        TextField(core::Tr("recover.new_password"), "password", &f.password, pw);
        pw.hint = "";
        pw.error = pw2_err.c_str();
        TextField(core::Tr("register.password2"), "password2", &f.password2, pw);
        if (busy) ImGui::EndDisabled();
        ServerError(app.auth_.LastError());
        if (!busy && PrimaryButton(core::Tr("recover.submit"), ImVec2(ImGui::GetContentRegionAvail().x, 52))) {
            f.errors.clear();
            if (f.code.size() != 6) f.errors["code"] = core::Msg("login.err_code");
            if (const char* p = client::AuthService::PasswordProblem(f.password)) f.errors["password"] = core::Msg(p);
            if (f.password != f.password2) f.errors["password2"] = core::Msg("register.err_password2");
            if (f.errors.empty()) app.auth_.CompleteRecovery(f.code, f.password);
        }
        if (busy) Paragraph(core::Tr("login.working"), true);
    } else {
        Paragraph(core::Tr("recover.lead"), true);
        std::string id_err = ErrorFor(f.errors, "identifier");
        TextFieldOptions opt;
        opt.hint = core::Tr("login.identifier_hint");
        opt.error = id_err.c_str();
        opt.max_bytes = 254;
        TextField(core::Tr("login.identifier"), "identifier", &f.identifier, opt);
        ServerError(app.auth_.LastError());
        if (!app.auth_.Busy() && PrimaryButton(core::Tr("recover.send"), ImVec2(ImGui::GetContentRegionAvail().x, 52))) {
            core::LoginIdentifier id = core::ParseLoginIdentifier(f.identifier);
            f.errors.clear();
            if (id.kind == core::IdentifierKind::Invalid) f.errors["identifier"] = core::Msg("login.err_identifier_format");
            else app.auth_.Recover(id.normalized);
        }
    }
    if (LinkButton(core::Tr("login.back"))) { app.auth_.Cancel(); app.Navigate(core::Screen::Login); }
    EndFormCard();
}

}  // namespace ui
