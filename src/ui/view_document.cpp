// One document from the wallet: the agency's signed statement (checked on the device), its
// verification code to give to whoever needs to check it, and the content decrypted with the
// holder's key. A statement that does not verify is said so in red and its content is not shown
// as the agency's.
#include "client/document_check.h"
#include "core/dates.h"
#include "core/json_read.h"
#include "imgui.h"
#include "ui/app.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

void DrawDocumentView(App& app) {
    WalletState& w = app.session().wallet;
    if (LinkButton((std::string(ICON_CHEVRON_LEFT "  ") + core::Tr("documents.back") + "##back").c_str()))
        app.Navigate(core::Screen::Documents);
    ImGui::Dummy(ImVec2(0, 4));
    if (!w.open_error.ok()) {
        Heading(core::Tr("documents.detail"));
        if (Alert(AlertKind::Error, w.open_error.Text().c_str(), core::Tr("common.retry"))) app.LoadDocument();
        return;
    }
    const client::DocumentCheck& c = w.check;
    if (!w.open_loaded) {
        Heading(core::Tr("documents.detail"));
        Paragraph(core::Tr("documents.loading_one"), true);
        return;
    }
    if (!c.ok()) {
        Heading(core::Tr("documents.detail"));
        VerdictBadge(c);
        ImGui::Dummy(ImVec2(0, 4));
        Alert(AlertKind::Error, core::Tr(c.verdict == client::DocumentVerdict::UnknownIssuer ? "documents.unknown_issuer" : "documents.altered"));
        return;
    }
    Heading(c.title.c_str());
    VerdictBadge(c);
    ImGui::Dummy(ImVec2(0, 6));
    if (c.verdict == client::DocumentVerdict::Revoked)
        Alert(AlertKind::Warning, core::Tr("documents.revoked", {{"when", core::FormatTimestamp(c.revoked_at)}, {"reason", c.revoke_reason}}).c_str());
    BeginCard("##statement");
    FieldRow(core::Tr("documents.issuer"), AgencyName(c.issuer));
    FieldRow(core::Tr("documents.issued_at"), core::FormatTimestamp(c.issued_at));
    if (!c.application.empty()) FieldRow(core::Tr("documents.application"), c.application);
    EndCard();
    ImGui::Dummy(ImVec2(0, 8));
    Heading(core::Tr("documents.content"), 2);
    if (w.content_failed) {
        Alert(AlertKind::Error, core::Tr("documents.content_failed"));
    } else {
        BeginCard("##content");
        std::string service = core::JsonText(w.content, "service");
        if (!service.empty()) FieldRow(core::Tr("documents.service"), service);
        Paragraph(core::JsonText(w.content, "text").c_str());
        A11yCollector::AddStatic(core::A11yRole::Text, core::JsonText(w.content, "text"));
        EndCard();
    }
    ImGui::Dummy(ImVec2(0, 8));
    if (!w.content_failed && PrimaryButton((std::string(ICON_SAVE "  ") + core::Tr("documents.download") + "##download").c_str())) {
        // A plain-text copy a person can keep or print: what the agency issued, with the code that
        // lets anyone check it. (The signed original stays verifiable by its code.)
        std::string text = c.title + "\n\n" + core::Tr("documents.issuer") + ": " + AgencyName(c.issuer) + "\n" +
                           core::Tr("documents.issued_at") + ": " + core::FormatTimestamp(c.issued_at) + "\n";
        if (!c.application.empty()) text += std::string(core::Tr("documents.application")) + ": " + c.application + "\n";
        std::string service = core::JsonText(w.content, "service");
        if (!service.empty()) text += std::string(core::Tr("documents.service")) + ": " + service + "\n";
        text += "\n" + core::JsonText(w.content, "text") + "\n\n" + core::Tr("documents.code") + ": " + c.code + "\n";
        app.SaveFile(core::Tr("documents.file_name", {{"code", c.code}}), "text/plain;charset=utf-8", text);
    }
    ImGui::Dummy(ImVec2(0, 8));
    // How someone else checks it: the code as text and as a QR code of its check's address, so a
    // phone's camera opens «Проверить документ» with the code filled in (SPEC §5).
    Heading(core::Tr("documents.check_title"), 2);
    BeginCard("##check");
    std::string link = app.PageAddress().empty() ? c.code : app.PageAddress() + core::HashFor(core::Screen::VerifyDocument, c.code);
    if (w.qr_text != link) {
        w.qr_text = link;
        if (!core::EncodeQr(link, &w.qr)) w.qr = core::QrCode();
    }
    if (w.qr.size > 0) {
        QrImage(w.qr, 4.0f, core::Tr("documents.qr_named", {{"code", c.code}}));
        ImGui::Dummy(ImVec2(0, 4));
    }
    FieldRow(core::Tr("documents.code"), c.code);
    Paragraph(core::Tr("documents.share_code"), true);
    ImGui::Dummy(ImVec2(0, 4));
    if (SecondaryButton((std::string(ICON_SEARCH "  ") + core::Tr("verify.title") + "##verify").c_str()))
        app.Navigate(core::Screen::VerifyDocument, c.code);
    EndCard();
}

}  // namespace ui
