// «Вход в личный кабинет»: identifier (phone / e-mail / СНИЛС) and password, then the second
// factor. Fields are checked when left and on «Войти»; server answers (wrong password,
// lockout with the unlock time, wrong code) are shown where the user looks.
#include <cmath>

#include "core/login_identifier.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/app.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

using client::AuthStep;

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

// A card of at most 520 px for the account forms; returns the field width inside it.
float BeginFormCard(const char* id) {
    float width = ImMin(ImGui::CalcItemWidth(), 520.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(24, 20));
    ImGui::BeginChild(id, ImVec2(width, 0), ImGuiChildFlags_Borders | ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_AlwaysUseWindowPadding | ImGuiChildFlags_NavFlattened);
    ImGui::PopStyleVar();
    ImGui::PushItemWidth(-1);
    return ImGui::GetContentRegionAvail().x;
}

void EndFormCard() {
    ImGui::Dummy(ImVec2(0, 4));
    ImGui::PopItemWidth();
    ImGui::EndChild();
}

void ServerError(const client::ApiError& e) {
    if (e.ok()) return;
    Alert(AlertKind::Error, e.Text().c_str());
}

bool DrawCodeStep(App& app, std::string* code, std::string* error, const char* lead, const char* submit_label) {
    Paragraph(lead);
    ImGui::Dummy(ImVec2(0, 4));
    TextFieldOptions opt;
    opt.hint = core::Tr("login.code_hint");
    opt.error = error->c_str();
    opt.required = true;
    opt.max_bytes = 6;
    opt.width = ImMin(ImGui::CalcItemWidth(), 220.0f);
    opt.flags = ImGuiInputTextFlags_CharsDecimal;
    TextField(core::Tr("login.code"), "code", code, opt);
    ServerError(app.auth_.LastError());
    bool submit = PrimaryButton(submit_label, ImVec2(ImGui::CalcItemWidth(), 52)) ||
                  (ImGui::IsKeyPressed(ImGuiKey_Enter) && ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows));
    if (submit) {
        bool ok = code->size() == 6 && code->find_first_not_of("0123456789") == std::string::npos;
        *error = ok ? "" : core::Tr("login.err_code");
        if (!ok) submit = false;
    }
    if (app.auth_.CurrentChallenge().factor != "totp") {
        int wait = app.auth_.ResendInSeconds();
        if (wait > 0) {
            std::string t = core::TrN("login.resend_in", wait);
            Paragraph(t.c_str(), true);
            app.WakeAfter(1000);  // the countdown ticks once a second; no continuous redraw
        } else if (LinkButton(core::Tr("login.resend"))) {
            app.auth_.ResendCode();
        }
    }
    return submit;
}

static void DrawWorking(const App& app) {
    ImGui::Dummy(ImVec2(0, 8));
    // A turning spinner glyph: the only animation, and only while keys are derived. It stands
    // still for prefers-reduced-motion (and then draws no frame while it waits).
    float t = app.ReducedMotion() ? 0.0f : (float)ImGui::GetTime();
    ImVec2 c = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int i = 0; i < 8; i++) {
        float a = t * 6.0f + i * (IM_PI / 4);
        dl->AddCircleFilled(ImVec2(c.x + 14 + std::cos(a) * 10, c.y + 14 + std::sin(a) * 10), 2.5f,
                            (color::Rgb(color::kAccent) & ~IM_COL32_A_MASK) | ((ImU32)(60 + i * 24) << IM_COL32_A_SHIFT));
    }
    ImGui::Dummy(ImVec2(32, 32));
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(core::Tr("login.working"));
    A11yCollector::AddStatic(core::A11yRole::Status, core::Tr("login.working"));
}

void DrawLoginView(App& app) {
    LoginForm& f = app.login;
    AuthStep step = app.auth_.Step();
    if (step == AuthStep::LoginCode || (step == AuthStep::Working && !app.auth_.CurrentChallenge().id.empty())) {
        Heading(core::Tr("login.code_title"));
        ImGui::Dummy(ImVec2(0, 8));
        BeginFormCard("##code-card");
        std::string lead = app.auth_.CurrentChallenge().factor == "totp"
                               ? std::string(core::Tr("login.code_lead_totp"))
                               : core::Tr("login.code_lead_otp", {{"destination", app.auth_.CurrentChallenge().destination}});
        if (step == AuthStep::Working) DrawWorking(app);
        else if (DrawCodeStep(app, &f.code, &f.code_error, lead.c_str(), core::Tr("login.confirm"))) app.auth_.VerifyCode(f.code);
        if (LinkButton(core::Tr("login.back"))) { f.code.clear(); app.auth_.Cancel(); }
        EndFormCard();
        return;
    }

    Heading(core::Tr("login.title"));
    Paragraph(core::Tr("login.lead"), true);
    ImGui::Dummy(ImVec2(0, 8));
    if (!f.notice.empty()) {
        Alert(AlertKind::Info, f.notice.c_str());
        ImGui::Dummy(ImVec2(0, 4));
    }
    float field_w = BeginFormCard("##login-card");
    bool busy = app.auth_.Busy();
    if (busy) ImGui::BeginDisabled();
    TextFieldOptions id_opt;
    id_opt.hint = core::Tr("login.identifier_hint");
    id_opt.error = f.identifier_error.c_str();
    id_opt.required = true;
    id_opt.max_bytes = 254;
    if (TextField(core::Tr("login.identifier"), "identifier", &f.identifier, id_opt) && f.submitted_once) ValidateIdentifier(f);
    if (LastFieldDeactivated()) ValidateIdentifier(f);

    TextFieldOptions pw_opt;
    pw_opt.password = true;
    pw_opt.error = f.password_error.c_str();
    pw_opt.required = true;
    pw_opt.max_bytes = 128;
    if (TextField(core::Tr("login.password"), "password", &f.password, pw_opt) && f.submitted_once) ValidatePassword(f);
    if (LastFieldDeactivated() && f.submitted_once) ValidatePassword(f);
    if (busy) ImGui::EndDisabled();

    ImGui::Dummy(ImVec2(0, 4));
    if (busy) {
        DrawWorking(app);
    } else {
        ServerError(app.auth_.LastError());
        bool submit = PrimaryButton(core::Tr("login.submit"), ImVec2(field_w, 52));
        // Enter in either field submits, as on any web form.
        if (!submit && ImGui::IsKeyPressed(ImGuiKey_Enter) && ImGui::IsWindowFocused(ImGuiFocusedFlags_ChildWindows)) submit = true;
        if (submit) {
            f.submitted_once = true;
            f.notice.clear();
            ValidateIdentifier(f);
            ValidatePassword(f);
            if (f.identifier_error.empty() && f.password_error.empty())
                app.auth_.Login(core::ParseLoginIdentifier(f.identifier).normalized, f.password);
        }
    }
    ImGui::Dummy(ImVec2(0, 2));
    if (LinkButton(core::Tr("login.forgot"))) { app.recover.identifier = f.identifier; app.Navigate(core::Screen::Recover); }
    ImGui::SameLine(0, 24);
    if (LinkButton(core::Tr("login.register"))) app.Navigate(core::Screen::Register);
    EndFormCard();
}

}  // namespace ui
