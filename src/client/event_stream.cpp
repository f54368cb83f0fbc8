#include "client/event_stream.h"

#include <sodium.h>

#include <algorithm>

#include "core/json_read.h"
#include "core/route.h"

namespace client {

EventBus::Subscription& EventBus::Subscription::operator=(Subscription&& o) noexcept {
    if (this != &o) {
        if (bus_) bus_->handlers_.erase(id_);
        bus_ = o.bus_;
        id_ = o.id_;
        o.bus_ = nullptr;
    }
    return *this;
}

EventBus::Subscription::~Subscription() {
    if (bus_) bus_->handlers_.erase(id_);
}

EventBus::Subscription EventBus::Subscribe(const std::string& type, Handler handler) {
    int id = next_++;
    handlers_[id] = Entry{type, std::move(handler)};
    return Subscription(this, id);
}

void EventBus::Publish(const LiveEvent& event) {
    // A handler may subscribe or unsubscribe (or end the session): call a snapshot of the ids,
    // each only if it is still subscribed.
    std::vector<int> ids;
    for (auto& it : handlers_)
        if (it.second.type == "*" || it.second.type == event.type) ids.push_back(it.first);
    for (int id : ids) {
        auto it = handlers_.find(id);
        if (it == handlers_.end()) continue;
        Handler h = it->second.handler;  // a copy: the handler may unsubscribe itself
        h(event);
    }
}

void EventStream::Start(double now, long long last_id) {
    Stop();
    now_ = now;
    last_id_ = last_id;
    attempt_ = 0;
    Connect();
}

void EventStream::Stop() {
    epoch_.reset();  // pending ticket replies and stream handlers now find nobody
    if (stream_) transport_.CloseStream(stream_);
    stream_ = 0;
    due_ = -1;
    state_ = LiveState::Stopped;
}

void EventStream::SetState(LiveState s) {
    if (s == state_) return;
    state_ = s;
    if (on_state) on_state(s);
}

void EventStream::Connect() {
    due_ = -1;
    if (state_ != LiveState::Reconnecting) SetState(LiveState::Connecting);
    epoch_ = std::make_shared<int>(0);
    std::weak_ptr<int> alive = epoch_;
    api_.Post("/events/ticket", nlohmann::json::object(), [this, alive](ApiResult r) {
        if (alive.expired()) return;
        std::string ticket = r.error.ok() ? core::JsonText(r.body, "ticket") : "";
        if (ticket.empty()) {
            Dropped();  // offline, or the server is restarting: try again later
            return;
        }
        HttpRequest req;
        req.url = api_.BaseUrl() + "/events?ticket=" + core::PercentEncode(ticket);
        if (last_id_ > 0) {
            req.url += "&last_event_id=" + std::to_string(last_id_);
            req.headers.push_back({"Last-Event-ID", std::to_string(last_id_)});
        }
        req.headers.push_back({"Accept", "text/event-stream"});
        req.timeout_ms = 15000;  // to connect; the stream itself stays open
        parser_.Reset();
        status_ = 0;
        StreamHandlers h;
        h.on_open = [this, alive](int status) { if (!alive.expired()) Opened(status); };
        h.on_data = [this, alive](std::string chunk) { if (!alive.expired()) Data(chunk); };
        h.on_end = [this, alive](TransportFailure) {
            if (alive.expired()) return;
            stream_ = 0;
            Dropped();
        };
        stream_ = transport_.OpenStream(std::move(req), std::move(h));
    }, RequestOptions::Once());
}

void EventStream::Opened(int status) {
    status_ = status;
    if (status != 200) return;  // its body is an error; the end follows and counts as a drop
    attempt_ = 0;
    opened_ever_ = true;
    SetState(LiveState::Open);
}

void EventStream::Data(const std::string& chunk) {
    if (status_ != 200) return;
    std::vector<SseEvent> events;
    bool ok = parser_.Feed(chunk, &events);
    for (const SseEvent& e : events) {
        LiveEvent ev;
        ev.type = e.type;
        if (!e.id.empty()) {
            long long id = 0;
            bool digits = e.id.size() < 19;
            for (char c : e.id) {
                digits = digits && c >= '0' && c <= '9';
                if (digits) id = id * 10 + (c - '0');
            }
            if (!digits) continue;          // not the contract's id: ignore the event
            if (id <= last_id_) continue;   // seen already (duplicate, or older than what we have)
            last_id_ = id;
            ev.id = id;
        }
        nlohmann::json body = core::ParseJson(e.data);
        if (body.is_object() && body.contains("data")) ev.data = body["data"];
        else if (body.is_object()) ev.data = body;
        else if (ev.type != "reset") continue;  // an event we cannot read
        if (on_event) {
            std::weak_ptr<int> alive = epoch_;
            on_event(ev);
            if (alive.expired()) return;  // the handler stopped the stream (the session ended)
        }
    }
    if (!ok) {
        // A line or event over the limit: a hostile or broken server. Drop and resume.
        if (stream_) transport_.CloseStream(stream_);
        stream_ = 0;
        Dropped();
    }
}

void EventStream::Dropped() {
    if (state_ == LiveState::Stopped) return;
    drops_++;
    // At once the first time (a server restart, a proxy's idle timeout), then 1, 2, 4 … 30 s.
    double base = attempt_ == 0 ? 0.25 : std::min(30.0, (double)(1 << std::min(attempt_ - 1, 5)));
    double jitter = (75 + (int)randombytes_uniform(51)) / 100.0;
    attempt_++;
    due_ = now_ + base * jitter;
    SetState(LiveState::Reconnecting);
}

void EventStream::SimulateDrop() {
    if (!stream_) return;
    transport_.CloseStream(stream_);
    stream_ = 0;
    epoch_ = std::make_shared<int>(0);
    Dropped();
}

void EventStream::RetryNow() {
    if (state_ == LiveState::Reconnecting && due_ > now_) due_ = now_;
}

void EventStream::Tick(double now) {
    now_ = now;
    if (due_ >= 0 && now >= due_ && state_ == LiveState::Reconnecting) Connect();
}

double EventStream::NextWakeSeconds(double now) const {
    if (due_ < 0) return -1;
    return due_ > now ? due_ - now : 0;
}

}  // namespace client
