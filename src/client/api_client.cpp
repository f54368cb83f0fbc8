#include "client/api_client.h"

#include <utility>

namespace client {

ApiClient::ApiClient(Transport& transport, std::string base_url) : transport_(transport) {
    SetBaseUrl(std::move(base_url));
}

void ApiClient::SetBaseUrl(std::string base_url) {
    while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
    base_url_ = std::move(base_url);
}

void ApiClient::Get(const std::string& path, Done done, int retries) {
    HttpRequest req;
    req.method = "GET";
    req.url = base_url_ + path;
    req.headers.push_back({"Accept", "application/json"});
    Attempt(std::move(req), std::move(done), retries);
}

void ApiClient::Attempt(HttpRequest request, Done done, int retries_left) {
    HttpRequest copy = request;
    transport_.Send(std::move(copy), [this, request = std::move(request), done = std::move(done), retries_left](HttpResponse r) mutable {
        ApiResult result;
        result.error = ClassifyResponse(r);
        if (result.error.retryable() && retries_left > 0) {
            // Retries are immediate here; the transport's own timeout already spaced them out,
            // and the UI shows a retry button when the last attempt fails.
            Attempt(std::move(request), std::move(done), retries_left - 1);
            return;
        }
        if (result.error.ok() && !r.body.empty())
            result.body = nlohmann::json::parse(r.body, nullptr, false);
        done(std::move(result));
    });
}

void ApiClient::CheckHealth(Done done) {
    Get("/health", [done = std::move(done)](ApiResult r) {
        if (r.error.ok()) {
            const nlohmann::json& b = r.body;
            bool speaks_v1 = b.is_object() && b.contains("contract") && b["contract"].is_string() &&
                             b["contract"].get<std::string>() == kContractVersion;
            if (!speaks_v1) {
                r.error.kind = ApiErrorKind::Malformed;
                r.error.message = "Сервер не поддерживает версию API v1";
            }
        }
        done(std::move(r));
    }, /*retries=*/1);
}

}  // namespace client
