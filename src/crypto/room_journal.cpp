#include "crypto/room_journal.h"

#include <sodium.h>

namespace crypto {

using nlohmann::json;
using core::RoomRight;
using core::RoomRole;

static std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string JournalEntry::Canonical() const {
    // nlohmann's object is a sorted map and dump() writes no spaces: the same bytes on every device.
    return Dump(json{{"at", at}, {"author", author}, {"body", body}, {"kind", kind}, {"prev", prev}, {"room", room}, {"seq", seq}});
}

json JournalEntry::ToJson() const {
    return {{"seq", seq}, {"room", room}, {"prev", prev}, {"author", author}, {"kind", kind}, {"body", body}, {"at", at}, {"signature", signature}};
}

bool JournalEntry::FromJson(const json& j, JournalEntry* out) {
    if (!j.is_object()) return false;
    auto text = [&](const char* k, std::string* s) {
        auto it = j.find(k);
        if (it == j.end() || !it->is_string() || it->get_ref<const std::string&>().size() > 256) return false;
        *s = it->get<std::string>();
        return true;
    };
    auto integer = [&](const char* k, long long* v) {
        auto it = j.find(k);
        if (it == j.end() || !it->is_number_integer()) return false;
        *v = it->get<long long>();
        return true;
    };
    JournalEntry e;
    if (!integer("seq", &e.seq) || !integer("at", &e.at) || !text("room", &e.room) || !text("prev", &e.prev) || !text("author", &e.author) ||
        !text("kind", &e.kind) || !text("signature", &e.signature))
        return false;
    auto body = j.find("body");
    if (body == j.end() || !body->is_object()) return false;
    e.body = *body;
    *out = std::move(e);
    return true;
}

static std::vector<uint8_t> RawHash(const std::string& prev_b64) {
    std::vector<uint8_t> raw;
    if (prev_b64.empty() || !Base64Decode(prev_b64, &raw) || raw.size() != crypto_generichash_BYTES) raw.assign(crypto_generichash_BYTES, 0);
    return raw;
}

static std::string HashOf(const std::string& prev_b64, const std::string& canonical, const std::string& signature) {
    std::vector<uint8_t> prev = RawHash(prev_b64), sig;
    Base64Decode(signature, &sig);
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, crypto_generichash_BYTES);
    crypto_generichash_update(&st, prev.data(), prev.size());
    crypto_generichash_update(&st, reinterpret_cast<const uint8_t*>(canonical.data()), canonical.size());
    crypto_generichash_update(&st, sig.data(), sig.size());
    uint8_t out[crypto_generichash_BYTES];
    crypto_generichash_final(&st, out, sizeof out);
    return Base64Encode(out, sizeof out);
}

std::string EntryHash(const std::string& prev_b64, const JournalEntry& e) { return HashOf(prev_b64, e.Canonical(), e.signature); }

JournalEntry SignEntry(JournalEntry e, long long seq, const std::string& head_hash, const IdentityKeys& keys) {
    e.seq = seq;
    e.prev = head_hash;
    e.author = Base64Encode(keys.ed25519_pk);
    std::string canonical = e.Canonical();
    uint8_t sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const uint8_t*>(canonical.data()), canonical.size(), keys.ed25519_sk.data());
    e.signature = Base64Encode(sig, sizeof sig);
    return e;
}

static bool SignatureValid(const JournalEntry& e, const std::string& canonical) {
    std::vector<uint8_t> pk, sig;
    if (!Base64Decode(e.author, &pk) || pk.size() != crypto_sign_PUBLICKEYBYTES) return false;
    if (!Base64Decode(e.signature, &sig) || sig.size() != crypto_sign_BYTES) return false;
    return crypto_sign_verify_detached(sig.data(), reinterpret_cast<const uint8_t*>(canonical.data()), canonical.size(), pk.data()) == 0;
}

static bool IsKey(const json& body, const char* field, std::string* out) {
    auto it = body.find(field);
    std::vector<uint8_t> raw;
    // Ed25519 and X25519 public keys are both 32 bytes.
    if (it == body.end() || !it->is_string() || !Base64Decode(it->get<std::string>(), &raw) || raw.size() != crypto_sign_PUBLICKEYBYTES) return false;
    *out = it->get<std::string>();
    return true;
}

// What an entry of `kind` needs of its author (membership changes are checked on their own).
static RoomRight RightFor(const std::string& kind) {
    if (kind == "proposed" || kind == "withdrawn") return RoomRight::Propose;
    if (kind == "voted" || kind == "signed" || kind == "delegated") return RoomRight::VoteSign;
    if (kind == "edited" || kind == "document" || kind == "sign_requested" || kind == "submitted") return RoomRight::EditDocuments;
    return RoomRight::View;  // a message, and kinds of newer clients
}

// Applies one entry to the members and the key epoch; the problem it shows, if any.
static JournalProblem Apply(const JournalEntry& e, JournalCheck* c) {
    std::map<std::string, RoomMember>& members = c->members;
    std::string member, box;
    if (e.kind == "created") {
        if (e.seq != 0) return JournalProblem::NotEntitled;
        if (!IsKey(e.body, "box", &box)) return JournalProblem::Malformed;
        members[e.author] = {RoomRole::Initiator, box};
        return JournalProblem::None;
    }
    auto self = members.find(e.author);
    if (self == members.end()) return JournalProblem::NotAMember;
    RoomRole by = self->second.role;
    if (e.kind == "added") {
        RoomRole role = core::RoomRoleFromCode(e.body.value("role", std::string()));
        if (!IsKey(e.body, "member", &member) || !IsKey(e.body, "box", &box)) return JournalProblem::Malformed;
        if (!core::MayAssign(by, role) || members.count(member)) return JournalProblem::NotEntitled;
        members[member] = {role, box};
        return JournalProblem::None;
    }
    if (e.kind == "role") {
        RoomRole role = core::RoomRoleFromCode(e.body.value("role", std::string()));
        if (!IsKey(e.body, "member", &member)) return JournalProblem::Malformed;
        auto it = members.find(member);
        if (!core::MayAssign(by, role) || it == members.end() || it->second.role == RoomRole::Initiator) return JournalProblem::NotEntitled;
        it->second.role = role;
        return JournalProblem::None;
    }
    if (e.kind == "removed") {
        if (!IsKey(e.body, "member", &member)) return JournalProblem::Malformed;
        auto it = members.find(member);
        if (it == members.end()) return JournalProblem::NotEntitled;
        bool leaving = member == e.author;
        if (!leaving && (!core::RoleMay(by, RoomRight::ManagePeople) || it->second.role == RoomRole::Initiator)) return JournalProblem::NotEntitled;
        members.erase(it);
        c->rekey_needed = true;
        return JournalProblem::None;
    }
    if (e.kind == "rekeyed") {
        // The next epoch, by someone who holds the key; epochs go up one at a time.
        auto epoch = e.body.find("epoch");
        if (epoch == e.body.end() || !epoch->is_number_integer()) return JournalProblem::Malformed;
        if (!core::HoldsRoomKey(by) || epoch->get<long long>() != c->key_epoch + 1) return JournalProblem::NotEntitled;
        c->key_epoch++;
        c->rekey_needed = false;
        return JournalProblem::None;
    }
    return core::RoleMay(by, RightFor(e.kind)) ? JournalProblem::None : JournalProblem::NotEntitled;
}

bool VerifyNext(JournalCheck* c, const JournalEntry& e, const JournalHead& remembered) {
    if (!c->ok()) return false;
    auto fail = [&](JournalProblem p) {
        c->problem = p;
        c->at_seq = e.seq;
        return false;
    };
    if (e.seq != c->head.seq + 1) {
        fail(JournalProblem::Gap);
        c->at_seq = c->head.seq + 1;  // where the missing (or extra) entry is
        return false;
    }
    if (e.seq == 0) c->room = e.room;
    if (e.prev != c->head.hash || e.room != c->room) return fail(JournalProblem::BrokenLink);
    std::string canonical = e.Canonical();  // once: it is most of the cost after the signature
    if (!SignatureValid(e, canonical)) return fail(JournalProblem::BadSignature);
    std::string hash = HashOf(c->head.hash, canonical, e.signature);
    if (e.seq == remembered.seq && hash != remembered.hash) return fail(JournalProblem::Fork);
    if (JournalProblem p = Apply(e, c); p != JournalProblem::None) return fail(p);
    c->head = {e.seq, hash};
    return true;
}

JournalCheck VerifyJournal(const std::vector<JournalEntry>& entries, const JournalHead& remembered) {
    JournalCheck c;
    if (remembered.seq >= (long long)entries.size()) {
        c.problem = JournalProblem::Rollback;
        c.at_seq = (long long)entries.size();
        return c;
    }
    for (const JournalEntry& e : entries)
        if (!VerifyNext(&c, e, remembered)) break;
    return c;
}

}  // namespace crypto
