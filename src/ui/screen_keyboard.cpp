#include "ui/screen_keyboard.h"

#include "core/strings.h"
#include "ui/a11y_collector.h"
#include "ui/icons.h"
#include "ui/theme.h"

namespace ui {

static const char* KeyIcon(const core::OskKey& k) {
    switch (k.action) {
        case core::OskAction::Backspace: return ICON_LONG_ARROW_LEFT;
        case core::OskAction::Enter: return ICON_LEVEL_DOWN;
        case core::OskAction::Shift: return ICON_ARROW_UP;
        case core::OskAction::Hide: return ICON_KEYBOARD;
        default: return nullptr;
    }
}

float ScreenKeyboard::Draw(unsigned field, core::forms::InputMode mode, core::Language lang, double now, float scale) {
    if (field != field_) {
        // A new field: its own layout, and the keyboard shows again if it was put away.
        field_ = field;
        hidden_ = false;
        shift_ = false;
        layout_ = core::OskLayoutFor(mode, lang);
    }
    visible_ = field != 0 && !hidden_;
    placed_.clear();
    if (!visible_) {
        area_ = ImRect();
        return 0.0f;
    }
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    std::vector<std::vector<core::OskKey>> rows = core::OskRows(layout_, shift_);
    bool pad = layout_ == core::OskLayout::Digits || layout_ == core::OskLayout::Phone;
    // Keys 60 px tall, and at least 48 screen pixels (SPEC §8); a phone pad is a narrower block in
    // the middle. At most 45 % of the screen's height: at 200 % text on a 1920×1080 kiosk 60 app px
    // keys took 372 of its 540 app px, the field did not fit above them, and the keyboard went away
    // with the field's editing.
    const float gap = 8, margin = 16;
    float fit = (vp->Size.y * 0.45f - margin * 2 + gap) / (float)rows.size() - gap;
    const float key_h = ImClamp(fit, 48.0f / ImMax(scale, 1.0f), 60.0f);
    float units = 0;
    for (const auto& row : rows) {
        float u = 0;
        for (const auto& k : row) u += k.width;
        units = ImMax(units, u);
    }
    float avail = ImMin(vp->Size.x - margin * 2, pad ? 520.0f : 1400.0f);
    float unit = ImMax(40.0f, (avail - gap * (units - 1)) / units);
    float height = rows.size() * (key_h + gap) + margin * 2 - gap;
    area_ = ImRect(vp->Pos.x, vp->Pos.y + vp->Size.y - height, vp->Pos.x + vp->Size.x, vp->Pos.y + vp->Size.y);
    // Its own window on top, taking no input of ImGui's: presses come through Press() first.
    ImGui::SetNextWindowPos(area_.Min);
    ImGui::SetNextWindowSize(area_.GetSize());
    ImGui::PushStyleColor(ImGuiCol_WindowBg, color::V(color::kCard));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.0f);
    ImGui::Begin("##screen-keyboard", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoSavedSettings |
                                                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    A11yCollector::SetRegion(core::A11yRegion::Complementary);
    float y = area_.Min.y + margin;
    int index = 0;
    for (const auto& row : rows) {
        float row_units = 0;
        for (const auto& k : row) row_units += k.width;
        // A key w units wide spans the w - 1 gaps inside it too (counting only the gaps between keys
        // set a row of wide keys 16 px right of centre, its last key off a 960 px screen).
        float row_w = row_units * unit + (row_units - 1) * gap;
        float x = vp->Pos.x + (vp->Size.x - row_w) * 0.5f;
        for (const auto& k : row) {
            float w = k.width * unit + (k.width - 1) * gap;
            Placed p{k, ImRect(x, y, x + w, y + key_h), 0, ""};
            bool pressed = index == pressed_ && now < pressed_until_;
            bool special = k.action != core::OskAction::Text && k.action != core::OskAction::Space;
            bool on = k.action == core::OskAction::Shift && shift_;
            color::Role bg = pressed || on ? color::kAccent : special ? color::kAccentSoft : color::kPage;
            color::Role fg = pressed || on ? color::kOnAccent : color::kText;
            dl->AddRectFilled(p.rect.Min, p.rect.Max, color::Rgb(bg), 8.0f);
            dl->AddRect(p.rect.Min, p.rect.Max, color::Rgb(color::kBorder), 8.0f);
            const char* icon = KeyIcon(k);
            std::string label = icon ? icon : k.label;
            ImVec2 ts = ImGui::CalcTextSize(label.c_str());
            dl->AddText(ImVec2(p.rect.GetCenter().x - ts.x * 0.5f, p.rect.GetCenter().y - ts.y * 0.5f), color::Rgb(fg), label.c_str());
            // In the tree: a button named by what it types, or by its action («Стереть»).
            const char* name_key = core::OskKeyNameKey(k);
            std::string name = name_key[0] ? core::Tr(name_key) : k.text;
            core::A11yNode n;
            // (A seed plus the index gave equal ids for different keys: CRC32 is linear.)
            std::string key_id = "##screen-keyboard/" + std::to_string((int)layout_) + "/" + std::to_string(index) + "/" + name;
            n.id = ImHashStr(key_id.c_str());
            n.role = core::A11yRole::Button;
            n.name = name;
            if (on) n.state |= core::A11yState_Checked;
            n.x = p.rect.Min.x; n.y = p.rect.Min.y; n.w = w; n.h = key_h;
            p.id = n.id;
            p.name = name;
            A11yCollector::AddNode(std::move(n));
            placed_.push_back(std::move(p));
            x += w + gap;
            index++;
        }
        y += key_h + gap;
    }
    A11yCollector::SetRegion(core::A11yRegion::Main);
    ImGui::End();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    if (hidden_) ImGui::ClearActiveID();
    return height;
}

bool ScreenKeyboard::Press(ImVec2 pos, double now) {
    if (!visible_ || !area_.Contains(pos)) return false;
    for (size_t i = 0; i < placed_.size(); i++)
        if (placed_[i].rect.Contains(pos)) {
            pressed_ = (int)i;
            pressed_until_ = now + 0.15;  // the key lights up for a moment: the tap was taken
            last_name_ = placed_[i].name;
            Apply(placed_[i].key);
            break;
        }
    return true;  // the gaps between keys are the keyboard's too
}

bool ScreenKeyboard::PressById(unsigned id, double now) {
    for (size_t i = 0; i < placed_.size(); i++)
        if (placed_[i].id == id) {
            pressed_ = (int)i;
            pressed_until_ = now + 0.15;
            last_name_ = placed_[i].name;
            Apply(placed_[i].key);
            return true;
        }
    return false;
}

void ScreenKeyboard::Apply(const core::OskKey& key) {
    ImGuiIO& io = ImGui::GetIO();
    switch (key.action) {
        case core::OskAction::Text:
            io.AddInputCharactersUTF8(key.text.c_str());
            shift_ = false;  // one capital, as on a phone
            break;
        case core::OskAction::Space: io.AddInputCharacter(' '); break;
        case core::OskAction::Backspace:
        case core::OskAction::Enter: {
            // Down and up in one go: ImGui's input queue gives them one frame each.
            ImGuiKey k = key.action == core::OskAction::Backspace ? ImGuiKey_Backspace : ImGuiKey_Enter;
            io.AddKeyEvent(k, true);
            io.AddKeyEvent(k, false);
            break;
        }
        case core::OskAction::Shift: shift_ = !shift_; break;
        case core::OskAction::Layout:
            layout_ = key.target;
            shift_ = false;
            break;
        case core::OskAction::Hide: hidden_ = true; break;
    }
}

}  // namespace ui
