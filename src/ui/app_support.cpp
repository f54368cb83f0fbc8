// «Обратная связь», «Обращения» and the support chat (docs/support.md): loading and filtering
// appeals, writing one with files, the correspondence, the citizen's marks, and the chat with its
// suggestions, operator, live delivery and transcript. What the backend sends is read through
// core::Parse* (core/support.h); files go through client/support_files.h.
#include <ctime>

#include "client/support_files.h"
#include "core/forms/file_signature.h"
#include "core/forms/field_type.h"
#include "core/json_read.h"
#include "core/route.h"
#include "ui/app.h"

namespace ui {

using nlohmann::json;

static long long NowSeconds() { return (long long)std::time(nullptr); }

static client::ApiError Malformed() {
    client::ApiError e;
    e.kind = client::ApiErrorKind::Malformed;
    return e;
}

static bool TooLong(const std::string& text) { return core::forms::Utf8Length(text) > (size_t)core::kSupportTextMax; }

void App::LoadSupportTopics() {
    SupportState& s = session_->support;
    if (!SignedIn() || s.topics_loading || !s.desk_key.empty()) return;
    s.topics_loading = true;
    s.topics_error = client::ApiError();
    api.Get("/support/topics", session_->Guard([this, &s](client::ApiResult r) {
        RequestFrames();
        s.topics_loading = false;
        std::vector<uint8_t> key;
        if (r.error.ok() && (!crypto::Base64Decode(core::JsonText(r.body, "desk_key"), &key) || key.size() != 32)) r.error = Malformed();
        if (!r.error.ok()) {
            s.topics_error = r.error;
            return;
        }
        // Codes only (they name catalog keys): anything else in the lists is left out.
        auto codes = [&r](const char* list) {
            std::vector<std::string> out;
            if (r.body.contains(list) && r.body[list].is_array())
                for (const json& t : r.body[list])
                    if (t.is_string() && t.get<std::string>().size() <= 32 && core::PlainId(t.get<std::string>())) out.push_back(t.get<std::string>());
            return out;
        };
        s.topics = codes("topics");
        s.service_types = codes("service_types");
        s.desk_key = std::move(key);
    }));
}

void App::LoadAppeals() {
    SupportState& s = session_->support;
    if (!SignedIn() || !s.list_load.Start()) return;
    s.list_error = client::ApiError();
    std::string q = "/appeals?limit=200";
    if (s.status >= 0) q += std::string("&status=") + core::AppealStatusCode((core::AppealStatus)s.status);
    if (!s.service.empty()) q += "&service_type=" + core::PercentEncode(s.service);
    if (long long since = core::AppealPeriodSince(s.period, NowSeconds())) q += "&since=" + std::to_string(since);
    api.Get(q, session_->Guard([this, &s](client::ApiResult r) {
        RequestFrames();
        if (s.list_load.Finish()) {
            LoadAppeals();  // the filters changed meanwhile: this reply is for the old ones
            return;
        }
        if (!r.error.ok()) {
            s.list_error = r.error;
            return;
        }
        s.appeals = core::ParseAppeals(r.body);
        s.list_loaded = true;
    }));
}

// The files of the next message, sealed to the desk and to me; false (with a message under the
// files) when the desk's key is not here or a file is still on its way.
static bool FilesForMessage(App& app, client::Uploads& up, json* files, core::Message* error) {
    SupportState& s = app.session().support;
    if (up.Busy() || !up.AllDone()) return false;
    if (!up.files.empty() && !client::SealSupportFiles(up.files, s.desk_key, app.auth_.Keys().x25519_pk, files)) {
        *error = core::Msg("support.files_unsealed");
        return false;
    }
    if (up.files.empty()) *files = json::array();
    return true;
}

void App::SubmitAppeal() {
    SupportState& s = session_->support;
    if (s.sending) return;
    s.errors.clear();
    s.send_error = client::ApiError();
    std::string text = core::forms::TrimSpaces(s.text);
    if (s.topic < 0 || s.topic >= (int)s.topics.size()) s.errors["topic"] = core::Msg("support.choose_topic");
    if (s.service_type < 0 || s.service_type >= (int)s.service_types.size()) s.errors["service_type"] = core::Msg("support.choose_service");
    if (text.empty()) s.errors["text"] = core::Msg("support.write_text");
    else if (TooLong(text)) s.errors["text"] = core::MsgN("support.text_too_long", core::kSupportTextMax);
    json files;
    core::Message file_error;
    if (!FilesForMessage(*this, session_->appeal_files, &files, &file_error)) {
        if (!file_error.empty()) s.errors["files"] = file_error;
        else if (s.errors.empty()) return;  // files still encrypting: «Отправить» waits for them
    }
    if (!s.errors.empty()) return;
    if (s.idempotency_key.empty()) s.idempotency_key = crypto::RandomId();
    s.sending = true;
    json body = {{"topic", s.topics[s.topic]}, {"service_type", s.service_types[s.service_type]}, {"text", text}, {"files", files}};
    client::RequestOptions o = client::RequestOptions::Create();
    o.idempotency_key_value = s.idempotency_key;
    api.Post("/appeals", body, session_->Guard([this, &s](client::ApiResult r) {
        RequestFrames();
        s.sending = false;
        core::Appeal a;
        if (r.error.ok() && !core::ParseAppeal(r.body, &a)) r.error = Malformed();
        if (!r.error.ok()) {
            s.send_error = r.error;  // everything typed and attached stays
            for (const client::FieldError& f : r.error.fields) s.errors[f.field] = core::RawMsg(f.message);
            return;
        }
        s.text.clear();
        s.topic = s.service_type = -1;
        s.idempotency_key.clear();
        session_->appeal_files.Clear();  // they belong to the appeal now
        s.notice = "support.created";
        s.list_loaded = false;
        s.appeal = a;
        s.number = a.number;
        s.appeal_loaded = true;
        Navigate(core::Screen::SupportAppeal, a.number);
    }), o);
}

void App::LoadAppeal() {
    SupportState& s = session_->support;
    if (!SignedIn() || route_param.empty()) return;
    if (s.number != route_param) {
        s.number = route_param;
        s.appeal = core::Appeal();
        s.appeal_loaded = false;
        s.comment.clear();
        s.comment_error.clear();
        s.action_error = client::ApiError();
        session_->appeal_files.Clear();
    }
    if (!s.appeal_load.Start()) return;
    s.appeal_error = client::ApiError();
    std::string number = s.number;
    api.Get("/appeals/" + core::PercentEncode(number), session_->Guard([this, &s, number](client::ApiResult r) {
        RequestFrames();
        if (s.appeal_load.Finish()) LoadAppeal();
        if (s.number != number) return;
        core::Appeal a;
        if (r.error.ok() && !core::ParseAppeal(r.body, &a)) r.error = Malformed();
        if (!r.error.ok()) {
            s.appeal_error = r.error;
            return;
        }
        // The desk wrote since: what the last action said («Обращение отправлено») is old news.
        if (a.messages.size() > s.appeal.messages.size() && !a.messages.empty() && a.messages.back().author == "support") s.notice.clear();
        s.appeal = std::move(a);
        s.appeal_loaded = true;
    }));
}

// The reply of a comment or a mark: the appeal as it is now, or an error that keeps what was typed.
void App::AppealActionDone(client::ApiResult r, bool* busy, bool comment) {
    SupportState& s = session_->support;
    RequestFrames();
    *busy = false;
    core::Appeal a;
    if (r.error.ok() && !core::ParseAppeal(r.body, &a)) r.error = Malformed();
    if (!r.error.ok()) {
        s.action_error = r.error;
        if (r.error.code == "appeal_closed") LoadAppeal();
        return;
    }
    if (a.number != s.number) return;
    s.appeal = std::move(a);
    s.list_loaded = false;
    if (comment) {
        s.comment.clear();
        session_->appeal_files.Clear();
        s.notice = "support.comment_sent";
    } else {
        s.notice = s.appeal.status == core::AppealStatus::Done ? "support.marked_done" : s.appeal.status == core::AppealStatus::Postponed
                                                                                              ? "support.marked_postponed"
                                                                                              : "support.marked_in_progress";
    }
}

void App::CommentAppeal() {
    SupportState& s = session_->support;
    if (s.commenting || s.number.empty()) return;
    s.comment_error.clear();
    s.action_error = client::ApiError();
    s.notice.clear();
    std::string text = core::forms::TrimSpaces(s.comment);
    if (TooLong(text)) {
        s.comment_error = core::MsgN("support.text_too_long", core::kSupportTextMax);
        return;
    }
    json files;
    if (!FilesForMessage(*this, session_->appeal_files, &files, &s.comment_error)) return;
    if (text.empty() && files.empty()) {
        s.comment_error = core::Msg("support.write_text");
        return;
    }
    s.commenting = true;
    api.Post("/appeals/" + core::PercentEncode(s.number) + "/messages", {{"text", text}, {"files", files}},
             session_->Guard([this, &s](client::ApiResult r) { AppealActionDone(std::move(r), &s.commenting, true); }),
             client::RequestOptions::Create());
}

void App::MarkAppeal(core::AppealStatus status) {
    SupportState& s = session_->support;
    if (s.marking || s.number.empty()) return;
    s.action_error = client::ApiError();
    s.notice.clear();
    s.marking = true;
    api.Post("/appeals/" + core::PercentEncode(s.number) + "/status", {{"status", core::AppealStatusCode(status)}},
             session_->Guard([this, &s](client::ApiResult r) { AppealActionDone(std::move(r), &s.marking, false); }));
}

void App::DownloadSupportFile(const core::SupportFile& f, bool chat) {
    SupportState& s = session_->support;
    if (!s.downloading.empty()) return;
    s.downloading = f.attachment;
    s.action_error = s.chat_send_error = client::ApiError();
    std::string path = chat ? "/support/chat/files/" + core::PercentEncode(f.attachment)
                            : "/appeals/" + core::PercentEncode(s.number) + "/files/" + core::PercentEncode(f.attachment);
    std::weak_ptr<int> alive = session_->Alive();
    std::string name = f.name, type = f.type;
    client::FetchSupportFile(api, path, f, auth_.Keys(), [this, alive, &s, name, type, chat](const std::string& bytes, client::ApiError e) {
        if (alive.expired()) return;
        RequestFrames();
        s.downloading.clear();
        if (!e.ok()) {
            (chat ? s.chat_send_error : s.action_error) = e;
            return;
        }
        SaveFile(name, core::forms::FileMimeType(type), bytes);
    });
}

void App::OpenSupportFilePicker(bool chat) {
    (chat ? session_->support.chat_file_error : session_->support.errors["files"]) = core::Message();
    file_for_ = chat ? FileFor::Chat : FileFor::Appeal;
    if (hooks_.pick_file) hooks_.pick_file(".pdf,.jpg,.jpeg,.png,.docx,.xlsx");
}

void App::OnSupportFilePicked(bool chat, const std::string& name, const uint8_t* data, size_t size) {
    SupportState& s = session_->support;
    client::Uploads& up = chat ? session_->chat_files : session_->appeal_files;
    core::Message& error = chat ? s.chat_file_error : (screen_ == core::Screen::SupportAppeal ? s.comment_error : s.errors["files"]);
    if ((int)up.files.size() >= core::kSupportFilesMax) {
        error = core::MsgN("file.too_many", core::kSupportFilesMax);
        return;
    }
    std::string safe = client::SafeFileName(name);
    // By content, as a form's file; a 10 MB file is refused here, before a byte is encrypted.
    error = core::forms::CheckFile({"pdf", "jpeg", "png", "docx", "xlsx"}, core::kSupportFileMb, safe, data, size);
    if (error.empty()) up.Add("support", safe, core::forms::DetectFileType(data, size), data, size);
}

// --- the chat ------------------------------------------------------------------------------------
void App::LoadSupportChat(bool whole) {
    SupportState& s = session_->support;
    if (!SignedIn()) return;
    if (s.chat_loading) {
        s.chat_again = true;  // a message announced meanwhile: read on after this reply
        return;
    }
    s.chat_loading = true;
    long long after = whole || !s.chat_loaded ? 0 : s.chat.LastId();
    api.Get("/support/chat?after=" + std::to_string(after), session_->Guard([this, &s, after](client::ApiResult r) {
        RequestFrames();
        s.chat_loading = false;
        core::SupportChat c;
        if (r.error.ok() && !core::ParseSupportChat(r.body, &c)) r.error = Malformed();
        if (!r.error.ok()) {
            s.chat_error = r.error;
        } else {
            s.chat_error = client::ApiError();
            size_t before = s.chat.messages.size();
            if (after == 0) s.chat = std::move(c);
            else core::MergeSupportChat(&s.chat, c);
            if (s.chat.messages.size() != before) {
                s.scroll_to_end = true;
                // The desk's and the bot's new words are said; one's own are not (after == 0:
                // the chat just opened, its history is read, not announced).
                if (after > 0)
                    for (size_t i = before; i < s.chat.messages.size(); i++)
                        if (s.chat.messages[i].author != "citizen")
                            Announce(core::SupportAuthor(s.chat.messages[i]) + ": " + core::SupportMessageText(s.chat.messages[i]));
                if (!s.chat.messages.empty() && s.chat.messages.back().author == "support") s.typing_until = 0;
            }
            s.chat_loaded = true;
        }
        if (std::exchange(s.chat_again, false)) LoadSupportChat(false);
    }));
}

void App::LoadSupportSuggestions() {
    SupportState& s = session_->support;
    int lang = (int)language_;
    if (!SignedIn() || s.suggestions_lang == lang) return;
    s.suggestions_lang = lang;
    api.Get(std::string("/support/suggestions?lang=") + (language_ == core::Language::English ? "en" : "ru"),
            session_->Guard([this, &s, lang](client::ApiResult r) {
                RequestFrames();
                if (s.suggestions_lang != lang) return;
                if (!r.error.ok()) {
                    s.suggestions_lang = -1;  // asked again when the chat is opened again
                    return;
                }
                s.suggestions = json::array();
                for (const json& item : core::JsonItems(r.body))
                    if (core::PlainId(core::JsonText(item, "id")) && !core::JsonText(item, "question").empty())
                        s.suggestions.push_back({{"id", core::JsonText(item, "id")}, {"question", core::JsonText(item, "question").substr(0, 300)}});
            }));
}

// A chat reply (the chat as it is now): merged; an error keeps what was typed.
void App::ChatReplied(client::ApiResult r, bool* busy, bool clear_input) {
    SupportState& s = session_->support;
    RequestFrames();
    *busy = false;
    core::SupportChat c;
    if (r.error.ok() && !core::ParseSupportChat(r.body, &c)) r.error = Malformed();
    if (!r.error.ok()) {
        s.chat_send_error = r.error;
        return;
    }
    core::MergeSupportChat(&s.chat, c);
    s.chat_loaded = true;
    s.scroll_to_end = true;
    if (clear_input) {
        s.chat_text.clear();
        session_->chat_files.Clear();
    }
}

void App::SendChat(const std::string& suggestion) {
    SupportState& s = session_->support;
    if (s.chat_sending) return;
    s.chat_send_error = client::ApiError();
    s.chat_file_error.clear();
    json body = {{"lang", language_ == core::Language::English ? "en" : "ru"}};
    if (!suggestion.empty()) {
        body["suggestion"] = suggestion;
    } else {
        std::string text = core::forms::TrimSpaces(s.chat_text);
        if (TooLong(text)) {
            s.chat_file_error = core::MsgN("support.text_too_long", core::kSupportTextMax);
            return;
        }
        json files;
        if (!FilesForMessage(*this, session_->chat_files, &files, &s.chat_file_error)) return;
        if (text.empty() && files.empty()) return;
        body["text"] = text;
        body["files"] = files;
    }
    s.chat_sending = true;
    api.Post("/support/chat/messages", body,
             session_->Guard([this, &s, typed = suggestion.empty()](client::ApiResult r) { ChatReplied(std::move(r), &s.chat_sending, typed); }),
             client::RequestOptions::Create());
}

void App::SwitchChat(bool to_operator) {
    SupportState& s = session_->support;
    if (s.chat_switching) return;
    s.chat_send_error = client::ApiError();
    s.chat_switching = true;
    api.Post(to_operator ? "/support/chat/operator" : "/support/chat/bot", json::object(),
             session_->Guard([this, &s](client::ApiResult r) { ChatReplied(std::move(r), &s.chat_switching, false); }));
}

void App::SaveChatTranscript() {
    const core::SupportChat& c = session_->support.chat;
    SaveFile("support-chat-" + (c.number.empty() ? std::string("new") : c.number) + ".txt", "text/plain;charset=utf-8", core::SupportTranscript(c));
}

void App::OnSupportEvent(const client::LiveEvent& e) {
    SupportState& s = session_->support;
    if (e.type == "support_typing") {
        s.typing_until = Now() + 5;  // until the message, or 5 s
        WakeAfter(5100);
    } else if (s.chat_loaded) {
        LoadSupportChat(false);  // only what came after the last message shown
    }
    RequestFrames();
}

}  // namespace ui
