// UI string catalogs: text is data (assets/lang/<locale>.json), code names keys (ImHex's
// localization manager; forms-runner's locale files). Nested JSON objects are flattened to dotted
// keys: {"nav": {"catalog": ...}} -> "nav.catalog". A message takes named arguments in braces
// ("Найдено услуг: {n}") so that a translation may put them in any order, and a message that
// depends on a number has plural forms as an object: Russian one/few/many (1 рабочий день,
// 2 рабочих дня, 5 рабочих дней), English one/other (CLDR plural rules).
#pragma once
#include <initializer_list>
#include <string>
#include <type_traits>
#include <unordered_map>

namespace core {

enum class Language { Russian, English };

// CLDR plural category of an integer: "one", "few", "many" (Russian) or "one", "other" (English).
const char* PluralCategory(Language lang, long long n);

class StringCatalog {
public:
    // Replaces the catalog with the strings of one JSON document. On error keeps the old
    // strings and describes the problem in *error.
    bool LoadJson(const std::string& json_text, std::string* error);
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
    const char* name;
    std::string value;
};

// The catalog the UI reads. Owned by the app; the fallback (Russian, always complete) answers
// keys the current language lacks.
void SetCurrentCatalog(const StringCatalog* catalog, const StringCatalog* fallback = nullptr);
const StringCatalog* CurrentCatalog();
const char* Tr(const char* key);
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
