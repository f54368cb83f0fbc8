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
    for (std::thread& t : workers_)
        if (t.joinable()) t.join();
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
    // Join workers that are done so the thread list does not grow without bound.
    if (in_flight_ == 0) {
        for (std::thread& t : workers_)
            if (t.joinable()) t.join();
        workers_.clear();
    }
}

}  // namespace native
