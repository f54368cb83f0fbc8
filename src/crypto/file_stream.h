// Encrypting an attachment a piece at a time, so that a 5 MB file never blocks a frame (in the
// browser XChaCha20 + two SHA-256 over 5 MB take ~0.3 s): crypto_secretstream_xchacha20poly1305
// in 64 KB chunks, the last one tagged FINAL (a truncated upload does not decrypt), with the
// SHA-256 of the plaintext (for the agency) and of the ciphertext (for the upload) alongside.
//
//   ciphertext = header(24) ‖ for each 64 KB chunk: secretstream_push(chunk) (+17 bytes)
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <sodium.h>

#include "crypto/secret_bytes.h"

namespace crypto {

constexpr size_t kFileChunk = 64 * 1024;

class FileEncryptor {
public:
    // Starts a stream with `key` (32 bytes) for a file of `size` bytes; the header goes to *out.
    FileEncryptor(const SecretBytes& key, size_t size, std::vector<uint8_t>* out);
    ~FileEncryptor() { sodium_memzero(&state_, sizeof state_); }
    FileEncryptor(const FileEncryptor&) = delete;
    FileEncryptor& operator=(const FileEncryptor&) = delete;

    // Encrypts the next bytes of the file (any amount; whole chunks are pushed as they fill).
    void Push(const uint8_t* data, size_t n, std::vector<uint8_t>* out);
    size_t Consumed() const { return consumed_; }
    bool Finished() const { return consumed_ == size_; }
    std::string PlainSha256();   // once Finished()
    std::string CipherSha256();  // once Finished()

private:
    void Emit(const uint8_t* chunk, size_t n, bool final, std::vector<uint8_t>* out);
    crypto_secretstream_xchacha20poly1305_state state_;
    crypto_hash_sha256_state plain_sha_, cipher_sha_;
    std::vector<uint8_t> pending_;
    size_t size_ = 0, consumed_ = 0;
};

// The whole file at once (tests, tools): false when it does not decrypt to the end.
bool DecryptFileStream(const SecretBytes& key, const std::vector<uint8_t>& cipher, std::vector<uint8_t>* out);

}  // namespace crypto
