// A whole native client without UI — transport, API client, key derivation, sign-in state
// machine — for tests that need a second device of the same citizen (or of another one).
#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "client/api_client.h"
#include "client/auth_service.h"
#include "crypto/kdf_runner.h"
#include "platform/native/curl_transport.h"
#include "server_process.h"

namespace testing_support {

struct NativeClient {
    explicit NativeClient(const std::string& url)
        : api(transport, url), kdf(crypto::MakeThreadKdfRunner()), auth(api, *kdf) {}
    // Runs until the sign-in machine is idle and no request is in flight (or 20 s pass).
    void Settle() {
        for (int i = 0; i < 4000 && (auth.Busy() || api.InFlight() > 0); i++) {
            api.Poll();
            kdf->Poll();
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    // Password, then the code the server "sent" to phone. False when a step failed.
    bool SignIn(const ServerProcess& server, const std::string& identifier, const std::string& password,
                const std::string& phone) {
        auth.Login(identifier, password);
        Settle();
        if (auth.Step() != client::AuthStep::LoginCode) return false;
        auth.VerifyCode(server.LastCode(phone));
        Settle();
        return auth.Step() == client::AuthStep::SignedIn;
    }
    // A request, waited for.
    client::ApiResult Call(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr) {
        client::ApiResult out;
        bool done = false;
        auto cb = [&](client::ApiResult r) { out = std::move(r); done = true; };
        if (method == "GET") api.Get(path, cb);
        else if (method == "PUT") api.Put(path, body, cb);
        else if (method == "POST") api.Post(path, body, cb);
        else api.Delete(path, cb);
        for (int i = 0; i < 4000 && !done; i++) {
            api.Poll();
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return out;
    }

    native::CurlTransport transport;
    client::ApiClient api;
    std::unique_ptr<crypto::KdfRunner> kdf;
    client::AuthService auth;
};

}  // namespace testing_support
