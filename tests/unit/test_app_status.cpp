// The application state machine (SPEC §5): every allowed and every forbidden move, for every
// actor, against a matrix written out here from the SPEC's table; and the contract's copy of the
// table (docs/statuses.json, which the reference backend enforces) says exactly the same.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/app_status.h"

using core::AppStatus;
using core::StatusActor;

namespace {

const AppStatus kAll[] = {AppStatus::Draft, AppStatus::Submitted, AppStatus::Accepted, AppStatus::InProgress, AppStatus::NeedsInfo,
                          AppStatus::Done, AppStatus::Rejected, AppStatus::Cancelled, AppStatus::Expired};

// Row: from; column: to. '.' forbidden, 'u' the user, 'a' the agency, 's' the system.
//                         Dr Su Ac IP NI Do Re Ca Ex
const char* const kMatrix[] = {
    /* Черновик        */ ". u . . . . . . .",
    /* Отправлено      */ ". . a . . . a . .",
    /* Принято         */ ". . . a . . . u .",
    /* В обработке     */ ". . . . a a a . .",
    /* Требуются уточн.*/ ". . . u . . . . s",
    /* Готово          */ ". . . . . . . . .",
    /* Отклонено       */ ". . . . . . . . .",
    /* Отменено        */ ". . . . . . . . .",
    /* Срок истёк      */ ". . . . . . . . .",
};

char Expected(int from, int to) { return kMatrix[from][to * 2]; }

char ActorChar(StatusActor a) { return a == StatusActor::User ? 'u' : a == StatusActor::Agency ? 'a' : 's'; }

}  // namespace

TEST(AppStatus, EveryMoveForEveryActorMatchesTheSpecTable) {
    int allowed = 0, forbidden = 0;
    for (int f = 0; f < core::kAppStatusCount; f++)
        for (int t = 0; t < core::kAppStatusCount; t++)
            for (StatusActor a : {StatusActor::User, StatusActor::Agency, StatusActor::System}) {
                bool want = Expected(f, t) == ActorChar(a);
                EXPECT_EQ(core::CanMove(kAll[f], kAll[t], a), want)
                    << core::StatusCode(kAll[f]) << " -> " << core::StatusCode(kAll[t]) << " by " << ActorChar(a);
                (want ? allowed : forbidden)++;
            }
    EXPECT_EQ(allowed, 10);
    EXPECT_EQ(forbidden, 9 * 9 * 3 - 10);
}

TEST(AppStatus, TerminalStatusesHaveNoWayOutAndOthersHaveOne) {
    for (AppStatus s : kAll) EXPECT_EQ(core::IsTerminal(s), core::NextStatuses(s).empty()) << core::StatusCode(s);
    EXPECT_TRUE(core::IsTerminal(AppStatus::Done));
    EXPECT_FALSE(core::IsTerminal(AppStatus::NeedsInfo));
}

TEST(AppStatus, AnUnknownCodeIsShownAsSuchAndOffersNothing) {
    AppStatus s = core::StatusFromCode("archived_by_new_backend");
    EXPECT_EQ(s, AppStatus::Unknown);
    EXPECT_STREQ(core::StatusLabelKey(s), "status.unknown");
    EXPECT_STREQ(core::StatusCode(s), "");
    EXPECT_FALSE(core::IsTerminal(s));
    EXPECT_TRUE(core::NextStatuses(s).empty());
    for (AppStatus to : kAll) EXPECT_FALSE(core::MoveActor(s, to, nullptr));
    EXPECT_FALSE(core::CanCancel(s) || core::CanAnswer(s) || core::HasResult(s) || core::CanCopyIntoNew(s));
    EXPECT_EQ(core::StatusFromCode(""), AppStatus::Unknown);
    EXPECT_EQ(core::StatusFromCode("DONE"), AppStatus::Unknown);  // codes are exact
}

TEST(AppStatus, CodesRoundTrip) {
    for (AppStatus s : kAll) EXPECT_EQ(core::StatusFromCode(core::StatusCode(s)), s);
    EXPECT_STREQ(core::StatusCode(AppStatus::NeedsInfo), "needs_info");
    EXPECT_STREQ(core::StatusLabelKey(AppStatus::InProgress), "status.in_progress");
}

TEST(AppStatus, ActionsFollowTheTable) {
    for (AppStatus s : kAll) {
        EXPECT_EQ(core::CanCancel(s), s == AppStatus::Accepted) << core::StatusCode(s);
        EXPECT_EQ(core::CanAnswer(s), s == AppStatus::NeedsInfo) << core::StatusCode(s);
        EXPECT_EQ(core::HasResult(s), s == AppStatus::Done) << core::StatusCode(s);
        EXPECT_EQ(core::CanCopyIntoNew(s), s == AppStatus::Rejected) << core::StatusCode(s);
    }
}

// The backend loads docs/statuses.json; the client compiles its table. They must be one table.
TEST(AppStatus, TheContractsTableIsTheSame) {
    std::ifstream in(std::string(LK_SOURCE_DIR) + "/docs/statuses.json");
    ASSERT_TRUE(in.good());
    std::stringstream ss;
    ss << in.rdbuf();
    nlohmann::json doc = nlohmann::json::parse(ss.str());
    std::set<std::string> codes;
    for (const auto& s : doc["statuses"]) {
        std::string code = s["code"];
        codes.insert(code);
        AppStatus st = core::StatusFromCode(code);
        ASSERT_NE(st, AppStatus::Unknown) << code;
        EXPECT_EQ(core::IsTerminal(st), s["terminal"].get<bool>()) << code;
    }
    EXPECT_EQ(codes.size(), (size_t)core::kAppStatusCount);
    std::set<std::string> theirs, ours;
    for (const auto& m : doc["transitions"]) theirs.insert(m["from"].get<std::string>() + ">" + m["to"].get<std::string>() + ":" + m["by"].get<std::string>());
    for (AppStatus f : kAll)
        for (AppStatus t : kAll) {
            StatusActor by;
            if (core::MoveActor(f, t, &by))
                ours.insert(std::string(core::StatusCode(f)) + ">" + core::StatusCode(t) + ":" +
                            (by == StatusActor::User ? "user" : by == StatusActor::Agency ? "agency" : "system"));
        }
    EXPECT_EQ(theirs, ours);
}
