// UI string catalog: translations are data (assets/lang/<locale>.json), not code.
// Nested JSON objects are flattened to dotted keys: {"nav": {"catalog": ...}} -> "nav.catalog".
#pragma once
#include <string>
#include <unordered_map>

namespace core {

class StringCatalog {
public:
    // Replaces the catalog with the strings of one JSON document. On error keeps the old
    // strings and describes the problem in *error.
    bool LoadJson(const std::string& json_text, std::string* error);
    // The translation, or the key itself when it is missing (visible, never a crash).
    const char* Get(const char* key) const;
    size_t Size() const { return strings_.size(); }

private:
    std::unordered_map<std::string, std::string> strings_;
};

// The catalog the UI reads through Tr(). Owned by the app; set once at start.
void SetCurrentCatalog(const StringCatalog* catalog);
const char* Tr(const char* key);

// The built-in Russian catalog (assets/lang/ru_RU.json, embedded at build time).
const char* EmbeddedRussianCatalog();

}  // namespace core
