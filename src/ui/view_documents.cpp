// «Документы»: the wallet — what the agencies issued to the person, newest first. Each entry's
// statement is checked on the device against the agency keys compiled into the client before it
// is shown as genuine (docs/documents.md). Opens a document (view_document.cpp).
#include "client/document_check.h"
#include "core/dates.h"
#include "core/json_read.h"
#include "imgui.h"
#include "ui/app.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

using nlohmann::json;

std::string AgencyName(const std::string& code) {
    const client::PinnedAgency* a = client::FindPinnedAgency(code);
    if (!a) return code;
    const core::StringCatalog* cat = core::CurrentCatalog();
    return cat && cat->Lang() == core::Language::English ? a->name_en : a->name_ru;
}

void VerdictBadge(const client::DocumentCheck& c) {
    const char* key = c.verdict == client::DocumentVerdict::Valid           ? "documents.valid"
                      : c.verdict == client::DocumentVerdict::Revoked       ? "documents.revoked_badge"
                      : c.verdict == client::DocumentVerdict::UnknownIssuer ? "documents.unknown_issuer_badge"
                                                                            : "documents.altered_badge";
    core::StatusTone tone = c.verdict == client::DocumentVerdict::Valid   ? core::StatusTone::Success
                            : c.verdict == client::DocumentVerdict::Revoked ? core::StatusTone::Attention
                                                                            : core::StatusTone::Failure;
    Badge(core::Tr(key), tone, core::Tr(key));
}

void DrawDocumentsView(App& app) {
    WalletState& w = app.session().wallet;
    Heading(core::Tr("documents.title"));
    Paragraph(core::Tr("documents.lead"), true);
    ImGui::Dummy(ImVec2(0, 4));
    if (LinkButton((std::string(ICON_SEARCH "  ") + core::Tr("verify.title") + "##verify").c_str()))
        app.Navigate(core::Screen::VerifyDocument);
    ImGui::Dummy(ImVec2(0, 6));
    if (!w.error.ok() && Alert(AlertKind::Error, w.error.Text().c_str(), core::Tr("common.retry"))) app.LoadDocuments();
    if (!w.items.is_array()) {
        if (w.error.ok()) Paragraph(core::Tr("documents.loading"), true);
        return;
    }
    if (w.items.empty()) {
        Paragraph(core::Tr("documents.empty"), true);
        A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("documents.empty"));
    }
    for (size_t i = 0; i < w.items.size(); i++) {
        const json& d = w.items[i];
        if (!d.is_object()) continue;
        std::string code = core::JsonText(d, "code");
        if (i >= w.checks.size()) break;
        const client::DocumentCheck& c = w.checks[i];
        ImGui::PushID((int)i);
        BeginCard("##document");
        // The title and issuer drawn are the signed ones: the backend's copies could differ.
        std::string title = c.ok() ? c.title : core::JsonText(d, "title");
        Heading((std::string(ICON_FILE_TEXT " ") + title).c_str(), 3);
        VerdictBadge(c);
        ImGui::Dummy(ImVec2(0, 4));
        FieldRow(core::Tr("documents.issuer"), AgencyName(c.ok() ? c.issuer : core::JsonText(d, "issuer")));
        FieldRow(core::Tr("documents.issued_at"), core::FormatTimestamp(c.ok() ? c.issued_at : (long long)core::JsonNumber(d, "issued_at")));
        if (!c.application.empty()) FieldRow(core::Tr("documents.application"), c.application);
        FieldRow(core::Tr("documents.code"), code);
        A11yCollector::SetNextName(core::Tr("documents.open_named", {{"title", title}}));
        if (PrimaryButton(core::Tr("documents.open"))) app.Navigate(core::Screen::DocumentDetail, code);
        EndCard();
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, 8));
    }
}

}  // namespace ui
