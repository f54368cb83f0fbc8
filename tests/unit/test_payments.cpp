// «Начисления и платежи» in the core: a charge read from the backend's JSON — its УИН checked by
// the control digit, the fine's discount, what may be paid — and money written per language.
// Whatever a backend sends (junk amounts, forged УИН, hostile ids) is shown safely or refused.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/payments.h"
#include "core/strings.h"

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

const char* kUin = "18810177260000012346";  // control digit 6 (computed by the backend's own rule)
const long long kNow = 1796000000;

json Fine() {
    return {{"id", "c1"}, {"kind", "fine"}, {"uin", kUin}, {"amount", 150000}, {"amount_due", 75000},
            {"discount_until", kNow + 86400}, {"purpose", "Штраф"}, {"created_at", kNow - 86400}, {"due_at", kNow + 50 * 86400},
            {"decided_at", kNow - 86400}, {"status", "unpaid"}, {"paid_at", nullptr}, {"application", nullptr},
            {"recipient", {{"name", "УФК"}, {"inn", "7707089101"}, {"kpp", "770731005"}, {"bik", "004525988"}, {"account", "03100643000000017300"}}},
            {"last_payment", nullptr}};
}

}  // namespace

TEST(Payments, AFineInItsDiscountIsPayableAtHalfPrice) {
    core::Charge c;
    ASSERT_TRUE(core::ParseCharge(Fine(), &c));
    EXPECT_EQ(c.kind, core::ChargeKind::Fine);
    EXPECT_TRUE(c.uin_valid);
    EXPECT_EQ(c.amount_due, 75000);
    EXPECT_TRUE(c.Discounted(kNow));
    EXPECT_FALSE(c.Discounted(kNow + 2 * 86400));  // the discount's last moment has passed
    EXPECT_FALSE(c.Overdue(kNow));
    EXPECT_TRUE(c.Overdue(kNow + 51 * 86400));
    EXPECT_TRUE(c.Payable());
    EXPECT_EQ(c.inn, "7707089101");
    EXPECT_FALSE(c.test_gateway);  // not said by this backend: not assumed
}

TEST(Payments, AUinFailingItsControlDigitIsNotOfferedForPayment) {
    json j = Fine();
    j["uin"] = "18810177260000012345";  // last digit changed
    core::Charge c;
    ASSERT_TRUE(core::ParseCharge(j, &c));
    EXPECT_FALSE(c.uin_valid);
    EXPECT_FALSE(c.Payable());
    j["uin"] = "1881017726000001234X";
    ASSERT_TRUE(core::ParseCharge(j, &c));
    EXPECT_FALSE(c.uin_valid);
    j["uin"] = "1821060102002100011011237";  // 25 digits, a tax's
    ASSERT_TRUE(core::ParseCharge(j, &c));
    EXPECT_TRUE(c.uin_valid);
}

TEST(Payments, PendingPaidAndDeclinedDecideWhatIsOffered) {
    json j = Fine();
    j["last_payment"] = {{"id", "p1"}, {"charge_id", "c1"}, {"amount", 75000}, {"status", "pending"}, {"reason", ""},
                         {"created_at", kNow}, {"finished_at", nullptr}, {"receipt", nullptr}, {"test", true}};
    core::Charge c;
    ASSERT_TRUE(core::ParseCharge(j, &c));
    EXPECT_EQ(c.last.state, core::PaymentState::Pending);
    EXPECT_TRUE(c.last.test);
    EXPECT_FALSE(c.Payable());  // one at a time
    j["last_payment"]["status"] = "declined";
    j["last_payment"]["reason"] = "Недостаточно средств";
    ASSERT_TRUE(core::ParseCharge(j, &c));
    EXPECT_EQ(c.last.reason, "Недостаточно средств");
    EXPECT_TRUE(c.Payable());  // a retry
    j["status"] = "paid";
    ASSERT_TRUE(core::ParseCharge(j, &c));
    EXPECT_FALSE(c.Payable());
}

TEST(Payments, HostileChargesAreRefusedOrTamed) {
    core::Charge c;
    EXPECT_FALSE(core::ParseCharge(json::array(), &c));
    json j = Fine();
    j["kind"] = "bribe";
    EXPECT_FALSE(core::ParseCharge(j, &c));
    j = Fine();
    j["id"] = "../../profile";
    EXPECT_FALSE(core::ParseCharge(j, &c));
    j = Fine();
    j["amount"] = -5;
    EXPECT_FALSE(core::ParseCharge(j, &c));
    j = Fine();
    j["amount"] = "150000";
    EXPECT_FALSE(core::ParseCharge(j, &c));
    j = Fine();
    j["amount_due"] = 9e12;  // more than the charge: the charge's amount is what is shown
    ASSERT_TRUE(core::ParseCharge(j, &c));
    EXPECT_EQ(c.amount_due, 150000);
    j = Fine();
    j["purpose"] = std::string(400, 'x') + "\xD0\xB6";
    j["application"] = "A/B";
    j["recipient"] = "not an object";
    j["last_payment"] = {{"id", "p"}, {"status", "stolen"}, {"amount", 1}};
    ASSERT_TRUE(core::ParseCharge(j, &c));
    EXPECT_LE(c.purpose.size(), 304u);
    EXPECT_TRUE(c.application.empty());
    EXPECT_TRUE(c.inn.empty());
    EXPECT_EQ(c.last.state, core::PaymentState::None);
}

TEST(Payments, MoneyIsWrittenPerLanguage) {
    {
        Catalogs cat(false);
        EXPECT_EQ(core::FormatKopecks(150000), "1500 ₽");
        EXPECT_EQ(core::FormatKopecks(348750), "3487,50 ₽");
        EXPECT_EQ(core::FormatKopecks(1234567805), "12\xE2\x80\xAF" "345\xE2\x80\xAF" "678,05 ₽");
    }
    {
        Catalogs cat(true);
        EXPECT_EQ(core::FormatKopecks(150000), "RUB 1,500");
        EXPECT_EQ(core::FormatKopecks(348750), "RUB 3,487.50");
    }
    EXPECT_EQ(core::GroupUin(kUin), "18810 17726 00000 12346");
    EXPECT_EQ(core::GroupUin("123"), "123");
}
