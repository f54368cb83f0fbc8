// As-you-type search over the catalog (SPEC §3), in the core: no ImGui, no platform.
// Case-insensitive over Cyrillic and Latin, «ё» = «е», any word order, prefixes, one typo per
// word of 4+ letters, light Russian endings folded; matches in the name count most, then
// keywords and form code, then the section. Filters: online only, free, max days, section.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/catalog.h"

namespace core {

// Text folded for matching: lower case, ё→е, one byte per letter (Cyrillic а..я → 0xC0..0xDF),
// anything that is not a letter or digit becomes a separator.
std::string FoldText(const std::string& utf8);
std::vector<std::string> FoldedWords(const std::string& utf8);
std::string StemRussian(const std::string& folded_word);  // strips common endings

struct SearchFilters {
    bool online_only = false;
    bool free_only = false;
    int max_days = 0;          // 0 = any
    std::string section;       // "" = any
    bool Active() const { return online_only || free_only || max_days > 0 || !section.empty(); }
};

struct SearchHit {
    int service = -1;          // index into the catalog
    float score = 0;
    std::vector<std::pair<int, int>> highlight;  // byte ranges [begin, end) of the name that matched
};

class SearchIndex {
public:
    void Build(const Catalog& catalog);
    // Best first; at most `limit` hits. Queries are capped at 200 bytes / 8 words.
    std::vector<SearchHit> Search(const std::string& query, const SearchFilters& filters = {}, size_t limit = 20) const;
    size_t TermCount() const { return terms_.size(); }
    size_t MemoryBytes() const;

private:
    struct Posting {
        uint32_t service;
        uint8_t field;  // 0 name, 1 keywords, 2 form code, 3 section names
    };
    struct Term {
        std::string text;
        std::vector<Posting> postings;
    };
    uint32_t TermId(const std::string& text);
    void AddTerm(const std::string& word, uint32_t service, uint8_t field);
    // Matching terms of one query word with their match quality (1 exact, 0.85 prefix, 0.7 typo).
    void Candidates(const std::string& word, bool last, std::vector<std::pair<uint32_t, float>>* out) const;

    const Catalog* catalog_ = nullptr;
    std::vector<Term> terms_;
    std::unordered_map<std::string, uint32_t> term_ids_;
    std::vector<uint32_t> sorted_;                                       // term ids by text, for prefixes
    std::unordered_map<std::string, std::vector<uint32_t>> deletions_;   // 1-deletion variants → terms
    std::vector<std::vector<std::string>> name_words_;                   // folded words of each name
};

}  // namespace core
