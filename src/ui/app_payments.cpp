// Loading charges and payments and paying one (docs/payments.md). What the backend sends is read
// through core::ParseCharge / ParsePayment: a charge that is not one is skipped, and one whose УИН
// fails its control digit is shown but not offered for payment.
#include <ctime>

#include "core/json_read.h"
#include "core/route.h"
#include "ui/app.h"

namespace ui {

using nlohmann::json;

void App::LoadCharges() {
    PaymentsState& p = session_->payments;
    if (!SignedIn()) return;
    if (!p.load.Start()) return;  // on its way: loaded again when it arrives
    p.error = client::ApiError();
    api.Get("/charges", session_->Guard([this, &p](client::ApiResult r) {
        RequestFrames();
        if (p.load.Finish()) LoadCharges();
        if (!r.error.ok()) {
            p.error = r.error;
            return;
        }
        p.charges.clear();
        p.unpaid = p.unpaid_total = 0;
        for (const json& j : core::JsonItems(r.body)) {
            core::Charge c;
            if (!core::ParseCharge(j, &c)) continue;
            if (!c.paid) {
                p.unpaid++;
                p.unpaid_total += c.amount_due;
            }
            p.charges.push_back(std::move(c));
        }
        p.loaded = true;
    }));
}

void App::LoadPayments() {
    PaymentsState& p = session_->payments;
    if (!SignedIn()) return;
    // A new filter while a reply to the old one is on its way: that reply is dropped.
    int generation = ++p.history_generation;
    p.history_loading = true;
    p.history_error = client::ApiError();
    std::string path = "/payments", sep = "?";
    if (p.history_kind >= 0 && p.history_kind < core::kChargeKindCount) {
        path += sep + "kind=" + core::ChargeKindCode((core::ChargeKind)p.history_kind);
        sep = "&";
    }
    static const int kDays[] = {0, 7, 30, 365};
    if (p.history_period > 0 && p.history_period < 4)
        path += sep + "from=" + std::to_string((long long)std::time(nullptr) - kDays[p.history_period] * 86400LL);
    api.Get(path, session_->Guard([this, &p, generation](client::ApiResult r) {
        RequestFrames();
        if (generation != p.history_generation) return;
        p.history_loading = false;
        if (!r.error.ok()) {
            p.history_error = r.error;
            return;
        }
        p.history.clear();
        for (const json& j : core::JsonItems(r.body)) {
            core::Payment pay;
            if (core::ParsePayment(j, &pay)) p.history.push_back(std::move(pay));
        }
        p.history_loaded = true;
    }));
}

void App::LoadCharge() {
    PaymentsState& p = session_->payments;
    if (!SignedIn() || route_param.empty()) return;
    if (p.id != route_param) {
        p.id = route_param;
        p.charge = core::Charge();
        p.open_loaded = false;
        p.open_load = client::LoadGate();  // a reply for the other charge is dropped by its id
        p.pay_error = client::ApiError();
        p.notice.clear();
    }
    if (!p.open_load.Start()) return;
    p.open_error = client::ApiError();
    std::string id = route_param;
    api.Get("/charges/" + core::PercentEncode(id), session_->Guard([this, &p, id](client::ApiResult r) {
        RequestFrames();
        if (p.id != id) return;  // another charge was opened meanwhile
        if (p.open_load.Finish() && CurrentScreen() == core::Screen::PaymentCharge && route_param == id) LoadCharge();
        if (!r.error.ok()) {
            p.open_error = r.error;
            return;
        }
        core::Charge c;
        if (!core::ParseCharge(r.body, &c) || c.id != id) {
            p.open_error = client::ApiError();
            p.open_error.kind = client::ApiErrorKind::Malformed;
            return;
        }
        p.charge = std::move(c);
        p.open_loaded = true;
    }));
}

void App::PayCharge() {
    PaymentsState& p = session_->payments;
    // Offered only for a payable charge, and once: the button waits for the answer. A retry after a
    // lost answer is safe anyway — the backend returns the pending payment or says already_paid.
    if (!SignedIn() || p.paying || !p.open_loaded || !p.charge.Payable()) return;
    p.paying = true;
    p.pay_error = client::ApiError();
    p.notice.clear();
    std::string id = p.charge.id;
    api.Post("/charges/" + core::PercentEncode(id) + "/pay", json::object(), session_->Guard([this, &p, id](client::ApiResult r) {
        RequestFrames();
        if (p.id != id) return;
        p.paying = false;
        if (!r.error.ok()) {
            // Paid meanwhile (another tab, a lost answer): not an error for the person.
            if (r.error.code == "already_paid") p.notice = "payments.already_paid";
            else p.pay_error = r.error;
        } else {
            core::Payment pay;
            if (core::ParsePayment(r.body, &pay)) {
                p.charge.last = pay;
                if (pay.state == core::PaymentState::Succeeded) p.charge.paid = true;
            }
        }
        // What the charge is now (paid, pending, declined with its reason), from the backend.
        if (CurrentScreen() == core::Screen::PaymentCharge && route_param == id) LoadCharge();
    }), client::RequestOptions::Create());
}

}  // namespace ui
