#include "crypto/login_keys.h"

#include <sodium.h>

namespace crypto {

static const unsigned char kKeysAd[] = "lk-keys-v1";
static const size_t kKeysAdLen = sizeof(kKeysAd) - 1;

bool Init() { return sodium_init() >= 0; }

LoginKeys DeriveLoginKeys(const std::string& password, const KdfParams& p) {
    LoginKeys out;
    if (p.salt.size() != crypto_pwhash_SALTBYTES) return out;
    SecretBytes master(32);
    if (crypto_pwhash(master.data(), master.size(), password.data(), password.size(), p.salt.data(), p.ops, p.mem,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
        return out;  // out of memory: the caller reports it
    out.authenticator.resize(32);
    out.wrap_key.resize(32);
    crypto_kdf_derive_from_key(out.authenticator.data(), 32, 1, "lk-auth_", master.data());
    crypto_kdf_derive_from_key(out.wrap_key.data(), 32, 2, "lk-wrap_", master.data());
    out.ok = true;
    return out;
}

IdentityKeys GenerateIdentityKeys() {
    IdentityKeys k;
    k.x25519_pk.resize(crypto_box_PUBLICKEYBYTES);
    k.x25519_sk.resize(crypto_box_SECRETKEYBYTES);
    k.ed25519_pk.resize(crypto_sign_PUBLICKEYBYTES);
    k.ed25519_sk.resize(crypto_sign_SECRETKEYBYTES);
    crypto_box_keypair(k.x25519_pk.data(), k.x25519_sk.data());
    crypto_sign_keypair(k.ed25519_pk.data(), k.ed25519_sk.data());
    return k;
}

std::vector<uint8_t> WrapIdentityKeys(const IdentityKeys& keys, const SecretBytes& wrap_key) {
    SecretBytes plain(keys.x25519_sk.size() + keys.ed25519_sk.size());
    std::copy(keys.x25519_sk.data(), keys.x25519_sk.data() + keys.x25519_sk.size(), plain.data());
    std::copy(keys.ed25519_sk.data(), keys.ed25519_sk.data() + keys.ed25519_sk.size(), plain.data() + keys.x25519_sk.size());
    std::vector<uint8_t> blob(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    randombytes_buf(blob.data(), crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(blob.data() + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen, plain.data(),
                                               plain.size(), kKeysAd, kKeysAdLen, nullptr, blob.data(), wrap_key.data());
    blob.resize(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + clen);
    return blob;
}

bool UnwrapIdentityKeys(const std::vector<uint8_t>& blob, const SecretBytes& wrap_key, IdentityKeys* out) {
    const size_t nonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    const size_t expect = crypto_box_SECRETKEYBYTES + crypto_sign_SECRETKEYBYTES;
    if (wrap_key.size() != 32 || blob.size() != nonce + expect + crypto_aead_xchacha20poly1305_ietf_ABYTES) return false;
    SecretBytes plain(expect);
    unsigned long long mlen = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), &mlen, nullptr, blob.data() + nonce, blob.size() - nonce, kKeysAd,
                                                   kKeysAdLen, blob.data(), wrap_key.data()) != 0 ||
        mlen != expect)
        return false;
    out->x25519_sk.resize(crypto_box_SECRETKEYBYTES);
    out->ed25519_sk.resize(crypto_sign_SECRETKEYBYTES);
    std::copy(plain.data(), plain.data() + crypto_box_SECRETKEYBYTES, out->x25519_sk.data());
    std::copy(plain.data() + crypto_box_SECRETKEYBYTES, plain.data() + expect, out->ed25519_sk.data());
    out->x25519_pk.resize(crypto_box_PUBLICKEYBYTES);
    crypto_scalarmult_base(out->x25519_pk.data(), out->x25519_sk.data());
    out->ed25519_pk.resize(crypto_sign_PUBLICKEYBYTES);
    crypto_sign_ed25519_sk_to_pk(out->ed25519_pk.data(), out->ed25519_sk.data());
    return true;
}

std::vector<uint8_t> RandomBytes(size_t n) {
    std::vector<uint8_t> v(n);
    randombytes_buf(v.data(), n);
    return v;
}

std::string RandomId() {
    std::vector<uint8_t> b = RandomBytes(16);
    char hex[33];
    sodium_bin2hex(hex, sizeof(hex), b.data(), b.size());
    return hex;
}

std::string Base64Encode(const uint8_t* data, size_t n) {
    std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(&out[0], out.size(), data, n, sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // drop the terminating NUL
    return out;
}

bool Base64Decode(const std::string& text, std::vector<uint8_t>* out) {
    out->assign(text.size() * 3 / 4 + 3, 0);
    size_t len = 0;
    if (sodium_base642bin(out->data(), out->size(), text.data(), text.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        return false;
    out->resize(len);
    return true;
}

}  // namespace crypto
