// «Мои заявления»: which of the person's applications a list shows, and in what order — search by
// number or service, a status filter, a sort. In the core (no ImGui) so that it is tested on its
// own and computed once per change of the list or the filter, not per frame.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace core {

enum class ApplicationSort { Newest, Oldest, ExpectedSoonest, NeedsMeFirst };
constexpr int kApplicationSortCount = 4;
const char* ApplicationSortKey(ApplicationSort s);  // catalog key of its label

struct ApplicationFilter {
    std::string query;    // words that must all occur in the number or the service's title
    std::string status;   // a status code; "" for all
    ApplicationSort sort = ApplicationSort::Newest;
    bool operator==(const ApplicationFilter& o) const { return query == o.query && status == o.status && sort == o.sort; }
    bool operator!=(const ApplicationFilter& o) const { return !(*this == o); }
};

// Indices into `items` (GET /applications' list; anything that is not an object is skipped).
std::vector<size_t> FilterApplications(const nlohmann::json& items, const ApplicationFilter& f);

}  // namespace core
