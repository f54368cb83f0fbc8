#include "core/catalog.h"

#include <unordered_map>

namespace core {

using nlohmann::json;

static std::string Str(const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

static int Int(const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_number_integer() ? it->get<int>() : 0;
}

static bool Bool(const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_boolean() && it->get<bool>();
}

const Service* Catalog::FindService(const std::string& id) const {
    int i = IndexOf(id);
    return i < 0 ? nullptr : &services[(size_t)i];
}

int Catalog::IndexOf(const std::string& id) const {
    auto it = by_id.find(id);
    return it == by_id.end() ? -1 : it->second;
}

const Section* Catalog::FindSection(const std::string& id) const {
    for (const Section& s : sections)
        if (s.id == id) return &s;
    return nullptr;
}

const Subsection* Catalog::FindSubsection(const std::string& id, const Section** parent) const {
    for (const Section& s : sections)
        for (const Subsection& sub : s.subsections)
            if (sub.id == id) {
                if (parent) *parent = &s;
                return &sub;
            }
    return nullptr;
}

bool ParseCatalog(const json& doc, Catalog* out, std::vector<Message>* problems) {
    *out = Catalog();
    if (!doc.is_object()) {
        if (problems) problems->push_back(Msg("catalog.problem_not_object"));
        return false;
    }
    std::unordered_map<std::string, int> index;
    auto services = doc.find("services");
    if (services == doc.end() || !services->is_array()) {
        if (problems) problems->push_back(Msg("catalog.problem_no_services"));
    } else {
        for (const json& s : *services) {
            Service sv;
            if (!s.is_object() || Str(s, "id").empty() || Str(s, "name").empty()) {
                if (problems) problems->push_back(Msg("catalog.problem_service_no_id"));
                continue;
            }
            sv.id = Str(s, "id");
            if (index.count(sv.id)) {
                if (problems) problems->push_back(Msg("catalog.problem_duplicate", {{"id", sv.id}}));
                continue;
            }
            sv.section = Str(s, "section");
            sv.subsection = Str(s, "subsection");
            sv.name = Str(s, "name");
            sv.description = Str(s, "description");
            sv.who = Str(s, "who");
            sv.result = Str(s, "result");
            sv.form_code = Str(s, "form_code");
            sv.keywords = Str(s, "keywords");
            sv.agency = Str(s, "agency");
            sv.how_to = Str(s, "how_to");
            sv.visit = Str(s, "visit").substr(0, 16);
            sv.fee = Int(s, "fee");
            sv.days = Int(s, "days");
            sv.online = Bool(s, "online");
            sv.has_form = Bool(s, "has_form");
            auto docs = s.find("documents");
            if (docs != s.end() && docs->is_array())
                for (const json& d : *docs)
                    if (d.is_string()) sv.documents.push_back(d.get<std::string>());
            if (sv.description.empty() && problems) problems->push_back(Msg("catalog.problem_no_description", {{"name", sv.name}}));
            index[sv.id] = (int)out->services.size();
            out->services.push_back(std::move(sv));
        }
    }
    auto sections = doc.find("sections");
    if (sections != doc.end() && sections->is_array()) {
        for (const json& s : *sections) {
            if (!s.is_object() || Str(s, "id").empty() || Str(s, "name").empty()) {
                if (problems) problems->push_back(Msg("catalog.problem_section_no_name"));
                continue;
            }
            Section sec{Str(s, "id"), Str(s, "name"), Str(s, "description"), {}};
            auto subs = s.find("subsections");
            if (subs != s.end() && subs->is_array())
                for (const json& sub : *subs) {
                    if (!sub.is_object() || Str(sub, "id").empty()) continue;
                    Subsection ss{Str(sub, "id"), Str(sub, "name"), {}};
                    auto ids = sub.find("services");
                    if (ids != sub.end() && ids->is_array())
                        for (const json& id : *ids)
                            if (id.is_string() && index.count(id.get<std::string>())) ss.services.push_back(index[id.get<std::string>()]);
                    sec.subsections.push_back(std::move(ss));
                }
            out->sections.push_back(std::move(sec));
        }
    } else if (problems) {
        problems->push_back(Msg("catalog.problem_no_sections"));
    }
    auto popular = doc.find("popular");
    if (popular != doc.end() && popular->is_array())
        for (const json& id : *popular)
            if (id.is_string() && index.count(id.get<std::string>())) out->popular.push_back(index[id.get<std::string>()]);
    out->by_id = std::move(index);
    return !out->services.empty();
}

}  // namespace core
