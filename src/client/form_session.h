// One application being filled in (SPEC §4), without any UI: the parsed schema, the answers,
// the step, autofill from the profile, drafts that are never lost, attachments, and the signed
// and sealed submission. The form screen (src/ui/view_form.cpp) draws from this state and calls
// these methods; the UI tests and the unit tests drive it the same way.
//
// Drafts: every change is saved, debounced, to the device (XChaCha20-Poly1305 with the draft key,
// which is derived from the user's X25519 key and so exists only in memory while signed in) and
// to the server (the same ciphertext). On Start the newer of the two is restored.
#pragma once
#include <functional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "client/api_client.h"
#include "client/uploads.h"
#include "core/forms/autofill.h"
#include "core/forms/form_schema.h"
#include "crypto/login_keys.h"
#include "crypto/secret_bytes.h"

namespace client {

// Where the device keeps encrypted drafts: localStorage in the browser, memory in tests.
struct LocalStore {
    std::function<void(const std::string& key, const std::string& value)> put;
    std::function<std::string(const std::string& key)> get;  // "" when absent
    std::function<void(const std::string& key)> remove;
};

enum class DraftState { Clean, Pending, Saving, Saved, SavedOnDevice };
enum class SubmitState { Idle, Sealing, Sending, Submitted, Failed };

class FormSession {
public:
    explicit FormSession(ApiClient& api);

    // A new session for `schema_doc` (GET /forms/{code}) for the signed-in user. `profile` and
    // `verified` come from GET /profile. Restores a draft from the device at once and asks the
    // server for its copy.
    void Start(const nlohmann::json& schema_doc, const std::string& service_id, const std::string& user_id,
               const crypto::IdentityKeys& keys, const nlohmann::json& profile, const nlohmann::json& verified, LocalStore store,
               double now);
    void Stop();  // logout: forget answers and keys
    bool Active() const { return active_; }
    const std::string& FormCode() const { return schema.code; }
    const std::string& ServiceId() const { return service_id_; }

    // --- what the screen shows -------------------------------------------------------------
    core::forms::FormSchema schema;
    std::vector<core::Message> problems;      // parts of the schema that could not be shown
    nlohmann::json answers = nlohmann::json::object();
    size_t step = 0;                          // == schema.steps.size(): «Проверьте данные»
    std::set<std::string> from_profile, verified;
    Uploads uploads;                          // the files of the application
    core::Message restored_notice;            // «Восстановлен черновик … от 12:30»
    DraftState draft_state = DraftState::Clean;
    double draft_saved_at = 0;                // wall clock seconds of the last save anywhere
    bool server_unreachable = false;          // the last server save failed (offline): retried every 10 s
    SubmitState submit_state = SubmitState::Idle;
    ApiError submit_error;
    nlohmann::json submitted;                 // the server's application (number, ...)
    double submit_started = 0;
    std::vector<core::forms::ProfileUpdate> profile_updates;  // offered after submission
    nlohmann::json previous;                  // the latest earlier application of this form

    // --- what the screen does --------------------------------------------------------------
    void Changed(double now);                 // an answer changed: schedule saves
    void Tick(double now);                    // debounced saves, upload continuation
    void FlushToDevice();                     // page hidden / closing: save now
    void SaveNow(double now);                 // to the device and the server at the next Tick (a kiosk's hand-over)
    void GoToStep(size_t s, double now);
    double NextWakeSeconds(double now) const; // when Tick has work to do (-1: none)

    // A file chosen for `field`: checked (size, type by content), encrypted, uploaded in chunks.
    // Returns the message to show when it is refused.
    core::Message AttachFile(const std::string& field, const std::string& name, const uint8_t* data, size_t size, double now);
    void RemoveFile(size_t index, double now);
    void RetryUpload(size_t index) { uploads.Retry(index); }
    // An entry of a repeatable group was removed: its files go, later entries' files move up.
    void GroupEntryRemoved(const std::string& group_id, size_t index, double now);
    bool UploadsBusy() const { return uploads.Busy(); }

    // The answers for the field's validation (file fields answered by their attachments).
    nlohmann::json AnswersForValidation() const;

    // Signs, seals and sends; safe to call again after a failure (same idempotency key, so a
    // retried or double-clicked submit makes one application).
    void Submit(double now);
    void DeleteDraft();
    // GET /applications → own copy of the latest one of this form, or of `number` («Подать заново»
    // on a refused application: then `fill_previous` asks the screen to fill the answers at once).
    void LoadPrevious(const std::string& number = "");
    bool ReusePrevious(double now);           // fill empty answers from it
    bool fill_previous = false;

    std::string LocalKey() const { return DraftStorageKey(user_id_, schema.code); }
    // The device's storage key of a user's draft of a form (hashed: no form code or id in clear).
    static std::string DraftStorageKey(const std::string& user_id, const std::string& form_code);
    std::function<double()> wall_clock;       // seconds since 1970 (draft timestamps); tests may set it

private:
    std::string DraftAd() const;
    nlohmann::json DraftDocument() const;
    bool ApplyDraft(const nlohmann::json& doc, const char* notice_key);  // form.restored_device/_server
    void SaveToDevice();
    void SaveToServer(double now);
    double Wall() const;

    ApiClient& api_;
    bool active_ = false;
    std::string service_id_, user_id_;
    crypto::IdentityKeys keys_;
    crypto::SecretBytes draft_key_;
    std::vector<uint8_t> agency_pk_;
    nlohmann::json profile_, verified_paths_;
    LocalStore store_;
    int generation_ = 0;
    int edits_since_start_ = 0;
    double device_due_ = -1, server_due_ = -1;
    bool server_saving_ = false, server_again_ = false;
    std::string idempotency_key_;
    bool retried_ = false;  // a submission attempt failed before (its answer may have been lost)
    std::string pending_fingerprint_;   // the answers the pending (unconfirmed) submission carries
    nlohmann::json pending_body_;       // resent as is on retry
};

}  // namespace client
