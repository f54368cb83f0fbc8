// The proposals of a room and where each stands, computed by this client from the verified
// journal alone (SPEC §7: every client recomputes the outcome from the signed votes; the server's
// word is not asked). Entries (docs/rooms.md):
//   proposed   {proposal: id, rule: unanimous|majority|qualified, quorum?: 1..100, deadline: unix s}
//   withdrawn  {proposal}                       — its author or a manager
//   voted      {proposal, choice: for|against|abstain, on_behalf?: key}
//   delegated  {to: key, vote: bool, until: unix s}  — by the person represented; a later one
//              from the same person to the same representative replaces it (withdrawn at its
//              time): «Отозвать» is {to, vote: false, until: now}
// The voters of a proposal are the members who may vote when it is made (representatives vote
// only for those who delegated to them); the counting is core::CountVotes.
#pragma once
#include <string>
#include <vector>

#include "core/decision.h"
#include "crypto/room_journal.h"

namespace client {

struct ProposalState {
    std::string id, author;       // author: Ed25519 key (base64)
    long long seq = 0, created = 0;
    core::Proposal rules;         // rule, quorum, deadline, voters
    bool withdrawn = false;
    bool deadline_allowed = true; // 1 hour to 30 days after it was made
    core::Tally tally;
};

// Only entries up to `check.head` are read (a journal that did not verify past some entry is
// trusted up to the entry before it). `now` decides what the deadline has closed.
std::vector<ProposalState> ProposalsFromJournal(const std::vector<crypto::JournalEntry>& entries, const crypto::JournalCheck& check,
                                                long long now);

// The delegations in the verified journal, each ended (withdrawn_at) by the next one from the
// same person to the same representative.
std::vector<core::Delegation> DelegationsFromJournal(const std::vector<crypto::JournalEntry>& entries, const crypto::JournalCheck& check);
// In force at `now`: may `representative` vote for `person`?
bool DelegationInForce(const std::vector<core::Delegation>& ds, const std::string& person, const std::string& representative, long long now);

}  // namespace client
