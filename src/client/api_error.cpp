#include "client/api_error.h"
#include "core/json_read.h"

#include <nlohmann/json.hpp>

#include "core/strings.h"

namespace client {

static bool IsJsonContent(const std::string& content_type) {
    return content_type.find("application/json") != std::string::npos ||
           content_type.find("+json") != std::string::npos;
}

ApiError ClassifyResponse(const HttpResponse& r) {
    ApiError e;
    e.status = r.status;
    if (r.failure == TransportFailure::Offline || (r.status == 0 && r.failure == TransportFailure::None)) {
        e.kind = ApiErrorKind::Offline;
        return e;
    }
    if (r.failure == TransportFailure::Timeout) {
        e.kind = ApiErrorKind::Timeout;
        return e;
    }
    nlohmann::json body = core::ParseJson(r.body);
    bool json_ok = !body.is_discarded() && (body.is_object() || body.is_array()) && IsJsonContent(r.content_type);
    if (r.status == 304) return e;  // not modified: the caller's copy is current
    if (r.status >= 200 && r.status < 300) {
        if (r.status != 204 && !json_ok) e.kind = ApiErrorKind::Malformed;
        return e;
    }
    e.kind = r.status >= 500 ? ApiErrorKind::Server : ApiErrorKind::Client;
    if (json_ok && body.is_object() && body.contains("error") && body["error"].is_object()) {
        const nlohmann::json& err = body["error"];
        if (err.contains("code") && err["code"].is_string()) e.code = err["code"].get<std::string>();
        if (err.contains("message") && err["message"].is_string()) e.message = err["message"].get<std::string>();
        if (err.contains("attempts_left") && err["attempts_left"].is_number_integer()) e.attempts_left = err["attempts_left"].get<long long>();
        if (err.contains("retry_after") && err["retry_after"].is_number()) e.retry_after = (long long)err["retry_after"].get<double>();
        if (err.contains("fields") && err["fields"].is_array()) {
            for (const nlohmann::json& f : err["fields"]) {
                if (!f.is_object() || !f.contains("field") || !f["field"].is_string()) continue;
                FieldError fe;
                fe.field = f["field"].get<std::string>();
                if (f.contains("message") && f["message"].is_string()) fe.message = f["message"].get<std::string>();
                e.fields.push_back(std::move(fe));
            }
        }
    }
    return e;
}

std::string ApiError::Text() const {
    if (!code.empty()) {
        std::string key = "errors." + code;
        if (core::HasText(key.c_str())) {
            long long minutes = retry_after > 0 ? (retry_after + 59) / 60 : -1;
            std::string text = minutes >= 0 ? core::TrN(key.c_str(), minutes) : std::string(core::Tr(key.c_str()));
            if (attempts_left >= 0) text = core::FillArgs(text, {{"attempts_left", attempts_left}});
            if (retry_after >= 0) text = core::FillArgs(text, {{"seconds", retry_after}});
            // A message that needs a number this error did not carry: the server's words are better.
            if (text.find('{') == std::string::npos || message.empty()) return text;
        }
    }
    if (!message.empty()) return message;
    switch (kind) {
        case ApiErrorKind::Offline: return core::Tr("backend.offline");
        case ApiErrorKind::Timeout: return core::Tr("backend.timeout");
        case ApiErrorKind::Malformed: return core::Tr("backend.malformed");
        case ApiErrorKind::Server: return core::Tr("backend.server");
        case ApiErrorKind::Client: return core::Tr("backend.client");
        default: return {};
    }
}

}  // namespace client
