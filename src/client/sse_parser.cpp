#include "client/sse_parser.h"

namespace client {

bool SseParser::Feed(const char* bytes, size_t n, std::vector<SseEvent>* out) {
    for (size_t i = 0; i < n; i++) {
        char c = bytes[i];
        if (after_cr_) {
            after_cr_ = false;
            if (c == '\n') continue;  // the LF of a CRLF split across chunks or not
        }
        if (c == '\r' || c == '\n') {
            after_cr_ = c == '\r';
            Line(line_, out);
            line_.clear();
            continue;
        }
        line_ += c;
        if (line_.size() > kMaxBytes || pending_.data.size() > kMaxBytes) return false;
    }
    return true;
}

void SseParser::Line(const std::string& line, std::vector<SseEvent>* out) {
    if (line.empty()) {
        // Dispatch. An event without data is not dispatched (the standard), but its id counts.
        if (has_data_) {
            SseEvent e = pending_;
            if (e.type.empty()) e.type = "message";
            out->push_back(std::move(e));
        }
        pending_ = SseEvent();
        has_data_ = false;
        return;
    }
    if (line[0] == ':') {
        comments_++;
        return;
    }
    size_t colon = line.find(':');
    std::string field = line.substr(0, colon);
    std::string value;
    if (colon != std::string::npos) {
        value = line.substr(colon + 1);
        if (!value.empty() && value[0] == ' ') value.erase(0, 1);
    }
    if (field == "data") {
        if (has_data_) pending_.data += '\n';
        pending_.data += value;
        has_data_ = true;
    } else if (field == "event") {
        pending_.type = value;
    } else if (field == "id") {
        if (value.find('\0') == std::string::npos) pending_.id = value;
    } else if (field == "retry") {
        bool digits = !value.empty() && value.size() < 9;
        for (char c : value) digits = digits && c >= '0' && c <= '9';
        if (digits) retry_ms_ = std::stoi(value);
    }
    // Other fields are ignored, as the standard says.
}

}  // namespace client
