// Kiosk mode (SPEC §8): the on-screen keyboard, the voice (EN 301 549 5.1.3: the focused element,
// its state and every announcement, from the same accessibility tree the screen reader's mirror
// gets), the audible idle countdown and «Продолжить на телефоне».
#include <algorithm>
#include <cmath>

#include "imgui.h"
#include "imgui_internal.h"
#include "ui/app.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

void App::Announce(const std::string& text, bool assertive) {
    a11y_.Announce(text, assertive);
    if (speech_on_) Speak(text, assertive);
}

void App::Speak(const std::string& text, bool interrupt) {
    if (hooks_.speak && !text.empty()) hooks_.speak(text, language_ == core::Language::English ? "en-US" : "ru-RU", interrupt);
}

void App::ToggleSpeech() {
    speech_on_ = !speech_on_;
    spoken_focus_ = 0;  // the focused element is said again
    cancel_press_ = true;
    last_activity_ = Now();
    // Said either way: the person hears what their long press did.
    Speak(core::Tr(speech_on_ ? "kiosk.speech_on" : "kiosk.speech_off"), true);
    scheduler_.Request(3);
}

void App::KioskBeginFrame() {
    if (!kiosk_) return;
    ImGuiIO& io = ImGui::GetIO();
    ImGuiContext& g = *GImGui;
    // A long press switched the voice: the button under the finger is not pressed by its release
    // (a text field being edited stays so).
    if (std::exchange(cancel_press_, false) && g.ActiveId != 0 && g.ActiveId != g.InputTextState.ID) ImGui::ClearActiveID();
    // A tap on the keyboard is the keyboard's: an ImGui click anywhere else would end the editing
    // of the field the key is for.
    if (io.MouseClicked[0] && osk_.Press(io.MouseClickedPos[0], Now())) {
        io.MouseClicked[0] = false;
        io.MouseDoubleClicked[0] = false;
        io.MouseClickedCount[0] = 0;
        last_activity_ = Now();
        if (speech_on_) Speak(osk_.LastKeyName(), true);
        WakeAfter(160);  // the key's light goes out
    }
}

void App::DrawKiosk() {
    if (!kiosk_) {
        osk_height_ = 0;
        return;
    }
    ImGuiContext& g = *GImGui;
    // The keyboard while a field is edited (not under the idle countdown, which needs no typing).
    bool editing = ImGui::GetIO().WantTextInput && !ImGui::IsPopupOpen("##idle");
    unsigned field = editing ? (g.InputTextState.ID ? g.InputTextState.ID : g.ActiveId) : 0;
    bool was_visible = osk_.Visible();
    osk_height_ = osk_.Draw(field, ActiveInputMode(), language_, Now(), TextScale());
    if (osk_.Visible() && !was_visible) {
        BringActiveFieldIntoView();  // it may lie where the keyboard now is
        RequestFrames(3);
    }
    if (osk_.PressedUntil() > Now()) WakeAfter(160);
    if (osk_.Visible()) return;
    // The voice, started without already needing it (SPEC §8): a large button in the corner, and
    // a long press anywhere (the platform: glue.js).
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    std::string label = std::string(ICON_VOLUME_UP "  ") + core::Tr(speech_on_ ? "kiosk.speech_button_on" : "kiosk.speech_button") + "##voice";
    ImVec2 size(ImGui::CalcTextSize(label.c_str(), nullptr, true).x + 40, kCornerButtonHeight);
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + 24, vp->Pos.y + vp->Size.y - size.y - kCornerMargin));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::Begin("##kiosk-voice", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoBackground);
    kiosk_window_ = ImGui::GetCurrentWindow();
    A11yCollector::SetRegion(core::A11yRegion::Complementary);
    A11yCollector::SetNextName(core::Tr("kiosk.speech_name"));
    A11yCollector::SetNextRole(core::A11yRole::CheckBox);
    A11yCollector::SetNextState(speech_on_ ? (unsigned)core::A11yState_Checked : 0u);
    if (ToggleButton(label.c_str(), size, speech_on_)) {
        ToggleSpeech();
        cancel_press_ = false;  // a plain click: nothing to cancel
    }
    A11yCollector::SetRegion(core::A11yRegion::Main);
    ImGui::End();
    ImGui::PopStyleVar(2);
}

void App::TellChanges() {
    if (speech_on_) {
        // The voice follows the focus: the element, its role and state, once each time it moves.
        for (const core::A11yNode& n : a11y_.Nodes())
            if ((n.state & core::A11yState_Focused) && n.id != spoken_focus_) {
                spoken_focus_ = n.id;
                Speak(core::SpokenText(n), true);
                break;
            }
    }
    // Errors, each once when it appears and while it stays on screen. An alert («Исправьте
    // ошибки», a server's refusal) is a role="alert" in the mirror, which a screen reader reads out
    // as it appears: only the voice says it here. A field's error is its description
    // (aria-describedby), read only when the field is visited: it is announced — unless an alert
    // came with it in the same frame (a step's summary lists them all; five fields' errors read
    // out after it were noise).
    std::vector<unsigned>& seen = alerts_now_;
    seen.clear();
    std::vector<const std::string*> field_errors;  // allocates only when a new one appears
    bool new_alert = false;
    for (const core::A11yNode& n : a11y_.Nodes()) {
        bool alert = n.role == core::A11yRole::Alert;
        if (!alert && !((n.state & core::A11yState_Invalid) && !n.description.empty())) continue;
        const std::string& text = alert ? n.name : n.description;
        unsigned key = ImHashStr(text.c_str(), 0, n.id);
        seen.push_back(key);
        if (std::find(spoken_alerts_.begin(), spoken_alerts_.end(), key) != spoken_alerts_.end()) continue;
        if (alert) {
            new_alert = true;
            if (speech_on_) Speak(text, false);
        } else {
            field_errors.push_back(&text);
        }
    }
    if (!new_alert)
        for (const std::string* text : field_errors) Announce(*text, false);
    spoken_alerts_.swap(seen);
}

void App::DrawHandOver() {
    if (!kiosk_ || !SignedIn() || !session_->form.Active()) return;
    client::FormSession& s = session_->form;
    ImGui::Dummy(ImVec2(0, 8));
    if (SecondaryButton((std::string(ICON_MOBILE "  ") + core::Tr("kiosk.handover") + "##handover").c_str(), ImVec2(0, 56))) {
        handover_open_ = true;
        s.SaveNow(Now());
        // The form's address and nothing else: the draft is the citizen's, encrypted on the server,
        // and opens on their phone once they sign in there.
        handover_link_ = hooks_.page_address + "#/forms/" + core::PercentEncode(s.ServiceId());
        if (!core::EncodeQr(handover_link_, &handover_qr_)) handover_qr_ = core::QrCode();
    }
    if (!BeginDialog("##handover", core::Tr("kiosk.handover_title"), &handover_open_, 620)) return;
    if (s.draft_state == client::DraftState::Saved) {
        Paragraph(core::Tr("kiosk.handover_text"));
        ImGui::Dummy(ImVec2(0, 8));
        QrImage(handover_qr_, 6.0f, core::Tr("kiosk.handover_qr_name"));
        ImGui::Dummy(ImVec2(0, 8));
        Paragraph(core::Tr("kiosk.handover_private"), true);
    } else if (s.server_unreachable) {
        Alert(AlertKind::Error, core::Tr("kiosk.handover_offline"));
    } else {
        Paragraph(core::Tr("kiosk.handover_saving"), true);
        RequestFrames(2);
    }
    ImGui::Dummy(ImVec2(0, 8));
    bool done = PrimaryButton(core::Tr("kiosk.handover_done"), ImVec2(0, 56));
    EndDialog();
    if (done) {
        handover_open_ = false;
        Logout("kiosk.handed_over");
    }
}

}  // namespace ui
