// The small transport interface the API client runs on: emscripten_fetch in the browser
// (platform/web/fetch_transport.cpp), libcurl natively (platform/native/curl_transport.cpp).
// Requests are asynchronous; completions are delivered on the UI thread from Poll().
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace client {

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    int timeout_ms = 15000;
};

enum class TransportFailure { None, Offline, Timeout };

struct HttpResponse {
    int status = 0;                 // 0 when no HTTP response arrived
    TransportFailure failure = TransportFailure::None;
    std::string content_type;
    std::string etag;
    std::string body;
};

class Transport {
public:
    using Callback = std::function<void(HttpResponse)>;
    virtual ~Transport() = default;
    virtual void Send(HttpRequest request, Callback done) = 0;
    // Deliver finished requests (callbacks run here, on the caller's thread).
    virtual void Poll() {}
    virtual int InFlight() const = 0;
};

}  // namespace client
