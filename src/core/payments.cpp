#include "core/payments.h"

#include "core/identifiers.h"
#include "core/json_read.h"
#include "core/strings.h"

namespace core {

using nlohmann::json;

static const char* const kKindCodes[] = {"fee", "fine", "tax"};

const char* ChargeKindCode(ChargeKind kind) { return kKindCodes[(int)kind]; }

const char* ChargeKindKey(ChargeKind kind) {
    switch (kind) {
        case ChargeKind::Fee: return "payments.kind.fee";
        case ChargeKind::Fine: return "payments.kind.fine";
        case ChargeKind::Tax: return "payments.kind.tax";
    }
    return "payments.kind.fee";
}

bool ChargeKindFromCode(const std::string& code, ChargeKind* kind) {
    for (int i = 0; i < kChargeKindCount; i++)
        if (code == kKindCodes[i]) {
            *kind = (ChargeKind)i;
            return true;
        }
    return false;
}

PaymentState PaymentStateFromCode(const std::string& code) {
    if (code == "pending") return PaymentState::Pending;
    if (code == "succeeded") return PaymentState::Succeeded;
    if (code == "declined") return PaymentState::Declined;
    return PaymentState::None;
}

const char* PaymentStateKey(PaymentState state) {
    switch (state) {
        case PaymentState::Pending: return "payments.state.pending";
        case PaymentState::Succeeded: return "payments.state.succeeded";
        case PaymentState::Declined: return "payments.state.declined";
        case PaymentState::None: break;
    }
    return "payments.state.unpaid";
}


static bool AllDigits(const std::string& s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}

// Amounts up to a billion roubles in kopecks; a timestamp before 2100. Anything else reads as 0.
static long long Kopecks(const json& o, const char* key) {
    double v = JsonNumber(o, key, 0);
    return v >= 1 && v <= 1e11 && v == (double)(long long)v ? (long long)v : 0;
}

static long long Time(const json& o, const char* key) {
    double v = JsonNumber(o, key, 0);
    return v > 0 && v < 4102444800.0 ? (long long)v : 0;
}

static std::string Text(const json& o, const char* key, size_t max) {
    std::string s = JsonText(o, key);
    if (s.size() <= max) return s;
    // Cut at a character boundary: never half a UTF-8 sequence on screen.
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    return s.substr(0, n) + "…";
}

bool ParsePayment(const json& j, Payment* out) {
    if (!j.is_object()) return false;
    Payment p;
    p.id = JsonText(j, "id");
    p.charge_id = JsonText(j, "charge_id");
    p.state = PaymentStateFromCode(JsonText(j, "status"));
    p.amount = Kopecks(j, "amount");
    if (!PlainId(p.id) || p.state == PaymentState::None || p.amount == 0) return false;
    if (!PlainId(p.charge_id)) p.charge_id.clear();
    p.has_kind = ChargeKindFromCode(JsonText(j, "kind"), &p.kind);
    p.uin = JsonText(j, "uin");
    if (p.uin.size() > 25 || !AllDigits(p.uin)) p.uin.clear();
    p.purpose = Text(j, "purpose", 300);
    p.reason = Text(j, "reason", 300);
    p.receipt = JsonText(j, "receipt");
    if (!PlainId(p.receipt)) p.receipt.clear();
    p.created_at = Time(j, "created_at");
    p.finished_at = Time(j, "finished_at");
    p.test = JsonBool(j, "test");
    *out = p;
    return true;
}

bool ParseCharge(const json& j, Charge* out) {
    if (!j.is_object()) return false;
    Charge c;
    c.id = JsonText(j, "id");
    if (!PlainId(c.id) || !ChargeKindFromCode(JsonText(j, "kind"), &c.kind)) return false;
    c.amount = Kopecks(j, "amount");
    c.amount_due = Kopecks(j, "amount_due");
    if (c.amount == 0) return false;
    // A due amount above the full one is not believed: pay what the charge says.
    if (c.amount_due == 0 || c.amount_due > c.amount) c.amount_due = c.amount;
    c.uin = JsonText(j, "uin");
    if (c.uin.size() > 25) c.uin = c.uin.substr(0, 25);
    c.uin_valid = UinValid(c.uin);
    c.purpose = Text(j, "purpose", 300);
    c.application = JsonText(j, "application");
    if (!PlainId(c.application)) c.application.clear();
    c.discount_until = Time(j, "discount_until");
    c.due_at = Time(j, "due_at");
    c.created_at = Time(j, "created_at");
    c.decided_at = Time(j, "decided_at");
    c.paid_at = Time(j, "paid_at");
    c.paid = JsonText(j, "status") == "paid";
    c.test_gateway = JsonBool(j, "test_gateway");
    if (j.contains("recipient") && j["recipient"].is_object()) {
        const json& r = j["recipient"];
        c.recipient_name = Text(r, "name", 300);
        c.inn = Text(r, "inn", 12);
        c.kpp = Text(r, "kpp", 9);
        c.bik = Text(r, "bik", 9);
        c.account = Text(r, "account", 20);
    }
    if (j.contains("last_payment")) ParsePayment(j["last_payment"], &c.last);
    *out = c;
    return true;
}

std::string FormatKopecks(long long kopecks) {
    long long roubles = kopecks / 100, rest = kopecks % 100;
    if (rest == 0) return FormatRoubles(roubles);
    std::string kk = (rest < 10 ? "0" : "") + std::to_string(rest);
    return Tr("format.money", {{"n", FormatNumber(roubles)}, {"kk", kk}});
}

std::string GroupUin(const std::string& uin) {
    // 20 digits as 4 × 5, 25 as 5 × 5; anything else as it is.
    if ((uin.size() != 20 && uin.size() != 25) || !AllDigits(uin)) return uin;
    std::string out;
    for (size_t i = 0; i < uin.size(); i++) {
        if (i > 0 && i % 5 == 0) out += ' ';
        out += uin[i];
    }
    return out;
}

}  // namespace core
