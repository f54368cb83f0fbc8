#include "core/app_status.h"

namespace core {

namespace {

struct StatusInfo {
    AppStatus status;
    const char* code;
    const char* label_key;
    bool terminal;
    StatusTone tone;
};

const StatusInfo kStatuses[kAppStatusCount] = {
    {AppStatus::Draft, "draft", "status.draft", false, StatusTone::Neutral},
    {AppStatus::Submitted, "submitted", "status.submitted", false, StatusTone::Progress},
    {AppStatus::Accepted, "accepted", "status.accepted", false, StatusTone::Progress},
    {AppStatus::InProgress, "in_progress", "status.in_progress", false, StatusTone::Progress},
    {AppStatus::NeedsInfo, "needs_info", "status.needs_info", false, StatusTone::Attention},
    {AppStatus::Done, "done", "status.done", true, StatusTone::Success},
    {AppStatus::Rejected, "rejected", "status.rejected", true, StatusTone::Failure},
    {AppStatus::Cancelled, "cancelled", "status.cancelled", true, StatusTone::Neutral},
    {AppStatus::Expired, "expired", "status.expired", true, StatusTone::Failure},
};

struct Move {
    AppStatus from, to;
    StatusActor by;
};

// SPEC §5, row by row; docs/statuses.json says the same (test_app_status compares them).
const Move kMoves[] = {
    {AppStatus::Draft, AppStatus::Submitted, StatusActor::User},
    {AppStatus::Submitted, AppStatus::Accepted, StatusActor::Agency},
    {AppStatus::Submitted, AppStatus::Rejected, StatusActor::Agency},
    {AppStatus::Accepted, AppStatus::InProgress, StatusActor::Agency},
    {AppStatus::Accepted, AppStatus::Cancelled, StatusActor::User},
    {AppStatus::InProgress, AppStatus::NeedsInfo, StatusActor::Agency},
    {AppStatus::InProgress, AppStatus::Done, StatusActor::Agency},
    {AppStatus::InProgress, AppStatus::Rejected, StatusActor::Agency},
    {AppStatus::NeedsInfo, AppStatus::InProgress, StatusActor::User},
    {AppStatus::NeedsInfo, AppStatus::Expired, StatusActor::System},
};

const StatusInfo* Info(AppStatus s) {
    int i = (int)s;
    return i >= 0 && i < kAppStatusCount ? &kStatuses[i] : nullptr;
}

}  // namespace

AppStatus StatusFromCode(const std::string& code) {
    for (const StatusInfo& i : kStatuses)
        if (code == i.code) return i.status;
    return AppStatus::Unknown;
}

const char* StatusCode(AppStatus s) { return Info(s) ? Info(s)->code : ""; }
const char* StatusLabelKey(AppStatus s) { return Info(s) ? Info(s)->label_key : "status.unknown"; }
bool IsTerminal(AppStatus s) { return Info(s) && Info(s)->terminal; }
StatusTone ToneOf(AppStatus s) { return Info(s) ? Info(s)->tone : StatusTone::Neutral; }

bool MoveActor(AppStatus from, AppStatus to, StatusActor* by) {
    for (const Move& m : kMoves)
        if (m.from == from && m.to == to) {
            if (by) *by = m.by;
            return true;
        }
    return false;
}

bool CanMove(AppStatus from, AppStatus to, StatusActor by) {
    StatusActor who;
    return MoveActor(from, to, &who) && who == by;
}

std::vector<AppStatus> NextStatuses(AppStatus from) {
    std::vector<AppStatus> out;
    for (const Move& m : kMoves)
        if (m.from == from) out.push_back(m.to);
    return out;
}

bool CanCancel(AppStatus s) { return CanMove(s, AppStatus::Cancelled, StatusActor::User); }
bool CanAnswer(AppStatus s) { return s == AppStatus::NeedsInfo && CanMove(s, AppStatus::InProgress, StatusActor::User); }
bool HasResult(AppStatus s) { return s == AppStatus::Done; }
bool CanCopyIntoNew(AppStatus s) { return s == AppStatus::Rejected; }

}  // namespace core
