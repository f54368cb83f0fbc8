"""«Совместные решения» (SPEC §7, docs/rooms.md): rooms and their journals.

The server stores and relays what the members sign; it cannot write to a journal itself. It
checks every entry as the clients do (crypto/room_journal.* — the same canonical form, signature,
BLAKE2b chain and rights table) and refuses what a client would reject, so that an honest
backend never stores a broken journal: an entry must come from the caller's own signing key, be
the next one (seq, prev), and be within the author's role. The members table is derived from the
journal (created / added / role / removed) and answers "who may see this room".
"""
import base64
import hashlib
import json
import re
import secrets
import time

from . import crypto
from .errors import ApiError, field_error, query_int, validation
from .applications import unused_upload
from .responses import reply
from .limits import APPLICATIONS_PER_DAY
from .validate import mask_destination, normalize_email, normalize_phone

ROLES = ("initiator", "admin", "representative", "participant", "observer", "support")
KINDS = ("family", "joint", "legal", "general")   # семейное, от нескольких заявителей, юридическое, общее
# The rights table of SPEC §7 (core/room_rights.cpp is the client's copy).
RIGHTS = {
    "initiator": {"view", "journal", "edit", "propose", "vote", "manage"},
    "admin": {"view", "journal", "edit", "propose", "vote", "manage"},
    "representative": {"view", "journal", "edit", "propose", "vote"},
    "participant": {"view", "journal", "edit", "propose", "vote"},
    "observer": {"view", "journal"},
    "support": {"journal"},
}
KIND_RIGHT = {"proposed": "propose", "withdrawn": "propose", "voted": "vote", "signed": "vote", "delegated": "vote",
              "edited": "edit", "document": "edit", "sign_requested": "edit",
              "submitted": "edit"}
MAX_ENTRY = 16 * 1024            # bytes of an entry's JSON
MAX_FIELD = 256                  # bytes of any string field but the body
ROOM_ID = re.compile(r"^[0-9a-f]{32}$")
ROOMS_PER_DAY = [(20, 86400)]    # per account
ENTRIES_PER_HOUR = [(600, 3600)]  # per account: votes, messages, changes
PAGE = 500


def canonical(entry):
    """The bytes an entry's signature covers: nlohmann's dump of the sorted object, no spaces."""
    return json.dumps({k: entry[k] for k in ("at", "author", "body", "kind", "prev", "room", "seq")},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def entry_hash(prev_b64, entry, text=None):
    prev = base64.b64decode(prev_b64) if prev_b64 else bytes(32)
    h = hashlib.blake2b(digest_size=32)
    h.update(prev)
    h.update(text if text is not None else canonical(entry))
    h.update(base64.b64decode(entry["signature"]))
    return base64.b64encode(h.digest()).decode()


def _key(value):
    """A base64 32-byte public key, or None."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except ValueError:
        return None
    return value if len(raw) == 32 else None


def _parse_entry(raw):
    """The entry as sent, checked for shape; raises 422."""
    if not isinstance(raw, dict):
        raise validation([field_error("entry", "Запись журнала — объект")])
    if len(json.dumps(raw, ensure_ascii=False).encode("utf-8")) > MAX_ENTRY:
        raise validation([field_error("entry", "Запись журнала больше 16 КБ")])
    e = {}
    for k in ("room", "prev", "author", "kind", "signature"):
        v = raw.get(k)
        if not isinstance(v, str) or len(v.encode("utf-8")) > MAX_FIELD:
            raise validation([field_error("entry." + k, "Строка до %d байт" % MAX_FIELD)])
        e[k] = v
    for k in ("seq", "at"):
        v = raw.get(k)
        if not isinstance(v, int) or isinstance(v, bool) or v < 0 or v > 2 ** 53:
            raise validation([field_error("entry." + k, "Целое число")])
        e[k] = v
    if not isinstance(raw.get("body"), dict):
        raise validation([field_error("entry.body", "Объект")])
    e["body"] = raw["body"]
    return e


def _member_rows(con, room_id):
    return {r["pk"]: r for r in con.execute("SELECT * FROM room_members WHERE room_id = ? AND removed_seq IS NULL", (room_id,))}


def _check_and_apply(server, con, room, e):
    """The entry's rights and its effect on the members (as crypto/room_journal.cpp Apply)."""
    members = _member_rows(con, room["id"])
    me = members.get(e["author"])
    body = e["body"]
    if e["kind"] == "created":
        raise ApiError(403, "room_forbidden", "Комнату создаёт только первая запись")
    if me is None:
        raise ApiError(403, "room_forbidden", "Вы не участник этой комнаты")
    role = me["role"]
    rights = RIGHTS.get(role, set())
    if e["kind"] in ("added", "role"):
        new_role = body.get("role")
        member = _key(body.get("member"))
        if member is None or new_role not in ROLES or (e["kind"] == "added" and _key(body.get("box")) is None):
            raise validation([field_error("entry.body", "Нужны ключи участника и роль")])
        if "manage" not in rights or new_role == "initiator":
            raise ApiError(403, "room_forbidden", "Добавлять людей и менять роли могут заявитель и администратор")
        target = members.get(member)
        if e["kind"] == "added":
            if target is not None:
                raise ApiError(409, "already_member", "Этот человек уже участник")
            acc = con.execute("SELECT id FROM accounts WHERE pk_ed25519 = ?", (member,)).fetchone()
            if acc is None:
                raise validation([field_error("entry.body.member", "Нет учётной записи с этим ключом")])
            con.execute("INSERT INTO room_members (room_id, account_id, pk, box, role, added_seq) VALUES (?,?,?,?,?,?)",
                        (room["id"], acc["id"], member, body["box"], new_role, e["seq"]))
        else:
            if target is None or target["role"] == "initiator":
                raise ApiError(403, "room_forbidden", "Роль заявителя не меняется")
            con.execute("UPDATE room_members SET role = ? WHERE room_id = ? AND pk = ? AND removed_seq IS NULL", (new_role, room["id"], member))
    elif e["kind"] == "removed":
        member = _key(body.get("member"))
        target = members.get(member) if member else None
        if target is None:
            raise validation([field_error("entry.body.member", "Не участник")])
        if member != e["author"] and ("manage" not in rights or target["role"] == "initiator"):
            raise ApiError(403, "room_forbidden", "Удалять участников могут заявитель и администратор")
        con.execute("UPDATE room_members SET removed_seq = ? WHERE room_id = ? AND pk = ? AND removed_seq IS NULL", (e["seq"], room["id"], member))
    elif e["kind"] == "rekeyed":
        epoch = body.get("epoch")
        if "view" not in rights or not isinstance(epoch, int) or epoch != room["key_epoch"] + 1:
            raise ApiError(403, "room_forbidden", "Новый ключ комнаты — следующая эпоха, от участника с ключом")
        con.execute("UPDATE rooms SET key_epoch = ? WHERE id = ?", (epoch, room["id"]))
    elif KIND_RIGHT.get(e["kind"], "view") not in rights:
        raise ApiError(403, "room_forbidden", "Ваша роль этого не позволяет")
    elif e["kind"] in ("proposed", "voted", "withdrawn"):
        on_proposal_entry(server, con, room, e)


def _verify_signed(req, e):
    """The author is the caller, and the signature holds; returns the canonical bytes."""
    if e["author"] != req.account["pk_ed25519"]:
        raise validation([field_error("entry.author", "Запись подписывают своим ключом")])
    text = canonical(e)
    try:
        sig = base64.b64decode(e["signature"], validate=True)
    except ValueError:
        sig = b""
    if not crypto.sign_verify_detached(sig, text, base64.b64decode(e["author"])):
        raise validation([field_error("entry.signature", "Подпись записи не сходится")])
    return text


def _room_for(con, req, room_id, right="view"):
    """The room if the caller is a member with `right`; 404 otherwise (nobody learns it exists)."""
    if not ROOM_ID.match(room_id or ""):
        raise ApiError(404, "not_found", "Комната не найдена")
    r = con.execute("SELECT r.*, m.role FROM rooms r JOIN room_members m ON m.room_id = r.id "
                    "WHERE r.id = ? AND m.account_id = ? AND m.removed_seq IS NULL", (room_id, req.account["id"])).fetchone()
    if r is None or right not in RIGHTS.get(r["role"], set()):
        raise ApiError(404, "not_found", "Комната не найдена")
    return r


def _announce(req, con, room_id, seq):
    from . import events  # (events imports the modules that import this one)
    for m in con.execute("SELECT DISTINCT account_id FROM room_members WHERE room_id = ? AND (removed_seq IS NULL OR removed_seq = ?)",
                         (room_id, seq)):
        events.publish(req.server, con, m["account_id"], "room_changed", {"room": room_id, "seq": seq})


def _summary(r, title=None):
    out = {"id": r["id"], "kind": r["kind"], "created_at": r["created_at"], "head_seq": r["head_seq"], "head": r["head"],
           "key_epoch": r["key_epoch"], "role": r["role"]}
    if title is not None:
        out["title"] = title
    return out


def _title(entry_text):
    """The title in entry 0 as stored (the client shows it in the list and checks it on opening)."""
    try:
        t = json.loads(entry_text)["body"].get("title")
    except (ValueError, KeyError, AttributeError):
        return ""
    return t if isinstance(t, str) else ""


def display_name(server, con, account_id):
    """«Иванов И. И.» from the person's current profile: how members are shown to one another."""
    from .profile import _current, _data
    row = _current(con, account_id)
    if row is None:
        return ""
    d = _data(server, row)
    initials = " ".join(x[0] + "." for x in (d.get("first_name") or "", d.get("middle_name") or "") if x)
    return ((d.get("last_name") or "") + " " + initials).strip()


def create_room(req):
    """POST /rooms {kind, entry}: the creator's signed «created» entry (seq 0) opens the room."""
    b = req.body
    kind = b.get("kind")
    if kind not in KINDS:
        raise validation([field_error("kind", "Один из: " + ", ".join(KINDS))])
    e = _parse_entry(b.get("entry"))
    if e["kind"] != "created" or e["seq"] != 0 or e["prev"] != "" or not ROOM_ID.match(e["room"]) or _key(e["body"].get("box")) is None:
        raise validation([field_error("entry", "Первая запись: created, seq 0, без prev, с ключом box и id комнаты из 32 hex")])
    text = _verify_signed(req, e)
    h = entry_hash("", e, text)
    with req.server.db.transaction() as con:
        req.server.limits.check_rate(con, [("rooms:%d" % req.account["id"], ROOMS_PER_DAY)])
        if con.execute("SELECT 1 FROM rooms WHERE id = ?", (e["room"],)).fetchone():
            raise ApiError(409, "room_exists", "Комната с таким id уже есть")
        now = time.time()
        con.execute("INSERT INTO rooms (id, kind, created_by, created_at, head_seq, head, key_epoch) VALUES (?,?,?,?,0,?,0)",
                    (e["room"], kind, req.account["id"], now, h))
        con.execute("INSERT INTO room_journal (room_id, seq, entry, hash, received_at) VALUES (?,?,?,?,?)",
                    (e["room"], 0, json.dumps(e, ensure_ascii=False), h, now))
        con.execute("INSERT INTO room_members (room_id, account_id, pk, box, role, added_seq) VALUES (?,?,?,?,?,0)",
                    (e["room"], req.account["id"], e["author"], e["body"]["box"], "initiator"))
        r = _room_for(con, req, e["room"])
        return reply(201, _summary(r))


UNREAD_CAP = 100  # «99+» is all a list needs; counting stops there
READS_PER_MINUTE = [(600, 60)]  # a read marker per message shown, with room for a busy chat


def list_rooms(req):
    """GET /rooms: the caller's rooms with the chat messages of others after what they have read
    (`unread`, at most 100) and the time of the newest message."""
    with req.server.db.transaction() as con:
        rows = con.execute("SELECT r.*, m.role, j.entry AS first, COALESCE(rr.message_id, 0) AS read_upto FROM rooms r "
                           "JOIN room_members m ON m.room_id = r.id JOIN room_journal j ON j.room_id = r.id AND j.seq = 0 "
                           "LEFT JOIN room_reads rr ON rr.room_id = r.id AND rr.account_id = m.account_id "
                           "WHERE m.account_id = ? AND m.removed_seq IS NULL ORDER BY r.created_at DESC LIMIT 500",
                           (req.account["id"],)).fetchall()
        items = []
        for r in rows:
            s = _summary(r, _title(r["first"]))
            s["unread"] = con.execute("SELECT COUNT(*) FROM (SELECT 1 FROM room_messages WHERE room_id = ? AND id > ? AND author != ? LIMIT ?)",
                                      (r["id"], r["read_upto"], req.account["pk_ed25519"], UNREAD_CAP)).fetchone()[0]
            last = con.execute("SELECT MAX(at) FROM room_messages WHERE room_id = ?", (r["id"],)).fetchone()[0]
            s["last_message_at"] = last
            s["read_upto"] = r["read_upto"]
            items.append(s)
        return reply(200, {"items": items})


def mark_read(req):
    """POST /rooms/{id}/read {message}: the caller has seen the chat up to this message (only ever
    forward: a late request from another device does not bring old messages back as new)."""
    message = req.body.get("message")
    if not isinstance(message, int) or isinstance(message, bool) or not 0 <= message < 2 ** 62:
        raise validation([field_error("message", "Номер сообщения")])
    with req.server.db.transaction() as con:
        r = _room_for(con, req, req.params["id"])
        req.server.limits.check_rate(con, [("room-reads:%d" % req.account["id"], READS_PER_MINUTE)])
        con.execute("INSERT INTO room_reads (room_id, account_id, message_id) VALUES (?,?,?) "
                    "ON CONFLICT(room_id, account_id) DO UPDATE SET message_id = MAX(message_id, excluded.message_id)",
                    (r["id"], req.account["id"], message))
        return reply(204)


def list_members(req):
    """GET /rooms/{id}/members: the names behind the members' keys, removed members included (the
    journal names them). Who is a member, and with which role, each client takes from the signed
    journal; the names are the portal's word, for display."""
    with req.server.db.transaction() as con:
        r = _room_for(con, req, req.params["id"], "journal")
        rows = con.execute("SELECT account_id, pk, role, removed_seq FROM room_members WHERE room_id = ? ORDER BY added_seq LIMIT 1000",
                           (r["id"],)).fetchall()
        return reply(200, {"items": [{"member": x["pk"], "name": display_name(req.server, con, x["account_id"]),
                                      "removed": x["removed_seq"] is not None} for x in rows]})


def get_journal(req):
    """GET /rooms/{id}/journal?after=&limit=: entries after seq `after` (-1: from the first)."""
    q = {k: v[-1] for k, v in req.query.items()}
    after = query_int(q, "after", -1, 2 ** 53, -1)
    limit = query_int(q, "limit", 1, PAGE, PAGE)
    with req.server.db.transaction() as con:
        r = _room_for(con, req, req.params["id"], "journal")
        rows = con.execute("SELECT entry FROM room_journal WHERE room_id = ? AND seq > ? ORDER BY seq LIMIT ?", (r["id"], after, limit)).fetchall()
        items = [json.loads(x["entry"]) for x in rows]
        nxt = items[-1]["seq"] if len(items) == limit and items[-1]["seq"] < r["head_seq"] else None
        return reply(200, {"room": _summary(r), "items": items, "next_after": nxt})


def append_entry(req):
    """POST /rooms/{id}/journal {entry}: the next entry, signed by the caller, within their role."""
    e = _parse_entry(req.body.get("entry"))
    text = _verify_signed(req, e)
    with req.server.db.transaction() as con:
        r = _room_for(con, req, req.params["id"])
        req.server.limits.check_rate(con, [("room-entries:%d" % req.account["id"], ENTRIES_PER_HOUR)])
        if e["room"] != r["id"]:
            raise validation([field_error("entry.room", "Запись другой комнаты")])
        if e["seq"] != r["head_seq"] + 1 or e["prev"] != r["head"]:
            # Someone else's entry came first: the client reads the journal again and re-signs.
            raise ApiError(409, "journal_moved", "Журнал уже дополнен: обновите его и повторите")
        _check_and_apply(req.server, con, r, e)
        h = entry_hash(r["head"], e, text)
        con.execute("INSERT INTO room_journal (room_id, seq, entry, hash, received_at) VALUES (?,?,?,?,?)",
                    (r["id"], e["seq"], json.dumps(e, ensure_ascii=False), h, time.time()))
        con.execute("UPDATE rooms SET head_seq = ?, head = ? WHERE id = ?", (e["seq"], h, r["id"]))
        if e["kind"] == "voted":
            after_vote(req.server, con, r["id"], e["body"]["proposal"], time.time())
        _announce(req, con, r["id"], e["seq"])
        return reply(201, {"seq": e["seq"], "hash": h})


# -- invitations -------------------------------------------------------------------------------
# By phone or e-mail, to someone who may not have an account yet: an invitation is matched to the
# account with that confirmed phone or e-mail when they look (so one who registers later finds it).
# Accepting makes no one a member: the invitee's keys go to the room's managers, whose client
# signs the «added» entry (the server cannot). States: sent, accepted, declined, expired (7 days).
INVITATION_DAYS = 7
INVITATIONS_PER_DAY = [(50, 86400)]  # per account


def _invitation_json(r, now, name=None):
    state = r["state"]
    if state == "sent" and now > r["expires_at"]:
        state = "expired"
    out = {"id": r["id"], "room": r["room_id"], "role": r["role"], "state": state, "created_at": r["created_at"],
           "expires_at": r["expires_at"], "to": mask_destination(r["destination"])}
    if state == "accepted" and r["invitee_pk"]:
        out["invitee"] = {"ed25519": r["invitee_pk"], "x25519": r["invitee_box"]}
        if name is not None:
            out["invitee"]["name"] = name
    return out


def invite(req):
    """POST /rooms/{id}/invitations {phone | email, role}: by a member who manages people."""
    b = req.body
    dest = normalize_phone(b.get("phone")) if b.get("phone") else normalize_email(b.get("email")) if b.get("email") else None
    if dest is None:
        raise validation([field_error("phone" if b.get("phone") else "email", "Телефон +7 … или адрес электронной почты")])
    role = b.get("role")
    if role not in ROLES or role in ("initiator", "support"):
        raise validation([field_error("role", "Администратор, представитель, участник или наблюдатель")])
    now = time.time()
    with req.server.db.transaction() as con:
        r = _room_for(con, req, req.params["id"])
        if "manage" not in RIGHTS.get(r["role"], set()):
            raise ApiError(403, "room_forbidden", "Приглашать могут заявитель и администратор")
        req.server.limits.check_rate(con, [("room-invites:%d" % req.account["id"], INVITATIONS_PER_DAY)])
        iid = secrets.token_hex(8)
        con.execute("INSERT INTO room_invitations (id, room_id, inviter_id, destination, role, state, created_at, expires_at) "
                    "VALUES (?,?,?,?,?, 'sent', ?, ?)", (iid, r["id"], req.account["id"], dest, role, now, now + INVITATION_DAYS * 86400))
        invitee = con.execute("SELECT id FROM accounts WHERE phone = ? OR email = ?", (dest, dest)).fetchone()
        if invitee is not None:
            from . import events
            events.publish(req.server, con, invitee["id"], "invitation_changed", {"invitation": iid})
        return reply(201, _invitation_json(con.execute("SELECT * FROM room_invitations WHERE id = ?", (iid,)).fetchone(), now))


def room_invitations(req):
    """GET /rooms/{id}/invitations: the room's invitations, for its members."""
    now = time.time()
    with req.server.db.transaction() as con:
        r = _room_for(con, req, req.params["id"])
        rows = con.execute("SELECT * FROM room_invitations WHERE room_id = ? ORDER BY created_at DESC LIMIT 200", (r["id"],)).fetchall()
        return reply(200, {"items": [_invitation_json(x, now, display_name(req.server, con, x["invitee_id"]) if x["invitee_id"] else None)
                                     for x in rows]})


def _mine(con, req):
    acc = con.execute("SELECT phone, email FROM accounts WHERE id = ?", (req.account["id"],)).fetchone()
    return [d for d in (acc["phone"], acc["email"]) if d]


def my_invitations(req):
    """GET /invitations: those sent to the caller's confirmed phone or e-mail, newest first."""
    now = time.time()
    with req.server.db.transaction() as con:
        dests = _mine(con, req)
        rows = con.execute("SELECT i.*, r.kind, j.entry AS first FROM room_invitations i JOIN rooms r ON r.id = i.room_id "
                           "JOIN room_journal j ON j.room_id = r.id AND j.seq = 0 WHERE i.destination IN (%s) "
                           "ORDER BY i.created_at DESC LIMIT 200" % ",".join("?" * len(dests)), dests).fetchall() if dests else []
        return reply(200, {"items": [dict(_invitation_json(x, now), kind=x["kind"], title=_title(x["first"]),
                                          inviter=display_name(req.server, con, x["inviter_id"])) for x in rows]})


def accept_invitation(req):
    return _answer_invitation(req, True)


def decline_invitation(req):
    return _answer_invitation(req, False)


def _answer_invitation(req, accept):
    """POST /invitations/{id}/accept | /decline: once, by the invitee, before it expires."""
    now = time.time()
    with req.server.db.transaction() as con:
        dests = _mine(con, req)
        r = con.execute("SELECT * FROM room_invitations WHERE id = ?", (req.params["id"],)).fetchone()
        if r is None or r["destination"] not in dests:
            raise ApiError(404, "not_found", "Приглашение не найдено")
        if r["state"] != "sent" or now > r["expires_at"]:
            raise ApiError(409, "invitation_closed", "Приглашение уже принято, отклонено или истекло")
        acc = con.execute("SELECT pk_ed25519, pk_x25519 FROM accounts WHERE id = ?", (req.account["id"],)).fetchone()
        con.execute("UPDATE room_invitations SET state = ?, answered_at = ?, invitee_id = ?, invitee_pk = ?, invitee_box = ? WHERE id = ?",
                    ("accepted" if accept else "declined", now, req.account["id"], acc["pk_ed25519"] if accept else None,
                     acc["pk_x25519"] if accept else None, r["id"]))
        from . import events
        # The managers' clients add the member (a signed «added» entry); everyone sees the state.
        for m in con.execute("SELECT DISTINCT account_id FROM room_members WHERE room_id = ? AND removed_seq IS NULL", (r["room_id"],)):
            events.publish(req.server, con, m["account_id"], "invitation_changed", {"invitation": r["id"], "room": r["room_id"]})
        return reply(200, _invitation_json(con.execute("SELECT * FROM room_invitations WHERE id = ?", (r["id"],)).fetchone(), now))


def dev_expire_invitation(req):
    """Development interface: the invitation's 7 days are over now (tests of expiry)."""
    if not req.server.dev:
        raise ApiError(404, "not_found", "Ресурс не найден")
    with req.server.db.transaction() as con:
        if con.execute("UPDATE room_invitations SET expires_at = ? WHERE id = ?", (time.time() - 1, req.params["id"])).rowcount == 0:
            raise ApiError(404, "not_found", "Приглашение не найдено")
    return reply(200, {"ok": True})


# -- room keys and messages ----------------------------------------------------------------------
# The server keeps each member's sealed copy of each epoch's key and the ciphertext of messages;
# it can read neither (docs/rooms.md, "The room key").
MAX_SEALED_KEY = 200                 # bytes: crypto_box_seal of 32 bytes is 80
MAX_MESSAGE = 64 * 1024              # bytes of ciphertext (a message's text is at most 32 KB)
MESSAGES_PER_MINUTE = [(60, 60)]     # per account
MESSAGE_PAGE = 100


def _unb64(value, field, max_len):
    if not isinstance(value, str) or len(value) > max_len * 4 // 3 + 4:
        raise validation([field_error(field, "base64, не больше %d байт" % max_len)])
    try:
        raw = base64.b64decode(value, validate=True)
    except ValueError:
        raise validation([field_error(field, "base64")])
    if not raw or len(raw) > max_len:
        raise validation([field_error(field, "base64, не больше %d байт" % max_len)])
    return raw


def put_keys(req):
    """PUT /rooms/{id}/keys/{epoch} {keys: [{member, sealed}]}: the current epoch's key, sealed by
    a member who holds it to members who have none yet (a copy once stored is not replaced)."""
    epoch = req.params["epoch"]
    items = req.body.get("keys")
    if not isinstance(items, list) or not 1 <= len(items) <= 500:
        raise validation([field_error("keys", "От 1 до 500 ключей")])
    with req.server.db.transaction() as con:
        r = _room_for(con, req, req.params["id"])
        if int(epoch) != r["key_epoch"]:
            raise ApiError(409, "journal_moved", "Эпоха ключа уже другая: обновите журнал")
        members = _member_rows(con, r["id"])
        stored = 0
        for i, k in enumerate(items):
            if not isinstance(k, dict) or k.get("member") not in members or "view" not in RIGHTS.get(members[k["member"]]["role"], set()):
                raise validation([field_error("keys[%d].member" % i, "Не участник комнаты с доступом к ключу")])
            sealed = _unb64(k.get("sealed"), "keys[%d].sealed" % i, MAX_SEALED_KEY)
            stored += con.execute("INSERT OR IGNORE INTO room_keys (room_id, epoch, member, sealed, by_id, at) VALUES (?,?,?,?,?,?)",
                                  (r["id"], r["key_epoch"], k["member"], sealed, req.account["id"], time.time())).rowcount
        if stored:
            # A member added a moment ago waits for their copy: room_changed makes their client look.
            _announce(req, con, r["id"], r["head_seq"])
        return reply(200, {"stored": stored})


def get_keys(req):
    """GET /rooms/{id}/keys: the caller's sealed copies, one per epoch they were given."""
    with req.server.db.transaction() as con:
        r = _room_for(con, req, req.params["id"])
        rows = con.execute("SELECT epoch, sealed FROM room_keys WHERE room_id = ? AND member = ? ORDER BY epoch",
                           (r["id"], req.account["pk_ed25519"])).fetchall()
        return reply(200, {"items": [{"epoch": x["epoch"], "sealed": base64.b64encode(bytes(x["sealed"])).decode()} for x in rows],
                           "key_epoch": r["key_epoch"]})


def post_message(req):
    """POST /rooms/{id}/messages {epoch, ciphertext}: a chat message, encrypted with the room key."""
    epoch = req.body.get("epoch")
    if not isinstance(epoch, int) or isinstance(epoch, bool) or epoch < 0:
        raise validation([field_error("epoch", "Целое число")])
    blob = _unb64(req.body.get("ciphertext"), "ciphertext", MAX_MESSAGE)
    if len(blob) < 24 + 16:
        raise validation([field_error("ciphertext", "Не зашифровано")])
    with req.server.db.transaction() as con:
        r = _room_for(con, req, req.params["id"])
        req.server.limits.check_rate(con, [("room-messages:%d" % req.account["id"], MESSAGES_PER_MINUTE)])
        if epoch != r["key_epoch"]:
            raise ApiError(409, "journal_moved", "Ключ комнаты сменился: обновите журнал")
        files = _message_files(con, req)
        now = time.time()
        cur = con.execute("INSERT INTO room_messages (room_id, author, epoch, ciphertext, at) VALUES (?,?,?,?,?)",
                          (r["id"], req.account["pk_ed25519"], epoch, blob, now))
        for aid in files:
            con.execute("UPDATE attachments SET room_id = ?, room_message = ? WHERE id = ?", (r["id"], cur.lastrowid, aid))
        from . import events
        for m in con.execute("SELECT DISTINCT account_id FROM room_members WHERE room_id = ? AND removed_seq IS NULL", (r["id"],)):
            events.publish(req.server, con, m["account_id"], "room_message", {"room": r["id"], "id": cur.lastrowid})
        return reply(201, {"id": cur.lastrowid, "at": now})


MESSAGE_FILES = 5


def _message_files(con, req):
    """The message's files: the sender's own complete uploads, not yet part of anything."""
    ids = req.body.get("attachments", [])
    if not isinstance(ids, list) or len(ids) > MESSAGE_FILES or len(set(map(str, ids))) != len(ids):
        raise validation([field_error("attachments", "До %d разных файлов" % MESSAGE_FILES)])
    for aid in ids:
        if unused_upload(con, req.account["id"], aid) is None:
            raise validation([field_error("attachments", "Файл не найден, загружен не полностью или уже отправлен")])
    return ids


def get_attachment(req):
    """GET /rooms/{id}/attachments/{aid}: a chat file's ciphertext, for the room's members (the key
    is in the message)."""
    with req.server.db.transaction() as con:
        r = _room_for(con, req, req.params["id"])
        a = con.execute("SELECT id, size, room_message FROM attachments WHERE id = ? AND room_id = ?", (req.params["aid"], r["id"])).fetchone()
        if a is None:
            raise ApiError(404, "not_found", "Файл не найден")
        from .applications import attachment_bytes
        data = attachment_bytes(con, a["id"])
        return reply(200, {"id": a["id"], "message": a["room_message"], "size": a["size"], "ciphertext": base64.b64encode(data).decode()})


def list_messages(req):
    """GET /rooms/{id}/messages?before=&after=&limit=: newest first, a page at a time (members);
    `after` gives only what came after the newest message a client has (a live update)."""
    q = {k: v[-1] for k, v in req.query.items()}
    before = query_int(q, "before", 1, 2 ** 62)
    after = query_int(q, "after", 0, 2 ** 62, 0)
    limit = query_int(q, "limit", 1, MESSAGE_PAGE, MESSAGE_PAGE)
    with req.server.db.transaction() as con:
        r = _room_for(con, req, req.params["id"])
        rows = con.execute("SELECT * FROM room_messages WHERE room_id = ? AND id < ? AND id > ? ORDER BY id DESC LIMIT ?",
                           (r["id"], before or 2 ** 62, after, limit)).fetchall()
        items = [{"id": x["id"], "author": x["author"], "epoch": x["epoch"], "at": x["at"],
                  "ciphertext": base64.b64encode(bytes(x["ciphertext"])).decode()} for x in rows]
        return reply(200, {"items": items, "next": items[-1]["id"] if len(items) == limit else None})


# -- proposals: closed at the deadline's instant, or as soon as the outcome is settled ----------
# The clients count the signed votes themselves (core/decision.*); the backend counts the same way
# so that it can close a proposal — refuse later votes, tell the members — at the very instant of
# its deadline: one timer for the earliest open deadline, re-armed when proposals come and go,
# not a periodic sweep that is up to a period late.
def decide(rule, quorum, n, f, a, ab, final):
    """core::DecideFromCounts: "accepted", "rejected" or None (open)."""
    rem = max(0, n - f - a - ab)
    if n == 0:
        return "rejected"
    final = final or rem == 0
    if rule == "unanimous":
        if a > 0:
            return "rejected"
        if rem == 0:
            return "accepted" if f > 0 else "rejected"
        return "rejected" if final else None
    if rule == "majority":
        q = max(1, -(-n * min(100, max(1, quorum)) // 100))
        cast = f + a + ab
        if final:
            return "accepted" if cast >= q and f > a else "rejected"
        if cast >= q and f > a + rem:
            return "accepted"
        if f + rem <= a:
            return "rejected"
        return None
    need = -(-2 * n // 3)
    if f >= need:
        return "accepted"
    if final or f + rem < need:
        return "rejected"
    return None


def _entries(con, room_id, kind, after_seq=-1):
    """The stored entries of one kind (a LIKE narrows, the parsed kind decides)."""
    for r in con.execute("SELECT entry FROM room_journal WHERE room_id = ? AND seq > ? AND entry LIKE ? ORDER BY seq",
                         (room_id, after_seq, '%"kind": "' + kind + '"%')):
        e = json.loads(r["entry"])
        if e["kind"] == kind:
            yield e


def _counts(con, room_id, proposal):
    votes = [e["body"].get("choice") for e in _entries(con, room_id, "voted") if e["body"].get("proposal") == proposal]
    return votes.count("for"), votes.count("against"), votes.count("abstain")


OUTCOME_NAMES = {"accepted": "принято", "rejected": "отклонено", "withdrawn": "отозвано"}


def _room_title(con, room_id):
    r = con.execute("SELECT entry FROM room_journal WHERE room_id = ? AND seq = 0", (room_id,)).fetchone()
    return _title(r["entry"])[:200] if r else ""


def _notify_room(server, con, account_id, kind, room_id, params, text):
    """A «room» notification (its own type in the settings) that opens the room."""
    from . import notify
    notify.notify(server, con, account_id, "room", kind, dict(params, room_title=_room_title(con, room_id)),
                  {"type": "room", "id": room_id}, text)


def _close(server, con, p, outcome, now):
    con.execute("UPDATE room_proposals SET closed_at = ?, outcome = ? WHERE room_id = ? AND proposal = ? AND closed_at IS NULL",
                (now, outcome, p["room_id"], p["proposal"]))
    from . import events
    title = _room_title(con, p["room_id"])
    for m in con.execute("SELECT DISTINCT account_id FROM room_members WHERE room_id = ? AND removed_seq IS NULL", (p["room_id"],)).fetchall():
        events.publish(server, con, m["account_id"], "proposal_closed",
                       {"room": p["room_id"], "proposal": p["proposal"], "outcome": outcome})
        _notify_room(server, con, m["account_id"], "proposal_closed", p["room_id"], {"outcome": outcome},
                     "Голосование в комнате «%s» завершено: %s" % (title, OUTCOME_NAMES.get(outcome, outcome)))


def _remind(server, con, p, now):
    """The voters without a vote yet hear that theirs is awaited (once per proposal)."""
    con.execute("UPDATE room_proposals SET reminded = 1 WHERE room_id = ? AND proposal = ?", (p["room_id"], p["proposal"]))
    voted = {(v["body"].get("on_behalf") or v["author"]) for v in _entries(con, p["room_id"], "voted", p["seq"])
             if v["body"].get("proposal") == p["proposal"]}
    title = _room_title(con, p["room_id"])
    for pk in json.loads(p["voters"]):
        if pk in voted:
            continue
        m = con.execute("SELECT account_id FROM room_members WHERE room_id = ? AND pk = ? AND removed_seq IS NULL", (p["room_id"], pk)).fetchone()
        if m is not None:
            _notify_room(server, con, m["account_id"], "proposal_reminder", p["room_id"], {"deadline": int(p["deadline"])},
                         "Напоминание: в комнате «%s» ждут вашего голоса" % title)


def _delegated(con, room_id, voter, author, at):
    """A delegation from voter to author in force at `at`: the latest one made by then decides (a
    later one replaces the earlier — «Отозвать» is one with vote false), as the clients count."""
    latest = None
    for d in _entries(con, room_id, "delegated"):
        if d["author"] == voter and d["body"].get("to") == author and d["at"] <= at:
            latest = d
    if latest is None:
        return False
    b = latest["body"]
    return b.get("vote") is True and at < (b.get("until") or 0)


def on_proposal_entry(server, con, room, e):
    """A «proposed», «voted» or «withdrawn» entry about to be stored: checked and applied."""
    b = e["body"]
    pid = b.get("proposal")
    if not isinstance(pid, str) or not 1 <= len(pid) <= 64:
        raise validation([field_error("entry.body.proposal", "Идентификатор предложения: до 64 символов")])
    p = con.execute("SELECT * FROM room_proposals WHERE room_id = ? AND proposal = ?", (room["id"], pid)).fetchone()
    now = time.time()
    if e["kind"] == "proposed":
        rule, quorum, deadline = b.get("rule"), b.get("quorum", 50), b.get("deadline")
        if p is not None:
            raise validation([field_error("entry.body.proposal", "Такое предложение уже есть")])
        if rule not in ("unanimous", "majority", "qualified") or not isinstance(quorum, int) or not 1 <= quorum <= 100:
            raise validation([field_error("entry.body.rule", "Правило: unanimous, majority (кворум 1–100 %) или qualified")])
        if not isinstance(deadline, int) or not 3600 <= deadline - e["at"] <= 30 * 86400 or deadline <= now:
            raise validation([field_error("entry.body.deadline", "Срок — от часа до 30 дней")])
        members = _member_rows(con, room["id"])
        voters = [m["pk"] for m in members.values() if m["role"] in ("initiator", "admin", "participant")]
        remind_at = deadline - min(86400, (deadline - e["at"]) / 2)
        con.execute("INSERT INTO room_proposals (room_id, proposal, seq, author, rule, quorum, deadline, voters, remind_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?)", (room["id"], pid, e["seq"], e["author"], rule, quorum, float(deadline), json.dumps(voters), remind_at))
        title = _room_title(con, room["id"])
        for pk in voters:
            if pk != e["author"]:
                _notify_room(server, con, members[pk]["account_id"], "proposal_new", room["id"], {"deadline": deadline},
                             "Новое предложение в комнате «%s»: нужен ваш голос" % title)
        if getattr(server, "proposal_clock", None):
            server.proposal_clock.wake()
        return
    if p is None:
        raise validation([field_error("entry.body.proposal", "Нет такого предложения")])
    if p["closed_at"] is not None:
        raise ApiError(409, "proposal_closed", "Голосование по предложению завершено")
    if e["kind"] == "withdrawn":
        me = _member_rows(con, room["id"]).get(e["author"])
        if e["author"] != p["author"] and (me is None or "manage" not in RIGHTS.get(me["role"], set())):
            raise ApiError(403, "room_forbidden", "Отозвать предложение может его автор или администратор")
        _close(server, con, p, "withdrawn", now)
        return
    voter = b.get("on_behalf") or e["author"]
    if voter not in json.loads(p["voters"]):
        raise ApiError(403, "room_forbidden", "Вы не голосуете по этому предложению")
    if voter != e["author"] and not _delegated(con, room["id"], voter, e["author"], e["at"]):
        raise ApiError(403, "room_forbidden", "Нет действующей доверенности на голосование")
    if b.get("choice") not in ("for", "against", "abstain"):
        raise validation([field_error("entry.body.choice", "for, against или abstain")])
    for v in _entries(con, room["id"], "voted", p["seq"]):
        if v["body"].get("proposal") == pid and (v["body"].get("on_behalf") or v["author"]) == voter:
            raise ApiError(409, "already_voted", "Голос уже подан: его не меняют")


def after_vote(server, con, room_id, pid, now):
    """Settled by the vote just stored? Then it closes now."""
    p = con.execute("SELECT * FROM room_proposals WHERE room_id = ? AND proposal = ?", (room_id, pid)).fetchone()
    if p is None or p["closed_at"] is not None:
        return
    f, a, ab = _counts(con, room_id, pid)
    outcome = decide(p["rule"], p["quorum"], len(json.loads(p["voters"])), f, a, ab, False)
    if outcome:
        _close(server, con, p, outcome, now)


class ProposalClock:
    """One timer, for the earliest open deadline."""

    def __init__(self, server):
        self.server = server
        self.loop = None
        self.event = None
        self.late_ms = []  # how late each close was (for the bench and the check)

    def wake(self):
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self.event.set)

    async def run(self):
        import asyncio
        self.loop = asyncio.get_running_loop()
        self.event = asyncio.Event()
        while True:
            row = await self.server.run(self.server.db.one, "SELECT MIN(CASE WHEN reminded = 0 AND remind_at < deadline THEN remind_at "
                                        "ELSE deadline END) AS d FROM room_proposals WHERE closed_at IS NULL")
            wait = None if row is None or row["d"] is None else max(0.0, row["d"] - time.time())
            self.event.clear()
            try:
                await asyncio.wait_for(self.event.wait(), timeout=wait)
                continue  # a new or moved deadline: look again
            except asyncio.TimeoutError:
                pass
            await self.server.run(self.close_due)

    def close_due(self):
        now = time.time()
        with self.server.db.transaction() as con:
            for p in con.execute("SELECT * FROM room_proposals WHERE closed_at IS NULL AND reminded = 0 AND remind_at <= ? AND deadline > ?",
                                 (now, now)).fetchall():
                _remind(self.server, con, p, now)
            for p in con.execute("SELECT * FROM room_proposals WHERE closed_at IS NULL AND deadline <= ?", (now,)).fetchall():
                f, a, ab = _counts(con, p["room_id"], p["proposal"])
                _close(self.server, con, p, decide(p["rule"], p["quorum"], len(json.loads(p["voters"])), f, a, ab, True), now)
                self.late_ms.append((now - p["deadline"]) * 1000)


def list_proposals(req):
    """GET /rooms/{id}/proposals: where each stands as the backend counts it (the clients count
    for themselves from the journal; this is what the backend enforces)."""
    with req.server.db.transaction() as con:
        r = _room_for(con, req, req.params["id"])
        rows = con.execute("SELECT * FROM room_proposals WHERE room_id = ? ORDER BY seq DESC LIMIT 500", (r["id"],)).fetchall()
        return reply(200, {"items": [{"proposal": x["proposal"], "seq": x["seq"], "rule": x["rule"], "deadline": x["deadline"],
                                      "closed_at": x["closed_at"], "outcome": x["outcome"]} for x in rows]})


# -- a joint application from a signed document ---------------------------------------------------
def has_signed(con, room_id, request, pk):
    """Did the member with Ed25519 key `pk` sign what the sign_requested entry `request` asked for
    (the same version and hash, after the request, a signature that verifies)? The calendar's test."""
    b = request["body"]
    text = ("lk-room-document|%s|%s|%s|%s" % (room_id, b.get("document"), b.get("version"), b.get("hash"))).encode("utf-8")
    for e in _entries(con, room_id, "signed", request["seq"]):
        s = e["body"]
        if e["author"] != pk or s.get("document") != b.get("document") or s.get("version") != b.get("version") or s.get("hash") != b.get("hash"):
            continue
        try:
            if crypto.sign_verify_detached(base64.b64decode(s.get("signature", ""), validate=True), text, base64.b64decode(pk)):
                return True
        except ValueError:
            continue
    return False


def _signed_document(con, room_id, document, version):
    """The document version's hash and its signatures {signer: signature}, when the latest request
    for signatures is for this version and every requested signer signed it (what each client
    computes in client/room_documents.cpp); raises 409 otherwise."""
    h = None
    for e in _entries(con, room_id, "document"):
        b = e["body"]
        if b.get("document") == document and b.get("version") == version:
            h = b.get("hash")
    req = None
    for e in _entries(con, room_id, "sign_requested"):
        b = e["body"]
        if b.get("document") == document:
            req = e
    if h is None or req is None or req["body"].get("version") != version or req["body"].get("hash") != h:
        raise ApiError(409, "not_signed", "Подпись под этой версией документа не запрашивалась")
    signers = [k for k in req["body"].get("signers", []) if isinstance(k, str)]
    text = ("lk-room-document|%s|%s|%d|%s" % (room_id, document, version, h)).encode("utf-8")
    signatures = {}
    for e in _entries(con, room_id, "signed", req["seq"]):
        b = e["body"]
        if (b.get("document") == document and b.get("version") == version and b.get("hash") == h and e["author"] in signers
                and e["author"] not in signatures):
            try:
                sig = base64.b64decode(b.get("signature", ""), validate=True)
            except ValueError:
                continue
            if crypto.sign_verify_detached(sig, text, base64.b64decode(e["author"])):
                signatures[e["author"]] = b["signature"]
    if not signers or set(signatures) != set(signers):
        raise ApiError(409, "not_signed", "Документ подписали ещё не все заявители")
    return h, signatures


def submit_joint(req):
    """POST /rooms/{id}/applications {document, version, form_code, sealed}: the signed document as
    a joint application — sealed to the agency on the submitter's device, with every signer's
    signature inside; each signer becomes an applicant and follows it in «Мои заявления»."""
    from . import agency, applications, events, forms, payments
    b = req.body
    document, version, code = b.get("document"), b.get("version"), b.get("form_code")
    if not isinstance(document, str) or not 1 <= len(document) <= 64 or not isinstance(version, int) or isinstance(version, bool):
        raise validation([field_error("document", "Документ и его версия")])
    if code not in forms.FORMS:
        raise validation([field_error("form_code", "Неизвестная форма")])
    sealed = _unb64(b.get("sealed"), "sealed", applications.MAX_SEALED)
    if len(sealed) < 48 + 64:
        raise validation([field_error("sealed", "Заявление не запечатано")])
    t = time.time()
    with req.server.db.transaction() as con:
        r = _room_for(con, req, req.params["id"])
        if "edit" not in RIGHTS.get(r["role"], set()):
            raise ApiError(403, "room_forbidden", "Подать заявление может участник с правом редактировать документы")
        req.server.limits.check_rate(con, [("applications:%d" % req.account["id"], APPLICATIONS_PER_DAY)])
        _, signatures = _signed_document(con, r["id"], document, version)
        members = _member_rows(con, r["id"])
        if any(k not in members for k in signatures):
            raise ApiError(409, "not_signed", "Один из подписавших больше не участник комнаты")
        number = applications.new_number()
        while con.execute("SELECT 1 FROM applications WHERE number = ?", (number,)).fetchone() is not None:
            number = applications.new_number()
        app_id = applications.insert_submitted(con, number, req.account["id"], code, sealed, b"", t, len(sealed), 0, req.account["pk_ed25519"])
        for k in signatures:
            if members[k]["account_id"] != req.account["id"]:
                con.execute("INSERT OR IGNORE INTO application_applicants (application_id, account_id) VALUES (?,?)",
                            (app_id, members[k]["account_id"]))
        payments.charge_for_application(con, req.account["id"], app_id, applications.SERVICE_BY_FORM.get(code, {}), t, server=req.server)
        agency.plan(req.server, con, app_id, t)
        row = con.execute("SELECT * FROM applications WHERE id = ?", (app_id,)).fetchone()
        from .status import applicants
        for account in applicants(con, row):
            events.publish(req.server, con, account, "application_changed", {"number": number, "status": "submitted", "form_code": code})
        return reply(201, applications._application_body(row))


def dev_repeat_messages(req):
    """Development interface (benchmarks): the room's latest message copied `count` times — the
    same ciphertext, which the server never reads, so every copy decrypts on the members' devices."""
    if not req.server.dev:
        raise ApiError(404, "not_found", "Ресурс не найден")
    count = req.body.get("count")
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 10000:
        raise validation([field_error("count", "От 1 до 10 000")])
    with req.server.db.transaction() as con:
        last = con.execute("SELECT * FROM room_messages WHERE room_id = ? ORDER BY id DESC LIMIT 1", (req.params["id"],)).fetchone()
        if last is None:
            raise ApiError(404, "not_found", "В комнате нет сообщений")
        con.executemany("INSERT INTO room_messages (room_id, author, epoch, ciphertext, at) VALUES (?,?,?,?,?)",
                        [(last["room_id"], last["author"], last["epoch"], last["ciphertext"], last["at"])] * count)
    return reply(200, {"created": count})


def dev_move_deadline(req):
    """Development interface: the proposal's deadline `in_ms` from now (tests of exact closing)."""
    if not req.server.dev:
        raise ApiError(404, "not_found", "Ресурс не найден")
    ms = req.body.get("in_ms")
    if not isinstance(ms, int) or not 0 <= ms <= 86400000:
        raise validation([field_error("in_ms", "От 0 до 86 400 000")])
    with req.server.db.transaction() as con:
        field = "remind_at" if req.body.get("what") == "reminder" else "deadline"
        if con.execute("UPDATE room_proposals SET %s = ? WHERE room_id = ? AND proposal = ? AND closed_at IS NULL" % field,
                       (time.time() + ms / 1000, req.params["id"], req.params["proposal"])).rowcount == 0:
            raise ApiError(404, "not_found", "Открытого предложения нет")
    req.server.proposal_clock.wake()
    return reply(200, {"ok": True})
