#include "ui/a11y_collector.h"

#include "imgui.h"
#include "imgui_internal.h"

namespace ui {

static A11yCollector* Current() {
    ImGuiContext* g = ImGui::GetCurrentContext();
    return g ? static_cast<A11yCollector*>(g->TestEngine) : nullptr;
}

void A11yCollector::Attach(ImGuiContext* ctx) {
    ctx_ = ctx;
    ctx->TestEngine = this;
}

void A11yCollector::BeginFrame() {
    nodes_.clear();
    static_seen_.clear();
    region_ = core::A11yRegion::Main;
    pending_id_ = 0;
    ClearAnnotations();
    // ImGui resets this flag every frame; the hooks only run while it is set.
    ctx_->TestEngineHookItems = true;
}

void A11yCollector::EndFrame() {
    ImGuiContext& g = *ctx_;
    // Keyboard focus: the text field being edited, or the keyboard-navigation cursor.
    ImGuiID focused = 0;
    if (g.ActiveId != 0 && g.InputTextState.ID == g.ActiveId)
        focused = g.ActiveId;
    else if (g.NavCursorVisible)
        focused = g.NavId;
    if (focused != 0)
        for (core::A11yNode& n : nodes_)
            if (n.id == focused) n.state |= core::A11yState_Focused;
}

void A11yCollector::OnItemAdd(unsigned id, float x0, float y0, float x1, float y1, bool disabled) {
    // SetNext* annotations belong to the first item added after them. If that item was
    // clipped (no ItemInfo follows), they must not leak onto the next one.
    // Items inside a child window the annotated item opened (a multi-line text field draws its
    // text in one) belong to it: only another item of the same window ends the annotations.
    if (annotated_id_ == 0 && HasAnnotations()) {
        annotated_id_ = id;
        annotated_window_ = ctx_->CurrentWindow;
    } else if (annotated_id_ != 0 && annotated_id_ != id && ctx_->CurrentWindow == annotated_window_) {
        ClearAnnotations();
    }
    pending_id_ = id;
    px0_ = x0; py0_ = y0; px1_ = x1; py1_ = y1;
    pending_disabled_ = disabled;
}

bool A11yCollector::HasAnnotations() const { return has_next_role_ || !next_name_.empty() || next_state_ != 0; }

void A11yCollector::ClearAnnotations() {
    has_next_role_ = false;
    next_name_.clear();
    next_state_ = 0;
    annotated_id_ = 0;
    annotated_window_ = nullptr;
}

void A11yCollector::OnItemInfo(unsigned id, const char* label, int status_flags) {
    if (id == 0) return;
    // Windows report themselves as items too; they are containers, not controls. A multi-line
    // text field is the exception: its child window has the field's id (it was missing from the
    // mirror, so screen readers and tests could not find a «textarea» question).
    if (ImGui::FindWindowByID(id) != nullptr && !(status_flags & ImGuiItemStatusFlags_Inputable)) return;
    if (annotated_id_ != 0 && annotated_id_ != id) ClearAnnotations();
    core::A11yNode n;
    n.id = id;
    if (id == pending_id_) {
        n.x = px0_; n.y = py0_; n.w = px1_ - px0_; n.h = py1_ - py0_;
        if (pending_disabled_) n.state |= core::A11yState_Disabled;
    }
    // Clip to the window's visible area so that bounds are where a click would land.
    if (ImGuiWindow* w = ctx_->CurrentWindow) {
        ImRect clip = w->ClipRect;
        float x0 = ImMax(n.x, clip.Min.x), y0 = ImMax(n.y, clip.Min.y);
        float x1 = ImMin(n.x + n.w, clip.Max.x), y1 = ImMin(n.y + n.h, clip.Max.y);
        if (x1 <= x0 || y1 <= y0) { ClearAnnotations(); return; }
        n.x = x0; n.y = y0; n.w = x1 - x0; n.h = y1 - y0;
    }
    if (status_flags & ImGuiItemStatusFlags_Inputable) n.role = core::A11yRole::TextBox;
    else if (status_flags & ImGuiItemStatusFlags_Checkable) n.role = core::A11yRole::CheckBox;
    else if (status_flags & ImGuiItemStatusFlags_Openable) n.role = core::A11yRole::TreeItem;
    if (status_flags & ImGuiItemStatusFlags_Checked) n.state |= core::A11yState_Checked;
    if (status_flags & ImGuiItemStatusFlags_Openable) n.state |= core::A11yState_Expandable;
    if (status_flags & ImGuiItemStatusFlags_Opened) n.state |= core::A11yState_Expanded;
    if (has_next_role_) n.role = next_role_;
    n.name = next_name_.empty() ? core::AccessibleName(label) : next_name_;
    n.state |= next_state_;
    n.region = RegionHere();
    ClearAnnotations();
    nodes_.push_back(std::move(n));
}

core::A11yNode* A11yCollector::LastNode() {
    if (nodes_.empty() || nodes_.back().id != ctx_->LastItemData.ID) return nullptr;
    return &nodes_.back();
}

// Annotations still bound to an earlier item (one without ItemInfo, e.g. a combo) are stale:
// a new SetNext* call starts a fresh set for the next item.
A11yCollector* A11yCollector::ForNextItem() {
    A11yCollector* c = Current();
    if (c && c->annotated_id_ != 0) c->ClearAnnotations();
    return c;
}
void A11yCollector::SetNextRole(core::A11yRole role) {
    if (A11yCollector* c = ForNextItem()) { c->has_next_role_ = true; c->next_role_ = role; }
}
void A11yCollector::SetNextName(const std::string& name) {
    if (A11yCollector* c = ForNextItem()) c->next_name_ = name;
}
bool A11yCollector::HasNextName() {
    A11yCollector* c = Current();
    return c && c->annotated_id_ == 0 && !c->next_name_.empty();
}
void A11yCollector::SetNextState(unsigned state) {
    if (A11yCollector* c = ForNextItem()) c->next_state_ |= state;
}
void A11yCollector::SetLastDescription(const std::string& text) {
    if (A11yCollector* c = Current())
        if (core::A11yNode* n = c->LastNode()) n->description = text;
}
void A11yCollector::SetLastValue(const std::string& value) {
    if (A11yCollector* c = Current())
        if (core::A11yNode* n = c->LastNode()) n->value = value;
}
void A11yCollector::AddLastState(unsigned state) {
    if (A11yCollector* c = Current())
        if (core::A11yNode* n = c->LastNode()) n->state |= state;
}
void A11yCollector::DescribeLastItem(const char* label) {
    A11yCollector* c = Current();
    if (!c) return;
    ImGuiContext& g = *c->ctx_;
    c->OnItemInfo(g.LastItemData.ID, label, g.LastItemData.StatusFlags);
}

void A11yCollector::AddStatic(core::A11yRole role, const std::string& name, int level) {
    A11yCollector* c = Current();
    if (!c) return;
    ImGuiContext& g = *c->ctx_;
    core::A11yNode n;
    // Static nodes have no ImGui ID; derive a stable one from the window, role, text and how
    // many such nodes came before it this frame. One string hashed with the window as seed: a
    // seed of window + role gave different nodes one id (CRC32 is linear: the screen keyboard's
    // «2» and «3» collided), and the same text twice in a window (a «Подтверждено» per row) had one.
    std::string key = std::to_string((int)role) + '\x1f' + name;
    unsigned seed = g.CurrentWindow ? g.CurrentWindow->ID : 0;
    int& seen = c->static_seen_[ImHashStr(key.c_str(), key.size(), seed)];
    if (seen++ > 0) key += '\x1f' + std::to_string(seen);
    n.id = ImHashStr(key.c_str(), key.size(), seed);
    n.role = role;
    n.name = name;
    n.level = level;
    n.region = c->RegionHere();
    if (role == core::A11yRole::Heading && level == 1 && n.region == core::A11yRegion::Main && !name.empty()) {
        // The first level-1 heading of the page is its title (a frame may have none while a
        // screen loads: the last one stays).
        bool first = true;
        for (const core::A11yNode& o : c->nodes_)
            if (o.role == core::A11yRole::Heading && o.level == 1 && o.region == core::A11yRegion::Main) first = false;
        if (first) c->title_ = name;
    }
    ImRect r = g.LastItemData.Rect;
    n.x = r.Min.x; n.y = r.Min.y; n.w = r.GetWidth(); n.h = r.GetHeight();
    c->nodes_.push_back(std::move(n));
}

void A11yCollector::AddNode(core::A11yNode node) {
    A11yCollector* c = Current();
    if (!c) return;
    node.region = c->RegionHere();
    c->nodes_.push_back(std::move(node));
}

core::A11yRegion A11yCollector::RegionHere() const {
    // A modal popup (a confirmation, the idle countdown) is a dialog whoever opened it.
    for (ImGuiWindow* w = ctx_->CurrentWindow; w; w = w->ParentWindow)
        if (w->Flags & ImGuiWindowFlags_Modal) return core::A11yRegion::Dialog;
    return region_;
}

void A11yCollector::SetRegion(core::A11yRegion region) {
    if (A11yCollector* c = Current()) c->region_ = region;
}

void A11yCollector::Announce(const std::string& text, bool assertive) {
    if (text.empty()) return;
    // Bounded: a burst of events while nobody takes them (a hidden tab) says the latest ones.
    if (announcements_.size() >= 20) announcements_.erase(announcements_.begin());
    announcements_.push_back({text, assertive});
}

std::vector<A11yCollector::Announcement> A11yCollector::TakeAnnouncements() {
    std::vector<Announcement> out;
    out.swap(announcements_);
    return out;
}

}  // namespace ui

// ImGui's test-engine hooks (see imgui_internal.h). The collector is the "test engine".
void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, ImGuiID id, const ImRect& bb, const ImGuiLastItemData* item_data) {
    if (auto* c = static_cast<ui::A11yCollector*>(ctx->TestEngine))
        c->OnItemAdd(id, bb.Min.x, bb.Min.y, bb.Max.x, bb.Max.y,
                     item_data && (item_data->ItemFlags & ImGuiItemFlags_Disabled));
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
    if (auto* c = static_cast<ui::A11yCollector*>(ctx->TestEngine)) c->OnItemInfo(id, label, flags);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
