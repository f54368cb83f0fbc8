#include "client/api_error.h"

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
        e.message = core::Tr("backend.offline");
        return e;
    }
    if (r.failure == TransportFailure::Timeout) {
        e.kind = ApiErrorKind::Timeout;
        e.message = core::Tr("backend.timeout");
        return e;
    }
    nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
    bool json_ok = !body.is_discarded() && (body.is_object() || body.is_array()) && IsJsonContent(r.content_type);
    if (r.status == 304) return e;  // not modified: the caller's copy is current
    if (r.status >= 200 && r.status < 300) {
        if (r.status != 204 && !json_ok) {
            e.kind = ApiErrorKind::Malformed;
            e.message = core::Tr("backend.malformed");
        }
        return e;
    }
    e.kind = r.status >= 500 ? ApiErrorKind::Server : ApiErrorKind::Client;
    e.message = core::Tr(r.status >= 500 ? "backend.server" : "backend.client");
    if (json_ok && body.is_object() && body.contains("error") && body["error"].is_object()) {
        const nlohmann::json& err = body["error"];
        if (err.contains("code") && err["code"].is_string()) e.code = err["code"].get<std::string>();
        if (err.contains("message") && err["message"].is_string()) e.message = err["message"].get<std::string>();
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

}  // namespace client
