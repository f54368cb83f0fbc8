// Sign-in, registration and recovery as one state machine over the API client: the password
// is turned into an authenticator and a key-wrapping key (Argon2id, off the UI thread), the
// second factor is verified, the user's keys are unwrapped and held in memory only.
#pragma once
#include <chrono>
#include <functional>
#include <string>

#include "client/api_client.h"
#include "crypto/kdf_runner.h"
#include "crypto/login_keys.h"

namespace client {

struct Account {
    std::string id, last_name, first_name, middle_name, phone, email;
    bool totp_enabled = false;
    std::string DisplayName() const;  // "Иван И." style short name for the header
};

struct RegistrationData {
    std::string last_name, first_name, middle_name, birth_date, phone, email;
};

enum class AuthStep {
    SignedOut,
    Working,             // deriving keys / waiting for the server
    LoginCode,           // second factor: code from SMS (outbox) or TOTP app
    RegisterCode,        // registration: confirm the phone
    Registered,          // registration done: sign in
    RecoverCode,         // recovery: code + new password
    Recovered,           // password changed: sign in
    SignedIn,
};

struct Challenge {
    std::string id, destination, factor;  // factor: "otp" | "totp"
    std::chrono::steady_clock::time_point resend_at, expires_at;
};

class AuthService {
public:
    AuthService(ApiClient& api, crypto::KdfRunner& kdf);

    AuthStep Step() const { return step_; }
    bool Busy() const { return step_ == AuthStep::Working; }
    const ApiError& LastError() const { return error_; }
    const Challenge& CurrentChallenge() const { return challenge_; }
    const Account& CurrentAccount() const { return account_; }
    const crypto::IdentityKeys& Keys() const { return keys_; }
    // Seconds until «Отправить код повторно» is allowed (0 = now).
    int ResendInSeconds() const;

    void Login(const std::string& identifier, const std::string& password);
    void VerifyCode(const std::string& code);
    void ResendCode();
    void Register(const RegistrationData& data, const std::string& password);
    void Recover(const std::string& identifier);
    void CompleteRecovery(const std::string& code, const std::string& new_password);
    void Logout();
    // Back to the start (e.g. «Изменить номер» on the code screen); wipes pending secrets.
    void Cancel();
    // Session ended by the server (revoked, expired): forget everything, as on logout.
    void ForgetSession();

    // Fired whenever the step changes (the UI schedules a redraw and moves screens).
    std::function<void(AuthStep)> on_step;
    // Password rules (SPEC §1): 8+ characters, upper- and lower-case letters, a digit. The
    // catalog key of what is wrong ("password.too_short"), or nullptr.
    static const char* PasswordProblem(const std::string& password);

private:
    void SetStep(AuthStep s);
    void Fail(ApiError e, AuthStep back_to);
    void SetChallenge(const nlohmann::json& body);
    void NewCredentials(const std::string& password, std::function<void(nlohmann::json)> then);
    void WipePending();

    ApiClient& api_;
    crypto::KdfRunner& kdf_;
    AuthStep step_ = AuthStep::SignedOut;
    ApiError error_;
    Challenge challenge_;
    Account account_;
    crypto::IdentityKeys keys_;
    crypto::SecretBytes pending_wrap_key_;
    std::string pending_identifier_;
    int generation_ = 0;  // drops late replies after Cancel/Logout
};

}  // namespace client
