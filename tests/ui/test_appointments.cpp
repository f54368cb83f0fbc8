// «Запись на приём» and the calendar through the screens against the real backend: a doctor's
// appointment booked from the service's page; the chosen time taken by somebody else before
// «Записаться» — the message, the office and the day kept, the time gone from the list; booked,
// moved, seen in the calendar and exported as .ics, cancelled into the history.
#include <gtest/gtest.h>

#include <string>

#include "native_client.h"
#include "server_process.h"
#include "sign_in.h"
#include "ui_driver.h"

using core::A11yRole;
using testing_support::NativeClient;
using testing_support::ServerProcess;
using testing_support::UiDriver;

namespace {

const char* const kPhone = "+79161112233";  // Петров

class AppointmentsUiTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = new ServerProcess("", /*seed=*/true); }
    static void TearDownTestSuite() { delete server; server = nullptr; }
    static ServerProcess* server;
};
ServerProcess* AppointmentsUiTest::server = nullptr;

// The first day button that can be chosen (its name says how many times are free), after `skip` of them.
const core::A11yNode* OpenDay(UiDriver& ui, int skip = 0) {
    for (const core::A11yNode& n : ui.Nodes())
        if (n.role == A11yRole::CheckBox && n.name.find("свободн") != std::string::npos && !(n.state & core::A11yState_Disabled) && skip-- <= 0) return &n;
    return nullptr;
}

std::string FirstSlotName(UiDriver& ui) {
    for (const core::A11yNode& n : ui.Nodes())
        if (n.role == A11yRole::CheckBox && n.name.size() == 5 && n.name[2] == ':') return n.name;
    return "";
}

TEST_F(AppointmentsUiTest, BookALostSlotMoveSeeInTheCalendarExportAndCancel) {
    ASSERT_TRUE(server->ok());
    UiDriver ui(server->api_url(), ImVec2(1280, 2600));
    ASSERT_TRUE(testing_support::SignInThroughScreens(ui, *server, kPhone, kPhone));
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.app().catalog.loaded; }));
    std::string service;
    for (const core::Service& s : ui.app().catalog.catalog.services)
        if (s.form_code == "ZD-01") service = s.id;
    ASSERT_FALSE(service.empty());
    ASSERT_EQ(ui.app().catalog.catalog.FindService(service)->visit, "clinic");
    ui.app().Navigate(core::Screen::CatalogService, service);
    ui.SettleNetwork();
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Записаться на приём"));
    ui.SettleNetwork();
    ASSERT_EQ(ui.app().CurrentScreen(), core::Screen::AppointmentNew);
    ui::AppointmentsState& st = ui.app().session().appointments;
    ASSERT_TRUE(ui.WaitUntil([&] { return !st.offices.empty(); }));
    ASSERT_TRUE(ui.Click(A11yRole::Radio, "Городская поликлиника № 12"));
    ui.SettleNetwork();
    bool days_shown = ui.WaitUntil([&] { ui.Frame(); return OpenDay(ui) != nullptr; });
    if (!days_shown) {
        for (const core::A11yNode& n : ui.Nodes()) printf("node %d %s\n", (int)n.role, n.name.c_str());
        printf("days %zu office %s err %s\n", st.days.size(), st.office.c_str(), st.days_error.Text().c_str());
    }
    ASSERT_TRUE(days_shown);
    EXPECT_EQ(st.days.size(), 60u) << "60 days are offered";
    // A day past tomorrow (a reminder a day before must be possible), then its first time.
    std::string day_name = OpenDay(ui, 2)->name;
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::CheckBox, day_name));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { ui.Frame(); return !FirstSlotName(ui).empty(); }));
    std::string chosen_day = st.day;
    size_t free_before = st.slots.size();
    std::string first = FirstSlotName(ui);
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::CheckBox, first));
    ASSERT_NE(st.start, 0);
    long long lost = st.start;

    // Somebody takes exactly that time (the office's desk takes the earliest one) before «Записаться».
    NativeClient dev(server->api_url());
    client::ApiResult fill = dev.Call("POST", "/dev/offices/clinic-12/fill", {{"day", chosen_day}, {"leave", (int)free_before - 1}});
    ASSERT_TRUE(fill.error.ok()) << fill.error.Text();
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Записаться"));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Alert, "только что занял другой человек"); }));
    ASSERT_TRUE(ui.WaitUntil([&] { ui.Frame(); return !st.slots_loading && !st.slots.empty(); }));
    EXPECT_EQ(ui.app().CurrentScreen(), core::Screen::AppointmentNew) << "nothing booked, still choosing";
    EXPECT_EQ(st.office, "clinic-12") << "the office is kept";
    EXPECT_EQ(st.day, chosen_day) << "the day is kept";
    for (const core::Slot& s : st.slots) EXPECT_NE(s.start, lost) << "the lost time is no longer offered";
    EXPECT_EQ(st.slots.size(), free_before - 1);

    // The next time: booked.
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::CheckBox, FirstSlotName(ui)));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::TextBox, "Комментарий"));
    ui.Type("Повторный приём");
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Записаться"));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.app().CurrentScreen() == core::Screen::Appointments && st.loaded && !st.items.empty(); }));
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Status, "Вы записаны на приём"); }));
    ASSERT_EQ(st.items.size(), 1u);
    EXPECT_EQ(st.items[0].comment, "Повторный приём");
    long long booked_at = st.items[0].start;

    // Move it to another day.
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Перенести запись: Запись на приём к врачу"));
    ui.SettleNetwork();
    ASSERT_EQ(ui.app().CurrentScreen(), core::Screen::AppointmentMove);
    ASSERT_TRUE(ui.WaitUntil([&] { ui.Frame(); return st.office == "clinic-12" && OpenDay(ui) != nullptr; })) << "the booking's office is chosen";
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::CheckBox, OpenDay(ui, 4)->name));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { ui.Frame(); return !FirstSlotName(ui).empty(); }));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::CheckBox, FirstSlotName(ui)));
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Перенести запись"));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Status, "Запись перенесена"); }));
    ASSERT_TRUE(ui.WaitUntil([&] { return st.items.size() == 1 && st.items[0].start != booked_at; }));
    long long moved_to = st.items[0].start;

    // The calendar lists it; the .ics holds it.
    ASSERT_TRUE(ui.Click(A11yRole::Tab, "Календарь"));
    ui.SettleNetwork();
    ui::CalendarState& cal = ui.app().session().calendar;
    ASSERT_TRUE(ui.WaitUntil([&] { return cal.loaded; }));
    bool listed = false;
    for (const core::CalendarEntry& e : cal.entries) listed = listed || (e.kind == core::CalendarKind::Appointment && e.at == moved_to);
    EXPECT_TRUE(listed);
    ASSERT_TRUE(ui.Click(A11yRole::CheckBox, "Список"));
    ui.Frames(2);
    EXPECT_TRUE(ui.HasText(A11yRole::Link, "Приём: Запись на приём к врачу"));
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Скачать .ics"));
    ASSERT_EQ(ui.saved.size(), 1u);
    EXPECT_EQ(ui.saved[0].mime, "text/calendar");
    EXPECT_NE(ui.saved[0].bytes.find("BEGIN:VEVENT"), std::string::npos);
    EXPECT_NE(ui.saved[0].bytes.find("TRIGGER:-P1D"), std::string::npos);

    // Cancel: into the history.
    ASSERT_TRUE(ui.Click(A11yRole::Tab, "Записи на приём"));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.ScrollAndClick(A11yRole::Button, "Отменить запись: Запись на приём к врачу"));
    ui.Frames(2);
    ASSERT_TRUE(ui.Click(A11yRole::Button, "Отменить запись"));
    ui.SettleNetwork();
    ASSERT_TRUE(ui.WaitUntil([&] { return ui.HasText(A11yRole::Status, "Запись отменена."); }));
    ASSERT_TRUE(ui.WaitUntil([&] { return st.items.size() == 1 && st.items[0].status == "cancelled"; }));
    EXPECT_EQ(ui.Find(A11yRole::Button, "Перенести запись: Запись на приём к врачу"), nullptr);
}

}  // namespace
