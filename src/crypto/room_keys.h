// The room key (SPEC §7, docs/rooms.md): one symmetric key per epoch, sealed to each member's
// X25519 key (crypto_box_seal) — the key bound to them in the verified journal, so a member the
// server invents, or a key it swaps in, gets nothing. Messages, documents and proposal texts are
// XChaCha20-Poly1305 under it (crypto/secret_box.h), the additional data binding each to its
// room, epoch and kind: a ciphertext cannot be moved to another room or passed off as another
// kind of content. The server stores and relays ciphertext only.
#pragma once
#include <string>
#include <vector>

#include "crypto/login_keys.h"
#include "crypto/room_journal.h"
#include "crypto/secret_bytes.h"

namespace crypto {

struct SealedRoomKey {
    std::string member;            // Ed25519 key (base64) of whom it is for
    int epoch = 0;
    std::vector<uint8_t> sealed;   // crypto_box_seal(key, member's X25519 key)
};

enum class RoomKeyRefusal { None, JournalNotVerified, RekeyNeeded, BadMemberKey };

// The key of `epoch` sealed to every member of a journal that verified; nothing at all when the
// journal did not verify, or when a removal awaits a new epoch (sealing the old key would hand it
// to no one new, but the removed member still has it: a new key is made instead).
RoomKeyRefusal SealRoomKey(const SecretBytes& key, int epoch, const JournalCheck& journal, std::vector<SealedRoomKey>* out);
bool OpenRoomKey(const std::vector<uint8_t>& sealed, const IdentityKeys& me, SecretBytes* key);

std::vector<uint8_t> EncryptForRoom(const SecretBytes& key, const std::string& room, int epoch, const std::string& kind,
                                    const std::string& plaintext);
bool DecryptForRoom(const SecretBytes& key, const std::string& room, int epoch, const std::string& kind,
                    const std::vector<uint8_t>& blob, std::string* out);

// A shared document's signature («Запросить подпись», SPEC §7): Ed25519 by the signer's account
// key over a text naming the room, the document, its version and the SHA-256 of its words — the
// same text the agency checks when a signed joint application reaches it.
std::string DocumentSignText(const std::string& room, const std::string& document, long long version, const std::string& sha256_hex);
std::string SignDocumentText(const std::string& text, const IdentityKeys& keys);  // base64
bool VerifyDocumentSignature(const std::string& text, const std::string& signature_b64, const std::string& signer_b64);

// A person's safety code: 20 digits in four groups from SHA-512 over their Ed25519 and X25519 keys
// (base64). The invitee sees theirs before accepting, the manager sees the keys the acceptance
// brought before admitting: the same code read out on the phone means the server did not put
// its own keys in between (it relays the acceptance). "" for keys that are not keys.
std::string SafetyCode(const std::string& ed25519_b64, const std::string& x25519_b64);

}  // namespace crypto
