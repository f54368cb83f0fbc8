#include "client/room_documents.h"

#include <algorithm>

#include "core/json_read.h"
#include "crypto/room_keys.h"

namespace client {

using nlohmann::json;

static bool IsHex64(const std::string& s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::vector<RoomDocument> DocumentsFromJournal(const std::vector<crypto::JournalEntry>& entries, const crypto::JournalCheck& check) {
    std::vector<RoomDocument> docs;
    std::map<std::string, size_t> index;
    for (const crypto::JournalEntry& e : entries) {
        if (e.seq > check.head.seq) break;  // only what verified
        if (e.kind != "document" && e.kind != "sign_requested" && e.kind != "signed" && e.kind != "submitted") continue;
        std::string id = core::JsonText(e.body, "document");
        long long version = (long long)core::JsonNumber(e.body, "version");
        std::string hash = core::JsonText(e.body, "hash");
        auto it = index.find(id);
        if (e.kind == "submitted") {
            std::string number = core::JsonText(e.body, "number");
            if (it != index.end() && docs[it->second].submitted.empty() && !number.empty() && number.size() <= 40)
                docs[it->second].submitted = number;
            continue;
        }
        if (id.empty() || id.size() > 64 || !IsHex64(hash)) continue;
        if (e.kind == "document") {
            if (it == index.end()) {
                if (version != 1) continue;
                index[id] = docs.size();
                docs.push_back(RoomDocument());
                docs.back().id = id;
                it = index.find(id);
            }
            RoomDocument& d = docs[it->second];
            if (version != (long long)d.versions.size() + 1) continue;  // only the next version
            d.versions.push_back({version, e.seq, e.at, e.author, hash});
            continue;
        }
        if (it == index.end()) continue;
        RoomDocument& d = docs[it->second];
        if (version < 1 || version > (long long)d.versions.size() || d.versions[(size_t)version - 1].hash != hash) continue;
        if (e.kind == "sign_requested") {
            const json* signers = e.body.contains("signers") && e.body["signers"].is_array() ? &e.body["signers"] : nullptr;
            if (!signers || signers->empty() || signers->size() > 100) continue;
            RoomDocument::Request req;
            req.version = version;
            req.seq = e.seq;
            req.at = e.at;
            req.hash = hash;
            req.by = e.author;
            req.service = core::JsonText(e.body, "service");
            long long sign_by = (long long)core::JsonNumber(e.body, "sign_by");
            if (sign_by > e.at && sign_by - e.at <= 90LL * 86400) req.sign_by = sign_by;  // a date that means something
            for (const json& s : *signers)
                if (s.is_string() && std::find(req.signers.begin(), req.signers.end(), s.get<std::string>()) == req.signers.end())
                    req.signers.push_back(s.get<std::string>());
            d.request = req;          // a new request replaces the last, and its signatures
            d.signatures.clear();
            continue;
        }
        // signed
        if (d.request.seq < 0 || version != d.request.version || hash != d.request.hash) continue;
        if (std::find(d.request.signers.begin(), d.request.signers.end(), e.author) == d.request.signers.end()) continue;
        if (d.signatures.count(e.author)) continue;  // the first counts
        std::string signature = core::JsonText(e.body, "signature");
        if (!crypto::VerifyDocumentSignature(crypto::DocumentSignText(check.room, id, version, hash), signature, e.author)) continue;
        d.signatures[e.author] = signature;
    }
    for (RoomDocument& d : docs) {
        d.not_signed.clear();
        for (const std::string& s : d.request.signers)
            if (!d.signatures.count(s)) d.not_signed.push_back(s);
        d.complete = d.RequestIsCurrent() && d.not_signed.empty();
    }
    return docs;
}

}  // namespace client
