// Widgets of the catalog screens: a service row (name with the matched words highlighted,
// where it belongs, fee, term, online), breadcrumbs, and the fee/term texts.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "core/catalog.h"
#include "core/route.h"

namespace ui {

class App;

struct Crumb {
    std::string label;
    core::Screen screen;
    std::string param;
};
void Breadcrumbs(App& app, const std::vector<Crumb>& crumbs);

// A clickable row for one service; true when opened.
bool ServiceRow(const core::Catalog& catalog, int index, const std::vector<std::pair<int, int>>& highlight, float width);

std::string FeeText(int fee);
std::string DaysText(int days);

}  // namespace ui
