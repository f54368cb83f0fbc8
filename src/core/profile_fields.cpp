#include "core/profile_fields.h"

#include "core/dates.h"
#include "core/identifiers.h"
#include "core/login_identifier.h"

namespace core {

using nlohmann::json;

const std::vector<ProfileField>& ProfileFields() {
    static const std::vector<ProfileField> fields = {
        {"last_name", "Фамилия", "Основные данные", FieldKind::Name, ""},
        {"first_name", "Имя", "Основные данные", FieldKind::Name, ""},
        {"middle_name", "Отчество", "Основные данные", FieldKind::OptionalName, "Если есть"},
        {"birth_date", "Дата рождения", "Основные данные", FieldKind::Date, "ДД.ММ.ГГГГ"},
        {"gender", "Пол", "Основные данные", FieldKind::Gender, ""},
        {"passport.series", "Серия", "Паспорт РФ", FieldKind::PassportSeries, "4 цифры"},
        {"passport.number", "Номер", "Паспорт РФ", FieldKind::PassportNumber, "6 цифр"},
        {"passport.issued_at", "Дата выдачи", "Паспорт РФ", FieldKind::PassportDate, "ДД.ММ.ГГГГ"},
        {"passport.issued_by", "Кем выдан", "Паспорт РФ", FieldKind::Text, ""},
        {"passport.division_code", "Код подразделения", "Паспорт РФ", FieldKind::DivisionCode, "000-000"},
        {"snils", "СНИЛС", "СНИЛС и ИНН", FieldKind::Snils, "000-000-000 00"},
        {"inn", "ИНН", "СНИЛС и ИНН", FieldKind::Inn, "12 цифр"},
        {"registration_address", "Адрес регистрации", "Адреса", FieldKind::Text, "Индекс, город, улица, дом, квартира"},
        {"residence_address", "Адрес проживания", "Адреса", FieldKind::Text, "Индекс, город, улица, дом, квартира"},
        {"phone", "Мобильный телефон", "Контакты", FieldKind::Phone, "+7 900 000-00-00"},
        {"email", "Электронная почта", "Контакты", FieldKind::Email, "name@example.ru"},
        {"bank.bik", "БИК банка", "Банковские реквизиты", FieldKind::Bik, "9 цифр"},
        {"bank.account", "Расчётный счёт", "Банковские реквизиты", FieldKind::Account, "20 цифр"},
    };
    return fields;
}

const ProfileField* FindProfileField(const std::string& path) {
    for (const ProfileField& f : ProfileFields())
        if (path == f.path) return &f;
    return nullptr;
}

std::string GetPath(const json& doc, const std::string& path) {
    const json* node = &doc;
    size_t start = 0;
    while (true) {
        size_t dot = path.find('.', start);
        std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!node->is_object() || !node->contains(key)) return "";
        node = &(*node)[key];
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return node->is_string() ? node->get<std::string>() : "";
}

void SetPath(json& doc, const std::string& path, const std::string& value) {
    json* node = &doc;
    size_t start = 0;
    while (true) {
        size_t dot = path.find('.', start);
        std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!node->is_object()) *node = json::object();
        if (dot == std::string::npos) {
            (*node)[key] = value;
            return;
        }
        node = &(*node)[key];
        start = dot + 1;
    }
}

static bool IsDate(FieldKind k) { return k == FieldKind::Date || k == FieldKind::PassportDate; }

std::string DisplayValue(const ProfileField& f, const json& doc) {
    std::string v = GetPath(doc, f.path);
    if (v.empty()) return "—";
    if (IsDate(f.kind)) return IsoToRussian(v);
    if (f.kind == FieldKind::Gender) return v == "male" ? "Мужской" : v == "female" ? "Женский" : v;
    if (f.kind == FieldKind::Snils && v.size() == 11)
        return v.substr(0, 3) + "-" + v.substr(3, 3) + "-" + v.substr(6, 3) + " " + v.substr(9);
    return v;
}

std::string EditText(const ProfileField& f, const json& doc) {
    std::string v = GetPath(doc, f.path);
    if (IsDate(f.kind)) return IsoToRussian(v);
    if (f.kind == FieldKind::Snils && v.size() == 11) return DisplayValue(f, doc);
    return v;
}

static std::string Trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

static bool NameValid(const std::string& s) {
    if (s.empty() || s.size() > 200) return false;
    for (size_t i = 0; i < s.size(); i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) continue;  // Cyrillic letters (UTF-8); the server checks precisely
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == ' ' || c == '-' || c == '\'' || c == '.')) return false;
    }
    return true;
}

std::string ValidateProfileText(const ProfileField& f, const std::string& raw, const json& doc) {
    std::string t = Trim(raw);
    switch (f.kind) {
        case FieldKind::Name:
            if (t.empty()) return std::string("Укажите: ") + f.label;
            return NameValid(t) ? "" : "Используйте буквы, пробел, дефис или апостроф";
        case FieldKind::OptionalName:
            return t.empty() || NameValid(t) ? "" : "Используйте буквы, пробел, дефис или апостроф";
        case FieldKind::Date: {
            if (t.empty()) return "Укажите дату рождения";
            Date d = ParseRussianDate(t);
            if (!d.valid()) return "Введите дату в формате ДД.ММ.ГГГГ, например 15.03.1990";
            if (Today() < d) return "Дата рождения не может быть в будущем";
            if (YearsBetween(d, Today()) < 14) return "Личный кабинет доступен с 14 лет";
            return "";
        }
        case FieldKind::PassportDate: {
            if (t.empty()) return "";
            Date d = ParseRussianDate(t);
            if (!d.valid()) return "Введите дату в формате ДД.ММ.ГГГГ";
            if (Today() < d) return "Дата выдачи не может быть в будущем";
            Date born = ParseIsoDate(GetPath(doc, "birth_date"));
            if (born.valid() && YearsBetween(born, d) < 14) return "Паспорт выдаётся не раньше 14-летия";
            return "";
        }
        case FieldKind::Gender: return "";
        case FieldKind::Text: return t.size() > 300 ? "Не более 300 символов" : "";
        case FieldKind::Snils:
            return t.empty() || SnilsChecksumValid(NormalizeDigits(t)) ? "" : "СНИЛС — 11 цифр; проверьте: контрольное число не сходится";
        case FieldKind::Inn:
            return t.empty() || (NormalizeDigits(t).size() == 12 && InnValid(NormalizeDigits(t))) ? ""
                                                                                                  : "ИНН физического лица — 12 цифр; проверьте цифры";
        case FieldKind::PassportSeries:
            return t.empty() || PassportSeriesValid(NormalizeDigits(t)) ? "" : "Серия паспорта — 4 цифры, например 45 10";
        case FieldKind::PassportNumber:
            return t.empty() || PassportNumberValid(NormalizeDigits(t)) ? "" : "Номер паспорта — 6 цифр";
        case FieldKind::DivisionCode:
            return t.empty() || DivisionCodeValid(t) ? "" : "Код подразделения в формате 000-000";
        case FieldKind::Phone:
            return t.empty() || ParseLoginIdentifier(t).kind == IdentifierKind::Phone ? "" : "Телефон: +7 и 10 цифр, например +7 900 123-45-67";
        case FieldKind::Email:
            return t.empty() || ParseLoginIdentifier(t).kind == IdentifierKind::Email ? "" : "E-mail в формате name@example.ru";
        case FieldKind::Bik: return t.empty() || BikValid(NormalizeDigits(t)) ? "" : "БИК — 9 цифр, начинается с 04";
        case FieldKind::Account: {
            if (t.empty()) return "";
            std::string acc = NormalizeDigits(t);
            if (acc.size() != 20) return "Расчётный счёт — 20 цифр";
            std::string bik = NormalizeDigits(GetPath(doc, "bank.bik"));
            if (BikValid(bik) && !AccountMatchesBik(acc, bik)) return "Счёт не соответствует БИК: проверьте цифры счёта и БИК";
            return "";
        }
    }
    return "";
}

std::string StoredValue(const ProfileField& f, const std::string& raw) {
    std::string t = Trim(raw);
    switch (f.kind) {
        case FieldKind::Date:
        case FieldKind::PassportDate: {
            Date d = ParseRussianDate(t);
            return d.valid() ? ToIso(d) : t;
        }
        case FieldKind::Snils: case FieldKind::Inn: case FieldKind::PassportSeries: case FieldKind::PassportNumber:
        case FieldKind::Bik: case FieldKind::Account:
            return NormalizeDigits(t);
        case FieldKind::Phone:
        case FieldKind::Email: {
            LoginIdentifier id = ParseLoginIdentifier(t);
            return id.kind == IdentifierKind::Invalid ? t : id.normalized;
        }
        default:
            return t;
    }
}

std::string RelationLabel(const std::string& r) {
    if (r == "spouse") return "Супруг(а)";
    if (r == "child") return "Ребёнок";
    if (r == "parent") return "Родитель";
    if (r == "sibling") return "Брат или сестра";
    return "Родственник";
}

static std::string PersonLine(const json& p) {
    if (!p.is_object()) return "";
    std::string s = RelationLabel(p.value("relation", "")) + ": " + p.value("last_name", "") + " " + p.value("first_name", "");
    std::string middle = p.value("middle_name", "");
    if (!middle.empty()) s += " " + middle;
    std::string born = p.value("birth_date", "");
    if (!born.empty()) s += ", " + IsoToRussian(born);
    return s;
}

static std::string VehicleLine(const json& v) {
    if (!v.is_object()) return "";
    return v.value("make", "") + " " + v.value("model", "") + ", " + v.value("plate", "");
}

static std::string ListText(const json& doc, const char* key, std::string (*line)(const json&)) {
    std::string out;
    if (!doc.is_object() || !doc.contains(key) || !doc[key].is_array()) return "—";
    for (const json& item : doc[key]) {
        if (!out.empty()) out += "; ";
        out += line(item);
    }
    return out.empty() ? "—" : out;
}

std::vector<ProfileChange> DiffProfiles(const json& before, const json& after) {
    std::vector<ProfileChange> out;
    for (const ProfileField& f : ProfileFields()) {
        std::string a = DisplayValue(f, before), b = DisplayValue(f, after);
        if (a != b) out.push_back({std::string(f.section) + " — " + f.label, a, b});
    }
    std::string fa = ListText(before, "family", PersonLine), fb = ListText(after, "family", PersonLine);
    if (fa != fb) out.push_back({"Семья", fa, fb});
    std::string va = ListText(before, "vehicles", VehicleLine), vb = ListText(after, "vehicles", VehicleLine);
    if (va != vb) out.push_back({"Транспортные средства", va, vb});
    return out;
}

}  // namespace core
