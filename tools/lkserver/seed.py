"""Demo citizens for --seed: full profiles with valid СНИЛС, ИНН and passport data, two families
that know each other. Their credentials are created exactly as the client creates them
(Argon2id-derived authenticator, key pairs wrapped with the derived key) through libsodium (PyNaCl)."""
import base64
import json
import secrets
import time

from . import crypto
from .auth import auth_hash

PASSWORD = "Gosuslugi2026"

CITIZENS = [
    {"last_name": "Иванов", "first_name": "Иван", "middle_name": "Сергеевич", "birth_date": "1985-04-12", "gender": "male",
     "phone": "+79001234567", "email": "ivanov@example.ru", "snils": "11223344595", "inn": "500100732259",
     "passport": {"series": "4510", "number": "123456", "issued_at": "2005-05-20", "issued_by": "ОВД района Хамовники г. Москвы",
                  "division_code": "772-015"},
     "registration_address": "119034, г. Москва, ул. Пречистенка, д. 10, кв. 5",
     "residence_address": "119034, г. Москва, ул. Пречистенка, д. 10, кв. 5",
     "bank": {"bik": "044525225", "account": "40817810938160925982"},
     "family": [{"relation": "spouse", "last_name": "Иванова", "first_name": "Мария", "middle_name": "Петровна", "birth_date": "1987-09-03"},
                {"relation": "child", "last_name": "Иванов", "first_name": "Алексей", "middle_name": "Иванович", "birth_date": "2014-02-17"}],
     "vehicles": [{"make": "Lada", "model": "Vesta", "plate": "А123ВС77", "vin": "XTAGFL110KY123456"}]},
    {"last_name": "Иванова", "first_name": "Мария", "middle_name": "Петровна", "birth_date": "1987-09-03", "gender": "female",
     "phone": "+79001234568", "email": "ivanova@example.ru", "snils": "08765430300", "inn": "770708389187",
     "passport": {"series": "4512", "number": "654321", "issued_at": "2007-10-01", "issued_by": "ОВД района Арбат г. Москвы",
                  "division_code": "772-021"},
     "registration_address": "119034, г. Москва, ул. Пречистенка, д. 10, кв. 5",
     "residence_address": "119034, г. Москва, ул. Пречистенка, д. 10, кв. 5",
     "bank": {"bik": "044525225", "account": "40817810538160925984"},
     "family": [{"relation": "spouse", "last_name": "Иванов", "first_name": "Иван", "middle_name": "Сергеевич", "birth_date": "1985-04-12"},
                {"relation": "child", "last_name": "Иванов", "first_name": "Алексей", "middle_name": "Иванович", "birth_date": "2014-02-17"}],
     "vehicles": []},
    {"last_name": "Петров", "first_name": "Пётр", "middle_name": "Алексеевич", "birth_date": "1979-12-30", "gender": "male",
     "phone": "+79161112233", "email": "petrov@example.ru", "snils": "12345678964", "inn": "771234567859",
     "passport": {"series": "4603", "number": "111222", "issued_at": "2000-01-15", "issued_by": "ОВД г. Подольска Московской обл.",
                  "division_code": "502-042"},
     "registration_address": "142100, Московская обл., г. Подольск, ул. Ленина, д. 3, кв. 12",
     "residence_address": "142100, Московская обл., г. Подольск, ул. Ленина, д. 3, кв. 12",
     "bank": {"bik": "044525225", "account": "40817810338160925980"},
     "family": [{"relation": "child", "last_name": "Петрова", "first_name": "Анна", "middle_name": "Петровна", "birth_date": "2008-06-01"}],
     "vehicles": []},
]
VERIFIED = ["snils", "inn", "passport"]


def seed(server):
    """Creates the demo citizens that do not exist yet; returns their logins for printing."""
    out = []
    for c in CITIZENS:
        name = "%s %s %s" % (c["last_name"], c["first_name"], c["middle_name"])
        out.append({"name": name, "phone": c["phone"], "email": c["email"], "snils": c["snils"], "password": PASSWORD})
        if server.db.one("SELECT 1 FROM accounts WHERE phone = ?", (c["phone"],)):
            continue
        salt = crypto.random_bytes(16)
        authenticator, wrap_key = crypto.derive_login_keys(PASSWORD, salt)
        bpk, bsk, spk, ssk = crypto.generate_keys()
        wrapped = crypto.wrap_keys(bsk, ssk, wrap_key)
        b64 = lambda raw: base64.b64encode(raw).decode("ascii")  # noqa: E731
        seal = server.at_rest.seal
        with server.db.transaction() as con:
            cur = con.execute(
                "INSERT INTO accounts (public_id, phone, email, snils, status, kdf_salt, kdf_ops, kdf_mem, auth_hash, wrapped_keys, "
                "pk_x25519, pk_ed25519, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (secrets.token_hex(8), c["phone"], c["email"], c["snils"], "active", b64(salt), crypto.KDF_OPS, crypto.KDF_MEM,
                 auth_hash(server, authenticator), seal(wrapped, "accounts.wrapped_keys"), b64(bpk), b64(spk), time.time()))
            con.execute("INSERT INTO profile_versions (account_id, version, data, verified, reason, created_at) VALUES (?,?,?,?,?,?)",
                        (cur.lastrowid, 1, seal(json.dumps(c, ensure_ascii=False), "profile_versions.data"), json.dumps(VERIFIED),
                         "registration", time.time()))
            con.execute("INSERT INTO consents (id, account_id, purpose, given_at) VALUES (?,?,?,?)",
                        (secrets.token_hex(8), cur.lastrowid, "personal_data", time.time()))
            if c is CITIZENS[0]:
                _seed_applications(server, con, cur.lastrowid, spk, ssk)
                _seed_charges(con, cur.lastrowid)
                # «Уведомления»: what the moves above made; the older ones already read.
                con.execute("UPDATE notifications SET read_at = created_at WHERE account_id = ? AND id NOT IN "
                            "(SELECT id FROM notifications WHERE account_id = ? ORDER BY created_at DESC LIMIT 2)",
                            (cur.lastrowid, cur.lastrowid))
    return out


# «Мои заявления» of the first citizen: one application in each of the statuses people meet most,
# with the timeline that led there (created through the same table, status.py).
DEMO_APPLICATIONS = [
    ("P-01", 20, [("accepted", "agency", "Заявление зарегистрировано", {})]),
    ("ZP-10", 12, [("accepted", "agency", "", {}), ("in_progress", "agency", "Передано на рассмотрение", {})]),
    ("SB-01", 9, [("accepted", "agency", "", {}), ("in_progress", "agency", "", {}),
                  ("needs_info", "agency", "Нужны сведения о доходах", {"question": "Приложите справку о доходах супруги за последние 12 месяцев.",
                                                                         "answer_days": 10})]),
    ("RG-01", 30, [("accepted", "agency", "", {}), ("in_progress", "agency", "", {}), ("done", "agency", "Регистрация оформлена", {})]),
    ("ND-01", 40, [("rejected", "agency", "", {"reason": "Не приложен договор купли-продажи жилья.",
                                                "what_to_do": "Подайте заявление заново и приложите договор и платёжные документы."})]),
]


GIBDD = {"name": "УФК по г. Москве (ГУ МВД России по г. Москве)", "inn": "7707089101", "kpp": "770731005",
         "bik": "004525988", "account": "03100643000000017300"}
FNS = {"name": "УФК по Тульской области (Межрегиональная инспекция ФНС России по управлению долгом)", "inn": "7727406020",
       "kpp": "770801001", "bik": "017003983", "account": "03100643000000018500"}


def _seed_charges(con, account_id):
    """«Начисления и платежи»: a fine still at half price, one past its discount, a property tax."""
    from . import payments
    now = time.time()
    day = 86400
    payments.create_charge(con, account_id, "fine", 150000, "Штраф по постановлению 18810177260000012345: превышение скорости на 20–40 км/ч",
                           GIBDD, now + 55 * day, decided_at=now - 5 * day, now=now - 5 * day)
    payments.create_charge(con, account_id, "fine", 50000, "Штраф по постановлению 18810177260000054321: нарушение правил парковки",
                           GIBDD, now + 30 * day, decided_at=now - 30 * day, now=now - 30 * day)
    payments.create_charge(con, account_id, "tax", 348700, "Налог на имущество физических лиц за 2025 год", FNS, now + 1 * day, now=now - 40 * day)


def _seed_applications(server, con, account_id, spk, ssk):
    from . import agency, applications, forms, status
    b64 = lambda raw: base64.b64encode(raw).decode("ascii")  # noqa: E731
    now = time.time()
    for code, days_ago, moves in DEMO_APPLICATIONS:
        text = json.dumps({"form_code": code, "answers": {}}, sort_keys=True, separators=(",", ":"))
        envelope = json.dumps({"application": text, "signature": b64(crypto.sign_detached(text.encode(), ssk)),
                               "signer": b64(spk), "v": 1}).encode()
        sealed = crypto.box_seal(envelope, server.agency_keys[forms.FORMS[code]["agency"]][0])
        t = now - days_ago * 86400
        app_id = applications.insert_submitted(con, applications.new_number(), account_id, code, sealed, b"", t, len(sealed), 0, b64(spk))
        row = con.execute("SELECT * FROM applications WHERE id = ?", (app_id,)).fetchone()
        for i, (to, actor, comment, extra) in enumerate(moves, start=1):
            info = dict(extra)
            if "answer_days" in info:
                info["answer_due"] = applications.add_working_days(now, info.pop("answer_days"))
            if to == "done":
                info["document"] = agency.issue_document(server, con, row, now - 3600)
            row = status.move(server, con, row, to, actor, comment=comment, info=info)
            # Spread over the days since submission, as they happened (move() stamps "now").
            at = t + i * (now - 3600 - t) / len(moves)
            con.execute("UPDATE application_history SET at = ? WHERE id = (SELECT MAX(id) FROM application_history WHERE application_id = ?)",
                        (at, row["id"]))
            con.execute("UPDATE applications SET updated_at = ? WHERE id = ?", (at, row["id"]))
            con.execute("UPDATE notifications SET created_at = ? WHERE id = (SELECT MAX(id) FROM notifications WHERE account_id = ? "
                        "AND kind = 'application_status')", (at, account_id))
            if i == len(moves) and to in ("accepted", "in_progress") and t + 20 * 86400 > now:
                # The state fee of a paid service still being worked on, billed at submission.
                from . import payments
                payments.charge_for_application(con, account_id, row["id"], applications.SERVICE_BY_FORM.get(code, {}), t)
            if to in ("accepted", "in_progress"):
                agency.record_access(con, account_id, forms.FORMS[code]["agency"], "Заявление № %s" % row["number"],
                                     "Регистрация заявления" if to == "accepted" else "Рассмотрение заявления", at)

