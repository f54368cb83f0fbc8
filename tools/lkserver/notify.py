"""«Уведомления» (docs/notifications.md): one feed per user, the unread counter, settings per type
and channel with quiet hours.

- notify() is called in the transaction of the change it reports (a status move, a document
  issued, a security event), so a notification exists exactly when its change does. It is shown
  in the feed when the user keeps the in-app channel on for its type, and pushed on the event
  stream as `notification` with the new unread count.
- The other channels (e-mail, SMS, push) go to the developer outbox — after the commit, or, during
  the user's quiet hours, at their end (the `deliveries` table, flushed by the server's loop).
  Security events always reach the feed: a sign-in from a new device must not be mutable.
- A notification carries a kind and its parameters, not only text: the client words it in the
  reader's language (the Russian `text` is the fallback and what the archive search reads).
- Marking read and deleting are bulk operations and publish `notifications_changed`, so every
  open tab of the user shows the same counter.
"""
import json
import time

from . import events
from .errors import ApiError, field_error, query_int, validation
from .responses import reply
from .store import after_commit

TYPES = ("status", "payment", "security", "room", "appointment")
CHANNELS = ("inapp", "email", "sms", "push")
DEFAULTS = {
    "status": {"inapp": True, "email": True, "sms": False, "push": True},
    "payment": {"inapp": True, "email": True, "sms": True, "push": True},
    "security": {"inapp": True, "email": True, "sms": False, "push": True},
    "room": {"inapp": True, "email": False, "sms": False, "push": True},
    "appointment": {"inapp": True, "email": True, "sms": False, "push": True},
}
TYPE_NAMES = {"status": "Статусы заявлений", "payment": "Напоминания об оплате", "security": "События безопасности",
              "room": "Совместные решения", "appointment": "Запись на приём"}
CHANNEL_NAMES = {"inapp": "в личном кабинете", "email": "по электронной почте", "sms": "СМС", "push": "push"}
MSK = 3 * 3600                 # quiet hours are Moscow time (UTC+3, no daylight saving since 2014)
PAGE_MAX = 500
BULK_MAX = 500                 # ids per read/delete request
FEED_MAX = 10000               # kept per user; the oldest read ones go first
QUERY_MAX = 200
DELIVERY_BATCH = 500
SETTINGS_PER_ACCOUNT = [(30, 3600)]


def _clock(value):
    """'HH:MM' → minutes after midnight, or None."""
    if not isinstance(value, str) or len(value) != 5 or value[2] != ":":
        return None
    try:
        h, m = int(value[:2]), int(value[3:])
    except ValueError:
        return None
    return h * 60 + m if 0 <= h < 24 and 0 <= m < 60 else None


def settings_of(con, account_id):
    row = con.execute("SELECT settings FROM notification_settings WHERE account_id = ?", (account_id,)).fetchone()
    out = {"types": {t: dict(c) for t, c in DEFAULTS.items()}, "quiet_hours": None}
    if row is not None:
        try:
            stored = json.loads(row["settings"])
            for t in TYPES:
                out["types"][t].update({c: bool(v) for c, v in stored.get("types", {}).get(t, {}).items() if c in CHANNELS})
            out["quiet_hours"] = stored.get("quiet_hours")
        except (ValueError, AttributeError):
            pass
    out["types"]["security"]["inapp"] = True
    return out


def quiet_until(quiet, now):
    """When quiet hours are on at `now`, the time they end; else None."""
    if not quiet:
        return None
    a, b = _clock(quiet.get("from")), _clock(quiet.get("to"))
    if a is None or b is None or a == b:
        return None
    local = now + MSK
    minute = int(local // 60) % 1440
    inside = a <= minute < b if a < b else (minute >= a or minute < b)
    if not inside:
        return None
    ahead = (b - minute) % 1440
    return (int(local // 60) + ahead) * 60 - MSK


def _destination(acc, channel):
    if channel == "sms":
        return acc["phone"]
    if channel == "email":
        return acc["email"]
    return "push:" + acc["public_id"]


def _send(server, acc, channel, text):
    dest = _destination(acc, channel)
    if dest:
        server.outbox.send(dest, text, None, "notification:" + channel)


def unread_count(con, account_id):
    return con.execute("SELECT COUNT(*) FROM notifications WHERE account_id = ? AND read_at IS NULL", (account_id,)).fetchone()[0]


def _body(r):
    return {"id": r["id"], "type": r["type"], "kind": r["kind"], "params": json.loads(r["params"]),
            "object": json.loads(r["object"]) if r["object"] else None, "text": r["text"], "at": int(r["created_at"]),
            "read": r["read_at"] is not None}


def notify(server, con, account_id, type_, kind, params, obj, text, now=None):
    """Records a notification of `type_` for the account (in this transaction) and schedules its
    other channels. `obj` is {"type": "application"|"document"|"security", "id": "..."} or None."""
    t = time.time() if now is None else now
    prefs = settings_of(con, account_id)
    channels = prefs["types"].get(type_, DEFAULTS["status"])
    if channels.get("inapp"):
        search = " ".join([text] + [str(v) for v in params.values() if isinstance(v, (str, int))]).casefold()
        cur = con.execute("INSERT INTO notifications (account_id, type, kind, params, object, text, search, created_at) VALUES (?,?,?,?,?,?,?,?)",
                          (account_id, type_, kind, json.dumps(params, ensure_ascii=False), json.dumps(obj, ensure_ascii=False) if obj else None,
                           text, search, t))
        row = con.execute("SELECT * FROM notifications WHERE id = ?", (cur.lastrowid,)).fetchone()
        body = _body(row)
        prune(con, account_id)
        body["unread"] = unread_count(con, account_id)
        events.publish(server, con, account_id, "notification", body)
    wanted = [c for c in ("email", "sms", "push") if channels.get(c)]
    if not wanted:
        return
    acc = con.execute("SELECT phone, email, public_id FROM accounts WHERE id = ?", (account_id,)).fetchone()
    if acc is None:
        return
    until = quiet_until(prefs.get("quiet_hours"), t)
    for c in wanted:
        if until is None:
            after_commit(con, lambda c=c: _send(server, acc, c, text))
        else:
            con.execute("INSERT INTO deliveries (account_id, channel, text, send_after) VALUES (?,?,?,?)", (account_id, c, text, until))


def flush_deliveries(server, now=None):
    """Sends what quiet hours held back, once they are over. Returns how many went."""
    now = time.time() if now is None else now
    with server.db.transaction() as con:
        rows = con.execute("SELECT d.id, d.channel, d.text, a.phone, a.email, a.public_id FROM deliveries d "
                           "JOIN accounts a ON a.id = d.account_id WHERE d.send_after <= ? ORDER BY d.id LIMIT ?",
                           (now, DELIVERY_BATCH)).fetchall()
        for r in rows:
            con.execute("DELETE FROM deliveries WHERE id = ?", (r["id"],))
    for r in rows:
        _send(server, r, r["channel"], r["text"])
    return len(rows)


def prune(con, account_id):
    """Keeps a feed at FEED_MAX: the oldest read ones go first, then the oldest."""
    n = con.execute("SELECT COUNT(*) FROM notifications WHERE account_id = ?", (account_id,)).fetchone()[0]
    if n > FEED_MAX:
        con.execute("DELETE FROM notifications WHERE id IN (SELECT id FROM notifications WHERE account_id = ? "
                    "ORDER BY read_at IS NULL, id LIMIT ?)", (account_id, n - FEED_MAX))


# -- endpoints ---------------------------------------------------------------------------------
def list_notifications(req):
    """GET /notifications?q=&from=&to=&type=&unread=1&before=&limit=: newest first, a page at a time
    (`next` is the `before` of the next page)."""
    q = {k: v[-1] for k, v in req.query.items()}
    limit = query_int(q, "limit", 1, PAGE_MAX, 50)
    sql = "SELECT * FROM notifications WHERE account_id = ?"
    args = [req.account["id"]]
    text = q.get("q", "")
    if len(text) > QUERY_MAX:
        raise validation([field_error("q", "Не более %d символов" % QUERY_MAX)])
    if text.strip():
        for word in text.casefold().split()[:8]:
            sql += " AND instr(search, ?) > 0"
            args.append(word)
    for key, op in (("from", ">="), ("to", "<")):
        v = query_int(q, key, 0, 10 ** 11)
        if v is not None:
            sql += " AND created_at %s ?" % op
            args.append(v)
    type_ = q.get("type", "")
    if type_:
        if type_ not in TYPES:
            raise validation([field_error("type", "Одно из: " + ", ".join(TYPES))])
        sql += " AND type = ?"
        args.append(type_)
    if q.get("unread") in ("1", "true"):
        sql += " AND read_at IS NULL"
    before = query_int(q, "before", 1, 2 ** 62)
    if before is not None:
        sql += " AND id < ?"
        args.append(before)
    con = req.server.db.connect()
    rows = con.execute(sql + " ORDER BY id DESC LIMIT ?", args + [limit + 1]).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    return reply(200, {"items": [_body(r) for r in rows], "unread": unread_count(con, req.account["id"]),
                       "next": rows[-1]["id"] if more and rows else None})


def _ids(body):
    ids = body.get("ids")
    if not isinstance(ids, list) or not ids or len(ids) > BULK_MAX or not all(isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in ids):
        raise validation([field_error("ids", "Список от 1 до %d номеров уведомлений" % BULK_MAX)])
    return sorted(set(ids))


def _changed(req, con):
    n = unread_count(con, req.account["id"])
    events.publish(req.server, con, req.account["id"], "notifications_changed", {"unread": n})
    return n


def mark_read(req):
    """POST /notifications/read {"ids": [...]} or {"all": true}: idempotent."""
    t = time.time()
    with req.server.db.transaction() as con:
        if req.body.get("all") is True:
            cur = con.execute("UPDATE notifications SET read_at = ? WHERE account_id = ? AND read_at IS NULL", (t, req.account["id"]))
        else:
            ids = _ids(req.body)
            cur = con.execute("UPDATE notifications SET read_at = ? WHERE account_id = ? AND read_at IS NULL AND id IN (%s)" %
                              ",".join("?" * len(ids)), [t, req.account["id"]] + ids)
        marked = cur.rowcount
        n = _changed(req, con) if marked else unread_count(con, req.account["id"])
    return reply(200, {"marked": marked, "unread": n})


def delete_notifications(req):
    """POST /notifications/delete {"ids": [...]}: someone else's ids are simply not found."""
    ids = _ids(req.body)
    with req.server.db.transaction() as con:
        cur = con.execute("DELETE FROM notifications WHERE account_id = ? AND id IN (%s)" % ",".join("?" * len(ids)),
                          [req.account["id"]] + ids)
        deleted = cur.rowcount
        n = _changed(req, con) if deleted else unread_count(con, req.account["id"])
    return reply(200, {"deleted": deleted, "unread": n})


def get_settings(req):
    return reply(200, settings_of(req.server.db.connect(), req.account["id"]))


def _describe(old, new):
    """What changed, in words, for the security log: «СМС: Статусы заявлений — вкл.»."""
    parts = []
    for t in TYPES:
        for c in CHANNELS:
            if old["types"][t][c] != new["types"][t][c]:
                parts.append("%s %s — %s" % (TYPE_NAMES[t], CHANNEL_NAMES[c], "вкл." if new["types"][t][c] else "выкл."))
    if old["quiet_hours"] != new["quiet_hours"]:
        q = new["quiet_hours"]
        parts.append("тихие часы — " + ("%s–%s" % (q["from"], q["to"]) if q else "выкл."))
    return "; ".join(parts)


def put_settings(req):
    """PUT /notifications/settings: the whole settings object. Logged in the security log."""
    from .auth import log_event
    body = req.body
    errors = []
    types = body.get("types")
    new = {"types": {}, "quiet_hours": None}
    if not isinstance(types, dict):
        errors.append(field_error("types", "Укажите настройки для каждого типа"))
    else:
        for t in TYPES:
            chans = types.get(t)
            if not isinstance(chans, dict) or any(not isinstance(chans.get(c), bool) for c in CHANNELS):
                errors.append(field_error("types." + t, "Для каждого канала: true или false"))
                continue
            new["types"][t] = {c: chans[c] for c in CHANNELS}
        unknown = [k for k in types if k not in TYPES] if isinstance(types, dict) else []
        if unknown:
            errors.append(field_error("types", "Неизвестный тип: %s" % str(unknown[0])[:40]))
    quiet = body.get("quiet_hours")
    if quiet is not None:
        if not isinstance(quiet, dict) or _clock(quiet.get("from")) is None or _clock(quiet.get("to")) is None:
            errors.append(field_error("quiet_hours", "Время в формате ЧЧ:ММ, например 22:00"))
        elif quiet["from"] == quiet["to"]:
            errors.append(field_error("quiet_hours", "Начало и конец тихих часов должны различаться"))
        else:
            new["quiet_hours"] = {"from": quiet["from"], "to": quiet["to"]}
    if errors:
        raise validation(errors)
    if not new["types"]["security"]["inapp"]:
        raise validation([field_error("types.security.inapp", "События безопасности всегда показываются в личном кабинете")])
    with req.server.db.transaction() as con:
        # Each change is a security-log entry and a notification: bounded, so a stolen session
        # cannot bury the owner's log under them.
        req.server.limits.check_rate(con, [("notify-settings:%d" % req.account["id"], SETTINGS_PER_ACCOUNT)])
        old = settings_of(con, req.account["id"])
        what = _describe(old, new)
        if what:
            con.execute("INSERT INTO notification_settings (account_id, settings, updated_at) VALUES (?,?,?) "
                        "ON CONFLICT(account_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at",
                        (req.account["id"], json.dumps(new, ensure_ascii=False), time.time()))
            log_event(con, req.account["id"], req, "notification_settings_changed", what)
    return reply(200, new)


# -- development interface ---------------------------------------------------------------------
def dev_fill(req):
    """POST /dev/notifications/fill {"phone", "count"}: `count` read notifications for the account
    with that phone, for benchmarks of a long feed."""
    if not req.server.dev:
        raise ApiError(404, "not_found", "Ресурс не найден")
    count = req.body.get("count")
    if not isinstance(count, int) or not 1 <= count <= FEED_MAX:
        raise validation([field_error("count", "От 1 до %d" % FEED_MAX)])
    with req.server.db.transaction() as con:
        acc = con.execute("SELECT id FROM accounts WHERE phone = ?", (str(req.body.get("phone", ""))[:20],)).fetchone()
        if acc is None:
            raise ApiError(404, "not_found", "Учётная запись не найдена")
        t = time.time() - count * 60
        rows = []
        for i in range(count):
            number = "BENCH-%05d" % i
            text = "Заявление № %s: статус «В обработке»" % number
            rows.append((acc["id"], "status", "application_status",
                         json.dumps({"number": number, "status": "in_progress", "service": "Тестовая услуга"}, ensure_ascii=False),
                         json.dumps({"type": "application", "id": number}), text, text.casefold(), t + i * 60, t + i * 60))
        con.executemany("INSERT INTO notifications (account_id, type, kind, params, object, text, search, created_at, read_at) "
                        "VALUES (?,?,?,?,?,?,?,?,?)", rows)
        prune(con, acc["id"])
        n = unread_count(con, acc["id"])
        events.publish(req.server, con, acc["id"], "notifications_changed", {"unread": n})
    return reply(200, {"created": count, "unread": n})


def dev_deliveries(req):
    """GET /dev/deliveries: what quiet hours are holding back (channel, when it goes)."""
    if not req.server.dev:
        raise ApiError(404, "not_found", "Ресурс не найден")
    rows = req.server.db.query("SELECT d.channel, d.send_after, a.phone FROM deliveries d JOIN accounts a ON a.id = d.account_id "
                               "ORDER BY d.id DESC LIMIT 500")
    return reply(200, {"items": [{"channel": r["channel"], "send_after": int(r["send_after"]), "phone": r["phone"]} for r in rows]})
