#include "client/room_proposals.h"

#include <map>

#include "core/json_read.h"

namespace client {

using nlohmann::json;

static void AddDelegation(std::vector<core::Delegation>* ds, const crypto::JournalEntry& e) {
    const json& b = e.body;
    core::Delegation d;
    d.from = e.author;
    d.to = core::JsonText(b, "to");
    d.vote = b.contains("vote") && b["vote"].is_boolean() && b["vote"].get<bool>();
    d.since = e.at;
    d.until = (long long)core::JsonNumber(b, "until");
    for (core::Delegation& earlier : *ds)
        if (earlier.from == d.from && earlier.to == d.to && earlier.withdrawn_at == 0) earlier.withdrawn_at = e.at;
    ds->push_back(d);
}

std::vector<core::Delegation> DelegationsFromJournal(const std::vector<crypto::JournalEntry>& entries, const crypto::JournalCheck& check) {
    std::vector<core::Delegation> out;
    for (const crypto::JournalEntry& e : entries) {
        if (e.seq > check.head.seq) break;
        if (e.kind == "delegated") AddDelegation(&out, e);
    }
    return out;
}

bool DelegationInForce(const std::vector<core::Delegation>& ds, const std::string& person, const std::string& representative, long long now) {
    for (const core::Delegation& d : ds)
        if (d.from == person && d.to == representative && d.vote && now >= d.since && now < d.until && (d.withdrawn_at == 0 || now < d.withdrawn_at))
            return true;
    return false;
}

std::vector<ProposalState> ProposalsFromJournal(const std::vector<crypto::JournalEntry>& entries, const crypto::JournalCheck& check,
                                                long long now) {
    std::vector<ProposalState> out;
    std::map<std::string, size_t> by_id;
    std::map<std::string, std::vector<core::Vote>> votes;
    std::vector<core::Delegation> delegations;
    // The members as of each entry: replayed through the same verification, so a proposal's
    // voters are those of the moment it was made.
    crypto::JournalCheck state;
    crypto::JournalHead none;
    for (const crypto::JournalEntry& e : entries) {
        if (e.seq > check.head.seq || !crypto::VerifyNext(&state, e, none)) break;
        const json& b = e.body;
        if (e.kind == "proposed") {
            std::string id = core::JsonText(b, "proposal");
            core::DecisionRule rule;
            if (id.empty() || by_id.count(id) || !core::DecisionRuleFromCode(core::JsonText(b, "rule"), &rule)) continue;
            ProposalState p;
            p.id = id;
            p.author = e.author;
            p.seq = e.seq;
            p.created = e.at;
            p.rules.rule = rule;
            p.rules.quorum_percent = b.contains("quorum") && b["quorum"].is_number_integer() ? b["quorum"].get<int>() : 50;
            p.rules.deadline = (long long)core::JsonNumber(b, "deadline");
            p.deadline_allowed = core::DeadlineAllowed(e.at, p.rules.deadline);
            for (const auto& [key, m] : state.members)
                if (core::RoleMay(m.role, core::RoomRight::VoteSign) && !core::VotesOnlyOnBehalf(m.role)) p.rules.voters.push_back(key);
            by_id[id] = out.size();
            out.push_back(std::move(p));
        } else if (e.kind == "withdrawn") {
            auto it = by_id.find(core::JsonText(b, "proposal"));
            if (it == by_id.end()) continue;
            ProposalState& p = out[it->second];
            auto self = state.members.find(e.author);
            bool manager = self != state.members.end() && core::RoleMay(self->second.role, core::RoomRight::ManagePeople);
            if (e.author == p.author || manager) p.withdrawn = true;
        } else if (e.kind == "voted") {
            core::VoteChoice c;
            std::string id = core::JsonText(b, "proposal");
            if (!by_id.count(id) || !core::VoteChoiceFromCode(core::JsonText(b, "choice"), &c)) continue;
            votes[id].push_back({e.author, core::JsonText(b, "on_behalf"), c, e.at});
        } else if (e.kind == "delegated") {
            AddDelegation(&delegations, e);
        }
    }
    for (ProposalState& p : out) {
        p.tally = core::CountVotes(p.rules, votes[p.id], delegations, now);
        if (p.withdrawn || !p.deadline_allowed) {
            // Withdrawn, or made with a deadline outside 1 hour – 30 days: nothing is decided.
            p.tally.outcome = core::Outcome::Rejected;
            p.tally.reason = p.withdrawn ? core::OutcomeReason::Withdrawn : core::OutcomeReason::BadDeadline;
        }
    }
    return out;
}

}  // namespace client
