// Transport over libcurl for the native app and for the client's tests: each request runs
// on its own worker thread; completions are queued and delivered from Poll() on the caller's
// thread, exactly like the browser transport.
#pragma once
#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
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
    int OpenStream(client::HttpRequest request, client::StreamHandlers handlers) override;
    void CloseStream(int id) override;

    // What a stream's worker thread hands to the UI thread.
    struct StreamItem {
        enum Kind { Open, Data, End } kind;
        int id;
        int status = 0;
        std::string chunk;
        client::TransportFailure failure = client::TransportFailure::None;
    };
    struct StreamWorker {
        std::atomic<bool> closed{false}, finished{false};
        std::thread thread;
    };
    void PushStreamItem(StreamItem item);

private:
    std::function<void()> wake_;
    std::mutex mutex_;
    std::deque<std::pair<Callback, client::HttpResponse>> finished_;
    std::deque<StreamItem> stream_items_;  // guarded by mutex_
    std::vector<std::thread> workers_;
    std::atomic<int> in_flight_{0};
    // UI thread only:
    int next_stream_ = 1;
    std::map<int, client::StreamHandlers> stream_handlers_;
    std::map<int, std::shared_ptr<StreamWorker>> stream_workers_;
};

// Blocking form used by workers (and handy in tests).
client::HttpResponse PerformRequest(const client::HttpRequest& request);

}  // namespace native
