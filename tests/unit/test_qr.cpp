// QR codes (core/qr.cpp) checked module for module against an independent encoder — Debian's
// python3-qrcode, run here (tools/qr_reference.py) — for every mask, for each version a
// verification link may need, and for texts with bytes outside ASCII; the mask the encoder picks
// itself is the one its format information names; what does not fit is refused.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "core/qr.h"

namespace {

// The reference encoder's rows of 0/1 for this text, version and mask.
std::vector<std::string> Reference(const std::string& text, int version, int mask) {
    // One file per process: ctest -j2 runs these tests side by side (a shared name made one read
    // another's text).
    std::string input = ::testing::TempDir() + "qr_input_" + std::to_string(getpid()) + ".bin";
    {
        std::ofstream f(input, std::ios::binary);
        f << text;
    }
    std::string cmd = "/usr/bin/python3 " LK_SOURCE_DIR "/tools/qr_reference.py " + std::to_string(version) + " " + std::to_string(mask) + " < " + input;
    std::vector<std::string> rows;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return rows;
    char line[512];
    while (fgets(line, sizeof line, p)) {
        std::string s(line);
        while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
        if (!s.empty()) rows.push_back(s);
    }
    pclose(p);
    std::remove(input.c_str());
    return rows;
}

std::vector<std::string> Rows(const core::QrCode& q) {
    std::vector<std::string> rows;
    for (int y = 0; y < q.size; y++) {
        std::string r;
        for (int x = 0; x < q.size; x++) r += q.Dark(x, y) ? '1' : '0';
        rows.push_back(r);
    }
    return rows;
}

}  // namespace

TEST(Qr, EveryMaskMatchesTheReferenceEncoder) {
    const std::string text = "https://gosuslugi.example/#/verify/ABCD-EFGH-JKLM-NPQR";
    for (int mask = 0; mask < 8; mask++) {
        core::QrCode q;
        ASSERT_TRUE(core::EncodeQr(text, &q, mask));
        EXPECT_EQ(q.mask, mask);
        std::vector<std::string> ref = Reference(text, q.version, mask);
        ASSERT_EQ(ref.size(), (size_t)q.size) << "python3-qrcode (tools/setup.sh installs it) gave no matrix";
        EXPECT_EQ(Rows(q), ref) << "mask " << mask;
    }
}

TEST(Qr, EachVersionUpToTenMatchesTheReferenceEncoder) {
    // Lengths that land in versions 1, 2, 4, 6 (several blocks), 7 (version information), 9 and
    // 10 (two block sizes, a 16-bit count); Cyrillic as UTF-8 bytes.
    const size_t lengths[] = {5, 20, 60, 100, 120, 170, 200};
    const int versions[] = {1, 2, 4, 6, 7, 9, 10};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        std::string text;
        while (text.size() < lengths[i]) text += text.size() % 3 ? "Ж" : "q7";
        text.resize(lengths[i]);
        core::QrCode q;
        ASSERT_TRUE(core::EncodeQr(text, &q, 3));
        EXPECT_EQ(q.version, versions[i]) << lengths[i] << " bytes";
        EXPECT_EQ(Rows(q), Reference(text, q.version, 3)) << lengths[i] << " bytes, version " << q.version;
    }
}

TEST(Qr, TheChosenMaskIsTheOneTheFormatInformationNames) {
    core::QrCode q;
    ASSERT_TRUE(core::EncodeQr("https://gosuslugi.example/#/verify/WXYZ-2345-6789-ABCD", &q));
    ASSERT_GE(q.mask, 0);
    ASSERT_LE(q.mask, 7);
    // Read the 15 format bits back from around the top-left finder and undo their XOR mask.
    int bits = 0;
    for (int i = 0; i <= 5; i++) bits |= q.Dark(8, i) << i;
    bits |= q.Dark(8, 7) << 6;
    bits |= q.Dark(8, 8) << 7;
    bits |= q.Dark(7, 8) << 8;
    for (int i = 9; i < 15; i++) bits |= q.Dark(14 - i, 8) << i;
    bits ^= 0x5412;
    EXPECT_EQ((bits >> 13) & 3, 0) << "level M";
    EXPECT_EQ((bits >> 10) & 7, q.mask);
    EXPECT_EQ(Rows(q), Reference("https://gosuslugi.example/#/verify/WXYZ-2345-6789-ABCD", q.version, q.mask));
}

TEST(Qr, WhatDoesNotFitVersionTenIsRefused) {
    core::QrCode q;
    EXPECT_TRUE(core::EncodeQr(std::string(213, 'x'), &q));
    EXPECT_EQ(q.version, 10);
    EXPECT_FALSE(core::EncodeQr(std::string(214, 'x'), &q));
    EXPECT_TRUE(core::EncodeQr("", &q));
    EXPECT_EQ(q.version, 1);
}
