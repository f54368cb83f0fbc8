// Transport over libcurl for the native app and for the client's tests: each request runs
// on its own worker thread; completions are queued and delivered from Poll() on the caller's
// thread, exactly like the browser transport.
#pragma once
#include <atomic>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "client/transport.h"

namespace native {

class CurlTransport : public client::Transport {
public:
    explicit CurlTransport(std::function<void()> wake = nullptr);
    ~CurlTransport() override;
    void Send(client::HttpRequest request, Callback done) override;
    void Poll() override;
    int InFlight() const override { return in_flight_; }

private:
    std::function<void()> wake_;
    std::mutex mutex_;
    std::deque<std::pair<Callback, client::HttpResponse>> finished_;
    std::vector<std::thread> workers_;
    std::atomic<int> in_flight_{0};
};

// Blocking form used by workers (and handy in tests).
client::HttpResponse PerformRequest(const client::HttpRequest& request);

}  // namespace native
