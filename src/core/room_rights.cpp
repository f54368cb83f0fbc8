#include "core/room_rights.h"

namespace core {

const char* RoomRoleCode(RoomRole r) {
    switch (r) {
        case RoomRole::Initiator: return "initiator";
        case RoomRole::Admin: return "admin";
        case RoomRole::Representative: return "representative";
        case RoomRole::Participant: return "participant";
        case RoomRole::Observer: return "observer";
        case RoomRole::Support: return "support";
        case RoomRole::None: return "";
    }
    return "";
}

RoomRole RoomRoleFromCode(const std::string& code) {
    for (RoomRole r : {RoomRole::Initiator, RoomRole::Admin, RoomRole::Representative, RoomRole::Participant, RoomRole::Observer,
                       RoomRole::Support})
        if (code == RoomRoleCode(r)) return r;
    return RoomRole::None;
}

bool RoleMay(RoomRole role, RoomRight right) {
    switch (role) {
        case RoomRole::Initiator:
        case RoomRole::Admin: return true;
        case RoomRole::Representative:
        case RoomRole::Participant: return right != RoomRight::ManagePeople;
        case RoomRole::Observer: return right == RoomRight::View || right == RoomRight::ReadJournal;
        case RoomRole::Support: return right == RoomRight::ReadJournal;
        case RoomRole::None: return false;
    }
    return false;
}

bool MayAssign(RoomRole by, RoomRole to) {
    return RoleMay(by, RoomRight::ManagePeople) && to != RoomRole::Initiator && to != RoomRole::None;
}

}  // namespace core
