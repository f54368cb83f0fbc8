#include "crypto/room_keys.h"

#include <sodium.h>

#include <cstdio>

#include "crypto/secret_box.h"

namespace crypto {

RoomKeyRefusal SealRoomKey(const SecretBytes& key, int epoch, const JournalCheck& journal, std::vector<SealedRoomKey>* out) {
    out->clear();
    if (!journal.ok()) return RoomKeyRefusal::JournalNotVerified;
    if (journal.rekey_needed || epoch != journal.key_epoch) return RoomKeyRefusal::RekeyNeeded;
    std::vector<SealedRoomKey> sealed;
    for (const auto& [member, m] : journal.members) {
        if (!core::HoldsRoomKey(m.role)) continue;
        std::vector<uint8_t> pk;
        if (!Base64Decode(m.box, &pk) || pk.size() != crypto_box_PUBLICKEYBYTES) return RoomKeyRefusal::BadMemberKey;
        SealedRoomKey s{member, epoch, std::vector<uint8_t>(crypto_box_SEALBYTES + key.size())};
        if (crypto_box_seal(s.sealed.data(), key.data(), key.size(), pk.data()) != 0) return RoomKeyRefusal::BadMemberKey;
        sealed.push_back(std::move(s));
    }
    *out = std::move(sealed);
    return RoomKeyRefusal::None;
}

bool OpenRoomKey(const std::vector<uint8_t>& sealed, const IdentityKeys& me, SecretBytes* key) {
    if (sealed.size() != crypto_box_SEALBYTES + 32 || me.x25519_pk.size() != crypto_box_PUBLICKEYBYTES ||
        me.x25519_sk.size() != crypto_box_SECRETKEYBYTES)
        return false;
    SecretBytes k(32);
    if (crypto_box_seal_open(k.data(), sealed.data(), sealed.size(), me.x25519_pk.data(), me.x25519_sk.data()) != 0) return false;
    *key = std::move(k);
    return true;
}

static std::string Ad(const std::string& room, int epoch, const std::string& kind) {
    return "lk-room|" + room + "|" + std::to_string(epoch) + "|" + kind;
}

std::vector<uint8_t> EncryptForRoom(const SecretBytes& key, const std::string& room, int epoch, const std::string& kind,
                                    const std::string& plaintext) {
    return SecretBoxSeal(key, plaintext, Ad(room, epoch, kind));
}

bool DecryptForRoom(const SecretBytes& key, const std::string& room, int epoch, const std::string& kind, const std::vector<uint8_t>& blob,
                    std::string* out) {
    return SecretBoxOpen(key, blob, Ad(room, epoch, kind), out);
}

std::string DocumentSignText(const std::string& room, const std::string& document, long long version, const std::string& sha256_hex) {
    return "lk-room-document|" + room + "|" + document + "|" + std::to_string(version) + "|" + sha256_hex;
}

std::string SignDocumentText(const std::string& text, const IdentityKeys& keys) {
    uint8_t sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const uint8_t*>(text.data()), text.size(), keys.ed25519_sk.data());
    return Base64Encode(sig, sizeof sig);
}

bool VerifyDocumentSignature(const std::string& text, const std::string& signature_b64, const std::string& signer_b64) {
    std::vector<uint8_t> sig, pk;
    if (!Base64Decode(signature_b64, &sig) || sig.size() != crypto_sign_BYTES || !Base64Decode(signer_b64, &pk) ||
        pk.size() != crypto_sign_PUBLICKEYBYTES)
        return false;
    return crypto_sign_verify_detached(sig.data(), reinterpret_cast<const uint8_t*>(text.data()), text.size(), pk.data()) == 0;
}

std::string SafetyCode(const std::string& ed25519_b64, const std::string& x25519_b64) {
    std::vector<uint8_t> ed, x;
    if (!Base64Decode(ed25519_b64, &ed) || !Base64Decode(x25519_b64, &x) || ed.size() != crypto_sign_PUBLICKEYBYTES ||
        x.size() != crypto_box_PUBLICKEYBYTES)
        return "";
    static const char kDomain[] = "lk-safety-code|";
    std::vector<uint8_t> in(kDomain, kDomain + sizeof kDomain - 1);
    in.insert(in.end(), ed.begin(), ed.end());
    in.insert(in.end(), x.begin(), x.end());
    uint8_t h[crypto_hash_sha512_BYTES];
    crypto_hash_sha512(h, in.data(), in.size());
    std::string out;
    for (int g = 0; g < 4; g++) {  // 5 bytes (40 bits) per group of 5 digits, as Signal's safety numbers
        uint64_t v = 0;
        for (int i = 0; i < 5; i++) v = (v << 8) | h[g * 5 + i];
        char buf[8];
        std::snprintf(buf, sizeof buf, "%05u", (unsigned)(v % 100000));
        out += (g ? " " : "") + std::string(buf);
    }
    return out;
}

}  // namespace crypto
