// core/support and client/support_files: appeals and the chat read defensively (hostile numbers,
// unknown statuses, megabyte texts), messages merged once each whatever order events bring them
// in, the period filter, the wording and the transcript in both languages, and a file's key sealed
// to the desk and to its sender — each opens it, a stranger's key does not.
#include <gtest/gtest.h>

#include <sodium.h>

#include "client/support_files.h"
#include "core/notifications.h"
#include "core/route.h"
#include "core/support.h"
#include "crypto/login_keys.h"

using nlohmann::json;

namespace {

struct Catalogs {
    core::StringCatalog ru, en;
    explicit Catalogs(bool english) {
        ru.LoadJson(core::EmbeddedRussianCatalog(), nullptr);
        en.LoadJson(core::EmbeddedEnglishCatalog(), nullptr);
        en.SetLang(core::Language::English);
        core::SetCurrentCatalog(english ? &en : &ru, &ru);
    }
    ~Catalogs() { core::SetCurrentCatalog(nullptr); }
};

json Message(long long id, const std::string& author, const std::string& kind, const std::string& text = "") {
    return {{"id", id}, {"author", author}, {"kind", kind}, {"text", text}, {"at", 1796000000 + id}, {"files", json::array()}};
}

}  // namespace

TEST(Support, AnAppealIsReadAndAHostileOneIsNot) {
    json good = {{"number", "SP-2026-000001"}, {"topic", "technical"}, {"service_type", "passports"}, {"status", "in_progress"},
                 {"summary", "Не приходит код"}, {"created_at", 1796000000}, {"updated_at", 1796000100}, {"waiting_for_me", true},
                 {"messages", {Message(1, "citizen", "message", "Не приходит код"), Message(2, "support", "question", "Уточните номер")}}};
    good["messages"][0]["files"] = {{{"attachment", "a1"}, {"name", "снимок.png"}, {"type", "image/png"}, {"size", 1000}, {"sha256", "ab"}, {"key", "k"}},
                                    {{"attachment", "../x"}, {"name", "чужой"}, {"key", "k"}}};
    core::Appeal a;
    ASSERT_TRUE(core::ParseAppeal(good, &a));
    EXPECT_EQ(a.status, core::AppealStatus::InProgress);
    EXPECT_TRUE(a.waiting_for_me);
    EXPECT_FALSE(a.Closed());
    ASSERT_EQ(a.messages.size(), 2u);
    ASSERT_EQ(a.messages[0].files.size(), 1u);  // the file whose id would leave its route is dropped
    EXPECT_EQ(a.messages[0].files[0].name, "снимок.png");
    json bad = good;
    bad["number"] = "SP/../../admin";
    EXPECT_FALSE(core::ParseAppeal(bad, &a));
    bad = good;
    bad["status"] = "teleported";
    bad["summary"] = std::string(1 << 20, 'x');
    bad["messages"] = "not a list";
    ASSERT_TRUE(core::ParseAppeal(bad, &a));
    EXPECT_EQ(a.status, core::AppealStatus::Unknown);
    EXPECT_LE(a.summary.size(), 600u);
    EXPECT_TRUE(a.messages.empty());
    std::vector<core::Appeal> list = core::ParseAppeals({{"items", {good, {{"number", 5}}, "junk"}}});
    ASSERT_EQ(list.size(), 1u);
    EXPECT_TRUE(core::ParseAppeals(json::array()).empty());
}

TEST(Support, ChatMessagesAreMergedOnceInOrderWhateverOrderTheyCome) {
    core::SupportChat chat;
    ASSERT_TRUE(core::ParseSupportChat({{"number", "SP-2026-000002"}, {"state", "bot"}, {"operator", nullptr},
                                        {"messages", {Message(2, "bot", "answer", "Ответ"), Message(1, "citizen", "message", "Вопрос"),
                                                      Message(2, "bot", "answer", "Ответ")}}},
                                       &chat));
    ASSERT_EQ(chat.messages.size(), 2u);
    EXPECT_EQ(chat.messages[0].id, 1);
    EXPECT_EQ(chat.LastId(), 2);
    core::SupportChat newer;
    ASSERT_TRUE(core::ParseSupportChat({{"number", "SP-2026-000002"}, {"state", "operator"}, {"operator", "Анна"},
                                        {"messages", {Message(4, "support", "message", "Здравствуйте"), Message(3, "bot", "handover")}}},
                                       &newer));
    core::MergeSupportChat(&chat, newer);
    core::MergeSupportChat(&chat, newer);  // the same event twice
    ASSERT_EQ(chat.messages.size(), 4u);
    for (size_t i = 0; i < chat.messages.size(); i++) EXPECT_EQ(chat.messages[i].id, (long long)i + 1);
    EXPECT_TRUE(chat.WithOperator());
    EXPECT_EQ(chat.operator_name, "Анна");
    EXPECT_FALSE(core::ParseSupportChat({{"number", "a b"}, {"messages", json::array()}}, &chat));
    EXPECT_FALSE(core::ParseSupportChat({{"number", "SP-1"}}, &chat));
}

TEST(Support, ThePeriodFilterCountsBackFromNow) {
    const long long now = 1796000000;
    EXPECT_EQ(core::AppealPeriodSince(0, now), 0);
    EXPECT_EQ(core::AppealPeriodSince(1, now), now - 86400);
    EXPECT_EQ(core::AppealPeriodSince(2, now), now - 7 * 86400);
    EXPECT_EQ(core::AppealPeriodSince(3, now), now - 30 * 86400);
    EXPECT_EQ(core::AppealPeriodSince(99, now), 0);
}

TEST(Support, WordingAndTranscriptInBothLanguages) {
    core::SupportChat chat;
    ASSERT_TRUE(core::ParseSupportChat({{"number", "SP-2026-000003"}, {"state", "operator"}, {"operator", "Анна"},
                                        {"messages", {Message(1, "citizen", "message", "Как оплатить штраф?"), Message(2, "bot", "no_answer"),
                                                      json{{"id", 3}, {"author", "bot"}, {"kind", "handover"}, {"operator", "Анна"}, {"at", 1796000003}},
                                                      json{{"id", 4}, {"author", "support"}, {"kind", "message"}, {"operator", "Анна"},
                                                           {"text", "Здравствуйте!"}, {"at", 1796000004}}}}},
                                       &chat));
    {
        Catalogs c(false);
        std::string t = core::SupportTranscript(chat);
        EXPECT_NE(t.find("SP-2026-000003"), std::string::npos);
        EXPECT_NE(t.find("Вы: Как оплатить штраф?"), std::string::npos) << t;
        EXPECT_NE(t.find("Помощник: Готового ответа не нашлось"), std::string::npos) << t;
        EXPECT_NE(t.find("Оператор Анна: Здравствуйте!"), std::string::npos) << t;
        EXPECT_NE(t.find("К чату подключился оператор Анна"), std::string::npos) << t;
        core::SupportMessage st = core::ParseSupportMessage({{"id", 9}, {"author", "citizen"}, {"kind", "status"}, {"status", "done"}});
        EXPECT_EQ(core::SupportMessageText(st), "Статус: Выполнено.");
    }
    {
        Catalogs c(true);
        std::string t = core::SupportTranscript(chat);
        EXPECT_NE(t.find("You: Как оплатить штраф?"), std::string::npos) << t;
        EXPECT_NE(t.find("Operator Анна: Здравствуйте!"), std::string::npos) << t;
        EXPECT_EQ(t.find("Помощник"), std::string::npos) << t;
    }
}

TEST(Support, NotificationsOfTheDeskOpenTheAppeal) {
    Catalogs c(false);
    json item = {{"id", 1}, {"type", "status"}, {"kind", "appeal_question"}, {"params", {{"appeal", "SP-2026-000004"}}},
                 {"object", {{"type", "appeal"}, {"id", "SP-2026-000004"}}}, {"text", "x"}, {"at", 1796000000}, {"read", false}};
    EXPECT_EQ(core::NotificationTitle(item).Text(), "Служба поддержки задала вопрос по обращению SP-2026-000004");
    core::Screen screen;
    std::string param;
    ASSERT_TRUE(core::NotificationTarget(item, &screen, &param));
    EXPECT_EQ(screen, core::Screen::SupportAppeal);
    EXPECT_EQ(param, "SP-2026-000004");
    item["params"]["appeal"] = "a/b";
    EXPECT_EQ(core::NotificationTitle(item).Text(), "x");  // shown by the server's text, not obeyed
}

TEST(Support, AFileKeyIsSealedToTheDeskAndToItsSenderOnly) {
    ASSERT_GE(sodium_init(), 0);
    crypto::IdentityKeys me = crypto::GenerateIdentityKeys(), desk = crypto::GenerateIdentityKeys(), stranger = crypto::GenerateIdentityKeys();
    std::vector<uint8_t> key(32);
    randombytes_buf(key.data(), key.size());
    client::Attachment a;
    a.id = "0123456789abcdef0123456789abcdef";
    a.name = "скан.pdf";
    a.type = "application/pdf";
    a.size = 1234;
    a.sha256 = std::string(64, 'a');
    a.key = crypto::Base64Encode(key);
    json files;
    ASSERT_TRUE(client::SealSupportFiles({a}, desk.x25519_pk, me.x25519_pk, &files));
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0]["attachment"], a.id);
    EXPECT_EQ(files[0].dump().find(a.key), std::string::npos) << "the key itself is never sent";
    auto opens = [](const json& sealed_b64, const crypto::IdentityKeys& k) {
        std::vector<uint8_t> sealed, out(32);
        return crypto::Base64Decode(sealed_b64.get<std::string>(), &sealed) && sealed.size() == 32 + crypto_box_SEALBYTES &&
               crypto_box_seal_open(out.data(), sealed.data(), sealed.size(), k.x25519_pk.data(), k.x25519_sk.data()) == 0 ? out
                                                                                                                           : std::vector<uint8_t>();
    };
    EXPECT_EQ(opens(files[0]["key_support"], desk), key);
    EXPECT_EQ(opens(files[0]["key_own"], me), key);
    EXPECT_TRUE(opens(files[0]["key_support"], stranger).empty());
    EXPECT_TRUE(opens(files[0]["key_own"], desk).empty());
    json none;
    EXPECT_FALSE(client::SealSupportFiles({a}, std::vector<uint8_t>(5, 1), me.x25519_pk, &none)) << "a desk key that is not one";
}
