#include "platform/web/fetch_transport.h"

#include <emscripten/em_js.h>
#include <emscripten/fetch.h>

#include <nlohmann/json.hpp>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

EM_JS(void, js_stream_open, (int id, const char* url, const char* headers), {
    Module.glue.streamOpen(id, UTF8ToString(url), UTF8ToString(headers));
});
EM_JS(void, js_stream_close, (int id), { Module.glue.streamClose(id); });

namespace web {

// Everything a fetch needs to outlive Send(): header strings and the body.
struct PendingFetch {
    FetchTransport* owner;
    client::Transport::Callback done;
    std::vector<std::string> header_storage;
    std::vector<const char*> headers;
    std::string body;
};

static std::string HeaderValue(emscripten_fetch_t* f, const char* name) {
    size_t len = emscripten_fetch_get_response_headers_length(f);
    if (len == 0) return {};
    std::vector<char> raw(len + 1);
    emscripten_fetch_get_response_headers(f, raw.data(), len + 1);
    char** pairs = emscripten_fetch_unpack_response_headers(raw.data());
    std::string out;
    for (int i = 0; pairs && pairs[i]; i += 2)
        if (strcasecmp(pairs[i], name) == 0) { out = pairs[i + 1] ? pairs[i + 1] : ""; break; }
    if (pairs) emscripten_fetch_free_unpacked_response_headers(pairs);
    while (!out.empty() && (out.back() == '\r' || out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

static void OnDone(emscripten_fetch_t* f) {
    std::unique_ptr<PendingFetch> p(static_cast<PendingFetch*>(f->userData));
    client::HttpResponse r;
    r.status = f->status;
    if (f->numBytes > 0 && f->data) r.body.assign(f->data, (size_t)f->numBytes);
    if (f->status == 0) {
        // XHR gives status 0 both for a network error and for a timeout; the timeout flag
        // is only visible as readyState 4 with no data and elapsed time — treat 0 as offline
        // unless the request hit its timeout.
        r.failure = client::TransportFailure::Offline;
    } else {
        r.content_type = HeaderValue(f, "content-type");
        r.etag = HeaderValue(f, "etag");
    }
    if (f->status == 0 && strstr(f->statusText, "timeout")) r.failure = client::TransportFailure::Timeout;
    FetchTransport* owner = p->owner;
    owner->Complete(std::move(p->done), std::move(r));
    emscripten_fetch_close(f);
}

void FetchTransport::Send(client::HttpRequest request, Callback done) {
    auto* p = new PendingFetch{this, std::move(done), {}, {}, std::move(request.body)};
    for (auto& h : request.headers) {
        p->header_storage.push_back(h.first);
        p->header_storage.push_back(h.second);
    }
    for (auto& s : p->header_storage) p->headers.push_back(s.c_str());
    p->headers.push_back(nullptr);

    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    snprintf(attr.requestMethod, sizeof(attr.requestMethod), "%s", request.method.c_str());
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attr.timeoutMSecs = (unsigned long)request.timeout_ms;
    attr.requestHeaders = p->headers.data();
    if (!p->body.empty()) {
        attr.requestData = p->body.data();
        attr.requestDataSize = p->body.size();
    }
    attr.userData = p;
    attr.onsuccess = OnDone;
    attr.onerror = OnDone;
    in_flight_++;
    emscripten_fetch(&attr, request.url.c_str());
}

void FetchTransport::Complete(Callback done, client::HttpResponse response) {
    finished_.emplace_back(std::move(done), std::move(response));
    if (on_completion_) on_completion_();
}

void FetchTransport::Poll() {
    // Callbacks run at a known point of the frame, never in the middle of drawing.
    while (!finished_.empty()) {
        auto item = std::move(finished_.front());
        finished_.pop_front();
        in_flight_--;
        item.first(std::move(item.second));
    }
    while (!stream_items_.empty()) {
        StreamItem item = std::move(stream_items_.front());
        stream_items_.pop_front();
        auto h = streams_.find(item.id);
        if (h == streams_.end()) continue;  // closed: nothing of it runs any more
        client::StreamHandlers handlers = h->second;
        if (item.kind == StreamKind::End) streams_.erase(h);
        if (item.kind == StreamKind::Open && handlers.on_open) handlers.on_open(item.status);
        if (item.kind == StreamKind::Data && handlers.on_data) handlers.on_data(std::move(item.chunk));
        if (item.kind == StreamKind::End && handlers.on_end)
            handlers.on_end(item.failed ? client::TransportFailure::Offline : client::TransportFailure::None);
    }
}

int FetchTransport::OpenStream(client::HttpRequest request, client::StreamHandlers handlers) {
    int id = next_stream_++;
    streams_[id] = std::move(handlers);
    nlohmann::json headers = nlohmann::json::object();
    for (auto& h : request.headers) headers[h.first] = h.second;
    js_stream_open(id, request.url.c_str(), headers.dump().c_str());
    return id;
}

void FetchTransport::CloseStream(int id) {
    if (streams_.erase(id)) js_stream_close(id);
}

void FetchTransport::StreamEvent(int id, StreamKind kind, int status, std::string chunk, bool failed) {
    if (!streams_.count(id)) return;
    stream_items_.push_back({id, kind, status, std::move(chunk), failed});
}

}  // namespace web
