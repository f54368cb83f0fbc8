// «Уведомления»: the feed (search, period, type, unread only; select for bulk read/delete; each
// item opens its object) and «Настройки» (types × channels, quiet hours). docs/notifications.md.
//
// The feed may hold thousands of items (the bench fills 5,000): rows are laid out once — their
// heights measured when the width, language, text size or the items change — and only the rows in
// view are submitted, so a frame costs the same for 50 items and for 5,000.
#include <algorithm>

#include "core/dates.h"
#include "core/json_read.h"
#include "core/notifications.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/app.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

using nlohmann::json;

static void DrawTabs(App& app) {
    SectionTabs(app, "notifications.title", "##notification-tabs",
                {{core::Screen::Notifications, "notifications.feed_tab"}, {core::Screen::NotificationSettings, "notifications.settings_tab"}});
}

static long long IdOf(const json& item) {
    return item.is_object() && item.contains("id") && item["id"].is_number_integer() ? item["id"].get<long long>() : 0;
}

static std::string SecondLine(const json& item) {
    std::string detail = core::NotificationDetail(item);
    std::string when = core::FormatTimestamp((long long)core::JsonNumber(item, "at"));
    return detail.empty() ? when : detail + "  ·  " + when;
}

// Row geometry, shared by layout and drawing.
static const float kPadY = 12, kCheckW = 44, kGapY = 4, kRowGap = 8;

static void LayOut(NotificationsState& n, float width, int lang, float scale) {
    if (n.laid_out_width == width && n.laid_out_lang == lang && n.laid_out_scale == scale && n.laid_out_version == n.items_version &&
        n.row_top.size() == n.items.size() + 1)
        return;
    n.laid_out_width = width;
    n.laid_out_lang = lang;
    n.laid_out_scale = scale;
    n.laid_out_version = n.items_version;
    size_t count = n.items.size();
    n.row_top.assign(count + 1, 0.0f);
    n.row_title.resize(count);
    n.row_second.resize(count);
    float text_w = ImMax(40.0f, width - kCheckW - 32);
    const Fonts& f = WidgetFonts();
    float y = 0;
    for (size_t i = 0; i < count; i++) {
        n.row_top[i] = y;
        // Worded once here, not per frame (a frame draws a dozen rows; their words do not change).
        n.row_title[i] = core::NotificationTitle(n.items[i]).Text();
        n.row_second[i] = SecondLine(n.items[i]);
        // Measured in bold (an unread row): reading it never makes the row taller.
        ImGui::PushFont(f.bold, size::kBody);
        float h1 = ImGui::CalcTextSize(n.row_title[i].c_str(), nullptr, false, text_w).y;
        ImGui::PopFont();
        ImGui::PushFont(f.regular, size::kSmall);
        float h2 = ImGui::CalcTextSize(n.row_second[i].c_str(), nullptr, false, text_w).y;
        ImGui::PopFont();
        y += kPadY + h1 + kGapY + h2 + kPadY + kRowGap;
    }
    n.row_top[count] = y;
}

static void DrawRow(App& app, NotificationsState& n, size_t i, ImVec2 at, float width, float height) {
    const json& item = n.items[i];
    long long id = IdOf(item);
    bool unread = item.value("read", true) == false;
    const std::string& title = n.row_title[i];
    const std::string& second = n.row_second[i];
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(at, ImVec2(at.x + width, at.y + height), color::Rgb(unread ? color::kAccentSoft : color::kCard), 10.0f);
    dl->AddRect(at, ImVec2(at.x + width, at.y + height), color::Rgb(color::kBorder), 10.0f);
    ImGui::PushID((int)(id & 0x7fffffff));
    // The tick for bulk actions.
    ImGui::SetCursorScreenPos(ImVec2(at.x + 10, at.y + kPadY - 4));
    bool ticked = n.selected.count(id) > 0;
    A11yCollector::SetNextName(core::Tr("notifications.select_one", {{"title", title}}));
    if (CheckBox("##tick", &ticked)) {
        if (ticked) n.selected.insert(id);
        else n.selected.erase(id);
    }
    // The rest of the row opens the item's object.
    ImVec2 body(at.x + kCheckW, at.y);
    ImGui::SetCursorScreenPos(body);
    std::string spoken = (unread ? std::string(core::Tr("notifications.unread_mark")) + ". " : std::string()) + title + ". " + second;
    A11yCollector::SetNextRole(core::A11yRole::Link);
    A11yCollector::SetNextName(spoken);
    if (ImGui::InvisibleButton("##open", ImVec2(ImMax(10.0f, width - kCheckW), height), ImGuiButtonFlags_EnableNav)) app.OpenNotification(item);
    bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImGui::RenderNavCursor(ImRect(at, ImVec2(at.x + width, at.y + height)), ImGui::GetItemID());
    float text_w = ImMax(40.0f, width - kCheckW - 32);
    const Fonts& f = WidgetFonts();
    ImGui::PushFont(unread ? f.bold : f.regular, size::kBody);
    ImVec2 t1 = ImGui::CalcTextSize(title.c_str(), nullptr, false, text_w);
    dl->AddText(nullptr, 0.0f, ImVec2(body.x, at.y + kPadY), color::Rgb(hovered ? color::kAccent : color::kText), title.c_str(), nullptr, text_w);
    ImGui::PopFont();
    ImGui::PushFont(f.regular, size::kSmall);
    dl->AddText(nullptr, 0.0f, ImVec2(body.x, at.y + kPadY + t1.y + kGapY), color::Rgb(color::kMuted), second.c_str(), nullptr, text_w);
    ImGui::PopFont();
    if (unread) dl->AddCircleFilled(ImVec2(at.x + width - 16, at.y + kPadY + 10), 5.0f, color::Rgb(color::kAccent));
    ImGui::PopID();
}

static void DrawFilters(App& app, NotificationsState& n) {
    bool narrow = app.NarrowLayout();
    float column = ImGui::GetContentRegionAvail().x;
    TextFieldOptions opt;
    opt.width = narrow ? column : ImMin(column - 150, 460.0f);
    opt.max_bytes = 200;
    opt.hint = core::Tr("notifications.search_hint");
    TextField(core::Tr("notifications.search"), "##notifications-search", &n.query, opt);
    bool enter = LastFieldDeactivated() && (ImGui::IsKeyPressed(ImGuiKey_Enter, false) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false));
    if (!narrow) {
        // Beside the input box itself (the field's last item), level with it.
        float box_top = ImGui::GetItemRectMin().y, box_h = ImGui::GetItemRectSize().y;
        ImGui::SameLine();
        ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, box_top + (box_h - ImGui::GetFrameHeight()) * 0.5f));
    }
    bool find = SecondaryButton((std::string(ICON_SEARCH "  ") + core::Tr("notifications.find") + "##find").c_str());
    if (find || enter) {
        n.asked_query = n.query;
        app.LoadNotifications(false);
    }
    static const char* kPeriods[] = {"notifications.period_all", "notifications.period_day", "notifications.period_week",
                                     "notifications.period_month", "notifications.period_year"};
    if (BeginSelect("##period", core::Tr("notifications.period"), core::Tr(kPeriods[n.period]), narrow ? column : 220.0f)) {
        for (int i = 0; i < 5; i++) {
            A11yCollector::SetNextRole(core::A11yRole::ListItem);
            if (ImGui::Selectable(core::Tr(kPeriods[i]), n.period == i)) {
                n.period = i;
                app.LoadNotifications(false);
            }
        }
        EndSelect();
    }
    if (!narrow) ImGui::SameLine();
    std::string type_label = n.type < 0 ? core::Tr("notifications.type_all")
                                        : core::Tr((std::string("notifications.type.") + core::NotificationTypeCode(n.type)).c_str());
    if (BeginSelect("##type", core::Tr("notifications.type_filter"), type_label.c_str(), narrow ? column : 260.0f)) {
        for (int i = -1; i < core::kNotificationTypeCount; i++) {
            A11yCollector::SetNextRole(core::A11yRole::ListItem);
            std::string label = i < 0 ? core::Tr("notifications.type_all")
                                      : core::Tr((std::string("notifications.type.") + core::NotificationTypeCode(i)).c_str());
            if (ImGui::Selectable(label.c_str(), n.type == i)) {
                n.type = i;
                app.LoadNotifications(false);
            }
        }
        EndSelect();
    }
    if (!narrow) ImGui::SameLine();
    if (!narrow) ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 6);
    if (CheckBox(core::Tr("notifications.unread_only"), &n.unread_only)) app.LoadNotifications(false);
}

void DrawNotificationsView(App& app) {
    NotificationsState& n = app.session().notifications;
    DrawTabs(app);
    DrawFilters(app, n);
    ImGui::Dummy(ImVec2(0, 6));
    if (!n.error.ok() && Alert(AlertKind::Error, n.error.Text().c_str(), core::Tr("common.retry"))) app.LoadNotifications(false);
    if (!n.notice.empty()) {
        std::string text = core::TrN(n.notice.c_str(), n.notice_n);
        Alert(AlertKind::Info, text.c_str());
    }
    if (!n.loaded) {
        if (n.error.ok()) Paragraph(core::Tr("common.loading"), true);
        return;
    }
    // Counter and actions on the whole feed or the selection.
    std::string unread = n.unread > 0 ? core::TrN("notifications.unread_count", n.unread) : core::Tr("notifications.all_read");
    Paragraph(unread.c_str(), true);
    A11yCollector::AddStatic(core::A11yRole::Status, unread);
    bool any = !n.items.empty();
    if (any) {
        bool all_ticked = n.selected.size() == n.items.size();
        bool tick = all_ticked;
        if (CheckBox(core::Tr("notifications.select_all"), &tick)) {
            n.selected.clear();
            if (tick)
                for (const json& it : n.items) n.selected.insert(IdOf(it));
        }
        if (!app.NarrowLayout()) ImGui::SameLine(0, 16);
        if (n.unread > 0 && SecondaryButton((std::string(ICON_CHECK "  ") + core::Tr("notifications.mark_all_read") + "##all-read").c_str())) {
            n.notice.clear();
            app.MarkNotificationsRead({}, true);
        }
    }
    if (!n.selected.empty()) {
        BeginCard("##selection");
        std::string chosen = core::TrN("notifications.selected", (long long)n.selected.size());
        Paragraph(chosen.c_str());
        A11yCollector::AddStatic(core::A11yRole::Status, chosen);
        if (SecondaryButton((std::string(ICON_CHECK "  ") + core::Tr("notifications.mark_read") + "##sel-read").c_str())) {
            n.notice.clear();
            app.MarkNotificationsRead(std::vector<long long>(n.selected.begin(), n.selected.end()), false);
            n.selected.clear();
        }
        if (!app.NarrowLayout()) ImGui::SameLine();
        if (SecondaryButton((std::string(ICON_TRASH "  ") + core::Tr("notifications.delete") + "##sel-delete").c_str())) n.delete_open = true;
        if (!app.NarrowLayout()) ImGui::SameLine();
        if (LinkButton(core::Tr("notifications.clear_selection"))) n.selected.clear();
        EndCard();
    }
    ImGui::Dummy(ImVec2(0, 6));
    if (!any) {
        const char* empty = n.asked_query.empty() && n.period == 0 && n.type < 0 && !n.unread_only ? "notifications.empty" : "notifications.nothing_found";
        Paragraph(core::Tr(empty), true);
        A11yCollector::AddStatic(core::A11yRole::Text, core::Tr(empty));
    }

    // The rows in view.
    float width = ImGui::CalcItemWidth();  // the page column, as cards and alerts use
    LayOut(n, width, (int)app.Language(), app.TextScale());
    ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImRect clip = ImGui::GetCurrentWindow()->ClipRect;
    size_t count = n.items.size();
    auto first = std::upper_bound(n.row_top.begin(), n.row_top.begin() + count, clip.Min.y - origin.y) - n.row_top.begin();
    size_t from = first > 0 ? (size_t)first - 1 : 0;
    bool last_in_view = false;
    for (size_t i = from; i < count; i++) {
        float top = origin.y + n.row_top[i];
        if (top > clip.Max.y) break;
        DrawRow(app, n, i, ImVec2(origin.x, top), width, n.row_top[i + 1] - n.row_top[i] - kRowGap);
        if (i + 1 == count) last_in_view = true;
    }
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + n.row_top[count]));
    ImGui::Dummy(ImVec2(width, 1));
    if (n.next > 0) {
        // The next page comes by itself when the end is in view, or with the button (keyboard).
        if (last_in_view) app.LoadNotifications(true);
        if (n.loading_more) Paragraph(core::Tr("common.loading"), true);
        else if (SecondaryButton(core::Tr("notifications.more"))) app.LoadNotifications(true);
    }

    if (BeginDialog("##delete-notifications", core::Tr("notifications.delete_title"), &n.delete_open)) {
        Paragraph(core::TrN("notifications.delete_text", (long long)n.selected.size()).c_str());
        ImGui::Dummy(ImVec2(0, 8));
        if (PrimaryButton(core::Tr("notifications.delete_confirm"))) {
            n.notice.clear();
            app.DeleteSelectedNotifications();
            n.delete_open = false;
        }
        ImGui::SameLine();
        if (SecondaryButton(core::Tr("applications.cancel"))) n.delete_open = false;
        EndDialog();
    }
}

void DrawNotificationSettingsView(App& app) {
    NotificationsState& n = app.session().notifications;
    DrawTabs(app);
    Paragraph(core::Tr("notifications.settings_lead"), true);
    ImGui::Dummy(ImVec2(0, 4));
    if (!n.settings_error.ok()) {
        if (Alert(AlertKind::Error, n.settings_error.Text().c_str(), n.edited.is_object() ? nullptr : core::Tr("common.retry")))
            app.LoadNotificationSettings();
    }
    if (!n.edited.is_object()) {
        if (n.settings_error.ok()) Paragraph(core::Tr("common.loading"), true);
        return;
    }
    bool narrow = app.NarrowLayout();
    BeginCard("##channels");
    Heading(core::Tr("notifications.what_where"), 2);
    float label_w = narrow ? 0.0f : 260.0f;
    float col_w = narrow ? 0.0f : ImMax(120.0f, (ImGui::GetContentRegionAvail().x - label_w) / core::kNotificationChannelCount);
    if (!narrow) {
        // Column heads.
        ImGui::Dummy(ImVec2(label_w, 1));
        for (int c = 0; c < core::kNotificationChannelCount; c++) {
            ImGui::SameLine(label_w + col_w * c + 16);
            ImGui::PushFont(WidgetFonts().bold, size::kSmall);
            ImGui::TextUnformatted(core::Tr((std::string("notifications.channel.") + core::NotificationChannelCode(c)).c_str()));
            ImGui::PopFont();
        }
    }
    for (int t = 0; t < core::kNotificationTypeCount; t++) {
        const char* type = core::NotificationTypeCode(t);
        std::string type_label = core::Tr((std::string("notifications.type.") + type).c_str());
        ImGui::PushID(t);
        if (narrow) {
            ImGui::Dummy(ImVec2(0, 6));
            Heading(type_label.c_str(), 3);
        } else {
            ImGui::Separator();
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(type_label.c_str());
        }
        for (int c = 0; c < core::kNotificationChannelCount; c++) {
            const char* channel = core::NotificationChannelCode(c);
            std::string channel_label = core::Tr((std::string("notifications.channel.") + channel).c_str());
            bool locked = std::string(type) == "security" && std::string(channel) == "inapp";
            bool on = n.edited[type].value(channel, false) || locked;
            if (!narrow) ImGui::SameLine(label_w + col_w * c + 16);
            A11yCollector::SetNextName(type_label + " — " + channel_label);
            ImGui::BeginDisabled(locked || n.settings_saving);
            std::string id = (narrow ? channel_label : std::string()) + "##" + channel;
            if (CheckBox(id.c_str(), &on)) {
                n.edited[type][channel] = on;
                n.settings_saved = false, n.settings_dirty = true;
            }
            ImGui::EndDisabled();
        }
        ImGui::PopID();
    }
    ImGui::Dummy(ImVec2(0, 4));
    Paragraph(core::Tr("notifications.security_always"), true);
    EndCard();
    ImGui::Dummy(ImVec2(0, 8));

    BeginCard("##quiet");
    Heading(core::Tr("notifications.quiet_title"), 2);
    if (CheckBox(core::Tr("notifications.quiet_on"), &n.quiet_on)) n.settings_saved = false, n.settings_dirty = true;
    if (n.quiet_on) {
        TextFieldOptions opt;
        opt.width = narrow ? ImGui::GetContentRegionAvail().x : 240.0f;
        opt.max_bytes = 5;
        opt.hint = "22:00";
        const char* err = n.quiet_error.empty() ? nullptr : core::Tr(n.quiet_error.c_str());
        opt.error = err;
        // Side by side on a wide screen, each field with its own label and message below it.
        ImGui::BeginGroup();
        if (TextField(core::Tr("notifications.quiet_from"), "##quiet-from", &n.quiet_from, opt)) n.settings_saved = false, n.settings_dirty = true;
        ImGui::EndGroup();
        if (!narrow) ImGui::SameLine(0, 24);
        opt.hint = "08:00";
        opt.error = nullptr;
        ImGui::BeginGroup();
        if (TextField(core::Tr("notifications.quiet_to"), "##quiet-to", &n.quiet_to, opt)) n.settings_saved = false, n.settings_dirty = true;
        ImGui::EndGroup();
        Paragraph(core::Tr("notifications.quiet_note"), true);
    }
    EndCard();
    ImGui::Dummy(ImVec2(0, 8));
    if (n.settings_saved) Alert(AlertKind::Info, core::Tr("notifications.saved"));
    ImGui::BeginDisabled(n.settings_saving);
    if (PrimaryButton(core::Tr(n.settings_saving ? "notifications.saving" : "notifications.save"))) app.SaveNotificationSettings();
    ImGui::EndDisabled();
}

}  // namespace ui
