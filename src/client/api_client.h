// The one API client every screen uses. Knows the backend base URL and the contract
// version; turns transport responses into parsed JSON or an ApiError. Never blocks.
#pragma once
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "client/api_error.h"
#include "client/transport.h"

namespace client {

struct ApiResult {
    ApiError error;
    nlohmann::json body;  // parsed JSON when error.ok()
};

class ApiClient {
public:
    using Done = std::function<void(ApiResult)>;

    ApiClient(Transport& transport, std::string base_url);

    const std::string& BaseUrl() const { return base_url_; }
    void SetBaseUrl(std::string base_url);

    // GET with retries (idempotent): up to `retries` more attempts on Offline/Timeout/5xx.
    void Get(const std::string& path, Done done, int retries = 2);

    // GET /health: is the backend there, and does it speak our contract version?
    void CheckHealth(Done done);

    void Poll() { transport_.Poll(); }
    int InFlight() const { return transport_.InFlight(); }

    static constexpr const char* kContractVersion = "v1";

private:
    void Attempt(HttpRequest request, Done done, int retries_left);
    Transport& transport_;
    std::string base_url_;
};

}  // namespace client
