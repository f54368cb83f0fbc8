#include "core/application_list.h"

#include <algorithm>

#include "core/app_status.h"
#include "core/json_read.h"
#include "core/search.h"

namespace core {

using nlohmann::json;

const char* ApplicationSortKey(ApplicationSort s) {
    switch (s) {
        case ApplicationSort::Newest: return "applications.sort_newest";
        case ApplicationSort::Oldest: return "applications.sort_oldest";
        case ApplicationSort::ExpectedSoonest: return "applications.sort_expected";
        case ApplicationSort::NeedsMeFirst: return "applications.sort_needs_me";
    }
    return "applications.sort_newest";
}

// What asks something of the applicant comes first: a question from the agency, then what is still
// being worked on, then what has ended.
static int Urgency(const json& a) {
    AppStatus s = StatusFromCode(JsonText(a, "status"));
    if (s == AppStatus::NeedsInfo) return 0;
    if (!IsTerminal(s)) return 1;
    return 2;
}

std::vector<size_t> FilterApplications(const json& items, const ApplicationFilter& f) {
    std::vector<size_t> out;
    if (!items.is_array()) return out;
    std::vector<std::string> words = FoldedWords(f.query.substr(0, 200));
    if (words.size() > 8) words.resize(8);
    for (size_t i = 0; i < items.size(); i++) {
        const json& a = items[i];
        if (!a.is_object()) continue;
        if (!f.status.empty() && JsonText(a, "status") != f.status) continue;
        if (!words.empty()) {
            std::string hay = FoldText(JsonText(a, "number") + " " + JsonText(a, "title") + " " + JsonText(a, "agency"));
            // The number is also matched without its dashes («7K3M9P2Q» finds 7K3M-9P2Q).
            hay += " " + FoldText([&] {
                std::string n = JsonText(a, "number");
                n.erase(std::remove(n.begin(), n.end(), '-'), n.end());
                return n;
            }());
            bool all = true;
            for (const std::string& w : words) all = all && hay.find(w) != std::string::npos;
            if (!all) continue;
        }
        out.push_back(i);
    }
    auto created = [&](size_t i) { return JsonNumber(items[i], "created_at"); };
    switch (f.sort) {
        case ApplicationSort::Newest:
            std::stable_sort(out.begin(), out.end(), [&](size_t a, size_t b) { return created(a) > created(b); });
            break;
        case ApplicationSort::Oldest:
            std::stable_sort(out.begin(), out.end(), [&](size_t a, size_t b) { return created(a) < created(b); });
            break;
        case ApplicationSort::ExpectedSoonest: {
            // Those with no expected date (ended ones) go last.
            auto expected = [&](size_t i) {
                double e = JsonNumber(items[i], "expected_at");
                return e > 0 && !IsTerminal(StatusFromCode(JsonText(items[i], "status"))) ? e : 1e300;
            };
            std::stable_sort(out.begin(), out.end(), [&](size_t a, size_t b) { return expected(a) < expected(b); });
            break;
        }
        case ApplicationSort::NeedsMeFirst:
            std::stable_sort(out.begin(), out.end(), [&](size_t a, size_t b) {
                int ua = Urgency(items[a]), ub = Urgency(items[b]);
                return ua != ub ? ua < ub : created(a) > created(b);
            });
            break;
    }
    return out;
}

}  // namespace core
