// Classification of backend responses, including hostile and broken ones.
#include <gtest/gtest.h>

#include "client/api_error.h"
#include "core/strings.h"

using client::ApiErrorKind;
using client::ClassifyResponse;
using client::HttpResponse;

// The Russian catalog for a test's lifetime (Text() reads the current one), English on request.
struct Catalogs {
    Catalogs(bool english = false) {
        ru.LoadJson(core::EmbeddedRussianCatalog(), nullptr);
        en.LoadJson(core::EmbeddedEnglishCatalog(), nullptr);
        en.SetLang(core::Language::English);
        core::SetCurrentCatalog(english ? &en : &ru, &ru);
    }
    ~Catalogs() { core::SetCurrentCatalog(nullptr); }
    core::StringCatalog ru, en;
};

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
    Catalogs c;
    auto e = ClassifyResponse(Resp(503, "<h1>Service Unavailable</h1>", "text/html"));
    EXPECT_EQ(e.kind, ApiErrorKind::Server);
    EXPECT_EQ(e.Text(), "Ошибка на стороне сервера");
    EXPECT_TRUE(e.retryable());
}

TEST(ApiError, HostileErrorBodiesDoNotConfuseTheParser) {
    Catalogs c;
    auto e = ClassifyResponse(Resp(400, R"({"error":"not an object"})"));
    EXPECT_EQ(e.kind, ApiErrorKind::Client);
    EXPECT_EQ(e.Text(), "Запрос отклонён сервером");
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

// An error is shown by its code, in the person's language, with its numbers; the server's own words
// only when the catalog has no message for the code (or the message needs a number that is missing).
TEST(ApiError, ShownByItsCodeInTheCurrentLanguageServerTextAsFallback) {
    const char* locked = R"({"error":{"code":"invalid_credentials","message":"Неверный логин или пароль. Осталось попыток: 3","attempts_left":3}})";
    const char* limited = R"({"error":{"code":"too_many_requests","message":"Слишком много запросов.","retry_after":125}})";
    const char* unknown = R"({"error":{"code":"brand_new_code","message":"Новая ошибка сервера"}})";
    const char* bare = R"({"error":{"code":"wrong_code","message":"Неверный код из приложения. Проверьте время на телефоне."}})";
    {
        Catalogs c;
        EXPECT_EQ(ClassifyResponse(Resp(401, locked)).Text(), "Неверный логин или пароль. Осталось попыток: 3");
        EXPECT_EQ(ClassifyResponse(Resp(429, limited)).Text(), "Слишком много запросов. Повторите через 3 минуты.");
        EXPECT_EQ(ClassifyResponse(Resp(400, unknown)).Text(), "Новая ошибка сервера");
        EXPECT_EQ(ClassifyResponse(Resp(400, bare)).Text(), "Неверный код из приложения. Проверьте время на телефоне.");
    }
    Catalogs c(/*english=*/true);
    EXPECT_EQ(ClassifyResponse(Resp(401, locked)).Text(), "Wrong login or password. Attempts left: 3");
    EXPECT_EQ(ClassifyResponse(Resp(429, limited)).Text(), "Too many requests. Try again in 3 minutes.");
    EXPECT_EQ(ClassifyResponse(Resp(400, unknown)).Text(), "Новая ошибка сервера");
    HttpResponse offline;
    offline.failure = client::TransportFailure::Offline;
    EXPECT_EQ(ClassifyResponse(offline).Text(), "No internet connection");
}
