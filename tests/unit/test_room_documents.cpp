// Shared documents' signatures counted from the journal alone (client/room_documents.h): «Подписан»
// only when every requested signer signed the requested version's hash with their own key; a
// signature over something else, by someone not asked, or for an older version does not count;
// a new version needs a new request; the joint application's number is read from its entry.
#include <gtest/gtest.h>

#include "client/room_documents.h"
#include "crypto/login_keys.h"
#include "crypto/room_journal.h"
#include "crypto/room_keys.h"

using nlohmann::json;

namespace {

class RoomDocuments : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(crypto::Init());
        for (auto* k : {&anna, &boris, &vera}) *k = crypto::GenerateIdentityKeys();
        Add(anna, "created", {{"title", "Купля-продажа"}, {"box", Box(anna)}});
        Add(anna, "added", {{"member", Pk(boris)}, {"box", Box(boris)}, {"role", "participant"}});
        Add(anna, "added", {{"member", Pk(vera)}, {"box", Box(vera)}, {"role", "participant"}});
        Add(anna, "document", {{"document", "d1"}, {"version", 1}, {"hash", H1}, {"epoch", 0}, {"words", "x"}});
    }
    static std::string Pk(const crypto::IdentityKeys& k) { return crypto::Base64Encode(k.ed25519_pk); }
    static std::string Box(const crypto::IdentityKeys& k) { return crypto::Base64Encode(k.x25519_pk); }
    void Add(const crypto::IdentityKeys& by, const std::string& kind, json body) {
        crypto::JournalEntry e;
        e.room = "R1";
        e.kind = kind;
        e.body = std::move(body);
        e.at = 1796000000 + (long long)entries.size();
        e = crypto::SignEntry(e, (long long)entries.size(), head, by);
        head = crypto::EntryHash(head, e);
        entries.push_back(e);
    }
    void Sign(const crypto::IdentityKeys& by, long long version, const std::string& hash, const std::string& over = "") {
        std::string text = over.empty() ? crypto::DocumentSignText("R1", "d1", version, hash) : over;
        Add(by, "signed", {{"document", "d1"}, {"version", version}, {"hash", hash}, {"signature", crypto::SignDocumentText(text, by)}});
    }
    client::RoomDocument Doc() {
        crypto::JournalCheck check = crypto::VerifyJournal(entries, {});
        EXPECT_TRUE(check.ok());
        std::vector<client::RoomDocument> docs = client::DocumentsFromJournal(entries, check);
        EXPECT_EQ(docs.size(), 1u);
        return docs.empty() ? client::RoomDocument() : docs[0];
    }
    const std::string H1 = std::string(64, 'a'), H2 = std::string(64, 'b');
    crypto::IdentityKeys anna, boris, vera;
    std::vector<crypto::JournalEntry> entries;
    std::string head;
};

TEST_F(RoomDocuments, SignedWhenEveryRequestedSignerSignedThatVersion) {
    EXPECT_FALSE(Doc().RequestIsCurrent());
    Add(anna, "sign_requested", {{"document", "d1"}, {"version", 1}, {"hash", H1}, {"signers", {Pk(anna), Pk(boris)}}});
    Sign(anna, 1, H1);
    client::RoomDocument d = Doc();
    EXPECT_TRUE(d.RequestIsCurrent());
    EXPECT_FALSE(d.complete);
    ASSERT_EQ(d.not_signed.size(), 1u);
    EXPECT_EQ(d.not_signed[0], Pk(boris));
    Sign(boris, 1, H1);
    d = Doc();
    EXPECT_TRUE(d.complete);
    EXPECT_EQ(d.signatures.size(), 2u);
    EXPECT_TRUE(d.submitted.empty());
    Add(anna, "submitted", {{"document", "d1"}, {"version", 1}, {"number", "ABCD-EFGH"}});
    EXPECT_EQ(Doc().submitted, "ABCD-EFGH");
}

TEST_F(RoomDocuments, SignaturesThatDoNotCount) {
    Add(anna, "sign_requested", {{"document", "d1"}, {"version", 1}, {"hash", H1}, {"signers", {Pk(anna), Pk(boris)}}});
    Sign(boris, 1, H1, "lk-room-document|R1|d1|1|" + H2);  // over another hash
    Sign(vera, 1, H1);                                      // a member who may sign, but was not asked
    client::RoomDocument d = Doc();
    EXPECT_TRUE(d.signatures.empty()) << "neither counts";
    Sign(anna, 1, H2);                                      // a hash that is not the version's
    EXPECT_TRUE(Doc().signatures.empty());
    Sign(anna, 1, H1);
    Sign(anna, 1, H1);                                      // twice: the first counts, once
    EXPECT_EQ(Doc().signatures.size(), 1u);
}

TEST_F(RoomDocuments, ANewVersionNeedsANewRequest) {
    Add(anna, "sign_requested", {{"document", "d1"}, {"version", 1}, {"hash", H1}, {"signers", {Pk(anna)}}});
    Sign(anna, 1, H1);
    EXPECT_TRUE(Doc().complete);
    Add(boris, "document", {{"document", "d1"}, {"version", 2}, {"hash", H2}, {"epoch", 0}, {"words", "y"}});
    client::RoomDocument d = Doc();
    EXPECT_EQ(d.versions.size(), 2u);
    EXPECT_FALSE(d.RequestIsCurrent());
    EXPECT_FALSE(d.complete) << "version 1's signatures do not sign version 2";
    Add(boris, "document", {{"document", "d1"}, {"version", 5}, {"hash", H1}, {"epoch", 0}, {"words", "z"}});
    EXPECT_EQ(Doc().versions.size(), 2u) << "only the next version counts";
}

}  // namespace

// The date a request asks signatures by (the room's «Сроки»): kept when it is after the request and
// within 90 days; a date in the past or years ahead is no date at all.
TEST_F(RoomDocuments, ARequestCarriesTheDateSignaturesAreAskedBy) {
    long long at = 1796000000 + (long long)entries.size();
    Add(anna, "sign_requested", {{"document", "d1"}, {"version", 1}, {"hash", H1}, {"signers", {Pk(anna)}}, {"sign_by", at + 7 * 86400}});
    EXPECT_EQ(Doc().request.sign_by, at + 7 * 86400);
    Add(anna, "sign_requested", {{"document", "d1"}, {"version", 1}, {"hash", H1}, {"signers", {Pk(anna)}}, {"sign_by", at - 10}});
    EXPECT_EQ(Doc().request.sign_by, 0);
    Add(anna, "sign_requested", {{"document", "d1"}, {"version", 1}, {"hash", H1}, {"signers", {Pk(anna)}}, {"sign_by", at + 400 * 86400LL}});
    EXPECT_EQ(Doc().request.sign_by, 0);
    Add(anna, "sign_requested", {{"document", "d1"}, {"version", 1}, {"hash", H1}, {"signers", {Pk(anna)}}});
    EXPECT_EQ(Doc().request.sign_by, 0);
}
