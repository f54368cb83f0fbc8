// Bytes that hold a secret (keys, derived values): wiped with sodium_memzero when dropped.
#pragma once
#include <sodium.h>

#include <cstdint>
#include <string>
#include <vector>

namespace crypto {

class SecretBytes {
public:
    SecretBytes() = default;
    explicit SecretBytes(size_t n) : bytes_(n) {}
    SecretBytes(const SecretBytes&) = default;
    SecretBytes& operator=(const SecretBytes& o) { if (this != &o) { Wipe(); bytes_ = o.bytes_; } return *this; }
    SecretBytes(SecretBytes&& o) noexcept : bytes_(std::move(o.bytes_)) {}
    SecretBytes& operator=(SecretBytes&& o) noexcept { if (this != &o) { Wipe(); bytes_ = std::move(o.bytes_); } return *this; }
    ~SecretBytes() { Wipe(); }

    void Wipe() {
        if (!bytes_.empty()) sodium_memzero(bytes_.data(), bytes_.size());
        bytes_.clear();
    }
    uint8_t* data() { return bytes_.data(); }
    const uint8_t* data() const { return bytes_.data(); }
    size_t size() const { return bytes_.size(); }
    bool empty() const { return bytes_.empty(); }
    void resize(size_t n) { bytes_.resize(n); }

private:
    std::vector<uint8_t> bytes_;
};

}  // namespace crypto
