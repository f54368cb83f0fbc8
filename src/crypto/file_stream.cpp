#include "crypto/file_stream.h"

namespace crypto {

static std::string Hex(crypto_hash_sha256_state* st) {
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(st, h);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    return hex;
}

FileEncryptor::FileEncryptor(const SecretBytes& key, size_t size, std::vector<uint8_t>* out) : size_(size) {
    uint8_t header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_init_push(&state_, header, key.data());
    crypto_hash_sha256_init(&plain_sha_);
    crypto_hash_sha256_init(&cipher_sha_);
    out->insert(out->end(), header, header + sizeof header);
    crypto_hash_sha256_update(&cipher_sha_, header, sizeof header);
    if (size_ == 0) Emit(nullptr, 0, true, out);
}

void FileEncryptor::Emit(const uint8_t* chunk, size_t n, bool final, std::vector<uint8_t>* out) {
    size_t at = out->size();
    out->resize(at + n + crypto_secretstream_xchacha20poly1305_ABYTES);
    unsigned long long clen = 0;
    crypto_secretstream_xchacha20poly1305_push(&state_, out->data() + at, &clen, chunk, n, nullptr, 0,
                                               final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    out->resize(at + clen);
    crypto_hash_sha256_update(&cipher_sha_, out->data() + at, clen);
}

void FileEncryptor::Push(const uint8_t* data, size_t n, std::vector<uint8_t>* out) {
    n = std::min(n, size_ - consumed_);
    crypto_hash_sha256_update(&plain_sha_, data, n);
    for (size_t i = 0; i < n;) {
        size_t take = std::min(kFileChunk - pending_.size(), n - i);
        pending_.insert(pending_.end(), data + i, data + i + take);
        i += take;
        consumed_ += take;
        if (pending_.size() == kFileChunk || consumed_ == size_) {
            Emit(pending_.data(), pending_.size(), consumed_ == size_, out);
            sodium_memzero(pending_.data(), pending_.size());
            pending_.clear();
        }
    }
}

std::string FileEncryptor::PlainSha256() { return Hex(&plain_sha_); }
std::string FileEncryptor::CipherSha256() { return Hex(&cipher_sha_); }

bool DecryptFileStream(const SecretBytes& key, const std::vector<uint8_t>& cipher, std::vector<uint8_t>* out) {
    const size_t hb = crypto_secretstream_xchacha20poly1305_HEADERBYTES, ab = crypto_secretstream_xchacha20poly1305_ABYTES;
    if (key.size() != 32 || cipher.size() < hb + ab) return false;
    crypto_secretstream_xchacha20poly1305_state st;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&st, cipher.data(), key.data()) != 0) return false;
    out->clear();
    size_t at = hb;
    unsigned char tag = 0;
    while (at < cipher.size()) {
        size_t n = std::min(kFileChunk + ab, cipher.size() - at);
        size_t base = out->size();
        out->resize(base + n);
        unsigned long long mlen = 0;
        if (crypto_secretstream_xchacha20poly1305_pull(&st, out->data() + base, &mlen, &tag, cipher.data() + at, n, nullptr, 0) != 0)
            return false;
        out->resize(base + mlen);
        at += n;
        if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) break;
    }
    return tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL && at == cipher.size();
}

}  // namespace crypto
