// «Профиль → Безопасность»: linked devices (sessions) with revoke, the security log (time,
// IP, device, event), and the authenticator app (TOTP, RFC 6238) enrolment.
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/dates.h"
#include "core/json_read.h"
#include "imgui.h"
#include "ui/app.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

using nlohmann::json;

static std::string EventText(const std::string& event) {
    std::string key = "events." + event;
    const char* t = core::Tr(key.c_str());
    return key == t ? event : t;
}

// A 6-digit code (from an app or a letter) with its error under it.
static TextFieldOptions CodeField(const std::string& error) {
    TextFieldOptions code;
    code.max_bytes = 6;
    code.flags = ImGuiInputTextFlags_CharsDecimal;
    code.error = error.c_str();
    code.width = 220;
    return code;
}

static void DrawTotp(App& app) {
    ProfileState& p = app.session().profile;
    BeginCard("##totp");
    Heading(core::Tr("profile.totp"), 2);
    if (app.auth_.CurrentAccount().totp_enabled || p.totp_secret == "enabled") {
        Alert(AlertKind::Info, core::Tr("profile.totp_on"));
        if (!p.totp_recovery_codes.empty()) {
            // Shown once, right after enabling: the way back when the authenticator is lost.
            Paragraph(core::Tr("profile.totp_recovery_lead"), true);
            // Two codes a line: the ten fit a 360 px phone and can be copied at once.
            TextFieldOptions ro;
            ro.read_only = true;
            ro.max_bytes = 512;
            ro.multiline_height = ImGui::GetTextLineHeightWithSpacing() * 5 + ImGui::GetStyle().FramePadding.y * 2;
            TextField(core::Tr("profile.totp_recovery"), "totp-recovery", &p.totp_recovery_codes, ro);
        }
    } else if (!p.totp_setup_open) {
        Paragraph(core::Tr("profile.totp_lead"), true);
        if (SecondaryButton(core::Tr("profile.totp_setup"))) {
            app.api.Post("/auth/totp/setup", json::object(), [&app](client::ApiResult r) {
                app.RequestFrames();
                if (!r.error.ok()) { app.session().profile.totp_error = r.error.Text(); return; }
                app.session().profile.totp_secret = r.body.value("secret", "");
                app.session().profile.totp_uri = r.body.value("otpauth_uri", "");
                app.session().profile.totp_setup_open = true;
            });
        }
    } else {
        TextFieldOptions ro;
        ro.read_only = true;
        ro.max_bytes = 512;
        TextField(core::Tr("profile.totp_key"), "totp-secret", &p.totp_secret, ro);
        TextField(core::Tr("profile.totp_uri"), "totp-uri", &p.totp_uri, ro);
        TextField(core::Tr("profile.totp_code"), "totp-code", &p.totp_code, CodeField(p.totp_error));
        if (PrimaryButton(core::Tr("profile.totp_enable"))) {
            app.api.Post("/auth/totp/enable", json{{"code", p.totp_code}}, [&app](client::ApiResult r) {
                app.RequestFrames();
                if (!r.error.ok()) { app.session().profile.totp_error = r.error.Text(); return; }
                app.session().profile.totp_error.clear();
                app.session().profile.totp_setup_open = false;
                app.session().profile.totp_secret = "enabled";
                app.session().profile.totp_recovery_codes.clear();
                std::string& out = app.session().profile.totp_recovery_codes;
                int shown = 0;
                if (r.body.is_object() && r.body.contains("recovery_codes") && r.body["recovery_codes"].is_array())
                    for (const json& c : r.body["recovery_codes"]) {
                        if (!c.is_string()) continue;
                        out += (shown == 0 ? "" : shown % 2 ? "   " : "\n") + c.get<std::string>();
                        shown++;
                    }
                app.LoadSecurity();
            }, client::RequestOptions::Once());
        }
    }
    EndCard();
}

// A catalog text with one %s (the e-mail address).
// Never printf with a translated pattern: a catalog is data, not code.
static std::string WithText(const char* key, const std::string& email) { return core::Tr(key, {{"email", email}}); }

// The server accepts an e-mail as a sign-in identifier only once it is confirmed with a code sent
// to it (a typed-in address could be anyone's).
static void DrawEmailSignIn(App& app) {
    ProfileState& p = app.session().profile;
    if (!p.email_known) return;
    BeginCard("##email");
    Heading(core::Tr("profile.email_signin"), 2);
    if (p.email.empty()) {
        Paragraph(core::Tr("profile.email_none"), true);
    } else if (p.email_confirmed) {
        Alert(AlertKind::Info, WithText("profile.email_confirmed", p.email).c_str());
    } else if (p.email_challenge.empty()) {
        Paragraph(WithText("profile.email_unconfirmed", p.email).c_str(), true);
        if (!p.email_error.empty()) Alert(AlertKind::Error, p.email_error.c_str());
        if (SecondaryButton(core::Tr("profile.email_send"))) {
            app.api.Post("/me/email/verify", json::object(), [&app](client::ApiResult r) {
                app.RequestFrames();
                if (!r.error.ok()) { app.session().profile.email_error = r.error.Text(); return; }
                app.session().profile.email_error.clear();
                app.session().profile.email_challenge = core::JsonText(r.body, "challenge_id");
            }, client::RequestOptions::Once());
        }
    } else {
        Paragraph(WithText("profile.email_code_lead", p.email).c_str(), true);
        TextField(core::Tr("profile.email_code"), "email-code", &p.email_code, CodeField(p.email_error));
        if (PrimaryButton(core::Tr("profile.email_confirm"))) {
            app.api.Post("/me/email/confirm", json{{"challenge_id", p.email_challenge}, {"code", p.email_code}}, [&app](client::ApiResult r) {
                app.RequestFrames();
                ProfileState& q = app.session().profile;
                if (!r.error.ok()) {
                    q.email_error = r.error.Text();
                    // A used, expired or ended challenge cannot be answered again: start over.
                    if (r.error.code == "challenge_not_found" || r.error.code == "code_expired" || r.error.code == "email_changed")
                        q.email_challenge.clear();
                    return;
                }
                q.email_error.clear();
                q.email_challenge.clear();
                q.email_code.clear();
                q.email_confirmed = true;
                app.LoadSecurity();
            }, client::RequestOptions::Once());
        }
    }
    EndCard();
}

void DrawProfileSecurityView(App& app) {
    ProfileState& p = app.session().profile;
    DrawProfileTabs(app);
    BeginCard("##devices");
    Heading(core::Tr("profile.devices"), 2);
    Paragraph(core::Tr("profile.devices_lead"), true);
    if (!p.sessions.is_array()) Paragraph(core::Tr("common.loading"), true);
    else
        for (const json& s : p.sessions) {
            ImGui::PushID(s.value("id", "").c_str());
            ImGui::Separator();
            std::string title = s.value("device", "");
            if (s.value("current", false)) title += std::string(" — ") + core::Tr("profile.this_device");
            ImGui::PushFont(WidgetFonts().bold, 0.0f);
            ImGui::TextWrapped("%s", title.c_str());
            ImGui::PopFont();
            std::string seen = core::Tr("profile.last_seen", {{"when", core::FormatTimestamp(s.value("last_seen", 0LL)) + ", IP " + s.value("ip", "")}});
            Paragraph(seen.c_str(), true);
            A11yCollector::AddStatic(core::A11yRole::ListItem, title + ". " + seen);
            if (!s.value("current", false) && SecondaryButton(core::Tr("profile.revoke"))) {
                app.api.Delete("/sessions/" + s.value("id", ""), [&app](client::ApiResult r) {
                    if (!r.error.ok()) app.session().profile.error = r.error;
                    app.LoadSecurity();
                });
            }
            ImGui::PopID();
        }
    EndCard();
    ImGui::Dummy(ImVec2(0, 6));
    DrawTotp(app);
    DrawEmailSignIn(app);
    ImGui::Dummy(ImVec2(0, 6));
    BeginCard("##log");
    Heading(core::Tr("profile.log"), 2);
    if (p.log.is_array() && ImGui::BeginTable("##log-table", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn(core::Tr("profile.log_time"));
        ImGui::TableSetupColumn(core::Tr("profile.log_event"));
        ImGui::TableSetupColumn(core::Tr("profile.log_device"));
        ImGui::TableSetupColumn(core::Tr("profile.log_ip"));
        ImGui::TableHeadersRow();
        for (const json& e : p.log) {
            ImGui::TableNextRow();
            std::string when = core::FormatTimestamp(e.value("at", 0LL));
            std::string what = EventText(e.value("event", ""));
            ImGui::TableNextColumn(); ImGui::TextUnformatted(when.c_str());
            ImGui::TableNextColumn(); ImGui::TextWrapped("%s", what.c_str());
            ImGui::TableNextColumn(); ImGui::TextWrapped("%s", e.value("device", "").c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(e.value("ip", "").c_str());
            A11yCollector::AddStatic(core::A11yRole::ListItem, when + " " + what + " " + e.value("device", "") + " " + e.value("ip", ""));
        }
        ImGui::EndTable();
    }
    EndCard();
}

}  // namespace ui
