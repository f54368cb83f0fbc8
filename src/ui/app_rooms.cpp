// «Совместные решения»: loading the rooms and invitations, and what is done in the room opened
// (docs/rooms.md). What the room shows comes from client::RoomSession — the journal verified on
// this device, the key opened here, the chat decrypted here; the server's lists (rooms, names,
// invitations) only say where to look and what to call people.
#include <ctime>

#include "core/forms/field_type.h"
#include "core/forms/file_signature.h"
#include "client/uploads.h"
#include "core/json_read.h"
#include "core/route.h"
#include "ui/app.h"

namespace ui {

using nlohmann::json;

void App::LoadRooms() {
    RoomsState& r = session_->rooms;
    if (!SignedIn() || !r.load.Start()) return;
    r.error = client::ApiError();
    // Two lists, one answer: the rooms first, then the invitations.
    api.Get("/rooms", session_->Guard([this, &r](client::ApiResult res) {
        RequestFrames();
        if (!res.error.ok()) {
            if (r.load.Finish()) LoadRooms();
            r.error = res.error;
            return;
        }
        json rooms = core::JsonItems(res.body);
        api.Get("/invitations", session_->Guard([this, &r, rooms](client::ApiResult inv) {
            RequestFrames();
            bool again = r.load.Finish();
            if (!inv.error.ok()) r.error = inv.error;
            else {
                r.rooms = rooms;
                r.invitations = core::JsonItems(inv.body);
                r.loaded = true;
            }
            if (again) LoadRooms();
        }));
    }));
}

void App::CreateRoom(const std::string& kind) {
    RoomsState& r = session_->rooms;
    if (r.creating) return;  // a double click makes one room
    r.title_error.clear();
    std::string title = core::forms::TrimSpaces(r.new_title);
    if (title.empty()) r.title_error = "rooms.title_required";
    else if (title.size() > 200) r.title_error = "rooms.title_long";
    if (!r.title_error.empty()) return;
    StartRoomSession();
    r.creating = true;
    r.create_error = client::ApiError();
    std::weak_ptr<int> alive = session_->Alive();
    session_->room.Create(kind, title, [this, &r, alive](const std::string& id, client::ApiError e) {
        if (alive.expired()) return;
        RequestFrames();
        r.creating = false;
        if (!e.ok()) {
            r.create_error = e;
            return;
        }
        r.create_open = false;
        r.new_title.clear();
        r.tab = 0;
        LoadRooms();
        Navigate(core::Screen::RoomDetail, id);
    });
}

void App::AnswerInvitation(const std::string& id, bool accept) {
    RoomsState& r = session_->rooms;
    if (!r.answering.empty()) return;
    r.answering = id;
    r.answer_error = client::ApiError();
    api.Post("/invitations/" + core::PercentEncode(id) + (accept ? "/accept" : "/decline"), json::object(),
             session_->Guard([this, &r, accept](client::ApiResult res) {
                 RequestFrames();
                 r.answering.clear();
                 if (!res.error.ok()) r.answer_error = res.error;
                 else r.notice = accept ? "rooms.accepted_note" : "rooms.declined_note";
                 LoadRooms();
             }),
             client::RequestOptions::Once());
}

void App::StartRoomSession() {
    RoomsState& r = session_->rooms;
    if (r.started) return;
    session_->room.Start(auth_.CurrentAccount().id, auth_.Keys(), hooks_.local_store);
    r.started = true;
}

// The room named by the route: opened (its journal read and verified from the first entry), or
// read on from the verified head when it is the one already open; then the key, the chat, the
// names and — for those who admit people — the invitations.
void App::LoadRoom() {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    if (!SignedIn() || route_param.empty()) return;
    StartRoomSession();
    if (!catalog.loaded) LoadCatalog();  // the services a signed document may be submitted to
    // The screen's own state follows the room shown, not the session's: a room just created is
    // already open in RoomSession, and what the screen kept of the room before must still go.
    if (r.shown_room != route_param) {
        if (r.read_due > 0 && s.room.room == r.shown_room) MarkRoomRead(/*flush=*/true);  // the room left
        r.shown_room = route_param;
        r.names.clear();
        r.room_invitations = json::array();
        r.synced_members = 0;
        r.synced_epoch = -1;
        r.syncing = false;
        r.action_error = client::ApiError();
        r.notice.clear();
        r.message.clear();
        r.seen_message = 0;
        r.unread = 0;
        r.read_posted = 0;
        r.read_due = 0;
        r.read_at_open = -1;
        s.room_files.Clear();  // chosen for another room's chat
        r.file_error = core::Message();
        r.downloading.clear();
        for (const json& x : r.rooms)  // the list knows how far this person had read
            if (core::JsonText(x, "id") == route_param && x.contains("read_upto") && x["read_upto"].is_number_integer())
                r.read_at_open = x["read_upto"].get<long long>();
        r.loading_older = false;
        r.msg_h.clear();
        r.proposals.clear();
        r.counted_seq = -2;
        r.propose_open = false;
        r.voting.clear();
        r.documents.clear();
        r.documents_seq = -2;
        r.doc_open = false;
        r.doc_busy.clear();
    }
    if (s.room.room != route_param) s.room.Open(route_param);
    std::weak_ptr<int> alive = s.Alive();
    s.room.Refresh([this, alive]() {
        if (alive.expired()) return;
        RequestFrames();
        AfterRoomRead();
    });
    if (r.names.empty()) LoadRoomNames();  // later: when the journal names someone new (AfterRoomRead)
    if (!s.room.HasKey()) return;
    LoadRoomMessages();
}

// The names behind the members' keys: a courtesy (keys still identify people), read when the room
// opens and when the verified journal names a member without one — not on every room_changed (a
// vote, a signature), which read them all again.
void App::LoadRoomNames() {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    api.Get("/rooms/" + core::PercentEncode(s.room.room) + "/members", s.Guard([this, &r](client::ApiResult res) {
        RequestFrames();
        if (!res.error.ok()) return;
        for (const json& m : core::JsonItems(res.body)) {
            std::string key = core::JsonText(m, "member"), name = core::JsonText(m, "name");
            if (!key.empty() && !name.empty() && name.size() <= 200) r.names[key] = name;
        }
    }));
}

void App::AfterRoomRead() {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    if (!s.room.check.ok()) return;  // nothing is sealed, sent or shown as trusted past a broken journal
    core::RoomRole me = s.room.MyRole();
    if (core::RoleMay(me, core::RoomRight::ManagePeople)) LoadRoomInvitations();
    for (const auto& m : s.room.check.members)
        if (!r.names.count(m.first) && m.first != s.room.MyKey()) {
            LoadRoomNames();
            break;
        }
    // The key: opened on first reading; sealed again when members were added (or a removal asks
    // for a new epoch) — by those who hold it.
    bool grew = s.room.check.members.size() > r.synced_members || s.room.check.key_epoch != r.synced_epoch;
    if (core::HoldsRoomKey(me) && !r.syncing && (!s.room.HasKey() || s.room.check.rekey_needed || grew)) {
        r.syncing = true;
        size_t members = s.room.check.members.size();
        std::weak_ptr<int> alive = s.Alive();
        s.room.SyncKeys([this, alive, &r, members](client::ApiError e) {
            if (alive.expired()) return;
            RequestFrames();
            r.syncing = false;
            if (e.ok()) {
                r.synced_members = members;
                r.synced_epoch = session_->room.check.key_epoch;
            } else if (e.code != "no_room_key") {
                r.action_error = e;  // no_room_key: a member waits for theirs (room_changed brings it)
            }
            if (session_->room.HasKey()) LoadRoomMessages();
        });
    } else if (s.room.HasKey()) {
        LoadRoomMessages();
    }
}

std::string RoomsState::MemberName(const client::RoomSession& room, const std::string& key) const {
    if (key == room.MyKey()) return core::Tr("rooms.you");
    auto it = names.find(key);
    if (it != names.end()) return it->second;
    return core::Tr("rooms.member_key", {{"key", key.substr(0, 6)}});
}

void App::LoadRoomMessages(long long announced) {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    std::weak_ptr<int> alive = s.Alive();
    std::string room = s.room.room;
    long long shown = s.room.messages.empty() ? 0 : s.room.messages.front().id;
    auto done = [this, alive, &r, room, shown](client::ApiError e) {
        if (alive.expired()) return;
        RequestFrames();
        Session& cur = *session_;
        if (!e.ok() || cur.room.room != room) return;
        long long newest = cur.room.messages.empty() ? 0 : cur.room.messages.front().id;
        // Others' new messages are said (screen reader, the kiosk's voice), oldest first; a room
        // just opened says nothing (shown == 0: its history is read, not announced).
        if (shown > 0)
            for (auto it = cur.room.messages.rbegin(); it != cur.room.messages.rend(); ++it)
                if (it->id > shown && it->author != cur.room.MyKey() && it->readable)
                    Announce(r.MemberName(cur.room, it->author) + ": " + it->text);
        if (r.tab == 0 || r.seen_message == 0) r.seen_message = newest;
        else {
            int unread = 0;
            for (const auto& m : cur.room.messages)
                if (m.id > r.seen_message) unread++;
            r.unread = unread;
        }
    };
    if (announced > 0) s.room.MessageAnnounced(announced, done);
    else s.room.LoadMessages(done);
}

// Only others' messages move it (one's own are never «new»), and not at once: a second after the
// newest arrived, or when the person leaves the chat (flush) — posted with each message it cost the
// next message's delivery a request's time on a busy server (bench/room_delivery.mjs p50 160 →
// 290 ms when every arrival and every own message posted a marker).
void App::MarkRoomRead(bool flush) {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    long long newest = 0;
    std::string me = s.room.MyKey();
    for (const client::RoomSession::Message& m : s.room.messages)
        if (m.author != me) {
            newest = m.id;
            break;
        }
    if (newest <= r.read_posted) {
        r.read_due = 0;
        return;
    }
    double now = Now();
    if (!flush) {
        if (r.read_due == 0) r.read_due = now + 1.0;
        if (now < r.read_due) {
            WakeAfter((int)((r.read_due - now) * 1000) + 10);
            return;
        }
    }
    r.read_due = 0;
    r.read_posted = newest;
    // A courtesy for the list's «N новых» (on every device of this person): a failure loses nothing.
    // Sent as the person leaves for the list, it races the list's own load: the list reads again.
    api.Post("/rooms/" + core::PercentEncode(s.room.room) + "/read", json{{"message", newest}}, s.Guard([this](client::ApiResult r) {
        if (r.error.ok() && screen_ == core::Screen::Rooms) LoadRooms();
    }));
}

void App::LoadOlderRoomMessages() {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    if (r.loading_older) return;
    r.loading_older = true;
    std::weak_ptr<int> alive = s.Alive();
    s.room.LoadOlderMessages([this, alive, &r](client::ApiError e) {
        if (alive.expired()) return;
        RequestFrames();
        r.loading_older = false;
        if (!e.ok()) r.action_error = e;
    });
}

void App::LoadRoomInvitations() {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    api.Get("/rooms/" + core::PercentEncode(s.room.room) + "/invitations", s.Guard([this, &r](client::ApiResult res) {
        RequestFrames();
        if (res.error.ok()) r.room_invitations = core::JsonItems(res.body);
    }));
}

void App::SendRoomMessage() {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    std::string text = core::forms::TrimSpaces(r.message);
    client::Uploads& up = s.room_files;
    // A file alone is a message too; one still on its way is waited for (Send is disabled).
    if (r.sending || (text.empty() && up.files.empty()) || up.Busy() || !up.AllDone()) return;
    nlohmann::json files = nlohmann::json::array();
    for (const client::Attachment& a : up.files) files.push_back(a.Reference());
    r.sending = true;
    r.action_error = client::ApiError();
    std::weak_ptr<int> alive = s.Alive();
    std::string room = s.room.room;
    s.room.Send(text, files, [this, alive, &r, room](client::ApiError e) {
        if (alive.expired()) return;
        RequestFrames();
        r.sending = false;
        if (!e.ok()) {
            r.action_error = e;  // the text and the files stay
            return;
        }
        r.message.clear();
        if (session_->room.room == room) session_->room_files.Clear();  // they belong to the message now
        LoadRoomMessages(session_->room.last_sent);
    });
}

void App::OpenRoomFilePicker() {
    session_->rooms.file_error = core::Message();
    file_for_ = FileFor::Room;
    if (hooks_.pick_file) hooks_.pick_file(".pdf,.jpg,.jpeg,.png,.docx,.xlsx");
}

void App::OnRoomFilePicked(const std::string& name, const uint8_t* data, size_t size) {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    client::Uploads& up = s.room_files;
    if (r.shown_room.empty() || !s.room.HasKey()) return;
    if ((int)up.files.size() >= client::RoomSession::kMaxFiles) {
        r.file_error = core::MsgN("file.too_many", client::RoomSession::kMaxFiles);
        return;
    }
    std::string safe = client::SafeFileName(name);
    // By content, as a form's file: what a member downloads is what it says it is.
    r.file_error = core::forms::CheckFile({"pdf", "jpeg", "png", "docx", "xlsx"}, kRoomFileMb, safe, data, size);
    if (r.file_error.empty()) up.Add("chat", safe, core::forms::DetectFileType(data, size), data, size);
}

void App::DownloadRoomFile(const client::RoomSession::File& f) {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    if (!r.downloading.empty()) return;
    r.downloading = f.attachment;
    r.action_error = client::ApiError();
    std::weak_ptr<int> alive = s.Alive();
    std::string name = f.name, type = f.type;
    s.room.FetchFile(f, [this, alive, &r, name, type](const std::string& bytes, client::ApiError e) {
        if (alive.expired()) return;
        RequestFrames();
        r.downloading.clear();
        if (!e.ok()) {
            r.action_error = e;
            return;
        }
        if (hooks_.save_file) hooks_.save_file(name, core::forms::FileMimeType(type), bytes);
    });
}

void App::InviteToRoom(const std::string& role) {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    if (r.inviting) return;
    r.invite_error.clear();
    std::string to = core::forms::TrimSpaces(r.invite_to);
    json body = {{"role", role}};
    if (to.find('@') != std::string::npos) body["email"] = to;
    else {
        std::string digits;
        for (char c : to)
            if (c >= '0' && c <= '9') digits += c;
        if (digits.size() == 11 && (digits[0] == '7' || digits[0] == '8')) body["phone"] = "+7" + digits.substr(1);
        else r.invite_error = "rooms.invite_to_invalid";
    }
    if (!r.invite_error.empty()) return;
    r.inviting = true;
    r.action_error = client::ApiError();
    api.Post("/rooms/" + core::PercentEncode(s.room.room) + "/invitations", body, s.Guard([this, &r](client::ApiResult res) {
        RequestFrames();
        r.inviting = false;
        if (!res.error.ok()) {
            r.action_error = res.error;
            return;
        }
        r.invite_to.clear();
        r.notice = "rooms.invited_note";
        LoadRoomInvitations();
    }), client::RequestOptions::Once());
}

void App::AdmitInvitee(const nlohmann::json& invitation) {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    if (r.adding) return;
    const json& who = invitation.contains("invitee") && invitation["invitee"].is_object() ? invitation["invitee"] : json::object();
    core::RoomRole role = core::RoomRoleFromCode(core::JsonText(invitation, "role"));
    r.adding = true;
    r.action_error = client::ApiError();
    std::weak_ptr<int> alive = s.Alive();
    s.room.AddMember(core::JsonText(who, "ed25519"), core::JsonText(who, "x25519"), role, [this, alive, &r](client::ApiError e) {
        if (alive.expired()) return;
        RequestFrames();
        r.adding = false;
        if (!e.ok()) r.action_error = e;
        else {
            r.notice = "rooms.added_note";
            r.synced_members = session_->room.check.members.size();
            r.synced_epoch = session_->room.check.key_epoch;
        }
    });
}

void App::ProposeInRoom(const std::string& rule, int quorum, long long deadline) {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    if (r.proposing) return;
    r.p_errors.clear();
    std::string title = core::forms::TrimSpaces(r.p_title), text = core::forms::TrimSpaces(r.p_text);
    if (title.empty()) r.p_errors["title"] = core::Msg("rooms.p_title_required");
    if (rule == "majority" && (quorum < 1 || quorum > 100)) r.p_errors["quorum"] = core::Msg("rooms.p_quorum_range");
    if (!r.p_errors.empty()) return;
    r.proposing = true;
    r.action_error = client::ApiError();
    std::weak_ptr<int> alive = s.Alive();
    s.room.Propose(title, text, rule, quorum, deadline, [this, alive, &r](client::ApiError e) {
        if (alive.expired()) return;
        RequestFrames();
        r.proposing = false;
        if (!e.ok()) {
            r.action_error = e;
            return;
        }
        r.propose_open = false;
        r.p_title.clear();
        r.p_text.clear();
        r.notice = "rooms.proposed_note";
    });
}

void App::VoteInRoom(const std::string& proposal, const std::string& choice, const std::string& on_behalf) {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    if (!r.voting.empty()) return;  // two clicks, one vote
    r.voting = proposal;
    r.action_error = client::ApiError();
    s.room.Vote(proposal, choice, on_behalf, RoomActionDone(&r.voting));
}

std::function<void(client::ApiError)> App::RoomActionDone(std::string* busy) {
    std::weak_ptr<int> alive = session_->Alive();
    RoomsState* r = &session_->rooms;
    return [this, alive, r, busy](client::ApiError e) {
        if (alive.expired()) return;
        RequestFrames();
        busy->clear();
        if (!e.ok()) r->action_error = e;
    };
}

void App::ChangeRoomRole(const std::string& member, const std::string& role) {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    if (!r.role_changing.empty()) return;
    r.role_changing = member;
    r.action_error = client::ApiError();
    s.room.Append("role", {{"member", member}, {"role", role}}, RoomActionDone(&r.role_changing));
}

void App::DelegateVote(const std::string& representative, long long until) {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    if (!r.delegating.empty() || representative.empty()) return;
    r.delegating = representative;
    r.action_error = client::ApiError();
    long long now = (long long)std::time(nullptr);
    // Withdrawn by a later delegation to the same representative that ends now (docs/rooms.md).
    nlohmann::json body = {{"to", representative}, {"vote", until > now}, {"until", until > now ? until : now}};
    s.room.Append("delegated", std::move(body), RoomActionDone(&r.delegating));
}

// The proposals as this device counts them: again when the verified journal grew, and at the
// next open deadline (a proposal closes at that instant on every screen, not at the next event).
void App::CountRoomProposals() {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    long long now = (long long)std::time(nullptr);
    if (r.counted_seq == s.room.check.head.seq && (r.recount_at == 0 || now < r.recount_at)) return;
    r.proposals = client::ProposalsFromJournal(s.room.entries, s.room.check, now);
    r.delegations = client::DelegationsFromJournal(s.room.entries, s.room.check);
    r.counted_seq = s.room.check.head.seq;
    r.recount_at = 0;
    for (const client::ProposalState& p : r.proposals)
        if (p.tally.outcome == core::Outcome::Open && !p.withdrawn && p.rules.deadline > now &&
            (r.recount_at == 0 || p.rules.deadline < r.recount_at))
            r.recount_at = p.rules.deadline;
    for (const core::Delegation& d : r.delegations)  // a delegation's end changes what is offered
        if (d.vote && d.withdrawn_at == 0 && d.until > now && (r.recount_at == 0 || d.until < r.recount_at)) r.recount_at = d.until;
}

void App::CountRoomDocuments() {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    if (r.documents_seq == s.room.check.head.seq) return;
    r.documents = client::DocumentsFromJournal(s.room.entries, s.room.check);
    r.documents_seq = s.room.check.head.seq;
}

void App::SaveRoomDocument() {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    if (r.doc_saving) return;
    r.d_error.clear();
    std::string title = core::forms::TrimSpaces(r.d_title);
    if (title.empty()) r.d_error = "rooms.doc_title_required";
    else if (r.d_text.size() > 8000) r.d_error = "rooms.doc_too_long";
    if (!r.d_error.empty()) return;
    r.doc_saving = true;
    r.action_error = client::ApiError();
    std::weak_ptr<int> alive = s.Alive();
    s.room.SaveDocument(r.doc_id, r.doc_version, title, r.d_text, [this, alive, &r](client::ApiError e) {
        if (alive.expired()) return;
        RequestFrames();
        r.doc_saving = false;
        if (!e.ok()) {
            r.action_error = e;  // what was typed stays
            return;
        }
        r.doc_open = false;
        r.d_title.clear();
        r.d_text.clear();
        r.notice = "rooms.doc_saved_note";
    });
}

void App::RequestRoomSignatures(const client::RoomDocument& d) {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    if (!r.doc_busy.empty() || d.versions.empty()) return;
    // Everyone who may sign now signs: the members with the right to vote and sign.
    std::vector<std::string> signers;
    for (const auto& [key, m] : s.room.check.members)
        if (core::RoleMay(m.role, core::RoomRight::VoteSign) && !core::VotesOnlyOnBehalf(m.role)) signers.push_back(key);
    r.doc_busy = d.id;
    r.action_error = client::ApiError();
    std::weak_ptr<int> alive = s.Alive();
    const client::DocumentVersion& v = d.versions.back();
    static const int kSignDays[] = {1, 3, 7, 14, 30};
    long long sign_by = (long long)std::time(nullptr) + kSignDays[std::clamp(r.sign_term, 0, 4)] * 86400LL;
    s.room.RequestSignatures(d.id, v.version, v.hash, signers, "", sign_by, [this, alive, &r](client::ApiError e) {
        if (alive.expired()) return;
        RequestFrames();
        r.doc_busy.clear();
        if (!e.ok()) r.action_error = e;
        else r.notice = "rooms.sign_requested_note";
    });
}

void App::SignRoomDocument(const client::RoomDocument& d) {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    if (!r.doc_busy.empty() || !d.RequestIsCurrent()) return;
    r.doc_busy = d.id;
    r.action_error = client::ApiError();
    std::weak_ptr<int> alive = s.Alive();
    s.room.SignDocument(d.id, d.request.version, d.request.hash, [this, alive, &r](client::ApiError e) {
        if (alive.expired()) return;
        RequestFrames();
        r.doc_busy.clear();
        if (!e.ok()) r.action_error = e;
        else r.notice = "rooms.signed_note";
    });
}

// The agency's key comes with the form (GET /forms/{code}), as for any application; the words are
// the exact ones every signature covers.
void App::SubmitJointApplication(const client::RoomDocument& d) {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    if (!r.doc_busy.empty() || !d.complete || r.submit_form.empty()) return;
    const client::DocumentVersion& v = d.versions.back();
    if (v.seq < 0 || v.seq >= (long long)s.room.entries.size()) return;
    client::RoomSession::Words w = s.room.DocumentWords(s.room.entries[(size_t)v.seq]);
    if (!w.readable) return;
    r.doc_busy = d.id;
    r.action_error = client::ApiError();
    std::string code = r.submit_form, id = d.id, hash = v.hash;
    long long version = v.version;
    std::map<std::string, std::string> signatures = d.signatures;
    api.Get("/forms/" + core::PercentEncode(code), s.Guard([this, &r, code, id, hash, version, signatures, w](client::ApiResult res) {
        RequestFrames();
        std::vector<uint8_t> pk;
        if (!res.error.ok() || !crypto::Base64Decode(core::JsonText(res.body, "agency_key"), &pk) || pk.size() != 32) {
            r.doc_busy.clear();
            r.action_error = res.error.ok() ? client::LocalError("no_agency_key") : res.error;
            return;
        }
        std::weak_ptr<int> alive = session_->Alive();
        session_->room.SubmitJoint(id, version, hash, w.plain, signatures, code, pk, [this, alive, &r](const std::string& number, client::ApiError e) {
            if (alive.expired()) return;
            RequestFrames();
            r.doc_busy.clear();
            if (!e.ok()) {
                r.action_error = e;
                return;
            }
            r.submitted_number = number;
            r.notice = "rooms.submitted_note";
        });
    }));
}

// A member removed: the «removed» entry, then — before anyone writes again — a new room key for
// the next epoch, sealed to those who remain (SyncKeys), so the removed member reads nothing new.
void App::RemoveRoomMember() {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    if (r.removing || r.remove_member.empty()) return;
    r.removing = true;
    r.action_error = client::ApiError();
    std::weak_ptr<int> alive = s.Alive();
    s.room.Append("removed", {{"member", r.remove_member}}, [this, alive, &r](client::ApiError e) {
        if (alive.expired()) return;
        RequestFrames();
        if (!e.ok()) {
            r.removing = false;
            r.action_error = e;
            return;
        }
        if (r.remove_member == session_->room.MyKey()) {
            // Left: the members who stay make the new key the next time one of them opens the room.
            r.removing = r.remove_open = false;
            r.remove_member.clear();
            r.notice = "rooms.left_note";
            session_->room.Stop();
            r.started = false;
            r.shown_room.clear();
            LoadRooms();
            Navigate(core::Screen::Rooms);
            return;
        }
        r.syncing = true;  // one new key: the read that room_changed starts must not make a second
        session_->room.Refresh([this, alive, &r]() {
            if (alive.expired()) return;
            session_->room.SyncKeys([this, alive, &r](client::ApiError k) {
                if (alive.expired()) return;
                RequestFrames();
                r.syncing = false;
                r.removing = false;
                r.remove_open = false;
                r.remove_member.clear();
                if (!k.ok()) r.action_error = k;
                else {
                    r.notice = "rooms.removed_note";
                    r.synced_members = session_->room.check.members.size();
                    r.synced_epoch = session_->room.check.key_epoch;
                }
            });
        });
    });
}

void App::WithdrawProposal(const std::string& proposal) {
    Session& s = *session_;
    RoomsState& r = s.rooms;
    if (!r.withdrawing.empty()) return;
    r.withdrawing = proposal;
    r.action_error = client::ApiError();
    s.room.Append("withdrawn", {{"proposal", proposal}}, RoomActionDone(&r.withdrawing));
}

}  // namespace ui
