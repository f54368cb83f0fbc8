#include "client/room_session.h"

#include <chrono>

#include "core/json_read.h"
#include "core/route.h"
#include "crypto/sealed_application.h"
#include "client/uploads.h"  // SafeFileName
#include "crypto/file_stream.h"
#include "crypto/secret_box.h"

namespace client {

using nlohmann::json;

static long long NowSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string RoomSession::HeadStorageKey(const std::string& user_id, const std::string& room) {
    return "lk.room." + crypto::StorageName(user_id + "|" + room);
}

void RoomSession::Start(const std::string& user_id, const crypto::IdentityKeys& keys, LocalStore store) {
    Stop();
    user_id_ = user_id;
    keys_ = keys;
    store_ = std::move(store);
}

void RoomSession::Stop() {
    generation_++;
    room.clear();
    entries.clear();
    check = crypto::JournalCheck();
    loading = again_ = false;
    error = ApiError();
    keys_ = crypto::IdentityKeys();
    remembered_ = crypto::JournalHead();
    keys_by_epoch_.clear();
    messages.clear();
    more_messages = false;
    heard_ = messages_cover_ = 0;
    messages_loading_ = false;
    pending_.clear();
    words_.clear();
}

std::string RoomSession::MyKey() const { return crypto::Base64Encode(keys_.ed25519_pk); }

core::RoomRole RoomSession::MyRole() const {
    auto it = check.members.find(MyKey());
    return check.ok() && it != check.members.end() ? it->second.role : core::RoomRole::None;
}

void RoomSession::Open(const std::string& id) {
    generation_++;
    room = id;
    words_.clear();
    keys_by_epoch_.clear();
    messages.clear();
    more_messages = false;
    heard_ = messages_cover_ = 0;
    messages_loading_ = false;
    entries.clear();
    check = crypto::JournalCheck();
    error = ApiError();
    loading = again_ = false;
    pending_.clear();
    // The head this device verified before: a server showing less, or another history, is caught.
    remembered_ = crypto::JournalHead();
    std::string saved = store_.get ? store_.get(HeadStorageKey(user_id_, room)) : std::string();
    size_t colon = saved.find(':');
    if (colon != std::string::npos) {
        remembered_.seq = std::strtoll(saved.c_str(), nullptr, 10);
        remembered_.hash = saved.substr(colon + 1);
    }
    Refresh();
}

void RoomSession::Refresh(std::function<void()> then) {
    if (room.empty()) return;
    if (loading) {  // a read on its way may predate the change: another follows it, then `then`
        again_ = true;
        if (then) pending_.push_back(std::move(then));
        return;
    }
    loading = true;
    LoadAfter(check.head.seq, generation_, std::move(then));
}

void RoomSession::LoadAfter(long long after, int gen, std::function<void()> then) {
    api_.Get("/rooms/" + core::PercentEncode(room) + "/journal?after=" + std::to_string(after), [this, gen, after, then](ApiResult r) {
        if (gen != generation_) return;
        if (!r.error.ok()) {
            loading = false;
            error = r.error;
            if (then) then();
            return;
        }
        error = ApiError();
        const json* items = r.body.is_object() && r.body.contains("items") && r.body["items"].is_array() ? &r.body["items"] : nullptr;
        if (items) {
            for (const json& j : *items) {
                crypto::JournalEntry e;
                if (!crypto::JournalEntry::FromJson(j, &e)) {
                    check.problem = crypto::JournalProblem::Malformed;
                    check.at_seq = check.head.seq + 1;
                    break;
                }
                if (e.seq <= check.head.seq) continue;  // a page that overlaps what is verified
                entries.push_back(e);
                if (!crypto::VerifyNext(&check, e, remembered_)) break;
            }
        }
        long long next = r.body.is_object() && r.body.contains("next_after") && r.body["next_after"].is_number_integer()
                             ? r.body["next_after"].get<long long>() : -1;
        // Only forward: a hostile next_after that does not advance would loop.
        if (check.ok() && next > after && next == check.head.seq) {
            LoadAfter(next, gen, then);
            return;
        }
        // Everything the server has, and still short of what this device verified before.
        if (check.ok() && check.head.seq < remembered_.seq) {
            check.problem = crypto::JournalProblem::Rollback;
            check.at_seq = check.head.seq + 1;
        }
        loading = false;
        if (check.ok()) RememberHead();
        if (then) then();
        if (gen != generation_) return;
        if (again_) {
            again_ = false;
            std::vector<std::function<void()>> waiting;
            waiting.swap(pending_);
            loading = true;
            LoadAfter(check.head.seq, generation_, [waiting]() {
                for (const auto& w : waiting) w();
            });
        }
    });
}

void RoomSession::RememberHead() {
    if (!store_.put || check.head.seq < 0 || check.head.seq <= remembered_.seq) return;
    remembered_ = check.head;
    store_.put(HeadStorageKey(user_id_, room), std::to_string(check.head.seq) + ":" + check.head.hash);
}

void RoomSession::Create(const std::string& kind, const std::string& title, std::function<void(const std::string&, ApiError)> done) {
    crypto::JournalEntry e;
    e.room = crypto::RandomId();
    e.kind = "created";
    e.body = {{"title", title}, {"box", crypto::Base64Encode(keys_.x25519_pk)}};
    e.at = NowSeconds();
    e = crypto::SignEntry(e, 0, "", keys_);
    int gen = generation_;
    std::string id = e.room;
    api_.Post("/rooms", json{{"kind", kind}, {"entry", e.ToJson()}}, [this, gen, id, done](ApiResult r) {
        if (gen != generation_) return;
        if (r.error.ok()) Open(id);
        done(r.error.ok() ? id : std::string(), r.error);
    });
}

void RoomSession::Append(const std::string& kind, json body, std::function<void(ApiError)> done) {
    TryAppend(kind, body, 3, std::move(done));
}

void RoomSession::TryAppend(const std::string& kind, const json& body, int attempts, std::function<void(ApiError)> done) {
    if (!check.ok()) {  // nothing is written on top of a journal that did not verify
        done(LocalError("journal_broken"));
        return;
    }
    if (loading) {
        // A read on its way (a live change, our own last entry coming back): write after it, on
        // top of what it verified — a click then was refused with «ещё загружается» (RoomsUiTest).
        Refresh([this, kind, body, attempts, done]() { TryAppend(kind, body, attempts, done); });
        return;
    }
    crypto::JournalEntry e;
    e.room = room;
    e.kind = kind;
    e.body = body;
    e.at = NowSeconds();
    e = crypto::SignEntry(e, check.head.seq + 1, check.head.hash, keys_);
    int gen = generation_;
    std::string signature = e.signature;
    api_.Post("/rooms/" + core::PercentEncode(room) + "/journal", json{{"entry", e.ToJson()}},
              [this, gen, kind, body, attempts, signature, done](ApiResult r) {
                  if (gen != generation_) return;
                  if (r.error.ok()) {
                      Refresh();  // the entry comes back with the journal, verified like the others
                      done(r.error);
                      return;
                  }
                  if (r.error.code != "journal_moved" || attempts <= 1) {
                      done(r.error);
                      return;
                  }
                  // Someone else's entry came first — or ours did, and its answer was lost: read on,
                  // and sign anew only if ours is not there.
                  if (loading) {  // a read is on its way already: it will not tell us when it ends
                      done(r.error);
                      return;
                  }
                  loading = true;
                  LoadAfter(check.head.seq, generation_, [this, kind, body, attempts, signature, done]() {
                      for (const crypto::JournalEntry& x : entries)
                          if (x.signature == signature) {
                              done(ApiError());
                              return;
                          }
                      TryAppend(kind, body, attempts - 1, done);
                  });
              },
              RequestOptions::Once());
}

// --- the room key and the chat -------------------------------------------------------------------
void RoomSession::SyncKeys(std::function<void(ApiError)> done) {
    if (!check.ok()) {
        done(LocalError("journal_broken"));  // no key for a journal that did not verify
        return;
    }
    if (loading) {  // after the read on its way, on what it verified
        Refresh([this, done]() { SyncKeys(done); });
        return;
    }
    int gen = generation_;
    api_.Get("/rooms/" + core::PercentEncode(room) + "/keys", [this, gen, done](ApiResult r) {
        if (gen != generation_) return;
        if (!r.error.ok()) {
            done(r.error);
            return;
        }
        if (r.body.is_object() && r.body.contains("items") && r.body["items"].is_array())
            for (const json& k : r.body["items"]) {
                std::vector<uint8_t> sealed;
                crypto::SecretBytes key;
                int epoch = (int)core::JsonNumber(k, "epoch");
                if (crypto::Base64Decode(core::JsonText(k, "sealed"), &sealed) && crypto::OpenRoomKey(sealed, keys_, &key))
                    keys_by_epoch_[epoch] = std::move(key);
            }
        core::RoomRole me = MyRole();
        if (check.rekey_needed) {
            // A removal: the next epoch, announced in the journal, then a new key for the rest.
            if (!core::HoldsRoomKey(me)) {
                done(LocalError("room_forbidden"));
                return;
            }
            int next = check.key_epoch + 1;
            Append("rekeyed", {{"epoch", next}}, [this, gen, next, done](ApiError e) {
                if (gen != generation_) return;
                if (!e.ok()) {
                    done(e);
                    return;
                }
                // The appended entry comes back with the journal; seal once it is verified.
                Refresh([this, next, done]() {
                    if (!check.ok() || check.key_epoch != next) {
                        done(LocalError("journal_broken"));
                        return;
                    }
                    keys_by_epoch_[next] = crypto::NewSecretKey();
                    SealAndStore(next, done);
                });
            });
            return;
        }
        if (!HasKey()) {
            // A new room's first key, made by its initiator; anyone else waits to be given one.
            if (check.key_epoch != 0 || me != core::RoomRole::Initiator) {
                done(LocalError("no_room_key"));
                return;
            }
            keys_by_epoch_[0] = crypto::NewSecretKey();
        }
        SealAndStore(check.key_epoch, done);  // members added since get it (stored copies stay)
    });
}

void RoomSession::SealAndStore(int epoch, std::function<void(ApiError)> done) {
    std::vector<crypto::SealedRoomKey> sealed;
    crypto::RoomKeyRefusal why = crypto::SealRoomKey(keys_by_epoch_[epoch], epoch, check, &sealed);
    if (why != crypto::RoomKeyRefusal::None) {
        done(LocalError("journal_broken"));
        return;
    }
    json items = json::array();
    for (const auto& s : sealed) items.push_back({{"member", s.member}, {"sealed", crypto::Base64Encode(s.sealed)}});
    int gen = generation_;
    api_.Put("/rooms/" + core::PercentEncode(room) + "/keys/" + std::to_string(epoch), json{{"keys", items}}, [this, gen, done](ApiResult r) {
        if (gen != generation_) return;
        done(r.error);
    });
}

void RoomSession::Send(const std::string& text, const json& files, std::function<void(ApiError)> done) {
    if (check.rekey_needed) {  // a member left or was removed: nothing new under the key they still have
        done(LocalError("rekey_pending"));
        return;
    }
    if (!check.ok() || !HasKey()) {
        done(LocalError(check.ok() ? "no_room_key" : "journal_broken"));
        return;
    }
    int epoch = check.key_epoch;
    json ids = json::array();
    for (const json& f : files) ids.push_back(core::JsonText(f, "attachment"));
    std::string plain = json{{"v", 1}, {"text", text}, {"files", files.is_array() ? files : json::array()}}.dump();
    std::vector<uint8_t> blob = crypto::EncryptForRoom(keys_by_epoch_[epoch], room, epoch, "message", plain);
    int gen = generation_;
    api_.Post("/rooms/" + core::PercentEncode(room) + "/messages",
              json{{"epoch", epoch}, {"ciphertext", crypto::Base64Encode(blob)}, {"attachments", ids}},
              [this, gen, done](ApiResult r) {
                  if (gen != generation_) return;
                  if (r.error.ok()) last_sent = (long long)core::JsonNumber(r.body, "id");
                  done(r.error);
              },
              RequestOptions::Once());
}

void RoomSession::AddMember(const std::string& ed25519, const std::string& x25519, core::RoomRole role, std::function<void(ApiError)> done) {
    int gen = generation_;
    Append("added", {{"member", ed25519}, {"box", x25519}, {"role", core::RoomRoleCode(role)}}, [this, gen, done](ApiError e) {
        if (gen != generation_) return;
        if (!e.ok()) {
            done(e);
            return;
        }
        // The entry comes back with the journal; the key is sealed to whom the verified journal names.
        Refresh([this, gen, done]() {
            if (gen != generation_) return;
            SyncKeys(done);
        });
    });
}

void RoomSession::Propose(const std::string& title, const std::string& text, const std::string& rule, int quorum, long long deadline,
                          std::function<void(ApiError)> done) {
    if (check.rekey_needed) {  // a member left or was removed: nothing new under the key they still have
        done(LocalError("rekey_pending"));
        return;
    }
    if (!check.ok() || !HasKey()) {
        done(LocalError(check.ok() ? "no_room_key" : "journal_broken"));
        return;
    }
    int epoch = check.key_epoch;
    std::string words = json{{"title", title}, {"text", text}}.dump();
    std::vector<uint8_t> blob = crypto::EncryptForRoom(keys_by_epoch_[epoch], room, epoch, "proposal", words);
    json body = {{"proposal", crypto::RandomId()}, {"rule", rule}, {"deadline", deadline}, {"epoch", epoch},
                 {"words", crypto::Base64Encode(blob)}};
    if (rule == "majority") body["quorum"] = quorum;
    Append("proposed", body, std::move(done));
}

void RoomSession::Vote(const std::string& proposal, const std::string& choice, const std::string& on_behalf,
                       std::function<void(ApiError)> done) {
    nlohmann::json body = {{"proposal", proposal}, {"choice", choice}};
    if (!on_behalf.empty()) body["on_behalf"] = on_behalf;
    Append("voted", std::move(body), std::move(done));
}

RoomSession::Words RoomSession::OpenWords(const crypto::JournalEntry& e, const char* kind) const {
    auto cached = words_.find(e.seq);
    if (cached != words_.end()) return cached->second;
    Words w = DecryptWords(e, kind);
    if (w.readable) words_[e.seq] = w;
    return w;
}

RoomSession::Words RoomSession::DecryptWords(const crypto::JournalEntry& e, const char* kind) const {
    Words w;
    int epoch = (int)core::JsonNumber(e.body, "epoch");
    auto key = keys_by_epoch_.find(epoch);
    std::vector<uint8_t> blob;
    std::string plain;
    if (key == keys_by_epoch_.end() || !crypto::Base64Decode(core::JsonText(e.body, "words"), &blob) ||
        !crypto::DecryptForRoom(key->second, room, epoch, kind, blob, &plain))
        return w;
    // A document's words must be the ones its hash (and so every signature) names.
    if (std::string(kind) == "document" &&
        crypto::Sha256Hex(reinterpret_cast<const uint8_t*>(plain.data()), plain.size()) != core::JsonText(e.body, "hash"))
        return w;
    json j = core::ParseJson(plain);
    if (!j.is_object()) return w;
    w.title = core::JsonText(j, "title");
    w.text = core::JsonText(j, "text");
    w.readable = !w.title.empty();
    w.plain = plain;
    return w;
}

void RoomSession::SubmitJoint(const std::string& document, long long version, const std::string& hash, const std::string& words,
                              const std::map<std::string, std::string>& signatures, const std::string& form_code,
                              const std::vector<uint8_t>& agency_pk, std::function<void(const std::string&, ApiError)> done) {
    json application = {{"kind", "joint"}, {"room", room}, {"document", document}, {"version", version}, {"hash", hash},
                         {"words", words}, {"form_code", form_code}};
    json cosigners = json::array();
    for (const auto& [signer, signature] : signatures) cosigners.push_back({{"signer", signer}, {"signature", signature}});
    std::vector<uint8_t> sealed = crypto::SignAndSeal(application.dump(), keys_, agency_pk, cosigners.dump());
    if (sealed.empty()) {
        done("", LocalError("no_agency_key"));
        return;
    }
    int gen = generation_;
    api_.Post("/rooms/" + core::PercentEncode(room) + "/applications",
              json{{"document", document}, {"version", version}, {"form_code", form_code}, {"sealed", crypto::Base64Encode(sealed)}},
              [this, gen, document, version, done](ApiResult r) {
                  if (gen != generation_) return;
                  std::string number = r.error.ok() ? core::JsonText(r.body, "number") : std::string();
                  if (!r.error.ok() || number.empty()) {
                      done("", r.error.ok() ? LocalError("malformed") : r.error);
                      return;
                  }
                  // The room learns of it from the journal: who submitted which version, under which number.
                  Append("submitted", {{"document", document}, {"version", version}, {"number", number}}, [number, done](ApiError) { done(number, ApiError()); });
              },
              RequestOptions::Create());
}

void RoomSession::SaveDocument(const std::string& document, long long version, const std::string& title, const std::string& text,
                               std::function<void(ApiError)> done) {
    if (check.rekey_needed) {  // a member left or was removed: nothing new under the key they still have
        done(LocalError("rekey_pending"));
        return;
    }
    if (!check.ok() || !HasKey()) {
        done(LocalError(check.ok() ? "no_room_key" : "journal_broken"));
        return;
    }
    int epoch = check.key_epoch;
    std::string words = json{{"title", title}, {"text", text}}.dump();
    std::vector<uint8_t> blob = crypto::EncryptForRoom(keys_by_epoch_[epoch], room, epoch, "document", words);
    Append("document",
           {{"document", document.empty() ? crypto::RandomId() : document}, {"version", version}, {"epoch", epoch},
            {"hash", crypto::Sha256Hex(reinterpret_cast<const uint8_t*>(words.data()), words.size())}, {"words", crypto::Base64Encode(blob)}},
           std::move(done));
}

void RoomSession::RequestSignatures(const std::string& document, long long version, const std::string& hash,
                                    const std::vector<std::string>& signers, const std::string& service, long long sign_by,
                                    std::function<void(ApiError)> done) {
    json body = {{"document", document}, {"version", version}, {"hash", hash}, {"signers", signers}};
    if (!service.empty()) body["service"] = service;
    if (sign_by > 0) body["sign_by"] = sign_by;
    Append("sign_requested", body, std::move(done));
}

void RoomSession::SignDocument(const std::string& document, long long version, const std::string& hash, std::function<void(ApiError)> done) {
    std::string signature = crypto::SignDocumentText(crypto::DocumentSignText(room, document, version, hash), keys_);
    Append("signed", {{"document", document}, {"version", version}, {"hash", hash}, {"signature", signature}}, std::move(done));
}

RoomSession::Message RoomSession::ParseMessage(const json& m) const {
    Message msg;
    msg.id = (long long)core::JsonNumber(m, "id");
    msg.author = core::JsonText(m, "author");
    msg.at = core::JsonNumber(m, "at");
    int epoch = (int)core::JsonNumber(m, "epoch");
    std::vector<uint8_t> blob;
    auto key = keys_by_epoch_.find(epoch);
    std::string plain;
    msg.readable = key != keys_by_epoch_.end() && crypto::Base64Decode(core::JsonText(m, "ciphertext"), &blob) &&
                   crypto::DecryptForRoom(key->second, room, epoch, "message", blob, &plain);
    if (!msg.readable) return msg;
    json body = core::ParseJson(plain);
    if (!body.is_object() || !body.contains("v") || body["v"] != 1) {
        msg.text = std::move(plain);  // written before files could be attached
        return msg;
    }
    msg.text = core::JsonText(body, "text");
    if (body.contains("files") && body["files"].is_array())
        for (const json& f : body["files"]) {
            if ((int)msg.files.size() >= kMaxFiles || !f.is_object()) break;
            File file{core::JsonText(f, "attachment"), SafeFileName(core::JsonText(f, "name")), core::JsonText(f, "type"),
                      core::JsonText(f, "key"), core::JsonText(f, "sha256"), (long long)core::JsonNumber(f, "size")};
            if (!file.attachment.empty() && !file.key.empty()) msg.files.push_back(std::move(file));
        }
    return msg;
}

void RoomSession::FetchFile(const File& f, std::function<void(const std::string& bytes, ApiError)> done) {
    int gen = generation_;
    File file = f;
    api_.Get("/rooms/" + core::PercentEncode(room) + "/attachments/" + core::PercentEncode(f.attachment), [this, gen, file, done](ApiResult r) {
        if (gen != generation_) return;
        if (!r.error.ok()) {
            done("", r.error);
            return;
        }
        std::vector<uint8_t> cipher, key_bytes, plain;
        crypto::SecretBytes key(32);
        bool ok = crypto::Base64Decode(core::JsonText(r.body, "ciphertext"), &cipher) && crypto::Base64Decode(file.key, &key_bytes) &&
                  key_bytes.size() == 32;
        if (ok) std::copy(key_bytes.begin(), key_bytes.end(), key.data());
        sodium_memzero(key_bytes.data(), key_bytes.size());
        ok = ok && crypto::DecryptFileStream(key, cipher, &plain) && crypto::Sha256Hex(plain.data(), plain.size()) == file.sha256;
        if (!ok) {
            done("", LocalError("file_damaged"));
            return;
        }
        done(std::string(plain.begin(), plain.end()), ApiError());
    });
}

// The newest page, merged with what is shown: when it reaches back to the newest message already
// here, only the new ones are added (older pages the person loaded stay); otherwise it replaces
// them (more came than a page holds). Replies that come back out of order are dropped by `ask`.
void RoomSession::MessageAnnounced(long long id, std::function<void(ApiError)> done) {
    heard_ = std::max(heard_, id);
    if ((!messages.empty() && id <= messages.front().id) || (messages_loading_ && id <= messages_cover_)) return;  // on its way
    LoadMessages(std::move(done));
}

void RoomSession::LoadMessages(std::function<void(ApiError)> done) {
    int gen = generation_, ask = ++messages_ask_;
    // Only what came after the newest message here: a live message costs one message's decryption
    // and transfer, not a page's (the page of 100 was fetched and decrypted again for each).
    long long after = messages.empty() ? 0 : messages.front().id;
    messages_loading_ = true;
    messages_cover_ = heard_;
    std::string path = "/rooms/" + core::PercentEncode(room) + "/messages" + (after > 0 ? "?after=" + std::to_string(after) : "");
    api_.Get(path, [this, gen, ask, after, done](ApiResult r) {
        if (gen != generation_ || ask != messages_ask_) return;
        messages_loading_ = false;
        if (!r.error.ok()) {
            done(r.error);
            return;
        }
        std::vector<Message> page;
        if (r.body.is_object() && r.body.contains("items") && r.body["items"].is_array())
            for (const json& m : r.body["items"]) page.push_back(ParseMessage(m));
        bool full = r.body.is_object() && r.body.contains("next") && r.body["next"].is_number_integer();
        if (after > 0 && !messages.empty() && messages.front().id >= after && !full) {
            std::vector<Message> fresh;  // everything after `after`: what is not here yet goes on top
            for (Message& m : page)
                if (m.id > messages.front().id) fresh.push_back(std::move(m));
            messages.insert(messages.begin(), std::make_move_iterator(fresh.begin()), std::make_move_iterator(fresh.end()));
        } else if (after > 0 && full) {
            messages = std::move(page);  // more came than a page holds: the newest page, the rest on demand
            more_messages = true;
        } else if (!messages.empty() && !page.empty() && page.back().id <= messages.front().id) {
            std::vector<Message> fresh;
            for (Message& m : page)
                if (m.id > messages.front().id) fresh.push_back(std::move(m));
            messages.insert(messages.begin(), std::make_move_iterator(fresh.begin()), std::make_move_iterator(fresh.end()));
        } else {
            messages = std::move(page);
            more_messages = full;
        }
        done(ApiError());
    });
}

void RoomSession::LoadOlderMessages(std::function<void(ApiError)> done) {
    if (messages.empty() || !more_messages) {
        done(ApiError());
        return;
    }
    int gen = generation_;
    long long before = messages.back().id;
    api_.Get("/rooms/" + core::PercentEncode(room) + "/messages?before=" + std::to_string(before), [this, gen, before, done](ApiResult r) {
        if (gen != generation_) return;
        if (!r.error.ok()) {
            done(r.error);
            return;
        }
        if (messages.empty() || messages.back().id != before) {  // replaced meanwhile
            done(ApiError());
            return;
        }
        if (r.body.is_object() && r.body.contains("items") && r.body["items"].is_array())
            for (const json& m : r.body["items"]) {
                Message msg = ParseMessage(m);
                if (msg.id < messages.back().id) messages.push_back(std::move(msg));  // only older, in order
            }
        more_messages = r.body.is_object() && r.body.contains("next") && r.body["next"].is_number_integer();
        done(ApiError());
    });
}

}  // namespace client

