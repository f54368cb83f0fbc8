#include "core/pattern.h"

#include <bitset>
#include <vector>

namespace core {

namespace {

enum class AtomKind { Set, Group, Begin, End };

struct Alt;

struct Item {
    AtomKind kind = AtomKind::Set;
    std::bitset<256> set;           // Set: the bytes it takes
    std::shared_ptr<Alt> group;     // Group
    int min = 1, max = 1;           // max -1: unbounded
};

struct Alt {
    std::vector<std::vector<Item>> options;  // each a sequence
};

constexpr int kMaxRepeat = 1000;

class Parser {
public:
    explicit Parser(const std::string& s) : s_(s) {}
    std::shared_ptr<Alt> Parse() {
        auto alt = ParseAlt(0);
        if (!alt || pos_ != s_.size()) return nullptr;
        return alt;
    }

private:
    std::shared_ptr<Alt> ParseAlt(int depth) {
        if (depth > 20) return nullptr;
        auto alt = std::make_shared<Alt>();
        alt->options.emplace_back();
        while (pos_ < s_.size()) {
            char c = s_[pos_];
            if (c == ')') break;
            if (c == '|') {
                pos_++;
                alt->options.emplace_back();
                continue;
            }
            Item item;
            if (!ParseAtom(&item, depth)) return nullptr;
            if (!ParseQuantifier(&item)) return nullptr;
            alt->options.back().push_back(std::move(item));
        }
        return alt;
    }

    bool ParseAtom(Item* item, int depth) {
        char c = s_[pos_++];
        switch (c) {
            case '^': item->kind = AtomKind::Begin; return true;
            case '$': item->kind = AtomKind::End; return true;
            case '.':
                item->set.set();
                item->set.reset('\n');
                item->set.reset('\r');
                return true;
            case '(': {
                if (s_.compare(pos_, 2, "?:") == 0) pos_ += 2;
                else if (pos_ < s_.size() && s_[pos_] == '?') return false;  // look-around, named groups
                item->kind = AtomKind::Group;
                item->group = ParseAlt(depth + 1);
                if (!item->group || pos_ >= s_.size() || s_[pos_] != ')') return false;
                pos_++;
                return true;
            }
            case '[': return ParseClass(&item->set);
            case '\\': return ParseEscape(&item->set, false);
            case '*': case '+': case '?': case '{': case ')': case ']': case '}': return false;
            default: item->set.set((unsigned char)c); return true;
        }
    }

    static int Hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    // After a backslash. In a class, a single byte is reported through `single` (for ranges).
    bool ParseEscape(std::bitset<256>* set, bool in_class, int* single = nullptr) {
        if (pos_ >= s_.size()) return false;
        char c = s_[pos_++];
        auto one = [&](int b) {
            set->set((size_t)b);
            if (single) *single = b;
            return true;
        };
        switch (c) {
            case 'd': case 'D': case 'w': case 'W': case 's': case 'S': {
                std::bitset<256> cls;
                for (int b = 0; b < 256; b++) {
                    bool digit = b >= '0' && b <= '9';
                    bool word = digit || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_';
                    bool space = b == ' ' || (b >= '\t' && b <= '\r');
                    bool in = c == 'd' || c == 'D' ? digit : c == 'w' || c == 'W' ? word : space;
                    if (in) cls.set((size_t)b);
                }
                if (c == 'D' || c == 'W' || c == 'S') cls.flip();
                *set |= cls;
                return true;
            }
            case 'x': {
                if (pos_ + 2 > s_.size() || Hex(s_[pos_]) < 0 || Hex(s_[pos_ + 1]) < 0) return false;
                int b = Hex(s_[pos_]) * 16 + Hex(s_[pos_ + 1]);
                pos_ += 2;
                return one(b);
            }
            case 't': return one('\t');
            case 'n': return one('\n');
            case 'r': return one('\r');
            default:
                // Only punctuation is taken literally: \1, \b, \k… mean something we do not support.
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80) return false;
                (void)in_class;
                return one((unsigned char)c);
        }
    }

    bool ParseClass(std::bitset<256>* out) {
        bool negate = pos_ < s_.size() && s_[pos_] == '^';
        if (negate) pos_++;
        std::bitset<256> set;
        bool first = true;
        while (pos_ < s_.size() && (s_[pos_] != ']' || first)) {
            first = false;
            int lo = -1;
            if (s_[pos_] == '\\') {
                pos_++;
                if (!ParseEscape(&set, true, &lo)) return false;
            } else {
                lo = (unsigned char)s_[pos_++];
                set.set((size_t)lo);
            }
            // A range a-b (a '-' last, or after a class escape, is literal).
            if (lo >= 0 && pos_ + 1 < s_.size() && s_[pos_] == '-' && s_[pos_ + 1] != ']') {
                pos_++;
                int hi = -1;
                if (s_[pos_] == '\\') {
                    pos_++;
                    std::bitset<256> ignored;
                    if (!ParseEscape(&ignored, true, &hi) || hi < 0) return false;
                } else {
                    hi = (unsigned char)s_[pos_++];
                }
                if (hi < lo) return false;
                for (int b = lo; b <= hi; b++) set.set((size_t)b);
            }
        }
        if (pos_ >= s_.size()) return false;  // no closing ]
        pos_++;
        *out = negate ? ~set : set;
        return true;
    }

    bool Number(int* out) {
        size_t start = pos_;
        long v = 0;
        while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9' && v <= kMaxRepeat) v = v * 10 + (s_[pos_++] - '0');
        *out = (int)v;
        return pos_ > start && v <= kMaxRepeat;
    }

    bool ParseQuantifier(Item* item) {
        if (pos_ >= s_.size()) return true;
        char c = s_[pos_];
        int min = 1, max = 1;
        if (c == '*') min = 0, max = -1;
        else if (c == '+') min = 1, max = -1;
        else if (c == '?') min = 0, max = 1;
        else if (c == '{') {
            pos_++;
            if (!Number(&min)) return false;
            max = min;
            if (pos_ < s_.size() && s_[pos_] == ',') {
                pos_++;
                max = -1;
                if (pos_ < s_.size() && s_[pos_] != '}' && (!Number(&max) || max < min)) return false;
            }
            if (pos_ >= s_.size() || s_[pos_] != '}') return false;
        } else {
            return true;
        }
        pos_++;
        if (item->kind == AtomKind::Begin || item->kind == AtomKind::End) return false;
        if (pos_ < s_.size() && (s_[pos_] == '?' || s_[pos_] == '*' || s_[pos_] == '+' || s_[pos_] == '{')) return false;  // lazy, stacked
        item->min = min;
        item->max = max;
        return true;
    }

    const std::string& s_;
    size_t pos_ = 0;
};

// Backtracking over the sequence with continuations as a linked list on the stack.
class Matcher {
public:
    explicit Matcher(const std::string& text) : t_(text) {}

    struct Cont {
        const std::vector<Item>* seq;  // continue with seq[idx...]
        size_t idx;
        const Cont* up;
        // When this continuation ends a group's iteration: repeat that item.
        const Item* item = nullptr;
        int count = 0;
        size_t start = 0;
    };

    bool Alt(const core::Alt& alt, size_t pos, const Cont* k) {
        for (const auto& seq : alt.options)
            if (Seq(seq, 0, pos, k)) return true;
        return false;
    }

    bool Seq(const std::vector<Item>& seq, size_t i, size_t pos, const Cont* k) {
        if (++steps_ > kMaxSteps) return false;
        if (i == seq.size()) return Continue(pos, k);
        return Repeat(seq, i, 0, pos, pos, k);
    }

    bool Continue(size_t pos, const Cont* k) {
        if (!k) return pos == t_.size();
        if (k->item) {
            // One more iteration of the group item ended at pos.
            const Item& it = *k->item;
            if (pos == k->start && k->count >= it.min) return false;  // an empty iteration: no progress
            return Repeat(*k->seq, k->idx, k->count, pos, pos, k->up);
        }
        return Seq(*k->seq, k->idx, pos, k->up);
    }

    bool Repeat(const std::vector<Item>& seq, size_t i, int count, size_t pos, size_t, const Cont* k) {
        if (++steps_ > kMaxSteps) return false;
        const Item& it = seq[i];
        switch (it.kind) {
            case AtomKind::Begin: return pos == 0 && Seq(seq, i + 1, pos, k);
            case AtomKind::End: return pos == t_.size() && Seq(seq, i + 1, pos, k);
            case AtomKind::Set: {
                // Greedy: take as many as allowed, then give back one by one.
                size_t n = 0;
                size_t limit = it.max < 0 ? t_.size() - pos : (size_t)it.max;
                while (n < limit && pos + n < t_.size() && it.set.test((unsigned char)t_[pos + n])) n++;
                for (size_t m = n + 1; m-- > (size_t)it.min;)
                    if (Seq(seq, i + 1, pos + m, k)) return true;
                return false;
            }
            case AtomKind::Group: {
                if (it.max < 0 || count < it.max) {
                    Cont again{&seq, i, k, &it, count + 1, pos};
                    if (Alt(*it.group, pos, &again)) return true;
                }
                return count >= it.min && Seq(seq, i + 1, pos, k);
            }
        }
        return false;
    }

private:
    static constexpr long kMaxSteps = 200000;
    const std::string& t_;
    long steps_ = 0;
};

}  // namespace

struct Pattern::Node {
    std::shared_ptr<Alt> alt;
};

bool Pattern::Compile(const std::string& source) {
    root_.reset();
    if (source.size() > 1000) return false;
    Parser p(source);
    std::shared_ptr<Alt> alt = p.Parse();
    if (!alt) return false;
    root_ = std::make_shared<Node>();
    root_->alt = alt;
    return true;
}

bool Pattern::FullMatch(const std::string& text) const {
    if (!root_) return false;
    Matcher m(text);
    return m.Alt(*root_->alt, 0, nullptr);
}

}  // namespace core
