// Files sent to support (docs/support.md): encrypted on the device like an application's
// (client::Uploads); the per-file key goes to the backend sealed twice — to the support desk's
// X25519 key (so the desk can read the file) and to the sender's own (so the sender can download
// it again). Nobody else, the backend included, can open it.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "client/api_client.h"
#include "client/uploads.h"
#include "core/support.h"
#include "crypto/login_keys.h"

namespace client {

// The `files` of a support message for the finished uploads; false (and nothing) when a key does
// not seal (a desk key that is not 32 bytes).
bool SealSupportFiles(const std::vector<Attachment>& files, const std::vector<uint8_t>& desk_pk, const std::vector<uint8_t>& own_pk,
                      nlohmann::json* out);

// Downloads a file of the correspondence (`path`: /appeals/{n}/files/{aid} or /support/chat/files/{aid}),
// opens its key with the caller's secret key, decrypts and checks its SHA-256: the plaintext, or
// LocalError("file_damaged").
void FetchSupportFile(ApiClient& api, const std::string& path, const core::SupportFile& f, const crypto::IdentityKeys& keys,
                      std::function<void(const std::string& bytes, ApiError)> done);

}  // namespace client
