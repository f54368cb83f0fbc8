// One room of «Совместные решения» (SPEC §7, docs/rooms.md): the discussion, the proposals with
// their votes, the people and the journal — all of it as this device verified and decrypted it
// (client::RoomSession). A journal that fails its check is said at the top, in words, with the
// entry where it broke; nothing after that entry is shown as trusted, and nothing is offered that
// would write on top of it. What a role may not do is not offered (core/room_rights.h); the
// server refuses it anyway.
#include <algorithm>
#include <set>
#include <ctime>

#include "core/dates.h"
#include "core/forms/file_signature.h"
#include "core/json_read.h"
#include "crypto/room_keys.h"
#include "imgui.h"
#include "ui/app.h"
#include "ui/form_fields.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

using nlohmann::json;

static const char* const kInviteRoles[] = {"admin", "representative", "participant", "observer"};
// The deadlines offered (SPEC §7: 1 hour to 30 days). The shortest gets a minute more and the
// longest a minute less, so the entry's own signing time — and a re-signing after someone else's
// entry came first — stays inside the allowed range.
static const long long kDeadlines[] = {3600 + 60, 86400, 3 * 86400, 7 * 86400, 14 * 86400, 30 * 86400 - 60};
static const char* const kDeadlineKeys[] = {"rooms.d_hour", "rooms.d_day", "rooms.d_3days", "rooms.d_week", "rooms.d_2weeks", "rooms.d_month"};
static const char* const kRules[] = {"unanimous", "majority", "qualified"};

static long long NowSeconds() { return (long long)std::time(nullptr); }

static std::string RoleLabel(const std::string& code) { return core::Tr(("rooms.role." + code).c_str()); }

static std::string Name(const RoomsState& r, const client::RoomSession& room, const std::string& key) { return r.MemberName(room, key); }

static const char* ProblemKey(crypto::JournalProblem p) {
    switch (p) {
        case crypto::JournalProblem::Malformed: return "rooms.problem.malformed";
        case crypto::JournalProblem::Gap: return "rooms.problem.gap";
        case crypto::JournalProblem::BrokenLink: return "rooms.problem.broken_link";
        case crypto::JournalProblem::BadSignature: return "rooms.problem.bad_signature";
        case crypto::JournalProblem::NotAMember: return "rooms.problem.not_a_member";
        case crypto::JournalProblem::NotEntitled: return "rooms.problem.not_entitled";
        case crypto::JournalProblem::Rollback: return "rooms.problem.rollback";
        case crypto::JournalProblem::Fork: return "rooms.problem.fork";
        case crypto::JournalProblem::None: break;
    }
    return "rooms.problem.malformed";
}

// The room's title, from its verified first entry.
static std::string Title(const client::RoomSession& room) {
    if (room.entries.empty() || room.check.head.seq < 0) return core::Tr("rooms.detail");
    std::string t = core::JsonText(room.entries.front().body, "title");
    return t.empty() ? std::string(core::Tr("rooms.detail")) : t;
}

static void DrawVerification(App& app, const client::RoomSession& room) {
    if (!room.error.ok() && Alert(AlertKind::Error, room.error.Text().c_str(), core::Tr("common.retry"))) app.LoadRoom();
    if (!room.check.ok()) {
        std::string text = core::Tr("rooms.journal_broken", {{"problem", core::Tr(ProblemKey(room.check.problem))},
                                                             {"seq", core::FormatNumber(room.check.at_seq + 1)}});
        Alert(AlertKind::Error, text.c_str());
        return;
    }
    if (room.loading && room.check.head.seq < 0) {
        Paragraph(core::Tr("rooms.verifying"), true);
        return;
    }
    std::string ok = core::TrN("rooms.journal_ok", room.check.head.seq + 1);
    ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kSuccess));
    ImGui::TextWrapped("%s  %s", ICON_SHIELD, ok.c_str());
    ImGui::PopStyleColor();
    A11yCollector::AddStatic(core::A11yRole::Status, ok);
}

// --- the discussion ----------------------------------------------------------------------------
static void DrawChat(App& app, RoomsState& r, client::RoomSession& room) {
    core::RoomRole me = room.MyRole();
    if (!room.HasKey()) {
        // No key is opened or given out over a journal that failed its check.
        const char* why = !room.check.ok() ? "rooms.key_blocked" : r.syncing ? "rooms.key_opening" : "rooms.key_waiting";
        Paragraph(core::Tr(why), true);
        A11yCollector::AddStatic(core::A11yRole::Text, core::Tr(why));
        return;
    }
    if (core::RoleMay(me, core::RoomRight::View)) {
        TextFieldOptions o;
        o.max_bytes = 4000;  // the server takes 32 KB of text; a chat message is not a document
        o.multiline_height = 80;
        o.hint = core::Tr("rooms.message_hint");
        TextField(core::Tr("rooms.message_label"), "##message", &r.message, o);
        // Files: encrypted on the device with a key of their own, which travels inside the message.
        client::Uploads& up = app.session().room_files;
        if (int removed = DrawAttachmentList(up, "chat"); removed >= 0) up.Remove((size_t)removed);
        FieldError(r.file_error.Text());
        bool empty = core::forms::TrimSpaces(r.message).empty() && up.files.empty();
        ImGui::BeginDisabled(r.sending || empty || up.Busy() || !up.AllDone());
        if (PrimaryButton((std::string(core::Tr(r.sending ? "rooms.sending" : "rooms.send")) + "##send").c_str())) app.SendRoomMessage();
        ImGui::EndDisabled();
        std::string attach = std::string(ICON_PAPERCLIP "  ") + core::Tr("rooms.attach");
        ImGui::SameLine();  // beside «Отправить» when it fits (not at 200 % on a phone)
        if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(attach.c_str()).x + ImGui::GetStyle().FramePadding.x * 2 + 40) ImGui::NewLine();
        ImGui::BeginDisabled(r.sending || (int)up.files.size() >= client::RoomSession::kMaxFiles);
        A11yCollector::SetNextName(core::Tr("rooms.attach"));
        if (SecondaryButton((attach + "##attach").c_str())) app.OpenRoomFilePicker();
        ImGui::EndDisabled();
        if (up.Busy()) Paragraph(core::Tr("rooms.wait_files"), true);
        ImGui::Dummy(ImVec2(0, 8));
    }
    app.MarkRoomRead();
    if (room.messages.empty()) {
        Paragraph(core::Tr("rooms.no_messages"), true);
        A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("rooms.no_messages"));
        return;
    }
    // Only what is on screen is drawn: a message's height is kept once drawn (for this width,
    // language and text size), and a run of messages out of view becomes one empty step — a
    // chat of 5,000 messages costs a lookup per message, not a layout (bench/chat_scroll.mjs).
    const Fonts& f = WidgetFonts();
    float width = ImGui::GetContentRegionAvail().x;
    int lang = (int)app.Language();
    if (width != r.msg_h_width || app.TextScale() != r.msg_h_scale || lang != r.msg_h_lang) {
        r.msg_h.clear();
        r.msg_h_width = width;
        r.msg_h_scale = app.TextScale();
        r.msg_h_lang = lang;
    }
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    float skipped = 0;
    for (const client::RoomSession::Message& m : room.messages) {  // newest first, under the field
        auto known = r.msg_h.find(m.id);
        if (known != r.msg_h.end()) {
            ImVec2 at = ImGui::GetCursorScreenPos();
            at.y += skipped;
            if (!ImGui::IsRectVisible(at, ImVec2(at.x + width, at.y + known->second))) {
                skipped += known->second;
                continue;
            }
        }
        if (skipped > 0) {
            ImGui::Dummy(ImVec2(0, skipped - spacing));
            skipped = 0;
        }
        float top = ImGui::GetCursorPosY();
        ImGui::PushID((int)m.id);
        BeginFlatCard();
        std::string who = Name(r, room, m.author), when = core::FormatTimestamp((long long)m.at);
        ImGui::PushFont(f.bold, size::kBody);
        ImGui::TextUnformatted(who.c_str());
        ImGui::PopFont();
        ImGui::SameLine(0, 10);
        ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kMuted));
        ImGui::TextUnformatted(when.c_str());
        ImGui::PopStyleColor();
        // Came after what this person had read when they opened the room (on any device).
        bool fresh = r.read_at_open >= 0 && m.id > r.read_at_open && m.author != room.MyKey();
        if (fresh) {
            ImGui::SameLine(0, 10);
            Badge(core::Tr("rooms.new_mark"), core::StatusTone::Progress, core::Tr("rooms.new_mark"));
        }
        std::string text = m.readable ? m.text : std::string(core::Tr("rooms.message_unreadable"));
        PushFlatCardWrap();
        if (!m.readable) ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kMuted));
        if (!text.empty()) ImGui::TextUnformatted(text.c_str());
        if (!m.readable) ImGui::PopStyleColor();
        ImGui::PopTextWrapPos();
        for (size_t i = 0; i < m.files.size(); i++) {
            const client::RoomSession::File& file = m.files[i];
            ImGui::PushID((int)i);
            std::string line = std::string(ICON_PAPERCLIP " ") + file.name + " · " + core::forms::FileTypeName(file.type) + " · " +
                               SizeText((size_t)std::max(0LL, file.size));
            ImGui::TextWrapped("%s", line.c_str());
            A11yCollector::AddStatic(core::A11yRole::Text, line);
            ImGui::SameLine(0, 12);
            bool busy = r.downloading == file.attachment;
            ImGui::BeginDisabled(!r.downloading.empty());
            A11yCollector::SetNextName(core::Tr("rooms.download_named", {{"name", file.name}}));
            if (LinkButton((std::string(core::Tr(busy ? "rooms.downloading" : "rooms.download")) + "##dl").c_str())) app.DownloadRoomFile(file);
            ImGui::EndDisabled();
            ImGui::PopID();
        }
        A11yCollector::AddStatic(core::A11yRole::Text, (fresh ? std::string(core::Tr("rooms.new_mark")) + ". " : std::string()) + who + ", " + when + ": " + text);
        EndFlatCard();
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, 4));
        r.msg_h[m.id] = ImGui::GetCursorPosY() - top;
    }
    if (skipped > 0) ImGui::Dummy(ImVec2(0, skipped - spacing));
    if (room.more_messages) {
        ImGui::BeginDisabled(r.loading_older);
        bool asked = SecondaryButton((std::string(core::Tr(r.loading_older ? "rooms.loading_older" : "rooms.older")) + "##older").c_str());
        // Scrolled down to the end: the earlier page comes by itself, as in «Уведомления».
        if (asked || (!r.loading_older && ImGui::IsItemVisible())) app.LoadOlderRoomMessages();
        ImGui::EndDisabled();
    } else {
        Paragraph(core::Tr("rooms.chat_start"), true);  // the whole conversation is here
        A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("rooms.chat_start"));
    }
}

// --- proposals -----------------------------------------------------------------------------------
static void DrawProposeForm(App& app, RoomsState& r) {
    BeginCard("##propose");
    Heading(core::Tr("rooms.propose_title"), 2);
    TextFieldOptions t;
    t.required = true;
    t.max_bytes = 300;
    std::string te = ErrorFor(r.p_errors, "title");
    t.error = te.empty() ? nullptr : te.c_str();
    TextField(core::Tr("rooms.p_title"), "##p-title", &r.p_title, t);
    TextFieldOptions d;
    d.max_bytes = 4000;  // inside a signed journal entry of at most 16 KB
    d.multiline_height = 100;
    TextField(core::Tr("rooms.p_text"), "##p-text", &r.p_text, d);
    Paragraph(core::Tr("rooms.p_rule"));
    for (int i = 0; i < 3; i++)
        if (RadioOption(core::Tr((std::string("rooms.rule.") + kRules[i]).c_str()), r.p_rule == i)) r.p_rule = i;
    if (r.p_rule == 1) {
        std::string q = std::to_string(r.p_quorum);
        TextFieldOptions qo;
        qo.max_bytes = 3;
        qo.width = 120;
        qo.flags = ImGuiInputTextFlags_CharsDecimal;
        qo.mode = core::forms::InputMode::Digits;
        std::string qe = ErrorFor(r.p_errors, "quorum");
        qo.error = qe.empty() ? nullptr : qe.c_str();
        if (TextField(core::Tr("rooms.p_quorum"), "##p-quorum", &q, qo)) r.p_quorum = q.empty() ? 0 : std::atoi(q.c_str());
    }
    ImGui::Dummy(ImVec2(0, 2));
    int di = std::clamp(r.p_deadline, 0, 5);
    if (BeginSelect("##p-deadline", core::Tr("rooms.p_deadline"), core::Tr(kDeadlineKeys[di]), 260.0f)) {
        for (int i = 0; i < 6; i++) {
            A11yCollector::SetNextRole(core::A11yRole::ListItem);
            if (ImGui::Selectable(core::Tr(kDeadlineKeys[i]), di == i)) r.p_deadline = i;
        }
        EndSelect();
    }
    ImGui::Dummy(ImVec2(0, 4));
    Paragraph(core::Tr("rooms.p_note"), true);
    ImGui::BeginDisabled(r.proposing);
    if (PrimaryButton((std::string(core::Tr(r.proposing ? "rooms.proposing" : "rooms.propose_submit")) + "##propose-go").c_str()))
        app.ProposeInRoom(kRules[std::clamp(r.p_rule, 0, 2)], r.p_quorum, NowSeconds() + kDeadlines[di]);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (SecondaryButton((std::string(core::Tr("rooms.cancel")) + "##propose-cancel").c_str())) r.propose_open = false;
    EndCard();
    ImGui::Dummy(ImVec2(0, 8));
}

static void OutcomeBadge(const client::ProposalState& p) {
    const char* key = p.withdrawn ? "rooms.outcome.withdrawn"
                      : p.tally.outcome == core::Outcome::Accepted ? "rooms.outcome.accepted"
                      : p.tally.outcome == core::Outcome::Rejected ? "rooms.outcome.rejected"
                                                                    : "rooms.outcome.open";
    core::StatusTone tone = p.withdrawn ? core::StatusTone::Neutral
                            : p.tally.outcome == core::Outcome::Accepted ? core::StatusTone::Success
                            : p.tally.outcome == core::Outcome::Rejected ? core::StatusTone::Failure
                                                                          : core::StatusTone::Progress;
    Badge(core::Tr(key), tone, core::Tr(key));
}

static void DrawProposal(App& app, RoomsState& r, client::RoomSession& room, const client::ProposalState& p) {
    const crypto::JournalEntry* entry = p.seq >= 0 && p.seq < (long long)room.entries.size() ? &room.entries[(size_t)p.seq] : nullptr;
    client::RoomSession::Words w = entry ? room.ProposalWords(*entry) : client::RoomSession::Words();
    ImGui::PushID(p.id.c_str());
    BeginFlatCard();
    std::string title = w.readable ? w.title : std::string(core::Tr("rooms.p_unreadable"));
    Heading(title.c_str(), 3);
    OutcomeBadge(p);
    if (!w.text.empty()) {
        PushFlatCardWrap();
        ImGui::TextUnformatted(w.text.c_str());
        ImGui::PopTextWrapPos();
        A11yCollector::AddStatic(core::A11yRole::Text, w.text);
    }
    std::string rule = p.rules.rule == core::DecisionRule::Majority
                           ? core::Tr("rooms.rule_line.majority", {{"quorum", std::to_string(p.rules.quorum_percent)}})
                           : std::string(core::Tr(p.rules.rule == core::DecisionRule::Unanimous ? "rooms.rule_line.unanimous" : "rooms.rule_line.qualified"));
    std::string meta = core::Tr("rooms.p_meta", {{"who", Name(r, room, p.author)}, {"rule", rule},
                                                 {"deadline", core::FormatTimestamp(p.rules.deadline)}});
    Paragraph(meta.c_str(), true);
    A11yCollector::AddStatic(core::A11yRole::Text, meta);
    std::string tally = core::Tr("rooms.tally", {{"for", std::to_string(p.tally.votes_for)}, {"against", std::to_string(p.tally.against)},
                                                 {"abstain", std::to_string(p.tally.abstain)}, {"voters", std::to_string(p.tally.voters)}});
    ImGui::PushFont(WidgetFonts().bold, size::kBody);
    ImGui::TextWrapped("%s", tally.c_str());
    ImGui::PopFont();
    A11yCollector::AddStatic(core::A11yRole::Text, tally);
    bool open = p.tally.outcome == core::Outcome::Open && !p.withdrawn;
    if (open && !p.tally.not_voted.empty()) {
        std::string names;
        for (const std::string& k : p.tally.not_voted) names += (names.empty() ? "" : ", ") + Name(r, room, k);
        std::string waiting = core::Tr("rooms.waiting_for", {{"names", names}});
        Paragraph(waiting.c_str(), true);
        A11yCollector::AddStatic(core::A11yRole::Text, waiting);
    }
    if (!open && !p.withdrawn) {
        std::string why = core::Tr(p.tally.early ? "rooms.closed_early" : "rooms.closed_deadline");
        Paragraph(why.c_str(), true);
        A11yCollector::AddStatic(core::A11yRole::Text, why);
    }
    // This person's vote: cast, or the buttons while it is open and they are a voter.
    std::string mine = room.MyKey();
    const core::Tally::Counted* cast = nullptr;
    for (const auto& c : p.tally.counted)
        if (c.voter == mine) cast = &c;
    bool voter = std::find(p.rules.voters.begin(), p.rules.voters.end(), mine) != p.rules.voters.end();
    if (cast) {
        std::string choice = core::Tr((std::string("rooms.choice.") + core::VoteChoiceCode(cast->choice)).c_str());
        std::string yours = cast->author == mine ? core::Tr("rooms.your_vote", {{"choice", choice}})
                                                 : core::Tr("rooms.your_vote_by", {{"choice", choice}, {"who", Name(r, room, cast->author)}});
        ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kSuccess));
        ImGui::TextWrapped("%s  %s", ICON_CHECK, yours.c_str());
        ImGui::PopStyleColor();
        A11yCollector::AddStatic(core::A11yRole::Text, yours);
    } else if (open && voter && room.check.ok() && core::RoleMay(room.MyRole(), core::RoomRight::VoteSign)) {
        ImGui::Dummy(ImVec2(0, 2));
        ImGui::BeginDisabled(!r.voting.empty());
        static const char* const kChoices[] = {"for", "against", "abstain"};
        for (int i = 0; i < 3; i++) {
            if (i) ImGui::SameLine();
            std::string label = std::string(core::Tr((std::string("rooms.vote.") + kChoices[i]).c_str())) + "##" + kChoices[i];
            A11yCollector::SetNextName(core::Tr((std::string("rooms.vote_named.") + kChoices[i]).c_str(), {{"title", title}}));
            if (i == 0 ? PrimaryButton(label.c_str()) : SecondaryButton(label.c_str())) app.VoteInRoom(p.id, kChoices[i]);
        }
        ImGui::EndDisabled();
    }
    // A representative votes for each person whose delegation is in force now (the count checks
    // it again at the vote's time, as does the server).
    if (room.check.ok() && core::VotesOnlyOnBehalf(room.MyRole())) {
        long long now = NowSeconds();
        for (const std::string& person : p.rules.voters) {
            const core::Tally::Counted* theirs = nullptr;
            for (const auto& c : p.tally.counted)
                if (c.voter == person && c.author == mine) theirs = &c;
            if (!theirs && !(open && client::DelegationInForce(r.delegations, person, mine, now))) continue;
            std::string name = Name(r, room, person);
            ImGui::PushID(person.c_str());
            if (theirs) {
                std::string line = core::Tr("rooms.vote_for_cast", {{"name", name},
                                                                    {"choice", core::Tr((std::string("rooms.choice.") + core::VoteChoiceCode(theirs->choice)).c_str())}});
                Paragraph(line.c_str(), true);
                A11yCollector::AddStatic(core::A11yRole::Text, line);
            } else {
                std::string line = core::Tr("rooms.vote_for", {{"name", name}});
                ImGui::TextWrapped("%s", line.c_str());
                A11yCollector::AddStatic(core::A11yRole::Text, line);
                ImGui::BeginDisabled(!r.voting.empty());
                static const char* const kChoices[] = {"for", "against", "abstain"};
                for (int i = 0; i < 3; i++) {
                    if (i) ImGui::SameLine();
                    std::string label = std::string(core::Tr((std::string("rooms.vote.") + kChoices[i]).c_str())) + "##" + kChoices[i];
                    A11yCollector::SetNextName(core::Tr((std::string("rooms.vote_named_for.") + kChoices[i]).c_str(), {{"title", title}, {"name", name}}));
                    if (i == 0 ? PrimaryButton(label.c_str()) : SecondaryButton(label.c_str())) app.VoteInRoom(p.id, kChoices[i], person);
                }
                ImGui::EndDisabled();
            }
            ImGui::PopID();
        }
    }
    // Its author or a manager may withdraw it while it is open.
    if (open && room.check.ok() && (p.author == mine || core::RoleMay(room.MyRole(), core::RoomRight::ManagePeople))) {
        ImGui::BeginDisabled(!r.withdrawing.empty());
        A11yCollector::SetNextName(core::Tr("rooms.withdraw_named", {{"title", title}}));
        if (LinkButton((std::string(core::Tr("rooms.withdraw")) + "##withdraw").c_str())) app.WithdrawProposal(p.id);
        ImGui::EndDisabled();
    }
    EndFlatCard();
    ImGui::PopID();
    ImGui::Dummy(ImVec2(0, 8));
}

static void DrawProposals(App& app, RoomsState& r, client::RoomSession& room) {
    app.CountRoomProposals();
    if (r.recount_at > 0) app.WakeAfter((int)std::min<long long>(3600000, std::max<long long>(200, (r.recount_at - NowSeconds()) * 1000 + 200)));
    bool may = room.check.ok() && room.HasKey() && core::RoleMay(room.MyRole(), core::RoomRight::Propose);
    if (may && !r.propose_open && PrimaryButton((std::string(ICON_PLUS "  ") + core::Tr("rooms.propose") + "##propose-open").c_str()))
        r.propose_open = true;
    ImGui::Dummy(ImVec2(0, 4));
    if (may && r.propose_open) DrawProposeForm(app, r);
    if (r.proposals.empty()) {
        Paragraph(core::Tr("rooms.no_proposals"), true);
        A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("rooms.no_proposals"));
        return;
    }
    for (size_t i = r.proposals.size(); i-- > 0;) DrawProposal(app, r, room, r.proposals[i]);  // newest first
}

// --- documents -----------------------------------------------------------------------------------
static void DrawDocumentForm(App& app, RoomsState& r) {
    BeginCard("##document");
    Heading(core::Tr(r.doc_id.empty() ? "rooms.doc_new_title" : "rooms.doc_version_title"), 2);
    TextFieldOptions t;
    t.required = true;
    t.max_bytes = 300;
    std::string te = r.d_error == "rooms.doc_title_required" ? core::Tr(r.d_error.c_str()) : std::string();
    t.error = te.empty() ? nullptr : te.c_str();
    TextField(core::Tr("rooms.doc_title"), "##d-title", &r.d_title, t);
    TextFieldOptions d;
    d.max_bytes = 8000;  // inside one signed journal entry (16 KB with its encryption and base64)
    d.multiline_height = 180;
    std::string de = r.d_error == "rooms.doc_too_long" ? core::Tr(r.d_error.c_str()) : std::string();
    d.error = de.empty() ? nullptr : de.c_str();
    TextField(core::Tr("rooms.doc_text"), "##d-text", &r.d_text, d);
    Paragraph(core::Tr("rooms.doc_note"), true);
    ImGui::BeginDisabled(r.doc_saving);
    if (PrimaryButton((std::string(core::Tr(r.doc_saving ? "rooms.doc_saving" : "rooms.doc_save")) + "##doc-save").c_str())) app.SaveRoomDocument();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (SecondaryButton((std::string(core::Tr("rooms.cancel")) + "##doc-cancel").c_str())) r.doc_open = false;
    EndCard();
    ImGui::Dummy(ImVec2(0, 8));
}

static std::string Names(const RoomsState& r, const client::RoomSession& room, const std::vector<std::string>& keys) {
    std::string out;
    for (const std::string& k : keys) out += (out.empty() ? "" : ", ") + Name(r, room, k);
    return out;
}

static void DrawDocument(App& app, RoomsState& r, client::RoomSession& room, const client::RoomDocument& d) {
    const client::DocumentVersion& v = d.versions.back();
    const crypto::JournalEntry* entry = v.seq >= 0 && v.seq < (long long)room.entries.size() ? &room.entries[(size_t)v.seq] : nullptr;
    client::RoomSession::Words w = entry ? room.DocumentWords(*entry) : client::RoomSession::Words();
    ImGui::PushID(d.id.c_str());
    BeginFlatCard();
    std::string title = w.readable ? w.title : std::string(core::Tr("rooms.doc_unreadable"));
    Heading(title.c_str(), 3);
    if (d.complete) Badge(core::Tr("rooms.doc_state.signed"), core::StatusTone::Success, core::Tr("rooms.doc_state.signed"));
    else if (d.RequestIsCurrent()) Badge(core::Tr("rooms.doc_state.signing"), core::StatusTone::Progress, core::Tr("rooms.doc_state.signing"));
    else Badge(core::Tr("rooms.doc_state.draft"), core::StatusTone::Neutral, core::Tr("rooms.doc_state.draft"));
    std::string meta = core::Tr("rooms.doc_meta", {{"version", std::to_string(v.version)}, {"who", Name(r, room, v.author)},
                                                   {"date", core::FormatTimestamp(v.at)}});
    Paragraph(meta.c_str(), true);
    A11yCollector::AddStatic(core::A11yRole::Text, meta);
    if (!w.text.empty()) {
        PushFlatCardWrap();
        ImGui::TextUnformatted(w.text.c_str());
        ImGui::PopTextWrapPos();
        A11yCollector::AddStatic(core::A11yRole::Text, w.text);
    }
    std::string mine = room.MyKey();
    core::RoomRole me = room.MyRole();
    bool busy = !r.doc_busy.empty();
    if (d.RequestIsCurrent()) {
        std::vector<std::string> signed_by;
        for (const auto& [k, sig] : d.signatures) signed_by.push_back(k);
        if (!signed_by.empty()) {
            std::string line = core::Tr("rooms.signed_by", {{"names", Names(r, room, signed_by)}});
            ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kSuccess));
            ImGui::TextWrapped("%s  %s", ICON_CHECK, line.c_str());
            ImGui::PopStyleColor();
            A11yCollector::AddStatic(core::A11yRole::Text, line);
        }
        if (!d.not_signed.empty()) {
            std::string line = core::Tr("rooms.waiting_signatures", {{"names", Names(r, room, d.not_signed)}});
            Paragraph(line.c_str(), true);
            A11yCollector::AddStatic(core::A11yRole::Text, line);
            if (d.request.sign_by > 0) {
                bool late = d.request.sign_by <= NowSeconds();
                std::string by = core::Tr(late ? "rooms.sign_by_passed" : "rooms.sign_by", {{"date", core::FormatTimestamp(d.request.sign_by)}});
                ImGui::PushStyleColor(ImGuiCol_Text, color::V(late ? color::kError : color::kText));
                ImGui::TextWrapped("%s", by.c_str());
                ImGui::PopStyleColor();
                A11yCollector::AddStatic(core::A11yRole::Text, by);
            }
        }
        bool asked = std::find(d.not_signed.begin(), d.not_signed.end(), mine) != d.not_signed.end();
        if (asked && w.readable && room.check.ok() && core::RoleMay(me, core::RoomRight::VoteSign)) {
            Paragraph(core::Tr("rooms.sign_note"), true);
            ImGui::BeginDisabled(busy);
            A11yCollector::SetNextName(core::Tr("rooms.sign_named", {{"title", title}}));
            if (PrimaryButton((std::string(core::Tr("rooms.sign")) + "##sign").c_str())) app.SignRoomDocument(d);
            ImGui::EndDisabled();
        }
    } else if (d.request.seq >= 0) {
        Paragraph(core::Tr("rooms.request_stale", {{"version", std::to_string(d.request.version)}}).c_str(), true);
    }
    bool may_edit = room.check.ok() && room.HasKey() && core::RoleMay(me, core::RoomRight::EditDocuments);
    const std::string& submitted = d.submitted;
    if (!submitted.empty()) {
        std::string line = core::Tr("rooms.submitted_line", {{"number", submitted}});
        ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kSuccess));
        ImGui::TextWrapped("%s  %s", ICON_CHECK, line.c_str());
        ImGui::PopStyleColor();
        A11yCollector::AddStatic(core::A11yRole::Text, line);
    } else if (may_edit && d.complete && w.readable) {
        // A signed document goes to an agency as a joint application: every signer is an applicant.
        ImGui::Dummy(ImVec2(0, 2));
        Paragraph(core::Tr("rooms.submit_note"), true);
        const core::Catalog& cat = app.catalog.catalog;
        std::string preview = core::Tr("rooms.submit_choose");
        for (const core::Service& svc : cat.services)
            if (svc.has_form && svc.form_code == r.submit_form) preview = svc.name;
        if (BeginSelect("##submit-form", core::Tr("rooms.submit_service"), preview.c_str(), std::min(520.0f, ImGui::GetContentRegionAvail().x))) {
            std::set<std::string> seen;
            for (const core::Service& svc : cat.services) {
                if (!svc.has_form || svc.form_code.empty() || !seen.insert(svc.form_code).second) continue;
                A11yCollector::SetNextRole(core::A11yRole::ListItem);
                if (ImGui::Selectable(svc.name.c_str(), r.submit_form == svc.form_code)) r.submit_form = svc.form_code;
            }
            EndSelect();
        }
        ImGui::BeginDisabled(busy || r.submit_form.empty());
        A11yCollector::SetNextName(core::Tr("rooms.submit_named", {{"title", title}}));
        if (PrimaryButton((std::string(core::Tr(busy ? "rooms.submitting" : "rooms.submit")) + "##submit").c_str())) app.SubmitJointApplication(d);
        ImGui::EndDisabled();
    }
    if (may_edit && !d.complete) {
        ImGui::Dummy(ImVec2(0, 2));
        ImGui::BeginDisabled(busy || r.doc_open);
        if (!d.RequestIsCurrent()) {
            static const char* const kSignTermKeys[] = {"rooms.d_day", "rooms.d_3days", "rooms.d_week", "rooms.d_2weeks", "rooms.d_month"};
            int ti = std::clamp(r.sign_term, 0, 4);
            if (BeginSelect("##sign-term", core::Tr("rooms.sign_term"), core::Tr(kSignTermKeys[ti]), 220.0f)) {
                for (int i = 0; i < 5; i++) {
                    A11yCollector::SetNextRole(core::A11yRole::ListItem);
                    if (ImGui::Selectable(core::Tr(kSignTermKeys[i]), ti == i)) r.sign_term = i;
                }
                EndSelect();
            }
            A11yCollector::SetNextName(core::Tr("rooms.request_named", {{"title", title}}));
            if (PrimaryButton((std::string(core::Tr("rooms.request_signatures")) + "##request").c_str())) app.RequestRoomSignatures(d);
            ImGui::SameLine();
        }
        A11yCollector::SetNextName(core::Tr("rooms.doc_edit_named", {{"title", title}}));
        if (SecondaryButton((std::string(core::Tr("rooms.doc_edit")) + "##edit").c_str()) && w.readable) {
            r.doc_open = true;
            r.doc_id = d.id;
            r.doc_version = v.version + 1;
            r.d_title = w.title;
            r.d_text = w.text;
            r.d_error.clear();
        }
        ImGui::EndDisabled();
    }
    EndFlatCard();
    ImGui::PopID();
    ImGui::Dummy(ImVec2(0, 8));
}

static void DrawDocuments(App& app, RoomsState& r, client::RoomSession& room) {
    app.CountRoomDocuments();
    bool may = room.check.ok() && room.HasKey() && core::RoleMay(room.MyRole(), core::RoomRight::EditDocuments);
    if (may && !r.doc_open && PrimaryButton((std::string(ICON_PLUS "  ") + core::Tr("rooms.doc_new") + "##doc-new").c_str())) {
        r.doc_open = true;
        r.doc_id.clear();
        r.doc_version = 1;
        r.d_title.clear();
        r.d_text.clear();
        r.d_error.clear();
    }
    ImGui::Dummy(ImVec2(0, 4));
    if (may && r.doc_open) DrawDocumentForm(app, r);
    if (r.documents.empty()) {
        Paragraph(core::Tr("rooms.no_documents"), true);
        A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("rooms.no_documents"));
        return;
    }
    for (size_t i = r.documents.size(); i-- > 0;) DrawDocument(app, r, room, r.documents[i]);  // newest first
}

// --- the calendar: what is due in this room, soonest first ---------------------------------------
static void DrawCalendar(App& app, RoomsState& r, client::RoomSession& room) {
    app.CountRoomProposals();
    struct Due {
        long long at;
        std::string what;
    };
    std::vector<Due> due;
    long long now = NowSeconds();
    for (const client::ProposalState& p : r.proposals) {
        if (p.withdrawn || p.tally.outcome != core::Outcome::Open || p.rules.deadline <= now) continue;
        const crypto::JournalEntry* e = p.seq >= 0 && p.seq < (long long)room.entries.size() ? &room.entries[(size_t)p.seq] : nullptr;
        client::RoomSession::Words w = e ? room.ProposalWords(*e) : client::RoomSession::Words();
        due.push_back({p.rules.deadline, core::Tr("rooms.cal.proposal", {{"title", w.readable ? w.title : std::string(core::Tr("rooms.p_unreadable"))}})});
    }
    app.CountRoomDocuments();
    for (const client::RoomDocument& d : r.documents) {
        if (!d.RequestIsCurrent() || d.complete || d.request.sign_by <= now) continue;
        const crypto::JournalEntry* e = d.versions.back().seq < (long long)room.entries.size() ? &room.entries[(size_t)d.versions.back().seq] : nullptr;
        client::RoomSession::Words w = e ? room.DocumentWords(*e) : client::RoomSession::Words();
        due.push_back({d.request.sign_by, core::Tr("rooms.cal.signature", {{"title", w.readable ? w.title : std::string(core::Tr("rooms.doc_unreadable"))},
                                                                           {"names", Names(r, room, d.not_signed)}})});
    }
    for (const nlohmann::json& inv : r.room_invitations)
        if (core::JsonText(inv, "state") == "sent")
            due.push_back({(long long)core::JsonNumber(inv, "expires_at"), core::Tr("rooms.cal.invitation", {{"to", core::JsonText(inv, "to")}})});
    std::sort(due.begin(), due.end(), [](const Due& a, const Due& b) { return a.at < b.at; });
    Paragraph(core::Tr("rooms.cal.lead"), true);
    ImGui::Dummy(ImVec2(0, 4));
    if (due.empty()) {
        Paragraph(core::Tr("rooms.cal.empty"), true);
        A11yCollector::AddStatic(core::A11yRole::Text, core::Tr("rooms.cal.empty"));
        return;
    }
    const Fonts& f = WidgetFonts();
    for (const Due& d : due) {
        std::string when = core::FormatTimestamp(d.at);
        ImGui::PushFont(f.bold, size::kBody);
        ImGui::TextUnformatted(when.c_str());
        ImGui::PopFont();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(d.what.c_str());
        ImGui::PopTextWrapPos();
        A11yCollector::AddStatic(core::A11yRole::Text, when + " — " + d.what);
        ImGui::Dummy(ImVec2(0, 6));
    }
}

// --- people ----------------------------------------------------------------------------------------
static const int kDelegationDays[] = {7, 30, 90};
static const char* const kDelegationTermKeys[] = {"rooms.term.week", "rooms.term.month", "rooms.term.quarter"};

// «Доверить голос»: a member who votes names a representative of the room to vote for them until a
// date; in force ones are listed with «Отозвать». Nothing is offered without a representative.
static void DrawDelegation(App& app, RoomsState& r, client::RoomSession& room) {
    core::RoomRole role = room.MyRole();
    if (!room.check.ok() || !core::RoleMay(role, core::RoomRight::VoteSign) || core::VotesOnlyOnBehalf(role)) return;
    std::vector<std::string> reps;
    for (const auto& [key, m] : room.check.members)
        if (m.role == core::RoomRole::Representative) reps.push_back(key);
    if (reps.empty()) return;
    std::string me = room.MyKey();
    long long now = NowSeconds();
    BeginCard("##delegation");
    Heading(core::Tr("rooms.delegation_title"), 2);
    Paragraph(core::Tr("rooms.delegation_text"), true);
    std::vector<std::string> free;
    for (const std::string& rep : reps) {
        const core::Delegation* in_force = nullptr;
        for (const core::Delegation& d : r.delegations)
            if (d.from == me && d.to == rep && client::DelegationInForce({d}, me, rep, now)) in_force = &d;
        if (!in_force) {
            free.push_back(rep);
            continue;
        }
        ImGui::PushID(rep.c_str());
        std::string name = Name(r, room, rep);
        std::string line = core::Tr("rooms.delegated_to", {{"name", name}, {"date", core::FormatTimestamp(in_force->until)}});
        ImGui::TextWrapped("%s", line.c_str());
        A11yCollector::AddStatic(core::A11yRole::Text, line);
        ImGui::BeginDisabled(!r.delegating.empty());
        A11yCollector::SetNextName(core::Tr("rooms.undelegate_named", {{"name", name}}));
        if (LinkButton((std::string(core::Tr("rooms.undelegate")) + "##undelegate").c_str())) app.DelegateVote(rep, 0);
        ImGui::EndDisabled();
        ImGui::PopID();
    }
    if (!free.empty()) {
        int ri = std::clamp(r.delegate_to, 0, (int)free.size() - 1), ti = std::clamp(r.delegate_term, 0, 2);
        if (BeginSelect("##delegate-to", core::Tr("rooms.delegate_to"), Name(r, room, free[(size_t)ri]).c_str(), 300.0f)) {
            for (int i = 0; i < (int)free.size(); i++) {
                A11yCollector::SetNextRole(core::A11yRole::ListItem);
                if (ImGui::Selectable(Name(r, room, free[(size_t)i]).c_str(), ri == i)) r.delegate_to = i;
            }
            EndSelect();
        }
        if (BeginSelect("##delegate-term", core::Tr("rooms.delegate_term"), core::Tr(kDelegationTermKeys[ti]), 300.0f)) {
            for (int i = 0; i < 3; i++) {
                A11yCollector::SetNextRole(core::A11yRole::ListItem);
                if (ImGui::Selectable(core::Tr(kDelegationTermKeys[i]), ti == i)) r.delegate_term = i;
            }
            EndSelect();
        }
        ImGui::Dummy(ImVec2(0, 4));
        ImGui::BeginDisabled(!r.delegating.empty());
        if (PrimaryButton((std::string(core::Tr(r.delegating.empty() ? "rooms.delegate" : "rooms.delegating")) + "##delegate").c_str()))
            app.DelegateVote(free[(size_t)ri], now + kDelegationDays[ti] * 86400LL);
        ImGui::EndDisabled();
    }
    EndCard();
    ImGui::Dummy(ImVec2(0, 8));
}

static void DrawPeople(App& app, RoomsState& r, client::RoomSession& room) {
    app.CountRoomProposals();  // and the delegations with them
    std::vector<std::pair<std::string, crypto::RoomMember>> members(room.check.members.begin(), room.check.members.end());
    std::stable_sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return (int)a.second.role < (int)b.second.role; });
    Heading(core::TrN("rooms.members", (long long)members.size()).c_str(), 2);
    bool manager = room.check.ok() && core::RoleMay(room.MyRole(), core::RoomRight::ManagePeople);
    for (const auto& m : members) {
        ImGui::PushID(m.first.c_str());
        std::string name = Name(r, room, m.first), role = RoleLabel(core::RoomRoleCode(m.second.role));
        ImGui::TextUnformatted(name.c_str());
        ImGui::SameLine(0, 10);
        Badge(role.c_str(), core::StatusTone::Neutral, role);
        A11yCollector::AddStatic(core::A11yRole::Text, name + " — " + role);
        bool me = m.first == room.MyKey();
        // Managers give another role (one they may assign, and one that still reads the room: the
        // key is not taken back by a role change), signed on this device like any entry.
        // The controls go on a line of their own under the name: beside a long role's badge they ran
        // off a 360 px phone.
        bool controls = false;
        if (manager && !me && m.second.role != core::RoomRole::Initiator) {
            controls = true;
            ImGui::BeginDisabled(!r.role_changing.empty());
            if (BeginSelect("##role", core::Tr("rooms.change_role_named", {{"name", name}}).c_str(), core::Tr("rooms.change_role"), 220.0f)) {
                for (const char* code : kInviteRoles) {
                    core::RoomRole to = core::RoomRoleFromCode(code);
                    if (to == m.second.role || !core::MayAssign(room.MyRole(), to)) continue;
                    A11yCollector::SetNextRole(core::A11yRole::ListItem);
                    if (ImGui::Selectable(RoleLabel(code).c_str(), false)) app.ChangeRoomRole(m.first, code);
                }
                EndSelect();
            }
            ImGui::EndDisabled();
        }
        // Managers remove anyone but the initiator; anyone may leave (not the initiator).
        if (m.second.role != core::RoomRole::Initiator && (manager || me) && room.check.ok()) {
            std::string label = core::Tr(me ? "rooms.leave" : "rooms.remove");
            if (controls) {
                ImGui::SameLine(0, 16);
                if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(label.c_str()).x + 8) ImGui::NewLine();
            }
            A11yCollector::SetNextName(core::Tr(me ? "rooms.leave" : "rooms.remove_named", {{"name", name}}));
            if (LinkButton((std::string(core::Tr(me ? "rooms.leave" : "rooms.remove")) + "##remove").c_str())) {
                r.remove_member = m.first;
                r.remove_open = true;
            }
        }
        // Under the name's line with its controls, not beside them.
        if (m.second.role == core::RoomRole::Representative) {
            std::string whom;
            long long now = NowSeconds();
            for (const core::Delegation& d : r.delegations)
                if (d.to == m.first && client::DelegationInForce({d}, d.from, d.to, now))
                    whom += (whom.empty() ? "" : ", ") + (d.from == room.MyKey() ? std::string(core::Tr("rooms.you_acc")) : Name(r, room, d.from));
            if (!whom.empty()) {
                std::string line = core::Tr("rooms.represents", {{"names", whom}});
                Paragraph(line.c_str(), true);
                A11yCollector::AddStatic(core::A11yRole::Text, line);
            }
        }
        ImGui::PopID();
    }
    if (r.remove_open && BeginDialog("##remove-member", core::Tr("rooms.remove_title"), &r.remove_open)) {
        bool me = r.remove_member == room.MyKey();
        Paragraph(me ? core::Tr("rooms.leave_text") : core::Tr("rooms.remove_text", {{"name", Name(r, room, r.remove_member)}}).c_str());
        ImGui::Dummy(ImVec2(0, 8));
        ImGui::BeginDisabled(r.removing);
        if (PrimaryButton(core::Tr(me ? "rooms.leave_confirm" : "rooms.remove_confirm"))) app.RemoveRoomMember();
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (SecondaryButton(core::Tr("rooms.cancel"))) r.remove_open = false;
        EndDialog();
    }
    ImGui::Dummy(ImVec2(0, 10));
    DrawDelegation(app, r, room);
    if (!room.check.ok() || !core::RoleMay(room.MyRole(), core::RoomRight::ManagePeople)) return;

    BeginCard("##invite");
    Heading(core::Tr("rooms.invite_title"), 2);
    TextFieldOptions o;
    o.max_bytes = 200;
    o.mode = core::forms::InputMode::Email;
    o.hint = core::Tr("rooms.invite_hint");
    std::string e = r.invite_error.empty() ? std::string() : core::Tr(r.invite_error.c_str());
    o.error = e.empty() ? nullptr : e.c_str();
    TextField(core::Tr("rooms.invite_to"), "##invite-to", &r.invite_to, o);
    int ri = std::clamp(r.invite_role, 0, 3);
    if (BeginSelect("##invite-role", core::Tr("rooms.invite_role"), RoleLabel(kInviteRoles[ri]).c_str(), 300.0f)) {
        for (int i = 0; i < 4; i++) {
            A11yCollector::SetNextRole(core::A11yRole::ListItem);
            if (ImGui::Selectable(RoleLabel(kInviteRoles[i]).c_str(), ri == i)) r.invite_role = i;
        }
        EndSelect();
    }
    ImGui::Dummy(ImVec2(0, 4));
    ImGui::BeginDisabled(r.inviting);
    if (PrimaryButton((std::string(core::Tr(r.inviting ? "rooms.inviting" : "rooms.invite")) + "##invite-go").c_str())) app.InviteToRoom(kInviteRoles[ri]);
    ImGui::EndDisabled();
    EndCard();
    ImGui::Dummy(ImVec2(0, 8));

    if (r.room_invitations.empty()) return;
    Heading(core::Tr("rooms.room_invitations"), 2);
    for (const json& inv : r.room_invitations) {
        std::string id = core::JsonText(inv, "id"), state = core::JsonText(inv, "state");
        ImGui::PushID(id.c_str());
        BeginFlatCard();
        const json& who = inv.contains("invitee") && inv["invitee"].is_object() ? inv["invitee"] : json::object();
        std::string name = core::JsonText(who, "name");
        std::string line = core::Tr("rooms.invitation_to", {{"to", name.empty() ? core::JsonText(inv, "to") : name + " (" + core::JsonText(inv, "to") + ")"},
                                                            {"role", RoleLabel(core::JsonText(inv, "role"))}});
        ImGui::TextWrapped("%s", line.c_str());
        A11yCollector::AddStatic(core::A11yRole::Text, line);
        bool member = room.check.members.count(core::JsonText(who, "ed25519")) > 0;
        std::string state_key = "rooms.inv_state." + (member ? std::string("member") : state);
        core::StatusTone tone = member || state == "accepted" ? core::StatusTone::Success
                                : state == "sent"             ? core::StatusTone::Progress
                                                              : core::StatusTone::Neutral;
        Badge(core::Tr(state_key.c_str()), tone, core::Tr(state_key.c_str()));
        if (state == "accepted" && !member) {
            // Accepting makes no one a member: this device signs the «added» entry with the keys
            // the acceptance carried, and seals the room key to them.
            Paragraph(core::Tr("rooms.admit_note"), true);
            std::string code = core::Tr("rooms.their_code", {{"code", crypto::SafetyCode(core::JsonText(who, "ed25519"), core::JsonText(who, "x25519"))}});
            Paragraph(code.c_str());
            A11yCollector::AddStatic(core::A11yRole::Text, code);
            ImGui::BeginDisabled(r.adding);
            A11yCollector::SetNextName(core::Tr("rooms.admit_named", {{"name", name}}));
            if (PrimaryButton((std::string(core::Tr(r.adding ? "rooms.admitting" : "rooms.admit")) + "##admit").c_str())) app.AdmitInvitee(inv);
            ImGui::EndDisabled();
        }
        EndFlatCard();
        ImGui::PopID();
        ImGui::Dummy(ImVec2(0, 6));
    }
}

// --- the journal -------------------------------------------------------------------------------------
static std::string Describe(const RoomsState& r, const client::RoomSession& room, const crypto::JournalEntry& e) {
    const json& b = e.body;
    const std::string& k = e.kind;
    if (k == "created") return core::Tr("rooms.j.created", {{"title", core::JsonText(b, "title")}});
    if (k == "added") return core::Tr("rooms.j.added", {{"who", Name(r, room, core::JsonText(b, "member"))}, {"role", RoleLabel(core::JsonText(b, "role"))}});
    if (k == "role") return core::Tr("rooms.j.role", {{"who", Name(r, room, core::JsonText(b, "member"))}, {"role", RoleLabel(core::JsonText(b, "role"))}});
    if (k == "removed")
        return core::JsonText(b, "member") == e.author ? std::string(core::Tr("rooms.j.left"))
                                                      : core::Tr("rooms.j.removed", {{"who", Name(r, room, core::JsonText(b, "member"))}});
    if (k == "rekeyed") return core::Tr("rooms.j.rekeyed", {{"epoch", std::to_string((long long)core::JsonNumber(b, "epoch"))}});
    if (k == "proposed") {
        client::RoomSession::Words w = room.ProposalWords(e);
        return core::Tr("rooms.j.proposed", {{"title", w.readable ? w.title : std::string(core::Tr("rooms.p_unreadable"))}});
    }
    if (k == "withdrawn") return core::Tr("rooms.j.withdrawn");
    if (k == "voted") {
        std::string choice = core::Tr(("rooms.choice." + core::JsonText(b, "choice")).c_str());
        std::string behalf = core::JsonText(b, "on_behalf");
        return behalf.empty() ? core::Tr("rooms.j.voted", {{"choice", choice}})
                              : core::Tr("rooms.j.voted_for", {{"choice", choice}, {"who", behalf == room.MyKey() ? std::string(core::Tr("rooms.you_acc")) : Name(r, room, behalf)}});
    }
    if (k == "document") {
        client::RoomSession::Words w = room.DocumentWords(e);
        return core::Tr("rooms.j.document", {{"title", w.readable ? w.title : std::string(core::Tr("rooms.doc_unreadable"))},
                                             {"version", std::to_string((long long)core::JsonNumber(b, "version"))}});
    }
    if (k == "submitted") return core::Tr("rooms.j.submitted", {{"number", core::JsonText(b, "number").substr(0, 40)}});
    if (k == "sign_requested") return core::Tr("rooms.j.sign_requested", {{"version", std::to_string((long long)core::JsonNumber(b, "version"))}});
    if (k == "signed") return core::Tr("rooms.j.signed", {{"version", std::to_string((long long)core::JsonNumber(b, "version"))}});
    if (k == "delegated" && !(b.contains("vote") && b["vote"] == true))
        return core::Tr("rooms.j.undelegated", {{"who", Name(r, room, core::JsonText(b, "to"))}});
    if (k == "delegated")
        return core::Tr("rooms.j.delegated", {{"who", Name(r, room, core::JsonText(b, "to"))},
                                              {"date", core::FormatTimestamp((long long)core::JsonNumber(b, "until"))}});
    return core::Tr("rooms.j.unknown", {{"kind", k.substr(0, 40)}});
}

static void DrawJournal(RoomsState& r, client::RoomSession& room) {
    Paragraph(core::Tr("rooms.journal_lead"), true);
    ImGui::Dummy(ImVec2(0, 4));
    // Newest first; the last 300 (a long journal is verified whole, but read from its end).
    size_t shown = 0;
    for (size_t i = room.entries.size(); i-- > 0 && shown < 300; shown++) {
        const crypto::JournalEntry& e = room.entries[i];
        bool bad = !room.check.ok() && e.seq >= room.check.at_seq;
        ImGui::PushID((int)i);
        std::string when = core::FormatTimestamp(e.at), who = Name(r, room, e.author);
        std::string what = bad ? std::string(core::Tr("rooms.j.not_verified")) : Describe(r, room, e);
        ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kMuted));
        ImGui::TextUnformatted((std::string("№ ") + std::to_string(e.seq + 1) + "  ·  " + when).c_str());
        ImGui::PopStyleColor();
        if (bad) ImGui::PushStyleColor(ImGuiCol_Text, color::V(color::kError));
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted((who + " — " + what).c_str());
        ImGui::PopTextWrapPos();
        if (bad) ImGui::PopStyleColor();
        A11yCollector::AddStatic(core::A11yRole::Text, std::to_string(e.seq + 1) + ". " + when + ". " + who + " — " + what);
        ImGui::Dummy(ImVec2(0, 4));
        ImGui::PopID();
    }
    if (room.entries.size() > shown) Paragraph(core::Tr("rooms.journal_more", {{"n", core::FormatNumber((long long)shown)}}).c_str(), true);
}

void DrawRoomView(App& app) {
    Session& s = app.session();
    RoomsState& r = s.rooms;
    client::RoomSession& room = s.room;
    if (LinkButton((std::string(ICON_CHEVRON_LEFT "  ") + core::Tr("rooms.back") + "##back").c_str())) app.Navigate(core::Screen::Rooms);
    ImGui::Dummy(ImVec2(0, 4));
    if (room.room != app.route_param) {  // the route moved before its load started
        Heading(core::Tr("rooms.detail"));
        Paragraph(core::Tr("rooms.verifying"), true);
        return;
    }
    Heading(Title(room).c_str());
    core::RoomRole me = room.MyRole();
    if (me != core::RoomRole::None) {
        std::string role = RoleLabel(core::RoomRoleCode(me));
        Badge(role.c_str(), core::StatusTone::Progress, core::Tr("rooms.your_role", {{"role", role}}));
    }
    DrawVerification(app, room);
    ImGui::Dummy(ImVec2(0, 4));
    if (!r.notice.empty() && Alert(AlertKind::Info, core::Tr(r.notice.c_str()), core::Tr("common.close"))) r.notice.clear();
    if (!r.action_error.ok() && Alert(AlertKind::Error, r.action_error.Text().c_str(), core::Tr("common.close"))) r.action_error = client::ApiError();

    // Support reads the journal only (SPEC §7): no key, no discussion, no proposals.
    bool views = core::RoleMay(me, core::RoomRight::View) || me == core::RoomRole::None;
    if (!views) r.tab = 4;
    static const char* const kTabs[] = {"rooms.tab_chat", "rooms.tab_proposals", "rooms.tab_documents", "rooms.tab_people", "rooms.tab_journal",
                                        "rooms.tab_calendar"};
    ImGui::BeginChild("##room-tabs", ImVec2(ImGui::GetContentRegionAvail().x, 48), ImGuiChildFlags_NavFlattened,
                      ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_HorizontalScrollbar);
    bool first = true;
    for (int i = 0; i < 6; i++) {
        if (!views && i != 4) continue;
        if (!first) ImGui::SameLine(0, 2);
        first = false;
        if (NavTab(core::Tr(kTabs[i]), r.tab == i, i == 0 ? r.unread : 0)) {
            r.tab = i;
            if (i == 0) {
                r.unread = 0;
                if (!room.messages.empty()) r.seen_message = room.messages.front().id;
            }
        }
    }
    ImGui::EndChild();
    ImGui::Dummy(ImVec2(0, 6));
    switch (r.tab) {
        case 0: DrawChat(app, r, room); break;
        case 1: DrawProposals(app, r, room); break;
        case 2: DrawDocuments(app, r, room); break;
        case 3: DrawPeople(app, r, room); break;
        case 5: DrawCalendar(app, r, room); break;
        default: DrawJournal(r, room); break;
    }
}

}  // namespace ui
