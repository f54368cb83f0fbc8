#include "core/qr.h"

#include <algorithm>
#include <cstdlib>

namespace core {

namespace {

constexpr int kMaxVersion = 10;
// Level M, versions 1..10: error-correction codewords per block and the number of blocks
// (ISO 18004 table 9).
constexpr int kEccPerBlock[kMaxVersion + 1] = {0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26};
constexpr int kBlocks[kMaxVersion + 1] = {0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5};

// Modules that carry codewords (data and error correction) in a symbol of this version.
int RawDataModules(int ver) {
    int result = (16 * ver + 128) * ver + 64;
    if (ver >= 2) {
        int align = ver / 7 + 2;
        result -= (25 * align - 10) * align - 55;
        if (ver >= 7) result -= 36;
    }
    return result;
}

int DataCodewords(int ver) { return RawDataModules(ver) / 8 - kEccPerBlock[ver] * kBlocks[ver]; }

// GF(2^8) with the polynomial x^8 + x^4 + x^3 + x^2 + 1.
uint8_t GfMul(uint8_t x, uint8_t y) {
    int z = 0;
    for (int i = 7; i >= 0; i--) {
        z = (z << 1) ^ ((z >> 7) * 0x11D);
        z ^= ((y >> i) & 1) * x;
    }
    return (uint8_t)z;
}

std::vector<uint8_t> RsDivisor(int degree) {
    std::vector<uint8_t> result((size_t)degree, 0);
    result[(size_t)degree - 1] = 1;
    uint8_t root = 1;
    for (int i = 0; i < degree; i++) {
        for (size_t j = 0; j < result.size(); j++) {
            result[j] = GfMul(result[j], root);
            if (j + 1 < result.size()) result[j] ^= result[j + 1];
        }
        root = GfMul(root, 0x02);
    }
    return result;
}

std::vector<uint8_t> RsRemainder(const std::vector<uint8_t>& data, const std::vector<uint8_t>& divisor) {
    std::vector<uint8_t> result(divisor.size(), 0);
    for (uint8_t b : data) {
        uint8_t factor = b ^ result[0];
        result.erase(result.begin());
        result.push_back(0);
        for (size_t i = 0; i < result.size(); i++) result[i] ^= GfMul(divisor[i], factor);
    }
    return result;
}

class Builder {
public:
    explicit Builder(int ver) : ver_(ver), size_(ver * 4 + 17), dark_((size_t)size_ * size_, 0), fixed_((size_t)size_ * size_, 0) {}

    void DrawFunctionPatterns() {
        for (int i = 0; i < size_; i++) {
            Fixed(6, i, i % 2 == 0);  // timing
            Fixed(i, 6, i % 2 == 0);
        }
        Finder(3, 3);
        Finder(size_ - 4, 3);
        Finder(3, size_ - 4);
        std::vector<int> pos = AlignmentPositions();
        size_t n = pos.size();
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                bool corner = (i == 0 && j == 0) || (i == 0 && j == n - 1) || (i == n - 1 && j == 0);
                if (!corner) Alignment(pos[i], pos[j]);
            }
        DrawFormat(0);  // reserved now, written with the chosen mask later
        DrawVersion();
    }

    void DrawCodewords(const std::vector<uint8_t>& data) {
        size_t i = 0, bits = data.size() * 8;
        for (int right = size_ - 1; right >= 1; right -= 2) {
            if (right == 6) right = 5;  // the vertical timing pattern
            for (int vert = 0; vert < size_; vert++)
                for (int j = 0; j < 2; j++) {
                    int x = right - j;
                    bool upward = ((right + 1) & 2) == 0;
                    int y = upward ? size_ - 1 - vert : vert;
                    if (!IsFixed(x, y) && i < bits) {
                        Set(x, y, (data[i >> 3] >> (7 - (i & 7))) & 1);
                        i++;
                    }
                }
        }
    }

    void ApplyMask(int mask) {
        for (int y = 0; y < size_; y++)
            for (int x = 0; x < size_; x++) {
                if (IsFixed(x, y)) continue;
                bool invert = false;
                switch (mask) {
                    case 0: invert = (x + y) % 2 == 0; break;
                    case 1: invert = y % 2 == 0; break;
                    case 2: invert = x % 3 == 0; break;
                    case 3: invert = (x + y) % 3 == 0; break;
                    case 4: invert = (x / 3 + y / 2) % 2 == 0; break;
                    case 5: invert = x * y % 2 + x * y % 3 == 0; break;
                    case 6: invert = (x * y % 2 + x * y % 3) % 2 == 0; break;
                    default: invert = ((x + y) % 2 + x * y % 3) % 2 == 0; break;
                }
                if (invert) dark_[Index(x, y)] ^= 1;
            }
    }

    void DrawFormat(int mask) {
        int data = (0 << 3) | mask;  // level M is 00
        int rem = data;
        for (int i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >> 9) * 0x537);
        int bits = ((data << 10) | rem) ^ 0x5412;
        for (int i = 0; i <= 5; i++) Fixed(8, i, Bit(bits, i));
        Fixed(8, 7, Bit(bits, 6));
        Fixed(8, 8, Bit(bits, 7));
        Fixed(7, 8, Bit(bits, 8));
        for (int i = 9; i < 15; i++) Fixed(14 - i, 8, Bit(bits, i));
        for (int i = 0; i < 8; i++) Fixed(size_ - 1 - i, 8, Bit(bits, i));
        for (int i = 8; i < 15; i++) Fixed(8, size_ - 15 + i, Bit(bits, i));
        Fixed(8, size_ - 8, true);  // the dark module
    }

    // ISO 18004 §7.8.3: runs, 2×2 blocks, finder-like patterns, the balance of dark and light.
    long Penalty() const {
        long result = 0;
        for (int pass = 0; pass < 2; pass++)
            for (int a = 0; a < size_; a++) {
                int run = 0;
                bool last = false;
                for (int b = 0; b < size_; b++) {
                    bool d = pass == 0 ? Dark(b, a) : Dark(a, b);
                    if (b > 0 && d == last) {
                        run++;
                    } else {
                        if (run >= 5) result += 3 + (run - 5);
                        run = 1;
                        last = d;
                    }
                }
                if (run >= 5) result += 3 + (run - 5);
                // 1:1:3:1:1 with four light modules on either side.
                for (int b = 0; b + 11 <= size_; b++) {
                    static const bool kA[11] = {1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0};
                    static const bool kB[11] = {0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1};
                    bool ma = true, mb = true;
                    for (int k = 0; k < 11; k++) {
                        bool d = pass == 0 ? Dark(b + k, a) : Dark(a, b + k);
                        ma = ma && d == kA[k];
                        mb = mb && d == kB[k];
                    }
                    if (ma) result += 40;
                    if (mb) result += 40;
                }
            }
        for (int y = 0; y + 1 < size_; y++)
            for (int x = 0; x + 1 < size_; x++) {
                bool d = Dark(x, y);
                if (d == Dark(x + 1, y) && d == Dark(x, y + 1) && d == Dark(x + 1, y + 1)) result += 3;
            }
        long dark = 0, total = (long)size_ * size_;
        for (uint8_t m : dark_) dark += m;
        long k = (std::labs(dark * 20 - total * 10) + total - 1) / total - 1;
        result += k * 10;
        return result;
    }

    const std::vector<uint8_t>& Modules() const { return dark_; }

private:
    size_t Index(int x, int y) const { return (size_t)y * size_ + x; }
    bool Dark(int x, int y) const { return dark_[Index(x, y)] != 0; }
    bool IsFixed(int x, int y) const { return fixed_[Index(x, y)] != 0; }
    void Set(int x, int y, bool d) { dark_[Index(x, y)] = d ? 1 : 0; }
    void Fixed(int x, int y, bool d) {
        Set(x, y, d);
        fixed_[Index(x, y)] = 1;
    }
    static bool Bit(int v, int i) { return ((v >> i) & 1) != 0; }

    void Finder(int cx, int cy) {
        for (int dy = -4; dy <= 4; dy++)
            for (int dx = -4; dx <= 4; dx++) {
                int dist = std::max(std::abs(dx), std::abs(dy));
                int x = cx + dx, y = cy + dy;
                if (x >= 0 && x < size_ && y >= 0 && y < size_) Fixed(x, y, dist != 2 && dist != 4);
            }
    }
    void Alignment(int cx, int cy) {
        for (int dy = -2; dy <= 2; dy++)
            for (int dx = -2; dx <= 2; dx++) Fixed(cx + dx, cy + dy, std::max(std::abs(dx), std::abs(dy)) != 1);
    }
    std::vector<int> AlignmentPositions() const {
        if (ver_ == 1) return {};
        int n = ver_ / 7 + 2;
        int step = (ver_ * 4 + n * 2 + 1) / (n * 2 - 2) * 2;
        std::vector<int> out((size_t)n);
        out[0] = 6;
        for (int i = n - 1, p = size_ - 7; i >= 1; i--, p -= step) out[(size_t)i] = p;
        return out;
    }
    void DrawVersion() {
        if (ver_ < 7) return;
        int rem = ver_;
        for (int i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >> 11) * 0x1F25);
        long bits = ((long)ver_ << 12) | rem;
        for (int i = 0; i < 18; i++) {
            bool b = ((bits >> i) & 1) != 0;
            int a = size_ - 11 + i % 3, c = i / 3;
            Fixed(a, c, b);
            Fixed(c, a, b);
        }
    }

    int ver_, size_;
    std::vector<uint8_t> dark_, fixed_;
};

}  // namespace

bool EncodeQr(const std::string& text, QrCode* out, int mask) {
    // The smallest version the bytes fit: mode (4 bits), count (8 bits below version 10, 16 from
    // it), 8 bits a byte.
    int ver = 1;
    for (; ver <= kMaxVersion; ver++) {
        size_t need = 4 + (ver < 10 ? 8 : 16) + text.size() * 8;
        if (need <= (size_t)DataCodewords(ver) * 8) break;
    }
    if (ver > kMaxVersion) return false;
    size_t capacity = (size_t)DataCodewords(ver) * 8;
    std::vector<bool> bits;
    auto append = [&bits](unsigned v, int n) {
        for (int i = n - 1; i >= 0; i--) bits.push_back(((v >> i) & 1) != 0);
    };
    append(0x4, 4);  // byte mode
    append((unsigned)text.size(), ver < 10 ? 8 : 16);
    for (unsigned char c : text) append(c, 8);
    append(0, (int)std::min<size_t>(4, capacity - bits.size()));  // terminator
    append(0, (int)((8 - bits.size() % 8) % 8));
    for (unsigned pad = 0xEC; bits.size() < capacity; pad ^= 0xEC ^ 0x11) append(pad, 8);
    std::vector<uint8_t> data(bits.size() / 8, 0);
    for (size_t i = 0; i < bits.size(); i++) data[i >> 3] |= (uint8_t)(bits[i] << (7 - (i & 7)));

    // Split into blocks, add each block's error correction, interleave.
    int blocks = kBlocks[ver], ecc_len = kEccPerBlock[ver];
    int raw = RawDataModules(ver) / 8;
    int short_blocks = blocks - raw % blocks, short_len = raw / blocks;
    std::vector<uint8_t> divisor = RsDivisor(ecc_len);
    std::vector<std::vector<uint8_t>> parts;
    for (int i = 0, k = 0; i < blocks; i++) {
        int len = short_len - ecc_len + (i < short_blocks ? 0 : 1);
        std::vector<uint8_t> dat(data.begin() + k, data.begin() + k + len);
        k += len;
        std::vector<uint8_t> ecc = RsRemainder(dat, divisor);
        if (i < short_blocks) dat.push_back(0);
        dat.insert(dat.end(), ecc.begin(), ecc.end());
        parts.push_back(dat);
    }
    std::vector<uint8_t> codewords;
    for (size_t i = 0; i < parts[0].size(); i++)
        for (size_t j = 0; j < parts.size(); j++)
            if (i != (size_t)(short_len - ecc_len) || (int)j >= short_blocks) codewords.push_back(parts[j][i]);

    Builder base(ver);
    base.DrawFunctionPatterns();
    base.DrawCodewords(codewords);
    int best = mask;
    if (best < 0 || best > 7) {
        long lowest = -1;
        for (int m = 0; m < 8; m++) {
            Builder trial = base;
            trial.ApplyMask(m);
            trial.DrawFormat(m);
            long p = trial.Penalty();
            if (lowest < 0 || p < lowest) {
                lowest = p;
                best = m;
            }
        }
    }
    base.ApplyMask(best);
    base.DrawFormat(best);
    out->version = ver;
    out->size = ver * 4 + 17;
    out->mask = best;
    out->modules = base.Modules();
    return true;
}

}  // namespace core
