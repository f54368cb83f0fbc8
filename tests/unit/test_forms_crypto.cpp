// Sealed submissions and encrypted drafts/files (SPEC §4): what the agency can open and verify,
// and what anyone else cannot.
#include <gtest/gtest.h>

#include <sodium.h>

#include "client/application_answer.h"
#include "client/uploads.h"
#include "crypto/file_stream.h"
#include "crypto/sealed_application.h"
#include "crypto/secret_box.h"

namespace {

struct AgencyKeys {
    std::vector<uint8_t> pk = std::vector<uint8_t>(32);
    crypto::SecretBytes sk = crypto::SecretBytes(32);
    AgencyKeys() { crypto_box_keypair(pk.data(), sk.data()); }
};

TEST(SealedApplication, TheAgencyOpensItAndVerifiesTheApplicantsSignature) {
    ASSERT_TRUE(crypto::Init());
    crypto::IdentityKeys citizen = crypto::GenerateIdentityKeys();
    AgencyKeys agency;
    std::string app = R"({"answers":{"last_name":"Иванов","note":"кавычки \" и \\ и перевод\nстроки"},"form":"P-01"})";
    std::vector<uint8_t> sealed = crypto::SignAndSeal(app, citizen, agency.pk);
    ASSERT_FALSE(sealed.empty());
    EXPECT_EQ(std::string(sealed.begin(), sealed.end()).find("Иванов"), std::string::npos) << "nothing readable";
    crypto::OpenedApplication opened = crypto::OpenSealed(sealed, agency.pk, agency.sk);
    EXPECT_TRUE(opened.opened);
    EXPECT_TRUE(opened.signature_valid);
    EXPECT_EQ(opened.application, app);
    EXPECT_EQ(opened.signer, citizen.ed25519_pk);
}

TEST(SealedApplication, AnotherKeyCannotOpenItAndTamperingIsDetected) {
    ASSERT_TRUE(crypto::Init());
    crypto::IdentityKeys citizen = crypto::GenerateIdentityKeys();
    AgencyKeys agency, other;
    std::vector<uint8_t> sealed = crypto::SignAndSeal(R"({"a":1})", citizen, agency.pk);
    EXPECT_FALSE(crypto::OpenSealed(sealed, other.pk, other.sk).opened);
    for (size_t at : {size_t(0), size_t(40), sealed.size() - 1}) {
        std::vector<uint8_t> bad = sealed;
        bad[at] ^= 1;
        EXPECT_FALSE(crypto::OpenSealed(bad, agency.pk, agency.sk).opened) << "flipped byte " << at;
    }
    // A wrong agency key length or missing signing key: nothing is sealed.
    EXPECT_TRUE(crypto::SignAndSeal("{}", citizen, std::vector<uint8_t>(31)).empty());
    EXPECT_TRUE(crypto::SignAndSeal("{}", crypto::IdentityKeys(), agency.pk).empty());
}

TEST(SecretBox, DraftsOpenOnlyWithTheirKeyAndPurpose) {
    ASSERT_TRUE(crypto::Init());
    crypto::IdentityKeys user = crypto::GenerateIdentityKeys();
    crypto::SecretBytes key = crypto::DeriveDraftKey(user.x25519_sk);
    ASSERT_EQ(key.size(), 32u);
    EXPECT_EQ(crypto::Base64Encode(crypto::DeriveDraftKey(user.x25519_sk)), crypto::Base64Encode(key)) << "the same on every device";
    std::vector<uint8_t> blob = crypto::SecretBoxSeal(key, "{\"postal_code\":\"1190\"}", "lk-draft-v1|u|P-01");
    std::string out;
    EXPECT_TRUE(crypto::SecretBoxOpen(key, blob, "lk-draft-v1|u|P-01", &out));
    EXPECT_EQ(out, "{\"postal_code\":\"1190\"}");
    EXPECT_FALSE(crypto::SecretBoxOpen(key, blob, "lk-draft-v1|u|ZP-10", &out)) << "a draft of one form is not another's";
    crypto::IdentityKeys other = crypto::GenerateIdentityKeys();
    EXPECT_FALSE(crypto::SecretBoxOpen(crypto::DeriveDraftKey(other.x25519_sk), blob, "lk-draft-v1|u|P-01", &out));
    blob[30] ^= 0x80;
    EXPECT_FALSE(crypto::SecretBoxOpen(key, blob, "lk-draft-v1|u|P-01", &out));
    EXPECT_FALSE(crypto::SecretBoxOpen(key, std::vector<uint8_t>(10), "", &out)) << "short blobs are refused, not read past";
}

TEST(SecretBox, LargeBlobsRoundTripAndHashesAndStorageNamesAreStable) {
    ASSERT_TRUE(crypto::Init());
    std::vector<uint8_t> file(5 * 1024 * 1024, 7);
    crypto::SecretBytes k1 = crypto::NewSecretKey(), k2 = crypto::NewSecretKey();
    EXPECT_NE(crypto::Base64Encode(k1), crypto::Base64Encode(k2));
    std::vector<uint8_t> blob = crypto::SecretBoxSeal(k1, file.data(), file.size(), "");
    EXPECT_EQ(blob.size(), file.size() + 24 + 16);
    std::string out;
    ASSERT_TRUE(crypto::SecretBoxOpen(k1, blob, "", &out));
    EXPECT_EQ(crypto::Sha256Hex(reinterpret_cast<const uint8_t*>(out.data()), out.size()), crypto::Sha256Hex(file));
    EXPECT_EQ(crypto::Sha256Hex(reinterpret_cast<const uint8_t*>("abc"), 3), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(crypto::StorageName("u|P-01"), crypto::StorageName("u|P-01"));
    EXPECT_NE(crypto::StorageName("u|P-01"), crypto::StorageName("v|P-01"));
}

TEST(FileStream, PiecesOfAnySizeGiveTheSameFileBackAndATruncatedUploadFails) {
    ASSERT_TRUE(crypto::Init());
    std::vector<uint8_t> file(300 * 1024 + 123);
    for (size_t i = 0; i < file.size(); i++) file[i] = (uint8_t)(i * 7);
    crypto::SecretBytes key = crypto::NewSecretKey();
    std::vector<uint8_t> cipher;
    crypto::FileEncryptor e(key, file.size(), &cipher);
    for (size_t at = 0; at < file.size();) {  // uneven pieces, as frames deliver them
        size_t n = std::min<size_t>(1000 + at % 70000, file.size() - at);
        e.Push(file.data() + at, n, &cipher);
        at += n;
    }
    ASSERT_TRUE(e.Finished());
    EXPECT_EQ(cipher.size(), file.size() + 24 + 17 * 5) << "header + one tag per 64 KB chunk";
    EXPECT_EQ(e.PlainSha256(), crypto::Sha256Hex(file));
    EXPECT_EQ(e.CipherSha256(), crypto::Sha256Hex(cipher));
    std::vector<uint8_t> back;
    ASSERT_TRUE(crypto::DecryptFileStream(key, cipher, &back));
    EXPECT_EQ(back, file);
    std::vector<uint8_t> cut(cipher.begin(), cipher.end() - 65553);  // the last chunk is missing
    EXPECT_FALSE(crypto::DecryptFileStream(key, cut, &back)) << "a truncated file never passes as complete";
    std::vector<uint8_t> bad = cipher;
    bad[100] ^= 1;
    EXPECT_FALSE(crypto::DecryptFileStream(key, bad, &back));
    EXPECT_FALSE(crypto::DecryptFileStream(crypto::NewSecretKey(), cipher, &back));
}

// The answer to the agency's question: the same envelope, around the canonical answer.
TEST(SealedAnswer, TheAgencyOpensTheCanonicalAnswerSignedByTheApplicant) {
    ASSERT_TRUE(crypto::Init());
    crypto::IdentityKeys citizen = crypto::GenerateIdentityKeys();
    AgencyKeys agency;
    nlohmann::json none = nlohmann::json::array();
    std::vector<uint8_t> sealed = client::SealAnswer("7K3M-9XQ2-H4TB", "Справка \"о доходах\" приложена", none, 1796000000, citizen, agency.pk);
    ASSERT_FALSE(sealed.empty());
    crypto::OpenedApplication opened = crypto::OpenSealed(sealed, agency.pk, agency.sk);
    ASSERT_TRUE(opened.opened);
    EXPECT_TRUE(opened.signature_valid);
    EXPECT_EQ(opened.application, R"({"answer":"Справка \"о доходах\" приложена","files":[],"number":"7K3M-9XQ2-H4TB","signed_at":1796000000})");
    EXPECT_TRUE(client::SealAnswer("N", "", none, 1, citizen, agency.pk).empty()) << "nothing to send";
    EXPECT_TRUE(client::SealAnswer("N", std::string(client::kMaxAnswerBytes + 1, 'x'), none, 1, citizen, agency.pk).empty()) << "too long";
    EXPECT_FALSE(client::SealAnswer("N", std::string(client::kMaxAnswerBytes, 'x'), none, 1, citizen, agency.pk).empty());

    // A file alone is an answer; its key travels only inside the sealed answer, in canonical order.
    client::Attachment file;
    file.name = "справка.pdf";
    file.type = "pdf";
    file.size = 1234;
    file.sha256 = std::string(64, 'a');
    file.id = "att1";
    file.key = "S0VZ";
    nlohmann::json files = nlohmann::json::array({file.Reference()});
    sealed = client::SealAnswer("N", "", files, 7, citizen, agency.pk);
    ASSERT_FALSE(sealed.empty());
    opened = crypto::OpenSealed(sealed, agency.pk, agency.sk);
    ASSERT_TRUE(opened.signature_valid);
    EXPECT_EQ(opened.application, R"({"answer":"","files":[{"attachment":"att1","key":"S0VZ","name":"справка.pdf","sha256":")" +
                                      std::string(64, 'a') + R"(","size":1234,"type":"pdf"}],"number":"N","signed_at":7})");
}

}  // namespace
