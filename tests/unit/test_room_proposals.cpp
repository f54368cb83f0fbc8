// Proposals recomputed from a verified journal (client/room_proposals.h): the voters are the
// members who could vote when it was made, a representative's vote counts for whoever delegated
// to them, a withdrawn proposal or one with a deadline out of range decides nothing, and nothing
// past the verified head is read.
#include <gtest/gtest.h>

#include "client/room_proposals.h"
#include "crypto/login_keys.h"

using nlohmann::json;

namespace {

struct Journal {
    std::vector<crypto::JournalEntry> entries;
    std::string head;
    long long t0 = 1796000000;
    void Add(const crypto::IdentityKeys& by, const std::string& kind, json body, long long at) {
        crypto::JournalEntry e;
        e.room = "R";
        e.kind = kind;
        e.body = std::move(body);
        e.at = at;
        e = crypto::SignEntry(e, (long long)entries.size(), head, by);
        head = crypto::EntryHash(head, e);
        entries.push_back(e);
    }
};

std::string Pk(const crypto::IdentityKeys& k) { return crypto::Base64Encode(k.ed25519_pk); }
json Added(const crypto::IdentityKeys& k, const char* role) {
    return {{"member", Pk(k)}, {"box", crypto::Base64Encode(k.x25519_pk)}, {"role", role}};
}

TEST(RoomProposals, CountedFromTheVerifiedJournalWithDelegationsAndVotersOfTheMoment) {
    ASSERT_TRUE(crypto::Init());
    crypto::IdentityKeys anna = crypto::GenerateIdentityKeys(), olga = crypto::GenerateIdentityKeys(), boris = crypto::GenerateIdentityKeys(),
                         petr = crypto::GenerateIdentityKeys(), vera = crypto::GenerateIdentityKeys(), late = crypto::GenerateIdentityKeys();
    Journal j;
    long long t = j.t0;
    j.Add(anna, "created", {{"box", crypto::Base64Encode(anna.x25519_pk)}}, t);
    j.Add(anna, "added", Added(olga, "participant"), t + 1);
    j.Add(anna, "added", Added(boris, "participant"), t + 2);
    j.Add(anna, "added", Added(petr, "representative"), t + 3);
    j.Add(anna, "added", Added(vera, "observer"), t + 4);
    j.Add(boris, "delegated", {{"to", Pk(petr)}, {"vote", true}, {"until", t + 3600}}, t + 5);
    j.Add(olga, "proposed", {{"proposal", "p1"}, {"rule", "majority"}, {"deadline", t + 10 + 7200}}, t + 10);
    j.Add(anna, "proposed", {{"proposal", "p2"}, {"rule", "unanimous"}, {"deadline", t + 11 + 600}}, t + 11);  // 10 minutes: too short
    j.Add(anna, "proposed", {{"proposal", "p3"}, {"rule", "qualified"}, {"deadline", t + 12 + 86400}}, t + 12);
    j.Add(anna, "added", Added(late, "participant"), t + 13);  // after p1: not one of its voters
    j.Add(olga, "voted", {{"proposal", "p1"}, {"choice", "against"}}, t + 20);
    j.Add(anna, "voted", {{"proposal", "p1"}, {"choice", "for"}}, t + 21);
    j.Add(petr, "voted", {{"proposal", "p1"}, {"choice", "for"}, {"on_behalf", Pk(boris)}}, t + 22);
    j.Add(late, "voted", {{"proposal", "p1"}, {"choice", "against"}}, t + 23);
    j.Add(anna, "withdrawn", {{"proposal", "p3"}}, t + 24);
    crypto::JournalCheck check = crypto::VerifyJournal(j.entries, {});
    ASSERT_TRUE(check.ok()) << (int)check.problem << " at " << check.at_seq;

    std::vector<client::ProposalState> ps = client::ProposalsFromJournal(j.entries, check, t + 30);
    ASSERT_EQ(ps.size(), 3u);
    const client::ProposalState& p1 = ps[0];
    EXPECT_EQ(p1.author, Pk(olga));
    EXPECT_EQ(p1.rules.voters.size(), 3u) << "Anna, Olga, Boris: not the representative, the observer or who came later";
    EXPECT_EQ(p1.tally.votes_for, 2) << "Anna's, and Boris's through Petr";
    EXPECT_EQ(p1.tally.against, 1);
    ASSERT_EQ(p1.tally.ignored.size(), 1u) << "the late member's vote: settled by then, and not a voter anyway";
    EXPECT_EQ(p1.tally.outcome, core::Outcome::Accepted);
    EXPECT_TRUE(p1.tally.early);
    EXPECT_EQ(ps[1].tally.reason, core::OutcomeReason::BadDeadline);
    EXPECT_EQ(ps[2].tally.reason, core::OutcomeReason::Withdrawn);

    // Only what verified is read: a journal broken before the votes has p1 open, with none counted.
    crypto::JournalCheck partial = check;
    partial.head.seq = 9;
    ps = client::ProposalsFromJournal(j.entries, partial, t + 30);
    EXPECT_EQ(ps[0].tally.outcome, core::Outcome::Open);
    EXPECT_EQ(ps[0].tally.not_voted.size(), 3u) << "reminders go to all three";
}

}  // namespace

// «Отозвать» on screen signs a new delegation {vote: false}: from then on the representative's
// votes for that person do not count, and DelegationInForce (what the screen offers) says so.
TEST(RoomProposals, ALaterDelegationReplacesTheEarlierOne) {
    ASSERT_TRUE(crypto::Init());
    crypto::IdentityKeys anna = crypto::GenerateIdentityKeys(), boris = crypto::GenerateIdentityKeys(), petr = crypto::GenerateIdentityKeys();
    Journal j;
    long long t = j.t0;
    j.Add(anna, "created", {{"box", crypto::Base64Encode(anna.x25519_pk)}}, t);
    j.Add(anna, "added", Added(boris, "participant"), t + 1);
    j.Add(anna, "added", Added(petr, "representative"), t + 2);
    j.Add(boris, "delegated", {{"to", Pk(petr)}, {"vote", true}, {"until", t + 86400}}, t + 3);
    j.Add(anna, "proposed", {{"proposal", "p1"}, {"rule", "majority"}, {"quorum", 100}, {"deadline", t + 7200}}, t + 4);
    j.Add(anna, "proposed", {{"proposal", "p2"}, {"rule", "majority"}, {"quorum", 100}, {"deadline", t + 7200}}, t + 5);
    j.Add(petr, "voted", {{"proposal", "p1"}, {"choice", "for"}, {"on_behalf", Pk(boris)}}, t + 6);
    j.Add(boris, "delegated", {{"to", Pk(petr)}, {"vote", false}, {"until", t + 7}}, t + 7);  // withdrawn
    j.Add(petr, "voted", {{"proposal", "p2"}, {"choice", "for"}, {"on_behalf", Pk(boris)}}, t + 8);
    crypto::JournalCheck check = crypto::VerifyJournal(j.entries, {});
    ASSERT_TRUE(check.ok()) << (int)check.problem << " at " << check.at_seq;

    std::vector<core::Delegation> ds = client::DelegationsFromJournal(j.entries, check);
    ASSERT_EQ(ds.size(), 2u);
    EXPECT_EQ(ds[0].withdrawn_at, t + 7);
    EXPECT_EQ(ds[1].withdrawn_at, 0);
    EXPECT_TRUE(client::DelegationInForce({ds[0]}, Pk(boris), Pk(petr), t + 6));
    EXPECT_FALSE(client::DelegationInForce(ds, Pk(boris), Pk(petr), t + 8));
    EXPECT_FALSE(client::DelegationInForce(ds, Pk(petr), Pk(boris), t + 6));  // not the other way round

    std::vector<client::ProposalState> ps = client::ProposalsFromJournal(j.entries, check, t + 10);
    ASSERT_EQ(ps.size(), 2u);
    EXPECT_EQ(ps[0].tally.votes_for, 1);  // cast while the delegation was in force
    ASSERT_EQ(ps[0].tally.counted.size(), 1u);
    EXPECT_EQ(ps[0].tally.counted[0].voter, Pk(boris));
    EXPECT_EQ(ps[1].tally.votes_for, 0);  // cast after it was withdrawn
    ASSERT_EQ(ps[1].tally.ignored.size(), 1u);
    EXPECT_EQ(ps[1].tally.ignored[0].why, core::NotCountedWhy::NoDelegation);
}
