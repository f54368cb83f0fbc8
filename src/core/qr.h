// QR codes (ISO/IEC 18004) for a document's verification link: byte mode, error correction level
// M (15 % of the symbol may be damaged — a printed page folded or smudged still scans), versions
// 1–10 (up to 213 bytes; a verification link is under 100). Written here rather than taken from a
// library: the encoder is 300 lines, and the app's download budget has no room for a dependency.
// Checked module for module against Debian's python3-qrcode (tests/unit/test_qr.cpp) and, end to
// end, by decoding a screenshot of the document page with zbarimg (tests/browser/documents).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace core {

struct QrCode {
    int version = 0;  // 1..10
    int size = 0;     // modules per side: 17 + 4 × version
    int mask = -1;    // 0..7
    std::vector<uint8_t> modules;  // size × size, row by row; 1 = dark
    bool Dark(int x, int y) const { return x >= 0 && y >= 0 && x < size && y < size && modules[(size_t)y * size + x] != 0; }
};

// false when the text does not fit version 10 at level M. mask -1: the one with the lowest
// penalty (ISO 18004 §7.8.3); 0..7 forces one (the cross-check with another encoder needs it).
bool EncodeQr(const std::string& bytes, QrCode* out, int mask = -1);

}  // namespace core
