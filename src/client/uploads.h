// Files going to the backend encrypted (SPEC §4): each with a fresh key, encrypted a piece per
// frame (crypto/file_stream.h) and uploaded in chunks (POST /attachments, PUT …/{id}). The key
// never leaves the device except inside something sealed to the agency — the application
// (client::FormSession) or the answer to the agency's question (client/application_answer.h).
// One uploader per thing being written; both the form and the answer use this one.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "client/api_client.h"
#include "crypto/file_stream.h"

namespace client {

struct Attachment {
    std::string field, name, type;  // field id, file name, type by content signature
    size_t size = 0;                // plaintext bytes
    std::string id;                 // the server's id of the encrypted upload
    std::string key;                // per-file key (base64): in the draft and the sealed document only
    std::string sha256;             // of the plaintext: the agency checks what it decrypted
    size_t sent = 0, total = 0;     // ciphertext bytes uploaded / to upload
    // Encrypting: a piece per frame (crypto/file_stream.h), then uploading in chunks.
    enum State { Encrypting, Uploading, Done, Failed } state = Encrypting;
    std::string error;
    std::vector<uint8_t> plain;     // while encrypting
    std::vector<uint8_t> cipher;    // while encrypting and uploading
    std::string cipher_sha256;
    std::shared_ptr<crypto::FileEncryptor> encryptor;
    int generation = 0;

    // What the sealed document carries so that the agency can fetch, decrypt and check it.
    nlohmann::json Reference() const;
    float Progress() const;         // 0..1 of the current stage (encrypting or uploading)
};

class Uploads {
public:
    explicit Uploads(ApiClient& api) : api_(api) {}
    Uploads(const Uploads&) = delete;
    Uploads& operator=(const Uploads&) = delete;

    std::vector<Attachment> files;
    std::function<void()> on_uploaded;   // a file has reached the server whole

    // A file already checked by the caller (type, size): encrypted from the next Pump on.
    void Add(const std::string& field, const std::string& name, const std::string& type, const uint8_t* data, size_t size);
    // A file known from a draft: already on the server.
    void AddUploaded(Attachment a);
    void Remove(size_t index);           // deletes the upload on the server too
    void Retry(size_t index);            // after a failed upload: from the start
    void Pump();                         // encrypts for about one frame's worth of time
    bool Busy() const;                   // encrypting or uploading
    bool Encrypting() const;             // wants the next frame
    bool AllDone() const;                // nothing failed or under way
    void Clear();                        // forget all (replies still on their way are ignored)

private:
    void SendChunk(size_t index);
    Attachment* Find(int file_generation);

    ApiClient& api_;
    int generation_ = 0;                 // bumped by Clear: older replies are dropped
    int next_file_ = 0;
};

// A file name shown back to the user: at most 200 bytes and valid UTF-8.
std::string SafeFileName(const std::string& raw);

}  // namespace client
