#include "client/auth_service.h"

#include <utility>

namespace client {

using nlohmann::json;

std::string Account::DisplayName() const {
    if (first_name.empty()) return last_name;
    // "Иван И." — first name and the initial of the last name (UTF-8 aware).
    std::string initial;
    if (!last_name.empty()) {
        unsigned char c = (unsigned char)last_name[0];
        size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
        initial = last_name.substr(0, n) + ".";
    }
    return initial.empty() ? first_name : first_name + " " + initial;
}

AuthService::AuthService(ApiClient& api, crypto::KdfRunner& kdf) : api_(api), kdf_(kdf) {}

int AuthService::ResendInSeconds() const {
    auto left = std::chrono::duration_cast<std::chrono::seconds>(challenge_.resend_at - std::chrono::steady_clock::now()).count();
    return left > 0 ? (int)left + 0 : 0;
}

void AuthService::SetStep(AuthStep s) {
    step_ = s;
    if (on_step) on_step(s);
}

void AuthService::Fail(ApiError e, AuthStep back_to) {
    error_ = std::move(e);
    SetStep(back_to);
}

void AuthService::SetChallenge(const json& b) {
    challenge_ = Challenge();
    auto now = std::chrono::steady_clock::now();
    challenge_.id = b.value("challenge_id", "");
    challenge_.destination = b.value("destination", "");
    challenge_.factor = b.value("second_factor", "otp");
    challenge_.resend_at = now + std::chrono::seconds(b.value("resend_after", 60));
    challenge_.expires_at = now + std::chrono::seconds(b.value("expires_in", 300));
}

static ApiError MalformedReply() {
    ApiError e;
    e.kind = ApiErrorKind::Malformed;
    e.code = "incomplete_reply";
    return e;
}

const char* AuthService::PasswordProblem(const std::string& p) {
    bool upper = false, lower = false, digit = false;
    size_t chars = 0;
    for (size_t i = 0; i < p.size();) {
        unsigned char c = (unsigned char)p[i];
        unsigned cp = c;
        size_t n = 1;
        if (c >= 0xC0 && c < 0xE0 && i + 1 < p.size()) { cp = ((c & 0x1Fu) << 6) | ((unsigned char)p[i + 1] & 0x3Fu); n = 2; }
        else if (c >= 0xE0 && c < 0xF0) n = 3;
        else if (c >= 0xF0) n = 4;
        if ((cp >= 'A' && cp <= 'Z') || (cp >= 0x410 && cp <= 0x42F) || cp == 0x401) upper = true;
        if ((cp >= 'a' && cp <= 'z') || (cp >= 0x430 && cp <= 0x44F) || cp == 0x451) lower = true;
        if (cp >= '0' && cp <= '9') digit = true;
        chars++;
        i += n;
    }
    if (chars < 8) return "password.too_short";
    if (!upper || !lower) return "password.letters";
    if (!digit) return "password.digit";
    if (p.size() > 128) return "password.too_long";
    return nullptr;
}

void AuthService::Login(const std::string& identifier, const std::string& password) {
    if (Busy()) return;  // a double click starts one login, not two
    error_ = ApiError();
    challenge_ = Challenge();  // a code screen of an earlier flow must not show meanwhile
    int gen = ++generation_;
    pending_identifier_ = identifier;
    SetStep(AuthStep::Working);
    RequestOptions pub;
    pub.auth = false;
    pub.retries = 2;  // prelogin changes nothing: safe to retry
    api_.Post("/auth/prelogin", json{{"identifier", identifier}}, [this, gen, identifier, password](ApiResult r) {
        if (gen != generation_) return;
        if (!r.error.ok()) return Fail(r.error, AuthStep::SignedOut);
        crypto::KdfParams params;
        if (!r.body.is_object() || !r.body.contains("salt") || !r.body["salt"].is_string() ||
            !crypto::Base64Decode(r.body["salt"].get<std::string>(), &params.salt) || params.salt.size() != 16)
            return Fail(MalformedReply(), AuthStep::SignedOut);
        const json kdf = r.body.value("kdf", json::object());
        params.ops = kdf.value("ops", 2);
        params.mem = kdf.value("mem", (size_t)64 << 20);
        if (params.ops < 2 || params.ops > 10 || params.mem < (16u << 20) || params.mem > (256u << 20))
            return Fail(MalformedReply(), AuthStep::SignedOut);
        kdf_.Derive(password, params, [this, gen, identifier](crypto::LoginKeys keys) {
            if (gen != generation_) return;
            if (!keys.ok) {
                ApiError e;
                e.kind = ApiErrorKind::Malformed;
                e.code = "kdf_out_of_memory";
                return Fail(e, AuthStep::SignedOut);
            }
            pending_wrap_key_ = std::move(keys.wrap_key);
            RequestOptions opt;
            opt.auth = false;
            opt.retries = 0;  // a login attempt counts towards the lockout: never replay it
            api_.Post("/auth/login", json{{"identifier", identifier}, {"authenticator", crypto::Base64Encode(keys.authenticator)}},
                      [this, gen](ApiResult r2) {
                          if (gen != generation_) return;
                          if (!r2.error.ok()) { WipePending(); return Fail(r2.error, AuthStep::SignedOut); }
                          SetChallenge(r2.body);
                          if (challenge_.id.empty()) return Fail(MalformedReply(), AuthStep::SignedOut);
                          SetStep(AuthStep::LoginCode);
                      }, opt);
        });
    }, pub);
}

void AuthService::VerifyCode(const std::string& code) {
    if (Busy()) return;
    AuthStep from = step_;
    error_ = ApiError();
    int gen = ++generation_;
    RequestOptions opt;
    opt.auth = false;
    opt.retries = 0;
    std::string path = from == AuthStep::LoginCode ? "/auth/login/verify" : "/auth/register/confirm";
    SetStep(AuthStep::Working);
    api_.Post(path, json{{"challenge_id", challenge_.id}, {"code", code}}, [this, gen, from](ApiResult r) {
        if (gen != generation_) return;
        if (!r.error.ok()) return Fail(r.error, from);
        if (from == AuthStep::RegisterCode) {
            WipePending();
            challenge_ = Challenge();
            return SetStep(AuthStep::Registered);
        }
        const json& b = r.body;
        crypto::IdentityKeys keys;
        std::vector<uint8_t> blob;
        if (!b.is_object() || !b.contains("access_token") || !b["access_token"].is_string() || !b.contains("refresh_token") ||
            !b["refresh_token"].is_string() || !b.contains("wrapped_keys") || !b["wrapped_keys"].is_string() ||
            !crypto::Base64Decode(b["wrapped_keys"].get<std::string>(), &blob))
            return Fail(MalformedReply(), from);
        if (!crypto::UnwrapIdentityKeys(blob, pending_wrap_key_, &keys)) {
            ApiError e;
            e.kind = ApiErrorKind::Malformed;
            e.code = "keys_damaged";
            return Fail(e, AuthStep::SignedOut);
        }
        WipePending();
        keys_ = std::move(keys);
        const json a = b.value("account", json::object());
        account_ = Account();
        account_.id = a.value("id", "");
        account_.last_name = a.value("last_name", "");
        account_.first_name = a.value("first_name", "");
        account_.middle_name = a.value("middle_name", "");
        account_.phone = a.value("phone", "");
        account_.email = a.value("email", "");
        account_.totp_enabled = a.value("totp_enabled", false);
        api_.SetSession(b["access_token"].get<std::string>(), b["refresh_token"].get<std::string>());
        SetStep(AuthStep::SignedIn);
    }, opt);
}

void AuthService::ResendCode() {
    if (Busy() || challenge_.id.empty()) return;
    RequestOptions opt;
    opt.auth = false;
    int gen = generation_;
    api_.Post("/auth/codes/" + challenge_.id + "/resend", json::object(), [this, gen](ApiResult r) {
        if (gen != generation_) return;
        if (!r.error.ok()) { error_ = r.error; if (on_step) on_step(step_); return; }
        std::string factor = challenge_.factor;
        SetChallenge(r.body);
        challenge_.factor = factor;
        error_ = ApiError();
        if (on_step) on_step(step_);
    }, opt);
}

void AuthService::NewCredentials(const std::string& password, std::function<void(json)> then) {
    crypto::KdfParams params;
    params.salt = crypto::RandomBytes(16);
    int gen = generation_;
    kdf_.Derive(password, params, [this, gen, params, then = std::move(then)](crypto::LoginKeys keys) {
        if (gen != generation_) return;
        if (!keys.ok) {
            ApiError e;
            e.kind = ApiErrorKind::Malformed;
            e.code = "kdf_out_of_memory";
            return Fail(e, AuthStep::SignedOut);
        }
        crypto::IdentityKeys identity = crypto::GenerateIdentityKeys();
        json cred = {{"salt", crypto::Base64Encode(params.salt)},
                     {"kdf", {{"alg", "argon2id13"}, {"ops", params.ops}, {"mem", params.mem}}},
                     {"authenticator", crypto::Base64Encode(keys.authenticator)},
                     {"public_keys", {{"x25519", crypto::Base64Encode(identity.x25519_pk)}, {"ed25519", crypto::Base64Encode(identity.ed25519_pk)}}},
                     {"wrapped_keys", crypto::Base64Encode(crypto::WrapIdentityKeys(identity, keys.wrap_key))}};
        then(std::move(cred));
    });
}

void AuthService::Register(const RegistrationData& d, const std::string& password) {
    if (Busy()) return;
    error_ = ApiError();
    challenge_ = Challenge();
    ++generation_;
    int gen = generation_;
    SetStep(AuthStep::Working);
    NewCredentials(password, [this, gen, d](json body) {
        body["last_name"] = d.last_name;
        body["first_name"] = d.first_name;
        body["middle_name"] = d.middle_name;
        body["birth_date"] = d.birth_date;
        body["phone"] = d.phone;
        body["email"] = d.email;
        RequestOptions opt;
        opt.auth = false;
        opt.idempotency_key = true;
        api_.Post("/auth/register", body, [this, gen](ApiResult r) {
            if (gen != generation_) return;
            if (!r.error.ok()) return Fail(r.error, AuthStep::SignedOut);
            SetChallenge(r.body);
            SetStep(AuthStep::RegisterCode);
        }, opt);
    });
}

void AuthService::Recover(const std::string& identifier) {
    if (Busy()) return;
    error_ = ApiError();
    challenge_ = Challenge();
    int gen = ++generation_;
    SetStep(AuthStep::Working);
    RequestOptions opt;
    opt.auth = false;
    api_.Post("/auth/recover", json{{"identifier", identifier}}, [this, gen](ApiResult r) {
        if (gen != generation_) return;
        if (!r.error.ok()) return Fail(r.error, AuthStep::SignedOut);
        SetChallenge(r.body);
        SetStep(AuthStep::RecoverCode);
    }, opt);
}

void AuthService::CompleteRecovery(const std::string& code, const std::string& new_password) {
    if (Busy()) return;
    error_ = ApiError();
    int gen = ++generation_;
    SetStep(AuthStep::Working);
    std::string challenge = challenge_.id;
    NewCredentials(new_password, [this, gen, code, challenge](json body) {
        body["challenge_id"] = challenge;
        body["code"] = code;
        RequestOptions opt;
        opt.auth = false;
        opt.retries = 0;
        api_.Post("/auth/recover/confirm", body, [this, gen](ApiResult r) {
            if (gen != generation_) return;
            if (!r.error.ok()) return Fail(r.error, AuthStep::RecoverCode);
            challenge_ = Challenge();
            SetStep(AuthStep::Recovered);
        }, opt);
    });
}

void AuthService::WipePending() {
    pending_wrap_key_.Wipe();
}

void AuthService::ForgetSession() {
    ++generation_;
    WipePending();
    keys_ = crypto::IdentityKeys();
    account_ = Account();
    challenge_ = Challenge();
    error_ = ApiError();
    api_.ClearSession();
    SetStep(AuthStep::SignedOut);
}

void AuthService::Logout() {
    if (api_.HasSession()) {
        RequestOptions opt;
        opt.retries = 0;
        // Fire and forget: the local session ends now whatever the server answers.
        api_.Post("/auth/logout", json::object(), [](ApiResult) {}, opt);
    }
    ForgetSession();
}

void AuthService::Cancel() {
    ++generation_;
    WipePending();
    challenge_ = Challenge();
    error_ = ApiError();
    SetStep(AuthStep::SignedOut);
}

}  // namespace client
