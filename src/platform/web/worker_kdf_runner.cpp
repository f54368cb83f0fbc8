#include "platform/web/worker_kdf_runner.h"

#include <emscripten.h>
#include <sodium.h>

#include <cstring>
#include <deque>
#include <vector>

namespace web {

namespace {

class WorkerKdfRunner : public crypto::KdfRunner {
public:
    explicit WorkerKdfRunner(std::function<void()> wake) : wake_(std::move(wake)) {}

    void Derive(const std::string& password, const crypto::KdfParams& p, Done done) override {
        if (worker_ == 0) worker_ = emscripten_create_worker("kdf_worker.js");
        std::vector<char> buf(24 + password.size());
        uint32_t ops = (uint32_t)p.ops, mem = (uint32_t)p.mem;
        memcpy(buf.data(), &ops, 4);
        memcpy(buf.data() + 4, &mem, 4);
        memcpy(buf.data() + 8, p.salt.data(), p.salt.size() < 16 ? p.salt.size() : 16);
        memcpy(buf.data() + 24, password.data(), password.size());
        pending_.push_back(std::move(done));
        busy_++;
        emscripten_call_worker(worker_, "kdf_derive", buf.data(), (int)buf.size(), OnResponse, this);
        sodium_memzero(buf.data(), buf.size());
    }

    void Poll() override {
        while (!ready_.empty()) {
            auto item = std::move(ready_.front());
            ready_.pop_front();
            busy_--;
            item.first(std::move(item.second));
        }
    }
    bool Busy() const override { return busy_ > 0; }

private:
    // Responses come back in call order (one worker, one queue).
    static void OnResponse(char* data, int size, void* arg) {
        auto* self = static_cast<WorkerKdfRunner*>(arg);
        crypto::LoginKeys k;
        if (size == 65 && data[0] == 1) {
            k.authenticator.resize(32);
            k.wrap_key.resize(32);
            memcpy(k.authenticator.data(), data + 1, 32);
            memcpy(k.wrap_key.data(), data + 33, 32);
            k.ok = true;
        }
        Done done = std::move(self->pending_.front());
        self->pending_.pop_front();
        self->ready_.push_back({std::move(done), std::move(k)});
        if (self->wake_) self->wake_();
    }

    std::function<void()> wake_;
    worker_handle worker_ = 0;
    std::deque<Done> pending_;
    std::deque<std::pair<Done, crypto::LoginKeys>> ready_;
    int busy_ = 0;
};

}  // namespace

std::unique_ptr<crypto::KdfRunner> MakeWorkerKdfRunner(std::function<void()> wake) {
    return std::make_unique<WorkerKdfRunner>(std::move(wake));
}

}  // namespace web
