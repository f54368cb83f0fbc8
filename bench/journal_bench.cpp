// Verifying a room's journal (crypto/room_journal.h) of 10,000 entries from the first: an
// Ed25519 verification, a BLAKE2b hash and the membership rules per entry — what every client does
// when it opens a room it has not seen since the journal grew. Prints times; asserts nothing.
//   build/native/bench/journal_bench   |   node --no-experimental-fetch build/web/bench/journal_bench.js
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "crypto/login_keys.h"
#include "crypto/room_journal.h"

int main() {
    crypto::Init();
    const int kEntries = 10000;
    std::vector<crypto::IdentityKeys> people;
    for (int i = 0; i < 3; i++) people.push_back(crypto::GenerateIdentityKeys());
    std::vector<crypto::JournalEntry> entries;
    std::string head;
    auto add = [&](const crypto::IdentityKeys& by, const char* kind, nlohmann::json body) {
        crypto::JournalEntry e;
        e.room = "bench-room";
        e.kind = kind;
        e.body = std::move(body);
        e.at = 1796000000 + (long long)entries.size();
        e = crypto::SignEntry(e, (long long)entries.size(), head, by);
        head = crypto::EntryHash(head, e);
        entries.push_back(std::move(e));
    };
    add(people[0], "created", {{"title", "Семейное заявление"}, {"box", crypto::Base64Encode(people[0].x25519_pk)}});
    for (int i = 1; i < 3; i++)
        add(people[0], "added", {{"member", crypto::Base64Encode(people[i].ed25519_pk)}, {"box", crypto::Base64Encode(people[i].x25519_pk)},
                                 {"role", "participant"}});
    while ((int)entries.size() < kEntries) {
        int n = (int)entries.size();
        if (n % 50 == 0) add(people[n % 3], "proposed", {{"proposal", "p" + std::to_string(n)}, {"rule", "majority"}});
        else add(people[n % 3], n % 2 ? "voted" : "signed", {{"proposal", "p" + std::to_string(n / 50 * 50)}, {"choice", "for"}});
    }
    std::vector<double> ms;
    for (int run = 0; run < 5; run++) {
        auto t0 = std::chrono::steady_clock::now();
        crypto::JournalCheck c = crypto::VerifyJournal(entries, {});
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        if (!c.ok()) {
            std::printf("the chain did not verify: problem %d at %lld\n", (int)c.problem, c.at_seq);
            return 1;
        }
    }
    std::sort(ms.begin(), ms.end());
    std::printf("room journal of %d entries, verified from the first: median %.1f ms (%.1f µs an entry), best %.1f ms\n", kEntries, ms[2],
                ms[2] * 1000 / kEntries, ms[0]);
    return 0;
}
