// One application («Заявление № …»): its status, what the agency asks or why it refused, the
// timeline of every status change with comments, and the actions its status allows — all decided
// by core::app_status, the table the backend enforces too. Reloads live on application_changed.
#include <ctime>

#include "client/application_answer.h"
#include "core/app_status.h"
#include "crypto/login_keys.h"
#include "core/dates.h"
#include "core/json_read.h"
#include "core/payments.h"
#include "imgui.h"
#include "ui/app.h"
#include "ui/catalog_widgets.h"
#include "ui/form_fields.h"
#include "ui/a11y_collector.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

using nlohmann::json;

static const char* ActorKey(const std::string& actor) {
    return actor == "user" ? "applications.by_user" : actor == "system" ? "applications.by_system" : "applications.by_agency";
}

static void Cancel(App& app) {
    TrackerState& t = app.session().tracker;
    t.cancelling = true;
    t.action_error = client::ApiError();
    std::string number = t.number;
    app.api.Post("/applications/" + core::PercentEncode(number) + "/cancel", json::object(),
                 app.session().Guard([&app, &t, number](client::ApiResult r) {
                     app.RequestFrames();
                     if (t.number != number) return;
                     t.cancelling = false;
                     t.cancel_open = false;
                     if (!r.error.ok()) {
                         // Refused (the agency moved it meanwhile: 409) or failed: said, and the
                         // application is loaded again to show its real status.
                         t.action_error = r.error;
                         app.LoadApplication();
                         return;
                     }
                     if (r.body.is_object()) t.detail = r.body;
                     t.notice = core::Tr("applications.cancelled_notice");
                 }));
}

// The answer is sealed on the device to the agency's key (from the form's schema, as for the
// application itself) and sent; the backend moves the application back to «В обработке». The
// files went ahead encrypted, each with its own key; the keys go inside the sealed answer.
static void SendAnswer(App& app) {
    TrackerState& t = app.session().tracker;
    client::Uploads& up = app.session().answer_files;
    if (t.answering || up.Busy() || !up.AllDone()) return;  // a double click, or a file not there yet
    t.answering = true;
    t.action_error = client::ApiError();
    std::string number = t.number, code = core::JsonText(t.detail, "form_code");
    app.api.Get("/forms/" + core::PercentEncode(code), app.session().Guard([&app, &t, &up, number](client::ApiResult f) {
        app.RequestFrames();
        if (t.number != number) return;
        std::vector<uint8_t> agency_pk;
        if (!f.error.ok() || !crypto::Base64Decode(core::JsonText(f.body, "agency_key"), &agency_pk) || agency_pk.size() != 32) {
            t.answering = false;
            t.action_error = f.error.ok() ? client::LocalError("no_agency_key") : f.error;
            return;
        }
        json files = json::array(), ids = json::array();
        for (const client::Attachment& a : up.files) {
            files.push_back(a.Reference());
            ids.push_back(a.id);
        }
        std::vector<uint8_t> sealed = client::SealAnswer(number, t.answer, files, (long long)std::time(nullptr), app.auth_.Keys(), agency_pk);
        if (sealed.empty()) {
            t.answering = false;
            t.action_error = client::LocalError("answer_invalid");
            return;
        }
        // Retried with the same idempotency key: a retry after a lost reply is not a second answer.
        client::RequestOptions opt = client::RequestOptions::Create();
        app.api.Post("/applications/" + core::PercentEncode(number) + "/answer", {{"sealed", crypto::Base64Encode(sealed)}, {"attachments", ids}},
                     app.session().Guard([&app, &t, &up, number](client::ApiResult r) {
                         app.RequestFrames();
                         if (t.number != number) return;
                         t.answering = false;
                         if (!r.error.ok()) {
                             t.action_error = r.error;  // kept: what was typed stays in the box
                             app.LoadApplication();
                             return;
                         }
                         if (r.body.is_object()) t.detail = r.body;
                         t.answer.clear();
                         up.Clear();  // sent: they belong to the application now
                         t.notice = core::Tr("applications.answer_sent");
                     }),
                     opt);
    }));
}

static void DrawAnswerBox(App& app) {
    TrackerState& t = app.session().tracker;
    BeginCard("##answer");
    Heading(core::Tr("applications.answer_title"), 3);
    TextFieldOptions opt;
    opt.multiline_height = 120;
    opt.max_bytes = client::kMaxAnswerBytes;
    opt.required = true;
    opt.required = false;  // a file alone answers too («прикладываю справку»)
    TextField(core::Tr("applications.answer_label"), "answer", &t.answer, opt);
    // Files: what the agency asked for, encrypted on the device like the application's.
    client::Uploads& up = app.session().answer_files;
    Paragraph(core::Tr("applications.answer_files", {{"mb", App::kAnswerFileMb}}).c_str(), true);
    if (int removed = DrawAttachmentList(up, "answer"); removed >= 0) up.Remove((size_t)removed);
    ImGui::BeginDisabled(t.answering);
    std::string attach = std::string(ICON_PAPERCLIP "  ") + core::Tr("applications.answer_attach") + "##attach_answer";
    A11yCollector::SetNextName(core::Tr("applications.answer_attach"));
    if (SecondaryButton(attach.c_str())) app.OpenAnswerFilePicker();
    ImGui::EndDisabled();
    FieldError(t.answer_file_error.Text());
    if (up.Busy()) Paragraph(core::Tr("applications.answer_wait_files"), true);
    ImGui::BeginDisabled(t.answering || (t.answer.empty() && up.files.empty()) || up.Busy() || !up.AllDone());
    if (PrimaryButton(core::Tr(t.answering ? "applications.answer_sending" : "applications.answer_send"))) SendAnswer(app);
    ImGui::EndDisabled();
    EndCard();
    ImGui::Dummy(ImVec2(0, 8));
}

static void DrawTimeline(const json& history) {
    Heading(core::Tr("applications.timeline"), 2);
    if (!history.is_array()) return;
    // Newest first: what happened last is what the applicant came to see.
    for (size_t i = history.size(); i-- > 0;) {
        const json& h = history[i];
        if (!h.is_object()) continue;
        core::AppStatus s = core::StatusFromCode(core::JsonText(h, "status"));
        ImGui::PushID((int)i);
        std::string when = core::FormatTimestamp((long long)core::JsonNumber(h, "at"));
        std::string who = core::Tr(ActorKey(core::JsonText(h, "actor")));
        Paragraph((when + " · " + who).c_str(), true);
        StatusBadge(s);
        std::string comment = core::JsonText(h, "comment");
        if (!comment.empty()) Paragraph(comment.c_str());
        ImGui::Dummy(ImVec2(0, 6));
        ImGui::PopID();
    }
}

void DrawApplicationDetailView(App& app) {
    TrackerState& t = app.session().tracker;
    if (LinkButton((std::string(ICON_CHEVRON_LEFT "  ") + core::Tr("applications.back") + "##back").c_str()))
        app.Navigate(core::Screen::Applications);
    ImGui::Dummy(ImVec2(0, 4));
    if (!t.error.ok()) {
        Heading(core::Tr("applications.detail"));
        if (Alert(AlertKind::Error, t.error.Text().c_str(), core::Tr("common.retry"))) app.LoadApplication();
        return;
    }
    if (!t.detail.is_object() || t.detail.empty()) {
        Heading(core::Tr("applications.detail"));
        Paragraph(core::Tr("applications.loading_one"), true);
        return;
    }
    const json& d = t.detail;
    core::AppStatus status = core::StatusFromCode(core::JsonText(d, "status"));
    Heading(core::JsonText(d, "title").c_str());
    StatusBadge(status);
    ImGui::Dummy(ImVec2(0, 6));
    if (!t.notice.empty() && Alert(AlertKind::Info, t.notice.c_str(), core::Tr("common.close"))) t.notice.clear();
    if (!t.action_error.ok() && Alert(AlertKind::Error, t.action_error.Text().c_str(), core::Tr("common.close"))) t.action_error = client::ApiError();

    const json info = d.contains("info") && d["info"].is_object() ? d["info"] : json::object();
    if (status == core::AppStatus::NeedsInfo) {
        std::string due = core::FormatTimestamp((long long)core::JsonNumber(info, "answer_due"));
        Alert(AlertKind::Warning, core::Tr("applications.question", {{"question", core::JsonText(info, "question")}, {"due", due}}).c_str());
    } else if (status == core::AppStatus::Rejected) {
        std::string todo = core::JsonText(info, "what_to_do");
        Alert(AlertKind::Error, core::Tr("applications.refused", {{"reason", core::JsonText(info, "reason")}}).c_str());
        if (!todo.empty()) Paragraph(core::Tr("applications.what_to_do", {{"text", todo}}).c_str());
    } else if (status == core::AppStatus::Unknown) {
        Paragraph(core::Tr("applications.unknown_status", {{"code", core::JsonText(d, "status")}}).c_str(), true);
    }

    BeginCard("##facts");
    FieldRow(core::Tr("form.number"), core::JsonText(d, "number"));
    FieldRow(core::Tr("catalog.agency"), core::JsonText(d, "agency"));
    FieldRow(core::Tr("applications.submitted_at"), core::FormatTimestamp((long long)core::JsonNumber(d, "created_at")));
    if (!core::IsTerminal(status) && core::JsonNumber(d, "expected_at") > 0)
        FieldRow(core::Tr("applications.expected_at"), core::FormatDate(core::LocalDateOf((long long)core::JsonNumber(d, "expected_at"))));
    EndCard();
    ImGui::Dummy(ImVec2(0, 8));

    // The state fee of a paid service, billed when it was submitted: paid, or «Оплатить».
    if (d.contains("charges") && d["charges"].is_array()) {
        for (const json& j : d["charges"]) {
            core::Charge c;
            if (!core::ParseCharge(j, &c)) continue;
            ImGui::PushID(c.id.c_str());
            BeginCard("##fee");
            Heading(core::Tr(core::ChargeKindKey(c.kind)), 3);
            std::string line = c.paid ? core::Tr("applications.fee_paid", {{"amount", core::FormatKopecks(c.last.amount ? c.last.amount : c.amount_due)},
                                                                          {"date", core::FormatDate(core::LocalDateOf(c.paid_at))}})
                                      : core::Tr("applications.fee_due", {{"amount", core::FormatKopecks(c.amount_due)},
                                                                         {"date", core::FormatDate(core::LocalDateOf(c.due_at))}});
            Paragraph(line.c_str());
            A11yCollector::AddStatic(core::A11yRole::Text, line);
            if (c.Payable()) {
                if (PrimaryButton((core::Tr("payments.pay", {{"amount", core::FormatKopecks(c.amount_due)}}) + "##pay-fee").c_str()))
                    app.Navigate(core::Screen::PaymentCharge, c.id);
            } else if (SecondaryButton((std::string(core::Tr("payments.open")) + "##open-fee").c_str())) {
                app.Navigate(core::Screen::PaymentCharge, c.id);
            }
            EndCard();
            ImGui::PopID();
            ImGui::Dummy(ImVec2(0, 8));
        }
    }

    // A service given in person: the visit booked for this application, or «Записаться на приём».
    const core::Service* svc = app.catalog.catalog.FindService(core::JsonText(d, "service_id"));
    if (svc && !svc->visit.empty()) {
        const AppointmentsState& ap = app.session().appointments;
        BeginCard("##visit");
        Heading(core::Tr("appointments.visit_title"), 3);
        bool booked = false;
        for (const core::Appointment& a : ap.items) {
            if (a.application != core::JsonText(d, "number") || !a.Upcoming()) continue;
            booked = true;
            std::string line = core::Tr("appointments.visit_line", {{"when", AppointmentWhen(a)},
                                                                    {"office", a.office_name}, {"address", a.address}});
            Paragraph(line.c_str());
            A11yCollector::AddStatic(core::A11yRole::Text, line);
        }
        if (booked) {
            if (SecondaryButton((std::string(core::Tr("appointments.open_list")) + "##visits").c_str())) app.Navigate(core::Screen::Appointments);
        } else if (!core::IsTerminal(status)) {
            Paragraph(core::Tr("appointments.visit_none"), true);
            if (PrimaryButton((std::string(core::Tr("catalog.book_visit")) + "##book-visit").c_str()))
                app.Navigate(core::Screen::AppointmentNew, svc->id + "@" + core::JsonText(d, "number"));
        }
        EndCard();
        ImGui::Dummy(ImVec2(0, 8));
    }

    std::string document = core::JsonText(info, "document");
    if (status == core::AppStatus::Done && !document.empty()) {
        BeginCard("##result");
        Heading((std::string(ICON_CHECK_CIRCLE " ") + core::Tr("applications.result_title")).c_str(), 3);
        std::string text = core::Tr("applications.result_text", {{"code", document}});
        Paragraph(text.c_str());
        A11yCollector::AddStatic(core::A11yRole::Text, text);
        if (PrimaryButton(core::Tr("applications.open_document"))) app.Navigate(core::Screen::DocumentDetail, document);
        EndCard();
        ImGui::Dummy(ImVec2(0, 8));
    }

    // What the status allows (the same table refuses anything else on the server).
    if (core::CanAnswer(status)) DrawAnswerBox(app);
    if (core::CanCancel(status)) {
        if (SecondaryButton((std::string(ICON_TIMES "  ") + core::Tr("applications.cancel_application") + "##cancel").c_str())) t.cancel_open = true;
        ImGui::Dummy(ImVec2(0, 8));
    }
    if (core::CanCopyIntoNew(status)) {
        if (PrimaryButton(core::Tr("applications.apply_again"))) {
            // A new application with this one's answers (decrypted on the device from its own copy).
            client::FormSession& fs = app.session().form;
            if (fs.Active() && fs.ServiceId() == core::JsonText(d, "service_id")) fs.Stop();  // a fresh session, filled from it
            app.session().copy_from = core::JsonText(d, "number");
            app.Navigate(core::Screen::ServiceForm, core::JsonText(d, "service_id"));
        }
        ImGui::Dummy(ImVec2(0, 8));
    }

    DrawTimeline(d.contains("history") ? d["history"] : json());

    if (BeginDialog("##cancel-application", core::Tr("applications.cancel_title"), &t.cancel_open)) {
        Paragraph(core::Tr("applications.cancel_text", {{"number", core::JsonText(d, "number")}}).c_str());
        ImGui::Dummy(ImVec2(0, 8));
        ImGui::BeginDisabled(t.cancelling);
        if (PrimaryButton(core::Tr("applications.cancel_confirm"))) Cancel(app);
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (SecondaryButton(core::Tr("applications.keep"))) t.cancel_open = false;
        EndDialog();
    }
}

}  // namespace ui
