// The service catalog as data (SPEC §3): раздел → подраздел → услуга, parsed from the backend's
// JSON. Parsing is tolerant: what can be read is kept, what cannot is reported.
#pragma once
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/strings.h"

namespace core {

struct Service {
    std::string id, section, subsection, name, description, who, result, form_code, keywords, agency, how_to;
    std::string visit;  // the kind of office a visit is booked at ("clinic", "mfc", …); empty: no booking
    std::vector<std::string> documents;
    int fee = 0;       // ₽, 0 = free
    int days = 0;      // processing time, working days
    bool online = false, has_form = false;
};

struct Subsection {
    std::string id, name;
    std::vector<int> services;  // indexes into Catalog::services
};

struct Section {
    std::string id, name, description;
    std::vector<Subsection> subsections;
};

struct Catalog {
    std::vector<Section> sections;
    std::vector<Service> services;
    std::vector<int> popular;
    std::unordered_map<std::string, int> by_id;  // service id → index
    const Service* FindService(const std::string& id) const;
    int IndexOf(const std::string& id) const;
    const Section* FindSection(const std::string& id) const;
    const Subsection* FindSubsection(const std::string& id, const Section** parent = nullptr) const;
};

// Reads the catalog document; malformed entries are skipped and described in *problems
// (one line each). Returns false only when nothing usable was found.
bool ParseCatalog(const nlohmann::json& doc, Catalog* out, std::vector<Message>* problems);

}  // namespace core
