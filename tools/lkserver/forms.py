"""Form schemas of the services that can be applied for online (docs/forms.md describes the
format). The client's forms engine renders any such schema; these eight are the reference
backend's real forms, each exercising different field types and rules."""
import base64
import hashlib
import json

from .responses import reply
from .errors import ApiError


def F(id, type, label, **kw):
    d = {"id": id, "type": type, "label": label}
    d.update(kw)
    return d


def applicant_section(min_age=14):
    return {"title": "Заявитель", "fields": [
        F("last_name", "text", "Фамилия", required=True, profile="last_name", rules={"max_length": 100, "letters": True}),
        F("first_name", "text", "Имя", required=True, profile="first_name", rules={"max_length": 100, "letters": True}),
        F("middle_name", "text", "Отчество", profile="middle_name", hint="Если есть", rules={"max_length": 100, "letters": True}),
        F("birth_date", "date", "Дата рождения", required=True, profile="birth_date", rules={"not_future": True, "min_age": min_age}),
        F("snils", "snils", "СНИЛС", required=True, profile="snils"),
    ]}


def passport_section(title="Паспорт гражданина РФ"):
    return {"title": title, "fields": [
        F("passport", "passport", "Серия и номер паспорта", required=True, profile="passport", hint="45 10 123456"),
        F("passport_issued_at", "date", "Дата выдачи", required=True, profile="passport.issued_at",
          rules={"not_future": True, "after_birthday": {"field": "birth_date", "years": 14}}),
        F("passport_issued_by", "text", "Кем выдан", required=True, profile="passport.issued_by", rules={"max_length": 300}),
        F("division_code", "division_code", "Код подразделения", required=True, profile="passport.division_code"),
    ]}


def contacts_section():
    return {"title": "Контакты", "fields": [
        F("phone", "phone", "Мобильный телефон", required=True, profile="phone"),
        F("email", "email", "Электронная почта", profile="email"),
    ]}


def photo_field(required=True):
    return F("photo", "file", "Фотография 35×45 мм", required=required, accept=["jpeg", "png"], max_size_mb=5,
             hint="Цветная, на белом фоне, без головного убора")


FORMS = {
    "P-01": {
        "title": "Замена паспорта гражданина РФ", "agency": "МВД России",
        "steps": [
            {"id": "reason", "title": "Причина замены", "sections": [{"title": "Причина", "fields": [
                F("reason", "radio", "Почему нужен новый паспорт", required=True, options=[
                    {"value": "age20", "label": "Исполнилось 20 лет"}, {"value": "age45", "label": "Исполнилось 45 лет"},
                    {"value": "name", "label": "Смена фамилии, имени или отчества"}, {"value": "damage", "label": "Паспорт испорчен"},
                    {"value": "error", "label": "Ошибка в паспорте"}]),
                F("old_last_name", "text", "Прежняя фамилия", required_if={"field": "reason", "equals": "name"},
                  visible_if={"field": "reason", "equals": "name"}, rules={"max_length": 100, "letters": True}),
                F("marriage_certificate", "file", "Свидетельство о браке или о перемене имени", accept=["pdf", "jpeg", "png"], max_size_mb=5,
                  visible_if={"field": "reason", "equals": "name"}, required_if={"field": "reason", "equals": "name"}),
            ]}]},
            {"id": "applicant", "title": "Данные заявителя", "sections": [applicant_section(14), passport_section("Действующий паспорт")]},
            {"id": "address", "title": "Адрес и контакты", "sections": [
                {"title": "Адрес регистрации", "fields": [
                    F("registration_address", "address", "Адрес регистрации", required=True, profile="registration_address"),
                    F("postal_code", "postal_code", "Почтовый индекс", required=True)]},
                contacts_section()]},
            {"id": "photo", "title": "Фотография", "sections": [{"title": "Фотография", "fields": [photo_field()]}]},
        ]},
    "ZP-10": {
        "title": "Оформление загранпаспорта нового образца", "agency": "МВД России",
        "steps": [
            {"id": "applicant", "title": "Заявитель", "sections": [applicant_section(18), passport_section()]},
            {"id": "work", "title": "Работа и учёба за 10 лет", "sections": [{"title": "Трудовая деятельность", "fields": [
                F("work", "group", "Места работы и учёбы", repeatable=True, min=1, max=20, add_label="Добавить ещё место", fields=[
                    F("from", "date", "Начало", required=True, rules={"not_future": True}),
                    F("to", "date", "Окончание", rules={"not_future": True}, hint="Пусто — по настоящее время"),
                    F("organisation", "text", "Организация", required=True, rules={"max_length": 200}),
                    F("org_address", "address", "Адрес организации", required=True)]),
                F("secret_access", "checkbox", "Был допуск к государственной тайне"),
                F("secret_org", "text", "Организация, оформлявшая допуск", visible_if={"field": "secret_access", "equals": True},
                  required_if={"field": "secret_access", "equals": True}, rules={"max_length": 200}),
            ]}]},
            {"id": "receive", "title": "Получение", "sections": [{"title": "Где получить", "fields": [
                F("office", "select", "Подразделение МВД", required=True, options=[
                    {"value": "msk-1", "label": "Москва, ул. Покровка, 42"}, {"value": "msk-2", "label": "Москва, Каширское ш., 98"},
                    {"value": "mo-1", "label": "Подольск, ул. Ленина, 5"}]),
                photo_field(), F("fee_paid", "checkbox", "Госпошлину 6000 ₽ оплачу онлайн со скидкой", required=False)]},
                contacts_section()]},
        ]},
    "RG-01": {
        "title": "Регистрация по месту жительства", "agency": "МВД России",
        "steps": [
            {"id": "applicant", "title": "Заявитель", "sections": [applicant_section(14), passport_section()]},
            {"id": "address", "title": "Новый адрес", "sections": [{"title": "Адрес", "fields": [
                F("new_address", "address", "Адрес нового места жительства", required=True),
                F("new_postal_code", "postal_code", "Почтовый индекс", required=True),
                F("basis", "select", "Основание для вселения", required=True, options=[
                    {"value": "owner", "label": "Я собственник"}, {"value": "relative", "label": "Проживание с согласия собственника"},
                    {"value": "lease", "label": "Договор социального найма"}]),
                F("owner_consent", "file", "Согласие собственника", accept=["pdf", "jpeg", "png"], max_size_mb=5,
                  visible_if={"field": "basis", "equals": "relative"}, required_if={"field": "basis", "equals": "relative"}),
                F("ownership_doc", "file", "Документ о праве на жильё", accept=["pdf", "jpeg", "png", "xml"], max_size_mb=5, required=True),
            ]}]},
            {"id": "contacts", "title": "Контакты", "sections": [contacts_section()]},
        ]},
    "ZD-01": {
        "title": "Запись на приём к врачу", "agency": "Минздрав России",
        "steps": [
            {"id": "patient", "title": "Пациент", "sections": [{"title": "Пациент", "fields": [
                F("last_name", "text", "Фамилия", required=True, profile="last_name", rules={"max_length": 100, "letters": True}),
                F("first_name", "text", "Имя", required=True, profile="first_name", rules={"max_length": 100, "letters": True}),
                F("birth_date", "date", "Дата рождения", required=True, profile="birth_date", rules={"not_future": True}),
                F("oms", "text", "Номер полиса ОМС", required=True, rules={"pattern": "^[0-9]{16}$", "pattern_message": "Номер полиса — 16 цифр"}),
                F("phone", "phone", "Телефон для связи", required=True, profile="phone")]}]},
            {"id": "visit", "title": "Приём", "sections": [{"title": "Врач и время", "fields": [
                F("specialty", "select", "Специалист", required=True, options=[
                    {"value": "therapist", "label": "Терапевт"}, {"value": "pediatrician", "label": "Педиатр"},
                    {"value": "surgeon", "label": "Хирург"}, {"value": "ophthalmologist", "label": "Офтальмолог"}]),
                F("date", "date", "Дата приёма", required=True, rules={"not_past": True, "max_days_ahead": 14}),
                F("slot", "radio", "Время", required=True, options=[{"value": t, "label": t} for t in ("08:30", "09:15", "10:00", "11:30", "14:00", "16:45")]),
                F("complaint", "textarea", "Жалобы", rules={"max_length": 1000}, hint="Кратко опишите, что беспокоит")]}]},
        ]},
    "ND-01": {
        "title": "Налоговый вычет за покупку жилья (3-НДФЛ)", "agency": "ФНС России",
        "steps": [
            {"id": "taxpayer", "title": "Налогоплательщик", "sections": [applicant_section(18), {"title": "ИНН", "fields": [
                F("inn", "inn", "ИНН", required=True, profile="inn", rules={"length": 12})]}]},
            {"id": "property", "title": "Жильё и расходы", "sections": [{"title": "Объект", "fields": [
                F("year", "select", "Год, за который заявляется вычет", required=True, options=[{"value": str(y), "label": str(y)} for y in (2025, 2024, 2023)]),
                F("object", "select", "Объект", required=True, options=[{"value": "flat", "label": "Квартира"}, {"value": "house", "label": "Жилой дом"},
                                                                       {"value": "land", "label": "Земельный участок с домом"}]),
                F("object_address", "address", "Адрес объекта", required=True),
                F("cost", "money", "Стоимость по договору, ₽", required=True, rules={"min": 1, "max": 1000000000}),
                F("mortgage", "checkbox", "Покупка с ипотекой"),
                F("interest", "money", "Уплаченные проценты по ипотеке, ₽", visible_if={"field": "mortgage", "equals": True},
                  required_if={"field": "mortgage", "equals": True}, rules={"min": 0}),
                F("documents", "group", "Подтверждающие документы", repeatable=True, min=1, max=10, add_label="Добавить документ", fields=[
                    F("file", "file", "Файл", required=True, accept=["pdf", "jpeg", "png", "xlsx", "xml"], max_size_mb=5)])]}]},
            {"id": "bank", "title": "Реквизиты", "sections": [{"title": "Куда вернуть налог", "fields": [
                F("bik", "bik", "БИК банка", required=True, profile="bank.bik"),
                F("account", "account", "Номер счёта", required=True, profile="bank.account", rules={"matches_bik": "bik"})]}]},
        ]},
    "SB-01": {
        "title": "Единое пособие на детей", "agency": "Социальный фонд России",
        "steps": [
            {"id": "applicant", "title": "Заявитель", "sections": [applicant_section(16), contacts_section()]},
            {"id": "family", "title": "Семья", "sections": [{"title": "Состав семьи", "fields": [
                F("married", "checkbox", "Состою в браке"),
                F("spouse_name", "text", "ФИО супруга", visible_if={"field": "married", "equals": True},
                  required_if={"field": "married", "equals": True}, rules={"max_length": 200, "letters": True}),
                F("spouse_snils", "snils", "СНИЛС супруга", visible_if={"field": "married", "equals": True}, required_if={"field": "married", "equals": True}),
                F("children", "group", "Дети", repeatable=True, min=1, max=15, add_label="Добавить ещё ребёнка", profile="family",
                  fields=[F("name", "text", "ФИО ребёнка", required=True, rules={"max_length": 200, "letters": True}),
                          F("birth_date", "date", "Дата рождения", required=True, rules={"not_future": True, "max_age": 17}),
                          F("snils", "snils", "СНИЛС ребёнка", required=True)])]}]},
            {"id": "income", "title": "Доходы и реквизиты", "sections": [{"title": "Доходы", "fields": [
                F("income", "money", "Доход семьи за 12 месяцев, ₽", required=True, rules={"min": 0}),
                F("income_kind", "select", "Основной вид дохода", required=True, options=[
                    {"value": "salary", "label": "Заработная плата"}, {"value": "business", "label": "Предпринимательство"},
                    {"value": "pension", "label": "Пенсия"}, {"value": "other", "label": "Другое"}])]},
                {"title": "Реквизиты", "fields": [F("bik", "bik", "БИК банка", required=True, profile="bank.bik"),
                                                  F("account", "account", "Номер счёта", required=True, profile="bank.account", rules={"matches_bik": "bik"})]}]},
        ]},
    "TS-01": {
        "title": "Регистрация транспортного средства", "agency": "Госавтоинспекция МВД России",
        "steps": [
            {"id": "owner", "title": "Владелец", "sections": [applicant_section(16), passport_section()]},
            {"id": "vehicle", "title": "Транспортное средство", "sections": [{"title": "Автомобиль", "fields": [
                F("vin", "text", "VIN", required=True, rules={"pattern": "^[A-HJ-NPR-Z0-9]{17}$", "pattern_message": "VIN — 17 латинских букв и цифр, без I, O, Q", "uppercase": True}),
                F("make", "text", "Марка", required=True, rules={"max_length": 60}),
                F("model", "text", "Модель", required=True, rules={"max_length": 60}),
                F("year", "number", "Год выпуска", required=True, rules={"min": 1950, "max": 2026, "integer": True}),
                F("epts", "text", "Номер ЭПТС", required=True, rules={"pattern": "^[0-9]{15}$", "pattern_message": "Номер ЭПТС — 15 цифр"}),
                F("osago", "text", "Полис ОСАГО", required=True,
                  # Patterns are matched byte-wise (UTF-8): a Cyrillic series letter is 2 bytes.
                  rules={"pattern": "^([A-Z]|[\\xD0-\\xD1][\\x80-\\xBF]){3} [0-9]{10}$", "pattern_message": "Серия и номер полиса, например ХХХ 0123456789"}),
                F("contract", "file", "Договор купли-продажи", required=True, accept=["pdf", "jpeg", "png"], max_size_mb=5)]}]},
            {"id": "visit", "title": "Осмотр", "sections": [{"title": "Подразделение", "fields": [
                F("office", "select", "Где осмотреть автомобиль", required=True, options=[
                    {"value": "msk-1", "label": "МРЭО № 1, Москва"}, {"value": "msk-2", "label": "МРЭО № 3, Москва"}]),
                F("date", "date", "Дата", required=True, rules={"not_past": True, "max_days_ahead": 30})]}, contacts_section()]},
        ]},
    "BZ-10": {
        "title": "Регистрация индивидуального предпринимателя", "agency": "ФНС России",
        "steps": [
            {"id": "applicant", "title": "Заявитель", "sections": [applicant_section(18), passport_section(), {"title": "ИНН", "fields": [
                F("inn", "inn", "ИНН", profile="inn", rules={"length": 12}, hint="Если есть")]}]},
            {"id": "business", "title": "Деятельность", "sections": [{"title": "Виды деятельности (ОКВЭД)", "fields": [
                F("okved", "group", "Коды ОКВЭД", repeatable=True, min=1, max=57, add_label="Добавить код", fields=[
                    F("code", "text", "Код", required=True, rules={"pattern": "^[0-9]{2}(\\.[0-9]{1,2}){0,2}$", "pattern_message": "Код ОКВЭД вида 47.91 или 62.01.1"}),
                    F("main", "checkbox", "Основной")]),
                F("regime", "radio", "Система налогообложения", required=True, options=[
                    {"value": "usn", "label": "Упрощённая (УСН)"}, {"value": "psn", "label": "Патентная (ПСН)"},
                    {"value": "npd", "label": "Налог на профессиональный доход"}, {"value": "osno", "label": "Общая (ОСНО)"}]),
                F("usn_object", "radio", "Объект УСН", visible_if={"field": "regime", "equals": "usn"}, required_if={"field": "regime", "equals": "usn"},
                  options=[{"value": "income", "label": "Доходы (6 %)"}, {"value": "profit", "label": "Доходы минус расходы (15 %)"}])]}]},
            {"id": "address", "title": "Адрес и контакты", "sections": [{"title": "Адрес", "fields": [
                F("registration_address", "address", "Адрес регистрации", required=True, profile="registration_address"),
                F("postal_code", "postal_code", "Почтовый индекс", required=True)]}, contacts_section()]},
        ]},
}

for code, form in FORMS.items():
    form["code"] = code
    form["version"] = 1

_BODIES = {code: json.dumps(f, ensure_ascii=False, separators=(",", ":")) for code, f in FORMS.items()}
ETAGS = {code: '"%s"' % hashlib.sha256(b.encode()).hexdigest()[:32] for code, b in _BODIES.items()}


def get_form(req):
    form = FORMS.get(req.params["code"])
    if form is None:
        raise ApiError(404, "not_found", "Форма не найдена: услуга оказывается без онлайн-заявления")
    # The receiving agency's X25519 key: the client seals the application to it.
    pk = req.server.agency_keys[form["agency"]][0]
    return reply(200, dict(form, agency_key=base64.b64encode(pk).decode("ascii")))
