// «Начисления и платежи» (SPEC §6, docs/payments.md): the charges to pay — state fees, fines,
// taxes — with their УИН, amount, recipient and due date; a fine's 50 % discount while it applies;
// one charge opened to be paid through the gateway (the reference backend's says it is a test);
// the payment history filtered by type and period. Reloads live on payment_changed.
#include <ctime>

#include "core/dates.h"
#include "core/payments.h"
#include "imgui.h"
#include "ui/app.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

static long long NowSeconds() { return (long long)std::time(nullptr); }

static std::string Day(long long t) { return core::FormatDate(core::LocalDateOf(t)); }

static void DrawPaymentTabs(App& app) {
    SectionTabs(app, "payments.title", "##payment-tabs",
                {{core::Screen::Payments, "payments.tab_charges"}, {core::Screen::PaymentHistory, "payments.tab_history"}});
}

// The state of a charge as one badge: paid, being paid, declined, overdue or simply to pay.
static void ChargeBadge(const core::Charge& c, long long now) {
    const char* key = c.paid                                            ? "payments.state.paid"
                      : c.last.state == core::PaymentState::Pending  ? "payments.state.pending"
                      : c.last.state == core::PaymentState::Declined ? "payments.state.declined"
                      : c.Overdue(now)                                ? "payments.state.overdue"
                                                                      : "payments.state.unpaid";
    core::StatusTone tone = c.paid                                            ? core::StatusTone::Success
                            : c.last.state == core::PaymentState::Pending  ? core::StatusTone::Progress
                            : c.last.state == core::PaymentState::Declined || c.Overdue(now) ? core::StatusTone::Failure
                                                                            : core::StatusTone::Attention;
    Badge(core::Tr(key), tone, core::Tr(key));
}

// «750 ₽» large, and while a fine's discount applies the full amount and its last day beside it.
static void DrawAmount(const core::Charge& c, long long now) {
    const Fonts& f = WidgetFonts();
    std::string due = core::FormatKopecks(c.paid && c.last.state == core::PaymentState::Succeeded ? c.last.amount : c.amount_due);
    ImGui::PushFont(f.bold, size::kH2);
    ImGui::TextUnformatted(due.c_str());
    ImGui::PopFont();
    std::string spoken = std::string(core::Tr("payments.amount")) + ": " + due;
    if (!c.paid && c.Discounted(now)) {
        std::string note = core::Tr("payments.discount", {{"amount", core::FormatKopecks(c.amount)}, {"date", Day(c.discount_until)}});
        ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kSuccess));
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextWrapped("%s", note.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        spoken += ". " + note;
    }
    A11yCollector::AddStatic(core::A11yRole::Text, spoken);
}

static bool Shown(const PaymentsState& p, const core::Charge& c) {
    if (p.kind >= 0 && (int)c.kind != p.kind) return false;
    if (p.show == 0) return !c.paid;
    if (p.show == 1) return c.paid;
    return true;
}

static void DrawChargeFilters(App& app, PaymentsState& p) {
    bool narrow = app.NarrowLayout();
    float column = ImGui::GetContentRegionAvail().x;
    const char* all = core::Tr("payments.kind_all");
    if (BeginSelect("##kind", core::Tr("payments.kind_filter"), p.kind < 0 ? all : core::Tr(core::ChargeKindKey((core::ChargeKind)p.kind)), narrow ? column : 240.0f)) {
        A11yCollector::SetNextRole(core::A11yRole::ListItem);
        if (ImGui::Selectable(all, p.kind < 0)) p.kind = -1;
        for (int i = 0; i < core::kChargeKindCount; i++) {
            A11yCollector::SetNextRole(core::A11yRole::ListItem);
            if (ImGui::Selectable(core::Tr(core::ChargeKindKey((core::ChargeKind)i)), p.kind == i)) p.kind = i;
        }
        EndSelect();
    }
    if (!narrow) ImGui::SameLine();
    static const char* kShow[] = {"payments.show_unpaid", "payments.show_paid", "payments.show_all"};
    if (BeginSelect("##show", core::Tr("payments.show_filter"), core::Tr(kShow[p.show < 0 || p.show > 2 ? 0 : p.show]), narrow ? column : 240.0f)) {
        for (int i = 0; i < 3; i++) {
            A11yCollector::SetNextRole(core::A11yRole::ListItem);
            if (ImGui::Selectable(core::Tr(kShow[i]), p.show == i)) p.show = i;
        }
        EndSelect();
    }
    ImGui::Dummy(ImVec2(0, 4));
}

void DrawPaymentsView(App& app) {
    PaymentsState& p = app.session().payments;
    DrawPaymentTabs(app);
    if (!p.error.ok() && Alert(AlertKind::Error, p.error.Text().c_str(), core::Tr("common.retry"))) app.LoadCharges();
    if (!p.loaded) {
        if (p.error.ok()) Paragraph(core::Tr("payments.loading"), true);
        return;
    }
    long long now = NowSeconds();
    // What is to be paid, in one line: the count and the sum (with discounts as the backend gave them).
    std::string summary = p.unpaid ? core::TrN("payments.summary", p.unpaid, {{"amount", core::FormatKopecks(p.unpaid_total)}})
                                   : std::string(core::Tr("payments.nothing_to_pay"));
    Paragraph(summary.c_str());
    A11yCollector::AddStatic(core::A11yRole::Text, summary);
    ImGui::Dummy(ImVec2(0, 4));
    DrawChargeFilters(app, p);
    int drawn = 0;
    for (size_t i = 0; i < p.charges.size(); i++) {
        const core::Charge& c = p.charges[i];
        if (!Shown(p, c)) continue;
        drawn++;
        ImGui::PushID((int)i);
        BeginCard("##charge");
        Heading(c.purpose.empty() ? core::Tr(core::ChargeKindKey(c.kind)) : c.purpose.c_str(), 3);
        Badge(core::Tr(core::ChargeKindKey(c.kind)), core::StatusTone::Neutral, core::Tr(core::ChargeKindKey(c.kind)));
        ImGui::SameLine(0, 8);
        ChargeBadge(c, now);
        ImGui::Dummy(ImVec2(0, 2));
        DrawAmount(c, now);
        ImGui::Dummy(ImVec2(0, 2));
        FieldRow(core::Tr("payments.uin"), core::GroupUin(c.uin));
        if (c.paid && c.paid_at) FieldRow(core::Tr("payments.paid_at"), Day(c.paid_at));
        else if (c.due_at) FieldRow(core::Tr("payments.due"), Day(c.due_at));
        if (!c.application.empty()) FieldRow(core::Tr("payments.application"), c.application);
        if (!c.uin_valid) Alert(AlertKind::Error, core::Tr("payments.uin_invalid"));
        else if (!c.paid && c.last.state == core::PaymentState::Declined)
            Alert(AlertKind::Warning, core::Tr("payments.declined_note", {{"reason", c.last.reason}}).c_str());
        ImGui::Dummy(ImVec2(0, 4));
        std::string purpose = c.purpose.empty() ? std::string(core::Tr(core::ChargeKindKey(c.kind))) : c.purpose;
        if (c.Payable()) {
            A11yCollector::SetNextName(core::Tr("payments.pay_named", {{"amount", core::FormatKopecks(c.amount_due)}, {"purpose", purpose}}));
            if (PrimaryButton((core::Tr("payments.pay", {{"amount", core::FormatKopecks(c.amount_due)}}) + "##pay").c_str()))
                app.Navigate(core::Screen::PaymentCharge, c.id);
        } else {
            A11yCollector::SetNextName(core::Tr("payments.open_named", {{"purpose", purpose}}));
            if (SecondaryButton((std::string(core::Tr("payments.open")) + "##open").c_str())) app.Navigate(core::Screen::PaymentCharge, c.id);
        }
        EndCard();
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, 8));
    }
    if (drawn == 0) {
        const char* empty = core::Tr(p.charges.empty() ? "payments.empty" : "payments.empty_filtered");
        Paragraph(empty, true);
        A11yCollector::AddStatic(core::A11yRole::Text, empty);
    }
}

void DrawChargeView(App& app) {
    PaymentsState& p = app.session().payments;
    if (LinkButton((std::string(ICON_CHEVRON_LEFT "  ") + core::Tr("payments.back") + "##back").c_str())) app.Navigate(core::Screen::Payments);
    ImGui::Dummy(ImVec2(0, 4));
    if (!p.open_error.ok()) {
        Heading(core::Tr("payments.detail"));
        if (Alert(AlertKind::Error, p.open_error.Text().c_str(), core::Tr("common.retry"))) app.LoadCharge();
        return;
    }
    if (!p.open_loaded) {
        Heading(core::Tr("payments.detail"));
        Paragraph(core::Tr("payments.loading_one"), true);
        return;
    }
    const core::Charge& c = p.charge;
    long long now = NowSeconds();
    Heading(c.purpose.empty() ? core::Tr(core::ChargeKindKey(c.kind)) : c.purpose.c_str());
    Badge(core::Tr(core::ChargeKindKey(c.kind)), core::StatusTone::Neutral, core::Tr(core::ChargeKindKey(c.kind)));
    ImGui::SameLine(0, 8);
    ChargeBadge(c, now);
    ImGui::Dummy(ImVec2(0, 6));
    if (!p.notice.empty() && Alert(AlertKind::Info, core::Tr(p.notice.c_str()), core::Tr("common.close"))) p.notice.clear();

    // Where the payment stands.
    if (!c.uin_valid) {
        Alert(AlertKind::Error, core::Tr("payments.uin_invalid"));
    } else if (c.paid) {
        std::string text = core::Tr("payments.paid_note", {{"date", Day(c.paid_at ? c.paid_at : c.last.finished_at)}});
        Alert(AlertKind::Info, text.c_str());
        if (!c.last.receipt.empty() && c.last.state == core::PaymentState::Succeeded &&
            PrimaryButton((std::string(ICON_FILE_TEXT "  ") + core::Tr("payments.open_receipt") + "##receipt").c_str()))
            app.Navigate(core::Screen::DocumentDetail, c.last.receipt);
    } else if (c.last.state == core::PaymentState::Pending) {
        Alert(AlertKind::Info, core::Tr("payments.pending_note"));
    } else if (c.last.state == core::PaymentState::Declined) {
        Alert(AlertKind::Error, core::Tr("payments.declined_note", {{"reason", c.last.reason}}).c_str());
    }
    if (!p.pay_error.ok() && Alert(AlertKind::Error, p.pay_error.Text().c_str(), core::Tr("common.retry"))) app.PayCharge();
    ImGui::Dummy(ImVec2(0, 4));

    BeginCard("##charge");
    DrawAmount(c, now);
    ImGui::Dummy(ImVec2(0, 4));
    FieldRow(core::Tr("payments.kind_label"), core::Tr(core::ChargeKindKey(c.kind)));
    FieldRow(core::Tr("payments.uin"), core::GroupUin(c.uin));
    if (!c.purpose.empty()) FieldRow(core::Tr("payments.purpose"), c.purpose);
    if (c.decided_at) FieldRow(core::Tr("payments.decided_at"), Day(c.decided_at));
    if (c.due_at) FieldRow(core::Tr("payments.due"), Day(c.due_at));
    if (!c.application.empty()) FieldRow(core::Tr("payments.application"), c.application);
    EndCard();
    ImGui::Dummy(ImVec2(0, 8));
    Heading(core::Tr("payments.recipient"), 2);
    BeginCard("##recipient");
    FieldRow(core::Tr("payments.recipient_name"), c.recipient_name);
    FieldRow(core::Tr("payments.inn"), c.inn);
    FieldRow(core::Tr("payments.kpp"), c.kpp);
    FieldRow(core::Tr("payments.bik"), c.bik);
    FieldRow(core::Tr("payments.account"), c.account);
    EndCard();
    ImGui::Dummy(ImVec2(0, 8));

    // Offered while it can be paid (not while the bank has a payment of it: that one is waited for).
    if (!c.paid && c.uin_valid && (c.Payable() || p.paying)) {
        // The reference backend's gateway moves no money: said before anyone presses «Оплатить».
        if (c.test_gateway || c.last.test) Alert(AlertKind::Warning, core::Tr("payments.test_gateway"));
        ImGui::Dummy(ImVec2(0, 4));
        bool can = c.Payable() && !p.paying;
        ImGui::BeginDisabled(!can);
        std::string label = p.paying ? std::string(core::Tr("payments.paying"))
                            : c.last.state == core::PaymentState::Declined
                                ? core::Tr("payments.retry", {{"amount", core::FormatKopecks(c.amount_due)}})
                                : core::Tr("payments.pay", {{"amount", core::FormatKopecks(c.amount_due)}});
        if (PrimaryButton((label + "##pay").c_str())) app.PayCharge();
        ImGui::EndDisabled();
    }
}

void DrawPaymentHistoryView(App& app) {
    PaymentsState& p = app.session().payments;
    DrawPaymentTabs(app);
    bool narrow = app.NarrowLayout();
    float column = ImGui::GetContentRegionAvail().x;
    int kind = p.history_kind, period = p.history_period;
    const char* all = core::Tr("payments.kind_all");
    if (BeginSelect("##history-kind", core::Tr("payments.kind_filter"), kind < 0 ? all : core::Tr(core::ChargeKindKey((core::ChargeKind)kind)), narrow ? column : 240.0f)) {
        A11yCollector::SetNextRole(core::A11yRole::ListItem);
        if (ImGui::Selectable(all, kind < 0)) kind = -1;
        for (int i = 0; i < core::kChargeKindCount; i++) {
            A11yCollector::SetNextRole(core::A11yRole::ListItem);
            if (ImGui::Selectable(core::Tr(core::ChargeKindKey((core::ChargeKind)i)), kind == i)) kind = i;
        }
        EndSelect();
    }
    if (!narrow) ImGui::SameLine();
    static const char* kPeriods[] = {"payments.period_all", "payments.period_week", "payments.period_month", "payments.period_year"};
    if (BeginSelect("##history-period", core::Tr("payments.period_filter"), core::Tr(kPeriods[period < 0 || period > 3 ? 0 : period]), narrow ? column : 240.0f)) {
        for (int i = 0; i < 4; i++) {
            A11yCollector::SetNextRole(core::A11yRole::ListItem);
            if (ImGui::Selectable(core::Tr(kPeriods[i]), period == i)) period = i;
        }
        EndSelect();
    }
    if (kind != p.history_kind || period != p.history_period) {
        p.history_kind = kind;
        p.history_period = period;
        app.LoadPayments();
    }
    ImGui::Dummy(ImVec2(0, 4));
    if (!p.history_error.ok() && Alert(AlertKind::Error, p.history_error.Text().c_str(), core::Tr("common.retry"))) app.LoadPayments();
    if (!p.history_loaded) {
        if (p.history_error.ok()) Paragraph(core::Tr("payments.history_loading"), true);
        return;
    }
    if (p.history.empty()) {
        Paragraph(core::Tr("payments.history_empty"), true);
        A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("payments.history_empty"));
    }
    for (size_t i = 0; i < p.history.size(); i++) {
        const core::Payment& pay = p.history[i];
        ImGui::PushID((int)i);
        BeginCard("##payment");
        Heading(pay.purpose.empty() ? core::Tr("payments.detail") : pay.purpose.c_str(), 3);
        const char* key = core::PaymentStateKey(pay.state);
        core::StatusTone tone = pay.state == core::PaymentState::Succeeded ? core::StatusTone::Success
                                : pay.state == core::PaymentState::Declined ? core::StatusTone::Failure
                                                                            : core::StatusTone::Progress;
        Badge(core::Tr(key), tone, core::Tr(key));
        if (pay.test) {
            ImGui::SameLine(0, 8);
            Badge(core::Tr("payments.test_mark"), core::StatusTone::Neutral, core::Tr("payments.test_mark"));
        }
        ImGui::Dummy(ImVec2(0, 2));
        FieldRow(core::Tr("payments.amount"), core::FormatKopecks(pay.amount));
        FieldRow(core::Tr("payments.when"), core::FormatTimestamp(pay.created_at));
        if (pay.has_kind) FieldRow(core::Tr("payments.kind_label"), core::Tr(core::ChargeKindKey(pay.kind)));
        if (!pay.uin.empty()) FieldRow(core::Tr("payments.uin"), core::GroupUin(pay.uin));
        if (pay.state == core::PaymentState::Declined && !pay.reason.empty()) FieldRow(core::Tr("payments.reason"), pay.reason);
        if (!pay.receipt.empty()) {
            A11yCollector::SetNextName(core::Tr("payments.receipt_named", {{"amount", core::FormatKopecks(pay.amount)}}));
            if (LinkButton((std::string(ICON_FILE_TEXT "  ") + core::Tr("payments.open_receipt") + "##receipt").c_str()))
                app.Navigate(core::Screen::DocumentDetail, pay.receipt);
        } else if (pay.state == core::PaymentState::Declined && !pay.charge_id.empty()) {
            if (LinkButton((std::string(core::Tr("payments.open")) + "##charge").c_str())) app.Navigate(core::Screen::PaymentCharge, pay.charge_id);
        }
        EndCard();
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, 8));
    }
}

}  // namespace ui
