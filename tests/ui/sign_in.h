// Signing a demo citizen in through the screens, as a person would (login → code → signed in),
// shared by the UI tests. The login screen must be showing (or is opened through #/profile).
#pragma once
#include "server_process.h"
#include "ui_driver.h"

namespace testing_support {

// ADD_FAILURE()s and returns false when a step does not appear.
bool SignInThroughScreens(UiDriver& ui, const ServerProcess& server, const char* identifier, const char* phone,
                          bool open_login_first = true);

}  // namespace testing_support
