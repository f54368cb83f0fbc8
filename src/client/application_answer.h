// The applicant's answer to the agency's question («Требуются уточнения», SPEC §5), made on the
// device like the application itself: the canonical JSON {"answer", "number", "signed_at"} is
// signed with the user's Ed25519 key and sealed to the agency's X25519 key, so the backend relays
// it without being able to read it (contract: POST /applications/{number}/answer).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "crypto/login_keys.h"

namespace client {

constexpr size_t kMaxAnswerBytes = 4000;

// Empty when the text is empty or too long, or the keys are not usable.
std::vector<uint8_t> SealAnswer(const std::string& number, const std::string& text, long long signed_at,
                                const crypto::IdentityKeys& keys, const std::vector<uint8_t>& agency_pk);

}  // namespace client
