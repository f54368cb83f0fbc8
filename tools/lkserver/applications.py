"""Drafts, attachments and applications (SPEC §4). The server stores only ciphertext:

- a draft is encrypted on the device with a key only the user's client can derive; the server
  keeps the blob and the form it belongs to, so that «Черновики» can be listed;
- an attachment is encrypted on the device with a fresh per-file key and uploaded in chunks
  (progress, resume after a dropped connection); its key travels only inside the sealed
  application;
- an application is the canonical JSON of the answers, signed with the user's Ed25519 key and
  sealed (crypto_box_seal) to the agency's X25519 key. The server checks who is asking, that
  the attachments are the caller's and complete, and gives the application a number without
  ambiguous characters. A copy of the answers encrypted for the user (own_copy) lets the user
  reuse them in a later application of the same form.

Agency keys: the reference backend plays the agencies too, so it keeps their key pairs in a file
beside the database (never in it); the public keys are published with the form schemas.
"""
import base64
import hashlib
import json
import os
import secrets
import time

from . import agency, crypto, events, forms, payments, status
from .auth import log_event
from .catalog import CATALOG
from .responses import reply
from .errors import ApiError, KeepWritesError, field_error, query_int, validation
from .limits import APPLICATIONS_PER_DAY

MAX_DRAFT = 512 * 1024          # ciphertext of one draft
MAX_DRAFTS = 50                 # per user
MAX_FILE = 5 * 1024 * 1024 + 2048  # a 5 MB file + secretstream header and a tag per 64 KB chunk
MAX_CHUNK = 512 * 1024
MAX_FILES = 10
MAX_SEALED = 256 * 1024
PENDING_ATTACHMENTS = 40        # uploads not yet part of an application, per user
QUOTA = 200 * 1024 * 1024       # bytes per user: drafts + attachments (encrypted, as stored)
NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
SERVICE_BY_FORM = {s["form_code"]: s for s in CATALOG["services"] if s.get("form_code")}


def b64(raw):
    return base64.b64encode(raw).decode("ascii")


def unb64(value, field, max_len):
    if not isinstance(value, str) or len(value) > (max_len * 4) // 3 + 8:
        raise validation([field_error(field, "Ожидается строка base64 не длиннее %d байт" % max_len)])
    try:
        raw = base64.b64decode(value, validate=True)
    except (ValueError, base64.binascii.Error):
        raise validation([field_error(field, "Ожидается строка base64")])
    if len(raw) > max_len:
        raise validation([field_error(field, "Слишком большое значение")])
    return raw


def form_code_param(req):
    code = req.params.get("code", "")
    if code not in forms.FORMS:
        raise ApiError(404, "not_found", "Форма не найдена")
    return code


# -- agency keys -------------------------------------------------------------------------------
def load_agency_keys(db_path):
    """{agency name: (pk, sk)}, created on first start beside the database (mode 600)."""
    path = db_path + ".agency-keys.json"
    agencies = sorted({f["agency"] for f in forms.FORMS.values()})
    keys = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            keys = {k: (base64.b64decode(v["pk"]), base64.b64decode(v["sk"])) for k, v in json.load(f).items()}
    if any(a not in keys for a in agencies):
        for a in agencies:
            if a not in keys:
                pk, sk, _, _ = crypto.generate_keys()
                keys[a] = (pk, sk)
        fd = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({k: {"pk": b64(pk), "sk": b64(sk)} for k, (pk, sk) in keys.items()}, f, ensure_ascii=False)
        os.replace(path + ".tmp", path)
    return keys


def agency_public_key(server, form_code):
    return b64(server.agency_keys[forms.FORMS[form_code]["agency"]][0])


def used_bytes(con, account_id):
    drafts = con.execute("SELECT COALESCE(SUM(LENGTH(blob)), 0) FROM drafts WHERE account_id = ?", (account_id,)).fetchone()[0]
    files = con.execute("SELECT COALESCE(SUM(size), 0) FROM attachments WHERE account_id = ?", (account_id,)).fetchone()[0]
    return drafts + files


def check_quota(req, con, adding, replacing=0):
    quota = req.server.quota
    used = used_bytes(con, req.account["id"]) - replacing
    if used + adding > quota:
        raise ApiError(413, "quota_exceeded", "Место для ваших файлов и черновиков закончилось (%d МБ): удалите ненужные черновики"
                       % (quota // (1024 * 1024)), extra={"quota": quota, "used": used})


# -- drafts ------------------------------------------------------------------------------------
def list_drafts(req):
    rows = req.server.db.query("SELECT form_code, service_id, updated_at, LENGTH(blob) AS size FROM drafts WHERE account_id = ? "
                               "ORDER BY updated_at DESC", (req.account["id"],))
    return reply(200, {"items": [{"form_code": r["form_code"], "service_id": r["service_id"], "title": forms.FORMS[r["form_code"]]["title"],
                            "updated_at": r["updated_at"], "size": r["size"]} for r in rows]})


def get_draft(req):
    code = form_code_param(req)
    r = req.server.db.one("SELECT blob, service_id, updated_at FROM drafts WHERE account_id = ? AND form_code = ?", (req.account["id"], code))
    if r is None:
        # Not an error for the client: a form usually starts without a draft.
        return reply(200, {"form_code": code, "exists": False, "blob": "", "updated_at": 0})
    return reply(200, {"form_code": code, "exists": True, "service_id": r["service_id"], "blob": r["blob"], "updated_at": r["updated_at"]})


def put_draft(req):
    code = form_code_param(req)
    blob = req.body.get("blob")
    unb64(blob, "blob", MAX_DRAFT)
    service = SERVICE_BY_FORM.get(code)
    t = time.time()
    with req.server.db.transaction() as con:
        n = con.execute("SELECT COUNT(*) FROM drafts WHERE account_id = ? AND form_code != ?", (req.account["id"], code)).fetchone()[0]
        if n >= MAX_DRAFTS:
            raise ApiError(409, "too_many_drafts", "Слишком много черновиков: удалите ненужные")
        old = con.execute("SELECT LENGTH(blob) FROM drafts WHERE account_id = ? AND form_code = ?", (req.account["id"], code)).fetchone()
        check_quota(req, con, len(blob), old[0] if old else 0)
        con.execute("INSERT INTO drafts (account_id, form_code, service_id, blob, updated_at) VALUES (?,?,?,?,?) "
                    "ON CONFLICT(account_id, form_code) DO UPDATE SET blob = excluded.blob, updated_at = excluded.updated_at",
                    (req.account["id"], code, service["id"] if service else "", blob, t))
    return reply(200, {"form_code": code, "updated_at": t})


def delete_draft(req):
    code = form_code_param(req)
    with req.server.db.transaction() as con:
        con.execute("DELETE FROM drafts WHERE account_id = ? AND form_code = ?", (req.account["id"], code))
    return reply(204)


# -- attachments -------------------------------------------------------------------------------
def create_attachment(req):
    size = req.body.get("size")
    digest = req.body.get("sha256")
    if not isinstance(size, int) or size <= 0 or size > MAX_FILE:
        raise validation([field_error("size", "Файл должен быть не больше 5 МБ")])
    if not isinstance(digest, str) or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise validation([field_error("sha256", "Ожидается SHA-256 в шестнадцатеричном виде")])
    aid = secrets.token_hex(16)
    with req.server.db.transaction() as con:
        n = con.execute("SELECT COUNT(*) FROM attachments WHERE account_id = ? AND application_id IS NULL AND room_message IS NULL AND appeal_message IS NULL",
                        (req.account["id"],)).fetchone()[0]
        if n >= PENDING_ATTACHMENTS:
            # The oldest unused uploads make room (an abandoned form must not block new ones).
            con.execute("DELETE FROM attachments WHERE id IN (SELECT id FROM attachments WHERE account_id = ? AND application_id IS NULL AND room_message IS NULL AND appeal_message IS NULL "
                        "ORDER BY created_at LIMIT ?)", (req.account["id"], n - PENDING_ATTACHMENTS + 1))
        check_quota(req, con, size)
        con.execute("INSERT INTO attachments (id, account_id, size, sha256, data, created_at) VALUES (?,?,?,?,?,?)",
                    (aid, req.account["id"], size, digest, b"", time.time()))
    return reply(201, {"id": aid, "received": 0, "size": size})


def bound(r):
    """Part of an application, a room's chat message or a support message: fixed from then on."""
    return r["application_id"] is not None or r["room_message"] is not None or r["appeal_message"] is not None


def unused_upload(con, account_id, aid):
    """The caller's own upload, received whole and part of nothing yet — what an application, a
    room's message or a support message may take; None otherwise (someone else's, unknown, partly
    received and already sent look the same to the caller)."""
    a = con.execute("SELECT size, received, application_id, room_message, appeal_message FROM attachments WHERE id = ? AND account_id = ?",
                    (aid if isinstance(aid, str) else "", account_id)).fetchone()
    return None if a is None or a["received"] != a["size"] or bound(a) else a


def _own_attachment(con, req):
    r = con.execute("SELECT * FROM attachments WHERE id = ? AND account_id = ?", (req.params["id"], req.account["id"])).fetchone()
    if r is None:
        raise ApiError(404, "not_found", "Файл не найден")
    return r


def put_attachment_chunk(req):
    """Appends one chunk (a row of its own: the stored part is never rewritten). The SHA-256 of the
    whole is checked when the last byte arrives."""
    offset = req.body.get("offset")
    data = unb64(req.body.get("data"), "data", MAX_CHUNK)
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise validation([field_error("offset", "Смещение — целое число байт от 0")])
    with req.server.db.transaction() as con:
        r = _own_attachment(con, req)
        received = r["received"]
        if bound(r):
            raise ApiError(409, "attached", "Файл уже приложен к заявлению или сообщению")
        if offset != received:
            # The client resumes from here (a chunk was lost or sent twice).
            raise ApiError(409, "offset_mismatch", "Продолжите загрузку с байта %d" % received, extra={"received": received})
        if received + len(data) > r["size"]:
            raise validation([field_error("data", "Больше заявленного размера")])
        if not data:
            raise validation([field_error("data", "Пустой фрагмент")])
        con.execute("INSERT INTO attachment_chunks (attachment_id, offset, data) VALUES (?,?,?)", (r["id"], offset, data))
        received += len(data)
        complete = received == r["size"]
        if complete and hashlib.sha256(attachment_bytes(con, r["id"])).hexdigest() != r["sha256"]:
            con.execute("DELETE FROM attachment_chunks WHERE attachment_id = ?", (r["id"],))
            con.execute("UPDATE attachments SET received = 0, data = ? WHERE id = ?", (b"", r["id"]))
            raise _ChecksumMismatch()
        con.execute("UPDATE attachments SET received = ? WHERE id = ?", (received, r["id"]))
    return reply(200, {"id": r["id"], "received": received, "size": r["size"], "complete": complete})


def attachment_bytes(con, attachment_id):
    """The stored ciphertext of an attachment: a legacy single blob, then the appended chunks."""
    legacy = con.execute("SELECT data FROM attachments WHERE id = ?", (attachment_id,)).fetchone()
    parts = [bytes(legacy[0])] if legacy and legacy[0] else []
    parts += [bytes(c[0]) for c in con.execute("SELECT data FROM attachment_chunks WHERE attachment_id = ? ORDER BY offset", (attachment_id,))]
    return b"".join(parts)


def delete_attachment(req):
    with req.server.db.transaction() as con:
        r = _own_attachment(con, req)
        if bound(r):
            raise ApiError(409, "attached", "Файл уже приложен к заявлению или сообщению")
        con.execute("DELETE FROM attachments WHERE id = ?", (r["id"],))
    return reply(204)


# -- applications ------------------------------------------------------------------------------
class _ChecksumMismatch(KeepWritesError):
    """The upload starts over: the reset of the stored chunks commits with the error."""
    def __init__(self):
        super().__init__(422, "checksum_mismatch", "Файл повреждён при передаче: загрузите его заново")


def new_number():
    """ЗАЯВЛЕНИЕ № 7K3M-9XQ2-H4TB: 60 random bits in an alphabet without 0/O and 1/I."""
    raw = [NUMBER_ALPHABET[secrets.randbelow(len(NUMBER_ALPHABET))] for _ in range(12)]
    return "-".join("".join(raw[i:i + 4]) for i in (0, 4, 8))


def _application_body(r):
    service = SERVICE_BY_FORM.get(r["form_code"], {})
    return {"number": r["number"], "form_code": r["form_code"], "service_id": r["service_id"], "title": forms.FORMS[r["form_code"]]["title"],
            "service_name": service.get("name", ""), "agency": forms.FORMS[r["form_code"]]["agency"], "status": r["status"],
            "created_at": r["created_at"], "updated_at": r["updated_at"], "expected_at": r["expected_at"],
            "info": json.loads(r["info"] or "{}"), "sealed_size": r["sealed_size"], "files": r["files"], "signer_key": r["signer_key"]}


# Public holidays of the Russian Federation (ТК РФ ст. 112) as (month, day); the transfers the
# government decrees each year are not modelled.
HOLIDAYS = {(1, d) for d in range(1, 9)} | {(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)}


def add_working_days(t, days):
    """The moment `days` working days (Monday to Friday, not a public holiday) after t."""
    import datetime
    d = datetime.datetime.fromtimestamp(t)
    left = max(0, int(days))
    while left > 0:
        d += datetime.timedelta(days=1)
        if d.weekday() < 5 and (d.month, d.day) not in HOLIDAYS:
            left -= 1
    return d.timestamp()


def insert_submitted(con, number, account_id, code, sealed, own_copy, t, size, files, signer):
    """A new application, «Отправлено», with the first line of its timeline (the draft became an
    application: status.py's table). Its id."""
    service = SERVICE_BY_FORM.get(code, {})
    cur = con.execute("INSERT INTO applications (number, account_id, form_code, service_id, sealed, own_copy, status, created_at, "
                      "sealed_size, files, signer_key, updated_at, expected_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                      (number, account_id, code, service.get("id", ""), sealed, own_copy, "submitted", t, size, files, signer, t,
                       add_working_days(t, service.get("days") or 10)))
    con.execute("INSERT INTO application_history (application_id, at, from_status, to_status, actor) VALUES (?,?,?,?,?)",
                (cur.lastrowid, t, "draft", "submitted", "user"))
    return cur.lastrowid


FILL_MAX = 10000


def dev_fill(req):
    """POST /dev/applications/fill {"phone", "count"}: `count` applications, a day apart, oldest
    first, across every form and status, for benchmarks of a long «Мои заявления». Their sealed
    content is filler (nobody opens it) and the agency simulator leaves them where they are. The
    newest is announced (application_changed) as a submission is."""
    if not req.server.dev:
        raise ApiError(404, "not_found", "Ресурс не найден")
    count = req.body.get("count")
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= FILL_MAX:
        raise validation([field_error("count", "От 1 до %d" % FILL_MAX)])
    codes = sorted(forms.FORMS)
    moves = ["done", "rejected", "in_progress", "accepted", "needs_info", "cancelled", "submitted"]
    with req.server.db.transaction() as con:
        acc = con.execute("SELECT id FROM accounts WHERE phone = ?", (str(req.body.get("phone", ""))[:20],)).fetchone()
        if acc is None:
            raise ApiError(404, "not_found", "Учётная запись не найдена")
        t0 = time.time() - count * 86400
        for i in range(count):
            while True:
                number = new_number()
                if con.execute("SELECT 1 FROM applications WHERE number = ?", (number,)).fetchone() is None:
                    break
            t = t0 + i * 86400
            app_id = insert_submitted(con, number, acc["id"], codes[i % len(codes)], b"\0" * 64, b"", t, 64, 0, "")
            con.execute("UPDATE applications SET status = ? WHERE id = ?", (moves[i % len(moves)], app_id))
        # Open pages hear of the newest, as of a submission.
        events.publish(req.server, con, acc["id"], "application_changed",
                       {"number": number, "status": moves[(count - 1) % len(moves)], "form_code": codes[(count - 1) % len(codes)]})
    return reply(200, {"created": count})


def submit_application(req):
    body = req.body
    code = body.get("form_code")
    if code not in forms.FORMS:
        raise validation([field_error("form_code", "Неизвестная форма")])
    sealed = unb64(body.get("sealed"), "sealed", MAX_SEALED)
    if len(sealed) < 48 + 64:
        raise validation([field_error("sealed", "Заявление не запечатано")])
    own_copy = unb64(body.get("own_copy", ""), "own_copy", MAX_SEALED) if body.get("own_copy") else b""
    ids = body.get("attachments", [])
    if not isinstance(ids, list) or len(ids) > MAX_FILES or any(not isinstance(i, str) or len(i) > 64 for i in ids):
        raise validation([field_error("attachments", "Не больше %d файлов" % MAX_FILES)])
    if len(set(ids)) != len(ids):
        raise validation([field_error("attachments", "Файл указан дважды")])
    t = time.time()
    with req.server.db.transaction() as con:
        req.server.limits.check_rate(con, [("applications:%d" % req.account["id"], APPLICATIONS_PER_DAY)])
        size_total = 0
        for aid in ids:
            r = con.execute("SELECT size, received AS got, application_id, room_message, appeal_message FROM attachments WHERE id = ? AND account_id = ?",
                            (aid, req.account["id"])).fetchone()
            if r is None:
                raise validation([field_error("attachments", "Файл не найден: загрузите его заново")])
            if r["got"] != r["size"]:
                raise validation([field_error("attachments", "Файл загружен не полностью")])
            if bound(r):
                raise validation([field_error("attachments", "Файл уже приложен к другому заявлению")])
            size_total += r["size"]
        for _ in range(5):
            number = new_number()
            if con.execute("SELECT 1 FROM applications WHERE number = ?", (number,)).fetchone() is None:
                break
        # The applicant's signing key as it is now: the agency verifies with the key recorded here,
        # so an application signed before a later password recovery (new key pairs) still verifies.
        signer = con.execute("SELECT pk_ed25519 FROM accounts WHERE id = ?", (req.account["id"],)).fetchone()[0]
        app_id = insert_submitted(con, number, req.account["id"], code, sealed, own_copy, t, len(sealed) + size_total, len(ids), signer)
        for aid in ids:
            con.execute("UPDATE attachments SET application_id = ? WHERE id = ?", (app_id, aid))
        payments.charge_for_application(con, req.account["id"], app_id, SERVICE_BY_FORM.get(code, {}), t, server=req.server)
        agency.plan(req.server, con, app_id, t)
        con.execute("DELETE FROM drafts WHERE account_id = ? AND form_code = ?", (req.account["id"], code))
        log_event(con, req.account["id"], req, "application_submitted", number)
        row = con.execute("SELECT * FROM applications WHERE id = ?", (app_id,)).fetchone()
        events.publish(req.server, con, req.account["id"], "application_changed",
                       {"number": number, "status": "submitted", "form_code": code})
    return reply(201, _application_body(row))


# A page of the list: a citizen of many years has hundreds of applications (at most 20 a day), and
# the old fixed «at most 200» silently hid the older ones.
LIST_PAGE, LIST_PAGE_MAX = 200, 500


# The caller's own applications and the joint ones they are an applicant of.
VISIBLE = ("SELECT * FROM applications WHERE (account_id = ? OR id IN "
           "(SELECT application_id FROM application_applicants WHERE account_id = ?))")


def list_applications(req):
    """GET /applications?before=&limit=: newest submitted first, a page at a time (`next` is the
    `before` of the next page, null on the last)."""
    q = {k: v[-1] for k, v in req.query.items()}
    limit = query_int(q, "limit", 1, LIST_PAGE_MAX, LIST_PAGE)
    before = query_int(q, "before", 1, 2 ** 62)
    sql, args = VISIBLE, [req.account["id"], req.account["id"]]
    if before is not None:
        sql += " AND id < ?"
        args.append(before)
    rows = req.server.db.query(sql + " ORDER BY id DESC LIMIT ?", args + [limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return reply(200, {"items": [_application_body(r) for r in rows], "next": rows[-1]["id"] if more and rows else None})


def _own_application(con, req):
    r = con.execute("SELECT * FROM applications WHERE number = ? AND account_id = ?", (req.params["number"], req.account["id"])).fetchone()
    if r is None:
        raise ApiError(404, "not_found", "Заявление не найдено")
    return r


def _detail(con, r):
    out = _application_body(r)
    out["own_copy"] = b64(r["own_copy"]) if r["own_copy"] else ""
    out["history"] = status.history(con, r["id"])
    out["charges"] = payments.application_charges(con, r["id"])
    return out


def get_application(req):
    con = req.server.db.connect()
    r = con.execute(VISIBLE + " AND number = ?", (req.account["id"], req.account["id"], req.params["number"])).fetchone()
    if r is None:
        raise ApiError(404, "not_found", "Заявление не найдено")
    out = _detail(con, r)
    if r["account_id"] != req.account["id"]:
        out["own_copy"] = ""  # the submitter's own sealed copy is theirs
    return reply(200, out)


def cancel_application(req):
    """«Отменить заявление»: the applicant withdraws it while the table allows (Принято)."""
    reason = req.body.get("reason", "")
    if not isinstance(reason, str) or len(reason) > 500:
        raise validation([field_error("reason", "Не более 500 символов")])
    with req.server.db.transaction() as con:
        r = status.move(req.server, con, _own_application(con, req), "cancelled", "user", comment=reason.strip())
        log_event(con, req.account["id"], req, "application_cancelled", r["number"])
        return reply(200, _detail(con, r))


def answer_application(req):
    """«Ответить ведомству»: the applicant's answer to the agency's question (Требуются уточнения),
    signed and sealed to the agency on the device like the application; files as attachments.
    After the deadline the application has expired: the backend makes that move and says so."""
    body = req.body
    sealed = unb64(body.get("sealed"), "sealed", MAX_SEALED)
    if len(sealed) < 48 + 64:
        raise validation([field_error("sealed", "Ответ не запечатан")])
    ids = body.get("attachments", [])
    if not isinstance(ids, list) or len(ids) > MAX_FILES or any(not isinstance(i, str) or len(i) > 64 for i in ids) or len(set(ids)) != len(ids):
        raise validation([field_error("attachments", "Не больше %d разных файлов" % MAX_FILES)])
    expired = False
    with req.server.db.transaction() as con:
        r = _own_application(con, req)
        info = json.loads(r["info"] or "{}")
        if r["status"] == "needs_info" and time.time() > float(info.get("answer_due") or 0):
            status.move(req.server, con, r, "expired", "system", comment="Срок ответа истёк")
            expired = True
        else:
            for aid in ids:
                if unused_upload(con, req.account["id"], aid) is None:
                    raise validation([field_error("attachments", "Файл не найден, загружен не полностью или уже приложен")])
            r = status.move(req.server, con, r, "in_progress", "user", comment="Заявитель ответил на вопрос ведомства")
            con.execute("INSERT INTO application_answers (application_id, at, sealed) VALUES (?,?,?)", (r["id"], time.time(), sealed))
            agency.resume(req.server, con, r["id"], time.time())
            for aid in ids:
                con.execute("UPDATE attachments SET application_id = ? WHERE id = ?", (r["id"], aid))
            log_event(con, req.account["id"], req, "application_answered", r["number"])
            return reply(200, _detail(con, r))
    if expired:  # committed: the expiry stands, the answer is refused
        raise ApiError(409, "deadline_passed", "Срок ответа на вопрос ведомства истёк: подайте заявление заново")


def dev_agency_move(req):
    """Development interface: what the agency (or, for «Срок истёк», the backend) does to an
    application, through the same table. Only with serve.py --dev."""
    if not req.server.dev:
        raise ApiError(404, "not_found", "Ресурс не найден")
    b = req.body
    to = b.get("status")
    actor = "system" if to == "expired" else "agency"
    comment = b.get("comment", "")
    if not isinstance(comment, str):
        raise validation([field_error("comment", "Строка")])
    info = {}
    if to == "needs_info":
        question = b.get("question")
        days = b.get("answer_days", 10)
        if not isinstance(question, str) or not question.strip() or len(question) > 2000:
            raise validation([field_error("question", "Вопрос ведомства: от 1 до 2000 символов")])
        if not isinstance(days, (int, float)) or not 0 <= days <= 60:
            raise validation([field_error("answer_days", "От 0 до 60 рабочих дней")])
        info = {"question": question.strip(), "answer_due": add_working_days(time.time(), days) if days >= 1 else time.time() + days * 86400}
    elif to == "rejected":
        reason, todo = b.get("reason"), b.get("what_to_do", "")
        if not isinstance(reason, str) or not reason.strip() or len(reason) > 2000 or not isinstance(todo, str) or len(todo) > 2000:
            raise validation([field_error("reason", "Причина отказа: от 1 до 2000 символов")])
        info = {"reason": reason.strip(), "what_to_do": todo.strip()}
    with req.server.db.transaction() as con:
        r = con.execute("SELECT * FROM applications WHERE number = ?", (req.params["number"],)).fetchone()
        if r is None:
            raise ApiError(404, "not_found", "Заявление не найдено")
        if to == "done" and status.allowed(r["status"], to, actor):
            # «Готово» comes with its result document, as from the simulator.
            info = {"document": agency.issue_document(req.server, con, r, time.time())}
        r = status.move(req.server, con, r, to, actor, comment=comment.strip(), info=info)
        con.execute("DELETE FROM agency_plans WHERE application_id = ? AND ?", (r["id"], status.STATUSES[to].get("terminal", False)))
        return reply(200, _detail(con, r))


def open_application(server, number):
    """What the agency does: unseal the application with its secret key. Returns (envelope, files)
    where files maps attachment id -> ciphertext. Used by tests; never exposed over HTTP."""
    r = server.db.one("SELECT * FROM applications WHERE number = ?", (number,))
    pk, sk = server.agency_keys[forms.FORMS[r["form_code"]]["agency"]]
    plain = crypto.box_seal_open(bytes(r["sealed"]), pk, sk)
    con = server.db.connect()
    files = {a["id"]: attachment_bytes(con, a["id"]) for a in con.execute("SELECT id FROM attachments WHERE application_id = ?", (r["id"],))}
    return (json.loads(plain.decode("utf-8")) if plain is not None else None), files
