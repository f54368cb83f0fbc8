// Verifying documents the agencies issue (docs/documents.md): the keys compiled into the client
// from the contract, and every way a statement can be wrong. The last test takes a real result
// document from the reference backend (a demo citizen's application «Готово») through the wallet.
#include <gtest/gtest.h>
#include <sodium.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "client/auth_service.h"
#include "client/document_check.h"
#include "crypto/kdf_runner.h"
#include "platform/native/curl_transport.h"
#include "server_process.h"

namespace {

// The reference backend's test agencies derive their keys from a published seed; the same here.
struct TestAgency {
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    explicit TestAgency(const std::string& code) {
        std::string label = "lk-test-agency-v1:" + code;
        unsigned char seed[32];
        crypto_generichash(seed, sizeof seed, reinterpret_cast<const unsigned char*>(label.data()), label.size(), nullptr, 0);
        crypto_sign_seed_keypair(pk, sk, seed);
    }
    std::string Sign(const std::string& text) const {
        unsigned char sig[crypto_sign_BYTES];
        crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(text.data()), text.size(), sk);
        return crypto::Base64Encode(sig, sizeof sig);
    }
};

const char* kCode = "7K3M-9XQ2-H4TB-Q8WN";

nlohmann::json Statement(const std::string& issuer = "mvd", const std::string& title = "Свидетельство о регистрации") {
    return {{"v", 1}, {"code", kCode}, {"kind", "result"}, {"issuer", issuer}, {"title", title}, {"issued_at", 1796040000},
            {"application", "ABCD-EFGH-JKLM"}, {"content_sha256", std::string(64, 'a')}};
}

nlohmann::json Signed(const nlohmann::json& statement, const TestAgency& by) {
    std::string text = statement.dump();  // nlohmann sorts keys and dump() adds no spaces: canonical
    return {{"code", kCode}, {"statement", text}, {"signature", by.Sign(text)}, {"revocation", nullptr}};
}

TEST(DocumentCheck, TheClientPinsEveryAgencyOfTheContract) {
    ASSERT_TRUE(crypto::Init());
    std::ifstream f(std::string(LK_SOURCE_DIR) + "/docs/agencies.json");
    std::stringstream ss;
    ss << f.rdbuf();
    auto contract = nlohmann::json::parse(ss.str());
    ASSERT_EQ(client::PinnedAgencies().size(), contract["agencies"].size());
    for (const auto& a : contract["agencies"]) {
        const client::PinnedAgency* p = client::FindPinnedAgency(a["code"]);
        ASSERT_NE(p, nullptr) << a["code"];
        EXPECT_EQ(crypto::Base64Encode(p->sign_pk), a["sign_pk"]);
        EXPECT_FALSE(p->name_ru.empty());
        EXPECT_FALSE(p->name_en.empty());
        // The published seed gives the pinned key: the reference backend signs with what we pin.
        TestAgency t(a["code"]);
        EXPECT_EQ(crypto::Base64Encode(t.pk, sizeof t.pk), a["sign_pk"]);
    }
    EXPECT_EQ(client::FindPinnedAgency("nobody"), nullptr);
}

TEST(DocumentCheck, AGenuineStatementIsValidAndEveryAlterationIsCaught) {
    ASSERT_TRUE(crypto::Init());
    TestAgency mvd("mvd"), fns("fns");
    auto genuine = Signed(Statement(), mvd);
    auto c = client::CheckDocument(genuine, kCode);
    EXPECT_EQ(c.verdict, client::DocumentVerdict::Valid);
    EXPECT_EQ(c.title, "Свидетельство о регистрации");
    EXPECT_EQ(c.issuer, "mvd");
    EXPECT_EQ(c.issued_at, 1796040000);

    auto altered = genuine;  // one word changed after signing
    altered["statement"] = Statement("mvd", "Свидетельство о регистрации ТС").dump();
    EXPECT_EQ(client::CheckDocument(altered, kCode).verdict, client::DocumentVerdict::Altered);
    // Signed, but by another agency than the one it names: a forgery.
    EXPECT_EQ(client::CheckDocument(Signed(Statement("mvd"), fns), kCode).verdict, client::DocumentVerdict::Altered);
    // Another genuine document answered for the code that was asked about.
    EXPECT_EQ(client::CheckDocument(genuine, "AAAA-BBBB-CCCC-DDDD").verdict, client::DocumentVerdict::Altered);
    // An agency the client does not pin: whatever key signed it, it is not trusted.
    EXPECT_EQ(client::CheckDocument(Signed(Statement("minoborony"), mvd), kCode).verdict, client::DocumentVerdict::UnknownIssuer);
    auto nosig = genuine;
    nosig["signature"] = "not base64!";
    EXPECT_EQ(client::CheckDocument(nosig, kCode).verdict, client::DocumentVerdict::Altered);
    for (const nlohmann::json& junk : {nlohmann::json(nullptr), nlohmann::json("text"), nlohmann::json::object(),
                                       nlohmann::json({{"statement", "{not json"}}), nlohmann::json({{"statement", 42}})})
        EXPECT_EQ(client::CheckDocument(junk, kCode).verdict, client::DocumentVerdict::Malformed) << junk.dump();
}

TEST(DocumentCheck, OnlyTheIssuersSignedRevocationRevokes) {
    ASSERT_TRUE(crypto::Init());
    TestAgency mvd("mvd"), fns("fns");
    auto doc = Signed(Statement(), mvd);
    std::string rev = nlohmann::json({{"v", 1}, {"code", kCode}, {"revoked_at", 1796050000}, {"reason", "Выдан по ошибке"}}).dump();
    doc["revocation"] = {{"statement", rev}, {"signature", mvd.Sign(rev)}};
    auto c = client::CheckDocument(doc, kCode);
    EXPECT_EQ(c.verdict, client::DocumentVerdict::Revoked);
    EXPECT_EQ(c.revoked_at, 1796050000);
    EXPECT_EQ(c.revoke_reason, "Выдан по ошибке");
    doc["revocation"]["signature"] = fns.Sign(rev);  // someone else "revokes" it: ignored
    EXPECT_EQ(client::CheckDocument(doc, kCode).verdict, client::DocumentVerdict::Valid);
}

TEST(DocumentCheck, CodesAreReadAsPeopleTypeThem) {
    EXPECT_EQ(client::NormalizeDocumentCode("7k3m 9xq2 h4tb q8wn"), "7K3M-9XQ2-H4TB-Q8WN");
    EXPECT_EQ(client::NormalizeDocumentCode("7K3M-9XQ2-H4TB-Q8WN"), "7K3M-9XQ2-H4TB-Q8WN");
    EXPECT_EQ(client::NormalizeDocumentCode("7K3M-9XQ2-H4TB"), "");
    EXPECT_EQ(client::NormalizeDocumentCode("7K3M-9XQ2-H4TB-Q8WN-"), "7K3M-9XQ2-H4TB-Q8WN");
    EXPECT_EQ(client::NormalizeDocumentCode("7K3M/9XQ2/H4TB/Q8WN"), "");
    EXPECT_EQ(client::NormalizeDocumentCode("ЖК3M-9XQ2-H4TB-Q8WN"), "");
}

// The reference backend, with its demo data: Иванов's registration «Готово» came with a document.
TEST(DocumentCheck, TheWalletsResultDocumentVerifiesAndOpensOnlyForItsHolder) {
    ASSERT_TRUE(crypto::Init());
    testing_support::ServerProcess server("", true);
    ASSERT_TRUE(server.ok());
    native::CurlTransport transport;
    client::ApiClient api(transport, server.api_url());
    auto kdf = crypto::MakeThreadKdfRunner();
    client::AuthService auth(api, *kdf);
    auto settle = [&] {
        for (int i = 0; i < 4000 && (auth.Busy() || api.InFlight() > 0); i++) {
            api.Poll();
            kdf->Poll();
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    };
    auth.Login("+79001234567", "Gosuslugi2026");
    settle();
    auth.VerifyCode(server.LastCode("+79001234567"));
    settle();
    ASSERT_EQ(auth.Step(), client::AuthStep::SignedIn) << auth.LastError().message;

    nlohmann::json list;
    api.Get("/documents", [&](client::ApiResult r) { list = r.body; });
    settle();
    ASSERT_TRUE(list.contains("items")) << list.dump();
    ASSERT_EQ(list["items"].size(), 1u);
    std::string code = list["items"][0]["code"];
    auto check = client::CheckDocument(list["items"][0], code);
    ASSERT_EQ(check.verdict, client::DocumentVerdict::Valid);
    EXPECT_EQ(check.issuer, "mvd");

    nlohmann::json full;
    api.Get("/documents/" + code, [&](client::ApiResult r) { full = r.body; });
    settle();
    nlohmann::json content;
    ASSERT_TRUE(client::OpenDocumentContent(full["sealed"], check, auth.Keys(), &content));
    EXPECT_EQ(content["application"], check.application);
    // Someone else's keys do not open it; a statement naming another hash does not accept it.
    crypto::IdentityKeys stranger = crypto::GenerateIdentityKeys();
    EXPECT_FALSE(client::OpenDocumentContent(full["sealed"], check, stranger, &content));
    auto other = check;
    other.content_sha256 = std::string(64, '0');
    EXPECT_FALSE(client::OpenDocumentContent(full["sealed"], other, auth.Keys(), &content));
}

}  // namespace
