#include "client/document_check.h"
#include "core/json_read.h"

#include <sodium.h>

#include <cctype>

namespace client {

const char* EmbeddedAgencies();

namespace {
std::string Hex(const unsigned char* p, size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < n; i++) {
        out += digits[p[i] >> 4];
        out += digits[p[i] & 15];
    }
    return out;
}

bool Verifies(const std::string& text, const std::string& signature_b64, const std::vector<uint8_t>& pk) {
    std::vector<uint8_t> sig;
    if (!crypto::Base64Decode(signature_b64, &sig) || sig.size() != crypto_sign_BYTES || pk.size() != crypto_sign_PUBLICKEYBYTES)
        return false;
    return crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(text.data()), text.size(), pk.data()) == 0;
}

std::string Str(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
long long Num(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<long long>() : 0;
}
}  // namespace

const std::vector<PinnedAgency>& PinnedAgencies() {
    static const std::vector<PinnedAgency> agencies = [] {
        std::vector<PinnedAgency> out;
        nlohmann::json j = core::ParseJson(EmbeddedAgencies());
        if (!j.is_object() || !j.contains("agencies") || !j["agencies"].is_array()) return out;
        for (const auto& a : j["agencies"]) {
            PinnedAgency p;
            p.code = Str(a, "code");
            if (a.contains("name") && a["name"].is_object()) {
                p.name_ru = Str(a["name"], "ru");
                p.name_en = Str(a["name"], "en");
            }
            if (!crypto::Base64Decode(Str(a, "sign_pk"), &p.sign_pk) || p.sign_pk.size() != crypto_sign_PUBLICKEYBYTES) continue;
            out.push_back(std::move(p));
        }
        return out;
    }();
    return agencies;
}

const PinnedAgency* FindPinnedAgency(const std::string& code) {
    for (const auto& a : PinnedAgencies())
        if (a.code == code) return &a;
    return nullptr;
}

std::string NormalizeDocumentCode(const std::string& typed) {
    std::string letters;
    for (char c : typed) {
        if (c == ' ' || c == '-') continue;
        unsigned char u = static_cast<unsigned char>(c);
        if (!std::isalnum(u) || u >= 128) return "";
        letters += static_cast<char>(std::toupper(u));
    }
    if (letters.size() != 16) return "";
    return letters.substr(0, 4) + "-" + letters.substr(4, 4) + "-" + letters.substr(8, 4) + "-" + letters.substr(12, 4);
}

DocumentCheck CheckDocument(const nlohmann::json& doc, const std::string& expected_code) {
    DocumentCheck out;
    if (!doc.is_object()) return out;
    std::string text = Str(doc, "statement");
    nlohmann::json st = core::ParseJson(text);
    if (!st.is_object()) return out;
    out.code = Str(st, "code");
    out.kind = Str(st, "kind");
    out.issuer = Str(st, "issuer");
    out.title = Str(st, "title");
    out.application = Str(st, "application");
    out.content_sha256 = Str(st, "content_sha256");
    out.issued_at = Num(st, "issued_at");
    if (out.code.empty() || out.issuer.empty()) return out;
    const PinnedAgency* agency = FindPinnedAgency(out.issuer);
    if (!agency) {
        out.verdict = DocumentVerdict::UnknownIssuer;
        return out;
    }
    if (!Verifies(text, Str(doc, "signature"), agency->sign_pk) || (!expected_code.empty() && out.code != expected_code)) {
        out.verdict = DocumentVerdict::Altered;
        return out;
    }
    out.verdict = DocumentVerdict::Valid;
    auto rev = doc.find("revocation");
    if (rev != doc.end() && rev->is_object()) {
        std::string rtext = Str(*rev, "statement");
        nlohmann::json r = core::ParseJson(rtext);
        // An unsigned or foreign "revocation" is ignored: only the issuer can withdraw its document.
        if (r.is_object() && Str(r, "code") == out.code && Verifies(rtext, Str(*rev, "signature"), agency->sign_pk)) {
            out.verdict = DocumentVerdict::Revoked;
            out.revoked_at = Num(r, "revoked_at");
            out.revoke_reason = Str(r, "reason");
        }
    }
    return out;
}

bool OpenDocumentContent(const std::string& sealed_b64, const DocumentCheck& check, const crypto::IdentityKeys& keys,
                         nlohmann::json* content) {
    std::vector<uint8_t> sealed;
    if (!check.ok() || !crypto::Base64Decode(sealed_b64, &sealed) || sealed.size() < crypto_box_SEALBYTES ||
        keys.x25519_pk.size() != crypto_box_PUBLICKEYBYTES || keys.x25519_sk.size() != crypto_box_SECRETKEYBYTES)
        return false;
    std::string plain(sealed.size() - crypto_box_SEALBYTES, '\0');
    if (crypto_box_seal_open(reinterpret_cast<unsigned char*>(plain.data()), sealed.data(), sealed.size(), keys.x25519_pk.data(),
                             keys.x25519_sk.data()) != 0)
        return false;
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(plain.data()), plain.size());
    if (Hex(hash, sizeof hash) != check.content_sha256) return false;
    *content = core::ParseJson(plain);
    return content->is_object();
}

}  // namespace client
