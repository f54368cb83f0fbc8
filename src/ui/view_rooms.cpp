// «Совместные решения» (SPEC §7): the rooms the person is a member of, the invitations sent to
// their phone or e-mail (accept / decline), and a new room. The list's titles are the server's
// copy of each room's first entry; opening a room verifies its journal from that entry on.
#include "core/dates.h"
#include "core/json_read.h"
#include "crypto/room_keys.h"
#include "imgui.h"
#include "ui/app.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

using nlohmann::json;

static const char* const kRoomKinds[] = {"family", "joint", "legal", "general"};

static std::string KindLabel(const std::string& code) { return core::Tr(("rooms.kind." + code).c_str()); }
static std::string RoleLabel(const std::string& code) { return core::Tr(("rooms.role." + code).c_str()); }

static void DrawCreate(App& app, RoomsState& r) {
    if (!r.create_open) {
        if (PrimaryButton((std::string(ICON_PLUS "  ") + core::Tr("rooms.create") + "##create").c_str())) {
            r.create_open = true;
            r.title_error.clear();
        }
        return;
    }
    BeginCard("##new-room");
    Heading(core::Tr("rooms.create_title"), 2);
    TextFieldOptions o;
    o.required = true;
    o.max_bytes = 400;
    o.focus = ImGui::IsWindowAppearing();
    std::string err = r.title_error.empty() ? std::string() : core::Tr(r.title_error.c_str());
    o.error = err.empty() ? nullptr : err.c_str();
    o.hint = core::Tr("rooms.title_hint");
    TextField(core::Tr("rooms.title_label"), "##room-title", &r.new_title, o);
    ImGui::Dummy(ImVec2(0, 4));
    Paragraph(core::Tr("rooms.kind_label"));
    for (int i = 0; i < 4; i++)
        if (RadioOption(KindLabel(kRoomKinds[i]).c_str(), r.new_kind == i)) r.new_kind = i;
    ImGui::Dummy(ImVec2(0, 4));
    Paragraph(core::Tr("rooms.create_note"), true);
    if (!r.create_error.ok()) ServerError(r.create_error);
    ImGui::BeginDisabled(r.creating);
    if (PrimaryButton(core::Tr(r.creating ? "rooms.creating" : "rooms.create_submit"))) app.CreateRoom(kRoomKinds[r.new_kind < 0 || r.new_kind > 3 ? 0 : r.new_kind]);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (SecondaryButton(core::Tr("rooms.cancel"))) r.create_open = false;
    EndCard();
}

static void DrawInvitations(App& app, RoomsState& r) {
    int open = 0;
    for (const json& inv : r.invitations)
        if (core::JsonText(inv, "state") == "sent") open++;
    if (open == 0) return;
    Heading(core::Tr("rooms.invitations"), 2);
    if (!r.answer_error.ok()) ServerError(r.answer_error);
    for (const json& inv : r.invitations) {
        if (core::JsonText(inv, "state") != "sent") continue;
        std::string id = core::JsonText(inv, "id");
        ImGui::PushID(id.c_str());
        BeginCard("##invitation");
        std::string title = core::JsonText(inv, "title");
        Heading(title.empty() ? KindLabel(core::JsonText(inv, "kind")).c_str() : title.c_str(), 3);
        std::string who = core::JsonText(inv, "inviter");
        std::string line = core::Tr("rooms.invitation_line", {{"who", who.empty() ? std::string("—") : who},
                                                            {"role", RoleLabel(core::JsonText(inv, "role"))},
                                                            {"kind", KindLabel(core::JsonText(inv, "kind"))}});
        Paragraph(line.c_str());
        A11yCollector::AddStatic(core::A11yRole::Text, line);
        std::string until = core::Tr("rooms.invitation_until", {{"date", core::FormatTimestamp((long long)core::JsonNumber(inv, "expires_at"))}});
        Paragraph(until.c_str(), true);
        A11yCollector::AddStatic(core::A11yRole::Text, until);
        // Accepting sends this device's keys through the server: the inviter may ask for this code.
        const crypto::IdentityKeys& keys = app.auth_.Keys();
        std::string code = core::Tr("rooms.my_code", {{"code", crypto::SafetyCode(crypto::Base64Encode(keys.ed25519_pk), crypto::Base64Encode(keys.x25519_pk))}});
        Paragraph(code.c_str(), true);
        A11yCollector::AddStatic(core::A11yRole::Text, code);
        ImGui::Dummy(ImVec2(0, 2));
        ImGui::BeginDisabled(!r.answering.empty());
        A11yCollector::SetNextName(core::Tr("rooms.accept_named", {{"title", title}}));
        if (PrimaryButton((std::string(core::Tr("rooms.accept")) + "##accept").c_str())) app.AnswerInvitation(id, true);
        ImGui::SameLine();
        A11yCollector::SetNextName(core::Tr("rooms.decline_named", {{"title", title}}));
        if (SecondaryButton((std::string(core::Tr("rooms.decline")) + "##decline").c_str())) app.AnswerInvitation(id, false);
        ImGui::EndDisabled();
        EndCard();
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, 6));
    }
}

void DrawRoomsView(App& app) {
    RoomsState& r = app.session().rooms;
    Heading(core::Tr("rooms.title"));
    Paragraph(core::Tr("rooms.lead"), true);
    ImGui::Dummy(ImVec2(0, 4));
    if (!r.notice.empty() && Alert(AlertKind::Info, core::Tr(r.notice.c_str()), core::Tr("common.close"))) r.notice.clear();
    if (!r.error.ok() && Alert(AlertKind::Error, r.error.Text().c_str(), core::Tr("common.retry"))) app.LoadRooms();
    DrawCreate(app, r);
    ImGui::Dummy(ImVec2(0, 8));
    if (!r.loaded) {
        if (r.error.ok()) Paragraph(core::Tr("rooms.loading"), true);
        return;
    }
    DrawInvitations(app, r);
    Heading(core::Tr("rooms.mine"), 2);
    if (r.rooms.empty()) {
        Paragraph(core::Tr("rooms.empty"), true);
        A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("rooms.empty"));
        return;
    }
    for (const json& room : r.rooms) {
        std::string id = core::JsonText(room, "id");
        ImGui::PushID(id.c_str());
        BeginFlatCard();
        std::string title = core::JsonText(room, "title");
        if (title.empty()) title = KindLabel(core::JsonText(room, "kind"));
        Heading(title.c_str(), 3);
        std::string kind = KindLabel(core::JsonText(room, "kind")), role = RoleLabel(core::JsonText(room, "role"));
        Badge(kind.c_str(), core::StatusTone::Neutral, kind);
        ImGui::SameLine(0, 8);
        Badge(role.c_str(), core::StatusTone::Progress, core::Tr("rooms.your_role", {{"role", role}}));
        long long unread = room.contains("unread") && room["unread"].is_number_integer() ? room["unread"].get<long long>() : 0;
        std::string fresh = unread >= 100 ? std::string(core::Tr("rooms.unread_many")) : unread > 0 ? core::TrN("rooms.unread", unread) : std::string();
        if (!fresh.empty()) {
            ImGui::SameLine(0, 8);
            Badge(fresh.c_str(), core::StatusTone::Attention, fresh);
        }
        std::string since = core::Tr("rooms.created_at", {{"date", core::FormatTimestamp((long long)core::JsonNumber(room, "created_at"))}});
        Paragraph(since.c_str(), true);
        A11yCollector::AddStatic(core::A11yRole::Text, since);
        A11yCollector::SetNextName(core::Tr("rooms.open_named", {{"title", title}}) + (fresh.empty() ? std::string() : ", " + fresh));
        if (SecondaryButton((std::string(core::Tr("rooms.open")) + "##open").c_str())) {
            app.session().rooms.tab = 0;
            app.Navigate(core::Screen::RoomDetail, id);
        }
        EndFlatCard();
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, 8));
    }
}

}  // namespace ui
