// Transport over emscripten_fetch (XMLHttpRequest underneath in emscripten 3.1.6).
#pragma once
#include <deque>
#include <functional>
#include <map>
#include <string>

#include "client/transport.h"

namespace web {

class FetchTransport : public client::Transport {
public:
    explicit FetchTransport(std::function<void()> on_completion) : on_completion_(std::move(on_completion)) {}
    void Send(client::HttpRequest request, Callback done) override;
    void Poll() override;
    int InFlight() const override { return in_flight_; }
    // Streams run on the page's fetch() with a reader (web/glue.js streamOpen): emscripten_fetch
    // hands over a body only when it is complete.
    int OpenStream(client::HttpRequest request, client::StreamHandlers handlers) override;
    void CloseStream(int id) override;

    // Internal: called from the fetch callbacks.
    void Complete(Callback done, client::HttpResponse response);
    // Internal: called from the page's stream callbacks (main_web.cpp). Queued, delivered in Poll.
    enum class StreamKind { Open, Data, End };
    void StreamEvent(int id, StreamKind kind, int status, std::string chunk, bool failed);

private:
    struct StreamItem {
        int id;
        StreamKind kind;
        int status;
        std::string chunk;
        bool failed;
    };
    std::function<void()> on_completion_;
    std::deque<std::pair<Callback, client::HttpResponse>> finished_;
    int in_flight_ = 0;
    int next_stream_ = 1;
    std::map<int, client::StreamHandlers> streams_;
    std::deque<StreamItem> stream_items_;
};

}  // namespace web
