// Classification of backend responses, including hostile and broken ones.
#include <gtest/gtest.h>

#include "client/api_error.h"

using client::ApiErrorKind;
using client::ClassifyResponse;
using client::HttpResponse;

static HttpResponse Resp(int status, const std::string& body, const std::string& type = "application/json; charset=utf-8") {
    HttpResponse r;
    r.status = status;
    r.body = body;
    r.content_type = type;
    return r;
}

TEST(ApiError, SuccessWithJsonIsOk) {
    EXPECT_TRUE(ClassifyResponse(Resp(200, R"({"a":1})")).ok());
    EXPECT_TRUE(ClassifyResponse(Resp(200, "[]")).ok());
    EXPECT_TRUE(ClassifyResponse(Resp(204, "", "")).ok());
}

TEST(ApiError, HtmlOrTruncatedJsonIsMalformed) {
    EXPECT_EQ(ClassifyResponse(Resp(200, "<html><body>502 Bad Gateway</body></html>", "text/html")).kind, ApiErrorKind::Malformed);
    EXPECT_EQ(ClassifyResponse(Resp(200, R"({"status":"o)")).kind, ApiErrorKind::Malformed);
    EXPECT_EQ(ClassifyResponse(Resp(200, "")).kind, ApiErrorKind::Malformed);
    EXPECT_EQ(ClassifyResponse(Resp(200, "\"just a string\"")).kind, ApiErrorKind::Malformed);
    EXPECT_EQ(ClassifyResponse(Resp(200, R"({"a":1})", "text/plain")).kind, ApiErrorKind::Malformed);
    EXPECT_EQ(ClassifyResponse(Resp(200, std::string("{\"a\":\"\xff\xfe\"}"))).kind, ApiErrorKind::Malformed);
}

TEST(ApiError, DocumentedErrorShapeIsParsed) {
    auto e = ClassifyResponse(Resp(422, R"({"error":{"code":"validation_failed","message":"Проверьте поля",
        "fields":[{"field":"phone","message":"Неверный номер"},{"bogus":1},{"field":"email"}]}})"));
    EXPECT_EQ(e.kind, ApiErrorKind::Client);
    EXPECT_EQ(e.status, 422);
    EXPECT_EQ(e.code, "validation_failed");
    EXPECT_EQ(e.message, "Проверьте поля");
    ASSERT_EQ(e.fields.size(), 2u);
    EXPECT_EQ(e.fields[0].field, "phone");
    EXPECT_EQ(e.fields[0].message, "Неверный номер");
    EXPECT_EQ(e.fields[1].field, "email");
    EXPECT_FALSE(e.retryable());
}

TEST(ApiError, ServerErrorsAreRetryableWithAMessageEvenWithoutBody) {
    auto e = ClassifyResponse(Resp(503, "<h1>Service Unavailable</h1>", "text/html"));
    EXPECT_EQ(e.kind, ApiErrorKind::Server);
    EXPECT_FALSE(e.message.empty());
    EXPECT_TRUE(e.retryable());
}

TEST(ApiError, HostileErrorBodiesDoNotConfuseTheParser) {
    auto e = ClassifyResponse(Resp(400, R"({"error":"not an object"})"));
    EXPECT_EQ(e.kind, ApiErrorKind::Client);
    EXPECT_FALSE(e.message.empty());
    e = ClassifyResponse(Resp(400, R"({"error":{"code":42,"message":["x"],"fields":"no"}})"));
    EXPECT_EQ(e.kind, ApiErrorKind::Client);
    EXPECT_TRUE(e.code.empty());
    EXPECT_TRUE(e.fields.empty());
    std::string deep(100000, '[');
    e = ClassifyResponse(Resp(500, deep));
    EXPECT_EQ(e.kind, ApiErrorKind::Server);
}

TEST(ApiError, TransportFailures) {
    HttpResponse r;
    r.failure = client::TransportFailure::Offline;
    EXPECT_EQ(ClassifyResponse(r).kind, ApiErrorKind::Offline);
    r.failure = client::TransportFailure::Timeout;
    EXPECT_EQ(ClassifyResponse(r).kind, ApiErrorKind::Timeout);
    EXPECT_TRUE(ClassifyResponse(r).retryable());
}
