#include "client/api_client.h"
#include "core/json_read.h"

#include <cstdio>

#include <sodium.h>

#include <utility>

#include "crypto/login_keys.h"

namespace client {

namespace {
// See Call::refreshes.
constexpr int kMaxRefreshes = 3;
}  // namespace

ApiClient::ApiClient(Transport& transport, std::string base_url) : transport_(transport) {
    SetBaseUrl(std::move(base_url));
}

void ApiClient::SetBaseUrl(std::string base_url) {
    while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
    base_url_ = std::move(base_url);
}

void ApiClient::SetSession(std::string access_token, std::string refresh_token) {
    UpdateTokens(std::move(access_token), std::move(refresh_token));
    session_generation_++;
}

void ApiClient::UpdateTokens(std::string access_token, std::string refresh_token) {
    access_token_ = std::move(access_token);
    refresh_token_ = std::move(refresh_token);
    token_generation_++;
}

void ApiClient::ClearSession() {
    // Overwrite before dropping: tokens are secrets too.
    std::fill(access_token_.begin(), access_token_.end(), '\0');
    std::fill(refresh_token_.begin(), refresh_token_.end(), '\0');
    access_token_.clear();
    refresh_token_.clear();
    session_generation_++;
    // Calls waiting for a refresh belonged to the session that just ended: they are dropped.
    waiting_for_refresh_.clear();
}

void ApiClient::Get(const std::string& path, Done done, RequestOptions opt) { Send("GET", path, nullptr, std::move(done), opt); }
void ApiClient::Post(const std::string& path, const nlohmann::json& body, Done done, RequestOptions opt) {
    Send("POST", path, &body, std::move(done), opt);
}
void ApiClient::Put(const std::string& path, const nlohmann::json& body, Done done, RequestOptions opt) {
    Send("PUT", path, &body, std::move(done), opt);
}
void ApiClient::Delete(const std::string& path, Done done, RequestOptions opt) { Send("DELETE", path, nullptr, std::move(done), opt); }

void ApiClient::Send(const std::string& method, const std::string& path, const nlohmann::json* body, Done done, RequestOptions opt) {
    Call call;
    call.request.method = method;
    call.request.url = base_url_ + path;
    call.request.timeout_ms = opt.timeout_ms;
    call.request.headers.push_back({"Accept", "application/json"});
    if (!device_.empty()) call.request.headers.push_back({"X-Device", device_});
    if (body) {
        call.request.headers.push_back({"Content-Type", "application/json"});
        call.request.body = body->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    bool idempotent_method = method != "POST";
    if (opt.idempotency_key)
        call.request.headers.push_back({"Idempotency-Key", opt.idempotency_key_value.empty() ? crypto::RandomId() : opt.idempotency_key_value});
    if (!opt.if_none_match.empty()) call.request.headers.push_back({"If-None-Match", opt.if_none_match});
    call.retries_left = opt.retries >= 0 ? opt.retries : (idempotent_method || opt.idempotency_key ? 2 : 0);
    call.auth = opt.auth;
    call.done = std::move(done);
    Attempt(std::move(call));
}

void ApiClient::Attempt(Call call) {
    HttpRequest req = call.request;
    if (call.auth && !access_token_.empty()) req.headers.push_back({"Authorization", "Bearer " + access_token_});
    int generation = session_generation_;
    call.token_generation = token_generation_;
    call.with_session = call.auth && !access_token_.empty();
    call.session_generation = generation;
    transport_.Send(std::move(req), [this, call = std::move(call), generation](HttpResponse r) mutable {
        // A reply to a call made for a session that has ended since belongs to nobody: the
        // screen state it was meant for is gone, and the next person must not see it.
        if (call.with_session && generation != session_generation_) return;
        ApiResult result;
        result.error = ClassifyResponse(r);
        // An expired access token: refresh and replay, unless the session changed meanwhile.
        if (call.auth && result.error.status == 401 && result.error.code == "token_expired" && call.refreshes < kMaxRefreshes &&
            !refresh_token_.empty() && generation == session_generation_) {
            if (call.token_generation != token_generation_) {
                call.refreshes++;  // another call refreshed meanwhile: replay with the new token
                Attempt(std::move(call));
            } else {
                Refresh(std::move(call));
            }
            return;
        }
        if (result.error.retryable() && call.retries_left > 0) {
            // Exponential backoff with jitter: 0.4 s, 1.2 s, 3.6 s (± 25 %).
            int base = 400;
            for (int i = 0; i < call.attempt; i++) base *= 3;
            // Random jitter, so that many clients do not retry in step after an outage.
            int delay = base * (75 + (int)randombytes_uniform(51)) / 100;
            call.retries_left--;
            call.attempt++;
            delayed_.push_back({std::chrono::steady_clock::now() + std::chrono::milliseconds(delay), std::move(call)});
            if (wake_) wake_(delay);
            return;
        }
        Finish(call, r, std::move(result));
    });
}

void ApiClient::Finish(Call& call, const HttpResponse& r, ApiResult result) {
    result.etag = r.etag;
    result.not_modified = r.status == 304;
    if (result.error.ok() && !r.body.empty() && !result.not_modified) result.body = core::ParseJson(r.body);
    if (call.with_session && call.session_generation != session_generation_) return;  // see Attempt
    if (call.auth && result.error.status == 401 && HasSession()) {
        ClearSession();
        if (on_session_lost) on_session_lost();
        if (call.with_session) return;  // its session is over: nobody is left to tell
    }
    // A handler that trips over an unexpected reply (a member of the wrong type) must not take the
    // app down: it is told once more, with the reply classified as malformed.
    try {
        call.done(result);
    } catch (const std::exception& e) {
        fprintf(stderr, "api: handler of %s failed on the reply: %s\n", call.request.url.c_str(), e.what());
        ApiResult bad;
        bad.error.kind = ApiErrorKind::Malformed;
        bad.error.status = result.error.status;
        bad.error.code = "malformed";
        try { call.done(std::move(bad)); } catch (const std::exception&) {}
    }
}

void ApiClient::Refresh(Call call) {
    call.refreshes++;
    waiting_for_refresh_.push_back(std::move(call));
    if (refreshing_) return;  // the refresh in flight replays this call too
    refreshing_ = true;
    HttpRequest req;
    req.method = "POST";
    req.url = base_url_ + "/auth/refresh";
    req.headers = {{"Accept", "application/json"}, {"Content-Type", "application/json"}};
    req.body = nlohmann::json({{"refresh_token", refresh_token_}}).dump();
    int generation = session_generation_;
    transport_.Send(std::move(req), [this, generation](HttpResponse r) {
        if (generation != session_generation_) return;  // signed out (or in again) meanwhile
        ApiError error = ClassifyResponse(r);
        nlohmann::json body = error.ok() ? core::ParseJson(r.body) : nlohmann::json();
        bool ok = error.ok() && body.is_object() && body.contains("access_token") && body["access_token"].is_string() &&
                  body.contains("refresh_token") && body["refresh_token"].is_string();
        if (ok) UpdateTokens(body["access_token"].get<std::string>(), body["refresh_token"].get<std::string>());
        FinishRefresh(ok);
    });
}

void ApiClient::FinishRefresh(bool ok) {
    refreshing_ = false;
    std::vector<Call> calls = std::move(waiting_for_refresh_);
    waiting_for_refresh_.clear();
    for (Call& call : calls) {
        if (ok) {
            Attempt(std::move(call));
            continue;
        }
        // Refresh refused: the session is over (Finish clears it once, the first time).
        HttpResponse expired;
        expired.status = 401;
        ApiResult lost;
        lost.error.kind = ApiErrorKind::Client;
        lost.error.status = 401;
        lost.error.code = "session_expired";
        Finish(call, expired, std::move(lost));
    }
}

void ApiClient::Poll() {
    transport_.Poll();
    auto now = std::chrono::steady_clock::now();
    for (size_t i = 0; i < delayed_.size();) {
        if (delayed_[i].due <= now) {
            Call call = std::move(delayed_[i].call);
            delayed_.erase(delayed_.begin() + (long)i);
            Attempt(std::move(call));
        } else {
            i++;
        }
    }
}

int ApiClient::NextWakeMs() const {
    if (delayed_.empty()) return -1;
    auto now = std::chrono::steady_clock::now();
    long long best = -1;
    for (const Delayed& d : delayed_) {
        long long ms = std::max(0LL, (long long)std::chrono::duration_cast<std::chrono::milliseconds>(d.due - now).count());
        if (best < 0 || ms < best) best = ms;
    }
    return (int)best;
}

void ApiClient::CheckHealth(Done done) {
    RequestOptions opt;
    opt.auth = false;
    opt.retries = 1;
    Get("/health", [done = std::move(done)](ApiResult r) {
        if (r.error.ok()) {
            const nlohmann::json& b = r.body;
            bool speaks_v1 = b.is_object() && b.contains("contract") && b["contract"].is_string() &&
                             b["contract"].get<std::string>() == kContractVersion;
            if (!speaks_v1) {
                r.error.kind = ApiErrorKind::Malformed;
                r.error.code = "unsupported_contract";
            }
        }
        done(std::move(r));
    }, opt);
}

}  // namespace client
