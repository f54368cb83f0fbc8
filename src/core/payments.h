// «Начисления и платежи» (SPEC §6, docs/payments.md): a charge and a payment as the screens use
// them, read from the backend's JSON once when a list arrives. What comes from outside is checked
// here: a charge whose УИН fails the ГИС ГМП control digit is marked so and not offered for
// payment (a mistyped or forged УИН pays someone else's bill), amounts must be positive and sane,
// and identifiers must be plain enough to put into a route.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace core {

enum class ChargeKind { Fee, Fine, Tax };
constexpr int kChargeKindCount = 3;
const char* ChargeKindCode(ChargeKind kind);     // "fee", "fine", "tax"
const char* ChargeKindKey(ChargeKind kind);      // catalog key: «Госпошлина», «Штраф», «Налог»
bool ChargeKindFromCode(const std::string& code, ChargeKind* kind);

// в ожидании / выполнен / отклонён, or none yet.
enum class PaymentState { None, Pending, Succeeded, Declined };
PaymentState PaymentStateFromCode(const std::string& code);
const char* PaymentStateKey(PaymentState state);  // catalog key of its badge

struct Payment {
    std::string id, charge_id, uin, purpose, reason, receipt;
    ChargeKind kind = ChargeKind::Fee;
    bool has_kind = false;
    PaymentState state = PaymentState::None;
    long long amount = 0;        // kopecks
    long long created_at = 0, finished_at = 0;
    bool test = false;           // the test gateway: no money moved (said on screen)
};

struct Charge {
    std::string id, uin, purpose, application;
    ChargeKind kind = ChargeKind::Fee;
    bool uin_valid = false;      // the control digit holds (core::UinValid)
    long long amount = 0;        // the full amount, kopecks
    long long amount_due = 0;    // what is to be paid now (half a fine during its discount)
    long long discount_until = 0, due_at = 0, created_at = 0, decided_at = 0, paid_at = 0;
    bool paid = false;
    bool test_gateway = false;   // paid through a test gateway that moves no money (said on screen)
    std::string recipient_name, inn, kpp, bik, account;
    Payment last;                // its latest payment; state None when there is none

    bool Discounted(long long now) const { return discount_until > 0 && now <= discount_until && amount_due < amount; }
    bool Overdue(long long now) const { return !paid && due_at > 0 && now > due_at; }
    // May «Оплатить» be offered: unpaid, a valid УИН, something to pay, nothing already pending.
    bool Payable() const { return !paid && uin_valid && amount_due > 0 && last.state != PaymentState::Pending; }
};

// false when it is not a charge that can be shown (no id, unknown kind, amounts out of range).
bool ParseCharge(const nlohmann::json& j, Charge* out);
bool ParsePayment(const nlohmann::json& j, Payment* out);

// Kopecks as the current language writes money: «1 500 ₽», «750,50 ₽» / "RUB 1,500", "RUB 750.50".
std::string FormatKopecks(long long kopecks);
// A УИН in groups of four or five digits for reading aloud and comparing with a paper bill.
std::string GroupUin(const std::string& uin);

}  // namespace core
