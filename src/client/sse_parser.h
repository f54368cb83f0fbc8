// Server-sent events, parsed as the WHATWG HTML standard says (9.2.6 "Interpreting an event
// stream"): lines end in CR, LF or CRLF; "field: value" lines; a blank line dispatches; lines
// starting with ':' are comments (the server's heartbeat). Fed with whatever chunks the network
// delivers — a line may be split anywhere, even inside a UTF-8 character or a CRLF.
#pragma once
#include <string>
#include <vector>

namespace client {

struct SseEvent {
    std::string id;     // the id field of this event (empty when it had none)
    std::string type;   // "message" when the event field was absent
    std::string data;   // data lines joined with '\n'
};

class SseParser {
public:
    // Appends to *out every event completed by this chunk. False when the stream broke a limit
    // (a line or an event larger than kMaxBytes): the caller drops the connection.
    bool Feed(const char* bytes, size_t n, std::vector<SseEvent>* out);
    bool Feed(const std::string& chunk, std::vector<SseEvent>* out) { return Feed(chunk.data(), chunk.size(), out); }
    // The retry field, in milliseconds (-1: the server sent none).
    int RetryMs() const { return retry_ms_; }
    // Comments seen so far (heartbeats): a quiet but alive stream.
    long long Comments() const { return comments_; }
    void Reset() { *this = SseParser(); }

    static constexpr size_t kMaxBytes = 1 << 20;  // the contract's events are a few hundred bytes

private:
    void Line(const std::string& line, std::vector<SseEvent>* out);
    std::string line_;
    bool after_cr_ = false;
    SseEvent pending_;
    bool has_data_ = false;
    int retry_ms_ = -1;
    long long comments_ = 0;
};

}  // namespace client
