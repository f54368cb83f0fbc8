// The decision rules of a proposal (core/decision.h, SPEC §7). First exhaustively: for up to eight
// voters, every combination of votes cast so far, every rule and several quorums — an early
// outcome must be the one every possible way of finishing would give, and «still open» must mean
// two ways of finishing differ. The final outcome is checked against a reference written here from
// the SPEC's wording. Then the cases by name: ties, abstentions, missing voters, quorum just met
// and just missed, the deadline, early close, delegated votes, duplicates and replays.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "core/decision.h"

using core::CountVotes;
using core::DecideFromCounts;
using core::DecisionRule;
using core::Delegation;
using core::Outcome;
using core::OutcomeReason;
using core::Proposal;
using core::Tally;
using core::Vote;
using core::VoteChoice;

namespace {

// The SPEC in the plainest terms, for the final count only.
Outcome Reference(DecisionRule rule, int quorum_percent, int n, int f, int a, int ab) {
    int cast = f + a + ab;
    if (n == 0) return Outcome::Rejected;
    switch (rule) {
        case DecisionRule::Unanimous: return a == 0 && cast == n && f > 0 ? Outcome::Accepted : Outcome::Rejected;
        case DecisionRule::Majority: {
            bool quorum = cast * 100 >= n * quorum_percent && cast >= 1;
            return quorum && f > a ? Outcome::Accepted : Outcome::Rejected;
        }
        case DecisionRule::Qualified: return f * 3 >= n * 2 ? Outcome::Accepted : Outcome::Rejected;
    }
    return Outcome::Open;
}

Proposal Make(DecisionRule rule, int n, int quorum = 50) {
    Proposal p;
    p.rule = rule;
    p.quorum_percent = quorum;
    p.deadline = 1000;
    for (int i = 0; i < n; i++) p.voters.push_back("v" + std::to_string(i));
    return p;
}

TEST(Decision, EveryEarlyOutcomeIsTheOnlyPossibleOneAndEveryOpenOneCouldStillGoEitherWay) {
    int checked = 0, early = 0;
    for (DecisionRule rule : {DecisionRule::Unanimous, DecisionRule::Majority, DecisionRule::Qualified})
        for (int quorum : {1, 34, 50, 67, 100}) {
            if (rule != DecisionRule::Majority && quorum != 50) continue;
            for (int n = 0; n <= 8; n++) {
                Proposal p = Make(rule, n, quorum);
                // Counts so far: f for, a against, ab abstained, the rest not voted yet.
                for (int f = 0; f <= n; f++)
                    for (int a = 0; f + a <= n; a++)
                        for (int ab = 0; f + a + ab <= n; ab++) {
                            int rest = n - f - a - ab;
                            OutcomeReason why;
                            Outcome now = DecideFromCounts(p, f, a, ab, false, &why);
                            // Every way the others may finish: each of them for, against, abstaining or silent.
                            bool can_accept = false, can_reject = false;
                            for (int rf = 0; rf <= rest; rf++)
                                for (int ra = 0; rf + ra <= rest; ra++)
                                    for (int rab = 0; rf + ra + rab <= rest; rab++) {
                                        Outcome end = Reference(rule, quorum, n, f + rf, a + ra, ab + rab);
                                        (end == Outcome::Accepted ? can_accept : can_reject) = true;
                                        OutcomeReason w;
                                        ASSERT_EQ(DecideFromCounts(p, f + rf, a + ra, ab + rab, true, &w), end)
                                            << core::DecisionRuleCode(rule) << " q" << quorum << " n" << n << " " << f + rf << "/" << a + ra << "/" << ab + rab;
                                        checked++;
                                    }
                            SCOPED_TRACE(testing::Message() << core::DecisionRuleCode(rule) << " q" << quorum << " n" << n << " so far "
                                                            << f << " for, " << a << " against, " << ab << " abstained");
                            if (now == Outcome::Open) {
                                EXPECT_TRUE(can_accept && can_reject) << "open although the outcome is settled";
                                EXPECT_EQ(why, OutcomeReason::None);
                            } else {
                                early++;
                                EXPECT_FALSE(now == Outcome::Accepted ? can_reject : can_accept) << "closed early but could still change";
                                EXPECT_NE(why, OutcomeReason::None);
                            }
                        }
            }
        }
    EXPECT_GT(checked, 40000) << "every count of up to 8 voters (45,045 finishes)";
    EXPECT_GT(early, 100);
}

Tally Count(const Proposal& p, const std::vector<Vote>& votes, long long now, const std::vector<Delegation>& ds = {}) {
    return CountVotes(p, votes, ds, now);
}

Vote V(const std::string& who, VoteChoice c, long long at, const std::string& for_whom = "") { return Vote{who, for_whom, c, at}; }

TEST(Decision, UnanimousIsVetoedByOneAgainstAndNeedsEveryoneByTheDeadline) {
    Proposal p = Make(DecisionRule::Unanimous, 3);
    Tally t = Count(p, {V("v0", VoteChoice::For, 10), V("v1", VoteChoice::Against, 20), V("v2", VoteChoice::For, 30)}, 40);
    EXPECT_EQ(t.outcome, Outcome::Rejected);
    EXPECT_EQ(t.reason, OutcomeReason::Vetoed);
    EXPECT_TRUE(t.early);
    ASSERT_EQ(t.ignored.size(), 1u) << "closed by the veto: the later vote is not counted";
    EXPECT_EQ(t.ignored[0].why, core::NotCountedWhy::AfterDeadline);

    t = Count(p, {V("v0", VoteChoice::For, 10), V("v1", VoteChoice::Abstain, 20)}, 500);
    EXPECT_EQ(t.outcome, Outcome::Open);
    EXPECT_EQ(t.not_voted, std::vector<std::string>{"v2"}) << "the reminder goes to v2";
    t = Count(p, {V("v0", VoteChoice::For, 10), V("v1", VoteChoice::Abstain, 20)}, 1000);
    EXPECT_EQ(t.outcome, Outcome::Rejected) << "the deadline passes with a voter missing";
    EXPECT_EQ(t.reason, OutcomeReason::NotUnanimous);
    EXPECT_FALSE(t.early);
    t = Count(p, {V("v0", VoteChoice::For, 10), V("v1", VoteChoice::Abstain, 20), V("v2", VoteChoice::For, 900)}, 901);
    EXPECT_EQ(t.outcome, Outcome::Accepted) << "abstaining does not block unanimity";
    EXPECT_TRUE(t.early);
    t = Count(p, {V("v0", VoteChoice::Abstain, 10), V("v1", VoteChoice::Abstain, 20), V("v2", VoteChoice::Abstain, 30)}, 40);
    EXPECT_EQ(t.reason, OutcomeReason::AllAbstained);
}

TEST(Decision, MajorityCountsVotesCastWithAQuorumJustMetOrJustMissed) {
    // 50 % of 4 voters: 2 votes make the quorum.
    Proposal p = Make(DecisionRule::Majority, 4);
    Tally t = Count(p, {V("v0", VoteChoice::For, 10)}, 1000);
    EXPECT_EQ(t.reason, OutcomeReason::NoQuorum) << "1 of 4: just missed";
    EXPECT_EQ(t.needed_for, 2);
    t = Count(p, {V("v0", VoteChoice::For, 10), V("v1", VoteChoice::Abstain, 20)}, 1000);
    EXPECT_EQ(t.outcome, Outcome::Accepted) << "2 of 4 (an abstention counts for the quorum): just met, 1 for 0 against";
    t = Count(p, {V("v0", VoteChoice::For, 10), V("v1", VoteChoice::Against, 20)}, 1000);
    EXPECT_EQ(t.reason, OutcomeReason::Tie);
    t = Count(p, {V("v0", VoteChoice::For, 10), V("v1", VoteChoice::Against, 20), V("v2", VoteChoice::Against, 30)}, 1000);
    EXPECT_EQ(t.reason, OutcomeReason::MajorityAgainst);
    // 5 voters, 3 for already: the other two cannot undo it.
    p = Make(DecisionRule::Majority, 5);
    t = Count(p, {V("v0", VoteChoice::For, 10), V("v1", VoteChoice::For, 20), V("v2", VoteChoice::For, 30)}, 31);
    EXPECT_EQ(t.outcome, Outcome::Accepted);
    EXPECT_TRUE(t.early);
    t = Count(p, {V("v0", VoteChoice::For, 10), V("v1", VoteChoice::For, 20)}, 31);
    EXPECT_EQ(t.outcome, Outcome::Open) << "2 for of 5: three against would still win";
    // A quorum of 100 %: everyone must vote.
    p = Make(DecisionRule::Majority, 3, 100);
    t = Count(p, {V("v0", VoteChoice::For, 10), V("v1", VoteChoice::For, 20)}, 1000);
    EXPECT_EQ(t.reason, OutcomeReason::NoQuorum);
}

TEST(Decision, QualifiedNeedsTwoThirdsOfAllVotersNotOfVotesCast) {
    Proposal p = Make(DecisionRule::Qualified, 6);
    EXPECT_EQ(Count(p, {}, 0).needed_for, 4);
    Tally t = Count(p, {V("v0", VoteChoice::For, 1), V("v1", VoteChoice::For, 2), V("v2", VoteChoice::For, 3)}, 1000);
    EXPECT_EQ(t.reason, OutcomeReason::BelowTwoThirds) << "3 of 6 for, everyone else silent";
    t = Count(p, {V("v0", VoteChoice::For, 1), V("v1", VoteChoice::For, 2), V("v2", VoteChoice::For, 3), V("v3", VoteChoice::For, 4)}, 5);
    EXPECT_EQ(t.outcome, Outcome::Accepted);
    EXPECT_TRUE(t.early);
    t = Count(p, {V("v0", VoteChoice::Against, 1), V("v1", VoteChoice::Abstain, 2), V("v2", VoteChoice::Against, 3)}, 5);
    EXPECT_EQ(t.outcome, Outcome::Rejected) << "three cannot be for any more: 4 are needed";
    EXPECT_TRUE(t.early);
}

TEST(Decision, ARepresentativeVotesForTheirPrincipalOnlyWithinTheDelegation) {
    Proposal p = Make(DecisionRule::Majority, 3);
    std::vector<Delegation> ds = {{"v2", "rep", true, 100, 200, 0}, {"v1", "rep", false, 0, 900, 0}, {"v0", "rep", true, 0, 900, 50}};
    Tally t = Count(p, {V("rep", VoteChoice::For, 150, "v2")}, 160, ds);
    ASSERT_EQ(t.counted.size(), 1u);
    EXPECT_EQ(t.counted[0].voter, "v2");
    EXPECT_EQ(t.counted[0].author, "rep");
    t = Count(p, {V("rep", VoteChoice::For, 250, "v2")}, 260, ds);
    ASSERT_EQ(t.ignored.size(), 1u);
    EXPECT_EQ(t.ignored[0].why, core::NotCountedWhy::NoDelegation) << "used after it expired";
    t = Count(p, {V("rep", VoteChoice::For, 10, "v1")}, 20, ds);
    EXPECT_EQ(t.ignored[0].why, core::NotCountedWhy::NoDelegation) << "the delegation covers signing, not voting";
    t = Count(p, {V("rep", VoteChoice::For, 60, "v0")}, 70, ds);
    EXPECT_EQ(t.ignored[0].why, core::NotCountedWhy::NoDelegation) << "withdrawn before the vote";
    t = Count(p, {V("rep", VoteChoice::For, 10)}, 20, ds);
    EXPECT_EQ(t.ignored[0].why, core::NotCountedWhy::NotAVoter) << "the representative has no vote of their own";
    // The principal and the representative both vote: the first counts, and nobody votes twice.
    t = Count(p, {V("v2", VoteChoice::Against, 120), V("rep", VoteChoice::For, 150, "v2")}, 160, ds);
    EXPECT_EQ(t.against, 1);
    EXPECT_EQ(t.votes_for, 0);
    EXPECT_EQ(t.ignored[0].why, core::NotCountedWhy::Duplicate);
}

TEST(Decision, ReplayedLateAndForeignVotesAreNotCountedAndTheOrderGivenDoesNotMatter) {
    Proposal p = Make(DecisionRule::Majority, 5);
    std::vector<Vote> votes = {V("v0", VoteChoice::For, 10), V("v1", VoteChoice::Against, 20), V("v0", VoteChoice::Against, 30),
                               V("stranger", VoteChoice::For, 40), V("v2", VoteChoice::For, 1000), V("v3", VoteChoice::Abstain, 50)};
    Tally t = Count(p, votes, 2000);
    EXPECT_EQ(t.votes_for, 1);
    EXPECT_EQ(t.against, 1);
    EXPECT_EQ(t.abstain, 1);
    EXPECT_EQ(t.reason, OutcomeReason::Tie);
    std::vector<core::NotCountedWhy> whys;
    for (const auto& i : t.ignored) whys.push_back(i.why);
    std::sort(whys.begin(), whys.end());
    EXPECT_EQ(whys, (std::vector<core::NotCountedWhy>{core::NotCountedWhy::NotAVoter, core::NotCountedWhy::Duplicate,
                                                       core::NotCountedWhy::AfterDeadline}))
        << "a stranger, a second vote (a replay or a change of mind), one at the deadline";
    std::mt19937 rng(7);
    for (int i = 0; i < 20; i++) {
        std::shuffle(votes.begin(), votes.end(), rng);
        Tally s = Count(p, votes, 2000);
        EXPECT_EQ(s.votes_for, 1);
        EXPECT_EQ(s.against, 1);
        EXPECT_EQ(s.reason, OutcomeReason::Tie);
    }
}

TEST(Decision, DeadlinesFromAnHourToThirtyDaysAndNoVotersDecidesNothing) {
    EXPECT_FALSE(core::DeadlineAllowed(0, 3599));
    EXPECT_TRUE(core::DeadlineAllowed(0, 3600));
    EXPECT_TRUE(core::DeadlineAllowed(0, 30LL * 86400));
    EXPECT_FALSE(core::DeadlineAllowed(0, 30LL * 86400 + 1));
    Tally t = Count(Make(DecisionRule::Unanimous, 0), {}, 0);
    EXPECT_EQ(t.outcome, Outcome::Rejected);
    EXPECT_EQ(t.reason, OutcomeReason::NoVoters);
    core::DecisionRule r;
    EXPECT_TRUE(core::DecisionRuleFromCode("qualified", &r));
    EXPECT_EQ(r, DecisionRule::Qualified);
    EXPECT_FALSE(core::DecisionRuleFromCode("dictator", &r));
    core::VoteChoice c;
    EXPECT_TRUE(core::VoteChoiceFromCode("abstain", &c));
    EXPECT_FALSE(core::VoteChoiceFromCode("veto", &c));
}

}  // namespace

namespace {

// The reference backend closes proposals with its own count (tools/lkserver/rooms.py decide()):
// it must be the client's for every count of up to 8 voters, every rule and several quorums.
TEST(Decision, TheBackendsCountIsTheClientsForEveryCount) {
    std::string script = "import sys; sys.path.insert(0, '" LK_SOURCE_DIR "/tools')\n"
                         "from lkserver.rooms import decide\n"
                         "for rule in ('unanimous', 'majority', 'qualified'):\n"
                         "  for q in (1, 34, 50, 67, 100):\n"
                         "    for n in range(9):\n"
                         "      for f in range(n + 1):\n"
                         "        for a in range(n + 1 - f):\n"
                         "          for ab in range(n + 1 - f - a):\n"
                         "            for final in (0, 1):\n"
                         "              print(rule, q, n, f, a, ab, final, decide(rule, q, n, f, a, ab, bool(final)) or 'open')\n";
    std::string path = testing::TempDir() + "decide_cross.py";
    FILE* f = fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr);
    fputs(script.c_str(), f);
    fclose(f);
    FILE* p = popen(("/usr/bin/python3 '" + path + "'").c_str(), "r");
    ASSERT_NE(p, nullptr);
    char rule[16], outcome[16];
    int q, n, fo, a, ab, fin, lines = 0;
    while (fscanf(p, "%15s %d %d %d %d %d %d %15s", rule, &q, &n, &fo, &a, &ab, &fin, outcome) == 8) {
        core::DecisionRule r;
        ASSERT_TRUE(core::DecisionRuleFromCode(rule, &r));
        Proposal pr = Make(r, n, q);
        Outcome mine = DecideFromCounts(pr, fo, a, ab, fin != 0, nullptr);
        const char* want = mine == Outcome::Open ? "open" : mine == Outcome::Accepted ? "accepted" : "rejected";
        ASSERT_STREQ(outcome, want) << rule << " q" << q << " n" << n << " " << fo << "/" << a << "/" << ab << (fin ? " final" : "");
        lines++;
    }
    pclose(p);
    EXPECT_GT(lines, 10000) << "the backend's count was read";
}

}  // namespace
