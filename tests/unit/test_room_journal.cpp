// The room journal (crypto/room_journal.h): a chain three members write verifies; every way a
// server could tamper with it is reported at the entry where it happened — an altered entry, a
// removed one, two swapped, a member it adds on its own, an old vote replayed, a rollback to an
// earlier head, a fork — and so is a member acting beyond their role.
#include <gtest/gtest.h>

#include "crypto/login_keys.h"
#include "crypto/room_journal.h"
#include "crypto/room_keys.h"
#include "crypto/secret_box.h"

using crypto::JournalEntry;
using crypto::JournalHead;
using crypto::JournalProblem;
using nlohmann::json;

namespace {

struct Room {
    std::vector<JournalEntry> entries;
    std::string head;  // hash of the last entry
    void Add(const crypto::IdentityKeys& by, const std::string& kind, json body = json::object(), long long at = 1796000000) {
        JournalEntry e;
        e.room = "R1";
        e.kind = kind;
        e.body = std::move(body);
        e.at = at + (long long)entries.size();
        e = crypto::SignEntry(e, (long long)entries.size(), head, by);
        head = crypto::EntryHash(head, e);
        entries.push_back(e);
    }
    crypto::JournalCheck Check(const JournalHead& remembered = {}) const { return crypto::VerifyJournal(entries, remembered); }
};

std::string Pk(const crypto::IdentityKeys& k) { return crypto::Base64Encode(k.ed25519_pk); }
std::string Box(const crypto::IdentityKeys& k) { return crypto::Base64Encode(k.x25519_pk); }
json Added(const crypto::IdentityKeys& k, const char* role) { return {{"member", Pk(k)}, {"box", Box(k)}, {"role", role}}; }

class RoomJournal : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(crypto::Init());
        anna = crypto::GenerateIdentityKeys();
        boris = crypto::GenerateIdentityKeys();
        vera = crypto::GenerateIdentityKeys();
        mallory = crypto::GenerateIdentityKeys();
        room.Add(anna, "created", {{"title", "Семейное заявление"}, {"box", Box(anna)}});
        room.Add(anna, "added", Added(boris, "participant"));
        room.Add(anna, "added", Added(vera, "observer"));
        room.Add(boris, "proposed", {{"proposal", "p1"}, {"rule", "majority"}});
        room.Add(anna, "voted", {{"proposal", "p1"}, {"choice", "for"}});
        room.Add(boris, "voted", {{"proposal", "p1"}, {"choice", "against"}});
    }
    crypto::IdentityKeys anna, boris, vera, mallory;
    Room room;
};

TEST_F(RoomJournal, AnHonestChainVerifiesWithItsMembersAndRoles) {
    crypto::JournalCheck c = room.Check();
    ASSERT_TRUE(c.ok()) << (int)c.problem << " at " << c.at_seq;
    EXPECT_EQ(c.head.seq, 5);
    EXPECT_EQ(c.head.hash, room.head);
    EXPECT_EQ(c.members.size(), 3u);
    EXPECT_EQ(c.members[Pk(anna)].role, core::RoomRole::Initiator);
    EXPECT_EQ(c.members[Pk(vera)].role, core::RoomRole::Observer);
    EXPECT_EQ(c.members[Pk(boris)].box, Box(boris)) << "the key the room key is sealed to, from a signed entry";
    // The entries survive a trip through JSON (what the server stores and relays).
    std::vector<JournalEntry> back;
    for (const JournalEntry& e : room.entries) {
        JournalEntry r;
        ASSERT_TRUE(JournalEntry::FromJson(json::parse(e.ToJson().dump()), &r));
        back.push_back(r);
    }
    EXPECT_TRUE(crypto::VerifyJournal(back, c.head).ok());
}

TEST_F(RoomJournal, AnAlteredEntryIsCaughtWhereverTheServerChangedIt) {
    Room r = room;
    r.entries[5].body["choice"] = "for";  // Boris's vote turned around
    EXPECT_EQ(r.Check().problem, JournalProblem::BadSignature);
    EXPECT_EQ(r.Check().at_seq, 5);
    r = room;
    r.entries[4].at += 1;  // even the time of an entry
    EXPECT_EQ(r.Check().problem, JournalProblem::BadSignature);
    r = room;
    r.entries[2].room = "R2";  // an entry of another room
    EXPECT_EQ(r.Check().problem, JournalProblem::BrokenLink);
}

TEST_F(RoomJournal, ARemovedOrReorderedEntryBreaksTheChain) {
    Room r = room;
    r.entries.erase(r.entries.begin() + 4);  // Anna's vote dropped
    EXPECT_EQ(r.Check().problem, JournalProblem::Gap);
    EXPECT_EQ(r.Check().at_seq, 4);
    r = room;
    std::swap(r.entries[4], r.entries[5]);
    std::swap(r.entries[4].seq, r.entries[5].seq);  // renumbered too: the signatures say otherwise
    JournalProblem p = r.Check().problem;
    EXPECT_TRUE(p == JournalProblem::BrokenLink || p == JournalProblem::BadSignature) << (int)p;
}

TEST_F(RoomJournal, AMemberTheServerAddsOnItsOwnIsNotAMember) {
    // The server cannot sign as Anna: an «added» entry signed by a key of its own is not a
    // manager's, and the key it adds is not trusted with the room key.
    Room r = room;
    r.Add(mallory, "added", Added(mallory, "admin"));
    crypto::JournalCheck c = r.Check();
    EXPECT_EQ(c.problem, JournalProblem::NotAMember);
    EXPECT_EQ(c.at_seq, 6);
    EXPECT_EQ(c.members.count(Pk(mallory)), 0u);
    // Nor can a participant bring someone in, or an observer vote.
    r = room;
    r.Add(boris, "added", Added(mallory, "participant"));
    EXPECT_EQ(r.Check().problem, JournalProblem::NotEntitled);
    r = room;
    r.Add(vera, "voted", {{"proposal", "p1"}, {"choice", "for"}});
    EXPECT_EQ(r.Check().problem, JournalProblem::NotEntitled);
    // Nobody but the creator is the initiator; an admin cannot remove the initiator.
    r = room;
    r.Add(anna, "role", {{"member", Pk(boris)}, {"role", "admin"}});
    r.Add(boris, "removed", {{"member", Pk(anna)}});
    EXPECT_EQ(r.Check().problem, JournalProblem::NotEntitled);
    EXPECT_EQ(r.Check().at_seq, 7);
}

TEST_F(RoomJournal, ARemovedMemberWritesNothingMore) {
    Room r = room;
    r.Add(anna, "removed", {{"member", Pk(boris)}});
    ASSERT_TRUE(r.Check().ok());
    EXPECT_EQ(r.Check().members.count(Pk(boris)), 0u);
    r.Add(boris, "voted", {{"proposal", "p1"}, {"choice", "for"}});
    EXPECT_EQ(r.Check().problem, JournalProblem::NotAMember);
}

TEST_F(RoomJournal, AReplayedVoteIsNoNewEntry) {
    // Boris's signed vote copied to the end of the chain: its seq and prev are those of its old
    // place, so it does not fit; renumbered, its signature no longer holds.
    Room r = room;
    JournalEntry replay = room.entries[5];
    r.entries.push_back(replay);
    EXPECT_EQ(r.Check().problem, JournalProblem::Gap);
    replay.seq = 6;
    replay.prev = room.head;
    r.entries.back() = replay;
    EXPECT_EQ(r.Check().problem, JournalProblem::BadSignature);
}

TEST_F(RoomJournal, ARollbackOrAForkAfterAHeadWasVerifiedIsReported) {
    JournalHead seen = room.Check().head;
    Room shorter = room;
    shorter.entries.pop_back();
    EXPECT_EQ(shorter.Check(seen).problem, JournalProblem::Rollback) << "the server shows an older history";
    // Another history from entry 5 on: each entry well signed by its author, but not the one seen.
    Room fork = room;
    fork.entries.pop_back();
    fork.head = crypto::EntryHash(fork.entries.back().prev, fork.entries.back());
    fork.Add(boris, "voted", {{"proposal", "p1"}, {"choice", "abstain"}});
    ASSERT_TRUE(fork.Check().ok()) << "valid on its own";
    EXPECT_EQ(fork.Check(seen).problem, JournalProblem::Fork);
    EXPECT_EQ(fork.Check(seen).at_seq, 5);
    // Growing on from the head seen is fine.
    Room longer = room;
    longer.Add(anna, "message", {{"text", "…"}});
    EXPECT_TRUE(longer.Check(seen).ok());
}

TEST_F(RoomJournal, HostileEntriesAreRefusedNotTrusted) {
    JournalEntry e;
    EXPECT_FALSE(JournalEntry::FromJson(json::parse(R"({"seq":"1"})"), &e));
    EXPECT_FALSE(JournalEntry::FromJson(json::parse(R"([])"), &e));
    json big = room.entries[1].ToJson();
    big["kind"] = std::string(300, 'x');
    EXPECT_FALSE(JournalEntry::FromJson(big, &e)) << "oversize fields";
    Room r = room;
    r.Add(anna, "added", {{"member", "not a key"}, {"box", Box(mallory)}, {"role", "participant"}});
    EXPECT_EQ(r.Check().problem, JournalProblem::Malformed);
    r = room;
    r.Add(anna, "added", {{"member", Pk(mallory)}, {"role", "participant"}});  // no key to seal to
    EXPECT_EQ(r.Check().problem, JournalProblem::Malformed);
    r = room;
    r.entries[3].signature = "AAAA";
    EXPECT_EQ(r.Check().problem, JournalProblem::BadSignature);
}

// The room key goes only to the members the verified journal names, sealed to the X25519 key
// their signed «added» entry binds; a removal asks for a new epoch, and the removed member cannot
// open it. Content is bound to its room, epoch and kind.
TEST_F(RoomJournal, TheRoomKeyIsSealedOnlyToVerifiedMembersAndRotatedAfterARemoval) {
    crypto::SecretBytes key = crypto::NewSecretKey();
    std::vector<crypto::SealedRoomKey> sealed;
    ASSERT_EQ(crypto::SealRoomKey(key, 0, room.Check(), &sealed), crypto::RoomKeyRefusal::None);
    ASSERT_EQ(sealed.size(), 3u) << "initiator, participant and observer hold it";
    for (const auto& s : sealed) {
        const crypto::IdentityKeys& who = s.member == Pk(anna) ? anna : s.member == Pk(boris) ? boris : vera;
        crypto::SecretBytes opened;
        ASSERT_TRUE(crypto::OpenRoomKey(s.sealed, who, &opened));
        EXPECT_TRUE(std::equal(opened.data(), opened.data() + opened.size(), key.data()));
        EXPECT_FALSE(crypto::OpenRoomKey(s.sealed, mallory, &opened)) << "nobody else opens it";
    }
    // A journal with a member the server added: no key for anyone until it is resolved.
    Room forged = room;
    forged.Add(mallory, "added", Added(mallory, "admin"));
    EXPECT_EQ(crypto::SealRoomKey(key, 0, forged.Check(), &sealed), crypto::RoomKeyRefusal::JournalNotVerified);
    EXPECT_TRUE(sealed.empty());
    // Boris removed: the old epoch is not handed out again; a new key for epoch 1 reaches the rest.
    Room r = room;
    r.Add(anna, "removed", {{"member", Pk(boris)}});
    EXPECT_EQ(crypto::SealRoomKey(key, 0, r.Check(), &sealed), crypto::RoomKeyRefusal::RekeyNeeded);
    r.Add(anna, "rekeyed", {{"epoch", 1}});
    crypto::SecretBytes next = crypto::NewSecretKey();
    ASSERT_EQ(crypto::SealRoomKey(next, 1, r.Check(), &sealed), crypto::RoomKeyRefusal::None);
    EXPECT_EQ(sealed.size(), 2u);
    for (const auto& s : sealed) EXPECT_NE(s.member, Pk(boris));
    std::vector<uint8_t> blob = crypto::EncryptForRoom(next, "R1", 1, "message", "Подписываем в пятницу");
    std::string text;
    ASSERT_TRUE(crypto::DecryptForRoom(next, "R1", 1, "message", blob, &text));
    EXPECT_EQ(text, "Подписываем в пятницу");
    EXPECT_FALSE(crypto::DecryptForRoom(key, "R1", 1, "message", blob, &text)) << "Boris's old key reads nothing new";
    EXPECT_FALSE(crypto::DecryptForRoom(next, "R2", 1, "message", blob, &text)) << "not movable to another room";
    EXPECT_FALSE(crypto::DecryptForRoom(next, "R1", 1, "proposal", blob, &text)) << "nor passed off as a proposal";
    // Epochs go up one at a time, by a key holder.
    r.Add(anna, "rekeyed", {{"epoch", 3}});
    EXPECT_EQ(r.Check().problem, JournalProblem::NotEntitled);
}

}  // namespace

// The safety code a manager reads out before admitting someone: the same for the same keys on
// every device, different when either key is another (a server swapping in its own box key), and
// nothing for what is not a key.
TEST(RoomKeys, SafetyCodeIsTwentyDigitsBoundToBothKeys) {
    ASSERT_TRUE(crypto::Init());
    crypto::IdentityKeys a = crypto::GenerateIdentityKeys(), b = crypto::GenerateIdentityKeys();
    std::string ed = crypto::Base64Encode(a.ed25519_pk), x = crypto::Base64Encode(a.x25519_pk);
    std::string code = crypto::SafetyCode(ed, x);
    ASSERT_EQ(code.size(), 23u);
    for (size_t i = 0; i < code.size(); i++) EXPECT_TRUE(i % 6 == 5 ? code[i] == ' ' : (code[i] >= '0' && code[i] <= '9')) << code;
    EXPECT_EQ(crypto::SafetyCode(ed, x), code);
    EXPECT_NE(crypto::SafetyCode(ed, crypto::Base64Encode(b.x25519_pk)), code) << "another box key";
    EXPECT_NE(crypto::SafetyCode(crypto::Base64Encode(b.ed25519_pk), x), code) << "another signing key";
    EXPECT_EQ(crypto::SafetyCode("not a key", x), "");
    EXPECT_EQ(crypto::SafetyCode(ed, crypto::Base64Encode(std::vector<uint8_t>(16, 1))), "");
}
