// The form session (drafts, attachments, submission) through the real client stack against the
// real reference backend: what is stored where, encrypted, restored, uploaded and submitted once.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <thread>

#include "client/auth_service.h"
#include "client/form_session.h"
#include "crypto/kdf_runner.h"
#include "platform/native/curl_transport.h"
#include "seeded_server.h"
#include "server_process.h"

using nlohmann::json;
using testing_support::ServerProcess;

namespace {

struct Device {
    explicit Device(const std::string& url) : api(transport, url), kdf(crypto::MakeThreadKdfRunner()), auth(api, *kdf), form(api) {
        store.put = [this](const std::string& k, const std::string& v) { storage[k] = v; };
        store.get = [this](const std::string& k) { return storage.count(k) ? storage[k] : std::string(); };
        store.remove = [this](const std::string& k) { storage.erase(k); };
    }
    void Settle() {
        for (int i = 0; i < 6000 && (auth.Busy() || api.InFlight() > 0); i++) {
            api.Poll();
            kdf->Poll();
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    json Call(const std::string& method, const std::string& path, const json& body = json()) {
        json out;
        auto done = [&out](client::ApiResult r) { out = r.error.ok() ? r.body : json{{"error", r.error.status}}; };
        if (method == "GET") api.Get(path, done);
        else if (method == "PUT") api.Put(path, body, done);
        else if (method == "DELETE") api.Delete(path, done);
        else api.Post(path, body, done);
        Settle();
        return out;
    }
    native::CurlTransport transport;
    client::ApiClient api;
    std::unique_ptr<crypto::KdfRunner> kdf;
    client::AuthService auth;
    client::FormSession form;
    std::map<std::string, std::string> storage;
    client::LocalStore store;
};

class FormSessionTest : public testing_support::SeededServerTest {
protected:

    static void SignIn(Device& d, const char* who, const char* phone) {
        d.auth.Login(who, "Gosuslugi2026");
        d.Settle();
        ASSERT_EQ(d.auth.Step(), client::AuthStep::LoginCode) << d.auth.LastError().message;
        d.auth.VerifyCode(server->LastCode(phone));
        d.Settle();
        ASSERT_EQ(d.auth.Step(), client::AuthStep::SignedIn) << d.auth.LastError().message;
    }
    static void Open(Device& d, const char* code, const char* service) {
        json schema = d.Call("GET", std::string("/forms/") + code);
        json profile = d.Call("GET", "/profile");
        d.form.Start(schema, service, d.auth.CurrentAccount().id, d.auth.Keys(), profile["data"], profile["verified"], d.store, 100.0);
        d.Settle();
        ASSERT_TRUE(d.form.Active()) << (d.form.problems.empty() ? core::Message() : d.form.problems[0]);
    }
    static json Agency(const std::string& number) { return server->AgencyOpens(number); }
};

TEST_F(FormSessionTest, DraftsAreEncryptedEverywhereAndFollowTheUserToAnotherDevice) {
    Device laptop(server->api_url());
    SignIn(laptop, "ivanov@example.ru", "+79001234567");
    Open(laptop, "RG-01", "passports-3-1");
    EXPECT_EQ(laptop.form.answers.value("last_name", ""), "Иванов") << "filled from the profile";
    laptop.form.answers["new_address"] = "г. Казань, ул. Баумана, д. 1";
    laptop.form.GoToStep(1, 100.0);
    laptop.form.Tick(100.2);
    EXPECT_TRUE(laptop.storage.empty()) << "debounced: not on every keystroke";
    laptop.form.Tick(100.5);
    ASSERT_EQ(laptop.storage.size(), 1u);
    EXPECT_EQ(laptop.storage.begin()->second.find("Казань"), std::string::npos);
    laptop.form.Tick(102.0);  // the server's turn
    laptop.Settle();
    EXPECT_EQ(laptop.form.draft_state, client::DraftState::Saved);
    json listed = laptop.Call("GET", "/drafts");
    ASSERT_EQ(listed["items"].size(), 1u);
    EXPECT_EQ(listed["items"][0]["title"], "Регистрация по месту жительства");
    json stored = laptop.Call("GET", "/drafts/RG-01");
    std::vector<uint8_t> blob;
    ASSERT_TRUE(crypto::Base64Decode(stored.value("blob", ""), &blob));
    EXPECT_EQ(std::string(blob.begin(), blob.end()).find("Казань"), std::string::npos) << "the server keeps ciphertext";

    // Another device (empty storage): the server's copy, at the same step.
    Device phone(server->api_url());
    SignIn(phone, "+79001234567", "+79001234567");
    Open(phone, "RG-01", "passports-3-1");
    EXPECT_EQ(phone.form.answers.value("new_address", ""), "г. Казань, ул. Баумана, д. 1");
    EXPECT_EQ(phone.form.step, 1u);
    EXPECT_EQ(phone.form.restored_notice.key, "form.restored_server") << phone.form.restored_notice;

    // Another citizen sees nothing of it.
    Device other(server->api_url());
    SignIn(other, "petrov@example.ru", "+79161112233");
    EXPECT_TRUE(other.Call("GET", "/drafts")["items"].empty());
    EXPECT_FALSE(other.Call("GET", "/drafts/RG-01").value("exists", true));
    Open(other, "RG-01", "passports-3-1");
    EXPECT_FALSE(other.form.answers.contains("new_address"));

    // Deleting the draft removes the server's copy.
    laptop.form.DeleteDraft();
    laptop.Settle();
    EXPECT_TRUE(laptop.Call("GET", "/drafts")["items"].empty());
    EXPECT_TRUE(laptop.storage.empty());
}

TEST_F(FormSessionTest, AFiveMegabyteFileIsUploadedEncryptedInChunksAndTheAgencyGetsItBack) {
    Device d(server->api_url());
    SignIn(d, "ivanova@example.ru", "+79001234568");
    Open(d, "RG-01", "passports-3-1");
    std::string pdf = "%PDF-1.7\n";
    for (size_t i = 0; pdf.size() < 5u * 1024 * 1024; i++) pdf += (char)('a' + i % 26);
    EXPECT_EQ(d.form.AttachFile("ownership_doc", "право.pdf", reinterpret_cast<const uint8_t*>(pdf.data()), pdf.size() + 1, 100.0).key, "file.too_big")
        << "one byte over 5 MB is refused";
    ASSERT_TRUE(d.form.AttachFile("ownership_doc", "право.pdf", reinterpret_cast<const uint8_t*>(pdf.data()), pdf.size(), 100.0).empty());
    ASSERT_EQ(d.form.uploads.files.size(), 1u);
    EXPECT_EQ(d.form.uploads.files[0].state, client::Attachment::Encrypting) << "encrypted a piece per frame, not at once";
    int frames = 0;
    for (; frames < 2000 && d.form.UploadsBusy(); frames++) {
        d.form.Tick(100.0 + frames * 0.016);
        d.api.Poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    d.Settle();
    ASSERT_EQ(d.form.uploads.files[0].state, client::Attachment::Done) << d.form.uploads.files[0].error;
    EXPECT_GT(frames, 2) << "spread over several frames";
    EXPECT_EQ(d.form.uploads.files[0].sent, pdf.size() + 24 + 17 * ((pdf.size() + 65535) / 65536)) << "header + a tag per 64 KB chunk";
    EXPECT_EQ(d.form.AttachFile("new_address", "x.pdf", reinterpret_cast<const uint8_t*>(pdf.data()), 100, 100.0).key, "file.not_a_file_field")
        << "a text field takes no files";
    d.form.answers["new_postal_code"] = "420111";
    d.form.answers["new_address"] = "г. Казань";
    d.form.answers["basis"] = "owner";
    d.form.answers["email"] = "ivanova@example.ru";
    d.form.answers["complaint_unknown"] = "\xff\xfe не UTF-8";  // not in the schema: not submitted
    d.form.answers["passport_issued_by"] = std::string("ОВД \xC3\x28 района");  // invalid UTF-8 in an answer
    d.form.Submit(101.0);
    d.form.Submit(101.0);  // a double click
    d.Settle();
    ASSERT_EQ(d.form.submit_state, client::SubmitState::Submitted) << d.form.submit_error.message;
    std::string number = d.form.submitted.value("number", "");
    json opened = Agency(number);
    ASSERT_TRUE(opened.is_object());
    EXPECT_TRUE(opened.value("ok", false)) << opened.dump().substr(0, 300);
    EXPECT_FALSE(opened["application"]["answers"].contains("complaint_unknown"));
    EXPECT_NE(opened["application"]["answers"].value("passport_issued_by", "").find("\xEF\xBF\xBD"), std::string::npos)
        << "invalid UTF-8 is replaced, not a reason to fail";
    ASSERT_EQ(opened["files"].size(), 1u);
    EXPECT_EQ(opened["files"][0].value("size", 0), (int)pdf.size());
    EXPECT_TRUE(opened["files"][0].value("sha256_ok", false));
    printf("[ measured ] sealed application %d B + encrypted file %d B\n", opened.value("sealed_bytes", 0),
           opened["files"][0].value("encrypted_bytes", 0));
    EXPECT_EQ(d.Call("GET", "/applications")["items"].size(), 1u) << "a double click makes one application";
    // The user's own copy lets them reuse the answers next time; the agency's copy is sealed.
    Open(d, "RG-01", "passports-3-1");
    d.form.LoadPrevious();
    d.Settle();
    ASSERT_TRUE(d.form.previous.is_object());
    EXPECT_EQ(d.form.previous.value("number", ""), number);
    EXPECT_TRUE(d.form.ReusePrevious(102.0));
    EXPECT_EQ(d.form.answers.value("new_address", ""), "г. Казань");
}

TEST_F(FormSessionTest, OfflineTheDraftStaysOnTheDeviceAndTheUserIsToldSo) {
    Device online(server->api_url());
    json schema = online.Call("GET", "/forms/ZD-01");
    ASSERT_TRUE(schema.is_object());
    Device offline(testing_support::DeadBackendUrl());
    crypto::IdentityKeys keys = crypto::GenerateIdentityKeys();
    offline.form.Start(schema, "health-1-1", "user-1", keys, json::object(), json::array(), offline.store, 10.0);
    offline.Settle();
    ASSERT_TRUE(offline.form.Active());
    offline.form.answers["oms"] = "7700000000000003";
    offline.form.Changed(10.0);
    offline.form.Tick(12.0);  // both debounces are due
    offline.Settle();
    EXPECT_EQ(offline.storage.size(), 1u) << "the device keeps it";
    EXPECT_TRUE(offline.form.server_unreachable);
    EXPECT_EQ(offline.form.draft_state, client::DraftState::SavedOnDevice);
    EXPECT_NEAR(offline.form.NextWakeSeconds(12.0), 10.0, 0.5) << "the server save is retried";
    // The same user on this device later: the draft comes back from the device alone.
    Device later(testing_support::DeadBackendUrl());
    later.storage = offline.storage;
    later.form.Start(schema, "health-1-1", "user-1", keys, json::object(), json::array(), later.store, 20.0);
    EXPECT_EQ(later.form.answers.value("oms", ""), "7700000000000003");
    // Another user's key cannot open it.
    Device stranger(testing_support::DeadBackendUrl());
    stranger.storage = offline.storage;
    stranger.form.Start(schema, "health-1-1", "user-1", crypto::GenerateIdentityKeys(), json::object(), json::array(), stranger.store, 20.0);
    EXPECT_FALSE(stranger.form.answers.contains("oms"));
}

TEST_F(FormSessionTest, FilesInsideRepeatableGroupsFollowTheirEntries) {
    Device d(server->api_url());
    SignIn(d, "petrov@example.ru", "+79161112233");
    Open(d, "ND-01", "taxes-1-1");
    d.form.answers["documents"] = json::array({json::object(), json::object(), json::object()});
    std::string pdf = "%PDF-1.4 " + std::string(1000, 'x');
    for (int i = 0; i < 3; i++) {
        std::string name = "doc" + std::to_string(i) + ".pdf";
        ASSERT_TRUE(d.form.AttachFile("documents[" + std::to_string(i) + "].file", name, reinterpret_cast<const uint8_t*>(pdf.data()),
                                      pdf.size(), 100.0).empty());
    }
    for (int i = 0; i < 100 && d.form.UploadsBusy(); i++) { d.form.Tick(100.0); d.Settle(); }
    json a = d.form.AnswersForValidation();
    EXPECT_EQ(a["documents"][1]["file"], json::array({"doc1.pdf"})) << "each entry answers with its own file";
    d.form.answers["documents"].erase(1);
    d.form.GroupEntryRemoved("documents", 1, 101.0);
    a = d.form.AnswersForValidation();
    ASSERT_EQ(a["documents"].size(), 2u);
    EXPECT_EQ(a["documents"][0]["file"], json::array({"doc0.pdf"}));
    EXPECT_EQ(a["documents"][1]["file"], json::array({"doc2.pdf"})) << "the third entry's file moved up with it";
    EXPECT_EQ(d.form.uploads.files.size(), 2u) << "the removed entry's file is gone";
}

}  // namespace
