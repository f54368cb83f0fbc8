// UI string catalogs: text is data (assets/lang/<locale>.json), code names keys (ImHex's
// localization manager; forms-runner's locale files). Nested JSON objects are flattened to dotted
// keys: {"nav": {"catalog": ...}} -> "nav.catalog". A message takes named arguments in braces
// ("Найдено услуг: {n}") so that a translation may put them in any order, and a message that
// depends on a number has plural forms as an object: Russian one/few/many (1 рабочий день,
// 2 рабочих дня, 5 рабочих дней), English one/other (CLDR plural rules).
#pragma once
#include <initializer_list>
#include <ostream>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace core {

enum class Language { Russian, English };

// CLDR plural category of an integer: "one", "few", "many" (Russian) or "one", "other" (English).
const char* PluralCategory(Language lang, long long n);

class StringCatalog {
public:
    // Replaces the catalog with the strings of one JSON document. On error keeps the old
    // strings and describes the problem in *error.
    bool LoadJson(const std::string& json_text, std::string* error);
    // Adds the strings of another part of the same catalog (the web fetches the signed-in screens'
    // part after sign-in); keys already there are replaced. On error nothing changes.
    bool MergeJson(const std::string& json_text, std::string* error);
    // The translation, or nullptr when the key is missing. A plural message gives its "other"
    // (or "many") form here.
    const char* Find(const char* key) const;
    // The plural form of a message for n (nullptr when the key is missing).
    const char* FindPlural(const char* key, long long n) const;
    // The translation, or the key itself when it is missing (visible, never a crash).
    const char* Get(const char* key) const;
    size_t Size() const { return strings_.size(); }
    Language Lang() const { return lang_; }
    void SetLang(Language lang) { lang_ = lang; }

private:
    std::unordered_map<std::string, std::string> strings_;
    // Plural forms: "catalog.working_days#one" etc.; the bare key holds the "other"/"many" form.
    std::unordered_map<std::string, std::string> plurals_;
    Language lang_ = Language::Russian;
};

// A named argument of a message: {"n", 5}, {"name", "Иван"}.
struct Arg {
    Arg(const char* n, std::string v) : name(n), value(std::move(v)) {}
    Arg(const char* n, const char* v) : name(n), value(v ? v : "") {}
    template <class T, typename std::enable_if<std::is_integral<T>::value, int>::type = 0>
    Arg(const char* n, T v) : name(n), value(std::to_string(v)) {}
    // An argument that is itself a key, put into words with the message (a field's label).
    static Arg Key(const char* n, const char* key) { Arg a(n, key); a.is_key = true; return a; }
    const char* name;
    std::string value;
    bool is_key = false;
};

// A message not yet put into words: a key and its arguments. Validators, the client and the core
// return these and the UI words them when it draws, so a message already on screen follows a
// language switch (an error stored as Russian text stayed Russian after switching to English).
// `raw` carries a text from outside (a server's message, a backend's rule text) shown as is.
struct Message {
    std::string key, raw;
    std::vector<std::pair<std::string, std::string>> args;  // name -> value (a leading \x01 marks a key)
    long long n = 0;
    bool plural = false;

    bool empty() const { return key.empty() && raw.empty(); }
    void clear() { *this = Message(); }
    std::string Text() const;
    bool operator==(const Message& o) const { return key == o.key && raw == o.raw && args == o.args && n == o.n && plural == o.plural; }
    bool operator!=(const Message& o) const { return !(*this == o); }
};
// For test failure output: the key and arguments, or the raw text.
inline std::ostream& operator<<(std::ostream& os, const Message& m) {
    os << (m.key.empty() ? "raw:" + m.raw : m.key);
    for (const auto& a : m.args) os << " " << a.first << "=" << a.second;
    return os;
}
Message Msg(const char* key, std::initializer_list<Arg> args = {});
Message MsgN(const char* key, long long n, std::initializer_list<Arg> args = {});
Message RawMsg(std::string text);

// The catalog the UI reads. Owned by the app; the fallback (Russian, always complete) answers
// keys the current language lacks.
void SetCurrentCatalog(const StringCatalog* catalog, const StringCatalog* fallback = nullptr);
const StringCatalog* CurrentCatalog();
const char* Tr(const char* key);
// Whether either catalog has the text (Tr of a missing key returns the key and reports it).
bool HasText(const char* key);
// Called with the key when a text is asked for that neither catalog has: a catalog key on screen
// is a defect (the web build reports it as a console error, which every browser test fails on).
void SetMissingTextHandler(void (*handler)(const char* key));
// A message with its {arguments} filled in.
std::string Tr(const char* key, std::initializer_list<Arg> args);
// A message whose form depends on n ({n} is n itself, formatted for the language).
std::string TrN(const char* key, long long n, std::initializer_list<Arg> args = {});
// {name} placeholders of a pattern replaced; unknown ones are left as they are.
std::string FillArgs(const std::string& pattern, std::initializer_list<Arg> args);
// An integer as the current language writes it: 10 000 (Russian, narrow no-break space) or 10,000.
std::string FormatNumber(long long n);
// Money in roubles: «1 500 ₽» / "RUB 1,500".
std::string FormatRoubles(long long roubles);

// The built-in catalogs (assets/lang/*.json, embedded at build time).
const char* EmbeddedRussianCatalog();
const char* EmbeddedEnglishCatalog();

}  // namespace core
