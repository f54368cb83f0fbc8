// The outcome of a proposal in a collaboration room («Совместные решения», SPEC §7), computed the
// same way by every client from the votes it has verified — the server's word is not needed and
// not trusted. Pure logic: the caller has already checked each vote's Ed25519 signature and each
// delegation's; here they are counted.
//
// Rules (chosen by the proposal's author):
//   Unanimous   any «против» rejects at once; accepted when every voter has voted and none
//               against, with at least one «за» (all abstaining decides nothing: rejected).
//   Majority    simple majority of the votes cast («за» > «против»; abstentions count for the
//               quorum only), with a quorum of votes cast — default 50 % of the voters. A tie
//               rejects.
//   Qualified   «за» from at least 2/3 of all voters (abstaining or not voting counts against).
// A proposal closes at its deadline, or earlier as soon as the outcome can no longer change
// whatever the voters who have not voted yet do.
//
// Who votes: each voter is a member with the right to vote; a representative votes for the person
// they represent, under a delegation with scope «vote» that was in force at the vote's time. One
// vote per voter: the first counts (votes cannot be changed or withdrawn — nobody's vote, their
// own included, is edited, SPEC §7), later ones and votes after the deadline are listed as not
// counted, with the reason.
#pragma once
#include <string>
#include <vector>

namespace core {

enum class DecisionRule { Unanimous, Majority, Qualified };
enum class VoteChoice { For, Against, Abstain };

const char* DecisionRuleCode(DecisionRule r);  // "unanimous", "majority", "qualified"
bool DecisionRuleFromCode(const std::string& code, DecisionRule* out);
const char* VoteChoiceCode(VoteChoice c);       // "for", "against", "abstain"
bool VoteChoiceFromCode(const std::string& code, VoteChoice* out);

constexpr long long kMinDeadlineSeconds = 3600;            // 1 hour
constexpr long long kMaxDeadlineSeconds = 30LL * 86400;    // 30 days
// A deadline the author may choose for a proposal made at `created`.
bool DeadlineAllowed(long long created, long long deadline);

struct Vote {
    std::string author;       // who cast it (signed it)
    std::string on_behalf;    // the voter it is for; empty: the author's own vote
    VoteChoice choice = VoteChoice::Abstain;
    long long at = 0;         // seconds since 1970, from the signed vote
};

struct Delegation {
    std::string from, to;     // the person represented, the representative
    bool vote = false;        // scope includes voting
    long long since = 0, until = 0;  // in force during [since, until)
    long long withdrawn_at = 0;      // 0: not withdrawn; else ends then
};

struct Proposal {
    DecisionRule rule = DecisionRule::Majority;
    int quorum_percent = 50;  // Majority only: votes cast needed, in % of the voters (1..100)
    long long deadline = 0;
    std::vector<std::string> voters;  // members entitled to vote (each once)
};

enum class Outcome { Open, Accepted, Rejected };

// Why it ended (or where it stands), for the screen's words and the tests.
enum class OutcomeReason {
    None,            // still open
    Passed,          // accepted
    Vetoed,          // unanimous: someone voted against
    NotUnanimous,    // unanimous: not everyone voted «за» or abstained by the deadline
    AllAbstained,    // unanimous: nobody for
    NoQuorum,        // majority: too few votes cast
    Tie,             // majority: as many for as against
    MajorityAgainst, // majority: more against
    BelowTwoThirds,  // qualified: fewer than 2/3 of all voters for
    NoVoters,        // nobody may vote
    Withdrawn,       // its author (or a manager) withdrew it
    BadDeadline,     // made with a deadline outside 1 hour – 30 days: void
};

enum class NotCountedWhy { NotAVoter, NoDelegation, Duplicate, AfterDeadline };

struct Tally {
    int voters = 0, votes_for = 0, against = 0, abstain = 0;
    std::vector<std::string> not_voted;  // voters without a counted vote (reminders go to them)
    struct Counted { std::string voter, author; VoteChoice choice; long long at; };
    std::vector<Counted> counted;
    struct Ignored { size_t index; NotCountedWhy why; };  // index into the votes given
    std::vector<Ignored> ignored;
    Outcome outcome = Outcome::Open;
    OutcomeReason reason = OutcomeReason::None;
    bool early = false;         // decided before the deadline (it could no longer change)
    int needed_for = 0;         // qualified: «за» needed; majority: votes cast needed (quorum)
};

// The proposal at time `now` (seconds): votes counted, outcome if decided.
Tally CountVotes(const Proposal& p, const std::vector<Vote>& votes, const std::vector<Delegation>& delegations, long long now);

// The outcome from plain counts, for the closing rule alone: `final_count` when the deadline has
// passed (or everyone voted), else Open unless no remaining vote could change it.
Outcome DecideFromCounts(const Proposal& p, int votes_for, int against, int abstain, bool final_count, OutcomeReason* why);

}  // namespace core
