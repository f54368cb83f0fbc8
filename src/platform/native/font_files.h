// Reads the subset fonts built by cmake/Fonts.cmake from an assets folder.
#pragma once
#include <string>

#include "ui/theme.h"

namespace native {
bool LoadFontFiles(const std::string& assets_dir, ui::FontFiles* out, std::string* error);
}
