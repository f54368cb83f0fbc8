// A collaboration room's journal («Журнал действий», SPEC §7): every event — created, added,
// removed, a role changed, delegated, proposed, voted, signed, edited — signed by its author and
// hash-chained, so that the server, which stores and relays it, can neither forge, alter, drop
// nor reorder an entry unnoticed. Membership lives in the same chain: a person becomes a member
// only by an «added» entry signed by a member entitled to manage people (core/room_rights.h), so
// a server that adds someone on its own is caught before any client seals the room key to them
// (the flaw found in Matrix in 2022).
//
//   canonical_i = {"at","author","body","kind","prev","room","seq"} (sorted keys, no spaces)
//   signature_i = Ed25519(author's key, canonical_i)
//   hash_i      = BLAKE2b-256(hash_{i-1} ‖ canonical_i ‖ signature_i), hash_{-1} = 32 zero bytes
//   prev_i      = base64(hash_{i-1}), "" for the first entry
//
// The room key has epochs: a «rekeyed» {epoch} entry starts the next one (after a removal, so the
// removed member reads nothing new); `rekey_needed` says a removal has not been followed by one.
//
// Each client remembers the last head (seq, hash) it verified; a later journal that is shorter
// (a rollback) or has another entry at that place (a fork) is reported.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/room_rights.h"
#include "crypto/login_keys.h"

namespace crypto {

struct JournalEntry {
    long long seq = 0;
    std::string room;         // the room's id: an entry of one room is no entry of another
    std::string prev;         // base64 of the previous entry's hash; "" for the first
    std::string author;       // base64 of the author's Ed25519 public key
    std::string kind;         // created, added, removed, role, delegated, proposed, voted, signed, edited, …
    nlohmann::json body = nlohmann::json::object();
    long long at = 0;         // seconds since 1970, as the author's device stated it
    std::string signature;    // base64 Ed25519 over Canonical()

    std::string Canonical() const;
    static bool FromJson(const nlohmann::json& j, JournalEntry* out);
    nlohmann::json ToJson() const;
};

// Appends an entry after `head_hash` (base64, "" for the first) signed with `keys`; returns it
// with seq, prev, author and signature filled in.
JournalEntry SignEntry(JournalEntry e, long long seq, const std::string& head_hash, const IdentityKeys& keys);
std::string EntryHash(const std::string& prev_b64, const JournalEntry& e);  // base64 of hash_i

struct JournalHead {
    long long seq = -1;       // -1: nothing verified yet
    std::string hash;         // base64
};

// A member as the verified journal knows them: the role, and the X25519 key the room key is
// sealed to — bound in the signed «created» / «added» entry, never taken from the server's word.
struct RoomMember {
    core::RoomRole role = core::RoomRole::None;
    std::string box;  // base64 X25519 public key
};

enum class JournalProblem {
    None,
    Malformed,     // an entry that is not an entry
    Gap,           // seq not the next one: an entry removed or inserted
    BrokenLink,    // prev is not the hash of the entry before: altered or reordered
    BadSignature,  // not signed by its stated author: forged or altered
    NotAMember,    // written by someone who is not (or no longer) a member
    NotEntitled,   // a member acting beyond their role (an observer voting, a participant adding people)
    Rollback,      // shorter than the head this client verified before
    Fork,          // another entry where this client verified one before
};

struct JournalCheck {
    std::string room;                               // entry 0's room id
    JournalProblem problem = JournalProblem::None;
    long long at_seq = -1;                          // where it was found
    JournalHead head;                               // of the verified part
    std::map<std::string, RoomMember> members;      // Ed25519 key (base64) -> member, after the verified part
    int key_epoch = 0;                              // «rekeyed» entries so far
    bool rekey_needed = false;                      // someone was removed since the last «rekeyed»
    bool ok() const { return problem == JournalProblem::None; }
};

// Verifies the whole chain from its first entry, against the head remembered from last time.
JournalCheck VerifyJournal(const std::vector<JournalEntry>& entries, const JournalHead& remembered);
// The next entry after what `state` verified (a new page, a live addition): false, with the
// problem in `state`, when it does not verify; `remembered` as above.
bool VerifyNext(JournalCheck* state, const JournalEntry& e, const JournalHead& remembered);

}  // namespace crypto
