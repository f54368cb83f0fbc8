# Third-party targets: Dear ImGui (+ backends), libsodium, nlohmann_json.
set(IMGUI_DIR ${THIRD_PARTY_DIR}/imgui)

# The core ImGui library. IMGUI_ENABLE_TEST_ENGINE turns on ImGui's item hooks
# (ItemAdd/ItemInfo), which the accessibility mirror and the UI test driver both read.
add_library(imgui STATIC
  ${IMGUI_DIR}/imgui.cpp ${IMGUI_DIR}/imgui_draw.cpp
  ${IMGUI_DIR}/imgui_tables.cpp ${IMGUI_DIR}/imgui_widgets.cpp
  ${IMGUI_DIR}/misc/cpp/imgui_stdlib.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${IMGUI_DIR} ${IMGUI_DIR}/backends ${IMGUI_DIR}/misc/cpp)
target_compile_definitions(imgui PUBLIC
  IMGUI_ENABLE_TEST_ENGINE
  IMGUI_DISABLE_DEMO_WINDOWS
  IMGUI_DISABLE_DEFAULT_FONT           # the app ships its own subset fonts; saves ~30 KB
  IMGUI_USER_CONFIG="${CMAKE_SOURCE_DIR}/src/ui/imgui_user_config.h")
if(EMSCRIPTEN)
  # The metrics window, item picker and debug log are never opened in the browser build: leaving
  # them out took part of the first load back under its budget once the rooms had pushed it over.
  target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_DEBUG_TOOLS)
endif()

# OpenGL3 renderer backend (WebGL2 = GLES3 in the browser, desktop GL natively).
add_library(imgui_opengl3 STATIC ${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
target_link_libraries(imgui_opengl3 PUBLIC imgui)
if(EMSCRIPTEN)
  target_compile_definitions(imgui_opengl3 PUBLIC IMGUI_IMPL_OPENGL_ES3)
endif()

if(EMSCRIPTEN)
  # nlohmann_json: header-only. /usr/include must never be on emcc's include path (glibc
  # headers would shadow emscripten's), so copy the headers into the build tree.
  file(COPY /usr/include/nlohmann DESTINATION ${CMAKE_BINARY_DIR}/include)
  add_library(nlohmann_json INTERFACE)
  target_include_directories(nlohmann_json SYSTEM INTERFACE ${CMAKE_BINARY_DIR}/include)

  # libsodium compiled from the Debian source package with the defines its configure
  # script would pick for emscripten (no asm, no pthreads). ~45 s instead of ~5 min.
  set(SODIUM_DIR ${THIRD_PARTY_DIR}/libsodium/src/libsodium)
  file(GLOB_RECURSE SODIUM_SOURCES ${SODIUM_DIR}/*.c)
  set(VERSION 1.0.18)
  set(SODIUM_LIBRARY_VERSION_MAJOR 10)
  set(SODIUM_LIBRARY_VERSION_MINOR 3)
  set(SODIUM_LIBRARY_MINIMAL_DEF "")
  # The public headers, plus the version.h that configure would generate, in the build tree.
  file(COPY ${SODIUM_DIR}/include/ DESTINATION ${CMAKE_BINARY_DIR}/sodium_include PATTERN "*.in" EXCLUDE)
  configure_file(${SODIUM_DIR}/include/sodium/version.h.in
                 ${CMAKE_BINARY_DIR}/sodium_include/sodium/version.h @ONLY)
  add_library(sodium STATIC EXCLUDE_FROM_ALL ${SODIUM_SOURCES})
  target_include_directories(sodium SYSTEM PUBLIC ${CMAKE_BINARY_DIR}/sodium_include)
  target_include_directories(sodium PRIVATE ${CMAKE_BINARY_DIR}/sodium_include/sodium)
  target_compile_definitions(sodium PUBLIC SODIUM_STATIC PRIVATE CONFIGURED=1
    NATIVE_LITTLE_ENDIAN=1 HAVE_WEAK_SYMBOLS=1 HAVE_C_VARARRAYS=1
    HAVE_ATOMIC_OPS=1 _GNU_SOURCE=1)
  target_compile_options(sodium PRIVATE -O2 -w)
else()
  find_package(nlohmann_json 3.11 REQUIRED)
  add_library(nlohmann_json INTERFACE)
  target_link_libraries(nlohmann_json INTERFACE nlohmann_json::nlohmann_json)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
  add_library(sodium INTERFACE)
  target_link_libraries(sodium INTERFACE PkgConfig::SODIUM)

  find_package(glfw3 3.3 REQUIRED)
  find_package(OpenGL REQUIRED)
  find_package(CURL REQUIRED)
  add_library(imgui_glfw STATIC ${IMGUI_DIR}/backends/imgui_impl_glfw.cpp)
  target_link_libraries(imgui_glfw PUBLIC imgui glfw)
  target_link_libraries(imgui_opengl3 PUBLIC OpenGL::GL ${CMAKE_DL_LIBS})
endif()
