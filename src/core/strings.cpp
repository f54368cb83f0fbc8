#include "core/strings.h"

#include <nlohmann/json.hpp>

namespace core {

static void Flatten(const nlohmann::json& node, const std::string& prefix,
                    std::unordered_map<std::string, std::string>& out) {
    for (auto it = node.begin(); it != node.end(); ++it) {
        std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
        if (it->is_object())
            Flatten(*it, key, out);
        else if (it->is_string())
            out[key] = it->get<std::string>();
    }
}

bool StringCatalog::LoadJson(const std::string& json_text, std::string* error) {
    nlohmann::json doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) {
        if (error) *error = "string catalog is not a JSON object";
        return false;
    }
    std::unordered_map<std::string, std::string> flat;
    Flatten(doc, "", flat);
    strings_.swap(flat);
    return true;
}

const char* StringCatalog::Get(const char* key) const {
    auto it = strings_.find(key);
    return it == strings_.end() ? key : it->second.c_str();
}

static const StringCatalog* g_catalog = nullptr;

void SetCurrentCatalog(const StringCatalog* catalog) { g_catalog = catalog; }

const char* Tr(const char* key) { return g_catalog ? g_catalog->Get(key) : key; }

}  // namespace core
