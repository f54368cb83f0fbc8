// One collaboration room as this device knows it (SPEC §7, docs/rooms.md), without UI: the
// journal read a page at a time and verified entry by entry (crypto/room_journal.h) against the
// head this device verified last time, kept on the device; the members and their roles as the
// verified journal says — not as the server says; writing the next entry, signed on the device.
// A journal that does not verify is reported (`check.problem`) and nothing in it is trusted.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "client/api_client.h"
#include "client/form_session.h"  // LocalStore
#include "crypto/room_journal.h"
#include "crypto/room_keys.h"

namespace client {

class RoomSession {
public:
    explicit RoomSession(ApiClient& api) : api_(api) {}

    // This device's user (their keys sign what they write) and where remembered heads are kept.
    void Start(const std::string& user_id, const crypto::IdentityKeys& keys, LocalStore store);
    void Stop();  // the session ended: forget everything

    // Opens a new room: entry 0 signed here; `done` with the room's id, or an error.
    void Create(const std::string& kind, const std::string& title, std::function<void(const std::string& room, ApiError)> done);
    void Open(const std::string& room);  // reads and verifies its journal
    // Reads what came after the verified head (room_changed), then `then` — after a read already
    // on its way, when there is one, and another after it (its reply may predate the change).
    void Refresh(std::function<void()> then = nullptr);
    // Signs and appends the next entry; when someone else's came first (409 journal_moved) reads
    // and verifies the journal again and signs anew, up to 3 times.
    void Append(const std::string& kind, nlohmann::json body, std::function<void(ApiError)> done);

    // The room key: this member's sealed copies opened; when the room has no key yet, or a
    // removal awaits a new epoch, a member who may makes one («rekeyed» first after a removal)
    // and seals it to the members the verified journal names; a key holder also seals the
    // current key to members added since. `done` with an error when it could not.
    void SyncKeys(std::function<void(ApiError)> done);
    bool HasKey() const { return keys_by_epoch_.count(check.key_epoch) > 0; }

    // The chat: sent encrypted with the current key; read a page at a time, decrypted here.
    // A message's plaintext is {"v": 1, "text", "files": [Attachment::Reference()…]} (an older
    // message was its text alone): each file went ahead encrypted with its own key, which travels
    // only here, under the room key; the server binds the uploads to the message for the members.
    struct File {
        std::string attachment, name, type, key, sha256;
        long long size = 0;
    };
    struct Message {
        long long id = 0;
        std::string author;   // Ed25519 key (base64)
        double at = 0;
        std::string text;
        std::vector<File> files;
        bool readable = false;  // false: no key for its epoch, or it did not decrypt
    };
    static constexpr int kMaxFiles = 5;
    // files: the references of uploads finished (client::Attachment::Reference()).
    void Send(const std::string& text, const nlohmann::json& files, std::function<void(ApiError)> done);
    // A message's file fetched, decrypted with its key and checked against its SHA-256: `done` with
    // the bytes, or an error (file_damaged when it does not decrypt or match).
    void FetchFile(const File& f, std::function<void(const std::string& bytes, ApiError)> done);
    // Admits the invitee whose acceptance carried these keys: an «added» entry signed here, then
    // the room key sealed to them (SyncKeys).
    void AddMember(const std::string& ed25519, const std::string& x25519, core::RoomRole role, std::function<void(ApiError)> done);

    // Proposals: the words are encrypted with the room key (kind "proposal") inside the signed
    // «proposed» entry — {title, text} — so the server relays them unread and cannot alter them.
    void Propose(const std::string& title, const std::string& text, const std::string& rule, int quorum, long long deadline,
                 std::function<void(ApiError)> done);
    // on_behalf: the member a representative votes for (under their delegation), else "".
    void Vote(const std::string& proposal, const std::string& choice, const std::string& on_behalf, std::function<void(ApiError)> done);
    struct Words {
        std::string title, text;
        bool readable = false;  // false: no key for its epoch, it did not decrypt, or (a document) its hash differs
        std::string plain;      // the decrypted words as they were hashed
    };
    Words ProposalWords(const crypto::JournalEntry& proposed) const { return OpenWords(proposed, "proposal"); }

    // Shared documents (client/room_documents.h): a version's words encrypted like a proposal's,
    // with the SHA-256 of the words in the clear part of the signed entry — what signatures cover.
    void SaveDocument(const std::string& document, long long version, const std::string& title, const std::string& text,
                      std::function<void(ApiError)> done);  // document "" for a new one
    void RequestSignatures(const std::string& document, long long version, const std::string& hash, const std::vector<std::string>& signers,
                           const std::string& service, long long sign_by, std::function<void(ApiError)> done);
    void SignDocument(const std::string& document, long long version, const std::string& hash, std::function<void(ApiError)> done);
    Words DocumentWords(const crypto::JournalEntry& version) const { return OpenWords(version, "document"); }
    // A signed document as a joint application: its words and every signature, signed again by
    // this member and sealed to the agency's key on this device; the server makes every signer an
    // applicant. `done` with the application's number.
    void SubmitJoint(const std::string& document, long long version, const std::string& hash, const std::string& words,
                     const std::map<std::string, std::string>& signatures, const std::string& form_code, const std::vector<uint8_t>& agency_pk,
                     std::function<void(const std::string& number, ApiError)> done);
    Words OpenWords(const crypto::JournalEntry& e, const char* kind) const;
    Words DecryptWords(const crypto::JournalEntry& e, const char* kind) const;
    const crypto::IdentityKeys& Keys() const { return keys_; }
    void LoadMessages(std::function<void(ApiError)> done);       // what came after the newest here (merged)
    // A message the server announced (room_message) or just stored for this device: read unless
    // it is here already or a read under way will bring it (a sender heard of its own message
    // twice — the reply and the event — and read the chat twice at once).
    void MessageAnnounced(long long id, std::function<void(ApiError)> done);
    void LoadOlderMessages(std::function<void(ApiError)> done);  // the page before the oldest shown
    std::vector<Message> messages;  // newest first
    long long last_sent = 0;        // the id of the message this device sent last
    bool more_messages = false;     // older ones on the server

    // --- state ------------------------------------------------------------------------------
    std::string room;
    std::vector<crypto::JournalEntry> entries;  // verified (up to check.head) and the first that did not verify
    crypto::JournalCheck check;
    bool loading = false;
    ApiError error;                             // reading failed (the network, not the journal)
    core::RoomRole MyRole() const;
    std::string MyKey() const;                  // base64 Ed25519 key

    // Where the device keeps the last verified head of a user's room (hashed: no ids in clear).
    static std::string HeadStorageKey(const std::string& user_id, const std::string& room);

private:
    // Reads the entries after `after` page by page, verifying each; `then` when done (or failed).
    void LoadAfter(long long after, int generation, std::function<void()> then);
    void RememberHead();
    std::vector<std::function<void()>> pending_;
    void TryAppend(const std::string& kind, const nlohmann::json& body, int attempts, std::function<void(ApiError)> done);

    ApiClient& api_;
    std::string user_id_;
    crypto::IdentityKeys keys_;
    LocalStore store_;
    crypto::JournalHead remembered_;
    int generation_ = 0;
    bool again_ = false;  // a change announced while a read was on its way
    std::map<int, crypto::SecretBytes> keys_by_epoch_;
    void SealAndStore(int epoch, std::function<void(ApiError)> done);
    Message ParseMessage(const nlohmann::json& m) const;
    // Decrypted words by entry seq: a screen draws them every frame (a decryption and a parse each
    // otherwise). Only readable ones are kept — a key that arrives later opens the rest.
    mutable std::map<long long, Words> words_;
    int messages_ask_ = 0;
    long long heard_ = 0;            // the newest message id announced
    bool messages_loading_ = false;
    long long messages_cover_ = 0;   // the read under way brings every message up to this id
};

}  // namespace client
