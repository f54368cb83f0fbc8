// Validation cost per keystroke of a large form: every step of a generated form with 180
// fields of every kind plus a repeatable group with 20 filled entries is validated, as the form
// UI does after each change. Prints p50/p95 per keystroke; asserts nothing.
//   build/native/bench/forms_bench   |   node --no-experimental-fetch build/web/bench/forms_bench.js
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "core/forms/form_schema.h"

using nlohmann::json;

int main() {
    const char* types[] = {"text", "snils", "inn", "passport", "division_code", "phone", "email", "date", "money", "select", "postal_code", "number"};
    const char* values[] = {"Иванов", "112-233-445 95", "500100732259", "45 10 123456", "772-015", "+7 900 123-45-67", "ivanov@example.ru",
                            "12.04.1985", "4 500 000", "a", "119034", "42"};
    json steps = json::array(), answers = json::object();
    int n = 0;
    for (int st = 0; st < 3; st++) {
        json sections = json::array();
        for (int se = 0; se < 3; se++) {
            json fields = json::array();
            for (int f = 0; f < 20; f++, n++) {
                int k = n % 12;
                std::string id = "f" + std::to_string(n);
                json field = {{"id", id}, {"type", types[k]}, {"label", "Поле " + std::to_string(n)}, {"required", true}};
                if (k == 0) field["rules"] = {{"max_length", 100}, {"pattern", "^[^0-9]*$"}};
                if (k == 7) field["rules"] = {{"not_future", true}, {"min_age", 14}};
                if (k == 8 || k == 11) field["rules"] = {{"min", 0}, {"max", 1000000000}};
                if (k == 9) field["options"] = json::array({{{"value", "a"}, {"label", "А"}}, {{"value", "b"}, {"label", "Б"}}});
                if (n % 7 == 3) field["visible_if"] = {{"field", "f0"}, {"filled", true}};
                fields.push_back(field);
                answers[id] = values[k];
            }
            if (st == 1 && se == 0) {
                fields.push_back({{"id", "work"}, {"type", "group"}, {"label", "Работа"}, {"repeatable", true}, {"min", 1}, {"max", 30},
                                  {"fields", json::array({{{"id", "from"}, {"type", "date"}, {"label", "С"}, {"required", true}},
                                                          {{"id", "org"}, {"type", "text"}, {"label", "Организация"}, {"required", true}},
                                                          {{"id", "inn"}, {"type", "inn"}, {"label", "ИНН"}}})}});
                json entries = json::array();
                for (int i = 0; i < 20; i++) entries.push_back({{"from", "01.09.2010"}, {"org", "ООО «Ромашка»"}, {"inn", "7707083893"}});
                answers["work"] = entries;
            }
            sections.push_back({{"title", "Раздел"}, {"fields", fields}});
        }
        steps.push_back({{"id", "s" + std::to_string(st)}, {"title", "Шаг"}, {"sections", sections}});
    }
    core::forms::FormSchema schema;
    std::vector<core::Message> problems;
    core::forms::ParseFormSchema(json{{"code", "BENCH"}, {"steps", steps}}, &schema, &problems);

    std::vector<double> us;
    size_t errors = 0;
    for (int i = 0; i < 2000; i++) {
        answers["f0"] = (i % 2) ? "Иванов" : "Петров";  // a keystroke changes one answer
        auto t0 = std::chrono::steady_clock::now();
        for (size_t st = 0; st < schema.steps.size(); st++) errors += core::forms::ValidateStep(schema, st, answers).size();
        us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(us.begin(), us.end());
    printf("form: %d fields + a group of 20 entries × 3 fields; validating every step per keystroke: p50 %.3f ms, p95 %.3f ms, max %.3f ms (%zu errors over all runs)\n",
           n, us[us.size() / 2] / 1000.0, us[us.size() * 95 / 100] / 1000.0, us.back() / 1000.0, errors);
    return 0;
}
