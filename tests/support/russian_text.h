// A message as a Russian reader sees it: the built-in Russian catalog words its key and
// arguments. Unit tests of the core assert on what people read, not only on keys.
#pragma once
#include <string>

#include "core/strings.h"

inline const core::StringCatalog& RussianCatalog() {
    static core::StringCatalog ru = [] {
        core::StringCatalog c;
        std::string error;
        c.LoadJson(core::EmbeddedRussianCatalog(), &error);
        return c;
    }();
    return ru;
}

// While it lives, the core words everything in Russian (dates, labels, messages).
struct RussianCatalogScope {
    const core::StringCatalog* before = core::CurrentCatalog();
    RussianCatalogScope() { core::SetCurrentCatalog(&RussianCatalog()); }
    ~RussianCatalogScope() { core::SetCurrentCatalog(before); }
};

inline std::string RussianText(const core::Message& m) {
    RussianCatalogScope scope;
    return m.Text();
}
