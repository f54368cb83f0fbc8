#include "sign_in.h"

#include <gtest/gtest.h>

namespace testing_support {

using core::A11yRole;

bool SignInThroughScreens(UiDriver& ui, const ServerProcess& server, const char* identifier, const char* phone, bool open_login_first) {
    if (open_login_first) {
        ui.app().OnHashChanged("#/profile");
        ui.Frames(2);
    }
    if (ui.app().CurrentScreen() != core::Screen::Login) { ADD_FAILURE() << "not on the login screen"; return false; }
    if (!ui.Click(A11yRole::TextBox, "Телефон, e-mail или СНИЛС")) { ADD_FAILURE() << "no identifier field"; return false; }
    ui.Type(identifier);
    if (!ui.Click(A11yRole::Password, "Пароль")) { ADD_FAILURE() << "no password field"; return false; }
    ui.Type("Gosuslugi2026");
    // «Войти» is also in the header: the form's button is the lowest one.
    const core::A11yNode* button = nullptr;
    for (const core::A11yNode& n : ui.Nodes())
        if (n.role == A11yRole::Button && n.name == "Войти" && (!button || n.y > button->y)) button = &n;
    if (!button) { ADD_FAILURE() << "no «Войти» button"; return false; }
    ui.ClickAt(button->x + button->w / 2, button->y + button->h / 2);
    ui.SettleAuth();
    if (!ui.Find(A11yRole::Heading, "Подтвердите вход")) { ADD_FAILURE() << ui.app().auth_.LastError().message; return false; }
    if (!ui.Click(A11yRole::TextBox, "Код подтверждения")) { ADD_FAILURE() << "no code field"; return false; }
    ui.Type(server.LastCode(phone));
    if (!ui.Click(A11yRole::Button, "Подтвердить")) { ADD_FAILURE() << "no «Подтвердить»"; return false; }
    ui.SettleAuth();
    ui.SettleNetwork();
    if (!ui.app().SignedIn()) { ADD_FAILURE() << ui.app().auth_.LastError().message; return false; }
    return true;
}

}  // namespace testing_support
