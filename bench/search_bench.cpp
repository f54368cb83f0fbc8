// Catalog search benchmark over a generated catalog of 10,000 services: index build time,
// p50/p95 query time for 1–3 word queries (exact, prefix, typo), and index memory.
// Prints numbers; asserts nothing. Natively: build/native/bench/search_bench;
// WebAssembly: node --no-experimental-fetch build/web/bench/search_bench.js
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "core/catalog.h"
#include "core/search.h"

static const char* const kWords[] = {
    "замена", "паспорта", "гражданина", "регистрация", "получение", "оформление", "справка", "выписка", "пособие", "ребенка",
    "детей", "пенсии", "налогового", "вычета", "транспортного", "средства", "водительского", "удостоверения", "земельного",
    "участка", "недвижимости", "жилья", "субсидии", "компенсации", "лицензии", "разрешения", "запись", "приём", "врачу",
    "школу", "детский", "сад", "брака", "рождения", "смерти", "опеки", "инвалидности", "безработного", "предпринимателя",
    "организации", "штрафов", "парковки", "счётчиков", "квартиры", "дома", "строительства", "рекламы", "оружия", "архивной",
    "стажа", "доходов", "задолженности", "полиса", "медицинской", "страховой", "ежемесячной", "единовременной", "выплаты",
    "материнского", "капитала", "многодетной", "семьи", "молодой", "льготы", "ветерана", "труда", "военного", "билета",
    "гражданства", "иностранного", "образования", "диплома", "аттестата", "экзамена", "результатов", "сведений", "изменение",
    "прекращение", "восстановление", "продление", "переоформление", "дубликата", "электронного", "сертификата", "поддержки",
};

int main() {
    const int kServices = 10000;
    std::mt19937 rng(20261122);
    const int nwords = (int)(sizeof(kWords) / sizeof(kWords[0]));
    auto word = [&] { return std::string(kWords[rng() % nwords]); };
    core::Catalog cat;
    for (int i = 0; i < kServices; i++) {
        core::Service s;
        s.id = "svc-" + std::to_string(i);
        s.section = "sec-" + std::to_string(i % 12);
        s.subsection = s.section + "-" + std::to_string(i % 5);
        int n = 4 + (int)(rng() % 5);
        for (int k = 0; k < n; k++) s.name += (k ? " " : "") + word();
        for (int k = 0; k < 5; k++) s.keywords += (k ? " " : "") + word();
        s.form_code = "X-" + std::to_string(1000 + i);
        s.fee = (int)(rng() % 3) * 1000;
        s.days = 1 + (int)(rng() % 30);
        s.online = rng() % 4 != 0;
        cat.services.push_back(std::move(s));
    }
    for (int sec = 0; sec < 12; sec++) {
        core::Section section{"sec-" + std::to_string(sec), "Раздел " + word(), "", {}};
        for (int sub = 0; sub < 5; sub++) section.subsections.push_back({section.id + "-" + std::to_string(sub), "Подраздел " + word(), {}});
        cat.sections.push_back(std::move(section));
    }
    for (int i = 0; i < kServices; i++) cat.sections[(size_t)(i % 12)].subsections[(size_t)(i % 5)].services.push_back(i);

    using clock = std::chrono::steady_clock;
    auto t0 = clock::now();
    core::SearchIndex index;
    index.Build(cat);
    double build_ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();

    // Queries as people type them: 1–3 words from a real name, some cut short, some with a typo.
    std::vector<std::string> queries;
    for (int q = 0; q < 3000; q++) {
        const std::string& name = cat.services[rng() % kServices].name;
        std::vector<std::string> w;
        size_t start = 0;
        while (start < name.size()) {
            size_t sp = name.find(' ', start);
            if (sp == std::string::npos) sp = name.size();
            w.push_back(name.substr(start, sp - start));
            start = sp + 1;
        }
        std::shuffle(w.begin(), w.end(), rng);
        int k = 1 + q % 3;
        std::string query;
        for (int j = 0; j < k && j < (int)w.size(); j++) {
            std::string x = w[(size_t)j];
            int kind = (int)(rng() % 3);
            if (kind == 1 && x.size() > 8) x = x.substr(0, x.size() - 4);            // prefix (2 Cyrillic letters cut)
            if (kind == 2 && x.size() > 8) x.erase(4, 2);                           // typo: one Cyrillic letter missing
            query += (j ? " " : "") + x;
        }
        queries.push_back(query);
    }
    std::vector<double> times[3];
    size_t found = 0;
    for (size_t q = 0; q < queries.size(); q++) {
        auto a = clock::now();
        auto hits = index.Search(queries[q], {}, 20);
        times[q % 3].push_back(std::chrono::duration<double, std::micro>(clock::now() - a).count());
        found += !hits.empty();
    }
    printf("catalog: %d services, %zu terms; index build %.1f ms; index memory %.1f MiB\n", kServices, index.TermCount(), build_ms,
           (double)index.MemoryBytes() / (1024.0 * 1024.0));
    for (int k = 0; k < 3; k++) {
        std::sort(times[k].begin(), times[k].end());
        printf("%d-word queries: p50 %.3f ms, p95 %.3f ms, max %.3f ms (%zu queries)\n", k + 1, times[k][times[k].size() / 2] / 1000.0,
               times[k][times[k].size() * 95 / 100] / 1000.0, times[k].back() / 1000.0, times[k].size());
    }
    printf("queries with results: %zu of %zu\n", found, queries.size());
    return 0;
}
