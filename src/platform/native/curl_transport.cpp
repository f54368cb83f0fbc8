#include "platform/native/curl_transport.h"

#include <curl/curl.h>

#include <cctype>
#include <string>

namespace native {

static size_t WriteBody(char* data, size_t size, size_t n, void* user) {
    auto* body = static_cast<std::string*>(user);
    // Response size limit: a hostile backend must not exhaust memory.
    if (body->size() + size * n > 32u * 1024 * 1024) return 0;
    body->append(data, size * n);
    return size * n;
}

static size_t WriteHeader(char* data, size_t size, size_t n, void* user) {
    auto* r = static_cast<client::HttpResponse*>(user);
    std::string line(data, size * n);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name) c = (char)std::tolower((unsigned char)c);
        std::string value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.pop_back();
        if (name == "content-type") r->content_type = value;
        if (name == "etag") r->etag = value;
    }
    return size * n;
}

client::HttpResponse PerformRequest(const client::HttpRequest& req) {
    client::HttpResponse r;
    CURL* curl = curl_easy_init();
    if (!curl) {
        r.failure = client::TransportFailure::Offline;
        return r;
    }
    struct curl_slist* headers = nullptr;
    for (auto& h : req.headers) headers = curl_slist_append(headers, (h.first + ": " + h.second).c_str());
    curl_easy_setopt(curl, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    if (!req.body.empty() || req.method == "POST" || req.method == "PUT" || req.method == "PATCH") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req.body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)req.body.size());
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)req.timeout_ms);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, WriteHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    CURLcode rc = curl_easy_perform(curl);
    if (rc == CURLE_OK) {
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        r.status = (int)status;
    } else {
        r.status = 0;
        r.body.clear();
        r.failure = rc == CURLE_OPERATION_TIMEDOUT ? client::TransportFailure::Timeout : client::TransportFailure::Offline;
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return r;
}

CurlTransport::CurlTransport(std::function<void()> wake) : wake_(std::move(wake)) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

CurlTransport::~CurlTransport() {
    for (auto& it : stream_workers_) it.second->closed = true;
    for (auto& it : stream_workers_)
        if (it.second->thread.joinable()) it.second->thread.join();
    for (std::thread& t : workers_)
        if (t.joinable()) t.join();
}

namespace {
struct StreamContext {
    CurlTransport* transport;
    CurlTransport::StreamWorker* worker;
    CURL* curl;
    int id;
    bool opened = false;
};

void AnnounceOpen(StreamContext* c) {
    if (c->opened) return;
    c->opened = true;
    long status = 0;
    curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
    c->transport->PushStreamItem({CurlTransport::StreamItem::Open, c->id, (int)status, {}, client::TransportFailure::None});
}

size_t StreamWrite(char* data, size_t size, size_t n, void* user) {
    auto* c = static_cast<StreamContext*>(user);
    if (c->worker->closed) return 0;
    AnnounceOpen(c);
    c->transport->PushStreamItem({CurlTransport::StreamItem::Data, c->id, 0, std::string(data, size * n), client::TransportFailure::None});
    return size * n;
}

// libcurl calls this at least once a second, also while the stream is quiet: a closed stream
// stops within a second without any traffic.
int StreamProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<StreamContext*>(user)->worker->closed ? 1 : 0;
}
}  // namespace

void CurlTransport::PushStreamItem(StreamItem item) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stream_items_.push_back(std::move(item));
    }
    if (wake_) wake_();
}

int CurlTransport::OpenStream(client::HttpRequest request, client::StreamHandlers handlers) {
    int id = next_stream_++;
    auto worker = std::make_shared<StreamWorker>();
    stream_handlers_[id] = std::move(handlers);
    stream_workers_[id] = worker;
    StreamWorker* w = worker.get();
    worker->thread = std::thread([this, w, id, request = std::move(request)]() {
        CURL* curl = curl_easy_init();
        StreamContext ctx{this, w, curl, id};
        client::TransportFailure failure = client::TransportFailure::Offline;
        if (curl) {
            struct curl_slist* headers = nullptr;
            for (auto& h : request.headers) headers = curl_slist_append(headers, (h.first + ": " + h.second).c_str());
            curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
            curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
            curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
            curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, (long)request.timeout_ms);
            // The server sends a heartbeat every 15 s: three missed ones mean the peer is gone.
            curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
            curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 45L);
            curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, StreamWrite);
            curl_easy_setopt(curl, CURLOPT_WRITEDATA, &ctx);
            curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
            curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, StreamProgress);
            curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &ctx);
            CURLcode rc = curl_easy_perform(curl);
            if (rc == CURLE_OK) {
                AnnounceOpen(&ctx);  // a response with an empty body
                failure = client::TransportFailure::None;
            } else if (rc == CURLE_OPERATION_TIMEDOUT) {
                failure = client::TransportFailure::Timeout;
            }
            curl_slist_free_all(headers);
            curl_easy_cleanup(curl);
        }
        if (!w->closed) PushStreamItem({StreamItem::End, id, 0, {}, failure});
        w->finished = true;
    });
    return id;
}

void CurlTransport::CloseStream(int id) {
    stream_handlers_.erase(id);
    auto it = stream_workers_.find(id);
    if (it != stream_workers_.end()) it->second->closed = true;  // joined in Poll once it ends
}

void CurlTransport::Send(client::HttpRequest request, Callback done) {
    in_flight_++;
    workers_.emplace_back([this, request = std::move(request), done = std::move(done)]() mutable {
        client::HttpResponse r = PerformRequest(request);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            finished_.emplace_back(std::move(done), std::move(r));
        }
        if (wake_) wake_();
    });
}

void CurlTransport::Poll() {
    std::deque<std::pair<Callback, client::HttpResponse>> ready;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        ready.swap(finished_);
    }
    for (auto& item : ready) {
        in_flight_--;
        item.first(std::move(item.second));
    }
    std::deque<StreamItem> items;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        items.swap(stream_items_);
    }
    for (StreamItem& item : items) {
        // Looked up for each item: a handler may close its stream (or another one).
        auto h = stream_handlers_.find(item.id);
        if (h == stream_handlers_.end()) continue;  // closed: nothing of it runs any more
        client::StreamHandlers handlers = h->second;
        if (item.kind == StreamItem::End) stream_handlers_.erase(h);
        if (item.kind == StreamItem::Open && handlers.on_open) handlers.on_open(item.status);
        if (item.kind == StreamItem::Data && handlers.on_data) handlers.on_data(std::move(item.chunk));
        if (item.kind == StreamItem::End && handlers.on_end) handlers.on_end(item.failure);
    }
    for (auto it = stream_workers_.begin(); it != stream_workers_.end();) {
        if (it->second->finished) {
            it->second->thread.join();
            it = stream_workers_.erase(it);
        } else {
            ++it;
        }
    }
    // Join workers that are done so the thread list does not grow without bound.
    if (in_flight_ == 0) {
        for (std::thread& t : workers_)
            if (t.joinable()) t.join();
        workers_.clear();
    }
}

}  // namespace native
