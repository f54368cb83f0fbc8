// Screens as a table: one row per screen says how it draws and what it loads when it is opened.
// Adding a screen is a view file (view_*.cpp with its Draw function), one row in kViews
// (screens.cpp), its path and title in core/route.cpp, its strings and a test — see
// docs/ARCHITECTURE.md, "Add a screen".
#pragma once
#include "core/route.h"

namespace ui {

class App;

struct ScreenView {
    core::Screen screen;
    void (*draw)(App& app);
    // What the screen loads when it is opened (nullptr: nothing). Screens that need a session
    // are entered only with one; their data then lives in App::session().
    void (*enter)(App& app);
    // Live event types (space-separated) after which the open screen loads its data again, as
    // on entry; a "reset" of the stream reloads every screen that loads anything.
    const char* live = "";
};

// Does a space-separated list of event types name this one?
bool ListsEvent(const char* list, const std::string& type);

const ScreenView& ViewFor(core::Screen screen);

}  // namespace ui
