#include "crypto/sealed_application.h"

#include <sodium.h>

#include <cstdio>

namespace crypto {

// A JSON string literal of arbitrary UTF-8 text (the envelope is built here without a JSON
// library: lk_crypto stays independent of the model).
static std::string JsonString(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') { out += '\\'; out += (char)c; }
        else if (c < 0x20) { char b[8]; snprintf(b, sizeof b, "\\u%04x", c); out += b; }
        else out += (char)c;
    }
    return out + "\"";
}

std::vector<uint8_t> SignAndSeal(const std::string& application, const IdentityKeys& signer, const std::vector<uint8_t>& agency_pk,
                                 const std::string& cosigners_json) {
    if (agency_pk.size() != crypto_box_PUBLICKEYBYTES || signer.ed25519_sk.size() != crypto_sign_SECRETKEYBYTES ||
        signer.ed25519_pk.size() != crypto_sign_PUBLICKEYBYTES)
        return {};
    uint8_t sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const uint8_t*>(application.data()), application.size(), signer.ed25519_sk.data());
    std::string envelope = "{\"application\":" + JsonString(application) +
                           (cosigners_json.empty() ? std::string() : ",\"cosigners\":" + cosigners_json) + ",\"signature\":\"" + Base64Encode(sig, sizeof sig) +
                           "\",\"signer\":\"" + Base64Encode(signer.ed25519_pk) + "\",\"v\":1}";
    std::vector<uint8_t> sealed(envelope.size() + crypto_box_SEALBYTES);
    crypto_box_seal(sealed.data(), reinterpret_cast<const uint8_t*>(envelope.data()), envelope.size(), agency_pk.data());
    sodium_memzero(envelope.data(), envelope.size());
    return sealed;
}

// Reads "key":"value" from the flat envelope written above (values are base64 or escaped text).
static bool EnvelopeString(const std::string& env, const std::string& key, std::string* out) {
    std::string pat = "\"" + key + "\":\"";
    size_t p = env.find(pat);
    if (p == std::string::npos) return false;
    out->clear();
    for (size_t i = p + pat.size(); i < env.size(); i++) {
        char c = env[i];
        if (c == '"') return true;
        if (c == '\\' && i + 1 < env.size()) {
            char e = env[++i];
            if (e == 'u' && i + 4 < env.size()) { *out += (char)std::stoi(env.substr(i + 1, 4), nullptr, 16); i += 4; }
            else *out += e;
        } else {
            *out += c;
        }
    }
    return false;
}

OpenedApplication OpenSealed(const std::vector<uint8_t>& sealed, const std::vector<uint8_t>& agency_pk, const SecretBytes& agency_sk) {
    OpenedApplication out;
    if (sealed.size() < crypto_box_SEALBYTES || agency_pk.size() != crypto_box_PUBLICKEYBYTES || agency_sk.size() != crypto_box_SECRETKEYBYTES)
        return out;
    std::string env(sealed.size() - crypto_box_SEALBYTES, '\0');
    if (crypto_box_seal_open(reinterpret_cast<uint8_t*>(env.data()), sealed.data(), sealed.size(), agency_pk.data(), agency_sk.data()) != 0)
        return out;
    out.opened = true;
    std::string sig64, signer64;
    std::vector<uint8_t> sig;
    if (!EnvelopeString(env, "application", &out.application) || !EnvelopeString(env, "signature", &sig64) ||
        !EnvelopeString(env, "signer", &signer64) || !Base64Decode(sig64, &sig) || !Base64Decode(signer64, &out.signer))
        return out;
    out.signature_valid = sig.size() == crypto_sign_BYTES && out.signer.size() == crypto_sign_PUBLICKEYBYTES &&
                          crypto_sign_verify_detached(sig.data(), reinterpret_cast<const uint8_t*>(out.application.data()),
                                                      out.application.size(), out.signer.data()) == 0;
    return out;
}

}  // namespace crypto
