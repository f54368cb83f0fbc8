// «Уведомления»: how an item of the feed is put into words and what it opens
// (docs/notifications.md). The backend sends a kind and its parameters; the client words them in
// the reader's language, so a feed read in English is English, and an item of a kind this client
// does not know shows the backend's own text instead of breaking.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "core/route.h"
#include "core/strings.h"

namespace core {

// The types of the settings, in their order on screen.
constexpr int kNotificationTypeCount = 5;
const char* NotificationTypeCode(int i);     // "status", "payment", "security", "room", "appointment"
constexpr int kNotificationChannelCount = 4;
const char* NotificationChannelCode(int i);  // "inapp", "email", "sms", "push"

// The item's headline: a catalog key with arguments, or the backend's text for an unknown kind.
Message NotificationTitle(const nlohmann::json& item);
// Its second line: the service, the document or the device; may be empty.
std::string NotificationDetail(const nlohmann::json& item);
// Where a click leads; false when it opens nothing (an unknown object, a malformed id).
bool NotificationTarget(const nlohmann::json& item, Screen* screen, std::string* param);
// "HH:MM" (00:00–23:59) → minutes after midnight; -1 when it is not such a time.
int ParseClock(const std::string& text);

}  // namespace core
