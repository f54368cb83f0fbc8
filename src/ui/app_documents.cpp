// Loading documents, verifications and «Кто смотрел мои данные» (docs/documents.md). Every
// statement is checked here, on the device, against the agency keys compiled into the client.
#include <ctime>

#include "core/json_read.h"
#include "ui/app.h"

namespace ui {

static nlohmann::json Items(const nlohmann::json& body, const char* key = "items") {
    return body.is_object() && body.contains(key) && body[key].is_array() ? body[key] : nlohmann::json::array();
}

void App::LoadDocuments() {
    WalletState& w = session_->wallet;
    if (w.loading || !SignedIn()) return;
    w.loading = true;
    w.error = client::ApiError();
    api.Get("/documents", session_->Guard([this, &w](client::ApiResult r) {
        RequestFrames();
        w.loading = false;
        if (!r.error.ok()) {
            w.error = r.error;
            return;
        }
        w.items = Items(r.body);
        w.checks.clear();
        for (const auto& d : w.items) w.checks.push_back(client::CheckDocument(d, core::JsonText(d, "code")));
    }));
}

void App::LoadDocument() {
    WalletState& w = session_->wallet;
    if (!SignedIn() || route_param.empty()) return;
    if (w.code != route_param) {
        w.code = route_param;
        w.check = client::DocumentCheck();
        w.content = nlohmann::json();
        w.content_failed = false;
        w.open_loading = false;
        w.open_loaded = false;
    }
    if (w.open_loading) return;
    w.open_loading = true;
    w.open_error = client::ApiError();
    std::string code = route_param;
    api.Get("/documents/" + core::PercentEncode(code), session_->Guard([this, &w, code](client::ApiResult r) {
        RequestFrames();
        if (w.code != code) return;  // another document was opened meanwhile
        w.open_loading = false;
        if (!r.error.ok()) {
            w.open_error = r.error;
            return;
        }
        w.open_loaded = true;
        w.check = client::CheckDocument(r.body, code);
        nlohmann::json content;
        w.content_failed = !client::OpenDocumentContent(core::JsonText(r.body, "sealed"), w.check, auth_.Keys(), &content);
        w.content = w.content_failed ? nlohmann::json() : content;
    }));
}

void App::LoadDataAccess() {
    DataAccessState& d = session_->data_access;
    if (d.loading || !SignedIn()) return;
    d.loading = true;
    d.error = client::ApiError();
    std::string path = "/data-access";
    std::string sep = "?";
    if (!d.who.empty()) {
        path += sep + "who=" + core::PercentEncode(d.who);
        sep = "&";
    }
    static const int kDays[] = {0, 7, 30, 365};
    if (d.period > 0 && d.period < 4) path += sep + "from=" + std::to_string((long long)std::time(nullptr) - kDays[d.period] * 86400LL);
    api.Get(path, session_->Guard([this, &d](client::ApiResult r) {
        RequestFrames();
        d.loading = false;
        if (!r.error.ok()) {
            d.error = r.error;
            return;
        }
        d.items = Items(r.body);
        d.organisations = Items(r.body, "organisations");
    }));
}

void App::VerifyDocument(const std::string& typed) {
    VerifyState& v = verify;
    v.typed = typed;
    std::string code = client::NormalizeDocumentCode(typed);
    v.field_error = code.empty() ? "verify.code_invalid" : "";
    if (code.empty() || v.loading) return;
    v.asked = code;
    v.loading = true;
    v.has_result = false;
    v.error = client::ApiError();
    // Not personal and not a session's: sent without the token, and the reply is for whoever
    // asked on this device.
    client::RequestOptions opt;
    opt.auth = false;
    api.Get("/documents/verify/" + core::PercentEncode(code), [this, code](client::ApiResult r) {
        RequestFrames();
        VerifyState& v = verify;
        if (v.asked != code) return;
        v.loading = false;
        if (!r.error.ok()) {
            v.error = r.error;
            return;
        }
        v.result = client::CheckDocument(r.body, code);
        v.has_result = true;
    }, opt);
}

}  // namespace ui
