#include "client/form_session.h"
#include "core/forms/field_type.h"
#include "core/json_read.h"

#include <algorithm>
#include <chrono>

#include "core/dates.h"
#include "core/forms/file_signature.h"
#include "core/route.h"
#include "crypto/sealed_application.h"
#include "crypto/secret_box.h"

namespace client {

using nlohmann::json;

static const double kDeviceDebounce = 0.3;   // s: typing is saved on the device almost at once
static const double kServerDebounce = 1.5;   // s: and sent to the server in calmer intervals
static const double kServerRetry = 10.0;     // s: after a failed server save (offline)

static std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

double FormSession::Wall() const {
    if (wall_clock) return wall_clock();
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string FormSession::DraftStorageKey(const std::string& user_id, const std::string& form_code) {
    return "lk.draft." + crypto::StorageName(user_id + "|" + form_code);
}
std::string FormSession::DraftAd() const { return "lk-draft-v1|" + user_id_ + "|" + schema.code; }

void FormSession::Start(const json& doc, const std::string& service_id, const std::string& user_id, const crypto::IdentityKeys& keys,
                        const json& profile, const json& verified_paths, LocalStore store, double now) {
    Stop();
    problems.clear();
    if (!core::forms::ParseFormSchema(doc, &schema, &problems)) {
        if (problems.empty()) problems.push_back(core::Msg("form.problem_no_steps"));
        return;
    }
    active_ = true;
    service_id_ = service_id;
    user_id_ = user_id;
    keys_ = keys;
    draft_key_ = crypto::DeriveDraftKey(keys.x25519_sk);
    agency_pk_.clear();
    if (!doc.contains("agency_key") || !doc["agency_key"].is_string() ||
        !crypto::Base64Decode(doc["agency_key"].get<std::string>(), &agency_pk_) || agency_pk_.size() != 32)
        problems.push_back(core::Msg("form.problem_no_agency_key"));
    profile_ = profile;
    verified_paths_ = verified_paths;
    store_ = std::move(store);
    idempotency_key_.clear();
    pending_fingerprint_.clear();
    pending_body_ = nullptr;
    (void)now;

    // The device's copy first: it is there even offline and holds the last keystrokes.
    if (store_.get) {
        std::string b64 = store_.get(LocalKey());
        std::vector<uint8_t> blob;
        std::string plain;
        if (!b64.empty() && crypto::Base64Decode(b64, &blob) && crypto::SecretBoxOpen(draft_key_, blob, DraftAd(), &plain)) {
            json d = core::ParseJson(plain);
            if (!d.is_discarded()) ApplyDraft(d, "form.restored_device");
        }
    }
    core::forms::AutofillResult fill = core::forms::Autofill(schema, profile_, verified_paths_, &answers);
    from_profile = fill.filled;
    verified = fill.verified;

    // Then the server's copy (another device, or this device's storage was cleared).
    int gen = generation_;
    api_.Get("/drafts/" + core::PercentEncode(schema.code), [this, gen](ApiResult r) {
        if (gen != generation_ || !r.error.ok() || !r.body.is_object()) return;
        std::vector<uint8_t> blob;
        std::string plain;
        if (!crypto::Base64Decode(core::JsonText(r.body, "blob"), &blob) || !crypto::SecretBoxOpen(draft_key_, blob, DraftAd(), &plain)) return;
        json d = core::ParseJson(plain);
        if (d.is_discarded() || !d.is_object()) return;
        // The newer copy wins, unless the user has typed since the form opened.
        if (edits_since_start_ > 0 || core::JsonNumber(d, "saved_at") <= draft_saved_at) return;
        if (ApplyDraft(d, "form.restored_server")) {
            core::forms::AutofillResult f = core::forms::Autofill(schema, profile_, verified_paths_, &answers);
            from_profile = f.filled;
            verified = f.verified;
            SaveToDevice();
        }
    });
}

void FormSession::Stop() {
    generation_++;
    active_ = false;
    schema = core::forms::FormSchema();
    answers = json::object();
    step = 0;
    from_profile.clear();
    verified.clear();
    uploads.Clear();
    restored_notice.clear();
    draft_state = DraftState::Clean;
    draft_saved_at = 0;
    server_unreachable = false;
    submit_state = SubmitState::Idle;
    submit_error = ApiError();
    submitted = json();
    profile_updates.clear();
    previous = json();
    keys_ = crypto::IdentityKeys();
    draft_key_.Wipe();
    edits_since_start_ = 0;
    retried_ = false;
    device_due_ = server_due_ = -1;
    server_saving_ = server_again_ = false;
}

bool FormSession::ApplyDraft(const json& d, const char* where) {
    if (!d.is_object() || !d.contains("answers") || !d["answers"].is_object()) return false;
    answers = d["answers"];
    step = std::min<size_t>((size_t)std::max(0.0, core::JsonNumber(d, "step")), schema.steps.size());
    uploads.Clear();
    if (d.contains("files") && d["files"].is_array())
        for (const json& f : d["files"]) {
            if (!f.is_object()) continue;
            Attachment a;
            a.field = core::JsonText(f, "field");
            a.name = core::JsonText(f, "name");
            a.type = core::JsonText(f, "type");
            a.size = (size_t)std::max(0.0, core::JsonNumber(f, "size"));
            a.id = core::JsonText(f, "id");
            a.key = core::JsonText(f, "key");
            a.sha256 = core::JsonText(f, "sha256");
            a.sent = a.total = (size_t)std::max(0.0, core::JsonNumber(f, "total"));
            if (!a.id.empty() && uploads.files.size() < (size_t)core::forms::kMaxFilesPerApplication) uploads.AddUploaded(std::move(a));
        }
    draft_saved_at = core::JsonNumber(d, "saved_at");
    long long t = (long long)draft_saved_at;
    restored_notice = core::Msg(where, {{"when", core::FormatTimestamp(t)}});
    draft_state = DraftState::Saved;
    return true;
}

json FormSession::DraftDocument() const {
    json files_doc = json::array();
    for (const Attachment& a : uploads.files)
        if (a.state == Attachment::Done)
            files_doc.push_back({{"field", a.field}, {"name", a.name}, {"type", a.type}, {"size", a.size}, {"id", a.id},
                                 {"key", a.key}, {"sha256", a.sha256}, {"total", a.total}});
    return {{"v", 1}, {"form", schema.code}, {"version", schema.version}, {"answers", answers}, {"step", step},
            {"saved_at", draft_saved_at}, {"files", files_doc}};
}

void FormSession::Changed(double now) {
    if (!active_ || submit_state == SubmitState::Submitted) return;
    edits_since_start_++;
    draft_state = DraftState::Pending;
    device_due_ = now + kDeviceDebounce;
    server_due_ = now + kServerDebounce;
}

void FormSession::GoToStep(size_t s, double now) {
    step = std::min(s, schema.steps.size());
    Changed(now);
}

double FormSession::NextWakeSeconds(double now) const {
    if (uploads.Encrypting()) return 0;  // the next piece, next frame
    double due = -1;
    for (double d : {device_due_, server_due_})
        if (d >= 0 && (due < 0 || d < due)) due = d;
    return due < 0 ? -1 : std::max(0.0, due - now);
}

void FormSession::Tick(double now) {
    if (!active_) return;
    uploads.Pump();
    if (device_due_ >= 0 && now >= device_due_) {
        device_due_ = -1;
        SaveToDevice();
    }
    if (server_due_ >= 0 && now >= server_due_) {
        server_due_ = -1;
        SaveToServer(now);
    }
}

void FormSession::SaveNow(double now) {
    if (!active_ || submit_state == SubmitState::Submitted) return;
    draft_state = DraftState::Pending;
    device_due_ = now;
    server_due_ = now;
}

void FormSession::FlushToDevice() {
    if (active_ && device_due_ >= 0) {
        device_due_ = -1;
        SaveToDevice();
    }
}

void FormSession::SaveToDevice() {
    if (!active_ || !store_.put || submit_state == SubmitState::Submitted) return;
    draft_saved_at = Wall();
    std::vector<uint8_t> blob = crypto::SecretBoxSeal(draft_key_, Dump(DraftDocument()), DraftAd());
    if (blob.empty()) return;
    store_.put(LocalKey(), crypto::Base64Encode(blob));
    if (draft_state == DraftState::Pending) draft_state = DraftState::SavedOnDevice;
}

void FormSession::SaveToServer(double now) {
    if (!active_ || submit_state == SubmitState::Submitted) return;
    if (server_saving_) {  // one request at a time; the latest state goes next
        server_again_ = true;
        return;
    }
    if (draft_saved_at == 0) draft_saved_at = Wall();
    std::vector<uint8_t> blob = crypto::SecretBoxSeal(draft_key_, Dump(DraftDocument()), DraftAd());
    server_saving_ = true;
    if (draft_state != DraftState::Pending) draft_state = DraftState::Saving;
    int gen = generation_;
    api_.Put("/drafts/" + core::PercentEncode(schema.code), json{{"blob", crypto::Base64Encode(blob)}}, [this, gen, now](ApiResult r) {
        if (gen != generation_) return;
        server_saving_ = false;
        if (submit_state == SubmitState::Submitted) return;
        server_unreachable = !r.error.ok() && r.error.retryable();
        if (r.error.ok()) {
            if (draft_state != DraftState::Pending) draft_state = DraftState::Saved;
        } else {
            if (draft_state != DraftState::Pending) draft_state = DraftState::SavedOnDevice;
            if (server_due_ < 0) server_due_ = now + kServerRetry;  // offline: the device copy holds it meanwhile
        }
        if (server_again_) {
            server_again_ = false;
            server_due_ = now;  // next Tick
        }
    });
}

// --- attachments ---------------------------------------------------------------------------
FormSession::FormSession(ApiClient& api) : uploads(api), api_(api) {
    uploads.on_uploaded = [this] {
        SaveToDevice();  // the draft now knows the uploaded file
        server_due_ = 0;
    };
}

core::Message FormSession::AttachFile(const std::string& field_id, const std::string& raw_name, const uint8_t* data, size_t size, double now) {
    const core::forms::FormField* field = core::forms::FindFieldByPath(schema, field_id);
    if (!active_ || !field || !field->kind || field->kind->GetShape() != core::forms::Shape::File) return core::Msg("file.not_a_file_field");
    std::string name = SafeFileName(raw_name);
    if ((int)uploads.files.size() >= core::forms::kMaxFilesPerApplication)
        return core::MsgN("file.too_many", core::forms::kMaxFilesPerApplication);
    core::Message problem = core::forms::CheckFile(field->accept, field->max_size_mb, name, data, size);
    if (!problem.empty()) return problem;
    uploads.Add(field_id, name, core::forms::DetectFileType(data, size), data, size);
    Changed(now);
    return core::Message();
}

void FormSession::RemoveFile(size_t index, double now) {
    if (index >= uploads.files.size()) return;
    uploads.Remove(index);
    Changed(now);
}

void FormSession::GroupEntryRemoved(const std::string& group_id, size_t index, double now) {
    const std::string prefix = group_id + "[";
    for (size_t i = uploads.files.size(); i-- > 0;) {
        Attachment& a = uploads.files[i];
        if (a.field.compare(0, prefix.size(), prefix) != 0) continue;
        size_t close = a.field.find(']', prefix.size());
        if (close == std::string::npos) continue;
        size_t entry = (size_t)std::strtoul(a.field.c_str() + prefix.size(), nullptr, 10);
        if (entry == index) RemoveFile(i, now);
        else if (entry > index) a.field = prefix + std::to_string(entry - 1) + a.field.substr(close);
    }
    Changed(now);
}

json FormSession::AnswersForValidation() const {
    json a = answers;
    for (const Attachment& f : uploads.files)
        if (f.state == Attachment::Done)
            if (json* slot = core::forms::AnswerAt(a, f.field, true)) {
                if (!slot->is_array()) *slot = json::array();
                slot->push_back(f.name);
            }
    return a;
}

// --- submission ----------------------------------------------------------------------------
void FormSession::Submit(double now) {
    if (!active_ || submit_state == SubmitState::Sending || submit_state == SubmitState::Submitted) return;  // double click
    submit_error = ApiError();
    if (agency_pk_.size() != 32 || keys_.ed25519_sk.size() != 64) {
        submit_state = SubmitState::Failed;
        submit_error = LocalError("no_signing_keys");
        return;
    }
    if (UploadsBusy()) {
        submit_state = SubmitState::Failed;
        submit_error = LocalError("uploads_busy");
        return;
    }
    submit_state = SubmitState::Sealing;
    submit_started = now;
    FlushToDevice();
    // The canonical application: sorted keys, no spaces, UTF-8 as is (nlohmann's object is a
    // sorted map, so dump() of the same answers is always the same bytes).
    json normalized = core::forms::NormalizedAnswers(schema, answers);
    json attachment_ids = json::array();
    for (const Attachment& f : uploads.files) {
        if (f.state != Attachment::Done) continue;
        json* slot = core::forms::AnswerAt(normalized, f.field, true);
        if (!slot) continue;  // its group entry was removed
        if (!slot->is_array()) *slot = json::array();
        slot->push_back(f.Reference());
        attachment_ids.push_back(f.id);
    }
    // A retry resends the very same request: the server binds an idempotency key to a hash of
    // the body (another body with the key is refused), and sealing is randomised. Only when the
    // answers changed since the failed attempt is there a new application, with a new key.
    std::string fingerprint = Dump(normalized) + Dump(attachment_ids);
    if (idempotency_key_.empty() || fingerprint != pending_fingerprint_) {
        json application = {{"form", schema.code}, {"form_version", schema.version}, {"service", service_id_}, {"applicant", user_id_},
                            {"signed_at", (long long)Wall()}, {"answers", normalized}};
        std::vector<uint8_t> sealed = crypto::SignAndSeal(Dump(application), keys_, agency_pk_);
        std::vector<uint8_t> own = crypto::SecretBoxSeal(draft_key_, Dump(json{{"answers", answers}}), "lk-own-copy|" + schema.code);
        idempotency_key_ = crypto::RandomId();
        pending_fingerprint_ = fingerprint;
        pending_body_ = {{"form_code", schema.code}, {"sealed", crypto::Base64Encode(sealed)}, {"own_copy", crypto::Base64Encode(own)},
                         {"attachments", attachment_ids}};
    }
    RequestOptions opt = RequestOptions::Create();
    opt.idempotency_key_value = idempotency_key_;
    opt.timeout_ms = 20000;
    submit_state = SubmitState::Sending;
    int gen = generation_;
    const json& body = pending_body_;
    api_.Post("/applications", body, [this, gen](ApiResult r) {
        if (gen != generation_) return;
        if (!r.error.ok() || !r.body.is_object() || !r.body.contains("number")) {
            retried_ = true;  // the next attempt may follow a submission that did arrive
            submit_state = SubmitState::Failed;
            submit_error = r.error.ok() ? ApiError{ApiErrorKind::Malformed, 0, "malformed", "", {}}
                                        : r.error;
            return;
        }
        submit_state = SubmitState::Submitted;
        submitted = r.body;
        profile_updates = core::forms::ProfileUpdates(schema, answers, profile_, verified_paths_);
        if (store_.remove) store_.remove(LocalKey());
        // The backend dropped the draft with the submission, but a save sent while an earlier
        // attempt's answer was lost can land after that and bring it back: «Подать заново» then
        // restored a stale draft at «Проверьте данные» (browser test, network dropping).
        if (retried_) api_.Delete("/drafts/" + core::PercentEncode(schema.code), [](ApiResult) {});
        device_due_ = server_due_ = -1;
        draft_state = DraftState::Clean;
    }, opt);
}

void FormSession::DeleteDraft() {
    if (store_.remove) store_.remove(LocalKey());
    api_.Delete("/drafts/" + core::PercentEncode(schema.code), [](ApiResult) {});
}

void FormSession::LoadPrevious(const std::string& number) {
    int gen = generation_;
    std::string code = schema.code;
    fill_previous = !number.empty();
    api_.Get("/applications", [this, gen, code, number](ApiResult r) {
        if (gen != generation_) return;
        if (!r.error.ok()) return;  // reuse is an offer: without the list there is nothing to offer
        if (!r.body.contains("items") || !r.body["items"].is_array()) return;
        for (const json& it : r.body["items"]) {
            if (!it.is_object() || core::JsonText(it, "form_code") != code) continue;
            if (!number.empty() && core::JsonText(it, "number") != number) continue;
            api_.Get("/applications/" + core::PercentEncode(core::JsonText(it, "number")), [this, gen, code](ApiResult d) {
                if (gen != generation_ || !d.error.ok() || !d.body.is_object()) return;
                std::vector<uint8_t> blob;
                std::string plain;
                if (!crypto::Base64Decode(core::JsonText(d.body, "own_copy"), &blob) ||
                    !crypto::SecretBoxOpen(draft_key_, blob, "lk-own-copy|" + code, &plain))
                    return;
                json copy = core::ParseJson(plain);
                if (copy.is_discarded() || !copy.contains("answers") || !copy["answers"].is_object()) return;
                previous = {{"number", core::JsonText(d.body, "number")}, {"created_at", core::JsonNumber(d.body, "created_at")},
                            {"answers", copy["answers"]}};
            });
            return;
        }
    });
}

bool FormSession::ReusePrevious(double now) {
    if (!previous.is_object() || !previous.contains("answers")) return false;
    int filled = 0;
    for (auto it = previous["answers"].begin(); it != previous["answers"].end(); ++it) {
        if (!core::forms::FindField(schema, it.key())) continue;
        if (schema.code.empty() || verified.count(it.key())) continue;
        const json& cur = answers.contains(it.key()) ? answers[it.key()] : json();
        bool empty = cur.is_null() || (cur.is_string() && cur.get<std::string>().empty()) || (cur.is_array() && cur.empty());
        if (!empty) continue;
        answers[it.key()] = it.value();
        filled++;
    }
    if (filled > 0) Changed(now);
    return filled > 0;
}

}  // namespace client
