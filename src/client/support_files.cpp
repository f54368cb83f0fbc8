#include "client/support_files.h"

#include <sodium.h>

#include "core/json_read.h"
#include "crypto/file_stream.h"
#include "crypto/secret_box.h"

namespace client {

using nlohmann::json;

static bool Seal(const std::vector<uint8_t>& key, const std::vector<uint8_t>& pk, std::string* out) {
    if (pk.size() != crypto_box_PUBLICKEYBYTES || key.size() != 32) return false;
    std::vector<uint8_t> sealed(key.size() + crypto_box_SEALBYTES);
    if (crypto_box_seal(sealed.data(), key.data(), key.size(), pk.data()) != 0) return false;
    *out = crypto::Base64Encode(sealed);
    return true;
}

bool SealSupportFiles(const std::vector<Attachment>& files, const std::vector<uint8_t>& desk_pk, const std::vector<uint8_t>& own_pk, json* out) {
    json list = json::array();
    for (const Attachment& a : files) {
        std::vector<uint8_t> key;
        std::string for_desk, for_me;
        bool ok = crypto::Base64Decode(a.key, &key) && Seal(key, desk_pk, &for_desk) && Seal(key, own_pk, &for_me);
        if (!key.empty()) sodium_memzero(key.data(), key.size());
        if (!ok) return false;
        list.push_back({{"attachment", a.id}, {"name", a.name}, {"type", a.type}, {"size", a.size}, {"sha256", a.sha256},
                        {"key_support", for_desk}, {"key_own", for_me}});
    }
    *out = std::move(list);
    return true;
}

void FetchSupportFile(ApiClient& api, const std::string& path, const core::SupportFile& f, const crypto::IdentityKeys& keys,
                      std::function<void(const std::string& bytes, ApiError)> done) {
    core::SupportFile file = f;
    const crypto::IdentityKeys* k = &keys;  // owned by the auth service, which outlives its session's replies
    api.Get(path, [file, k, done](ApiResult r) {
        if (!r.error.ok()) {
            done("", r.error);
            return;
        }
        std::vector<uint8_t> cipher, sealed, plain;
        crypto::SecretBytes key(32);
        bool ok = crypto::Base64Decode(core::JsonText(r.body, "ciphertext"), &cipher) && crypto::Base64Decode(file.key, &sealed) &&
                  sealed.size() == 32 + crypto_box_SEALBYTES && k->x25519_pk.size() == 32 && k->x25519_sk.size() == 32 &&
                  crypto_box_seal_open(key.data(), sealed.data(), sealed.size(), k->x25519_pk.data(), k->x25519_sk.data()) == 0;
        ok = ok && crypto::DecryptFileStream(key, cipher, &plain) && crypto::Sha256Hex(plain.data(), plain.size()) == file.sha256;
        if (!ok) {
            done("", LocalError("file_damaged"));
            return;
        }
        done(std::string(plain.begin(), plain.end()), ApiError());
    });
}

}  // namespace client
