// Runs Argon2id off the UI thread: 64 MiB Argon2id takes ~0.5 s in the browser, which must not
// freeze the page. Native: a worker thread. Browser: a Web Worker with its own small wasm
// module (platform/web/kdf_worker.cpp). Results are delivered from Poll() on the UI thread.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "crypto/login_keys.h"

namespace crypto {

class KdfRunner {
public:
    using Done = std::function<void(LoginKeys)>;
    virtual ~KdfRunner() = default;
    virtual void Derive(const std::string& password, const KdfParams& params, Done done) = 0;
    virtual void Poll() = 0;
    virtual bool Busy() const = 0;
};

// A std::thread per derivation (native app and tests).
std::unique_ptr<KdfRunner> MakeThreadKdfRunner(std::function<void()> wake = nullptr);

}  // namespace crypto
