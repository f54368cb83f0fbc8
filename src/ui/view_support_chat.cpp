// «Чат с поддержкой» (SPEC §12, docs/support.md): suggested questions first (answers from the
// portal's knowledge base), then, on request, an operator — live through the event stream, with
// «Оператор печатает…», files, the history kept on the server, and a transcript to download.
// A dropped stream loses nothing: on its return the chat reads on from its last message.
#include <string>

#include "imgui.h"
#include "ui/app.h"
#include "ui/form_fields.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

static void DrawSuggestions(App& app, SupportState& s) {
    if (!s.suggestions.is_array() || s.suggestions.empty()) return;
    Heading(core::Tr("support.chat.suggestions"), 3);
    ImGui::BeginDisabled(s.chat_sending);
    for (const nlohmann::json& item : s.suggestions) {
        std::string id = item.value("id", ""), q = item.value("question", "");
        ImGui::PushID(id.c_str());
        if (WrappingButton(q.c_str(), ImGui::GetContentRegionAvail().x)) app.SendChat(id);
        ImGui::PopID();
    }
    ImGui::EndDisabled();
}

void DrawSupportChatView(App& app) {
    SupportState& s = app.session().support;
    DrawSupportTabs(app);
    Paragraph(core::Tr("support.chat.lead"), true);
    app.LoadSupportSuggestions();  // nothing when they are here in this language; a switch asks again
    if (!s.chat_error.ok() && Alert(AlertKind::Error, s.chat_error.Text().c_str(), core::Tr("common.retry"))) app.LoadSupportChat(true);
    if (!s.chat_loaded) {
        if (s.chat_error.ok()) Paragraph(core::Tr("support.loading"), true);
        return;
    }
    if (!s.chat.number.empty()) {  // what a person names on the hot line
        std::string number = core::Tr("support.chat.number", {{"number", s.chat.number}});
        Paragraph(number.c_str(), true);
        A11yCollector::AddStatic(core::A11yRole::Text, number);
    }
    // The conversation, oldest first; the newest is brought into view when it arrives.
    if (s.chat.messages.empty()) {
        Paragraph(core::Tr("support.chat.empty"), true);
        A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("support.chat.empty"));
    }
    for (const core::SupportMessage& m : s.chat.messages) DrawSupportMessage(app, m, true);
    if (s.typing_until > app.Now() && s.chat.WithOperator()) {
        std::string typing = core::Tr("support.chat.typing", {{"name", s.chat.operator_name}});
        Paragraph(typing.c_str(), true);
        A11yCollector::AddStatic(core::A11yRole::Status, typing);
    }
    ImGui::Dummy(ImVec2(0, 6));
    bool bot = !s.chat.WithOperator();
    if (bot) {
        DrawSuggestions(app, s);
        ImGui::Dummy(ImVec2(0, 4));
        ImGui::BeginDisabled(s.chat_switching);
        if (PrimaryButton((std::string(ICON_USER "  ") + core::Tr("support.chat.call_operator") + "##operator").c_str())) app.SwitchChat(true);
        ImGui::EndDisabled();
    } else {
        std::string with = core::Tr("support.chat.with_operator", {{"name", s.chat.operator_name}});
        Paragraph(with.c_str(), true);
        A11yCollector::AddStatic(core::A11yRole::Text, with);
        ImGui::BeginDisabled(s.chat_switching);
        if (SecondaryButton((std::string(core::Tr("support.chat.end_operator")) + "##bot").c_str())) app.SwitchChat(false);
        ImGui::EndDisabled();
    }
    ImGui::Dummy(ImVec2(0, 6));
    if (!s.chat_send_error.ok()) ServerError(s.chat_send_error);
    TextFieldOptions o;
    o.multiline_height = 70;
    o.max_bytes = 4 * core::kSupportTextMax + 4;
    o.hint = core::Tr(bot ? "support.chat.hint_bot" : "support.chat.hint_operator");
    TextField(core::Tr("support.chat.message_label"), "##chat-text", &s.chat_text, o);
    client::Uploads& up = app.session().chat_files;
    if (int removed = DrawAttachmentList(up, "support"); removed >= 0) up.Remove((size_t)removed);
    FieldError(s.chat_file_error.Text());
    ImGui::BeginDisabled(s.chat_sending || up.Busy() || !up.AllDone());
    if (PrimaryButton((std::string(core::Tr(s.chat_sending ? "support.sending" : "support.chat.send")) + "##send").c_str())) app.SendChat();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < 200) ImGui::NewLine();
    ImGui::BeginDisabled(s.chat_sending || (int)up.files.size() >= core::kSupportFilesMax);
    A11yCollector::SetNextName(core::Tr("support.attach"));
    if (SecondaryButton((std::string(ICON_PAPERCLIP "  ") + core::Tr("support.attach") + "##attach").c_str())) app.OpenSupportFilePicker(true);
    ImGui::EndDisabled();
    if (up.Busy()) Paragraph(core::Tr("rooms.wait_files"), true);
    ImGui::Dummy(ImVec2(0, 8));
    ImGui::BeginDisabled(s.chat.messages.empty());
    if (LinkButton((std::string(core::Tr("support.chat.transcript")) + "##transcript").c_str())) app.SaveChatTranscript();
    ImGui::EndDisabled();
    // A new message: the page's end comes into view — the newest messages with the field under
    // them, as in any messenger.
    if (s.scroll_to_end) {
        ImGui::SetScrollHereY(1.0f);
        s.scroll_to_end = false;
    }
}

}  // namespace ui
