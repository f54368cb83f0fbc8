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

from . import forms, sodium
from .auth import log_event
from .catalog import CATALOG
from .errors import ApiError, field_error, validation

MAX_DRAFT = 512 * 1024          # ciphertext of one draft
MAX_DRAFTS = 50                 # per user
MAX_FILE = 5 * 1024 * 1024 + 2048  # a 5 MB file + secretstream header and a tag per 64 KB chunk
MAX_CHUNK = 512 * 1024
MAX_FILES = 10
MAX_SEALED = 256 * 1024
PENDING_ATTACHMENTS = 40        # uploads not yet part of an application, per user
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
                pk, sk, _, _ = sodium.generate_keys()
                keys[a] = (pk, sk)
        fd = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({k: {"pk": b64(pk), "sk": b64(sk)} for k, (pk, sk) in keys.items()}, f, ensure_ascii=False)
        os.replace(path + ".tmp", path)
    return keys


def agency_public_key(server, form_code):
    return b64(server.agency_keys[forms.FORMS[form_code]["agency"]][0])


# -- drafts ------------------------------------------------------------------------------------
def list_drafts(req):
    rows = req.server.db.query("SELECT form_code, service_id, updated_at, LENGTH(blob) AS size FROM drafts WHERE account_id = ? "
                               "ORDER BY updated_at DESC", (req.account["id"],))
    return 200, {"items": [{"form_code": r["form_code"], "service_id": r["service_id"], "title": forms.FORMS[r["form_code"]]["title"],
                            "updated_at": r["updated_at"], "size": r["size"]} for r in rows]}


def get_draft(req):
    code = form_code_param(req)
    r = req.server.db.one("SELECT blob, service_id, updated_at FROM drafts WHERE account_id = ? AND form_code = ?", (req.account["id"], code))
    if r is None:
        # Not an error for the client: a form usually starts without a draft.
        return 200, {"form_code": code, "exists": False, "blob": "", "updated_at": 0}
    return 200, {"form_code": code, "exists": True, "service_id": r["service_id"], "blob": r["blob"], "updated_at": r["updated_at"]}


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
        con.execute("INSERT INTO drafts (account_id, form_code, service_id, blob, updated_at) VALUES (?,?,?,?,?) "
                    "ON CONFLICT(account_id, form_code) DO UPDATE SET blob = excluded.blob, updated_at = excluded.updated_at",
                    (req.account["id"], code, service["id"] if service else "", blob, t))
    return 200, {"form_code": code, "updated_at": t}


def delete_draft(req):
    code = form_code_param(req)
    with req.server.db.transaction() as con:
        con.execute("DELETE FROM drafts WHERE account_id = ? AND form_code = ?", (req.account["id"], code))
    return 204, None


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
        n = con.execute("SELECT COUNT(*) FROM attachments WHERE account_id = ? AND application_id IS NULL",
                        (req.account["id"],)).fetchone()[0]
        if n >= PENDING_ATTACHMENTS:
            # The oldest unused uploads make room (an abandoned form must not block new ones).
            con.execute("DELETE FROM attachments WHERE id IN (SELECT id FROM attachments WHERE account_id = ? AND application_id IS NULL "
                        "ORDER BY created_at LIMIT ?)", (req.account["id"], n - PENDING_ATTACHMENTS + 1))
        con.execute("INSERT INTO attachments (id, account_id, size, sha256, data, created_at) VALUES (?,?,?,?,?,?)",
                    (aid, req.account["id"], size, digest, b"", time.time()))
    return 201, {"id": aid, "received": 0, "size": size}


def _own_attachment(con, req):
    r = con.execute("SELECT * FROM attachments WHERE id = ? AND account_id = ?", (req.params["id"], req.account["id"])).fetchone()
    if r is None:
        raise ApiError(404, "not_found", "Файл не найден")
    return r


def put_attachment_chunk(req):
    offset = req.body.get("offset")
    data = unb64(req.body.get("data"), "data", MAX_CHUNK)
    with req.server.db.transaction() as con:
        r = _own_attachment(con, req)
        received = len(r["data"])
        if r["application_id"] is not None:
            raise ApiError(409, "attached", "Файл уже приложен к заявлению")
        if offset != received:
            # The client resumes from here (a chunk was lost or sent twice).
            raise ApiError(409, "offset_mismatch", "Продолжите загрузку с байта %d" % received, extra={"received": received})
        if received + len(data) > r["size"]:
            raise validation([field_error("data", "Больше заявленного размера")])
        whole = bytes(r["data"]) + data
        complete = len(whole) == r["size"]
        if complete and hashlib.sha256(whole).hexdigest() != r["sha256"]:
            con.execute("UPDATE attachments SET data = ? WHERE id = ?", (b"", r["id"]))
            raise ApiError(422, "checksum_mismatch", "Файл повреждён при передаче: загрузите его заново")
        con.execute("UPDATE attachments SET data = ? WHERE id = ?", (whole, r["id"]))
    return 200, {"id": r["id"], "received": len(whole), "size": r["size"], "complete": complete}


def delete_attachment(req):
    with req.server.db.transaction() as con:
        r = _own_attachment(con, req)
        if r["application_id"] is not None:
            raise ApiError(409, "attached", "Файл уже приложен к заявлению")
        con.execute("DELETE FROM attachments WHERE id = ?", (r["id"],))
    return 204, None


# -- applications ------------------------------------------------------------------------------
def new_number():
    """ЗАЯВЛЕНИЕ № 7K3M-9XQ2-H4TB: 60 random bits in an alphabet without 0/O and 1/I."""
    raw = [NUMBER_ALPHABET[secrets.randbelow(len(NUMBER_ALPHABET))] for _ in range(12)]
    return "-".join("".join(raw[i:i + 4]) for i in (0, 4, 8))


def _application_body(r):
    service = SERVICE_BY_FORM.get(r["form_code"], {})
    return {"number": r["number"], "form_code": r["form_code"], "service_id": r["service_id"], "title": forms.FORMS[r["form_code"]]["title"],
            "service_name": service.get("name", ""), "agency": forms.FORMS[r["form_code"]]["agency"], "status": r["status"],
            "created_at": r["created_at"], "sealed_size": r["sealed_size"], "files": r["files"]}


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
    service = SERVICE_BY_FORM.get(code, {})
    t = time.time()
    with req.server.db.transaction() as con:
        size_total = 0
        for aid in ids:
            r = con.execute("SELECT size, LENGTH(data) AS got, application_id FROM attachments WHERE id = ? AND account_id = ?",
                            (aid, req.account["id"])).fetchone()
            if r is None:
                raise validation([field_error("attachments", "Файл не найден: загрузите его заново")])
            if r["got"] != r["size"]:
                raise validation([field_error("attachments", "Файл загружен не полностью")])
            if r["application_id"] is not None:
                raise validation([field_error("attachments", "Файл уже приложен к другому заявлению")])
            size_total += r["size"]
        for _ in range(5):
            number = new_number()
            if con.execute("SELECT 1 FROM applications WHERE number = ?", (number,)).fetchone() is None:
                break
        cur = con.execute("INSERT INTO applications (number, account_id, form_code, service_id, sealed, own_copy, status, created_at, "
                          "sealed_size, files) VALUES (?,?,?,?,?,?,?,?,?,?)",
                          (number, req.account["id"], code, service.get("id", ""), sealed, own_copy, "submitted", t,
                           len(sealed) + size_total, len(ids)))
        for aid in ids:
            con.execute("UPDATE attachments SET application_id = ? WHERE id = ?", (cur.lastrowid, aid))
        con.execute("DELETE FROM drafts WHERE account_id = ? AND form_code = ?", (req.account["id"], code))
        log_event(con, req.account["id"], req, "application_submitted", number)
        row = con.execute("SELECT * FROM applications WHERE id = ?", (cur.lastrowid,)).fetchone()
    return 201, _application_body(row)


def list_applications(req):
    rows = req.server.db.query("SELECT * FROM applications WHERE account_id = ? ORDER BY created_at DESC LIMIT 200", (req.account["id"],))
    return 200, {"items": [_application_body(r) for r in rows]}


def get_application(req):
    r = req.server.db.one("SELECT * FROM applications WHERE number = ? AND account_id = ?", (req.params["number"], req.account["id"]))
    if r is None:
        raise ApiError(404, "not_found", "Заявление не найдено")
    out = _application_body(r)
    out["own_copy"] = b64(r["own_copy"]) if r["own_copy"] else ""
    return 200, out


def open_application(server, number):
    """What the agency does: unseal the application with its secret key. Returns (envelope, files)
    where files maps attachment id -> ciphertext. Used by tests; never exposed over HTTP."""
    r = server.db.one("SELECT * FROM applications WHERE number = ?", (number,))
    pk, sk = server.agency_keys[forms.FORMS[r["form_code"]]["agency"]]
    plain = sodium.box_seal_open(bytes(r["sealed"]), pk, sk)
    files = {a["id"]: bytes(a["data"]) for a in server.db.query("SELECT id, data FROM attachments WHERE application_id = ?", (r["id"],))}
    return (json.loads(plain.decode("utf-8")) if plain is not None else None), files
