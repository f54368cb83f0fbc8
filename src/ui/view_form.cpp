// The application form (SPEC §4): one step at a time with a progress indicator, validation when
// a field is left and on «Далее», an error summary that takes the user to each wrong field, the
// review step «Проверьте данные» with «Изменить», and the submitted screen with the number.
// The state lives in client::FormSession (answers, drafts, files, submission) and FormUi.
#include <cstdio>

#include "core/dates.h"
#include "core/json_read.h"
#include "core/forms/autofill.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/app.h"
#include "ui/catalog_widgets.h"
#include "ui/form_fields.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

using nlohmann::json;
using core::forms::FormField;

static void ProgressSteps(const client::FormSession& s) {
    size_t total = s.schema.steps.size() + 1;  // + «Проверьте данные»
    size_t current = s.step;
    std::string title = current < s.schema.steps.size() ? s.schema.steps[current].title : core::Tr("form.review");
    std::string label = core::Tr("form.step_of", {{"current", current + 1}, {"total", total}}) + " · " + title;
    ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kMuted));
    ImGui::TextUnformatted(label.c_str());
    ImGui::PopStyleColor();
    A11yCollector::AddStatic(core::A11yRole::Status, label);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetCursorScreenPos();
    float w = ImMin(ImGui::CalcItemWidth(), 640.0f);
    float gap = 6, seg = (w - gap * (float)(total - 1)) / (float)total;
    for (size_t i = 0; i < total; i++) {
        ImVec2 a(p.x + (float)i * (seg + gap), p.y + 4);
        color::Role c = i < current ? color::kAccent : i == current ? color::kAccent : color::kBorder;
        dl->AddRectFilled(a, ImVec2(a.x + seg, a.y + (i == current ? 8.0f : 6.0f)), color::Rgb(c), 3.0f);
    }
    ImGui::Dummy(ImVec2(w, 18));
}

static void DraftStatus(const client::FormSession& s) {
    std::string text;
    switch (s.draft_state) {
        case client::DraftState::Pending:
        case client::DraftState::Saving: text = core::Tr("form.draft_saving"); break;
        case client::DraftState::SavedOnDevice:
            text = s.server_unreachable ? core::Tr("form.draft_offline") : core::Tr("form.draft_device");
            break;
        case client::DraftState::Saved: {
            std::string when = core::FormatTimestamp((long long)s.draft_saved_at);
            size_t space = when.rfind(' ');
            text = core::Tr("form.draft_saved", {{"when", space == std::string::npos ? when : when.substr(space + 1)}});
            break;
        }
        default: return;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kMuted));
    ImGui::Text("%s %s", ICON_SAVE, text.c_str());
    ImGui::PopStyleColor();
    A11yCollector::AddStatic(core::A11yRole::Status, text);
}

static const FormField* FieldForPath(const core::forms::FormSchema& schema, const std::string& path) {
    std::string top = path.substr(0, path.find_first_of("[."));
    return core::forms::FindField(schema, top);
}

// Checks the current step; shows every message and the summary; true when it is clean.
static bool CheckStep(App& app) {
    client::FormSession& s = app.session().form;
    FormUi& ui = app.session().form_ui;
    std::vector<core::forms::FormError> errors = core::forms::ValidateStep(s.schema, s.step, s.AnswersForValidation());
    for (const client::Attachment& a : s.uploads.files) {
        size_t st = 0;
        const FormField* top = FieldForPath(s.schema, a.field);
        if (a.state != client::Attachment::Done && top && core::forms::FindField(s.schema, top->id, &st) && st == s.step)
            errors.push_back({a.field, core::Msg("form.uploads_busy")});
    }
    // Messages of this step are replaced; other steps' stay as they were.
    for (auto it = ui.errors.begin(); it != ui.errors.end();) {
        size_t st = 0;
        const FormField* f = FieldForPath(s.schema, it->first);
        if (f && core::forms::FindField(s.schema, f->id, &st) && st == s.step) it = ui.errors.erase(it);
        else ++it;
    }
    for (const core::forms::FormError& e : errors) ui.errors[e.path] = e.message;
    ui.summary = errors;
    return errors.empty();
}

static void ErrorSummary(App& app) {
    FormUi& ui = app.session().form_ui;
    if (ui.summary.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Border, color::V(color::kError));
    ImGui::PushStyleVar(ImGuiStyleVar_ChildBorderSize, 3.0f);
    BeginCard("##summary");
    ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kError));
    Heading((std::string(ICON_EXCLAMATION " ") + core::Tr("form.summary_title")).c_str(), 2);
    ImGui::PopStyleColor();
    A11yCollector::AddStatic(core::A11yRole::Alert, core::Tr("form.summary_title"));
    Paragraph(core::Tr("form.summary_lead"), true);
    for (size_t i = 0; i < ui.summary.size(); i++) {
        const core::forms::FormError& e = ui.summary[i];
        const FormField* f = FieldForPath(app.session().form.schema, e.path);
        std::string message = e.message.Text();
        std::string text = (f && message.find(f->label) == std::string::npos ? f->label + ": " : std::string()) + message;
        ImGui::PushID((int)i);
        ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kError));
        if (LinkButton(text.c_str())) ui.focus = e.path;
        ImGui::PopStyleColor();
        ImGui::PopID();
    }
    EndCard();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    ImGui::Dummy(ImVec2(0, 8));
}

static void DrawStep(App& app) {
    client::FormSession& s = app.session().form;
    const core::forms::FormStep& step = s.schema.steps[s.step];
    bool changed = false;
    for (size_t k = 0; k < step.sections.size(); k++) {
        const core::forms::FormSection& sec = step.sections[k];
        bool any = false;
        for (const FormField& f : sec.fields)
            if (f.visible_if.kind == core::forms::Condition::None || f.visible_if.Holds(s.answers)) any = true;
        if (!any) continue;
        ImGui::PushID((int)k);
        BeginCard("##section");
        if (!sec.title.empty()) Heading(sec.title.c_str(), 2);
        for (const FormField& f : sec.fields) {
            if (f.visible_if.kind != core::forms::Condition::None && !f.visible_if.Holds(s.answers)) continue;
            ImGui::Dummy(ImVec2(0, 4));
            changed |= DrawFormField(app, f, s.answers, f.id);
            ImGui::Dummy(ImVec2(0, 6));
        }
        EndCard();
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, 10));
    }
    if (changed) s.Changed(app.Now());
}

static void DrawReview(App& app) {
    client::FormSession& s = app.session().form;
    Paragraph(core::Tr("form.review_lead"), true);
    ImGui::Dummy(ImVec2(0, 6));
    json answers = s.AnswersForValidation();
    for (size_t i = 0; i < s.schema.steps.size(); i++) {
        const core::forms::FormStep& st = s.schema.steps[i];
        ImGui::PushID((int)i);
        BeginCard("##review-step");
        Heading(st.title.c_str(), 2);
        ImGui::SameLine(ImMax(ImGui::GetCursorPosX(), ImGui::GetContentRegionMax().x - 140));
        std::string edit = std::string(ICON_PENCIL " ") + core::Tr("form.edit") + "##edit";
        A11yCollector::SetNextName(std::string(core::Tr("form.edit")) + ": " + st.title);
        if (LinkButton(edit.c_str())) {
            app.session().form_ui.return_to_review = true;
            app.session().form_ui.summary.clear();
            s.GoToStep(i, app.Now());
        }
        for (const core::forms::FormSection& sec : st.sections)
            for (const FormField& f : sec.fields) {
                if (f.visible_if.kind != core::forms::Condition::None && !f.visible_if.Holds(s.answers)) continue;
                json a = answers.contains(f.id) ? answers[f.id] : json();
                FieldRow(f.label.c_str(), DisplayAnswer(app, f, a), s.verified.count(f.id) > 0);
            }
        EndCard();
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, 10));
    }
}

static void SaveToProfile(App& app) {
    FormUi& ui = app.session().form_ui;
    std::vector<core::forms::ProfileUpdate> chosen;
    for (size_t i = 0; i < app.session().form.profile_updates.size(); i++)
        if (i < ui.save_to_profile.size() && ui.save_to_profile[i]) chosen.push_back(app.session().form.profile_updates[i]);
    if (chosen.empty()) return;
    ui.profile_saving = true;
    ui.profile_error = client::ApiError();
    json body = {{"base_version", app.session().profile.version}, {"data", core::forms::ApplyProfileUpdates(app.session().profile.data, chosen)}};
    app.api.Put("/profile", body, [&app](client::ApiResult r) {
        FormUi& ui = app.session().form_ui;
        ui.profile_saving = false;
        app.RequestFrames();
        if (!r.error.ok()) {
            ui.profile_error = r.error;
            return;
        }
        ui.profile_notice = core::Tr("form.profile_saved");
        app.session().form.profile_updates.clear();
        app.LoadProfile();
    });
}

static void DrawSubmitted(App& app) {
    client::FormSession& s = app.session().form;
    FormUi& ui = app.session().form_ui;
    if (ui.submit_seconds < 0) ui.submit_seconds = app.Now() - s.submit_started;
    std::string number = core::JsonText(s.submitted, "number");
    BeginCard("##done");
    ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kSuccess));
    Heading((std::string(ICON_CHECK_CIRCLE " ") + core::Tr("form.submitted_title")).c_str());
    ImGui::PopStyleColor();
    A11yCollector::AddStatic(core::A11yRole::Alert, core::Tr("form.submitted_title"));
    Paragraph(core::Tr("form.number"), true);
    ImGui::PushFont(WidgetFonts().bold, size::kH1 + 4);
    ImGui::TextUnformatted(number.c_str());
    ImGui::PopFont();
    A11yCollector::AddStatic(core::A11yRole::Status, std::string(core::Tr("form.number")) + ": " + number);
    ImGui::Dummy(ImVec2(0, 4));
    Paragraph(core::Tr("form.submitted_lead", {{"agency", core::JsonText(s.submitted, "agency", s.schema.agency)}}).c_str());
    ImGui::Dummy(ImVec2(0, 8));
    if (PrimaryButton(core::Tr("form.to_applications"))) app.Navigate(core::Screen::Applications);
    ImGui::SameLine();
    if (SecondaryButton(core::Tr("form.to_catalog"))) app.Navigate(core::Screen::Catalog);
    EndCard();
    ImGui::Dummy(ImVec2(0, 10));
    if (!ui.profile_notice.empty()) Alert(AlertKind::Info, ui.profile_notice.c_str());
    if (s.profile_updates.empty()) return;
    BeginCard("##to-profile");
    Heading(core::Tr("form.save_profile_title"), 2);
    Paragraph(core::Tr("form.save_profile_lead"), true);
    ui.save_to_profile.resize(s.profile_updates.size(), true);
    for (size_t i = 0; i < s.profile_updates.size(); i++) {
        const core::forms::ProfileUpdate& u = s.profile_updates[i];
        std::string label = u.label + ": " + core::forms::ProfileValue(json{{"v", u.new_value}}, "v");
        bool v = ui.save_to_profile[i];
        ImGui::PushID((int)i);
        if (CheckBox(label.c_str(), &v)) ui.save_to_profile[i] = v;
        ImGui::PopID();
    }
    if (!ui.profile_error.ok()) ServerError(ui.profile_error);
    ImGui::BeginDisabled(ui.profile_saving || !app.session().profile.loaded);
    if (PrimaryButton(core::Tr("form.save_profile"))) SaveToProfile(app);
    ImGui::EndDisabled();
    EndCard();
}

void DrawFormSteps(App& app) {
    client::FormSession& s = app.session().form;
    FormUi& ui = app.session().form_ui;
    if (s.submit_state == client::SubmitState::Submitted) {
        DrawSubmitted(app);
        return;
    }
    if (!s.problems.empty()) {
        std::string text = core::Tr("form.problems");
        for (const core::Message& p : s.problems) text += "\n• " + p.Text();
        Alert(AlertKind::Warning, text.c_str());
    }
    if (!s.Active()) return;
    ProgressSteps(s);
    DraftStatus(s);
    if (!s.restored_notice.empty() && Alert(AlertKind::Info, s.restored_notice.Text().c_str(), core::Tr("common.close"))) s.restored_notice.clear();
    if (s.previous.is_object() && s.fill_previous) {
        // «Подать заново»: filled from the refused application at once; files are attached anew.
        std::string number = core::JsonText(s.previous, "number");
        s.ReusePrevious(app.Now());
        s.step = 0;  // from the start: the person checks every answer of the new application
        s.previous = json();
        s.fill_previous = false;
        app.session().form_ui.copied_from = number;
    }
    if (!app.session().form_ui.copied_from.empty() && s.step == 0)
        Alert(AlertKind::Info, core::Tr("form.copied_from", {{"number", app.session().form_ui.copied_from}}).c_str());
    if (s.previous.is_object() && s.step == 0 &&
        Alert(AlertKind::Info, core::Tr("form.previous", {{"number", core::JsonText(s.previous, "number")}}).c_str(), core::Tr("form.previous_fill"))) {
        s.ReusePrevious(app.Now());
        s.previous = json();
    }
    ImGui::Dummy(ImVec2(0, 6));
    ErrorSummary(app);
    bool review = s.step >= s.schema.steps.size();
    if (review) {
        Heading(core::Tr("form.review"), 2);
        DrawReview(app);
    } else {
        Heading(s.schema.steps[s.step].title.c_str(), 2);
        ImGui::Dummy(ImVec2(0, 4));
        DrawStep(app);
    }

    // Navigation: «Назад» / «Далее» (or back to the review) / «Отправить».
    ImGui::Dummy(ImVec2(0, 4));
    float w = app.NarrowLayout() ? ImGui::CalcItemWidth() : 0.0f;
    float next_w = app.NarrowLayout() ? w : 180.0f;
    if (review) {
        if (s.submit_state == client::SubmitState::Failed) {
            std::string msg = s.submit_error.Text() + ". " + core::Tr("form.submit_failed");
            Alert(AlertKind::Error, msg.c_str());
        }
        bool busy = s.submit_state == client::SubmitState::Sending || s.submit_state == client::SubmitState::Sealing;
        const char* label = busy ? core::Tr("form.sending")
                                 : s.submit_state == client::SubmitState::Failed ? core::Tr("form.retry") : core::Tr("form.submit");
        ImGui::BeginDisabled(busy);
        if (PrimaryButton(label, ImVec2(next_w, 52))) {
            // Everything is checked once more: an answer may have become invalid (a date passed).
            bool all_ok = true;
            for (size_t i = 0; i < s.schema.steps.size() && all_ok; i++)
                if (!core::forms::ValidateStep(s.schema, i, s.AnswersForValidation()).empty()) {
                    s.GoToStep(i, app.Now());
                    CheckStep(app);
                    ui.return_to_review = true;
                    all_ok = false;
                }
            if (all_ok) {
                ui.submit_seconds = -1;
                s.Submit(app.Now());
            }
        }
        ImGui::EndDisabled();
        if (busy) app.RequestFrames(2);
    } else {
        const char* next = ui.return_to_review ? core::Tr("form.back_to_review") : core::Tr("form.next");
        if (PrimaryButton(next, ImVec2(ui.return_to_review ? w : next_w, 52))) {
            if (CheckStep(app)) {
                ui.summary.clear();
                s.restored_notice.clear();
                s.GoToStep(ui.return_to_review ? s.schema.steps.size() : s.step + 1, app.Now());
                if (s.step >= s.schema.steps.size()) ui.return_to_review = false;
                app.ScrollPageToTop();
            } else {
                app.ScrollPageToTop();  // the summary is at the top
            }
        }
    }
    if (s.step > 0) {
        if (!app.NarrowLayout()) ImGui::SameLine(0, 12);
        std::string back = std::string(ICON_CHEVRON_LEFT "  ") + core::Tr("form.back") + "##form-back";
        if (SecondaryButton(back.c_str(), ImVec2(w, 52))) {
            ui.summary.clear();
            ui.return_to_review = false;
            s.GoToStep(s.step - 1, app.Now());
            app.ScrollPageToTop();
        }
    }
    app.DrawHandOver();  // kiosk only: «Продолжить на телефоне»
    for (const client::Attachment& a : s.uploads.files)
        if (a.state == client::Attachment::Uploading || a.state == client::Attachment::Encrypting) app.RequestFrames(2);
}

}  // namespace ui
