// Roles and rights in a collaboration room (SPEC §7): the one table the client offers actions
// from, the journal verification checks every entry against, and the reference backend enforces
// (docs/rooms.md lists it for other backends).
//
// | role | view | edit documents | propose | vote / sign | manage people |
// | Заявитель (initiator) | yes | yes | yes | yes | yes |
// | Администратор | yes | yes | yes | yes | yes |
// | Уполномоченный представитель | yes | yes | yes | yes (for whom they represent) | no |
// | Участник | yes | yes | yes | yes | no |
// | Наблюдатель | yes | no | no | no | no |
// | Служба поддержки | journal only | no | no | no | no |
#pragma once
#include <string>

namespace core {

enum class RoomRole { Initiator, Admin, Representative, Participant, Observer, Support, None };
enum class RoomRight { View, ReadJournal, EditDocuments, Propose, VoteSign, ManagePeople };

const char* RoomRoleCode(RoomRole r);  // "initiator", "admin", "representative", "participant", "observer", "support"; "" for None
RoomRole RoomRoleFromCode(const std::string& code);  // None for anything else
bool RoleMay(RoomRole role, RoomRight right);
// A representative votes and signs only for the person they represent, under a delegation.
inline bool VotesOnlyOnBehalf(RoomRole role) { return role == RoomRole::Representative; }
// Who holds the room key (everyone who may view; support reads the journal only).
inline bool HoldsRoomKey(RoomRole role) { return RoleMay(role, RoomRight::View); }
// May `by` give the role `to` (invite, change a role)? Managers may give any role but the
// initiator's, which is the creator's alone.
bool MayAssign(RoomRole by, RoomRole to);

}  // namespace core
