// Project configuration for Dear ImGui (IMGUI_USER_CONFIG).
#pragma once

#ifdef __EMSCRIPTEN__
// In the browser a failed ImGui assertion must never abort the module (a blank page loses
// what the citizen typed): report it to the console once and carry on.
void AppReportImGuiAssert(const char* expr, const char* file, int line);
#define IM_ASSERT(_EXPR) do { if (!(_EXPR)) AppReportImGuiAssert(#_EXPR, __FILE__, __LINE__); } while (0)
#endif
