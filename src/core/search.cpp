#include "core/search.h"

#include <algorithm>
#include <cstring>

namespace core {

// -- folding ---------------------------------------------------------------------------------

static unsigned DecodeUtf8(const std::string& s, size_t& i) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) { i += 1; return c; }
    if ((c >> 5) == 0x6 && i + 1 < s.size()) { unsigned cp = ((c & 0x1Fu) << 6) | ((unsigned char)s[i + 1] & 0x3Fu); i += 2; return cp; }
    if ((c >> 4) == 0xE && i + 2 < s.size()) {
        unsigned cp = ((c & 0x0Fu) << 12) | (((unsigned char)s[i + 1] & 0x3Fu) << 6) | ((unsigned char)s[i + 2] & 0x3Fu);
        i += 3;
        return cp;
    }
    i += (c >> 3) == 0x1E ? 4 : 1;
    return 0xFFFD;
}

// One folded byte per letter, or 0 for a separator.
static unsigned char FoldChar(unsigned cp) {
    if (cp >= 'a' && cp <= 'z') return (unsigned char)cp;
    if (cp >= 'A' && cp <= 'Z') return (unsigned char)(cp + 32);
    if (cp >= '0' && cp <= '9') return (unsigned char)cp;
    if (cp >= 0x430 && cp <= 0x44F) return (unsigned char)(0xC0 + (cp - 0x430));  // а..я
    if (cp >= 0x410 && cp <= 0x42F) return (unsigned char)(0xC0 + (cp - 0x410));  // А..Я
    if (cp == 0x451 || cp == 0x401) return (unsigned char)(0xC0 + 5);               // ё, Ё → е
    return 0;
}

std::string FoldText(const std::string& utf8) {
    std::string out;
    out.reserve(utf8.size());
    for (size_t i = 0; i < utf8.size();) {
        unsigned char f = FoldChar(DecodeUtf8(utf8, i));
        out += f ? (char)f : ' ';
    }
    return out;
}

std::vector<std::string> FoldedWords(const std::string& utf8) {
    std::vector<std::string> words;
    std::string folded = FoldText(utf8), cur;
    for (char c : folded) {
        if (c == ' ') { if (!cur.empty()) words.push_back(cur); cur.clear(); }
        else cur += c;
    }
    if (!cur.empty()) words.push_back(cur);
    return words;
}

static std::string F(const char* utf8) { return FoldText(utf8); }

std::string StemRussian(const std::string& w) {
    // Longest endings first; keep a stem of at least 4 letters.
    static const std::vector<std::string> endings = [] {
        std::vector<std::string> e;
        for (const char* s : {"ями", "ами", "иями", "ого", "его", "ому", "ему", "ыми", "ими", "ов", "ев", "ей", "ам", "ям", "ах", "ях",
                              "ом", "ем", "ой", "ий", "ый", "ая", "яя", "ое", "ее", "ые", "ие", "ую", "юю", "а", "я", "ы", "и", "е", "у", "ю", "о", "ь"})
            e.push_back(F(s));
        std::sort(e.begin(), e.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
        return e;
    }();
    if (w.empty() || (unsigned char)w[0] < 0xC0) return w;  // Latin / digits: as is
    for (const std::string& e : endings)
        if (w.size() >= e.size() + 4 && w.compare(w.size() - e.size(), e.size(), e) == 0) return w.substr(0, w.size() - e.size());
    return w;
}

// -- index -----------------------------------------------------------------------------------

uint32_t SearchIndex::TermId(const std::string& text) {
    auto it = term_ids_.find(text);
    if (it != term_ids_.end()) return it->second;
    uint32_t id = (uint32_t)terms_.size();
    terms_.push_back({text, {}});
    term_ids_.emplace(text, id);
    return id;
}

void SearchIndex::AddTerm(const std::string& word, uint32_t service, uint8_t field) {
    for (const std::string& t : {word, StemRussian(word)}) {
        Term& term = terms_[TermId(t)];
        // Services are added in order, so a service's postings are adjacent: keep one, best field.
        if (!term.postings.empty() && term.postings.back().service == service) {
            if (field < term.postings.back().field) term.postings.back().field = field;
        } else {
            term.postings.push_back({service, field});
        }
    }
}

void SearchIndex::Build(const Catalog& catalog) {
    catalog_ = &catalog;
    terms_.clear();
    term_ids_.clear();
    deletions_.clear();
    name_words_.clear();
    for (uint32_t i = 0; i < catalog.services.size(); i++) {
        const Service& s = catalog.services[i];
        name_words_.push_back(FoldedWords(s.name));
        for (const std::string& w : name_words_.back()) AddTerm(w, i, 0);
        for (const std::string& w : FoldedWords(s.keywords)) AddTerm(w, i, 1);
        if (!s.form_code.empty()) {
            std::string code = FoldText(s.form_code);
            code.erase(std::remove(code.begin(), code.end(), ' '), code.end());  // "P-01" → "p01"
            AddTerm(code, i, 2);
        }
    }
    for (const Section& sec : catalog.sections) {
        std::vector<std::string> sec_words = FoldedWords(sec.name);
        for (const Subsection& sub : sec.subsections) {
            std::vector<std::string> words = sec_words;
            for (const std::string& w : FoldedWords(sub.name)) words.push_back(w);
            for (int si : sub.services)
                for (const std::string& w : words)
                    if (w.size() >= 3) AddTerm(w, (uint32_t)si, 3);
        }
    }
    sorted_.resize(terms_.size());
    for (uint32_t i = 0; i < terms_.size(); i++) sorted_[i] = i;
    std::sort(sorted_.begin(), sorted_.end(), [&](uint32_t a, uint32_t b) { return terms_[a].text < terms_[b].text; });
    // Symmetric-delete index for one typo: each term of 4+ letters under all its 1-deletion variants.
    for (uint32_t i = 0; i < terms_.size(); i++) {
        const std::string& t = terms_[i].text;
        if (t.size() < 4) continue;
        for (size_t k = 0; k < t.size(); k++) {
            std::string v = t;
            v.erase(k, 1);
            std::vector<uint32_t>& ids = deletions_[v];
            if (ids.empty() || ids.back() != i) ids.push_back(i);
        }
    }
}

size_t SearchIndex::MemoryBytes() const {
    size_t bytes = sizeof(*this) + sorted_.capacity() * 4;
    for (const Term& t : terms_) bytes += sizeof(Term) + t.text.capacity() + t.postings.capacity() * sizeof(Posting) + 32;
    for (const auto& kv : deletions_) bytes += kv.first.capacity() + kv.second.capacity() * 4 + 64;
    for (const auto& w : name_words_) { bytes += sizeof(w) + w.capacity() * sizeof(std::string); for (const auto& s : w) bytes += s.capacity(); }
    return bytes;
}

// Damerau–Levenshtein distance ≤ 1?
static bool WithinOneEdit(const std::string& a, const std::string& b) {
    if (a == b) return true;
    size_t la = a.size(), lb = b.size();
    if (la > lb + 1 || lb > la + 1) return false;
    size_t i = 0;
    while (i < la && i < lb && a[i] == b[i]) i++;
    if (la == lb) {
        if (a.compare(i + 1, std::string::npos, b, i + 1, std::string::npos) == 0) return true;                      // substitution
        return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && a.compare(i + 2, std::string::npos, b, i + 2, std::string::npos) == 0;  // swap
    }
    return la > lb ? a.compare(i + 1, std::string::npos, b, i, std::string::npos) == 0 : b.compare(i + 1, std::string::npos, a, i, std::string::npos) == 0;
}

void SearchIndex::Candidates(const std::string& word, bool last, std::vector<std::pair<uint32_t, float>>* out) const {
    out->clear();
    auto add = [&](uint32_t id, float q) {
        for (auto& c : *out)
            if (c.first == id) { c.second = std::max(c.second, q); return; }
        out->push_back({id, q});
    };
    std::string stem = StemRussian(word);
    for (const std::string& w : {word, stem}) {
        auto it = term_ids_.find(w);
        if (it != term_ids_.end()) add(it->second, 1.0f);
    }
    // Prefixes: "загран" → "загранпаспорт". Short words only as the word being typed.
    if (word.size() >= 3 || (last && word.size() >= 1)) {
        auto lo = std::lower_bound(sorted_.begin(), sorted_.end(), word, [&](uint32_t id, const std::string& w) { return terms_[id].text < w; });
        int taken = 0;
        for (auto p = lo; p != sorted_.end() && taken < 64; ++p, ++taken) {
            const std::string& t = terms_[*p].text;
            if (t.compare(0, word.size(), word) != 0) break;
            add(*p, t.size() == word.size() ? 1.0f : 0.85f);
        }
    }
    // One typo for words of 4+ letters (on the word and on its stem).
    if (word.size() >= 4) {
        for (const std::string& w : {word, stem}) {
            if (w.size() < 4) continue;
            auto probe = [&](const std::string& v) {
                auto it = deletions_.find(v);
                if (it == deletions_.end()) return;
                for (uint32_t id : it->second)
                    if (WithinOneEdit(w, terms_[id].text)) add(id, 0.7f);
            };
            probe(w);
            for (size_t k = 0; k < w.size(); k++) {
                std::string v = w;
                v.erase(k, 1);
                probe(v);
                auto it = term_ids_.find(v);  // the query has one extra letter
                if (it != term_ids_.end() && v.size() >= 4) add(it->second, 0.7f);
            }
        }
    }
}

std::vector<SearchHit> SearchIndex::Search(const std::string& query, const SearchFilters& filters, size_t limit) const {
    std::vector<SearchHit> hits;
    if (!catalog_) return hits;
    std::string q = query.size() > 200 ? query.substr(0, 200) : query;
    std::vector<std::string> words = FoldedWords(q);
    if (words.size() > 8) words.resize(8);
    // A form code typed with its dash ("BZ-10") folds to two words; the index has it joined.
    if (words.size() >= 2 && words.size() <= 3) {
        std::string joined;
        for (const std::string& w : words) joined += w;
        auto it = term_ids_.find(joined);
        if (it != term_ids_.end() && !terms_[it->second].postings.empty() && terms_[it->second].postings[0].field == 2) words = {joined};
    }
    const size_t n = catalog_->services.size();
    auto passes = [&](size_t i) {
        const Service& s = catalog_->services[i];
        return (!filters.online_only || s.online) && (!filters.free_only || s.fee == 0) &&
               (filters.max_days <= 0 || s.days <= filters.max_days) && (filters.section.empty() || s.section == filters.section);
    };
    if (words.empty()) {
        if (!filters.Active()) return hits;
        for (size_t i = 0; i < n && hits.size() < limit; i++)
            if (passes(i)) hits.push_back({(int)i, 0.0f, {}});
        return hits;
    }
    static const float kFieldWeight[4] = {3.0f, 1.6f, 4.0f, 0.6f};
    // score per service, and how many query words it matched
    std::unordered_map<uint32_t, std::pair<float, int>> acc;
    std::vector<std::pair<uint32_t, float>> cands;
    std::vector<std::vector<uint32_t>> matched_terms(words.size());
    for (size_t wi = 0; wi < words.size(); wi++) {
        Candidates(words[wi], wi + 1 == words.size(), &cands);
        std::unordered_map<uint32_t, float> best;  // this word's best contribution per service
        for (const auto& c : cands) {
            matched_terms[wi].push_back(c.first);
            for (const Posting& p : terms_[c.first].postings) {
                float v = c.second * kFieldWeight[p.field];
                float& b = best[p.service];
                if (v > b) b = v;
            }
        }
        for (const auto& kv : best) {
            auto& a = acc[kv.first];
            a.first += kv.second;
            a.second += 1;
        }
    }
    int need = (int)words.size();
    bool any_full = false;
    for (const auto& kv : acc)
        if (kv.second.second == need) { any_full = true; break; }
    for (const auto& kv : acc) {
        // All words must match; when nothing matches all of them, the best partial matches.
        if (any_full && kv.second.second < need) continue;
        if (!passes(kv.first)) continue;
        const Service& s = catalog_->services[kv.first];
        float score = kv.second.first + (float)kv.second.second * 2.0f;
        score -= (float)s.name.size() * 0.002f;  // the shorter, more specific name first among equals
        for (int p : catalog_->popular)
            if (p == (int)kv.first) score += 0.5f;
        hits.push_back({(int)kv.first, score, {}});
    }
    std::sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
        return a.score != b.score ? a.score > b.score : a.service < b.service;
    });
    if (hits.size() > limit) hits.resize(limit);
    // Highlight: words of the name whose folded form (or stem) is one of the matched terms.
    for (SearchHit& h : hits) {
        const std::string& name = catalog_->services[(size_t)h.service].name;
        size_t i = 0;
        while (i < name.size()) {
            size_t start = i;
            std::string folded;
            while (i < name.size()) {
                size_t j = i;
                unsigned char f = FoldChar(DecodeUtf8(name, j));
                if (!f) break;
                folded += (char)f;
                i = j;
            }
            if (!folded.empty()) {
                bool hit = false;
                for (size_t wi = 0; wi < words.size() && !hit; wi++)
                    for (uint32_t t : matched_terms[wi])
                        if (terms_[t].text == folded || terms_[t].text == StemRussian(folded) ||
                            (folded.compare(0, words[wi].size(), words[wi]) == 0)) { hit = true; break; }
                if (hit) h.highlight.push_back({(int)start, (int)i});
            } else {
                DecodeUtf8(name, i);  // skip a separator character
            }
        }
    }
    return hits;
}

}  // namespace core
