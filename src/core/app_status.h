// The statuses of an application and the moves between them (SPEC §5) as one state machine:
// the client shows statuses and offers actions from it, the reference backend enforces the same
// table (docs/statuses.json, compared with this one by a unit test) and refuses anything else.
#pragma once
#include <string>
#include <vector>

namespace core {

enum class AppStatus {
    Draft, Submitted, Accepted, InProgress, NeedsInfo, Done, Rejected, Cancelled, Expired,
    Unknown,  // a code this client does not know (a newer backend): shown as such, no actions
};
constexpr int kAppStatusCount = 9;  // the known ones, Draft … Expired

// Who makes a move: the applicant, the agency (its simulator in the reference backend), or the
// backend itself when a deadline passes.
enum class StatusActor { User, Agency, System };

AppStatus StatusFromCode(const std::string& code);  // Unknown for anything else
const char* StatusCode(AppStatus s);                // "in_progress"; "" for Unknown
const char* StatusLabelKey(AppStatus s);            // catalog key: "status.in_progress", "status.unknown"
bool IsTerminal(AppStatus s);

// The one table. An Unknown status has no moves in or out.
bool CanMove(AppStatus from, AppStatus to, StatusActor by);
// Who may make the move, if anyone.
bool MoveActor(AppStatus from, AppStatus to, StatusActor* by);
std::vector<AppStatus> NextStatuses(AppStatus from);

// How a status looks on a badge (the theme picks the colours).
enum class StatusTone { Neutral, Progress, Attention, Success, Failure };
StatusTone ToneOf(AppStatus s);

// What the applicant may do now, from the table: cancel (→ Cancelled), answer the agency's
// question (→ InProgress), download the result, start a new application from this one.
bool CanCancel(AppStatus s);
bool CanAnswer(AppStatus s);
bool HasResult(AppStatus s);
bool CanCopyIntoNew(AppStatus s);

}  // namespace core
