// Every way a backend call can fail, as a value the UI can show with a retry. What a person reads
// is Text(): the catalog's message for the error's code ("errors.<code>", in the current
// language, with the error's numbers), the server's own text only when the catalog has none.
#pragma once
#include <string>
#include <vector>

#include "client/transport.h"

namespace client {

enum class ApiErrorKind { None, Offline, Timeout, Client, Server, Malformed };

struct FieldError {
    std::string field;
    std::string message;
};

struct ApiError {
    ApiErrorKind kind = ApiErrorKind::None;
    int status = 0;
    std::string code;                 // machine code from the error body, e.g. "validation_failed"
    std::string message;              // the server's text (a fallback), or our own when no code fits
    std::vector<FieldError> fields;
    long long attempts_left = -1;     // from the error body, when it has them
    long long retry_after = -1;       // seconds
    bool ok() const { return kind == ApiErrorKind::None; }
    // What to show, in the current language.
    std::string Text() const;
    // Worth retrying as is: network trouble and server-side failures, not 4xx.
    bool retryable() const {
        return kind == ApiErrorKind::Offline || kind == ApiErrorKind::Timeout || kind == ApiErrorKind::Server;
    }
};

// Classify a transport response. A 2xx response with a body that is not a JSON object/array
// (HTML from a proxy, truncated JSON) is Malformed; error bodies of the documented shape
// {"error": {"code", "message", "fields": [{"field","message"}]}} are parsed when present.
ApiError ClassifyResponse(const HttpResponse& response);

// A problem found on the device, shown like the backend's (catalog key errors.<code>): no signing
// keys, uploads still running, a journal that did not verify.
inline ApiError LocalError(const char* code) {
    ApiError e;
    e.kind = ApiErrorKind::Client;
    e.code = code;
    return e;
}

}  // namespace client
