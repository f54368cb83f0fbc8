// «Уведомления» in the core: how a feed item is worded in each language, what it opens, and that
// whatever a backend sends (unknown kinds and statuses, hostile ids, junk) is shown, not obeyed.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "core/notifications.h"

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

json Item(const std::string& kind, json params, json object = nullptr, const std::string& text = "Текст сервера") {
    return {{"id", 7}, {"type", "status"}, {"kind", kind}, {"params", params}, {"object", object}, {"text", text}, {"at", 1796000000}, {"read", false}};
}

}  // namespace

TEST(Notifications, StatusChangeIsWordedInTheReadersLanguage) {
    json item = Item("application_status", {{"number", "7K3M-9P2Q"}, {"status", "done"}, {"service", "Загранпаспорт"}},
                     {{"type", "application"}, {"id", "7K3M-9P2Q"}});
    {
        Catalogs c(false);
        EXPECT_EQ(core::NotificationTitle(item).Text(), "Заявление № 7K3M-9P2Q: Готово");
        EXPECT_EQ(core::NotificationDetail(item), "Загранпаспорт");
    }
    {
        Catalogs c(true);
        EXPECT_EQ(core::NotificationTitle(item).Text(), "Application No. 7K3M-9P2Q: Ready");
    }
    core::Screen s;
    std::string param;
    ASSERT_TRUE(core::NotificationTarget(item, &s, &param));
    EXPECT_EQ(s, core::Screen::ApplicationDetail);
    EXPECT_EQ(param, "7K3M-9P2Q");
}

TEST(Notifications, AStatusThisClientDoesNotKnowIsShownAsUnknown) {
    Catalogs c(false);
    json item = Item("application_status", {{"number", "AB12"}, {"status", "teleported"}});
    std::string title = core::NotificationTitle(item).Text();
    EXPECT_NE(title.find("AB12"), std::string::npos);
    EXPECT_EQ(title.find("teleported"), std::string::npos) << title;
    EXPECT_EQ(title.find("{status}"), std::string::npos) << title;
}

TEST(Notifications, DocumentAndSecurityItemsOpenTheirObjects) {
    Catalogs c(false);
    json doc = Item("document_issued", {{"number", "AB12"}, {"title", "Выписка"}, {"code", "ABCD-EFGH-JKLM-NPQR"}},
                    {{"type", "document"}, {"id", "ABCD-EFGH-JKLM-NPQR"}});
    EXPECT_EQ(core::NotificationTitle(doc).Text(), "Готов документ по заявлению № AB12");
    EXPECT_EQ(core::NotificationDetail(doc), "Выписка");
    core::Screen s;
    std::string p;
    ASSERT_TRUE(core::NotificationTarget(doc, &s, &p));
    EXPECT_EQ(s, core::Screen::DocumentDetail);
    EXPECT_EQ(p, "ABCD-EFGH-JKLM-NPQR");
    json sec = Item("security", {{"event", "login"}, {"device", "Chrome 140, Linux"}}, {{"type", "security"}, {"id", "login"}});
    EXPECT_EQ(core::NotificationTitle(sec).Text(), "Безопасность: Вход");
    EXPECT_EQ(core::NotificationDetail(sec), "Chrome 140, Linux");
    ASSERT_TRUE(core::NotificationTarget(sec, &s, &p));
    EXPECT_EQ(s, core::Screen::ProfileSecurity);
}

TEST(Notifications, PaymentItemsAreWordedAndOpenTheChargeOrTheReceipt) {
    json ok = Item("payment_succeeded", {{"uin", "18810177260000012346"}, {"amount", 75050}, {"code", "ABCD-EFGH-JKLM-NPQR"}},
                   {{"type", "document"}, {"id", "ABCD-EFGH-JKLM-NPQR"}});
    json no = Item("payment_declined", {{"uin", "18810177260000012346"}, {"amount", 150000}, {"reason", "Недостаточно средств"}},
                   {{"type", "payment"}, {"id", "c0ffee"}});
    core::Screen s;
    std::string p;
    {
        Catalogs c(false);
        EXPECT_EQ(core::NotificationTitle(ok).Text(), "Платёж 750,50 ₽ по УИН 18810177260000012346 выполнен");
        EXPECT_EQ(core::NotificationTitle(no).Text(), "Платёж 1500 ₽ по УИН 18810177260000012346 отклонён");
        EXPECT_EQ(core::NotificationDetail(no), "Недостаточно средств");
    }
    {
        Catalogs c(true);
        EXPECT_EQ(core::NotificationTitle(ok).Text(), "Payment of RUB 750.50 for UIN 18810177260000012346 went through");
    }
    ASSERT_TRUE(core::NotificationTarget(no, &s, &p));
    EXPECT_EQ(s, core::Screen::PaymentCharge);
    EXPECT_EQ(p, "c0ffee");
    ASSERT_TRUE(core::NotificationTarget(ok, &s, &p));
    EXPECT_EQ(s, core::Screen::DocumentDetail);
    // A forged amount or УИН: the server's text, not a sentence built from junk.
    json bad = Item("payment_declined", {{"uin", std::string(300, '1')}, {"amount", -1}}, nullptr, "Текст сервера");
    Catalogs c(false);
    EXPECT_EQ(core::NotificationTitle(bad).Text(), "Текст сервера");
}

TEST(Notifications, UnknownKindsAndEventsFallBackToTheServersText) {
    Catalogs c(true);
    EXPECT_EQ(core::NotificationTitle(Item("payment_due", {{"amount", 500}}, nullptr, "Оплатите пошлину")).Text(), "Оплатите пошлину");
    EXPECT_EQ(core::NotificationTitle(Item("security", {{"event", "quantum_breach"}}, nullptr, "Странное событие")).Text(), "Странное событие");
    EXPECT_EQ(core::NotificationTitle(Item("payment_due", json::object(), nullptr, "")).Text(), "Notification");
    // A 10 KB text is cut, not drawn whole.
    EXPECT_LE(core::NotificationTitle(Item("x", json::object(), nullptr, std::string(10000, 'a'))).Text().size(), 500u);
}

TEST(Notifications, HostileIdsOpenNothing) {
    Catalogs c(false);
    core::Screen s = core::Screen::Catalog;
    std::string p;
    for (json object : {json(nullptr), json("application"), json{{"type", "application"}, {"id", std::string(65, 'A')}},
                        json{{"type", "application"}, {"id", "../../profile"}}, json{{"type", "application"}, {"id", "A#/x"}},
                        json{{"type", "application"}, {"id", 42}}, json{{"type", "rocket"}, {"id", "A1"}},
                        json{{"type", "document"}, {"id", std::string("A\x01")}}}) {
        EXPECT_FALSE(core::NotificationTarget(Item("application_status", {{"number", "A1"}}, object), &s, &p)) << object.dump();
    }
    EXPECT_FALSE(core::NotificationTarget(json("not an object"), &s, &p));
    // A malformed number is not worded as one: the server's text is shown instead.
    EXPECT_EQ(core::NotificationTitle(Item("application_status", {{"number", std::string(100, '9')}, {"status", "done"}})).Text(), "Текст сервера");
    EXPECT_EQ(core::NotificationTitle(json::array()).Text(), "Уведомление");
}

TEST(Notifications, QuietHoursClock) {
    EXPECT_EQ(core::ParseClock("00:00"), 0);
    EXPECT_EQ(core::ParseClock("22:30"), 22 * 60 + 30);
    EXPECT_EQ(core::ParseClock("23:59"), 23 * 60 + 59);
    for (const char* bad : {"24:00", "7:00", "07:60", "0700", "07:0a", "", "07:00 ", "-1:00", "１２:００"})
        EXPECT_EQ(core::ParseClock(bad), -1) << bad;
}

TEST(Notifications, TypesAndChannelsMatchTheContract) {
    EXPECT_STREQ(core::NotificationTypeCode(0), "status");
    EXPECT_STREQ(core::NotificationTypeCode(3), "room");
    EXPECT_STREQ(core::NotificationTypeCode(4), "appointment");
    EXPECT_STREQ(core::NotificationTypeCode(5), "");
    EXPECT_STREQ(core::NotificationChannelCode(0), "inapp");
    EXPECT_STREQ(core::NotificationChannelCode(3), "push");
    EXPECT_STREQ(core::NotificationChannelCode(-1), "");
}
