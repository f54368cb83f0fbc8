// App: applying for services — the lists of applications and drafts, and the file chooser.
// The form itself is client::FormSession (state, drafts, submission) drawn by view_form.cpp.
#include "core/app_status.h"
#include "core/forms/file_signature.h"
#include "core/json_read.h"
#include "ui/app.h"

namespace ui {

void App::LoadApplication() {
    TrackerState& t = session_->tracker;
    if (!SignedIn() || route_param.empty()) return;
    if (t.number != route_param) {
        t = TrackerState();
        t.number = route_param;
        session_->answer_files.Clear();  // files chosen for another application's answer
    }
    if (!t.load.Start()) return;  // a move announced while the last load was on its way: again after it
    t.error = client::ApiError();
    std::string number = route_param;
    api.Get("/applications/" + core::PercentEncode(number), session_->Guard([this, &t, number](client::ApiResult r) {
        RequestFrames();
        if (t.number != number) return;  // another application was opened meanwhile
        if (t.load.Finish() && CurrentScreen() == core::Screen::ApplicationDetail && route_param == number) LoadApplication();
        if (!r.error.ok()) {
            t.error = r.error;
            return;
        }
        t.detail = r.body.is_object() ? r.body : nlohmann::json::object();
    }));
}

// The list comes a page at a time (docs/openapi.yaml, GET /applications: next): the first page
// shows at once and older pages are appended as they arrive, so a person with hundreds of
// applications sees the newest without waiting and loses none (the backend once cut the list at
// 200). Then the drafts.
void App::LoadApplications() {
    FormUi& f = session_->form_ui;
    if (!SignedIn()) return;
    if (!f.lists_load.Start()) return;  // a change announced while the last load was on its way: again after it
    f.lists_error = client::ApiError();
    LoadApplicationsPage(0);
}

// More than 20 a day cannot be submitted: 5,000 is years of them. A backend sending more is not
// followed further.
static const size_t kMaxApplications = 5000;

void App::LoadApplicationsPage(long long before) {
    FormUi& f = session_->form_ui;
    std::string path = before > 0 ? "/applications?before=" + std::to_string(before) : std::string("/applications");
    auto finished = [this, &f]() {
        if (f.lists_load.Finish()) LoadApplications();
    };
    api.Get(path, session_->Guard([this, &f, before, finished](client::ApiResult r) {
        RequestFrames();
        if (!r.error.ok()) {
            f.lists_error = r.error;  // what came so far stays on screen, with «Повторить»
            finished();
            return;
        }
        if (before == 0) f.applications = nlohmann::json::array();
        if (r.body.is_object() && r.body.contains("items") && r.body["items"].is_array())
            for (const nlohmann::json& a : r.body["items"])
                if (f.applications.size() < kMaxApplications) f.applications.push_back(a);
        f.applications_version++;
        // A next page only when it goes further down: a hostile "next" that repeats would loop.
        long long next = r.body.is_object() && r.body.contains("next") && r.body["next"].is_number_integer() ? r.body["next"].get<long long>() : 0;
        if (next > 0 && (before == 0 || next < before) && f.applications.size() < kMaxApplications) {
            LoadApplicationsPage(next);
            return;
        }
        api.Get("/drafts", session_->Guard([this, &f, finished](client::ApiResult d) {
            RequestFrames();
            if (!d.error.ok()) f.lists_error = d.error;
            else f.drafts = d.body.is_object() && d.body.contains("items") && d.body["items"].is_array() ? d.body["items"] : nlohmann::json::array();
            finished();
        }));
    }));
}

// A moved or new application (application_changed): the list is mended in place — that one
// application asked for again, or the newest page merged on top with the drafts (a submission
// deletes its draft) — instead of loading every page again: 10,000 applications are 50 pages, and
// an agency moving one of them must not fetch them all.
static int IndexOfNumber(const nlohmann::json& list, const std::string& number) {
    for (size_t i = 0; i < list.size(); i++)
        if (core::JsonText(list[i], "number") == number) return (int)i;
    return -1;
}

void App::OnApplicationChanged(const client::LiveEvent& e) {
    FormUi& f = session_->form_ui;
    if (f.applications_version == 0) return;  // not loaded yet: the screen loads it when opened
    if (f.lists_load.Loading()) {
        f.lists_load.Again();  // the load on its way may predate the move: another follows it
        return;
    }
    std::string number = core::JsonText(e.data, "number");
    if (!core::PlainId(number)) return;
    if (IndexOfNumber(f.applications, number) >= 0) {
        api.Get("/applications/" + core::PercentEncode(number), session_->Guard([this, &f, number](client::ApiResult r) {
            RequestFrames();
            int i = IndexOfNumber(f.applications, number);  // where it is now
            if (!r.error.ok() || i < 0 || !r.body.is_object() || core::JsonText(r.body, "number") != number) return;
            f.applications[(size_t)i] = r.body;
            f.applications_version++;
        }));
        return;
    }
    api.Get("/applications?limit=50", session_->Guard([this, &f](client::ApiResult r) {
        RequestFrames();
        if (!r.error.ok() || !r.body.is_object() || !r.body.contains("items") || !r.body["items"].is_array()) return;
        nlohmann::json fresh = nlohmann::json::array();
        for (const nlohmann::json& a : r.body["items"]) {
            std::string n = core::JsonText(a, "number");
            if (core::PlainId(n) && IndexOfNumber(f.applications, n) < 0 && IndexOfNumber(fresh, n) < 0) fresh.push_back(a);
        }
        if (fresh.empty()) return;
        f.applications.insert(f.applications.begin(), fresh.begin(), fresh.end());
        f.applications_version++;
        api.Get("/drafts", session_->Guard([this, &f](client::ApiResult d) {
            RequestFrames();
            if (d.error.ok() && d.body.is_object() && d.body.contains("items") && d.body["items"].is_array()) f.drafts = d.body["items"];
        }));
    }));
}

void App::OpenFilePicker(const std::string& field_id, const std::vector<std::string>& accept) {
    session_->form_ui.file_field = field_id;
    file_for_ = FileFor::Form;
    std::string types;
    for (const std::string& a : accept) {
        const char* ext = a == "jpeg" ? ".jpg,.jpeg" : a == "pdf" ? ".pdf" : a == "png" ? ".png" : a == "docx" ? ".docx"
                        : a == "xlsx" ? ".xlsx" : a == "xml" ? ".xml" : "";
        if (*ext) types += (types.empty() ? "" : ",") + std::string(ext);
    }
    if (hooks_.pick_file) hooks_.pick_file(types);
}

void App::OpenAnswerFilePicker() {
    session_->tracker.answer_file_error.clear();
    file_for_ = FileFor::Answer;
    if (hooks_.pick_file) hooks_.pick_file(".pdf,.jpg,.jpeg,.png");
}

void App::OnFilePicked(const std::string& name, const uint8_t* data, size_t size) {
    RequestFrames();
    if (file_for_ == FileFor::Room) {
        OnRoomFilePicked(name, data, size);
        return;
    }
    if (file_for_ == FileFor::Appeal || file_for_ == FileFor::Chat) {
        OnSupportFilePicked(file_for_ == FileFor::Chat, name, data, size);
        return;
    }
    if (file_for_ == FileFor::Answer) {
        // The answer to the agency's question: the same checks as a form's file field, by
        // content; the same ceiling as an application (the backend takes no more).
        TrackerState& t = session_->tracker;
        client::Uploads& up = session_->answer_files;
        std::string safe = client::SafeFileName(name);
        if (t.number.empty() || !core::CanAnswer(core::StatusFromCode(core::JsonText(t.detail, "status")))) return;
        if ((int)up.files.size() >= core::forms::kMaxFilesPerApplication) {
            t.answer_file_error = core::MsgN("file.too_many", core::forms::kMaxFilesPerApplication);
            return;
        }
        t.answer_file_error = core::forms::CheckFile({"pdf", "jpeg", "png"}, kAnswerFileMb, safe, data, size);
        if (t.answer_file_error.empty()) up.Add("answer", safe, core::forms::DetectFileType(data, size), data, size);
        return;
    }
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
