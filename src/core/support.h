// Support (SPEC §12, docs/support.md): appeals («Обращения») and the support chat, as read from
// the backend. Everything here comes from outside: a field of the wrong type reads as empty, an
// unknown status or kind is kept as unknown (a client shows it by its text), texts are capped.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/strings.h"

namespace core {

enum class AppealStatus { InProgress, Done, Rejected, Postponed, Unknown };
AppealStatus ParseAppealStatus(const std::string& code);
const char* AppealStatusCode(AppealStatus s);     // "in_progress" … ("" for Unknown)
const char* AppealStatusKey(AppealStatus s);      // catalog key of its name («в работе» …)

struct SupportFile {
    std::string attachment, name, type, key, sha256;  // key: the caller's sealed copy (base64)
    long long size = 0;
};

struct SupportMessage {
    long long id = 0, at = 0;
    std::string author;    // citizen, support, bot
    std::string kind;      // message, question, answer, status, no_answer, handover, back_to_bot
    std::string text, status, operator_name, article;
    std::vector<SupportFile> files;
};

struct Appeal {
    std::string number, topic, service_type, summary;
    AppealStatus status = AppealStatus::Unknown;
    long long created_at = 0, updated_at = 0;
    bool waiting_for_me = false;               // the desk asked; the citizen has not answered
    std::vector<SupportMessage> messages;      // the detail only
    bool Closed() const { return status == AppealStatus::Done || status == AppealStatus::Rejected; }
};

struct SupportChat {
    std::string number, state = "bot", operator_name;
    std::vector<SupportMessage> messages;      // by id
    long long LastId() const { return messages.empty() ? 0 : messages.back().id; }
    bool WithOperator() const { return state == "operator"; }
};

constexpr int kSupportTextMax = 5000;         // characters of one message (the backend's limit)
constexpr int kSupportFilesMax = 5;
constexpr int kSupportFileMb = 5;

SupportMessage ParseSupportMessage(const nlohmann::json& m);
// false when it has no usable number (then the reply is not an appeal).
bool ParseAppeal(const nlohmann::json& body, Appeal* out);
std::vector<Appeal> ParseAppeals(const nlohmann::json& body);  // GET /appeals
bool ParseSupportChat(const nlohmann::json& body, SupportChat* out);
// New messages (GET /support/chat?after=) added to what is shown: by id, each once, in order —
// events that come twice or out of order add nothing twice.
void MergeSupportChat(SupportChat* chat, const SupportChat& newer);

// The period filter: 0 all time, 1 the last day, 2 week (7 days), 3 month (30 days) → `since`.
long long AppealPeriodSince(int period, long long now);

// How a message of the chat or the correspondence is worded in the current language: who («Вы»,
// «Служба поддержки», «Оператор Анна», «Помощник») and what (its text, or the wording of a kind
// that carries none: «Ответа не нашлось…», «Оператор Анна подключился…»).
std::string SupportAuthor(const SupportMessage& m);
std::string SupportMessageText(const SupportMessage& m);
// The chat as a text file the citizen keeps: a heading, then «дата время — кто: текст» per message
// and each file's name.
std::string SupportTranscript(const SupportChat& chat);

}  // namespace core
