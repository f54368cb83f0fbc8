// The shared documents of a room and their signatures, computed by this client from the verified
// journal alone (SPEC §7, docs/rooms.md "Documents"). Entries:
//   document        {document: id, version: 1, 2, …, hash: SHA-256 hex of the words, epoch, words}
//   sign_requested  {document, version, hash, signers: [Ed25519 keys], service?: form code,
//                    sign_by?: unix s — the date asked for (the room's «Сроки»; a later signature still counts)}
//   signed          {document, version, hash, signature: Ed25519 over crypto::DocumentSignText}
// A version counts only as the next one; a request only for an existing version with its hash; a
// signature only from a requested signer, over the requested version, that verifies — the first
// counts. When every requested signer has signed, the document is «Подписан».
#pragma once
#include <map>
#include <string>
#include <vector>

#include "crypto/room_journal.h"

namespace client {

struct DocumentVersion {
    long long version = 0, seq = 0, at = 0;
    std::string author, hash;
};

struct RoomDocument {
    std::string id;
    std::vector<DocumentVersion> versions;  // in order; the last is the current one
    // The latest request for signatures (seq -1: none).
    struct Request {
        long long version = 0, seq = -1, at = 0, sign_by = 0;
        std::string hash, service, by;
        std::vector<std::string> signers;
    } request;
    std::map<std::string, std::string> signatures;  // signer -> signature, each verified
    std::vector<std::string> not_signed;            // requested signers still to sign
    bool complete = false;                          // every requested signer signed the requested version
    std::string submitted;                          // the joint application's number («submitted» entry), if any
    bool RequestIsCurrent() const { return request.seq >= 0 && !versions.empty() && request.version == versions.back().version; }
};

std::vector<RoomDocument> DocumentsFromJournal(const std::vector<crypto::JournalEntry>& entries, const crypto::JournalCheck& check);

}  // namespace client
