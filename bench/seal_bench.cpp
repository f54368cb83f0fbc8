// The cost of submitting with a 5 MB attachment, on the client: encrypting the file
// (XChaCha20-Poly1305), hashing it (SHA-256), and signing + sealing a typical application
// (Ed25519 + crypto_box_seal). Prints times and the sizes that go over the wire; asserts nothing.
//   build/native/bench/seal_bench   |   node --no-experimental-fetch build/web/bench/seal_bench.js
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <sodium.h>

#include "crypto/file_stream.h"
#include "crypto/sealed_application.h"
#include "crypto/secret_box.h"

template <class F>
static double Median(int runs, F f) {
    std::vector<double> ms;
    for (int i = 0; i < runs; i++) {
        auto t0 = std::chrono::steady_clock::now();
        f();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

int main() {
    crypto::Init();
    std::vector<uint8_t> file(5 * 1024 * 1024);
    for (size_t i = 0; i < file.size(); i++) file[i] = (uint8_t)(i * 31 + (i >> 12));
    crypto::SecretBytes key = crypto::NewSecretKey();
    std::vector<uint8_t> blob;
    std::string digest;
    // As the form does it: secretstream in 64 KB chunks with both SHA-256 alongside (crypto/file_stream.h).
    double enc = Median(9, [&] {
        blob.clear();
        crypto::FileEncryptor e(key, file.size(), &blob);
        e.Push(file.data(), file.size(), &blob);
        digest = e.PlainSha256();
        e.CipherSha256();
    });
    double sha = Median(9, [&] { crypto::Sha256Hex(file); });

    crypto::IdentityKeys citizen = crypto::GenerateIdentityKeys();
    std::vector<uint8_t> agency_pk(32), agency_sk(32);
    crypto_box_keypair(agency_pk.data(), agency_sk.data());
    // A P-01 application of typical size with the file's descriptor.
    std::string app = "{\"answers\":{\"birth_date\":\"1985-04-12\",\"division_code\":\"772015\",\"email\":\"ivanov@example.ru\","
                      "\"first_name\":\"Иван\",\"last_name\":\"Иванов\",\"middle_name\":\"Сергеевич\",\"passport\":\"4510123456\","
                      "\"passport_issued_at\":\"2005-05-20\",\"passport_issued_by\":\"ОВД района Хамовники г. Москвы\","
                      "\"phone\":\"+79001234567\",\"photo\":[{\"attachment\":\"0123456789abcdef0123456789abcdef\","
                      "\"key\":\"" + crypto::Base64Encode(key) + "\",\"name\":\"photo.png\",\"sha256\":\"" + digest + "\","
                      "\"size\":5242880,\"type\":\"png\"}],\"postal_code\":\"119034\",\"reason\":\"error\","
                      "\"registration_address\":\"119034, г. Москва, ул. Пречистенка, д. 10, кв. 5\",\"snils\":\"11223344595\"},"
                      "\"applicant\":\"5f0c7a9e1b2d3c4f\",\"form\":\"P-01\",\"form_version\":1,\"service\":\"passports-1-1\",\"signed_at\":1795000000}";
    std::vector<uint8_t> sealed;
    double seal = Median(99, [&] { sealed = crypto::SignAndSeal(app, citizen, agency_pk); });
    printf("5 MB attachment: encrypt + SHA-256 of plaintext and ciphertext %.1f ms (SHA-256 alone %.1f ms); ciphertext %zu B (+%zu B header and tags)\n", enc, sha, blob.size(),
           blob.size() - file.size());
    printf("application: %zu B canonical JSON → sign + seal %.3f ms → %zu B sealed; with the file: %zu B on the wire (before base64)\n",
           app.size(), seal, sealed.size(), sealed.size() + blob.size());
    return 0;
}
