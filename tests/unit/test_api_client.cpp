// The API client and the reference backend, talking for real over 127.0.0.1.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sys/stat.h>
#include <thread>

#include "client/api_client.h"
#include "platform/native/curl_transport.h"
#include "server_process.h"

using testing_support::ServerProcess;

namespace {

client::ApiResult Wait(client::ApiClient& api, std::function<void(client::ApiClient::Done)> start) {
    client::ApiResult out;
    bool done = false;
    start([&](client::ApiResult r) { out = std::move(r); done = true; });
    for (int i = 0; i < 1000 && !done; i++) {
        api.Poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_TRUE(done) << "request never completed";
    return out;
}

client::HttpResponse Raw(const std::string& method, const std::string& url, const std::string& body = "",
                         std::vector<std::pair<std::string, std::string>> headers = {}) {
    client::HttpRequest r;
    r.method = method;
    r.url = url;
    r.body = body;
    r.headers = std::move(headers);
    return native::PerformRequest(r);
}

class ApiClientTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        // A small web app folder so the static side can be checked too.
        char tmpl[] = "/tmp/lk-dist-XXXXXX";
        dist = mkdtemp(tmpl);
        std::ofstream(dist + "/index.html") << "<!doctype html><title>t</title>" << std::string(2000, ' ');
        std::ofstream(dist + "/app.wasm", std::ios::binary) << std::string("\0asm\1\0\0\0", 8) << std::string(4000, '\0');
        mkdir((dist + "/fonts").c_str(), 0755);
        std::ofstream(dist + "/fonts/a.ttf") << "ttf";
        server = new ServerProcess(dist);
    }
    static void TearDownTestSuite() {
        delete server;
        server = nullptr;
        if (system(("rm -rf '" + dist + "'").c_str()) != 0) {}
    }
    static ServerProcess* server;
    static std::string dist;
};
ServerProcess* ApiClientTest::server = nullptr;
std::string ApiClientTest::dist;

TEST_F(ApiClientTest, HealthSaysV1) {
    ASSERT_TRUE(server->ok());
    native::CurlTransport t;
    client::ApiClient api(t, server->api_url());
    auto r = Wait(api, [&](client::ApiClient::Done d) { api.CheckHealth(std::move(d)); });
    ASSERT_TRUE(r.error.ok()) << r.error.message;
    EXPECT_EQ(r.body["status"], "ok");
    EXPECT_EQ(r.body["contract"], "v1");
    EXPECT_GE(r.body["schema"].get<int>(), 1);
}

// A reply to a call made for a session that ended before the reply came is dropped: the screen
// state it was meant for is gone, and the next person signing in must not see it. Calls made
// without a session (the catalog, health) are delivered whatever happens to sessions.
TEST_F(ApiClientTest, RepliesOutliveNoSession) {
    native::CurlTransport t;
    client::ApiClient api(t, server->api_url());
    api.SetSession("access-of-a", "refresh-of-a");
    int for_a = 0, public_calls = 0;
    client::RequestOptions anonymous;
    anonymous.auth = false;
    api.Get("/health", [&](client::ApiResult) { for_a++; });
    api.Get("/health", [&](client::ApiResult) { public_calls++; }, anonymous);
    api.ClearSession();                  // A signs out while both are on their way
    api.SetSession("access-of-b", "refresh-of-b");
    api.Get("/health", [&](client::ApiResult) { public_calls++; });  // B's own call
    for (int i = 0; i < 1000 && api.InFlight() > 0; i++) {
        api.Poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_EQ(api.InFlight(), 0);
    EXPECT_EQ(for_a, 0);
    EXPECT_EQ(public_calls, 2);
}

TEST_F(ApiClientTest, UnknownResourceGivesTheDocumentedErrorShape) {
    native::CurlTransport t;
    client::ApiClient api(t, server->api_url() + "/");  // trailing slash is tolerated
    auto r = Wait(api, [&](client::ApiClient::Done d) { api.Get("/no-such-thing", std::move(d)); });
    EXPECT_EQ(r.error.kind, client::ApiErrorKind::Client);
    EXPECT_EQ(r.error.status, 404);
    EXPECT_EQ(r.error.code, "not_found");
    EXPECT_EQ(r.error.message, "Ресурс не найден");
}

TEST_F(ApiClientTest, BackendDownIsOfflineNotACrash) {
    native::CurlTransport t;
    client::ApiClient api(t, testing_support::DeadBackendUrl());
    auto r = Wait(api, [&](client::ApiClient::Done d) { api.CheckHealth(std::move(d)); });
    EXPECT_EQ(r.error.kind, client::ApiErrorKind::Offline);
    EXPECT_FALSE(r.error.Text().empty());
}

TEST_F(ApiClientTest, StaticFilesServedAsHtmlAndPageIsNotTheApi) {
    // A page served in place of the API (wrong base URL) is Malformed, not "ok".
    native::CurlTransport t;
    client::ApiClient api(t, server->base_url());
    auto r = Wait(api, [&](client::ApiClient::Done d) { client::RequestOptions opt; opt.auth = false; opt.retries = 0; api.Get("/index.html", std::move(d), opt); });
    EXPECT_EQ(r.error.kind, client::ApiErrorKind::Malformed);
}

TEST_F(ApiClientTest, ServerSendsSecurityHeadersAndWasmMime) {
    auto r = Raw("GET", server->base_url() + "/app.wasm");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, "application/wasm");
    EXPECT_EQ(r.body.substr(0, 4), std::string("\0asm", 4));
    // Headers are checked through curl's raw header output.
    std::string cmd = "curl -s -D - -o /dev/null '" + server->base_url() + "/' > '" + dist + "/headers.txt'";
    ASSERT_EQ(system(cmd.c_str()), 0);
    std::ifstream f(dist + "/headers.txt");
    std::string headers((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    EXPECT_NE(headers.find("Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"), std::string::npos) << headers;
    EXPECT_NE(headers.find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_NE(headers.find("X-Content-Type-Options: nosniff"), std::string::npos);
    EXPECT_NE(headers.find("Referrer-Policy: no-referrer"), std::string::npos);
    EXPECT_EQ(headers.find("unsafe-inline"), std::string::npos);
    EXPECT_NE(headers.find("ETag: \""), std::string::npos);
    // HEAD answers like GET, without the body (curl -I).
    cmd = "curl -s -I '" + server->base_url() + "/app.wasm' > '" + dist + "/head.txt'";
    ASSERT_EQ(system(cmd.c_str()), 0);
    std::ifstream h(dist + "/head.txt");
    std::string head((std::istreambuf_iterator<char>(h)), std::istreambuf_iterator<char>());
    EXPECT_EQ(head.rfind("HTTP/1.1 200", 0), 0u) << head;
    EXPECT_NE(head.find("Content-Type: application/wasm"), std::string::npos) << head;
}

TEST_F(ApiClientTest, ServerCompressesAndRevalidates) {
    std::string cmd = "curl -s -H 'Accept-Encoding: gzip' -D - -o /dev/null '" + server->base_url() + "/app.wasm' > '" + dist + "/h2.txt'";
    ASSERT_EQ(system(cmd.c_str()), 0);
    std::ifstream f(dist + "/h2.txt");
    std::string h((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    EXPECT_NE(h.find("Content-Encoding: gzip"), std::string::npos) << h;
    size_t at = h.find("ETag: ");
    ASSERT_NE(at, std::string::npos);
    std::string etag = h.substr(at + 6, h.find('\r', at) - at - 6);
    auto r = Raw("GET", server->base_url() + "/app.wasm", "", {{"If-None-Match", etag}});
    EXPECT_EQ(r.status, 304);
}

TEST_F(ApiClientTest, ServerRefusesPathTraversal) {
    const char* paths[] = {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/fonts/..%2f..%2f..%2fetc/passwd",
                           "/%00index.html", "/..%5c..%5cetc/passwd"};
    for (const char* p : paths) {
        std::string cmd = "curl -s --path-as-is -o '" + dist + "/out.txt' -w '%{http_code}' '" + server->base_url() + p + "' > '" + dist + "/code.txt'";
        ASSERT_EQ(system(cmd.c_str()), 0);
        std::ifstream code(dist + "/code.txt"), out(dist + "/out.txt");
        std::string c((std::istreambuf_iterator<char>(code)), std::istreambuf_iterator<char>());
        std::string body((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
        EXPECT_EQ(c, "404") << p;
        EXPECT_EQ(body.find("root:"), std::string::npos) << p;
    }
}

TEST_F(ApiClientTest, MalformedAndOversizeBodiesGetJsonErrors) {
    auto r = Raw("POST", server->api_url() + "/auth/prelogin", "{not json", {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 400);
    auto e = client::ClassifyResponse(r);
    EXPECT_EQ(e.code, "malformed_json");
    std::string big(10 * 1024 * 1024, 'x');
    r = Raw("POST", server->api_url() + "/auth/prelogin", big, {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(client::ClassifyResponse(r).code, "payload_too_large");
    // The server is still healthy afterwards.
    EXPECT_EQ(Raw("GET", server->api_url() + "/health").status, 200);
}

TEST_F(ApiClientTest, UnknownContractVersionIsRefusedClearly) {
    auto r = Raw("GET", server->base_url() + "/api/v9/health");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(client::ClassifyResponse(r).code, "unknown_version");
}

}  // namespace
