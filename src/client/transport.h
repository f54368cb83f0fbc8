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

// A response read as it arrives (the event stream): its status once the headers are in, then
// its body chunk by chunk, then its end. Delivered from Poll() like everything else.
struct StreamHandlers {
    std::function<void(int status)> on_open;
    std::function<void(std::string chunk)> on_data;
    // The stream is over: closed by the server, the network, or its own timeout. Not called
    // after CloseStream().
    std::function<void(TransportFailure failure)> on_end;
};

class Transport {
public:
    using Callback = std::function<void(HttpResponse)>;
    virtual ~Transport() = default;
    virtual void Send(HttpRequest request, Callback done) = 0;
    // Deliver finished requests (callbacks run here, on the caller's thread).
    virtual void Poll() {}
    // Requests waiting for their response. Open streams are not counted: a stream is open for
    // as long as the session, and "the network settled" must not wait for it.
    virtual int InFlight() const = 0;

    // Long-lived responses. OpenStream returns an id (> 0); after CloseStream(id) none of its
    // handlers runs again, whatever was already on its way.
    virtual int OpenStream(HttpRequest request, StreamHandlers handlers) = 0;
    virtual void CloseStream(int id) = 0;
};

}  // namespace client
