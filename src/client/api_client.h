// The one API client every screen uses. Knows the backend base URL and the contract version,
// the session tokens, and how to retry; turns transport responses into parsed JSON or an
// ApiError. Never blocks: completions arrive from Poll().
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "client/api_error.h"
#include "client/transport.h"

namespace client {

struct ApiResult {
    ApiError error;
    nlohmann::json body;  // parsed JSON when error.ok() (null for 204 and 304)
    bool not_modified = false;  // 304: what the caller has (if_none_match) is current
    std::string etag;
};

struct RequestOptions {
    bool auth = true;         // send the access token
    int retries = -1;         // -1: 2 for idempotent methods (GET/PUT/DELETE), 0 for POST
    bool idempotency_key = false;  // POST that creates something: retries reuse the same key
    // The key itself when the caller keeps it across user-initiated retries (a submission the
    // user retries after a dropped connection must still make one application).
    std::string idempotency_key_value;
    int timeout_ms = 15000;
    std::string if_none_match;  // conditional GET: an ETag the caller already has

    // A POST that creates something: sent once per click, replay-safe with an idempotency key.
    static RequestOptions Create() { RequestOptions o; o.retries = 2; o.idempotency_key = true; return o; }
    // A POST that must not be repeated automatically (it counts towards a limit).
    static RequestOptions Once() { RequestOptions o; o.retries = 0; return o; }
};

class ApiClient {
public:
    using Done = std::function<void(ApiResult)>;

    ApiClient(Transport& transport, std::string base_url);

    const std::string& BaseUrl() const { return base_url_; }
    Transport& GetTransport() { return transport_; }
    void SetBaseUrl(std::string base_url);
    // How the client wakes the UI for a delayed retry (browser: a timer; native: the loop).
    void SetWakeHook(std::function<void(int ms)> wake) { wake_ = std::move(wake); }
    void SetDeviceName(std::string name) { device_ = std::move(name); }

    void Get(const std::string& path, Done done, RequestOptions opt = {});
    void Post(const std::string& path, const nlohmann::json& body, Done done, RequestOptions opt = {});
    void Put(const std::string& path, const nlohmann::json& body, Done done, RequestOptions opt = {});
    void Delete(const std::string& path, Done done, RequestOptions opt = {});

    // GET /health: is the backend there, and does it speak our contract version?
    void CheckHealth(Done done);

    // Session tokens. An expired access token is refreshed transparently (a few times at most); when that
    // fails the session is lost and on_session_lost runs (the UI goes to the login screen).
    // One refresh at a time: the server rotates the refresh token and treats a rotated one
    // presented again as stolen (the session ends), so calls that meet an expired token while a
    // refresh is in flight wait for it, and calls that were sent with a token refreshed since are
    // replayed with the new one.
    void SetSession(std::string access_token, std::string refresh_token);
    void ClearSession();
    bool HasSession() const { return !access_token_.empty(); }
    std::function<void()> on_session_lost;

    void Poll();
    // Milliseconds until the next delayed retry is due (-1: none). The UI asks on every frame, so
    // a retry's wake-up survives a frame that plans its timers afresh.
    int NextWakeMs() const;
    int InFlight() const { return transport_.InFlight() + (int)delayed_.size(); }

    static constexpr const char* kContractVersion = "v1";

private:
    struct Call {
        HttpRequest request;
        Done done;
        int retries_left = 0;
        int attempt = 0;
        bool auth = true;
        // Refreshes (or replays with a token refreshed by another call) spent on this call. More
        // than one is allowed: on a slow link the fresh token can expire again before the replay
        // arrives (seen with a 1 s token on a loaded machine); the cap ends a server that keeps
        // answering token_expired.
        int refreshes = 0;
        int token_generation = 0;  // which access token it was sent with
        bool with_session = false;  // sent with an access token...
        int session_generation = 0; // ...of this session
    };
    void Send(const std::string& method, const std::string& path, const nlohmann::json* body, Done done, RequestOptions opt);
    void Attempt(Call call);
    void Refresh(Call call);
    void FinishRefresh(bool ok);
    void UpdateTokens(std::string access_token, std::string refresh_token);
    void Finish(Call& call, const HttpResponse& r, ApiResult result);

    Transport& transport_;
    std::string base_url_;
    std::string device_;
    std::string access_token_, refresh_token_;
    int session_generation_ = 0;  // a new sign-in or a sign-out
    int token_generation_ = 0;    // a refresh within the same session
    bool refreshing_ = false;
    std::vector<Call> waiting_for_refresh_;
    std::function<void(int)> wake_;
    struct Delayed {
        std::chrono::steady_clock::time_point due;
        Call call;
    };
    std::vector<Delayed> delayed_;
};

}  // namespace client
