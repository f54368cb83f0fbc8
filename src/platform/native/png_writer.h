// Minimal PNG writer (RGBA8, stored deflate blocks): enough for screenshots of the native
// app without another library.
#pragma once
#include <string>
#include <vector>

namespace native {
bool WritePng(const std::string& path, int width, int height, const std::vector<unsigned char>& rgba_top_down);
}
