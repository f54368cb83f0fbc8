// «Проверить документ» and the wallet (docs/documents.md): a document an agency issued is a
// statement signed with the agency's Ed25519 key plus content sealed to the holder. The client
// checks the signature with the agencies' keys compiled into it from docs/agencies.json, never
// with a key the backend sends, so a backend cannot pass off an altered or invented document.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crypto/login_keys.h"

namespace client {

struct PinnedAgency {
    std::string code, name_ru, name_en;
    std::vector<uint8_t> sign_pk;  // Ed25519, 32 bytes
};
const std::vector<PinnedAgency>& PinnedAgencies();
const PinnedAgency* FindPinnedAgency(const std::string& code);

enum class DocumentVerdict {
    Valid,          // signed by a pinned agency, not revoked
    Revoked,        // valid, and the agency's signed revocation is attached
    Altered,        // the signature does not verify: changed or forged
    UnknownIssuer,  // names an agency the client does not know
    Malformed,      // not a statement at all
};

struct DocumentCheck {
    DocumentVerdict verdict = DocumentVerdict::Malformed;
    std::string code, kind, issuer, title, application, content_sha256;
    long long issued_at = 0;
    long long revoked_at = 0;
    std::string revoke_reason;
    bool ok() const { return verdict == DocumentVerdict::Valid || verdict == DocumentVerdict::Revoked; }
};

// `doc` is what GET /documents/verify/{code} or GET /documents returns: {code, statement,
// signature, revocation}. `expected_code` (the code the person typed) must be the statement's: a
// backend answering with another valid document is caught. A revocation counts only when its own
// signature verifies with the same agency's key.
DocumentCheck CheckDocument(const nlohmann::json& doc, const std::string& expected_code);

// Opens the sealed content (GET /documents/{code}: `sealed`) with the holder's keys and checks it is
// the content the statement's hash names. False when it does not open or does not match.
bool OpenDocumentContent(const std::string& sealed_b64, const DocumentCheck& check, const crypto::IdentityKeys& keys,
                         nlohmann::json* content);

// "ab3k-..." as typed: upper case, spaces dropped; empty when it cannot be a code.
std::string NormalizeDocumentCode(const std::string& typed);

}  // namespace client
