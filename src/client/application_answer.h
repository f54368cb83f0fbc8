// The applicant's answer to the agency's question («Требуются уточнения», SPEC §5), made on the
// device like the application itself: the canonical JSON {"answer", "files", "number",
// "signed_at"} is signed with the user's Ed25519 key and sealed to the agency's X25519 key, so the
// backend relays it without being able to read it (contract: POST /applications/{number}/answer).
// "files" holds each uploaded file's reference (client::Attachment::Reference: id, key, SHA-256)
// — the only place the files' keys go.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crypto/login_keys.h"

namespace client {

constexpr size_t kMaxAnswerBytes = 4000;

// Empty when there is neither text nor a file, the text is too long, or the keys are not usable.
std::vector<uint8_t> SealAnswer(const std::string& number, const std::string& text, const nlohmann::json& files,
                                long long signed_at, const crypto::IdentityKeys& keys, const std::vector<uint8_t>& agency_pk);

}  // namespace client
