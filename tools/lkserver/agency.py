"""The agency simulator: what the receiving agencies do with an application, played by the reference
backend so that the whole life of an application can be seen and tested (SPEC §5).

- On submission an application gets a plan: when the next step is due and how it will end —
  «Готово», «Отклонено» or «Требуются уточнения» first. The outcome is drawn from a random
  generator seeded with (--agency-seed, the application's id), so a run is reproducible; the
  development interface can set it.
- Every step goes through status.move() with actor "agency" (the expiry of an unanswered question
  with actor "system"), so the simulator obeys the same table as everybody else.
- Registering («Принято») means opening the sealed application with the agency's key and checking
  the applicant's signature; one that does not open or verify is refused with the reason. The
  reading is recorded in the user's «Кто смотрел мои данные» (data_access).
- «Готово» issues a result document (docs/documents.md): a statement signed with the agency's
  Ed25519 key — the key the client pins — and the document's content sealed to the applicant.
- The pace (--agency-pace): "days" (each step one working day, as in production), a number of
  seconds per step (development and tests), or "off" (only the development interface moves
  applications).
"""
import base64
import hashlib
import json
import os
import random
import secrets
import time

from . import crypto, events, forms, notify, status
from .errors import ApiError, field_error, validation
from .responses import reply

_PATH = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "agencies.json")
with open(_PATH, encoding="utf-8") as f:
    AGENCIES = {a["code"]: a for a in json.load(f)["agencies"]}
BY_NAME = {a["name"]["ru"]: code for code, a in AGENCIES.items()}

OUTCOMES = ("done", "rejected", "needs_info")
# How often each outcome is drawn: most applications succeed.
WEIGHTS = (6, 2, 2)
ANSWER_STEPS = 10          # a question is answered within 10 steps (working days in production)
BATCH = 100                # applications advanced per tick: a backlog is worked off over ticks
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

RESULTS = {
    "P-01": ("Паспорт гражданина РФ готов к выдаче", "Паспорт оформлен. Получите его в подразделении по вопросам миграции, взяв с собой старый паспорт."),
    "ZP-10": ("Заграничный паспорт готов к выдаче", "Заграничный паспорт нового образца оформлен. Получите его в подразделении, указанном в заявлении."),
    "RG-01": ("Свидетельство о регистрации по месту жительства", "Регистрация по месту жительства оформлена."),
    "ZD-01": ("Подтверждение записи на приём", "Запись на приём подтверждена."),
    "ND-01": ("Решение о предоставлении налогового вычета", "Налоговый вычет предоставлен. Сумма будет перечислена на указанный счёт."),
    "SB-01": ("Решение о назначении единого пособия", "Единое пособие назначено."),
    "TS-01": ("Свидетельство о регистрации транспортного средства", "Транспортное средство зарегистрировано."),
    "BZ-10": ("Лист записи ЕГРИП", "Индивидуальный предприниматель зарегистрирован."),
}
QUESTION = "Приложите скан-копию документа, удостоверяющего личность (все страницы с отметками)."
REFUSAL = ("Сведения в заявлении не совпадают с данными ведомства.", "Проверьте сведения в профиле и подайте заявление заново.")


def signing_key(code):
    """(pk, sk) of a test agency: the seed is published in docs/agencies.json."""
    seed = hashlib.blake2b(("lk-test-agency-v1:" + code).encode(), digest_size=32).digest()
    return crypto.sign_seed_keypair(seed)


def agency_code(form_code):
    return BY_NAME[forms.FORMS[form_code]["agency"]]


def canonical(obj):
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def b64(raw):
    return base64.b64encode(raw).decode("ascii")


class Pace:
    def __init__(self, spec="days"):
        spec = str(spec)
        if spec not in ("off", "days"):
            seconds = float(spec)
            if not 0.05 <= seconds <= 86400:
                raise ValueError("--agency-pace: off, days or 0.05..86400 seconds")
        self.spec = spec

    @property
    def off(self):
        return self.spec == "off"

    def after(self, t, steps):
        """The moment `steps` steps after t."""
        if self.spec in ("off", "days"):
            from .applications import add_working_days
            return add_working_days(t, steps)
        return t + steps * float(self.spec)

    def tick_seconds(self):
        if self.spec in ("off", "days"):
            return 60.0
        return max(0.05, min(1.0, float(self.spec) / 4))


def plan(server, con, app_id, t, outcome=None):
    """A fresh application's plan (in the submission's transaction)."""
    if outcome is None:
        rng = random.Random("%d:%d" % (server.agency_seed, app_id))
        outcome = rng.choices(OUTCOMES, WEIGHTS)[0]
    con.execute("INSERT OR REPLACE INTO agency_plans (application_id, next_at, outcome, asked) VALUES (?,?,?,0)",
                (app_id, server.agency_pace.after(t, 1), outcome))


def resume(server, con, app_id, t):
    """The applicant answered the question: the agency goes on, and does not ask again."""
    con.execute("UPDATE agency_plans SET next_at = ?, asked = 1 WHERE application_id = ?", (server.agency_pace.after(t, 1), app_id))


def record_access(con, account_id, who, what, why, t=None):
    """An entry of «Кто смотрел мои данные»."""
    con.execute("INSERT INTO data_access (account_id, at, who, what, why) VALUES (?,?,?,?,?)",
                (account_id, t or time.time(), who[:200], what[:300], why[:300]))


def _opens(server, row, sealed=None):
    """Opens the sealed application (or an answer to the agency's question, `sealed`) as the agency
    does: the reason it cannot be read, or None."""
    pk, sk = server.agency_keys[forms.FORMS[row["form_code"]]["agency"]]
    plain = crypto.box_seal_open(bytes(row["sealed"] if sealed is None else sealed), pk, sk)
    if plain is None:
        return "Заявление не удалось расшифровать ключом ведомства."
    try:
        env = json.loads(plain.decode("utf-8"))
        text = env["application"].encode("utf-8")
        signer = base64.b64decode(env["signer"])
        signature = base64.b64decode(env["signature"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return "Заявление повреждено: его не удалось прочитать."
    if not crypto.sign_verify_detached(signature, text, signer):
        return "Подпись заявителя под заявлением не сходится."
    if row["signer_key"] and b64(signer) != row["signer_key"]:
        return "Заявление подписано не ключом заявителя."
    if "cosigners" in env:
        return _joint_problem(env)
    return None


def _joint_problem(env):
    """A joint application from a room: every co-applicant's signature over the document's hash
    (docs/rooms.md, "Documents"), and the words the hash names."""
    try:
        app = json.loads(env["application"])
        words = app["words"].encode("utf-8")
        text = "lk-room-document|%s|%s|%d|%s" % (app["room"], app["document"], app["version"], app["hash"])
        cosigners = env["cosigners"]
    except (ValueError, KeyError, TypeError):
        return "Совместное заявление повреждено: его не удалось прочитать."
    if hashlib.sha256(words).hexdigest() != app["hash"]:
        return "Текст совместного заявления не совпадает с подписанным."
    if not isinstance(cosigners, list) or not cosigners:
        return "Под совместным заявлением нет подписей заявителей."
    for c in cosigners:
        try:
            ok = crypto.sign_verify_detached(base64.b64decode(c["signature"]), text.encode("utf-8"), base64.b64decode(c["signer"]))
        except (ValueError, KeyError, TypeError):
            ok = False
        if not ok:
            return "Подпись одного из заявителей под совместным заявлением не сходится."
    return None


def new_code():
    raw = [CODE_ALPHABET[secrets.randbelow(len(CODE_ALPHABET))] for _ in range(16)]
    return "-".join("".join(raw[i:i + 4]) for i in range(0, 16, 4))


def issue_document(server, con, app_row, t):
    """The result of an application «Готово»: the agency's signed statement (public, checked by
    «Проверить документ») and the content sealed to the applicant (only they can read it)."""
    code_agency = agency_code(app_row["form_code"])
    title, text = RESULTS.get(app_row["form_code"], ("Результат оказания услуги", "Услуга оказана."))
    acc = con.execute("SELECT pk_x25519 FROM accounts WHERE id = ?", (app_row["account_id"],)).fetchone()
    content = canonical({"v": 1, "title": title, "text": text, "application": app_row["number"],
                         "service": forms.FORMS[app_row["form_code"]]["title"]}).encode("utf-8")
    code = new_code()
    statement = canonical({"v": 1, "code": code, "kind": "result", "issuer": code_agency, "title": title, "issued_at": int(t),
                           "application": app_row["number"], "content_sha256": hashlib.sha256(content).hexdigest()})
    _, sk = signing_key(code_agency)
    signature = crypto.sign_detached(statement.encode("utf-8"), sk)
    sealed = crypto.box_seal(content, base64.b64decode(acc["pk_x25519"])) if acc and acc["pk_x25519"] else b""
    con.execute("INSERT INTO documents (code, account_id, application_id, kind, title, issuer, issued_at, statement, signature, sealed) "
                "VALUES (?,?,?,?,?,?,?,?,?,?)",
                (code, app_row["account_id"], app_row["id"], "result", title, code_agency, t, statement, signature, sealed))
    events.publish(server, con, app_row["account_id"], "document_issued", {"code": code, "application": app_row["number"], "title": title})
    notify.notify(server, con, app_row["account_id"], "status", "document_issued",
                  {"number": app_row["number"], "title": title, "code": code}, {"type": "document", "id": code},
                  "Готов документ «%s» по заявлению № %s" % (title, app_row["number"]), now=t)
    return code


def revoke_document(server, con, doc, reason, t=None):
    """The agency withdraws a document: a signed revocation the client checks like the statement."""
    t = t or time.time()
    revocation = canonical({"v": 1, "code": doc["code"], "revoked_at": int(t), "reason": reason})
    _, sk = signing_key(doc["issuer"])
    con.execute("UPDATE documents SET revocation = ?, revocation_signature = ? WHERE code = ?",
                (revocation, crypto.sign_detached(revocation.encode("utf-8"), sk), doc["code"]))


def _advance(server, con, row, now):
    """One step of one application (a row of agency_plans joined with applications)."""
    app = con.execute("SELECT * FROM applications WHERE id = ?", (row["application_id"],)).fetchone()
    st = app["status"]
    agency_name = forms.FORMS[app["form_code"]]["agency"]
    nxt = server.agency_pace.after(now, 1)
    if st == "submitted":
        why_not = _opens(server, app)
        record_access(con, app["account_id"], agency_name, "Заявление № %s" % app["number"], "Регистрация заявления", now)
        if why_not:
            status.move(server, con, app, "rejected", "agency", comment="Заявление не принято",
                        info={"reason": why_not, "what_to_do": "Подайте заявление заново."})
            con.execute("DELETE FROM agency_plans WHERE application_id = ?", (app["id"],))
            return
        status.move(server, con, app, "accepted", "agency", comment="Заявление зарегистрировано")
    elif st == "accepted":
        record_access(con, app["account_id"], agency_name, "Заявление № %s" % app["number"], "Рассмотрение заявления", now)
        status.move(server, con, app, "in_progress", "agency", comment="Передано на рассмотрение")
    elif st == "in_progress":
        outcome = row["outcome"]
        answer = con.execute("SELECT sealed FROM application_answers WHERE application_id = ? ORDER BY id DESC LIMIT 1",
                             (app["id"],)).fetchone()
        if answer is not None:
            # The applicant's answer (and the files it references) is read before the decision.
            record_access(con, app["account_id"], agency_name, "Ответ на вопрос ведомства по заявлению № %s" % app["number"],
                          "Рассмотрение ответа заявителя", now)
            why_not = _opens(server, app, answer["sealed"])
            if why_not:
                status.move(server, con, app, "rejected", "agency", comment="Ответ не принят",
                            info={"reason": "Ответ на вопрос ведомства не прочитан. " + why_not, "what_to_do": "Подайте заявление заново."})
                con.execute("DELETE FROM agency_plans WHERE application_id = ?", (app["id"],))
                return
        if outcome == "needs_info" and row["asked"]:
            outcome = "done"
        if outcome == "needs_info":
            due = server.agency_pace.after(now, ANSWER_STEPS)
            status.move(server, con, app, "needs_info", "agency", comment="Нужны дополнительные сведения",
                        info={"question": QUESTION, "answer_due": due})
            # Next look: when the answer is due (an answer resumes the plan earlier).
            con.execute("UPDATE agency_plans SET next_at = ?, asked = 1 WHERE application_id = ?", (due + 0.001, app["id"]))
            return
        if outcome == "rejected":
            status.move(server, con, app, "rejected", "agency", comment="Отказано", info={"reason": REFUSAL[0], "what_to_do": REFUSAL[1]})
        else:
            code = issue_document(server, con, app, now)
            status.move(server, con, app, "done", "agency", comment="Услуга оказана", info={"document": code})
        con.execute("DELETE FROM agency_plans WHERE application_id = ?", (app["id"],))
        return
    elif st == "needs_info":
        info = json.loads(app["info"] or "{}")
        if now <= float(info.get("answer_due") or 0):
            con.execute("UPDATE agency_plans SET next_at = ? WHERE application_id = ?", (float(info["answer_due"]) + 0.001, app["id"]))
            return
        status.move(server, con, app, "expired", "system", comment="Срок ответа истёк")
        con.execute("DELETE FROM agency_plans WHERE application_id = ?", (app["id"],))
        return
    else:   # cancelled by the applicant, or moved to an end by the development interface
        con.execute("DELETE FROM agency_plans WHERE application_id = ?", (app["id"],))
        return
    con.execute("UPDATE agency_plans SET next_at = ? WHERE application_id = ?", (nxt, app["id"]))


def tick(server, now=None):
    """Advances every application whose step is due; returns how many moved. Each application in
    its own transaction: one that fails (a racing move) does not hold up the others."""
    if server.agency_pace.off:
        return 0
    now = now or time.time()
    due = server.db.query("SELECT application_id FROM agency_plans WHERE next_at <= ? ORDER BY next_at LIMIT ?", (now, BATCH))
    moved = 0
    for d in due:
        try:
            with server.db.transaction() as con:
                row = con.execute("SELECT * FROM agency_plans WHERE application_id = ? AND next_at <= ?",
                                  (d["application_id"], now)).fetchone()
                if row is None:
                    continue
                _advance(server, con, row, now)
                moved += 1
        except ApiError:
            # Someone else moved it between our read and our move (the applicant's cancel): the
            # next tick sees the new status.
            continue
    return moved


# -- development interface ---------------------------------------------------------------------
def dev_plan(req):
    """POST /dev/agency/applications/{number}/plan {"outcome", "next_in"}: sets how the simulator
    ends this application and when its next step is due (seconds from now)."""
    if not req.server.dev:
        raise ApiError(404, "not_found", "Ресурс не найден")
    outcome = req.body.get("outcome")
    next_in = req.body.get("next_in", 0)
    if outcome not in OUTCOMES:
        raise validation([field_error("outcome", "Одно из: " + ", ".join(OUTCOMES))])
    if not isinstance(next_in, (int, float)) or not 0 <= next_in <= 86400:
        raise validation([field_error("next_in", "От 0 до 86400 секунд")])
    with req.server.db.transaction() as con:
        app = con.execute("SELECT * FROM applications WHERE number = ?", (req.params["number"],)).fetchone()
        if app is None:
            raise ApiError(404, "not_found", "Заявление не найдено")
        if status.STATUSES.get(app["status"], {}).get("terminal"):
            raise ApiError(409, "invalid_transition", "Заявление уже в конечном статусе")
        con.execute("INSERT INTO agency_plans (application_id, next_at, outcome, asked) VALUES (?,?,?,0) "
                    "ON CONFLICT(application_id) DO UPDATE SET next_at = excluded.next_at, outcome = excluded.outcome",
                    (app["id"], time.time() + next_in, outcome))
    return reply(200, {"number": app["number"], "status": app["status"], "outcome": outcome, "next_at": time.time() + next_in})


def dev_tick(req):
    """POST /dev/agency/tick: runs the simulator now (tests that do not want to wait for the loop)."""
    if not req.server.dev:
        raise ApiError(404, "not_found", "Ресурс не найден")
    return reply(200, {"moved": tick(req.server)})


def dev_revoke(req):
    """POST /dev/agency/documents/{code}/revoke {"reason"}: the agency withdraws a document."""
    if not req.server.dev:
        raise ApiError(404, "not_found", "Ресурс не найден")
    reason = req.body.get("reason", "")
    if not isinstance(reason, str) or not reason.strip() or len(reason) > 500:
        raise validation([field_error("reason", "Причина: от 1 до 500 символов")])
    with req.server.db.transaction() as con:
        doc = con.execute("SELECT * FROM documents WHERE code = ?", (req.params["code"],)).fetchone()
        if doc is None:
            raise ApiError(404, "not_found", "Документ не найден")
        revoke_document(req.server, con, doc, reason.strip())
    return reply(200, {"code": doc["code"], "revoked": True})
