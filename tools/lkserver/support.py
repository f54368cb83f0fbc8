"""Support: appeals («Обратная связь», «Обращения») and the support chat (SPEC §12, docs/support.md).

- An appeal is a topic, a service type, a text and files → a number («SP-2026-000123»). Its
  correspondence is a list of messages (the citizen's, the desk's questions and answers, status
  changes). Texts are stored encrypted at rest (the desk must read them, so they are not end-to-end
  like a room's); files are uploaded encrypted (POST /attachments) and their keys come sealed
  twice — to the support desk's X25519 key (published in GET /support/topics) and to the citizen's
  own — so the server stores ciphertext and sealed keys only.
- The support desk is a simulator like the agency's (agency.py): it reads a new appeal (recorded in
  «Кто смотрел мои данные»), asks back once, answers after the citizen's reply and closes an
  answered appeal after a while; its pace is --support-pace, and the development interface makes
  it act now (POST /dev/support/appeals/{number}).
- The chat is one conversation per citizen: suggested questions answered from docs/support_kb.json
  by a bot, then on request an operator (simulated) who types (event `support_typing`) and replies
  (event `support_message`). Every read by the operator — the history at hand-over, each message,
  each file — lands in «Кто смотрел мои данные»; the bot's matching of words does not (it is not
  a person and keeps nothing).
"""
import base64
import json
import os
import random
import re
import threading
import time

from . import agency, crypto, events, notify
from .applications import unused_upload
from .errors import ApiError, field_error, query_int, validation
from .responses import reply

_KB_PATH = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "support_kb.json")
with open(_KB_PATH, encoding="utf-8") as f:
    KB = json.load(f)["articles"]
KB_BY_ID = {a["id"]: a for a in KB}

TOPICS = ("account", "application", "payment", "appointment", "documents", "technical", "other")
SERVICE_TYPES = ("passports", "family", "benefits", "health", "education", "transport", "taxes", "business",
                 "housing", "legal", "documents", "other")
STATUSES = ("in_progress", "done", "rejected", "postponed")
TEXT_MAX = 5000                  # characters of one message (an appeal of 100 KB is refused, 422)
FILES_MAX = 5                    # files per message
FILE_MAX = 5 * 1024 * 1024       # bytes of one file (as /attachments: a 10 MB file is refused there)
SUMMARY = 140                    # characters of the list's summary
APPEALS_PER_DAY = [(10, 3600), (30, 86400)]
MESSAGES_PER_HOUR = [(120, 3600)]
CHAT_PER_HOUR = [(240, 3600)]
PAGE = 200
DESK = "Служба поддержки портала"
OPERATOR_NAMES = ("Анна", "Мария", "Сергей", "Ольга")
QUESTION = "Уточните, пожалуйста: номер заявления или платежа, о котором идёт речь, и когда возникла проблема. Если есть снимок экрана с ошибкой — приложите его."
ANSWER = "Спасибо за уточнение. Мы проверили сведения: проблема устранена, повторите действие на портале. Если вопрос решён, отметьте обращение выполненным."
CLOSED = "Обращение закрыто: ответ дан, новых вопросов не поступило."


# -- the desk's key ------------------------------------------------------------------------------
def load_desk_key(db_path):
    """(pk, sk) of the support desk, created on first start beside the database (mode 600)."""
    path = db_path + ".support-key.json"
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            k = json.load(f)
        return base64.b64decode(k["pk"]), base64.b64decode(k["sk"])
    pk, sk, _, _ = crypto.generate_keys()
    fd = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"pk": b64(pk), "sk": b64(sk)}, f)
    os.replace(path + ".tmp", path)
    return pk, sk


def b64(raw):
    return base64.b64encode(raw).decode("ascii")


# -- storage ---------------------------------------------------------------------------------------
def _seal(server, obj):
    return server.at_rest.seal(json.dumps(obj, ensure_ascii=False), "appeal_messages.body")


def _open(server, blob):
    return json.loads(server.at_rest.open_text(blob, "appeal_messages.body"))


def _summary_of(server, r):
    return server.at_rest.open_text(r["summary"], "appeals.summary")


def _add_message(server, con, appeal, author, kind, body, t=None):
    t = t or time.time()
    cur = con.execute("INSERT INTO appeal_messages (appeal_id, author, kind, body, at) VALUES (?,?,?,?,?)",
                      (appeal["id"], author, kind, _seal(server, body), t))
    con.execute("UPDATE appeals SET updated_at = ? WHERE id = ?", (t, appeal["id"]))
    return cur.lastrowid


def _message_body(server, m):
    b = _open(server, m["body"])
    out = {"id": m["id"], "author": m["author"], "kind": m["kind"], "text": b.get("text", ""), "at": int(m["at"])}
    if b.get("status"):
        out["status"] = b["status"]
    if b.get("operator"):
        out["operator"] = b["operator"]
    if b.get("article"):
        out["article"] = b["article"]
    # The citizen's copy of each file key (sealed to their own X25519 key); the desk's stays here.
    out["files"] = [{k: f[k] for k in ("attachment", "name", "type", "size", "sha256")} | {"key": f["key_own"]}
                    for f in b.get("files", [])]
    return out


def _appeal_summary(server, r):
    return {"number": r["number"], "topic": r["topic"], "service_type": r["service_type"], "status": r["status"],
            "summary": _summary_of(server, r), "created_at": int(r["created_at"]), "updated_at": int(r["updated_at"]),
            "waiting_for_me": bool(r["waiting"])}


def _number(con, t):
    year = time.strftime("%Y", time.gmtime(t))
    n = con.execute("SELECT COUNT(*) FROM appeals WHERE number LIKE ?", ("SP-%s-%%" % year,)).fetchone()[0] + 1
    while True:
        number = "SP-%s-%06d" % (year, n)
        if con.execute("SELECT 1 FROM appeals WHERE number = ?", (number,)).fetchone() is None:
            return number
        n += 1


# -- what a message may carry ---------------------------------------------------------------------
def _text(body, required=True):
    text = body.get("text", "")
    if not isinstance(text, str):
        raise validation([field_error("text", "Ожидается текст")])
    text = text.strip()
    if len(text) > TEXT_MAX:
        raise validation([field_error("text", "Не больше %d символов (сейчас %d)" % (TEXT_MAX, len(text)))])
    if required and not text and not body.get("files"):
        raise validation([field_error("text", "Напишите сообщение")])
    return text


def _files(con, req, body):
    """The message's files: uploads of the caller, complete and not yet bound to anything, each with
    its key sealed to the desk and to the caller."""
    files = body.get("files", [])
    if not isinstance(files, list) or len(files) > FILES_MAX:
        raise validation([field_error("files", "Не больше %d файлов" % FILES_MAX)])
    out, seen = [], set()
    for f in files:
        if not isinstance(f, dict):
            raise validation([field_error("files", "Неверное описание файла")])
        aid = f.get("attachment")
        if not isinstance(aid, str) or aid in seen:
            raise validation([field_error("files", "Файл указан дважды или без идентификатора")])
        seen.add(aid)
        a = unused_upload(con, req.account["id"], aid)
        if a is None:
            raise validation([field_error("files", "Файл не найден, загружен не полностью или уже отправлен")])
        if a["size"] > FILE_MAX + 4096:
            raise ApiError(413, "too_large", "Файл больше 5 МБ")
        name, ftype = f.get("name"), f.get("type")
        sha = f.get("sha256")
        keys = [f.get("key_support"), f.get("key_own")]
        if not isinstance(name, str) or not 0 < len(name) <= 200 or not isinstance(ftype, str) or len(ftype) > 100 \
                or not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{64}", sha) \
                or not all(isinstance(k, str) and 60 <= len(k) <= 200 for k in keys):
            raise validation([field_error("files", "Описание файла неполное: имя, тип, SHA-256 и два запечатанных ключа")])
        size = f.get("size")
        if not isinstance(size, int) or isinstance(size, bool) or not 0 < size <= FILE_MAX:
            raise validation([field_error("files", "Файл больше 5 МБ")])
        out.append({"attachment": aid, "name": name, "type": ftype, "size": size, "sha256": sha,
                    "key_support": keys[0], "key_own": keys[1]})
    return out


def _bind(con, files, appeal_id, message_id):
    for f in files:
        con.execute("UPDATE attachments SET appeal_id = ?, appeal_message = ? WHERE id = ?", (appeal_id, message_id, f["attachment"]))


def _announce(server, con, account_id, appeal):
    events.publish(server, con, account_id, "appeal_changed", {"appeal": appeal["number"]})


# -- appeals ------------------------------------------------------------------------------------
def topics(req):
    """GET /support/topics: what a new appeal offers, the limits, and the desk's public key."""
    return reply(200, {"topics": list(TOPICS), "service_types": list(SERVICE_TYPES), "desk_key": b64(req.server.desk_key[0]),
                       "limits": {"text": TEXT_MAX, "files": FILES_MAX, "file_bytes": FILE_MAX}})


def create(req):
    """POST /appeals {topic, service_type, text, files}."""
    b = req.body
    errors = []
    if b.get("topic") not in TOPICS:
        errors.append(field_error("topic", "Выберите тему обращения"))
    if b.get("service_type") not in SERVICE_TYPES:
        errors.append(field_error("service_type", "Выберите тип услуги"))
    if errors:
        raise validation(errors)
    text = _text(b)
    if not text:
        raise validation([field_error("text", "Опишите вопрос")])
    t = time.time()
    with req.server.db.transaction() as con:
        req.server.limits.check_rate(con, [("appeals:%d" % req.account["id"], APPEALS_PER_DAY)])
        files = _files(con, req, b)
        number = _number(con, t)
        summary = text[:SUMMARY] + ("…" if len(text) > SUMMARY else "")
        cur = con.execute("INSERT INTO appeals (number, account_id, channel, topic, service_type, status, summary, created_at, updated_at, "
                          "desk_next_at, desk_step) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                          (number, req.account["id"], "appeal", b["topic"], b["service_type"], "in_progress",
                           req.server.at_rest.seal(summary, "appeals.summary"), t, t, req.server.support_pace.after(t, 1), "read"))
        appeal = con.execute("SELECT * FROM appeals WHERE id = ?", (cur.lastrowid,)).fetchone()
        mid = _add_message(req.server, con, appeal, "citizen", "message", {"text": text, "files": files}, t)
        _bind(con, files, appeal["id"], mid)
        _announce(req.server, con, req.account["id"], appeal)
        out = _detail(req.server, con, con.execute("SELECT * FROM appeals WHERE id = ?", (appeal["id"],)).fetchone())
    return reply(201, out)


def _detail(server, con, r):
    out = _appeal_summary(server, r)
    out["messages"] = [_message_body(server, m) for m in con.execute("SELECT * FROM appeal_messages WHERE appeal_id = ? ORDER BY id", (r["id"],))]
    return out


def _own(con, req, channel="appeal"):
    r = con.execute("SELECT * FROM appeals WHERE number = ? AND account_id = ? AND channel = ?",
                    (req.params["number"], req.account["id"], channel)).fetchone()
    if r is None:
        raise ApiError(404, "not_found", "Обращение не найдено")
    return r


def list_appeals(req):
    """GET /appeals?status=&service_type=&since=&limit=: newest first."""
    q = {k: v[-1] for k, v in req.query.items()}
    sql, args = "SELECT * FROM appeals WHERE account_id = ? AND channel = 'appeal'", [req.account["id"]]
    status = q.get("status") or ""
    if status:
        if status not in STATUSES:
            raise validation([field_error("status", "Один из: " + ", ".join(STATUSES))])
        sql += " AND status = ?"
        args.append(status)
    st = q.get("service_type") or ""
    if st:
        if st not in SERVICE_TYPES:
            raise validation([field_error("service_type", "Неизвестный тип услуги")])
        sql += " AND service_type = ?"
        args.append(st)
    since = query_int(q, "since", 0, 10 ** 11, 0)
    if since:
        sql += " AND created_at >= ?"
        args.append(since)
    limit = query_int(q, "limit", 1, PAGE, PAGE)
    sql += " ORDER BY created_at DESC, id DESC LIMIT ?"
    args.append(limit)
    rows = req.server.db.query(sql, tuple(args))
    return reply(200, {"items": [_appeal_summary(req.server, r) for r in rows]})


def get_appeal(req):
    with req.server.db.transaction() as con:
        return reply(200, _detail(req.server, con, _own(con, req)))


def post_message(req):
    """POST /appeals/{number}/messages {text, files}: a comment, or the answer to the desk's question."""
    with req.server.db.transaction() as con:
        req.server.limits.check_rate(con, [("appeal-messages:%d" % req.account["id"], MESSAGES_PER_HOUR)])
        r = _own(con, req)
        if r["status"] in ("done", "rejected"):
            raise ApiError(409, "appeal_closed", "Обращение закрыто — создайте новое", extra={"status": r["status"]})
        text = _text(req.body)
        files = _files(con, req, req.body)
        t = time.time()
        mid = _add_message(req.server, con, r, "citizen", "message", {"text": text, "files": files}, t)
        _bind(con, files, r["id"], mid)
        # A comment wakes a postponed appeal; the desk reads it at its next step.
        con.execute("UPDATE appeals SET status = 'in_progress', waiting = 0, desk_next_at = ?, desk_step = ? WHERE id = ?",
                    (req.server.support_pace.after(t, 1), "answer" if r["asked"] else "read", r["id"]))
        if r["status"] == "postponed":
            _add_message(req.server, con, r, "citizen", "status", {"status": "in_progress", "text": ""}, t)
        _announce(req.server, con, req.account["id"], r)
        out = _detail(req.server, con, con.execute("SELECT * FROM appeals WHERE id = ?", (r["id"],)).fetchone())
    return reply(201, out)


def set_status(req):
    """POST /appeals/{number}/status {status: done | postponed | in_progress}: the citizen's own marks."""
    status = req.body.get("status")
    if status not in ("done", "postponed", "in_progress"):
        raise validation([field_error("status", "Можно отметить «выполнено», «отложено» или вернуть в работу")])
    with req.server.db.transaction() as con:
        req.server.limits.check_rate(con, [("appeal-messages:%d" % req.account["id"], MESSAGES_PER_HOUR)])
        r = _own(con, req)
        if r["status"] in ("done", "rejected"):
            raise ApiError(409, "appeal_closed", "Обращение закрыто — создайте новое", extra={"status": r["status"]})
        if r["status"] != status:
            t = time.time()
            # Postponed: the desk waits until the citizen comes back; done: it stops.
            con.execute("UPDATE appeals SET status = ?, waiting = 0, desk_next_at = ? WHERE id = ?",
                        (status, req.server.support_pace.after(t, 1) if status == "in_progress" else None, r["id"]))
            _add_message(req.server, con, r, "citizen", "status", {"status": status, "text": ""}, t)
            _announce(req.server, con, req.account["id"], r)
        out = _detail(req.server, con, con.execute("SELECT * FROM appeals WHERE id = ?", (r["id"],)).fetchone())
    return reply(200, out)


def get_file(req):
    """GET /appeals/{number}/files/{aid} (and /support/chat/files/{aid}): a file's ciphertext."""
    with req.server.db.transaction() as con:
        if "number" in req.params:
            r = _own(con, req)
        else:
            r = _chat_row(con, req.account["id"])
            if r is None:
                raise ApiError(404, "not_found", "Файл не найден")
        a = con.execute("SELECT id, size, appeal_message FROM attachments WHERE id = ? AND appeal_id = ?", (req.params["aid"], r["id"])).fetchone()
        if a is None:
            raise ApiError(404, "not_found", "Файл не найден")
        from .applications import attachment_bytes
        data = attachment_bytes(con, a["id"])
    return reply(200, {"id": a["id"], "message": a["appeal_message"], "size": a["size"], "ciphertext": b64(data)})


# -- the desk (simulator) -------------------------------------------------------------------------
def _desk_reads(server, con, r, who=DESK, why="Ответ на обращение"):
    """The desk opens what the citizen sent since its last read: texts and files (each file's key
    from its sealed copy, the ciphertext checked against the SHA-256 the citizen gave)."""
    pk, sk = server.desk_key
    msgs = con.execute("SELECT * FROM appeal_messages WHERE appeal_id = ? AND author = 'citizen' AND kind = 'message' AND id > ? ORDER BY id",
                       (r["id"], r["desk_read"] or 0)).fetchall()
    if not msgs:
        return []
    what = "Обращение %s" % r["number"] if r["channel"] == "appeal" else "Чат поддержки %s" % r["number"]
    n_files, broken = 0, []
    from .applications import attachment_bytes
    import hashlib
    for m in msgs:
        for f in _open(server, m["body"]).get("files", []):
            key = crypto.box_seal_open(base64.b64decode(f["key_support"]), pk, sk)
            plain = crypto.secretstream_open(attachment_bytes(con, f["attachment"]), key) if key and len(key) == 32 else None
            if plain is None or hashlib.sha256(plain).hexdigest() != f["sha256"]:
                broken.append(f["name"])
            n_files += 1
    words = "%d сообщ." % len(msgs) + (", %d файл(ов)" % n_files if n_files else "")
    agency.record_access(con, r["account_id"], who, "%s: %s" % (what, words), why)
    con.execute("UPDATE appeals SET desk_read = ? WHERE id = ?", (msgs[-1]["id"], r["id"]))
    return broken


def _desk_says(server, con, r, kind, text, status=None, t=None):
    t = t or time.time()
    body = {"text": text}
    if status:
        body["status"] = status
    _add_message(server, con, r, "support", kind, body, t)
    if status:
        con.execute("UPDATE appeals SET status = ?, waiting = 0, desk_next_at = NULL WHERE id = ?", (status, r["id"]))
    _announce(server, con, r["account_id"], r)
    words = {"question": "Служба поддержки задала вопрос по обращению %s", "answer": "Ответ по обращению %s",
             "status": "Обращение %s закрыто"}[kind] % r["number"]
    notify.notify(server, con, r["account_id"], "status", "appeal_" + kind, {"appeal": r["number"]},
                  {"type": "appeal", "id": r["number"]}, words)


def desk_step(server, con, r, action, text=None, t=None):
    """One step of the desk on an appeal: read, ask, answer, close or reject."""
    t = t or time.time()
    if r["status"] in ("done", "rejected"):
        raise ApiError(409, "appeal_closed", "Обращение закрыто", extra={"status": r["status"]})
    broken = _desk_reads(server, con, r)
    if action == "read":
        action = "answer" if r["asked"] else "ask"
    if action == "ask":
        q = text or QUESTION
        if broken:
            q = "Файл «%s» не открылся. Приложите его ещё раз. %s" % (broken[0], q)
        _desk_says(server, con, r, "question", q, t=t)
        con.execute("UPDATE appeals SET asked = 1, waiting = 1, desk_next_at = NULL WHERE id = ?", (r["id"],))
    elif action == "answer":
        _desk_says(server, con, r, "answer", text or ANSWER, t=t)
        con.execute("UPDATE appeals SET desk_step = 'close', desk_next_at = ? WHERE id = ?", (server.support_pace.after(t, 3), r["id"]))
    elif action in ("close", "reject"):
        _desk_says(server, con, r, "status", text or (CLOSED if action == "close" else "Обращение отклонено: вопрос не относится к работе портала."),
                   status="done" if action == "close" else "rejected", t=t)
    else:
        raise validation([field_error("action", "read, ask, answer, close или reject")])


def tick(server, now=None):
    now = now or time.time()
    rows = server.db.query("SELECT number FROM appeals WHERE channel = 'appeal' AND status = 'in_progress' AND desk_next_at IS NOT NULL "
                           "AND desk_next_at <= ? ORDER BY desk_next_at LIMIT 100", (now,))
    for row in rows:
        with server.db.transaction() as con:
            r = con.execute("SELECT * FROM appeals WHERE number = ?", (row["number"],)).fetchone()
            if r and r["status"] == "in_progress" and r["desk_next_at"] is not None and r["desk_next_at"] <= now:
                desk_step(server, con, r, r["desk_step"] or "read", t=now)


def dev_desk(req):
    """POST /dev/support/appeals/{number} {action: read|ask|answer|close|reject, text?}."""
    if not req.server.dev:
        raise ApiError(404, "not_found", "Нет такого адреса")
    text = req.body.get("text")
    if text is not None and (not isinstance(text, str) or len(text) > TEXT_MAX):
        raise validation([field_error("text", "Текст до %d символов" % TEXT_MAX)])
    with req.server.db.transaction() as con:
        r = con.execute("SELECT * FROM appeals WHERE number = ? AND channel = 'appeal'", (req.params["number"],)).fetchone()
        if r is None:
            raise ApiError(404, "not_found", "Обращение не найдено")
        desk_step(req.server, con, r, req.body.get("action"), text)
        out = _detail(req.server, con, con.execute("SELECT * FROM appeals WHERE id = ?", (r["id"],)).fetchone())
    return reply(200, out)


# -- the chat ---------------------------------------------------------------------------------------
def _chat_row(con, account_id):
    return con.execute("SELECT * FROM appeals WHERE account_id = ? AND channel = 'chat'", (account_id,)).fetchone()


def _chat_body(server, con, r, after=0):
    if r is None:
        return {"number": None, "state": "bot", "operator": None, "messages": []}
    msgs = con.execute("SELECT * FROM appeal_messages WHERE appeal_id = ? AND id > ? ORDER BY id DESC LIMIT ?", (r["id"], after, PAGE)).fetchall()
    return {"number": r["number"], "state": r["chat_state"], "operator": r["operator"],
            "messages": [_message_body(server, m) for m in reversed(msgs)]}


def _lang(req):
    q = {k: v[-1] for k, v in req.query.items()}
    return "en" if q.get("lang") == "en" else "ru"


def suggestions(req):
    """GET /support/suggestions?lang=: the knowledge base's questions (and answers)."""
    lang = _lang(req)
    return reply(200, {"items": [{"id": a["id"], "question": a["q"][lang], "answer": a["a"][lang]} for a in KB]})


def match(text):
    """The article whose words the question has most of (stems, case-insensitive); None below one."""
    low = text.lower()
    best, score = None, 0
    for a in KB:
        s = sum(1 for w in a["words"] if w in low)
        if s > score:
            best, score = a, s
    return best


def get_chat(req):
    """GET /support/chat?after=: the conversation (created with its first message)."""
    q = {k: v[-1] for k, v in req.query.items()}
    after = query_int(q, "after", 0, 2 ** 62, 0)
    with req.server.db.transaction() as con:
        return reply(200, _chat_body(req.server, con, _chat_row(con, req.account["id"]), after))


def _chat_for(server, con, account_id, t):
    r = _chat_row(con, account_id)
    if r is None:
        con.execute("INSERT INTO appeals (number, account_id, channel, topic, service_type, status, summary, created_at, updated_at, chat_state) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?)", (_number(con, t), account_id, "chat", "other", "other", "in_progress",
                                                     server.at_rest.seal("", "appeals.summary"), t, t, "bot"))
        r = _chat_row(con, account_id)
    return r


def _chat_event(server, con, r, mid):
    events.publish(server, con, r["account_id"], "support_message", {"chat": r["number"], "message": mid})


def chat_message(req):
    """POST /support/chat/messages {text?, files?, suggestion?, lang?}."""
    b = req.body
    lang = "en" if b.get("lang") == "en" else "ru"
    t = time.time()
    with req.server.db.transaction() as con:
        req.server.limits.check_rate(con, [("chat:%d" % req.account["id"], CHAT_PER_HOUR)])
        r = _chat_for(req.server, con, req.account["id"], t)
        if "suggestion" in b:
            a = KB_BY_ID.get(b["suggestion"]) if isinstance(b["suggestion"], str) else None
            if a is None:
                raise validation([field_error("suggestion", "Нет такой подсказки")])
            text, files = a["q"][lang], []
        else:
            text, files = _text(b), _files(con, req, b)
        mid = _add_message(req.server, con, r, "citizen", "message", {"text": text, "files": files}, t)
        _bind(con, files, r["id"], mid)
        _chat_event(req.server, con, r, mid)
        if r["chat_state"] == "bot":
            a = KB_BY_ID[b["suggestion"]] if "suggestion" in b else (match(text) if text else None)
            if a is not None:
                reply_text = a["a"][lang]
                mid = _add_message(req.server, con, r, "bot", "answer", {"text": reply_text, "article": a["id"]}, t)
            else:
                mid = _add_message(req.server, con, r, "bot", "no_answer", {"text": ""}, t)
            _chat_event(req.server, con, r, mid)
        else:
            req.server.operator.expect(r["number"])
        out = _chat_body(req.server, con, _chat_row(con, req.account["id"]))
    return reply(201, out)


def chat_operator(req):
    """POST /support/chat/operator: hand the conversation to an operator (who reads its history)."""
    t = time.time()
    with req.server.db.transaction() as con:
        req.server.limits.check_rate(con, [("chat:%d" % req.account["id"], CHAT_PER_HOUR)])
        r = _chat_for(req.server, con, req.account["id"], t)
        if r["chat_state"] != "operator":
            name = random.choice(OPERATOR_NAMES)
            con.execute("UPDATE appeals SET chat_state = 'operator', operator = ?, desk_read = COALESCE(desk_read, 0) WHERE id = ?", (name, r["id"]))
            mid = _add_message(req.server, con, r, "bot", "handover", {"text": "", "operator": name}, t)
            _chat_event(req.server, con, r, mid)
            req.server.operator.expect(r["number"], greet=True)
        out = _chat_body(req.server, con, _chat_row(con, req.account["id"]))
    return reply(200, out)


def chat_bot(req):
    """POST /support/chat/bot: the citizen ends the talk with the operator; suggestions again."""
    t = time.time()
    with req.server.db.transaction() as con:
        r = _chat_row(con, req.account["id"])
        if r is not None and r["chat_state"] == "operator":
            con.execute("UPDATE appeals SET chat_state = 'bot', operator = NULL WHERE id = ?", (r["id"],))
            mid = _add_message(req.server, con, r, "bot", "back_to_bot", {"text": ""}, t)
            _chat_event(req.server, con, r, mid)
            req.server.operator.cancel(r["number"])
        out = _chat_body(req.server, con, _chat_row(con, req.account["id"]))
    return reply(200, out)


class Operator:
    """The simulated operator: reads what the citizen wrote (recorded in «Кто смотрел мои данные»),
    types for a moment (event `support_typing`) and replies. One timer thread per pending chat is
    not needed: replies are due at instants kept in a dict and served by one loop."""

    def __init__(self, server, delay=2.0):
        self.server = server
        self.delay = delay
        self.due = {}          # chat number -> (when, greet)
        self.lock = threading.Lock()
        self.event = None

    def expect(self, number, greet=False):
        with self.lock:
            self.due[number] = (time.time() + self.delay, greet or self.due.get(number, (0, False))[1])
        self.wake()

    def cancel(self, number):
        with self.lock:
            self.due.pop(number, None)

    def wake(self):
        if self.event is not None and self.server.loop is not None:
            self.server.loop.call_soon_threadsafe(self.event.set)

    def say(self, number, text):
        """Development interface and benchmarks: the operator says `text` now."""
        with self.server.db.transaction() as con:
            r = con.execute("SELECT * FROM appeals WHERE number = ? AND channel = 'chat'", (number,)).fetchone()
            if r is None:
                raise ApiError(404, "not_found", "Чат не найден")
            mid = _add_message(self.server, con, r, "support", "message", {"text": text, "operator": r["operator"] or OPERATOR_NAMES[0]})
            _chat_event(self.server, con, r, mid)
        return mid

    def _reply(self, number, greet):
        with self.server.db.transaction() as con:
            r = con.execute("SELECT * FROM appeals WHERE number = ? AND channel = 'chat'", (number,)).fetchone()
            if r is None or r["chat_state"] != "operator":
                return
            broken = _desk_reads(self.server, con, r, "%s (оператор %s)" % (DESK, r["operator"]), "Ответ в чате поддержки")
            if greet:
                text = "Здравствуйте! Меня зовут %s, я оператор службы поддержки. Вижу вашу переписку с помощником — чем могу помочь?" % r["operator"]
            elif broken:
                text = "Файл «%s» не открылся — пришлите его, пожалуйста, ещё раз." % broken[0]
            else:
                text = "Спасибо, сведения получили и передали специалистам. Если нужно что-то ещё — пишите."
            mid = _add_message(self.server, con, r, "support", "message", {"text": text, "operator": r["operator"]})
            _chat_event(self.server, con, r, mid)

    def _typing(self, number):
        with self.server.db.transaction() as con:
            r = con.execute("SELECT account_id FROM appeals WHERE number = ?", (number,)).fetchone()
            if r is not None:
                events.publish(self.server, con, r["account_id"], "support_typing", {"chat": number})

    async def run(self):
        import asyncio
        self.event = asyncio.Event()
        typed = set()
        while True:
            now = time.time()
            with self.lock:
                ready = [(n, g) for n, (w, g) in self.due.items() if w <= now]
                typing = [n for n, (w, g) in self.due.items() if w - self.delay / 2 <= now and n not in typed]
                for n, _ in ready:
                    del self.due[n]
                nxt = min([w for w, _ in self.due.values()], default=now + 60)
            for n in typing:
                typed.add(n)
                try:
                    await self.server.run(self._typing, n)
                except Exception as e:  # noqa: BLE001 - a failing step must not stop the operator
                    import sys
                    sys.stderr.write("operator typing: %r\n" % (e,))
            for n, g in ready:
                typed.discard(n)
                try:
                    await self.server.run(self._reply, n, g)
                except Exception as e:  # noqa: BLE001
                    import sys
                    sys.stderr.write("operator: %r\n" % (e,))
            self.event.clear()
            wait = max(0.02, min(nxt - time.time(), self.delay / 2 if self.due else 60))
            try:
                await asyncio.wait_for(self.event.wait(), wait)
            except asyncio.TimeoutError:
                pass


def dev_say(req):
    """POST /dev/support/chats/{number}/say {text}: the operator writes now (tests, the delivery bench)."""
    if not req.server.dev:
        raise ApiError(404, "not_found", "Нет такого адреса")
    text = req.body.get("text")
    if not isinstance(text, str) or not 0 < len(text) <= TEXT_MAX:
        raise validation([field_error("text", "Текст до %d символов" % TEXT_MAX)])
    mid = req.server.operator.say(req.params["number"], text)
    return reply(201, {"message": mid})


def dev_tick(req):
    if not req.server.dev:
        raise ApiError(404, "not_found", "Нет такого адреса")
    tick(req.server)
    return reply(204)

