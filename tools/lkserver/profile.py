"""Profile («Персональные данные»): every change is a new version; versions can be listed,
compared (by the client) and restored. Verified fields come from a state registry and
cannot be changed here. Consents are recorded with time and purpose and can be withdrawn."""
import datetime
import json
import re
import secrets
import time

from . import events
from . import validate as v
from .auth import log_event
from .responses import reply
from .errors import ApiError, field_error, validation

TEXT_FIELDS = {"last_name": 100, "first_name": 100, "middle_name": 100, "registration_address": 300,
               "residence_address": 300, "passport_issued_by": 300}
MAX_FAMILY = 20
MAX_VEHICLES = 10
CONSENT_PURPOSES = {
    "personal_data": "Обработка персональных данных для оказания услуг",
    "notifications_email": "Уведомления по электронной почте",
    "notifications_sms": "СМС-уведомления",
    "data_sharing_agencies": "Передача данных в ведомства для оказания услуг",
}


def _str(data, key, errors, max_len, pattern=None, message=None, required=False):
    val = data.get(key)
    if val in (None, ""):
        if required:
            errors.append(field_error(key, "Заполните поле"))
        return ""
    if not isinstance(val, str) or len(val) > max_len or (pattern and not re.fullmatch(pattern, val)):
        errors.append(field_error(key, message or "Неверное значение (не более %d символов)" % max_len))
        return None
    return val.strip()


def clean_profile(data):
    """Validates a whole profile document; returns the clean copy or raises 422."""
    if not isinstance(data, dict):
        raise validation([field_error("data", "Ожидается объект с данными профиля")])
    errors, out = [], {}
    out["last_name"] = v.check_name(data, "last_name", errors, label="Фамилия")
    out["first_name"] = v.check_name(data, "first_name", errors, label="Имя")
    out["middle_name"] = v.check_name(data, "middle_name", errors, required=False, label="Отчество")
    out["birth_date"] = v.check_birth_date(data, "birth_date", errors, min_age=14)
    gender = data.get("gender", "")
    if gender not in ("", "male", "female"):
        errors.append(field_error("gender", "Пол: мужской или женский"))
    out["gender"] = gender
    passport = data.get("passport") or {}
    if not isinstance(passport, dict):
        errors.append(field_error("passport", "Неверные данные паспорта"))
        passport = {}
    p = {}
    p["series"] = _str(passport, "series", errors, 4, r"\d{4}", "Серия паспорта — 4 цифры")
    p["number"] = _str(passport, "number", errors, 6, r"\d{6}", "Номер паспорта — 6 цифр")
    p["issued_at"] = _str(passport, "issued_at", errors, 10, r"\d{4}-\d{2}-\d{2}", "Дата выдачи в формате ГГГГ-ММ-ДД")
    p["issued_by"] = _str(passport, "issued_by", errors, 300)
    p["division_code"] = _str(passport, "division_code", errors, 7, r"\d{3}-\d{3}", "Код подразделения в формате 000-000")
    if p["issued_at"] and out["birth_date"]:
        issued = v.parse_date(p["issued_at"])
        born = v.parse_date(out["birth_date"])
        if issued is None or issued < born.replace(year=born.year + 14) or issued > time_today():
            errors.append(field_error("passport.issued_at", "Паспорт выдаётся не раньше 14 лет и не позже сегодняшнего дня"))
    out["passport"] = {k: (x or "") for k, x in p.items()}
    snils = data.get("snils") or ""
    if snils and not v.normalize_snils(snils):
        errors.append(field_error("snils", "СНИЛС: 11 цифр с верной контрольной суммой"))
    out["snils"] = v.normalize_snils(snils) or ""
    inn = data.get("inn") or ""
    if inn and not (isinstance(inn, str) and len(inn) == 12 and v.inn_valid(inn)):
        errors.append(field_error("inn", "ИНН физического лица: 12 цифр с верными контрольными цифрами"))
    out["inn"] = inn if isinstance(inn, str) else ""
    for key in ("registration_address", "residence_address"):
        out[key] = _str(data, key, errors, TEXT_FIELDS[key])
    phone = data.get("phone") or ""
    if phone and not v.normalize_phone(phone):
        errors.append(field_error("phone", "Телефон: +7 и 10 цифр"))
    out["phone"] = v.normalize_phone(phone) or ""
    email = data.get("email") or ""
    if email and not v.normalize_email(email):
        errors.append(field_error("email", "E-mail в формате name@example.ru"))
    out["email"] = v.normalize_email(email) or ""
    bank = data.get("bank") or {}
    if not isinstance(bank, dict):
        bank = {}
        errors.append(field_error("bank", "Неверные банковские реквизиты"))
    out["bank"] = {"bik": _str(bank, "bik", errors, 9, r"04\d{7}", "БИК — 9 цифр, начинается с 04") or "",
                   "account": _str(bank, "account", errors, 20, r"\d{20}", "Расчётный счёт — 20 цифр") or ""}
    if out["bank"]["bik"] and out["bank"]["account"] and not account_key_valid(out["bank"]["bik"], out["bank"]["account"]):
        errors.append(field_error("bank.account", "Счёт не соответствует БИК: проверьте цифры"))
    out["family"] = _list(data, "family", MAX_FAMILY, errors, _clean_relative)
    out["vehicles"] = _list(data, "vehicles", MAX_VEHICLES, errors, _clean_vehicle)
    if errors:
        raise validation(errors)
    return out


def time_today():
    return datetime.date.today()


def account_key_valid(bik, account):
    """Checks the control key of a settlement account against a bank's БИК (ЦБ РФ algorithm)."""
    digits = bik[-3:] + account
    weights = [7, 1, 3] * 8
    return sum(int(d) * w for d, w in zip(digits, weights)) % 10 == 0


def _list(data, key, limit, errors, clean):
    items = data.get(key) or []
    if not isinstance(items, list) or len(items) > limit:
        errors.append(field_error(key, "Не более %d записей" % limit))
        return []
    out = []
    for i, item in enumerate(items):
        sub = []
        c = clean(item if isinstance(item, dict) else {}, sub)
        for e in sub:
            errors.append(field_error("%s[%d].%s" % (key, i, e["field"]), e["message"]))
        out.append(c)
    return out


def _clean_relative(item, errors):
    rel = item.get("relation")
    if rel not in ("spouse", "child", "parent", "sibling", "other"):
        errors.append(field_error("relation", "Укажите степень родства"))
    r = {"relation": rel or "other"}
    r["last_name"] = v.check_name(item, "last_name", errors, label="Фамилия") or ""
    r["first_name"] = v.check_name(item, "first_name", errors, label="Имя") or ""
    r["middle_name"] = v.check_name(item, "middle_name", errors, required=False, label="Отчество") or ""
    d = v.parse_date(item.get("birth_date"))
    if d is None or d > time_today():
        errors.append(field_error("birth_date", "Дата рождения в формате ГГГГ-ММ-ДД, не в будущем"))
    r["birth_date"] = d.isoformat() if d else ""
    if item.get("account_id"):
        r["account_id"] = str(item["account_id"])[:32]
    return r


def _clean_vehicle(item, errors):
    return {"make": _str(item, "make", errors, 60, required=True) or "",
            "model": _str(item, "model", errors, 60) or "",
            "plate": _str(item, "plate", errors, 12, r"[АВЕКМНОРСТУХABEKMHOPCTYX]\d{3}[АВЕКМНОРСТУХABEKMHOPCTYX]{2}\d{2,3}",
                          "Госномер в формате А123ВС77") or "",
            "vin": _str(item, "vin", errors, 17, r"[A-HJ-NPR-Z0-9]{17}", "VIN — 17 латинских букв и цифр (без I, O, Q)") or ""}


def _current(con, account_id):
    return con.execute("SELECT * FROM profile_versions WHERE account_id = ? ORDER BY version DESC LIMIT 1", (account_id,)).fetchone()


def _data(server, row):
    """A version's data, decrypted (profiles are encrypted at rest with the server key)."""
    return json.loads(server.at_rest.open_text(row["data"], "profile_versions.data"))


def _version_body(server, row):
    return {"version": row["version"], "data": _data(server, row), "verified": json.loads(row["verified"]),
            "reason": row["reason"], "created_at": int(row["created_at"])}


def get_profile(req):
    return reply(200, _version_body(req.server, _current(req.server.db.connect(), req.account["id"])))


def _save(req, con, data, reason):
    cur = _current(con, req.account["id"])
    verified = json.loads(cur["verified"])
    old = _data(req.server, cur)
    changed_verified = [f for f in verified if _get(old, f) != _get(data, f)]
    if changed_verified:
        raise validation([field_error(f, "Подтверждённые данные из госреестра меняются в ведомстве, выдавшем документ")
                          for f in changed_verified])
    # A СНИЛС typed here is data, not a sign-in identifier: accounts.snils holds only a verified one
    # (from the registry). An e-mail that changes stops being one until it is confirmed again.
    acc = con.execute("SELECT email FROM accounts WHERE id = ?", (req.account["id"],)).fetchone()
    if acc["email"] and acc["email"] != data.get("email"):
        con.execute("UPDATE accounts SET email = NULL WHERE id = ?", (req.account["id"],))
    version = cur["version"] + 1
    con.execute("INSERT INTO profile_versions (account_id, version, data, verified, reason, created_at) VALUES (?,?,?,?,?,?)",
                (req.account["id"], version, req.server.at_rest.seal(json.dumps(data, ensure_ascii=False), "profile_versions.data"),
                 cur["verified"], reason, time.time()))
    changed = sorted(k for k in set(old) | set(data) if old.get(k) != data.get(k))
    log_event(con, req.account["id"], req, "profile_changed", ", ".join(changed))
    events.publish(req.server, con, req.account["id"], "profile_changed", {"version": version, "changed": changed, "reason": reason})
    return _version_body(req.server, _current(con, req.account["id"]))


def _get(data, path):
    for part in path.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _base_version(req, con):
    base = req.body.get("base_version")
    cur = _current(con, req.account["id"])
    if not isinstance(base, int):
        raise validation([field_error("base_version", "Укажите версию, которую вы изменяли")])
    if base != cur["version"]:
        raise ApiError(409, "version_conflict", "Профиль изменился в другом окне. Обновите страницу, ваши правки сохранены.",
                       extra={"current_version": cur["version"]})


def put_profile(req):
    data = clean_profile(req.body.get("data"))
    with req.server.db.transaction() as con:
        _base_version(req, con)
        body = _save(req, con, data, "edit")
    return reply(200, body)


def list_versions(req):
    rows = req.server.db.query("SELECT version, reason, created_at FROM profile_versions WHERE account_id = ? ORDER BY version DESC",
                               (req.account["id"],))
    return reply(200, {"items": [{"version": r["version"], "reason": r["reason"], "created_at": int(r["created_at"])} for r in rows]})


def _version_param(req):
    try:
        return int(req.params["version"])
    except ValueError:
        raise ApiError(404, "not_found", "Версия не найдена")


def get_version(req):
    row = req.server.db.one("SELECT * FROM profile_versions WHERE account_id = ? AND version = ?",
                            (req.account["id"], _version_param(req)))
    if row is None:
        raise ApiError(404, "not_found", "Версия не найдена")
    return reply(200, _version_body(req.server, row))


def restore_version(req):
    n = _version_param(req)
    with req.server.db.transaction() as con:
        row = con.execute("SELECT * FROM profile_versions WHERE account_id = ? AND version = ?", (req.account["id"], n)).fetchone()
        if row is None:
            raise ApiError(404, "not_found", "Версия не найдена")
        _base_version(req, con)
        current = _current(con, req.account["id"])
        cur = _data(req.server, current)
        data = _data(req.server, row)
        # Verified fields stay as the registry has them now.
        for f in json.loads(current["verified"]):
            top = f.split(".")[0]
            data[top] = cur.get(top)
        body = _save(req, con, data, "restore:%d" % n)
    return reply(200, body)


def list_consents(req):
    rows = req.server.db.query("SELECT * FROM consents WHERE account_id = ? ORDER BY given_at DESC", (req.account["id"],))
    return reply(200, {"items": [_consent(r) for r in rows], "purposes": CONSENT_PURPOSES})


def _consent(r):
    return {"id": r["id"], "purpose": r["purpose"], "title": CONSENT_PURPOSES.get(r["purpose"], r["purpose"]),
            "given_at": int(r["given_at"]), "withdrawn_at": int(r["withdrawn_at"]) if r["withdrawn_at"] else None}


def give_consent(req):
    purpose = req.body.get("purpose")
    if purpose not in CONSENT_PURPOSES:
        raise validation([field_error("purpose", "Неизвестная цель согласия")])
    with req.server.db.transaction() as con:
        cid = secrets.token_hex(8)
        con.execute("INSERT INTO consents (id, account_id, purpose, given_at) VALUES (?,?,?,?)",
                    (cid, req.account["id"], purpose, time.time()))
        log_event(con, req.account["id"], req, "consent_given", CONSENT_PURPOSES[purpose])
        row = con.execute("SELECT * FROM consents WHERE id = ?", (cid,)).fetchone()
    return reply(201, _consent(row))


def withdraw_consent(req):
    with req.server.db.transaction() as con:
        row = con.execute("SELECT * FROM consents WHERE id = ? AND account_id = ?", (req.params["id"], req.account["id"])).fetchone()
        if row is None:
            raise ApiError(404, "not_found", "Согласие не найдено")
        if row["withdrawn_at"] is None:
            con.execute("UPDATE consents SET withdrawn_at = ? WHERE id = ?", (time.time(), row["id"]))
            log_event(con, req.account["id"], req, "consent_withdrawn", CONSENT_PURPOSES.get(row["purpose"], ""))
        row = con.execute("SELECT * FROM consents WHERE id = ?", (row["id"],)).fetchone()
    return reply(200, _consent(row))
