// Reading values out of JSON that came from outside (the backend, a draft): a member of the wrong
// type reads as the default instead of throwing (nlohmann::json::value throws type_error, and a
// throw must never take the WebAssembly module down).
#pragma once
#include <cstring>
#include <string>

#include <nlohmann/json.hpp>

namespace core {

// Every JSON text is parsed through here, as one byte range: nlohmann's parser and lexer are
// instantiated once per input type, and std::string, const char* and their iterators had made
// two copies of each (≈ 11 KB of app.wasm, measured with --profiling-funcs). A text that is not
// JSON gives a discarded value (is_discarded()), never an exception.
nlohmann::json ParseJson(const char* data, size_t size);
inline nlohmann::json ParseJson(const std::string& text) { return ParseJson(text.data(), text.size()); }
inline nlohmann::json ParseJson(const char* text) {  // null: nothing came
    return text ? ParseJson(text, std::strlen(text)) : nlohmann::json(nlohmann::json::value_t::discarded);
}

inline std::string JsonText(const nlohmann::json& o, const char* key, const std::string& fallback = "") {
    if (!o.is_object()) return fallback;
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : fallback;
}

inline double JsonNumber(const nlohmann::json& o, const char* key, double fallback = 0) {
    if (!o.is_object()) return fallback;
    auto it = o.find(key);
    return it != o.end() && it->is_number() ? it->get<double>() : fallback;
}

inline bool JsonBool(const nlohmann::json& o, const char* key, bool fallback = false) {
    if (!o.is_object()) return fallback;
    auto it = o.find(key);
    return it != o.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

// The `items` array of a list reply ({"items": [...]}), or an empty array when it is missing or not one.
inline const nlohmann::json& JsonItems(const nlohmann::json& body) {
    static const nlohmann::json kEmpty = nlohmann::json::array();
    if (!body.is_object()) return kEmpty;
    auto it = body.find("items");
    return it != body.end() && it->is_array() ? *it : kEmpty;
}

// An identifier from outside as it may be shown and put into a route: short, no control
// characters, nothing that would end or split a route (/ # ? space). Anything else is not an
// identifier (a hostile backend's 10 KB "number").
inline bool PlainId(const std::string& s) {
    if (s.empty() || s.size() > 64) return false;
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f || c == '/' || c == '#' || c == '?' || c == ' ') return false;
    return true;
}

}  // namespace core
