#include "client/uploads.h"

#include <algorithm>
#include <chrono>

#include "core/json_read.h"
#include "crypto/login_keys.h"
#include "crypto/secret_box.h"

namespace client {

using nlohmann::json;

static const size_t kChunk = 384 * 1024;  // bytes of ciphertext per upload request

json Attachment::Reference() const {
    return {{"name", name}, {"type", type}, {"size", size}, {"sha256", sha256}, {"attachment", id}, {"key", key}};
}

float Attachment::Progress() const {
    if (state == Encrypting) return size ? (float)(encryptor ? encryptor->Consumed() : 0) / (float)size : 0.0f;
    if (state == Uploading) return total ? (float)sent / (float)total : 0.0f;
    return state == Done ? 1.0f : 0.0f;
}

std::string SafeFileName(const std::string& raw) {
    // Through the JSON writer with replacement: a cut in the middle of a character, or bytes that
    // are not UTF-8 at all, come out as U+FFFD instead of breaking the text drawn and sent.
    std::string s = json(raw.substr(0, 200)).dump(-1, ' ', false, json::error_handler_t::replace);
    nlohmann::json back = core::ParseJson(s);
    return back.is_string() ? back.get<std::string>() : std::string();
}

void Uploads::Add(const std::string& field, const std::string& name, const std::string& type, const uint8_t* data, size_t size) {
    Attachment a;
    a.field = field;
    a.name = name;
    a.type = type;
    a.size = size;
    crypto::SecretBytes key = crypto::NewSecretKey();
    a.key = crypto::Base64Encode(key);
    if (data) a.plain.assign(data, data + size);
    else a.plain.assign(size, 0);
    a.cipher.reserve(size + size / crypto::kFileChunk * 17 + 64);
    a.encryptor = std::make_shared<crypto::FileEncryptor>(key, size, &a.cipher);
    a.state = Attachment::Encrypting;
    a.generation = ++next_file_;
    files.push_back(std::move(a));
}

void Uploads::AddUploaded(Attachment a) {
    a.state = Attachment::Done;
    a.generation = ++next_file_;
    files.push_back(std::move(a));
}

bool Uploads::Busy() const {
    for (const Attachment& a : files)
        if (a.state == Attachment::Uploading || a.state == Attachment::Encrypting) return true;
    return false;
}

bool Uploads::Encrypting() const {
    for (const Attachment& a : files)
        if (a.state == Attachment::Encrypting) return true;
    return false;
}

bool Uploads::AllDone() const {
    for (const Attachment& a : files)
        if (a.state != Attachment::Done) return false;
    return true;
}

void Uploads::Clear() {
    generation_++;
    files.clear();
}

Attachment* Uploads::Find(int file_generation) {
    for (Attachment& a : files)
        if (a.generation == file_generation) return &a;
    return nullptr;
}

// Encrypts for about one frame's worth of time (~10 ms), then yields; the next frame goes on
// until the file is done and its upload starts (5 MB at once took ~0.3 s in the browser).
void Uploads::Pump() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(10);
    for (size_t i = 0; i < files.size(); i++) {
        Attachment& a = files[i];
        if (a.state != Attachment::Encrypting || !a.encryptor) continue;
        while (!a.encryptor->Finished() && std::chrono::steady_clock::now() < deadline) {
            size_t at = a.encryptor->Consumed();
            a.encryptor->Push(a.plain.data() + at, std::min(crypto::kFileChunk, a.plain.size() - at), &a.cipher);
        }
        if (!a.encryptor->Finished()) return;
        a.sha256 = a.encryptor->PlainSha256();
        a.cipher_sha256 = a.encryptor->CipherSha256();
        a.encryptor.reset();
        sodium_memzero(a.plain.data(), a.plain.size());
        a.plain.clear();
        a.plain.shrink_to_fit();
        a.total = a.cipher.size();
        a.state = Attachment::Uploading;
        Retry(i);
    }
}

void Uploads::Retry(size_t index) {
    if (index >= files.size()) return;
    Attachment& a = files[index];
    if (a.cipher.empty() || a.state == Attachment::Encrypting) return;
    a.state = Attachment::Uploading;
    a.error.clear();
    a.sent = 0;
    int gen = generation_, file_gen = a.generation;
    api_.Post("/attachments", json{{"size", a.total}, {"sha256", a.cipher_sha256}}, [this, gen, file_gen](ApiResult r) {
        if (gen != generation_) return;
        Attachment* f = Find(file_gen);
        if (!f) return;  // removed meanwhile
        if (!r.error.ok()) {
            f->state = Attachment::Failed;
            f->error = r.error.message;
            return;
        }
        f->id = core::JsonText(r.body, "id");
        for (size_t i = 0; i < files.size(); i++)
            if (&files[i] == f) SendChunk(i);
    }, RequestOptions::Create());
}

void Uploads::SendChunk(size_t index) {
    Attachment& a = files[index];
    size_t n = std::min(kChunk, a.total - a.sent);
    json body = {{"offset", a.sent}, {"data", crypto::Base64Encode(a.cipher.data() + a.sent, n)}};
    int gen = generation_, file_gen = a.generation;
    api_.Put("/attachments/" + a.id, body, [this, gen, file_gen, n](ApiResult r) {
        if (gen != generation_) return;
        Attachment* f = Find(file_gen);
        if (!f) return;
        if (!r.error.ok()) {
            f->state = Attachment::Failed;
            f->error = r.error.message;
            return;
        }
        f->sent += n;
        if (f->sent < f->total) {
            for (size_t i = 0; i < files.size(); i++)
                if (&files[i] == f) SendChunk(i);
            return;
        }
        f->state = Attachment::Done;
        f->cipher.clear();
        f->cipher.shrink_to_fit();
        if (on_uploaded) on_uploaded();
    }, RequestOptions::Create());  // PUT with an explicit offset: safe to retry
}

void Uploads::Remove(size_t index) {
    if (index >= files.size()) return;
    if (!files[index].id.empty()) api_.Delete("/attachments/" + files[index].id, [](ApiResult) {});
    files.erase(files.begin() + (long)index);
}

}  // namespace client
