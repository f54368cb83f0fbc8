// Rooms through the real client stack against the real reference backend (SPEC §7): three
// citizens on three devices share a journal; two write at the same instant and both entries
// land; then the database is tampered with — a journal row changed, one deleted, a member added
// directly with an entry the server forged, an old vote replayed — and every member's device
// reports it.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>

#include "client/room_session.h"
#include "client/uploads.h"
#include "native_client.h"
#include "seeded_server.h"
#include "server_process.h"

using nlohmann::json;
using testing_support::NativeClient;
using testing_support::ServerProcess;
using crypto::JournalProblem;

namespace {

struct Member : NativeClient {
    explicit Member(const std::string& url) : NativeClient(url), room(api) {
        store.put = [this](const std::string& k, const std::string& v) { storage[k] = v; };
        store.get = [this](const std::string& k) { return storage.count(k) ? storage[k] : std::string(); };
        store.remove = [this](const std::string& k) { storage.erase(k); };
    }
    std::string Key() const { return crypto::Base64Encode(auth.Keys().ed25519_pk); }
    std::string Box() const { return crypto::Base64Encode(auth.Keys().x25519_pk); }
    void StartRoom() { room.Start(auth.CurrentAccount().id, auth.Keys(), store); }
    client::ApiError Append(const std::string& kind, json body) {
        client::ApiError out;
        out.code = "pending";
        room.Append(kind, std::move(body), [&](client::ApiError e) { out = e; });
        Settle();
        return out;
    }
    // Runs a RoomSession call that reports through a callback, and waits for it.
    client::ApiError Wait(const std::function<void(std::function<void(client::ApiError)>)>& call) {
        client::ApiError out;
        bool done = false;
        call([&](client::ApiError e) { out = e; done = true; });
        for (int i = 0; i < 50 && !done; i++) Settle();
        EXPECT_TRUE(done);
        return out;
    }
    std::map<std::string, std::string> storage;
    client::LocalStore store;
    client::RoomSession room;
};

class RoomSessionTest : public testing_support::SeededServerTest {
protected:

    // Anna (initiator), Olga (participant) and Petr (observer) on their devices, in a new room; its id, "" on failure.
    static std::string RoomOfThree(Member& anna, Member& olga, Member& petr, const char* kind, const char* title) {
        bool in = anna.SignIn(*server, "+79001234567", "Gosuslugi2026", "+79001234567") &&
                  olga.SignIn(*server, "+79001234568", "Gosuslugi2026", "+79001234568") &&
                  petr.SignIn(*server, "+79161112233", "Gosuslugi2026", "+79161112233");
        EXPECT_TRUE(in);
        for (Member* m : {&anna, &olga, &petr}) m->StartRoom();
        std::string id;
        anna.room.Create(kind, title, [&](const std::string& room, client::ApiError e) {
            id = room;
            EXPECT_TRUE(e.ok()) << e.code << " " << e.message;
        });
        anna.Settle();
        if (id.size() != 32 || !anna.Append("added", {{"member", olga.Key()}, {"box", olga.Box()}, {"role", "participant"}}).ok() ||
            !anna.Append("added", {{"member", petr.Key()}, {"box", petr.Box()}, {"role", "observer"}}).ok())
            return "";
        return id;
    }
    // What a compromised server (or whoever holds its database) does, straight in SQLite.
    static void Sql(const std::string& python_body) {
        std::string path = server->dir() + "/tamper.py";
        std::ofstream(path) << "import json, sqlite3\ncon = sqlite3.connect(" << json(server->db_path()).dump() << ")\n"
                            << python_body << "\ncon.commit()\n";
        ASSERT_EQ(std::system(("/usr/bin/python3 '" + path + "'").c_str()), 0) << python_body;
    }
    static json Row(const std::string& room, long long seq) {
        std::string path = server->dir() + "/row.json";
        Sql("open(" + json(path).dump() + ", 'w').write(con.execute('SELECT entry FROM room_journal WHERE room_id = ? AND seq = ?', (" +
            json(room).dump() + ", " + std::to_string(seq) + ")).fetchone()[0])");
        std::ifstream in(path);
        return json::parse(in, nullptr, false);
    }
    // Writes `entry` as the journal's next row with its chain hash, as a server would serve it.
    static void ServerAppends(const std::string& room, const crypto::JournalEntry& e) {
        std::string hash = crypto::EntryHash(e.prev, e);
        Sql("con.execute('INSERT INTO room_journal (room_id, seq, entry, hash, received_at) VALUES (?,?,?,?,0)', (" + json(room).dump() + ", " +
            std::to_string(e.seq) + ", " + json(e.ToJson().dump()).dump() + ", " + json(hash).dump() + "))\n"
            "con.execute('UPDATE rooms SET head_seq = ?, head = ? WHERE id = ?', (" + std::to_string(e.seq) + ", " + json(hash).dump() + ", " +
            json(room).dump() + "))");
    }
};

TEST_F(RoomSessionTest, MembersShareAVerifiedJournalAndEveryDeviceReportsTampering) {
    ASSERT_TRUE(server->ok());
    Member anna(server->api_url()), olga(server->api_url()), petr(server->api_url());
    std::string id = RoomOfThree(anna, olga, petr, "family", "Семейное заявление");
    ASSERT_EQ(id.size(), 32u);
    ASSERT_TRUE(anna.room.check.ok());
    EXPECT_EQ(anna.room.MyRole(), core::RoomRole::Initiator);

    olga.room.Open(id);
    petr.room.Open(id);
    olga.Settle();
    petr.Settle();
    ASSERT_TRUE(olga.room.check.ok()) << (int)olga.room.check.problem;
    EXPECT_EQ(olga.room.MyRole(), core::RoomRole::Participant);
    EXPECT_EQ(petr.room.MyRole(), core::RoomRole::Observer);
    EXPECT_EQ(olga.room.check.members.size(), 3u);

    long long deadline = anna.room.entries.back().at + 7200;
    ASSERT_TRUE(anna.Append("proposed", {{"proposal", "p1"}, {"rule", "majority"}, {"deadline", deadline}}).ok());
    olga.room.Refresh();
    olga.Settle();
    // Two write at once: one is second, reads on, signs anew — both entries land, in order.
    client::ApiError a_done, o_done;
    a_done.code = o_done.code = "pending";
    anna.room.Append("message", {{"text", "a"}}, [&](client::ApiError e) { a_done = e; });
    olga.room.Append("voted", {{"proposal", "p1"}, {"choice", "for"}}, [&](client::ApiError e) { o_done = e; });
    for (int i = 0; i < 200 && (a_done.code == "pending" || o_done.code == "pending"); i++) {
        anna.Settle();
        olga.Settle();
    }
    EXPECT_TRUE(a_done.ok()) << a_done.code;
    EXPECT_TRUE(o_done.ok()) << o_done.code;
    for (Member* m : {&anna, &olga, &petr}) {
        m->room.Refresh();
        m->Settle();
        ASSERT_TRUE(m->room.check.ok());
        EXPECT_EQ(m->room.check.head.seq, 5);
    }
    // An observer may not vote: refused by the server (and the table it shares with the client).
    EXPECT_EQ(petr.Append("voted", {{"proposal", "p1"}, {"choice", "against"}}).code, "room_forbidden");
    long long vote_seq = -1;
    for (const auto& e : anna.room.entries)
        if (e.kind == "voted") vote_seq = e.seq;
    ASSERT_GE(vote_seq, 4);

    auto every_device_reports = [&](JournalProblem want, long long at, const char* what) {
        for (Member* m : {&anna, &olga, &petr}) {
            m->room.Open(id);
            m->Settle();
            EXPECT_EQ(m->room.check.problem, want) << what;
            EXPECT_EQ(m->room.check.at_seq, at) << what;
            EXPECT_EQ(m->room.MyRole(), core::RoomRole::None) << what << ": nothing in a broken journal is trusted";
        }
    };

    // 1. A journal row changed: Olga's vote turned around.
    json vote = Row(id, vote_seq);
    json turned = vote;
    turned["body"]["choice"] = "against";
    Sql("con.execute('UPDATE room_journal SET entry = ? WHERE room_id = ? AND seq = ?', (" + json(turned.dump()).dump() + ", " + json(id).dump() + ", " +
        std::to_string(vote_seq) + "))");
    every_device_reports(JournalProblem::BadSignature, vote_seq, "an altered row");
    Sql("con.execute('UPDATE room_journal SET entry = ? WHERE room_id = ? AND seq = ?', (" + json(vote.dump()).dump() + ", " + json(id).dump() + ", " +
        std::to_string(vote_seq) + "))");
    for (Member* m : {&anna, &olga, &petr}) {
        m->room.Open(id);
        m->Settle();
        ASSERT_TRUE(m->room.check.ok()) << "restored";
    }

    // 2. A row deleted (entry 2, Petr's admission): a gap for everyone.
    json added_petr = Row(id, 2);
    Sql("con.execute('DELETE FROM room_journal WHERE room_id = ? AND seq = 2', (" + json(id).dump() + ",))");
    every_device_reports(JournalProblem::Gap, 2, "a deleted row");
    Sql("con.execute('INSERT INTO room_journal (room_id, seq, entry, hash, received_at) VALUES (?, 2, ?, ?, 0)', (" + json(id).dump() + ", " +
        json(added_petr.dump()).dump() + ", ''))");

    // The last row deleted: a device that had seen it reports a rollback.
    json last = Row(id, 5);
    Sql("con.execute('DELETE FROM room_journal WHERE room_id = ? AND seq = 5', (" + json(id).dump() + ",))");
    every_device_reports(JournalProblem::Rollback, 5, "the newest row deleted");
    Sql("con.execute('INSERT INTO room_journal (room_id, seq, entry, hash, received_at) VALUES (?, 5, ?, ?, 0)', (" + json(id).dump() + ", " +
        json(last.dump()).dump() + ", ''))");
    for (Member* m : {&anna, &olga, &petr}) {
        m->room.Open(id);
        m->Settle();
        ASSERT_TRUE(m->room.check.ok()) << "restored: " << (int)m->room.check.problem;
    }

    // 3. A member added directly: a row in room_members and an «added» entry the server signed
    // with a key of its own (it has no manager's key). Nobody takes the newcomer for a member.
    crypto::IdentityKeys intruder = crypto::GenerateIdentityKeys();
    crypto::JournalEntry forged;
    forged.room = id;
    forged.kind = "added";
    forged.body = {{"member", crypto::Base64Encode(intruder.ed25519_pk)}, {"box", crypto::Base64Encode(intruder.x25519_pk)}, {"role", "admin"}};
    forged.at = 1796000000;
    forged = crypto::SignEntry(forged, 6, anna.room.check.head.hash, intruder);
    ServerAppends(id, forged);
    every_device_reports(JournalProblem::NotAMember, 6, "a member the server added");
    Sql("con.execute('DELETE FROM room_journal WHERE room_id = ? AND seq = 6', (" + json(id).dump() + ",))");

    // 4. An old vote replayed as a new entry: renumbered onto the head, its signature fails.
    crypto::JournalEntry replay;
    ASSERT_TRUE(crypto::JournalEntry::FromJson(vote, &replay));
    replay.seq = 6;
    replay.prev = anna.room.check.head.hash;
    ServerAppends(id, replay);
    every_device_reports(JournalProblem::BadSignature, 6, "a replayed vote");
}

// The chat through the client: the first key made by the initiator and sealed to the verified
// members, messages encrypted on the device (the database holds no text), and after a removal a
// new epoch whose key the removed member is not given.
TEST_F(RoomSessionTest, TheChatIsEncryptedAndARemovalRotatesTheKey) {
    Member anna(server->api_url()), olga(server->api_url()), petr(server->api_url());
    std::string id = RoomOfThree(anna, olga, petr, "general", "Ремонт подъезда");
    ASSERT_FALSE(id.empty());
    olga.room.Open(id);
    olga.Settle();
    EXPECT_EQ(olga.Wait([&](auto cb) { olga.room.SyncKeys(cb); }).code, "no_room_key") << "only the initiator makes the first key";
    ASSERT_TRUE(anna.Wait([&](auto cb) { anna.room.SyncKeys(cb); }).ok());
    ASSERT_TRUE(olga.Wait([&](auto cb) { olga.room.SyncKeys(cb); }).ok());
    ASSERT_TRUE(olga.room.HasKey());

    const std::string secret = "Смета на ремонт: 412 000 рублей, голосуем до пятницы";
    ASSERT_TRUE(anna.Wait([&](auto cb) { anna.room.Send(secret, json::array(), cb); }).ok());
    ASSERT_TRUE(olga.Wait([&](auto cb) { olga.room.LoadMessages(cb); }).ok());
    ASSERT_EQ(olga.room.messages.size(), 1u);
    EXPECT_TRUE(olga.room.messages[0].readable);
    EXPECT_EQ(olga.room.messages[0].text, secret);
    EXPECT_EQ(olga.room.messages[0].author, anna.Key());
    // The database and its write-ahead log, byte for byte: no message text, no room key.
    std::string stored;
    for (const char* suffix : {"", "-wal"}) {
        std::ifstream f(server->db_path() + suffix, std::ios::binary);
        stored.append(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    }
    ASSERT_GT(stored.size(), 10000u);
    EXPECT_EQ(stored.find("412 000"), std::string::npos) << "the message is in the database in clear";
    EXPECT_EQ(stored.find("Смета"), std::string::npos);

    // Olga is removed: a new epoch, whose key goes to Anna and Petr only.
    ASSERT_TRUE(anna.Append("removed", {{"member", olga.Key()}}).ok());
    ASSERT_TRUE(anna.room.check.rekey_needed);
    // Until the new key exists nothing new is encrypted under the old one, which Olga still has.
    EXPECT_EQ(anna.Wait([&](auto cb) { anna.room.Send("до смены ключа", json::array(), cb); }).code, "rekey_pending");
    ASSERT_TRUE(anna.Wait([&](auto cb) { anna.room.SyncKeys(cb); }).ok());
    EXPECT_EQ(anna.room.check.key_epoch, 1);
    EXPECT_FALSE(anna.room.check.rekey_needed);
    ASSERT_TRUE(anna.Wait([&](auto cb) { anna.room.Send("После удаления Ольги", json::array(), cb); }).ok());
    petr.room.Open(id);
    petr.Settle();
    ASSERT_TRUE(petr.Wait([&](auto cb) { petr.room.SyncKeys(cb); }).ok());
    ASSERT_TRUE(petr.Wait([&](auto cb) { petr.room.LoadMessages(cb); }).ok());
    ASSERT_GE(petr.room.messages.size(), 2u);
    EXPECT_EQ(petr.room.messages[0].text, "После удаления Ольги");
    for (const auto& m : petr.room.messages) EXPECT_NE(m.text, "до смены ключа");
    EXPECT_TRUE(petr.room.messages[0].readable);
    EXPECT_EQ(olga.Wait([&](auto cb) { olga.room.LoadMessages(cb); }).status, 404) << "a removed member reads nothing";
    EXPECT_EQ(olga.Wait([&](auto cb) { olga.room.SyncKeys(cb); }).status, 404) << "nor asks for keys any more";
}

// A chat file: encrypted on Anna's device with a key of its own (client::Uploads, as an
// application's), bound to the message by the server; Petr fetches, decrypts and checks it with the
// key the message carried; the stored file is not the plaintext; a file altered in the database is
// reported as damaged, not handed over; the uploader can no longer delete it, a stranger not fetch it.
TEST_F(RoomSessionTest, AChatFileTravelsEncryptedWithItsKeyInsideTheMessage) {
    Member anna(server->api_url()), olga(server->api_url()), petr(server->api_url());
    std::string id = RoomOfThree(anna, olga, petr, "family", "Документы на квартиру");
    ASSERT_FALSE(id.empty());
    ASSERT_TRUE(anna.Wait([&](auto cb) { anna.room.SyncKeys(cb); }).ok());
    petr.room.Open(id);
    petr.Settle();
    ASSERT_TRUE(petr.Wait([&](auto cb) { petr.room.SyncKeys(cb); }).ok());

    std::string pdf = "%PDF-1.4\n% выписка ЕГРН для комнаты\n";
    while (pdf.size() < 200000) pdf += "0123456789 ЕГРН-СЕКРЕТ-" + std::to_string(pdf.size()) + "\n";
    client::Uploads up(anna.api);
    up.Add("chat", "выписка.pdf", "pdf", reinterpret_cast<const uint8_t*>(pdf.data()), pdf.size());
    for (int i = 0; i < 400 && !up.AllDone(); i++) {
        up.Pump();
        anna.Settle();
    }
    ASSERT_TRUE(up.AllDone());
    ASSERT_EQ(up.files.size(), 1u);
    json files = json::array({up.files[0].Reference()});
    ASSERT_TRUE(anna.Wait([&](auto cb) { anna.room.Send("Выписка во вложении", files, cb); }).ok());
    EXPECT_EQ(anna.Wait([&](auto cb) { anna.room.Send("ещё раз", files, cb); }).status, 422) << "a file goes with one message";

    ASSERT_TRUE(petr.Wait([&](auto cb) { petr.room.LoadMessages(cb); }).ok());
    ASSERT_EQ(petr.room.messages.size(), 1u);
    const client::RoomSession::Message& m = petr.room.messages[0];
    EXPECT_EQ(m.text, "Выписка во вложении");
    ASSERT_EQ(m.files.size(), 1u);
    EXPECT_EQ(m.files[0].name, "выписка.pdf");
    EXPECT_EQ(m.files[0].size, (long long)pdf.size());
    std::string got;
    client::ApiError err;
    bool done = false;
    petr.room.FetchFile(m.files[0], [&](const std::string& bytes, client::ApiError e) { got = bytes; err = e; done = true; });
    for (int i = 0; i < 50 && !done; i++) petr.Settle();
    ASSERT_TRUE(done && err.ok()) << err.code;
    EXPECT_EQ(got, pdf);

    std::string stored;
    for (const char* suffix : {"", "-wal"}) {
        std::ifstream f(server->db_path() + suffix, std::ios::binary);
        stored.append(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    }
    EXPECT_EQ(stored.find("ЕГРН-СЕКРЕТ"), std::string::npos) << "the file is in the database in clear";
    EXPECT_EQ(stored.find(m.files[0].key), std::string::npos) << "its key is in the database in clear";

    // Its uploader cannot take it back from the room; someone no longer in the room (Olga, marked
    // removed in the server's own table) cannot fetch it.
    client::ApiResult del;
    anna.api.Delete("/attachments/" + m.files[0].attachment, [&](client::ApiResult r) { del = r; });
    anna.Settle();
    EXPECT_EQ(del.error.status, 409);
    Sql("con.execute('UPDATE room_members SET removed_seq = 99 WHERE room_id = ? AND role = ?', (" + json(id).dump() + ", 'participant'))");
    client::ApiResult outsider;
    olga.api.Get("/rooms/" + id + "/attachments/" + m.files[0].attachment, [&](client::ApiResult r) { outsider = r; });
    olga.Settle();
    EXPECT_EQ(outsider.error.status, 404) << "not a member: no file";

    // One byte of the stored ciphertext changed: reported, nothing handed over.
    Sql("row = con.execute('SELECT rowid, data FROM attachment_chunks WHERE attachment_id = ? ORDER BY offset LIMIT 1', (" +
        json(m.files[0].attachment).dump() + ",)).fetchone()\n"
        "d = bytearray(row[1]); d[100] ^= 1\n"
        "con.execute('UPDATE attachment_chunks SET data = ? WHERE rowid = ?', (bytes(d), row[0]))");
    done = false;
    got = "unchanged";
    petr.room.FetchFile(m.files[0], [&](const std::string& bytes, client::ApiError e) { got = bytes; err = e; done = true; });
    for (int i = 0; i < 50 && !done; i++) petr.Settle();
    ASSERT_TRUE(done);
    EXPECT_EQ(err.code, "file_damaged");
    EXPECT_TRUE(got.empty());
}

}  // namespace
