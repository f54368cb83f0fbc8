// Builds the accessibility tree (core::A11yNode) from what ImGui draws, through ImGui's
// item hooks (IMGUI_ENABLE_TEST_ENGINE: ItemAdd gives bounds and flags, ItemInfo gives the
// label and checkable/openable/inputable status). Widgets refine the guess with the
// SetNext*/SetLast* calls below (a nav tab is a "tab", a password field is a "password").
#pragma once
#include <string>
#include <unordered_map>
#include <vector>

#include "core/a11y_tree.h"

struct ImGuiContext;
struct ImGuiWindow;

namespace ui {

class A11yCollector {
public:
    void Attach(ImGuiContext* ctx);
    void BeginFrame();
    void EndFrame();  // marks the focused node
    // This frame's items are not to be published (the session ended half-way through drawing it:
    // its header still named the person who just logged out).
    void DropFrame() { nodes_.clear(); }
    const std::vector<core::A11yNode>& Nodes() const { return nodes_; }
    // The page's title: the first level-1 heading of the last frame that had one (the screen's
    // name, or the service's on a form). The browser shows it as the document's title.
    const std::string& Title() const { return title_; }

    // Live announcements (a new chat message, a status change, a notification): said once by a
    // screen reader through the mirror's live regions and by the kiosk's voice. Kept until the
    // platform takes them; natively the UI tests read them.
    struct Announcement {
        std::string text;
        bool assertive = false;  // interrupts (errors); otherwise waits for a pause
    };
    void Announce(const std::string& text, bool assertive = false);
    std::vector<Announcement> TakeAnnouncements();
    void ForgetAnnouncements() { announcements_.clear(); }  // the session ended: none is said to the next person

    // The landmark the next nodes belong to (the header's parts, the page, its foot): App::Frame
    // sets it as it draws each part. Nodes in a modal dialog belong to the dialog whatever it is.
    static void SetRegion(core::A11yRegion region);

    // Annotations for the next item submitted (consumed by it).
    static void SetNextRole(core::A11yRole role);
    static void SetNextName(const std::string& name);
    static bool HasNextName();  // a name was given for the next item (a widget keeps it)
    static void SetNextState(unsigned state);
    // Annotations for the item just submitted.
    static void SetLastDescription(const std::string& text);
    static void SetLastValue(const std::string& value);
    static void AddLastState(unsigned state);
    // For ImGui widgets that do not report themselves (combos): describe the item just drawn,
    // with the SetNext* annotations given before it.
    static void DescribeLastItem(const char* label);
    // Non-interactive nodes (headings, alerts, status lines) at the last item's rectangle.
    static void AddStatic(core::A11yRole role, const std::string& name, int level = 0);
    // A node drawn without an ImGui item (the on-screen keyboard's keys): id and bounds given.
    static void AddNode(core::A11yNode node);

    // Called by the hooks.
    void OnItemAdd(unsigned id, float x0, float y0, float x1, float y1, bool disabled);
    void OnItemInfo(unsigned id, const char* label, int status_flags);

private:
    core::A11yNode* LastNode();
    core::A11yRegion RegionHere() const;
    core::A11yRegion region_ = core::A11yRegion::Main;
    std::string title_;
    std::vector<Announcement> announcements_;
    static A11yCollector* ForNextItem();
    bool HasAnnotations() const;
    void ClearAnnotations();
    ImGuiContext* ctx_ = nullptr;
    std::vector<core::A11yNode> nodes_;
    std::unordered_map<unsigned, int> static_seen_;  // AddStatic's nodes this frame, by window, role and text
    // The last ItemAdd, waiting for its ItemInfo.
    unsigned pending_id_ = 0;
    float px0_ = 0, py0_ = 0, px1_ = 0, py1_ = 0;
    bool pending_disabled_ = false;
    // SetNext* annotations.
    bool has_next_role_ = false;
    core::A11yRole next_role_ = core::A11yRole::Button;
    std::string next_name_;
    unsigned next_state_ = 0;
    unsigned annotated_id_ = 0;  // the item the annotations were bound to at its ItemAdd
    ImGuiWindow* annotated_window_ = nullptr;  // where the annotated item was added
};

}  // namespace ui
