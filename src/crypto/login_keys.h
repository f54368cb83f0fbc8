// Zero-knowledge credentials (SPEC §1): the password never leaves the client.
//   master        = Argon2id(password, salt, ops, mem)            (crypto_pwhash, 32 bytes)
//   authenticator = KDF(master, id 1, "lk-auth_")  -> sent at login; the server keeps a hash
//   wrap_key      = KDF(master, id 2, "lk-wrap_")  -> never leaves the client
// The user's X25519 (box) and Ed25519 (sign) secret keys are stored on the server only as
// nonce || XChaCha20-Poly1305(wrap_key, x25519_sk || ed25519_sk), AD "lk-keys-v1".
// tools/lkserver/sodium.py does the same for the demo citizens.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "crypto/secret_bytes.h"

namespace crypto {

bool Init();  // sodium_init; safe to call more than once

struct KdfParams {
    std::vector<uint8_t> salt;  // 16 bytes
    uint64_t ops = 2;           // crypto_pwhash_OPSLIMIT_INTERACTIVE
    size_t mem = 64u << 20;     // crypto_pwhash_MEMLIMIT_INTERACTIVE
};

struct LoginKeys {
    SecretBytes authenticator;  // 32
    SecretBytes wrap_key;       // 32
    bool ok = false;
};

struct IdentityKeys {
    std::vector<uint8_t> x25519_pk, ed25519_pk;  // public
    SecretBytes x25519_sk, ed25519_sk;            // 32 and 64 bytes
};

LoginKeys DeriveLoginKeys(const std::string& password, const KdfParams& params);
IdentityKeys GenerateIdentityKeys();
std::vector<uint8_t> WrapIdentityKeys(const IdentityKeys& keys, const SecretBytes& wrap_key);
// False when the blob does not open with this key (wrong password or tampered data).
bool UnwrapIdentityKeys(const std::vector<uint8_t>& blob, const SecretBytes& wrap_key, IdentityKeys* out);

std::vector<uint8_t> RandomBytes(size_t n);
std::string RandomId();  // 128 random bits, hex: idempotency keys, request ids

std::string Base64Encode(const uint8_t* data, size_t n);
inline std::string Base64Encode(const std::vector<uint8_t>& v) { return Base64Encode(v.data(), v.size()); }
inline std::string Base64Encode(const SecretBytes& v) { return Base64Encode(v.data(), v.size()); }
bool Base64Decode(const std::string& text, std::vector<uint8_t>* out);

}  // namespace crypto
