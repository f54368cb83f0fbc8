// Symmetric encryption of what the client keeps or uploads (SPEC §4): drafts (on the device and
// on the server) and attachments. XChaCha20-Poly1305 with a random 24-byte nonce stored in
// front of the ciphertext: nonce || ciphertext || tag. The additional data binds a blob to its
// purpose (a draft of form P-01 cannot be replayed as a draft of ZP-10).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "crypto/secret_bytes.h"

namespace crypto {

std::vector<uint8_t> SecretBoxSeal(const SecretBytes& key, const uint8_t* data, size_t n, const std::string& ad);
inline std::vector<uint8_t> SecretBoxSeal(const SecretBytes& key, const std::string& text, const std::string& ad) {
    return SecretBoxSeal(key, reinterpret_cast<const uint8_t*>(text.data()), text.size(), ad);
}
// False when the blob was not sealed with this key and AD (or was changed).
bool SecretBoxOpen(const SecretBytes& key, const std::vector<uint8_t>& blob, const std::string& ad, std::string* out);

SecretBytes NewSecretKey();  // 32 random bytes (one per attachment)
// The key of the user's drafts and own copies: derived from the X25519 secret key, so it exists
// only while the user is signed in and is the same on every device the user signs in on.
SecretBytes DeriveDraftKey(const SecretBytes& x25519_sk);
std::string Sha256Hex(const uint8_t* data, size_t n);
inline std::string Sha256Hex(const std::vector<uint8_t>& v) { return Sha256Hex(v.data(), v.size()); }
// A short, stable, non-reversible name for local storage keys (user id + form code).
std::string StorageName(const std::string& text);

}  // namespace crypto
