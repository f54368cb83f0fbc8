#include "platform/native/font_files.h"

#include <fstream>
#include <iterator>

namespace native {

static bool ReadFile(const std::string& path, std::vector<unsigned char>* out) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return false;
    out->assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    return !out->empty();
}

bool LoadFontFiles(const std::string& dir, ui::FontFiles* out, std::string* error) {
    const std::string base = dir + "/fonts/";
    if (!ReadFile(base + "NotoSans-Regular.ttf", &out->regular) || !ReadFile(base + "NotoSans-Bold.ttf", &out->bold) ||
        !ReadFile(base + "icons.ttf", &out->icons)) {
        if (error) *error = "fonts not found in " + base + " (build the 'fonts' target)";
        return false;
    }
    return true;
}

}  // namespace native
