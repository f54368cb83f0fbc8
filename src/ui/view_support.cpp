// «Обратная связь» and «Обращения» (SPEC §12, docs/support.md): the list of my appeals with their
// status, date, category and summary, filtered by status, period and service type; a new appeal
// (topic, service type, text, files → a number); one appeal's whole correspondence with its files,
// a comment (or the answer to the desk's question) and the marks «выполнено» / «отложено».
#include <string>

#include "core/dates.h"
#include "core/forms/field_type.h"
#include "imgui.h"
#include "ui/app.h"
#include "ui/form_fields.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

static const char* const kPeriods[] = {"support.period_all", "support.period_day", "support.period_week", "support.period_month"};

void DrawSupportTabs(App& app) {
    SectionTabs(app, "support.title", "##support-tabs", {{core::Screen::Support, "support.tab_appeals"}, {core::Screen::SupportChat, "support.tab_chat"}});
}

// «other» is a plural form's name in the catalogs, so that code's words are under «misc».
static std::string CodeName(const char* group, const std::string& code) {
    return core::Tr((std::string(group) + (code == "other" ? std::string("misc") : code)).c_str());
}
static std::string TopicName(const std::string& code) { return CodeName("support.topic.", code); }
static std::string ServiceName(const std::string& code) { return CodeName("support.service.", code); }

static core::StatusTone ToneOf(core::AppealStatus s) {
    switch (s) {
        case core::AppealStatus::InProgress: return core::StatusTone::Progress;
        case core::AppealStatus::Done: return core::StatusTone::Success;
        case core::AppealStatus::Rejected: return core::StatusTone::Failure;
        case core::AppealStatus::Postponed: return core::StatusTone::Attention;
        case core::AppealStatus::Unknown: break;
    }
    return core::StatusTone::Neutral;
}

static void StatusOf(const core::Appeal& a) {
    const char* name = core::Tr(core::AppealStatusKey(a.status));
    Badge(name, ToneOf(a.status), core::Tr("support.status_spoken", {{"status", name}}));
    if (a.waiting_for_me && !a.Closed()) {
        ImGui::SameLine(0, 8);
        Badge(core::Tr("support.waiting_for_me"), core::StatusTone::Attention, core::Tr("support.waiting_for_me"));
    }
}

static void DrawFilters(App& app, SupportState& s) {
    bool narrow = app.NarrowLayout();
    float column = ImGui::GetContentRegionAvail().x;
    std::string status = s.status < 0 ? core::Tr("support.status_all") : core::Tr(core::AppealStatusKey((core::AppealStatus)s.status));
    if (BeginSelect("##status", core::Tr("support.filter_status"), status.c_str(), narrow ? column : 200.0f)) {
        for (int i = -1; i < 4; i++) {
            A11yCollector::SetNextRole(core::A11yRole::ListItem);
            if (ImGui::Selectable(i < 0 ? core::Tr("support.status_all") : core::Tr(core::AppealStatusKey((core::AppealStatus)i)), s.status == i)) {
                s.status = i;
                app.LoadAppeals();
            }
        }
        EndSelect();
    }
    if (!narrow) ImGui::SameLine();
    if (BeginSelect("##period", core::Tr("support.filter_period"), core::Tr(kPeriods[s.period]), narrow ? column : 200.0f)) {
        for (int i = 0; i < 4; i++) {
            A11yCollector::SetNextRole(core::A11yRole::ListItem);
            if (ImGui::Selectable(core::Tr(kPeriods[i]), s.period == i)) {
                s.period = i;
                app.LoadAppeals();
            }
        }
        EndSelect();
    }
    if (!narrow) ImGui::SameLine();
    std::string service = s.service.empty() ? core::Tr("support.service_all") : ServiceName(s.service);
    if (BeginSelect("##service", core::Tr("support.filter_service"), service.c_str(), narrow ? column : 260.0f)) {
        A11yCollector::SetNextRole(core::A11yRole::ListItem);
        if (ImGui::Selectable(core::Tr("support.service_all"), s.service.empty())) {
            s.service.clear();
            app.LoadAppeals();
        }
        for (const std::string& code : s.service_types) {
            A11yCollector::SetNextRole(core::A11yRole::ListItem);
            if (ImGui::Selectable(ServiceName(code).c_str(), s.service == code)) {
                s.service = code;
                app.LoadAppeals();
            }
        }
        EndSelect();
    }
}

void DrawAppealsView(App& app) {
    SupportState& s = app.session().support;
    DrawSupportTabs(app);
    Paragraph(core::Tr("support.lead"), true);
    if (PrimaryButton((std::string(ICON_PLUS "  ") + core::Tr("support.new") + "##new").c_str())) app.Navigate(core::Screen::SupportNew);
    ImGui::Dummy(ImVec2(0, 8));
    DrawFilters(app, s);
    ImGui::Dummy(ImVec2(0, 8));
    if (!s.list_error.ok() && Alert(AlertKind::Error, s.list_error.Text().c_str(), core::Tr("common.retry"))) app.LoadAppeals();
    if (!s.list_loaded) {
        if (s.list_error.ok()) Paragraph(core::Tr("support.loading"), true);
        return;
    }
    if (s.appeals.empty()) {
        bool filtered = s.status >= 0 || s.period > 0 || !s.service.empty();
        const char* key = filtered ? "support.none_filtered" : "support.none";
        Paragraph(core::Tr(key), true);
        A11yCollector::AddStatic(core::A11yRole::Text, core::Tr(key));
        return;
    }
    A11yCollector::AddStatic(core::A11yRole::Status, core::TrN("support.count", (long long)s.appeals.size()));
    for (const core::Appeal& a : s.appeals) {
        ImGui::PushID(a.number.c_str());
        BeginCard("##appeal");
        // A heading that wraps (a link's one line ran off a phone at 200 %), then «Открыть».
        Heading((core::Tr("support.appeal_number", {{"number", a.number}}) + " · " + TopicName(a.topic)).c_str(), 3);
        StatusOf(a);
        FieldRow(core::Tr("support.created_at"), core::FormatTimestamp(a.created_at));
        FieldRow(core::Tr("support.category"), ServiceName(a.service_type));
        FieldRow(core::Tr("support.summary"), a.summary);
        A11yCollector::SetNextName(core::Tr("support.open_named", {{"number", a.number}}));
        if (SecondaryButton((std::string(core::Tr("support.open")) + "##open").c_str())) app.Navigate(core::Screen::SupportAppeal, a.number);
        EndCard();
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, 8));
    }
}

// The files being attached to a new appeal or a comment, «Прикрепить файл», and why a file was refused.
static void DrawAttach(App& app, client::Uploads& up, const core::Message& error, bool disabled) {
    if (int removed = DrawAttachmentList(up, "support"); removed >= 0) up.Remove((size_t)removed);
    FieldError(error.Text());
    ImGui::BeginDisabled(disabled || (int)up.files.size() >= core::kSupportFilesMax);
    A11yCollector::SetNextName(core::Tr("support.attach"));
    if (SecondaryButton((std::string(ICON_PAPERCLIP "  ") + core::Tr("support.attach") + "##attach").c_str())) app.OpenSupportFilePicker(false);
    ImGui::EndDisabled();
    Paragraph(core::Tr("support.files_hint", {{"n", core::kSupportFilesMax}, {"mb", core::kSupportFileMb}}).c_str(), true);
    if (up.Busy()) Paragraph(core::Tr("rooms.wait_files"), true);
}

static std::string Counter(const std::string& text) {
    return core::Tr("support.counter", {{"n", core::FormatNumber((long long)core::forms::Utf8Length(text))}, {"max", core::FormatNumber(core::kSupportTextMax)}});
}

void DrawAppealNewView(App& app) {
    SupportState& s = app.session().support;
    DrawSupportTabs(app);
    BeginFormCard("##appeal-new");
    Heading(core::Tr("support.new_title"), 2);
    Paragraph(core::Tr("support.new_lead"), true);
    if (!s.topics_error.ok() && Alert(AlertKind::Error, s.topics_error.Text().c_str(), core::Tr("common.retry"))) app.LoadSupportTopics();
    if (s.topics.empty()) {
        if (s.topics_error.ok()) Paragraph(core::Tr("support.loading"), true);
        EndFormCard();
        return;
    }
    float column = ImGui::GetContentRegionAvail().x;
    std::string topic = s.topic >= 0 && s.topic < (int)s.topics.size() ? TopicName(s.topics[s.topic]) : core::Tr("support.choose");
    ImGui::TextUnformatted(core::Tr("support.topic_label"));
    if (BeginSelect("##topic", core::Tr("support.topic_label"), topic.c_str(), column)) {
        for (int i = 0; i < (int)s.topics.size(); i++) {
            A11yCollector::SetNextRole(core::A11yRole::ListItem);
            if (ImGui::Selectable(TopicName(s.topics[i]).c_str(), s.topic == i)) {
                s.topic = i;
                s.errors.erase("topic");
            }
        }
        EndSelect();
    }
    FieldError(ErrorFor(s.errors, "topic"));
    ImGui::Dummy(ImVec2(0, 4));
    std::string service = s.service_type >= 0 && s.service_type < (int)s.service_types.size() ? ServiceName(s.service_types[s.service_type])
                                                                                             : core::Tr("support.choose");
    ImGui::TextUnformatted(core::Tr("support.service_label"));
    if (BeginSelect("##service-type", core::Tr("support.service_label"), service.c_str(), column)) {
        for (int i = 0; i < (int)s.service_types.size(); i++) {
            A11yCollector::SetNextRole(core::A11yRole::ListItem);
            if (ImGui::Selectable(ServiceName(s.service_types[i]).c_str(), s.service_type == i)) {
                s.service_type = i;
                s.errors.erase("service_type");
            }
        }
        EndSelect();
    }
    FieldError(ErrorFor(s.errors, "service_type"));
    ImGui::Dummy(ImVec2(0, 4));
    TextFieldOptions o;
    o.multiline_height = 180;
    // A little over the limit fits, so that a pasted text is shown and its length said, not cut
    // silently; the 100 KB paste stays out.
    o.max_bytes = 4 * core::kSupportTextMax + 4;
    o.hint = core::Tr("support.text_hint");
    std::string error = ErrorFor(s.errors, "text");
    o.error = error.empty() ? nullptr : error.c_str();
    o.required = true;
    if (TextField(core::Tr("support.text_label"), "##text", &s.text, o)) s.errors.erase("text");
    Paragraph(Counter(s.text).c_str(), true);
    auto files_error = s.errors.find("files");
    DrawAttach(app, app.session().appeal_files, files_error == s.errors.end() ? core::Message() : files_error->second, s.sending);
    ImGui::Dummy(ImVec2(0, 8));
    if (!s.send_error.ok()) ServerError(s.send_error);
    client::Uploads& up = app.session().appeal_files;
    ImGui::BeginDisabled(s.sending || up.Busy() || !up.AllDone());
    if (PrimaryButton((std::string(core::Tr(s.sending ? "support.sending" : "support.send")) + "##send").c_str())) app.SubmitAppeal();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (SecondaryButton((std::string(core::Tr("support.back_to_list")) + "##back").c_str())) app.Navigate(core::Screen::Support);
    EndFormCard();
}

// One message of the correspondence or the chat (view_support_chat.cpp draws the chat's with it).
void DrawSupportMessage(App& app, const core::SupportMessage& m, bool chat) {
    SupportState& s = app.session().support;
    ImGui::PushID((int)m.id);
    BeginFlatCard();
    PushFlatCardWrap();
    const Fonts& f = WidgetFonts();
    std::string who = core::SupportAuthor(m), when = core::FormatTimestamp(m.at);
    ImGui::PushFont(f.bold, size::kBody);
    ImGui::TextUnformatted(who.c_str());
    ImGui::PopFont();
    ImGui::SameLine(0, 10);
    ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kMuted));
    ImGui::TextUnformatted(when.c_str());
    ImGui::PopStyleColor();
    std::string mark;
    if (m.kind == "question") mark = core::Tr("support.kind_question");
    else if (m.kind == "answer" && m.author == "support") mark = core::Tr("support.kind_answer");
    if (!mark.empty()) {
        ImGui::SameLine(0, 10);
        Badge(mark.c_str(), m.kind == "question" ? core::StatusTone::Attention : core::StatusTone::Success, mark);
    }
    std::string text = core::SupportMessageText(m);
    if (!text.empty()) ImGui::TextUnformatted(text.c_str());
    A11yCollector::AddStatic(core::A11yRole::Text, (mark.empty() ? "" : mark + ". ") + who + ", " + when + ": " + text);
    for (size_t i = 0; i < m.files.size(); i++) {
        const core::SupportFile& file = m.files[i];
        ImGui::PushID((int)i);
        std::string line = std::string(ICON_PAPERCLIP " ") + file.name + " · " + SizeText((size_t)std::max(0LL, file.size));
        ImGui::TextUnformatted(line.c_str());
        A11yCollector::AddStatic(core::A11yRole::Text, line);
        ImGui::SameLine(0, 12);
        bool busy = s.downloading == file.attachment;
        ImGui::BeginDisabled(!s.downloading.empty());
        A11yCollector::SetNextName(core::Tr("rooms.download_named", {{"name", file.name}}));
        if (LinkButton((std::string(core::Tr(busy ? "rooms.downloading" : "rooms.download")) + "##dl").c_str())) app.DownloadSupportFile(file, chat);
        ImGui::EndDisabled();
        ImGui::PopID();
    }
    ImGui::PopTextWrapPos();
    EndFlatCard();
    ImGui::PopID();
    ImGui::Dummy(ImVec2(0, 4));
}

void DrawAppealView(App& app) {
    SupportState& s = app.session().support;
    DrawSupportTabs(app);
    if (LinkButton((std::string(ICON_CHEVRON_LEFT " ") + core::Tr("support.back_to_list") + "##back").c_str())) app.Navigate(core::Screen::Support);
    if (!s.appeal_error.ok() && Alert(AlertKind::Error, s.appeal_error.Text().c_str(), core::Tr("common.retry"))) app.LoadAppeal();
    if (!s.appeal_loaded) {
        if (s.appeal_error.ok()) Paragraph(core::Tr("support.loading"), true);
        return;
    }
    const core::Appeal& a = s.appeal;
    BeginCard("##appeal-head");
    Heading(core::Tr("support.appeal_number", {{"number", a.number}}).c_str(), 2);
    StatusOf(a);
    FieldRow(core::Tr("support.topic_label"), TopicName(a.topic));
    FieldRow(core::Tr("support.category"), ServiceName(a.service_type));
    FieldRow(core::Tr("support.created_at"), core::FormatTimestamp(a.created_at));
    if (!a.Closed()) {
        ImGui::Dummy(ImVec2(0, 4));
        ImGui::BeginDisabled(s.marking);
        if (PrimaryButton((std::string(ICON_CHECK "  ") + core::Tr("support.mark_done") + "##done").c_str())) app.MarkAppeal(core::AppealStatus::Done);
        ImGui::SameLine();
        if (a.status == core::AppealStatus::Postponed) {
            if (SecondaryButton((std::string(core::Tr("support.mark_in_progress")) + "##resume").c_str())) app.MarkAppeal(core::AppealStatus::InProgress);
        } else if (SecondaryButton((std::string(core::Tr("support.mark_postponed")) + "##postpone").c_str())) {
            app.MarkAppeal(core::AppealStatus::Postponed);
        }
        ImGui::EndDisabled();
    }
    EndCard();
    ImGui::Dummy(ImVec2(0, 8));
    if (!s.notice.empty()) Alert(AlertKind::Info, core::Tr(s.notice.c_str()));
    if (!s.action_error.ok()) ServerError(s.action_error);
    if (a.waiting_for_me && !a.Closed()) Alert(AlertKind::Warning, core::Tr("support.answer_the_question"));
    Heading(core::Tr("support.correspondence"), 2);
    for (const core::SupportMessage& m : a.messages) DrawSupportMessage(app, m, false);
    ImGui::Dummy(ImVec2(0, 8));
    if (a.Closed()) {
        Paragraph(core::Tr("support.closed_hint"), true);
        A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("support.closed_hint"));
        if (SecondaryButton((std::string(core::Tr("support.new")) + "##new").c_str())) app.Navigate(core::Screen::SupportNew);
        return;
    }
    BeginFormCard("##comment");
    TextFieldOptions o;
    o.multiline_height = 100;
    o.max_bytes = 4 * core::kSupportTextMax + 4;
    o.hint = core::Tr(a.waiting_for_me ? "support.answer_hint" : "support.comment_hint");
    if (TextField(core::Tr(a.waiting_for_me ? "support.answer_label" : "support.comment_label"), "##comment", &s.comment, o)) s.comment_error.clear();
    Paragraph(Counter(s.comment).c_str(), true);
    client::Uploads& up = app.session().appeal_files;
    DrawAttach(app, up, s.comment_error, s.commenting);
    ImGui::BeginDisabled(s.commenting || up.Busy() || !up.AllDone());
    if (PrimaryButton((std::string(core::Tr(s.commenting ? "support.sending" : "support.send_comment")) + "##send").c_str())) app.CommentAppeal();
    ImGui::EndDisabled();
    EndFormCard();
}

}  // namespace ui
