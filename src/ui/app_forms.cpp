// App: applying for services — the lists of applications and drafts, and the file chooser.
// The form itself is client::FormSession (state, drafts, submission) drawn by view_form.cpp.
#include "core/forms/file_signature.h"
#include "ui/app.h"

namespace ui {

void App::LoadApplication() {
    TrackerState& t = session_->tracker;
    if (!SignedIn() || route_param.empty()) return;
    if (t.number != route_param) {
        t = TrackerState();
        t.number = route_param;
    }
    if (t.loading) return;
    t.loading = true;
    t.error = client::ApiError();
    std::string number = route_param;
    api.Get("/applications/" + core::PercentEncode(number), session_->Guard([this, &t, number](client::ApiResult r) {
        RequestFrames();
        if (t.number != number) return;  // another application was opened meanwhile
        t.loading = false;
        if (!r.error.ok()) {
            t.error = r.error;
            return;
        }
        t.detail = r.body.is_object() ? r.body : nlohmann::json::object();
    }));
}

void App::LoadApplications() {
    FormUi& form_ui = session_->form_ui;
    if (form_ui.lists_loading || !SignedIn()) return;
    form_ui.lists_loading = true;
    form_ui.lists_error = client::ApiError();
    api.Get("/applications", session_->Guard([this, &form_ui](client::ApiResult r) {
        RequestFrames();
        if (!r.error.ok()) {
            form_ui.lists_loading = false;
            form_ui.lists_error = r.error;
            return;
        }
        form_ui.applications = r.body.is_object() && r.body.contains("items") && r.body["items"].is_array() ? r.body["items"] : nlohmann::json::array();
        form_ui.applications_version++;
        api.Get("/drafts", session_->Guard([this, &form_ui](client::ApiResult d) {
            form_ui.lists_loading = false;
            RequestFrames();
            if (!d.error.ok()) {
                form_ui.lists_error = d.error;
                return;
            }
            form_ui.drafts = d.body.is_object() && d.body.contains("items") && d.body["items"].is_array() ? d.body["items"] : nlohmann::json::array();
        }));
    }));
}

void App::OpenFilePicker(const std::string& field_id, const std::vector<std::string>& accept) {
    session_->form_ui.file_field = field_id;
    std::string types;
    for (const std::string& a : accept) {
        const char* ext = a == "jpeg" ? ".jpg,.jpeg" : a == "pdf" ? ".pdf" : a == "png" ? ".png" : a == "docx" ? ".docx"
                        : a == "xlsx" ? ".xlsx" : a == "xml" ? ".xml" : "";
        if (*ext) types += (types.empty() ? "" : ",") + std::string(ext);
    }
    if (hooks_.pick_file) hooks_.pick_file(types);
}

void App::OnFilePicked(const std::string& name, const uint8_t* data, size_t size) {
    RequestFrames();
    FormUi& form_ui = session_->form_ui;
    client::FormSession& form_session = session_->form;
    if (form_ui.file_field.empty() || !form_session.Active()) return;
    core::Message problem = form_session.AttachFile(form_ui.file_field, name, data, size, Now());
    if (problem.empty()) {
        form_ui.file_errors.erase(form_ui.file_field);
        form_ui.errors.erase(form_ui.file_field);
    } else {
        form_ui.file_errors[form_ui.file_field] = problem;
    }
}

}  // namespace ui
