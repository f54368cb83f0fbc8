// A form field's "pattern" rule (docs/schemas/form.schema.json): a regular expression matched
// byte-wise over UTF-8, the whole value. Our own small backtracking matcher instead of std::regex:
// std::regex alone pulled the whole locale machinery into the WebAssembly build (money_get,
// time_get, codecvt… ≈ 60 KB of code for five patterns) when the first load was over its budget.
//
// Supported, as in ECMAScript: literals; `.`; `^` and `$`; escapes `\d \D \w \W \s \S`, `\xHH`,
// `\t \n \r`, and `\` before any punctuation; classes `[...]` and `[^...]` with ranges and the
// escapes above; groups `(...)` and `(?:...)`; alternation `|`; greedy `* + ? {n} {n,} {n,m}`.
// Anything else (back-references, look-around, lazy quantifiers, flags) is a broken rule:
// Compile fails, and the field is not held up by it (as before with std::regex_error).
#pragma once
#include <memory>
#include <string>

namespace core {

class Pattern {
public:
    // False when `source` uses what is not supported or is malformed.
    bool Compile(const std::string& source);
    // The whole of `text` matches (with or without ^ and $ in the source). Bounded: a pathological
    // pattern gives up after a step budget and counts as no match.
    bool FullMatch(const std::string& text) const;

    struct Node;

private:
    std::shared_ptr<Node> root_;
};

}  // namespace core
