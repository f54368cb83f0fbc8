#include "core/decision.h"

#include <algorithm>
#include <numeric>
#include <set>

namespace core {

const char* DecisionRuleCode(DecisionRule r) {
    switch (r) {
        case DecisionRule::Unanimous: return "unanimous";
        case DecisionRule::Majority: return "majority";
        case DecisionRule::Qualified: return "qualified";
    }
    return "";
}

bool DecisionRuleFromCode(const std::string& code, DecisionRule* out) {
    for (DecisionRule r : {DecisionRule::Unanimous, DecisionRule::Majority, DecisionRule::Qualified})
        if (code == DecisionRuleCode(r)) {
            *out = r;
            return true;
        }
    return false;
}

const char* VoteChoiceCode(VoteChoice c) {
    switch (c) {
        case VoteChoice::For: return "for";
        case VoteChoice::Against: return "against";
        case VoteChoice::Abstain: return "abstain";
    }
    return "";
}

bool VoteChoiceFromCode(const std::string& code, VoteChoice* out) {
    for (VoteChoice c : {VoteChoice::For, VoteChoice::Against, VoteChoice::Abstain})
        if (code == VoteChoiceCode(c)) {
            *out = c;
            return true;
        }
    return false;
}

bool DeadlineAllowed(long long created, long long deadline) {
    long long span = deadline - created;
    return span >= kMinDeadlineSeconds && span <= kMaxDeadlineSeconds;
}

static int QuorumVotes(const Proposal& p, int voters) {
    int pct = std::clamp(p.quorum_percent, 1, 100);
    return std::max(1, (voters * pct + 99) / 100);  // rounded up: 50 % of 3 is 2
}

static int TwoThirds(int voters) { return (voters * 2 + 2) / 3; }  // rounded up: 2/3 of 4 is 3

Outcome DecideFromCounts(const Proposal& p, int f, int a, int ab, bool final_count, OutcomeReason* why) {
    OutcomeReason dummy;
    OutcomeReason& reason = why ? *why : dummy;
    reason = OutcomeReason::None;
    const int n = (int)p.voters.size();
    const int remaining = std::max(0, n - f - a - ab);
    if (n == 0) {
        reason = OutcomeReason::NoVoters;
        return Outcome::Rejected;
    }
    final_count = final_count || remaining == 0;
    switch (p.rule) {
        case DecisionRule::Unanimous:
            if (a > 0) {
                reason = OutcomeReason::Vetoed;
                return Outcome::Rejected;
            }
            if (remaining == 0) {
                reason = f > 0 ? OutcomeReason::Passed : OutcomeReason::AllAbstained;
                return f > 0 ? Outcome::Accepted : Outcome::Rejected;
            }
            if (final_count) {
                reason = OutcomeReason::NotUnanimous;
                return Outcome::Rejected;
            }
            return Outcome::Open;
        case DecisionRule::Majority: {
            const int quorum = QuorumVotes(p, n);
            const int cast = f + a + ab;
            if (final_count) {
                if (cast < quorum) reason = OutcomeReason::NoQuorum;
                else reason = f > a ? OutcomeReason::Passed : f == a ? OutcomeReason::Tie : OutcomeReason::MajorityAgainst;
                return reason == OutcomeReason::Passed ? Outcome::Accepted : Outcome::Rejected;
            }
            // Settled when even the worst the others can do keeps it (all against, or none voting
            // — the quorum is already there), or even the best cannot save it (all for).
            if (cast >= quorum && f > a + remaining) {
                reason = OutcomeReason::Passed;
                return Outcome::Accepted;
            }
            if (f + remaining <= a) {
                reason = OutcomeReason::MajorityAgainst;
                return Outcome::Rejected;
            }
            return Outcome::Open;
        }
        case DecisionRule::Qualified: {
            const int needed = TwoThirds(n);
            if (f >= needed) {
                reason = OutcomeReason::Passed;
                return Outcome::Accepted;
            }
            if (final_count || f + remaining < needed) {
                reason = OutcomeReason::BelowTwoThirds;
                return Outcome::Rejected;
            }
            return Outcome::Open;
        }
    }
    return Outcome::Open;
}

static bool DelegatedAt(const std::vector<Delegation>& ds, const std::string& from, const std::string& to, long long at) {
    for (const Delegation& d : ds)
        if (d.from == from && d.to == to && d.vote && at >= d.since && at < d.until && (d.withdrawn_at == 0 || at < d.withdrawn_at))
            return true;
    return false;
}

Tally CountVotes(const Proposal& p, const std::vector<Vote>& votes, const std::vector<Delegation>& delegations, long long now) {
    Tally t;
    std::set<std::string> voters(p.voters.begin(), p.voters.end());
    t.voters = (int)voters.size();
    Proposal unique = p;
    unique.voters.assign(voters.begin(), voters.end());
    t.needed_for = p.rule == DecisionRule::Qualified ? TwoThirds(t.voters) : p.rule == DecisionRule::Majority ? QuorumVotes(unique, t.voters) : t.voters;

    // In the order they were cast (ties in the order given), so that every client counts the same
    // votes whatever order the server listed them in.
    std::vector<size_t> order(votes.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return votes[x].at < votes[y].at; });

    std::set<std::string> voted;
    long long closed_at = -1;  // the instant it was settled (the deadline at the latest)
    for (size_t i : order) {
        const Vote& v = votes[i];
        const std::string& voter = v.on_behalf.empty() ? v.author : v.on_behalf;
        if (v.at >= p.deadline || closed_at >= 0) {
            t.ignored.push_back({i, NotCountedWhy::AfterDeadline});
            continue;
        }
        if (!voters.count(voter)) {
            t.ignored.push_back({i, NotCountedWhy::NotAVoter});
            continue;
        }
        if (voter != v.author && !DelegatedAt(delegations, voter, v.author, v.at)) {
            t.ignored.push_back({i, NotCountedWhy::NoDelegation});
            continue;
        }
        if (!voted.insert(voter).second) {
            t.ignored.push_back({i, NotCountedWhy::Duplicate});
            continue;
        }
        t.counted.push_back({voter, v.author, v.choice, v.at});
        (v.choice == VoteChoice::For ? t.votes_for : v.choice == VoteChoice::Against ? t.against : t.abstain)++;
        // Settled by this vote: what comes after it is not counted (every client stops here).
        if (DecideFromCounts(unique, t.votes_for, t.against, t.abstain, false, nullptr) != Outcome::Open) closed_at = v.at;
    }
    for (const std::string& v : unique.voters)
        if (!voted.count(v)) t.not_voted.push_back(v);
    bool final_count = now >= p.deadline;
    t.outcome = DecideFromCounts(unique, t.votes_for, t.against, t.abstain, final_count, &t.reason);
    t.early = t.outcome != Outcome::Open && (closed_at >= 0 ? closed_at < p.deadline : !final_count);
    return t;
}

}  // namespace core
