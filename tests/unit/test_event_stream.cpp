// The live event stream: the SSE parser on its own (chunks split anywhere), and EventStream
// against the real reference backend over 127.0.0.1 — a change made on another device arrives,
// a dropped connection resumes from the last id with nothing lost and nothing twice, the bus
// stops calling a subscription that is gone, and a stream of an ended session ends.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "client/event_stream.h"
#include "client/sse_parser.h"
#include "native_client.h"
#include "server_process.h"

using client::LiveEvent;
using client::LiveState;
using client::SseEvent;
using client::SseParser;
using testing_support::NativeClient;
using testing_support::ServerProcess;

namespace {

TEST(SseParser, EventsSplitAnywhereAreParsedWhole) {
    const std::string stream =
        "retry: 2000\r\n: connected\r\n\r\n"
        "id: 7\nevent: profile_changed\ndata: {\"a\":1,\n"
        "data: \"b\":\"ж\"}\n\n"
        "event: reset\rdata: {\"reason\":\"too_old\"}\r\r"
        ": ping\n\n"
        "data: plain\n\n";
    // Every way of cutting the stream in two gives the same events (a CRLF or a UTF-8 character
    // split between two chunks included).
    for (size_t cut = 0; cut <= stream.size(); cut++) {
        SseParser p;
        std::vector<SseEvent> out;
        ASSERT_TRUE(p.Feed(stream.substr(0, cut), &out));
        ASSERT_TRUE(p.Feed(stream.substr(cut), &out));
        ASSERT_EQ(out.size(), 3u) << "cut at " << cut;
        EXPECT_EQ(out[0].id, "7");
        EXPECT_EQ(out[0].type, "profile_changed");
        EXPECT_EQ(out[0].data, "{\"a\":1,\n\"b\":\"ж\"}");
        EXPECT_EQ(out[1].type, "reset");
        EXPECT_EQ(out[1].id, "");
        EXPECT_EQ(out[2].type, "message");
        EXPECT_EQ(out[2].data, "plain");
        EXPECT_EQ(p.RetryMs(), 2000);
        EXPECT_EQ(p.Comments(), 2);
    }
}

TEST(SseParser, AnEventWithoutDataIsNotDispatchedAndHugeLinesAreRefused) {
    SseParser p;
    std::vector<SseEvent> out;
    ASSERT_TRUE(p.Feed("id: 3\nevent: x\n\n", &out));
    EXPECT_TRUE(out.empty());
    std::string huge = "data: " + std::string(SseParser::kMaxBytes + 10, 'x');
    EXPECT_FALSE(p.Feed(huge, &out)) << "a hostile server cannot make the client hold gigabytes";
}

TEST(EventBus, ASubscriptionThatIsGoneIsNeverCalled) {
    client::EventBus bus;
    int a = 0, all = 0;
    {
        auto sa = bus.Subscribe("profile_changed", [&](const LiveEvent&) { a++; });
        auto sall = bus.Subscribe("*", [&](const LiveEvent&) { all++; });
        LiveEvent e;
        e.type = "profile_changed";
        bus.Publish(e);
        e.type = "security";
        bus.Publish(e);
        EXPECT_EQ(a, 1);
        EXPECT_EQ(all, 2);
    }
    LiveEvent e;
    e.type = "profile_changed";
    bus.Publish(e);
    EXPECT_EQ(a, 1);
    EXPECT_EQ(bus.Subscribers(), 0u);
}

class EventStreamTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = new ServerProcess("", /*seed=*/true); }
    static void TearDownTestSuite() { delete server; server = nullptr; }
    static ServerProcess* server;

    static double Now() {
        return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    }
    // Polls the client and ticks the stream until cond holds (or 20 s pass — a generous limit
    // for a busy machine; a passing run takes milliseconds).
    template <class F>
    static bool WaitFor(NativeClient& c, client::EventStream& live, F cond) {
        for (int i = 0; i < 4000; i++) {
            c.api.Poll();
            live.Tick(Now());
            if (cond()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return false;
    }
    // Another device changes the residence address: one new profile version, one event.
    static void ChangeAddress(NativeClient& other, const std::string& address) {
        client::ApiResult cur = other.Call("GET", "/profile");
        ASSERT_TRUE(cur.error.ok()) << cur.error.message;
        nlohmann::json data = cur.body["data"];
        data["residence_address"] = address;
        client::ApiResult r = other.Call("PUT", "/profile", {{"base_version", cur.body["version"]}, {"data", data}});
        ASSERT_TRUE(r.error.ok()) << r.error.message;
    }
    static int Count(const std::vector<LiveEvent>& got, const char* type) {
        int n = 0;
        for (const LiveEvent& e : got) n += e.type == type;
        return n;
    }
};
ServerProcess* EventStreamTest::server = nullptr;

const char* const kPhone = "+79161112233";
const char* const kPassword = "Gosuslugi2026";

TEST_F(EventStreamTest, AChangeOnAnotherDeviceArrivesAndADropResumesWithNothingLostOrTwice) {
    ASSERT_TRUE(server->ok());
    NativeClient tab(server->api_url()), phone(server->api_url());
    ASSERT_TRUE(tab.SignIn(*server, kPhone, kPassword, kPhone));
    ASSERT_TRUE(phone.SignIn(*server, kPhone, kPassword, kPhone));
    client::EventStream live(tab.api, tab.transport);
    std::vector<LiveEvent> got;
    std::vector<LiveState> states;
    live.on_event = [&](const LiveEvent& e) { got.push_back(e); };
    live.on_state = [&](LiveState s) { states.push_back(s); };
    live.Start(Now());
    ASSERT_TRUE(WaitFor(tab, live, [&] { return live.State() == LiveState::Open; }));
    EXPECT_EQ(tab.api.InFlight(), 0) << "an open stream is not a request in flight";

    ChangeAddress(phone, "119034, г. Москва, ул. Пречистенка, д. 12");
    ASSERT_TRUE(WaitFor(tab, live, [&] { return Count(got, "profile_changed") == 1; }));
    const LiveEvent first = got.back();
    EXPECT_GT(first.id, 0);
    EXPECT_TRUE(first.data.contains("version"));
    EXPECT_EQ(first.data.dump().find("Пречистенка"), std::string::npos) << "no personal data in events";

    // The connection drops; two changes happen meanwhile; the stream comes back on its own and
    // replays them, in order, once each.
    live.SimulateDrop();
    EXPECT_EQ(live.State(), LiveState::Reconnecting);
    ChangeAddress(phone, "119034, г. Москва, ул. Пречистенка, д. 14");
    ChangeAddress(phone, "119034, г. Москва, ул. Пречистенка, д. 16");
    ASSERT_TRUE(WaitFor(tab, live, [&] { return Count(got, "profile_changed") >= 3; }));
    EXPECT_EQ(live.State(), LiveState::Open);
    // One more change: events come in order, so once it is here any duplicate would be too.
    ChangeAddress(phone, "119034, г. Москва, ул. Пречистенка, д. 17");
    ASSERT_TRUE(WaitFor(tab, live, [&] { return !got.empty() && got.back().data.value("version", 0) >= first.data.value("version", 0) + 3; }));
    EXPECT_EQ(Count(got, "profile_changed"), 4) << "nothing twice";
    for (size_t i = 1; i < got.size(); i++) EXPECT_GT(got[i].id, got[i - 1].id) << "in order";
    EXPECT_EQ(live.Drops(), 1);
}

TEST_F(EventStreamTest, AReplayFromAnOldIdSkipsWhatWasSeenAndAnUnknownIdResets) {
    NativeClient tab(server->api_url()), phone(server->api_url());
    ASSERT_TRUE(tab.SignIn(*server, kPhone, kPassword, kPhone));
    ASSERT_TRUE(phone.SignIn(*server, kPhone, kPassword, kPhone));
    // First learn the ids of two new changes.
    client::EventStream probe(tab.api, tab.transport);
    std::vector<LiveEvent> seen;
    probe.on_event = [&](const LiveEvent& e) { if (e.type == "profile_changed") seen.push_back(e); };
    probe.Start(Now());
    ASSERT_TRUE(WaitFor(tab, probe, [&] { return probe.State() == LiveState::Open; }));
    ChangeAddress(phone, "119034, г. Москва, ул. Пречистенка, д. 18");
    ChangeAddress(phone, "119034, г. Москва, ул. Пречистенка, д. 20");
    ASSERT_TRUE(WaitFor(tab, probe, [&] { return seen.size() == 2; }));
    probe.Stop();

    // A page reloaded after the first: it gets exactly the second.
    client::EventStream live(tab.api, tab.transport);
    std::vector<LiveEvent> got;
    live.on_event = [&](const LiveEvent& e) { got.push_back(e); };
    live.Start(Now(), seen[0].id);
    ASSERT_TRUE(WaitFor(tab, live, [&] { return Count(got, "profile_changed") == 1; }));
    EXPECT_EQ(got.back().id, seen[1].id);
    live.Stop();

    // An id the server never gave (its storage was reset): a reset first, then live events.
    client::EventStream lost(tab.api, tab.transport);
    std::vector<LiveEvent> after;
    lost.on_event = [&](const LiveEvent& e) { after.push_back(e); };
    lost.Start(Now(), seen[1].id + 1000000);
    ASSERT_TRUE(WaitFor(tab, lost, [&] { return Count(after, "reset") == 1; }));
}

TEST_F(EventStreamTest, TheStreamOfAnEndedSessionEndsAndTheClientLearnsIt) {
    NativeClient tab(server->api_url()), phone(server->api_url());
    ASSERT_TRUE(tab.SignIn(*server, kPhone, kPassword, kPhone));
    ASSERT_TRUE(phone.SignIn(*server, kPhone, kPassword, kPhone));
    bool lost = false;
    tab.api.on_session_lost = [&] { lost = true; };
    client::EventStream live(tab.api, tab.transport);
    live.Start(Now());
    ASSERT_TRUE(WaitFor(tab, live, [&] { return live.State() == LiveState::Open; }));
    // The phone ends every other session (the security screen's «Завершить сеанс» for each).
    client::ApiResult sessions = phone.Call("GET", "/sessions");
    ASSERT_TRUE(sessions.error.ok());
    for (const auto& s : sessions.body["items"])
        if (!s.value("current", false)) {
            ASSERT_TRUE(phone.Call("DELETE", "/sessions/" + s.value("id", "")).error.ok());
        }
    // No request of the tab's own: the stream ending is how it learns.
    ASSERT_TRUE(WaitFor(tab, live, [&] { return lost; }));
    EXPECT_FALSE(tab.api.HasSession());
}

}  // namespace
