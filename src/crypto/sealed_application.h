// Submission (SPEC §4): the canonical application is signed with the user's Ed25519 key and the
// signed envelope is sealed to the receiving agency's X25519 public key (crypto_box_seal), so
// that only the agency can read it and the agency can tell who signed it.
//
//   envelope = {"application": <canonical JSON text>, "signature": b64(Ed25519(application)),
//               "signer": b64(ed25519_pk), "v": 1}          (keys sorted, no spaces)
//   sealed   = crypto_box_seal(envelope, agency_pk)
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "crypto/login_keys.h"

namespace crypto {

// Empty when the agency key is not a 32-byte X25519 key or the signing key is missing.
// `cosigners_json`: a joint application's other signatures, a JSON array written into the
// envelope as "cosigners" (docs/rooms.md, "A joint application"); empty for one applicant.
std::vector<uint8_t> SignAndSeal(const std::string& canonical_application, const IdentityKeys& signer,
                                 const std::vector<uint8_t>& agency_pk, const std::string& cosigners_json = "");

// The agency's side (tests, tools/agency_inbox.py does the same in Python).
struct OpenedApplication {
    bool opened = false, signature_valid = false;
    std::string application;            // the canonical JSON that was signed
    std::vector<uint8_t> signer;        // Ed25519 public key
};
OpenedApplication OpenSealed(const std::vector<uint8_t>& sealed, const std::vector<uint8_t>& agency_pk,
                             const SecretBytes& agency_sk);

}  // namespace crypto
