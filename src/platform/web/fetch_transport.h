// Transport over emscripten_fetch (XMLHttpRequest underneath in emscripten 3.1.6).
#pragma once
#include <deque>
#include <functional>

#include "client/transport.h"

namespace web {

class FetchTransport : public client::Transport {
public:
    explicit FetchTransport(std::function<void()> on_completion) : on_completion_(std::move(on_completion)) {}
    void Send(client::HttpRequest request, Callback done) override;
    void Poll() override;
    int InFlight() const override { return in_flight_; }

    // Internal: called from the fetch callbacks.
    void Complete(Callback done, client::HttpResponse response);

private:
    std::function<void()> on_completion_;
    std::deque<std::pair<Callback, client::HttpResponse>> finished_;
    int in_flight_ = 0;
};

}  // namespace web
