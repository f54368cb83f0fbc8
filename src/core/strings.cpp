#include "core/strings.h"
#include "core/json_read.h"

#include <cstring>

#include <nlohmann/json.hpp>

namespace core {

const char* PluralCategory(Language lang, long long n) {
    if (n < 0) n = -n;
    if (lang == Language::English) return n == 1 ? "one" : "other";
    long long d = n % 10, h = n % 100;
    if (d == 1 && h != 11) return "one";
    if (d >= 2 && d <= 4 && (h < 12 || h > 14)) return "few";
    return "many";
}

static bool IsPluralObject(const nlohmann::json& node) {
    if (!node.is_object() || node.empty()) return false;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string& k = it.key();
        if (!it->is_string() || (k != "zero" && k != "one" && k != "two" && k != "few" && k != "many" && k != "other")) return false;
    }
    return true;
}

static void Flatten(const nlohmann::json& node, const std::string& prefix, std::unordered_map<std::string, std::string>& out,
                    std::unordered_map<std::string, std::string>& plurals) {
    for (auto it = node.begin(); it != node.end(); ++it) {
        std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
        if (IsPluralObject(*it)) {
            for (auto f = it->begin(); f != it->end(); ++f) plurals[key + "#" + f.key()] = f->get<std::string>();
            out[key] = it->contains("other") ? (*it)["other"].get<std::string>()
                     : it->contains("many") ? (*it)["many"].get<std::string>() : it->begin()->get<std::string>();
        } else if (it->is_object()) {
            Flatten(*it, key, out, plurals);
        } else if (it->is_string()) {
            out[key] = it->get<std::string>();
        }
    }
}

bool StringCatalog::LoadJson(const std::string& json_text, std::string* error) {
    nlohmann::json doc = core::ParseJson(json_text);
    if (doc.is_discarded() || !doc.is_object()) {
        if (error) *error = "string catalog is not a JSON object";
        return false;
    }
    std::unordered_map<std::string, std::string> flat, plurals;
    Flatten(doc, "", flat, plurals);
    strings_.swap(flat);
    plurals_.swap(plurals);
    return true;
}

bool StringCatalog::MergeJson(const std::string& json_text, std::string* error) {
    nlohmann::json doc = core::ParseJson(json_text);
    if (doc.is_discarded() || !doc.is_object()) {
        if (error) *error = "string catalog is not a JSON object";
        return false;
    }
    std::unordered_map<std::string, std::string> flat, plurals;
    Flatten(doc, "", flat, plurals);
    for (auto& kv : flat) strings_[kv.first] = std::move(kv.second);
    for (auto& kv : plurals) plurals_[kv.first] = std::move(kv.second);
    return true;
}

const char* StringCatalog::Find(const char* key) const {
    auto it = strings_.find(key);
    return it == strings_.end() ? nullptr : it->second.c_str();
}

const char* StringCatalog::FindPlural(const char* key, long long n) const {
    auto it = plurals_.find(std::string(key) + "#" + PluralCategory(lang_, n));
    if (it != plurals_.end()) return it->second.c_str();
    return Find(key);  // a message without plural forms, or a form the catalog lacks
}

const char* StringCatalog::Get(const char* key) const {
    const char* s = Find(key);
    return s ? s : key;
}

static const StringCatalog* g_catalog = nullptr;
static const StringCatalog* g_fallback = nullptr;

void SetCurrentCatalog(const StringCatalog* catalog, const StringCatalog* fallback) {
    g_catalog = catalog;
    g_fallback = fallback;
}

const StringCatalog* CurrentCatalog() { return g_catalog; }

static void (*g_on_missing)(const char* key) = nullptr;
void SetMissingTextHandler(void (*handler)(const char* key)) { g_on_missing = handler; }

static const char* Found(const char* key) {
    if (g_catalog)
        if (const char* s = g_catalog->Find(key)) return s;
    if (g_fallback)
        if (const char* s = g_fallback->Find(key)) return s;
    return nullptr;
}

bool HasText(const char* key) { return Found(key) != nullptr; }

const char* Tr(const char* key) {
    if (const char* s = Found(key)) return s;
    if (g_on_missing) g_on_missing(key);
    return key;
}

// {name} placeholders filled from name/value pairs (the common part of Tr and Message::Text).
static std::string FillPairs(const std::string& pattern, const std::vector<std::pair<std::string, std::string>>& args) {
    std::string out;
    out.reserve(pattern.size() + 16);
    for (size_t i = 0; i < pattern.size();) {
        if (pattern[i] == '{') {
            size_t end = pattern.find('}', i);
            if (end != std::string::npos) {
                std::string name = pattern.substr(i + 1, end - i - 1);
                const std::pair<std::string, std::string>* found = nullptr;
                for (const auto& a : args)
                    if (name == a.first) found = &a;
                if (found) {
                    out += found->second;
                    i = end + 1;
                    continue;
                }
            }
        }
        out += pattern[i++];
    }
    return out;
}

static std::vector<std::pair<std::string, std::string>> Pairs(std::initializer_list<Arg> args) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Arg& a : args) out.emplace_back(a.name, a.is_key ? Tr(a.value.c_str()) : a.value);
    return out;
}

std::string FillArgs(const std::string& pattern, std::initializer_list<Arg> args) {
    if (args.size() == 0) return pattern;
    return FillPairs(pattern, Pairs(args));
}

std::string Tr(const char* key, std::initializer_list<Arg> args) { return FillArgs(Tr(key), args); }

std::string FormatNumber(long long n) {
    bool english = g_catalog && g_catalog->Lang() == Language::English;
    std::string digits = std::to_string(n < 0 ? -n : n);
    // Russian groups thousands with a narrow no-break space (U+202F), and only from 10 000 on.
    const char* sep = english ? "," : "\xE2\x80\xAF";
    bool group = english ? digits.size() > 3 : digits.size() > 4;
    std::string out;
    for (size_t i = 0; i < digits.size(); i++) {
        if (group && i > 0 && (digits.size() - i) % 3 == 0) out += sep;
        out += digits[i];
    }
    return (n < 0 ? "-" : "") + out;
}

std::string FormatRoubles(long long roubles) { return Tr("format.roubles", {{"n", FormatNumber(roubles)}}); }

// The form of `key` for n in the current language, else the fallback's, else the key itself.
static const char* PluralPattern(const char* key, long long n) {
    const char* pattern = nullptr;
    if (g_catalog) pattern = g_catalog->FindPlural(key, n);
    if (!pattern && g_fallback) pattern = g_fallback->FindPlural(key, n);
    if (!pattern && g_on_missing) g_on_missing(key);
    return pattern ? pattern : key;
}

std::string TrN(const char* key, long long n, std::initializer_list<Arg> args) {
    std::string text = FillArgs(PluralPattern(key, n), args);
    return FillArgs(text, {{"n", FormatNumber(n)}});
}

Message Msg(const char* key, std::initializer_list<Arg> args) {
    Message m;
    m.key = key;
    for (const Arg& a : args) m.args.emplace_back(a.name, a.is_key ? "\x01" + a.value : a.value);
    return m;
}

Message MsgN(const char* key, long long n, std::initializer_list<Arg> args) {
    Message m = Msg(key, args);
    m.n = n;
    m.plural = true;
    return m;
}

Message RawMsg(std::string text) {
    Message m;
    m.raw = std::move(text);
    return m;
}

std::string Message::Text() const {
    if (key.empty()) return raw;
    std::vector<std::pair<std::string, std::string>> words;
    for (const auto& a : args)
        words.emplace_back(a.first, !a.second.empty() && a.second[0] == '\x01' ? std::string(Tr(a.second.c_str() + 1)) : a.second);
    if (!plural) return FillPairs(Tr(key.c_str()), words);
    words.emplace_back("n", FormatNumber(n));
    return FillPairs(PluralPattern(key.c_str(), n), words);
}

}  // namespace core
