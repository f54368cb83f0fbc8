#include "crypto/secret_box.h"

#include <sodium.h>

namespace crypto {

static const size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
static const size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;

std::vector<uint8_t> SecretBoxSeal(const SecretBytes& key, const uint8_t* data, size_t n, const std::string& ad) {
    if (key.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES) return {};
    std::vector<uint8_t> blob(kNonce + n + kTag);
    randombytes_buf(blob.data(), kNonce);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(blob.data() + kNonce, &clen, data, n, reinterpret_cast<const uint8_t*>(ad.data()),
                                               ad.size(), nullptr, blob.data(), key.data());
    blob.resize(kNonce + clen);
    return blob;
}

bool SecretBoxOpen(const SecretBytes& key, const std::vector<uint8_t>& blob, const std::string& ad, std::string* out) {
    if (key.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES || blob.size() < kNonce + kTag) return false;
    std::string plain(blob.size() - kNonce - kTag, '\0');
    unsigned long long mlen = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<uint8_t*>(plain.data()), &mlen, nullptr, blob.data() + kNonce,
                                                   blob.size() - kNonce, reinterpret_cast<const uint8_t*>(ad.data()), ad.size(),
                                                   blob.data(), key.data()) != 0)
        return false;
    plain.resize(mlen);
    *out = std::move(plain);
    return true;
}

SecretBytes NewSecretKey() {
    SecretBytes k(32);
    randombytes_buf(k.data(), k.size());
    return k;
}

SecretBytes DeriveDraftKey(const SecretBytes& x25519_sk) {
    SecretBytes k(32);
    if (x25519_sk.size() != crypto_kdf_KEYBYTES) return SecretBytes();
    crypto_kdf_derive_from_key(k.data(), k.size(), 3, "lk-draft", x25519_sk.data());
    return k;
}

std::string Sha256Hex(const uint8_t* data, size_t n) {
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, n);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    return hex;
}

std::string StorageName(const std::string& text) {
    uint8_t h[16];
    crypto_generichash(h, sizeof h, reinterpret_cast<const uint8_t*>(text.data()), text.size(), nullptr, 0);
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    return hex;
}

}  // namespace crypto
