// «Проверить документ»: anyone — an employer, a bank, the holder — types the code printed on a
// document and sees whether the agency really issued it, when, and whether it has been revoked.
// The backend only relays the statement: the signature is checked here, against the agency keys
// compiled into the client (docs/agencies.json), so a backend cannot vouch for a forgery.
#include "client/document_check.h"
#include "core/dates.h"
#include "imgui.h"
#include "ui/app.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

void DrawVerifyView(App& app) {
    VerifyState& v = app.verify;
    Heading(core::Tr("verify.title"));
    Paragraph(core::Tr("verify.lead"), true);
    ImGui::Dummy(ImVec2(0, 6));
    float w = BeginFormCard("##verify-form");
    TextFieldOptions opt;
    opt.hint = "7K3M-9XQ2-H4TB-Q8WN";
    opt.max_bytes = 40;
    opt.width = w;
    std::string error = v.field_error.empty() ? std::string() : core::Tr(v.field_error.c_str());
    opt.error = error.empty() ? nullptr : error.c_str();
    opt.required = true;
    bool submit = false;
    if (TextField(core::Tr("verify.code"), "verify-code", &v.typed, opt)) v.field_error.clear();
    if (ImGui::IsItemFocused() && ImGui::IsKeyPressed(ImGuiKey_Enter)) submit = true;
    ImGui::Dummy(ImVec2(0, 4));
    ImGui::BeginDisabled(v.loading);
    if (PrimaryButton(core::Tr(v.loading ? "verify.checking" : "verify.check"))) submit = true;
    ImGui::EndDisabled();
    EndFormCard();
    if (submit) {
        app.VerifyDocument(v.typed);
        if (v.field_error.empty()) app.ReplaceRoute(core::Screen::VerifyDocument, client::NormalizeDocumentCode(v.typed));
    }
    ImGui::Dummy(ImVec2(0, 10));
    if (!v.error.ok()) {
        // 404 is an answer, not a failure: no document has this code.
        if (v.error.status == 404) {
            Alert(AlertKind::Error, core::Tr("verify.not_found"));
        } else if (Alert(AlertKind::Error, v.error.Text().c_str(), core::Tr("common.retry"))) {
            app.VerifyDocument(v.asked);
        }
        return;
    }
    if (!v.has_result) return;
    const client::DocumentCheck& c = v.result;
    const char* verdict = c.verdict == client::DocumentVerdict::Valid           ? "verify.result_valid"
                          : c.verdict == client::DocumentVerdict::Revoked       ? "verify.result_revoked"
                          : c.verdict == client::DocumentVerdict::UnknownIssuer ? "verify.result_unknown"
                                                                                : "verify.result_altered";
    BeginCard("##verify-result");
    Heading(core::Tr(verdict), 2);
    VerdictBadge(c);
    ImGui::Dummy(ImVec2(0, 4));
    if (c.ok()) {
        FieldRow(core::Tr("documents.title_field"), c.title);
        FieldRow(core::Tr("documents.issuer"), AgencyName(c.issuer));
        FieldRow(core::Tr("documents.issued_at"), core::FormatTimestamp(c.issued_at));
        FieldRow(core::Tr("documents.code"), c.code);
        if (c.verdict == client::DocumentVerdict::Revoked)
            Alert(AlertKind::Warning, core::Tr("documents.revoked", {{"when", core::FormatTimestamp(c.revoked_at)}, {"reason", c.revoke_reason}}).c_str());
    } else {
        Alert(AlertKind::Error, core::Tr(c.verdict == client::DocumentVerdict::UnknownIssuer ? "documents.unknown_issuer" : "documents.altered"));
    }
    EndCard();
}

}  // namespace ui
