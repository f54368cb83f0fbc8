#include <mutex>
#include <thread>
#include <vector>

#include "crypto/kdf_runner.h"

namespace crypto {

namespace {

class ThreadKdfRunner : public KdfRunner {
public:
    explicit ThreadKdfRunner(std::function<void()> wake) : wake_(std::move(wake)) {}
    ~ThreadKdfRunner() override {
        for (auto& t : threads_)
            if (t.joinable()) t.join();
    }
    void Derive(const std::string& password, const KdfParams& params, Done done) override {
        busy_++;
        threads_.emplace_back([this, password, params, done = std::move(done)]() mutable {
            LoginKeys keys = DeriveLoginKeys(password, params);
            std::lock_guard<std::mutex> lock(mutex_);
            ready_.push_back({std::move(done), std::move(keys)});
            if (wake_) wake_();
        });
    }
    void Poll() override {
        std::vector<std::pair<Done, LoginKeys>> ready;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            ready.swap(ready_);
        }
        for (auto& r : ready) {
            busy_--;
            r.first(std::move(r.second));
        }
        if (busy_ == 0) {
            for (auto& t : threads_)
                if (t.joinable()) t.join();
            threads_.clear();
        }
    }
    bool Busy() const override { return busy_ > 0; }

private:
    std::function<void()> wake_;
    std::mutex mutex_;
    std::vector<std::pair<Done, LoginKeys>> ready_;
    std::vector<std::thread> threads_;
    int busy_ = 0;
};

}  // namespace

std::unique_ptr<KdfRunner> MakeThreadKdfRunner(std::function<void()> wake) {
    return std::make_unique<ThreadKdfRunner>(std::move(wake));
}

}  // namespace crypto
