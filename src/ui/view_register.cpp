// «Регистрация»: the fields of SPEC §1, checked on the client (and again by the server), then
// the phone is confirmed with a 6-digit code. The password never leaves this device.
#include "core/dates.h"
#include "core/login_identifier.h"
#include "core/profile_fields.h"
#include "imgui.h"
#include "ui/app.h"
#include "ui/widgets.h"

namespace ui {

using client::AuthStep;

static void Validate(RegisterForm& f) {
    f.errors.clear();
    nlohmann::json doc = nlohmann::json::object();
    auto check = [&](const char* key, const char* path, const std::string& text) {
        core::Message e = core::ValidateProfileText(*core::FindProfileField(path), text, doc);
        if (!e.empty()) f.errors[key] = e;
    };
    check("last_name", "last_name", f.last_name);
    check("first_name", "first_name", f.first_name);
    check("middle_name", "middle_name", f.middle_name);
    check("birth_date", "birth_date", f.birth_date);
    // Phone and e-mail are checked by the same field types as the profile's and the forms'.
    check("phone", "phone", f.phone);
    check("email", "email", f.email);
    if (f.phone.empty()) f.errors["phone"] = core::Msg("field.required", {core::Arg::Key("label", "register.phone")});
    if (f.email.empty()) f.errors["email"] = core::Msg("field.required", {core::Arg::Key("label", "register.email")});
    if (const char* p = client::AuthService::PasswordProblem(f.password)) f.errors["password"] = core::Msg(p);
    if (f.password2 != f.password) f.errors["password2"] = core::Msg("register.err_password2");
    if (!f.consent) f.errors["consent"] = core::Msg("register.err_consent");
}

void DrawRegisterView(App& app) {
    RegisterForm& f = app.reg;
    AuthStep step = app.auth_.Step();
    if (step == AuthStep::RegisterCode || (step == AuthStep::Working && !app.auth_.CurrentChallenge().id.empty())) {
        Heading(core::Tr("register.code_title"));
        ImGui::Dummy(ImVec2(0, 8));
        BeginFormCard("##reg-code");
        std::string lead = core::Tr("login.code_lead_otp");
        size_t at = lead.find("%s");
        if (at != std::string::npos) lead.replace(at, 2, app.auth_.CurrentChallenge().destination);
        if (step == AuthStep::RegisterCode && DrawCodeStep(app, &f.code, &f.code_error, lead.c_str(), core::Tr("login.confirm"))) {
            app.auth_.VerifyCode(f.code);
            f.code.clear();
        }
        if (LinkButton(core::Tr("login.back"))) app.auth_.Cancel();
        EndFormCard();
        return;
    }

    Heading(core::Tr("register.title"));
    Paragraph(core::Tr("register.lead"), true);
    ImGui::Dummy(ImVec2(0, 8));
    BeginFormCard("##reg-card");
    bool busy = app.auth_.Busy();
    if (busy) ImGui::BeginDisabled();
    struct Field { const char* key; const char* label; std::string* value; const char* hint; bool password; bool required; };
    Field fields[] = {
        {"last_name", "register.last_name", &f.last_name, "", false, true},
        {"first_name", "register.first_name", &f.first_name, "", false, true},
        {"middle_name", "register.middle_name", &f.middle_name, "", false, false},
        {"birth_date", "register.birth_date", &f.birth_date, "register.birth_hint", false, true},
        {"phone", "register.phone", &f.phone, "login.identifier_hint", false, true},
        {"email", "register.email", &f.email, "", false, true},
        {"password", "register.password", &f.password, "register.password_hint", true, true},
        {"password2", "register.password2", &f.password2, "", true, true},
    };
    for (const Field& fd : fields) {
        std::string err = ErrorFor(f.errors, fd.key);
        TextFieldOptions opt;
        opt.hint = fd.hint[0] ? core::Tr(fd.hint) : "";
        opt.error = err.c_str();
        opt.password = fd.password;
        opt.required = fd.required;
        opt.max_bytes = fd.password ? 128 : 120;
        if (TextField(core::Tr(fd.label), fd.key, fd.value, opt) && f.submitted_once) Validate(f);
    }
    std::string consent_err = ErrorFor(f.errors, "consent");
    if (CheckBox(core::Tr("register.consent"), &f.consent, consent_err.c_str()) && f.submitted_once) Validate(f);
    if (busy) ImGui::EndDisabled();
    ImGui::Dummy(ImVec2(0, 4));
    if (busy) {
        Paragraph(core::Tr("login.working"), true);
    } else {
        ServerError(app.auth_.LastError());
        for (const client::FieldError& fe : app.auth_.LastError().fields) {
            std::string line = "• " + fe.message;
            Paragraph(line.c_str());
        }
        if (PrimaryButton(core::Tr("register.submit"), ImVec2(ImGui::GetContentRegionAvail().x, 52))) {
            f.submitted_once = true;
            Validate(f);
            if (f.errors.empty()) {
                client::RegistrationData d;
                d.last_name = f.last_name;
                d.first_name = f.first_name;
                d.middle_name = f.middle_name;
                d.birth_date = core::ToIso(core::ParseRussianDate(f.birth_date));
                d.phone = core::ParseLoginIdentifier(f.phone).normalized;
                d.email = core::ParseLoginIdentifier(f.email).normalized;
                app.auth_.Register(d, f.password);
            }
        }
    }
    if (LinkButton(core::Tr("register.have_account"))) app.Navigate(core::Screen::Login);
    EndFormCard();
}

}  // namespace ui
