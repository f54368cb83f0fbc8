// The live event stream of the signed-in user (docs/events.md) and the bus that hands its events
// to whoever subscribed, on the UI thread.
//
// EventStream asks for a ticket (POST /events/ticket, with the session's token, so an expired
// token is refreshed like any call and a dead session ends like any call), opens GET /events as a
// stream through the transport (libcurl natively, fetch streaming in the browser), parses it
// (SseParser) and resumes from the last id after any drop, with backoff: at once, then 1, 2, 4 …
// 30 s (±25 %), so that a restarted server is not hit by every client in the same second.
// Events are delivered at most once and in order: an id not above the last one seen is a
// duplicate (a replay overlapping a live delivery) and is dropped.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "client/api_client.h"
#include "client/sse_parser.h"
#include "client/transport.h"

namespace client {

struct LiveEvent {
    long long id = 0;      // 0 for "reset"
    std::string type;      // security, profile_changed, application_changed, session_ended, reset, ...
    nlohmann::json data;   // the event's "data" member
};

// Subscriptions by event type; a Subscription unsubscribes when it is destroyed, so a subscriber
// that goes away (a session, a screen) is never called again (ImHex's EventManager, by owner).
class EventBus {
public:
    using Handler = std::function<void(const LiveEvent&)>;
    class Subscription {
    public:
        Subscription() = default;
        Subscription(EventBus* bus, int id) : bus_(bus), id_(id) {}
        Subscription(Subscription&& o) noexcept : bus_(o.bus_), id_(o.id_) { o.bus_ = nullptr; }
        Subscription& operator=(Subscription&& o) noexcept;
        Subscription(const Subscription&) = delete;
        Subscription& operator=(const Subscription&) = delete;
        ~Subscription();
    private:
        EventBus* bus_ = nullptr;
        int id_ = 0;
    };

    // type "*" receives every event.
    [[nodiscard]] Subscription Subscribe(const std::string& type, Handler handler);
    void Publish(const LiveEvent& event);
    size_t Subscribers() const { return handlers_.size(); }

private:
    struct Entry {
        std::string type;
        Handler handler;
    };
    std::map<int, Entry> handlers_;
    int next_ = 1;
};

enum class LiveState { Stopped, Connecting, Open, Reconnecting };

class EventStream {
public:
    EventStream(ApiClient& api, Transport& transport) : api_(api), transport_(transport) {}
    ~EventStream() { Stop(); }
    EventStream(const EventStream&) = delete;
    EventStream& operator=(const EventStream&) = delete;

    // last_id: resume after it (a reloaded page keeps it); 0 = only what happens from now on.
    void Start(double now, long long last_id = 0);
    void Stop();
    // Reconnects when due; call every frame (and whenever the app wakes).
    void Tick(double now);
    // Seconds until Tick has something to do (-1: nothing scheduled).
    double NextWakeSeconds(double now) const;

    LiveState State() const { return state_; }
    bool EverOpened() const { return opened_ever_; }
    long long LastId() const { return last_id_; }
    int Drops() const { return drops_; }
    // The device says the network is back (the browser's "online" event): waiting out the
    // backoff would leave the person without updates for up to 30 s for nothing.
    void RetryNow();
    // For tests: drop the connection now, as a network failure would.
    void SimulateDrop();

    std::function<void(const LiveEvent&)> on_event;
    std::function<void(LiveState)> on_state;

private:
    void Connect();
    void Opened(int status);
    void Data(const std::string& chunk);
    void Dropped();
    void SetState(LiveState s);

    ApiClient& api_;
    Transport& transport_;
    LiveState state_ = LiveState::Stopped;
    SseParser parser_;
    int stream_ = 0;           // transport stream id, 0 when none
    int status_ = 0;
    bool opened_ever_ = false;
    long long last_id_ = 0;
    int attempt_ = 0;          // failed attempts since the last good connection
    int drops_ = 0;
    double now_ = 0, due_ = -1;
    // The ticket reply and the stream's handlers hold only a weak reference: nothing runs after
    // Stop() or after the EventStream is gone.
    std::shared_ptr<int> epoch_;
};

}  // namespace client
