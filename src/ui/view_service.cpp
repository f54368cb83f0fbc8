#include <algorithm>

// A service page: the full card (SPEC §3) with breadcrumbs and «Получить услугу», which opens
// the service's form, or says where to go when the service is not online. The form screen
// itself belongs to the forms feature; until a form's schema is available it says so.
#include "imgui.h"
#include "core/json_read.h"
#include "imgui_internal.h"
#include "ui/app.h"
#include "ui/catalog_widgets.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace ui {

static void Fact(const char* label, const std::string& value) { FieldRow(core::Tr(label), value); }

void DrawServiceView(App& app) {
    CatalogState& c = app.catalog;
    if (!c.loaded) {
        Paragraph(core::Tr("catalog.loading"), true);
        return;
    }
    int idx = c.catalog.IndexOf(app.route_param);
    if (idx < 0) {
        Heading(core::Tr("nav.not_found"));
        Alert(AlertKind::Info, core::Tr("catalog.not_found"));
        if (PrimaryButton(core::Tr("not_found.back"))) app.Navigate(core::Screen::Catalog);
        return;
    }
    const core::Service& s = c.catalog.services[(size_t)idx];
    // Remember it as recently viewed (this session only).
    std::vector<int>& recent = app.session().recent_services;
    if (recent.empty() || recent.front() != idx) {
        recent.erase(std::remove(recent.begin(), recent.end(), idx), recent.end());
        recent.insert(recent.begin(), idx);
        if (recent.size() > 10) recent.resize(10);
    }
    const core::Section* sec = nullptr;
    const core::Subsection* sub = c.catalog.FindSubsection(s.subsection, &sec);
    std::vector<Crumb> crumbs = {{core::Tr("nav.catalog"), core::Screen::Catalog, ""}};
    if (sec) crumbs.push_back({sec->name, core::Screen::CatalogSection, sec->id});
    if (sub) crumbs.push_back({sub->name, core::Screen::CatalogSubsection, sub->id});
    crumbs.push_back({s.name, core::Screen::CatalogService, ""});
    Breadcrumbs(app, crumbs);
    ImGui::Dummy(ImVec2(0, 4));
    Heading(s.name.c_str());
    Paragraph(s.description.c_str(), true);
    ImGui::Dummy(ImVec2(0, 8));

    BeginCard("##card");
    Fact("catalog.who", s.who);
    Fact("catalog.term", core::TrN("catalog.working_days", s.days));
    Fact("catalog.cost", FeeText(s.fee));
    Fact("catalog.result", s.result);
    Fact("catalog.how", s.online ? core::Tr("catalog.online_way") : core::Tr("catalog.offline_way"));
    Fact("catalog.agency", s.agency);
    if (!s.form_code.empty()) Fact("catalog.form_code", s.form_code);
    EndCard();
    ImGui::Dummy(ImVec2(0, 8));
    BeginCard("##docs");
    Heading(core::Tr("catalog.documents"), 2);
    for (const std::string& d : s.documents) {
        ImGui::Bullet();
        ImGui::TextWrapped("%s", d.c_str());
        A11yCollector::AddStatic(core::A11yRole::ListItem, d);
    }
    EndCard();
    ImGui::Dummy(ImVec2(0, 12));
    if (s.online) {
        if (PrimaryButton(core::Tr("catalog.get"), ImVec2(ImMin(ImGui::CalcItemWidth(), 320.0f), 52)))
            app.Navigate(core::Screen::ServiceForm, s.id);
    } else {
        std::string how = std::string(core::Tr("catalog.no_online")) + " " + s.how_to;
        Alert(AlertKind::Info, how.c_str());
    }
    // A service given in person: book the visit (signing in first when needed).
    if (!s.visit.empty()) {
        if (s.online) ImGui::SameLine();
        if (SecondaryButton((std::string(core::Tr("catalog.book_visit")) + "##visit").c_str(), ImVec2(0, 52))) {
            if (app.SignedIn()) app.Navigate(core::Screen::AppointmentNew, s.id);
            else app.RequireLogin(core::Screen::AppointmentNew, s.id);
        }
    }
}

static void LoadForm(App& app, const std::string& code) {
    CatalogState& c = app.catalog;
    c.form_code = code;
    c.form = nlohmann::json();
    c.form_error = client::ApiError();
    c.form_loading = true;
    client::RequestOptions opt;
    opt.auth = false;
    app.api.Get("/forms/" + core::PercentEncode(code), [&app, code](client::ApiResult r) {
        CatalogState& c = app.catalog;
        if (c.form_code != code) return;
        c.form_loading = false;
        app.RequestFrames();
        if (!r.error.ok()) { c.form_error = r.error; return; }
        c.form = r.body;
    }, opt);
}

// Starts the form session once the schema and the profile are here (or continues it).
static void EnsureSession(App& app, const core::Service& s) {
    CatalogState& c = app.catalog;
    client::FormSession& fs = app.session().form;
    if (fs.Active() && fs.FormCode() == s.form_code && fs.ServiceId() == s.id) return;
    if (fs.submit_state == client::SubmitState::Submitted && fs.ServiceId() == s.id) return;
    if (!c.form.is_object() || c.form_code != s.form_code) return;
    if (!app.session().profile.loaded) {
        if (!app.session().profile.load.Loading() && app.session().profile.error.ok()) app.LoadProfile();
        if (app.session().profile.error.ok()) return;  // start without the profile only when it cannot be had
    }
    app.session().form_ui = FormUi();
    fs.Start(c.form, s.id, app.auth_.CurrentAccount().id, app.auth_.Keys(), app.session().profile.data, app.session().profile.verified,
             app.LocalStore(), app.Now());
    fs.LoadPrevious(app.session().copy_from);
    app.session().copy_from.clear();
}

void DrawServiceFormView(App& app) {
    CatalogState& c = app.catalog;
    const core::Service* s = c.loaded ? c.catalog.FindService(app.route_param) : nullptr;
    if (!s) {
        Paragraph(c.loaded ? core::Tr("catalog.not_found") : core::Tr("catalog.loading"), true);
        return;
    }
    Breadcrumbs(app, {{core::Tr("nav.catalog"), core::Screen::Catalog, ""}, {s->name, core::Screen::CatalogService, s->id},
                      {core::Tr("catalog.form"), core::Screen::ServiceForm, ""}});
    ImGui::Dummy(ImVec2(0, 4));
    Heading(core::Tr("catalog.form_title", {{"service", s->name}}).c_str());
    if (!s->has_form) {
        Alert(AlertKind::Info, core::Tr("catalog.form_soon"));
        if (SecondaryButton(core::Tr("catalog.to_service"))) app.Navigate(core::Screen::CatalogService, s->id);
        return;
    }
    if (c.form_code != s->form_code && !c.form_loading) LoadForm(app, s->form_code);
    if (!c.form_error.ok() && Alert(AlertKind::Error, c.form_error.Text().c_str(), core::Tr("common.retry"))) LoadForm(app, s->form_code);
    if (app.SignedIn()) {
        if (!app.session().profile.error.ok() && !app.session().profile.loaded &&
            Alert(AlertKind::Error, app.session().profile.error.Text().c_str(), core::Tr("common.retry"))) {
            app.session().profile.error = client::ApiError();
            app.LoadProfile();
        }
        EnsureSession(app, *s);
        if (app.session().form.Active() || app.session().form.submit_state == client::SubmitState::Submitted ||
            !app.session().form.problems.empty()) {
            DrawFormSteps(app);
            return;
        }
        if (c.form_error.ok()) Paragraph(core::Tr("form.preparing"), true);
        return;
    }
    // Not signed in: what will be asked, and a way in that comes back here.
    if (c.form.is_object() && c.form.contains("steps") && c.form["steps"].is_array()) {
        BeginCard("##form-steps");
        Heading(core::Tr("catalog.form_steps"), 2);
        int n = 0;
        for (const nlohmann::json& step : c.form["steps"]) {
            if (!step.is_object()) continue;
            std::string line = std::to_string(++n) + ". " + core::JsonText(step, "title");
            ImGui::TextUnformatted(line.c_str());
            A11yCollector::AddStatic(core::A11yRole::ListItem, line);
        }
        EndCard();
        ImGui::Dummy(ImVec2(0, 8));
    }
    Alert(AlertKind::Info, core::Tr("form.login_needed"));
    if (PrimaryButton(core::Tr("form.login_button"), ImVec2(ImMin(ImGui::CalcItemWidth(), 320.0f), 52)))
        app.RequireLogin(core::Screen::ServiceForm, s->id);
    ImGui::SameLine();
    if (SecondaryButton(core::Tr("catalog.to_service"), ImVec2(0, 52))) app.Navigate(core::Screen::CatalogService, s->id);
}

}  // namespace ui
