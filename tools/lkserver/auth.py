"""Accounts and identity: registration with a confirmation code, login with a password-derived
authenticator and a second factor (one-time code or TOTP), sessions, lockout, recovery, the
security log. The server never sees a password: the client derives (Argon2id) an authenticator
and a key-wrapping key; the server stores HMAC(pepper, authenticator) and the wrapped keys."""
import base64
import hashlib
import hmac
import json
import secrets
import struct
import time
import urllib.parse

from . import validate as v
from .errors import ApiError, KeepWritesError, field_error, validation

CODE_TTL = 300            # codes live 5 minutes (serve.py --code-ttl shortens it for tests)
CODE_RESEND_AFTER = 60    # and can be sent again after 60 s
CODE_MAX_ATTEMPTS = 5
LOCK_AFTER = 5            # failed logins in a row
LOCK_SECONDS = 15 * 60
ACCESS_TTL = 15 * 60
REFRESH_TTL = 12 * 3600
KDF_OPS_RANGE = (2, 10)
KDF_MEM_RANGE = (16 * 1024 * 1024, 256 * 1024 * 1024)


# -- helpers ---------------------------------------------------------------------------------
def now():
    return time.time()


def b64decode(value, field, length=None, max_length=None):
    if not isinstance(value, str) or len(value) > 4096:
        raise validation([field_error(field, "Ожидается строка base64")])
    try:
        raw = base64.b64decode(value, validate=True)
    except (ValueError, base64.binascii.Error):
        raise validation([field_error(field, "Ожидается строка base64")])
    if (length is not None and len(raw) != length) or (max_length is not None and len(raw) > max_length):
        raise validation([field_error(field, "Неверная длина значения")])
    return raw


def b64(raw):
    return base64.b64encode(raw).decode("ascii")


def token_hash(token):
    return hashlib.sha256(token.encode("ascii", "replace")).digest()


def auth_hash(server, authenticator):
    return hmac.new(server.pepper, authenticator, hashlib.sha256).digest()


def code_hash(server, code):
    return hmac.new(server.pepper, b"code:" + code.encode(), hashlib.sha256).digest()


def log_event(con, account_id, req, event, details=""):
    con.execute("INSERT INTO security_log (account_id, at, ip, device, event, details) VALUES (?,?,?,?,?,?)",
                (account_id, now(), req.ip, req.device, event, details[:500]))


def send_code(server, con, account_id, purpose, destination, payload=None):
    """Creates a one-time code, 'sends' it (the developer outbox), returns the challenge."""
    code = "%06d" % secrets.randbelow(10 ** 6)
    challenge = secrets.token_urlsafe(18)
    t = now()
    ttl = getattr(server, "code_ttl", CODE_TTL)
    con.execute("INSERT INTO codes (id, account_id, purpose, code_hash, destination, expires_at, sent_at, payload) "
                "VALUES (?,?,?,?,?,?,?,?)", (challenge, account_id, purpose, code_hash(server, code), destination,
                                           t + ttl, t, json.dumps(payload or {})))
    server.outbox.send(destination, "Код подтверждения Госуслуг: %s. Никому его не сообщайте." % code, code, purpose)
    return challenge_body(challenge, destination, "otp", ttl)


def challenge_body(challenge, destination, factor, ttl=CODE_TTL):
    return {"challenge_id": challenge, "second_factor": factor, "destination": v.mask_destination(destination),
            "expires_in": ttl, "resend_after": CODE_RESEND_AFTER, "code_length": 6}


def check_code(server, con, challenge_id, code, purpose):
    """Verifies a code of a challenge; raises the documented errors. Returns the code row."""
    if not isinstance(challenge_id, str) or len(challenge_id) > 64:
        raise validation([field_error("challenge_id", "Неверный идентификатор запроса")])
    if not isinstance(code, str) or not (code.isdigit() and len(code) == 6):
        raise validation([field_error("code", "Код — 6 цифр")])
    row = con.execute("SELECT * FROM codes WHERE id = ? AND purpose = ?", (challenge_id, purpose)).fetchone()
    if row is None or row["used"]:
        raise ApiError(404, "challenge_not_found", "Запрос подтверждения не найден или уже использован. Запросите новый код.")
    if row["attempts"] >= CODE_MAX_ATTEMPTS:
        raise ApiError(429, "too_many_attempts", "Код введён неверно 5 раз. Запросите новый код.")
    if row["expires_at"] < now():
        raise ApiError(410, "code_expired", "Срок действия кода истёк. Запросите новый код.")
    acc = con.execute("SELECT totp_secret, totp_enabled FROM accounts WHERE id = ?", (row["account_id"],)).fetchone()
    payload = json.loads(row["payload"])
    if payload.get("factor") == "totp":
        ok = totp_verify(acc["totp_secret"], code)
    else:
        ok = hmac.compare_digest(row["code_hash"], code_hash(server, code))
    if not ok:
        con.execute("UPDATE codes SET attempts = attempts + 1 WHERE id = ?", (challenge_id,))
        left = CODE_MAX_ATTEMPTS - row["attempts"] - 1
        raise KeepWritesError(400, "wrong_code", "Неверный код. Осталось попыток: %d" % left, extra={"attempts_left": left})
    con.execute("UPDATE codes SET used = 1 WHERE id = ?", (challenge_id,))
    return row


# -- TOTP (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits) ------------------------------------
def totp_at(secret_b32, t, step=30, digits=6):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    msg = struct.pack(">Q", int(t // step))
    h = hmac.new(key, msg, hashlib.sha1).digest()
    o = h[-1] & 0x0F
    value = (struct.unpack(">I", h[o:o + 4])[0] & 0x7FFFFFFF) % (10 ** digits)
    return "%0*d" % (digits, value)


def totp_verify(secret_b32, code, t=None):
    if not secret_b32:
        return False
    t = now() if t is None else t
    return any(hmac.compare_digest(totp_at(secret_b32, t + d * 30), code) for d in (-1, 0, 1))


# -- credentials ------------------------------------------------------------------------
def parse_credentials(body):
    """salt, kdf, authenticator, public keys and wrapped keys, as sent by the client."""
    salt = b64decode(body.get("salt"), "salt", length=16)
    kdf = body.get("kdf") if isinstance(body.get("kdf"), dict) else {}
    ops, mem = kdf.get("ops"), kdf.get("mem")
    if kdf.get("alg") != "argon2id13" or not isinstance(ops, int) or not isinstance(mem, int) \
            or not KDF_OPS_RANGE[0] <= ops <= KDF_OPS_RANGE[1] or not KDF_MEM_RANGE[0] <= mem <= KDF_MEM_RANGE[1]:
        raise validation([field_error("kdf", "Параметры Argon2id вне допустимого диапазона")])
    authenticator = b64decode(body.get("authenticator"), "authenticator", length=32)
    keys = body.get("public_keys") if isinstance(body.get("public_keys"), dict) else {}
    pk_x = b64decode(keys.get("x25519"), "public_keys.x25519", length=32)
    pk_ed = b64decode(keys.get("ed25519"), "public_keys.ed25519", length=32)
    wrapped = b64decode(body.get("wrapped_keys"), "wrapped_keys", max_length=512)
    if len(wrapped) < 24 + 16:
        raise validation([field_error("wrapped_keys", "Неверная длина значения")])
    return {"salt": b64(salt), "ops": ops, "mem": mem, "authenticator": authenticator,
            "pk_x": b64(pk_x), "pk_ed": b64(pk_ed), "wrapped": b64(wrapped)}


# -- endpoints --------------------------------------------------------------------------
def register(req):
    body, server = req.body, req.server
    errors = []
    last = v.check_name(body, "last_name", errors, label="Фамилия")
    first = v.check_name(body, "first_name", errors, label="Имя")
    middle = v.check_name(body, "middle_name", errors, required=False, label="Отчество")
    birth = v.check_birth_date(body, "birth_date", errors)
    phone = v.normalize_phone(body.get("phone"))
    if not phone:
        errors.append(field_error("phone", "Введите мобильный телефон: +7 и 10 цифр"))
    email = v.normalize_email(body.get("email"))
    if not email:
        errors.append(field_error("email", "Введите e-mail в формате name@example.ru"))
    if errors:
        raise validation(errors)
    cred = parse_credentials(body)
    with server.db.transaction() as con:
        # An unconfirmed registration with the same contacts is replaced by the new one.
        con.execute("DELETE FROM accounts WHERE status = 'pending' AND (phone = ? OR email = ?)", (phone, email))
        taken = []
        if con.execute("SELECT 1 FROM accounts WHERE phone = ?", (phone,)).fetchone():
            taken.append(field_error("phone", "Этот телефон уже зарегистрирован. Войдите или восстановите пароль."))
        if con.execute("SELECT 1 FROM accounts WHERE email = ?", (email,)).fetchone():
            taken.append(field_error("email", "Этот e-mail уже зарегистрирован. Войдите или восстановите пароль."))
        if taken:
            raise ApiError(409, "already_registered", "Пользователь с такими данными уже зарегистрирован", taken)
        cur = con.execute(
            "INSERT INTO accounts (public_id, phone, email, status, kdf_salt, kdf_ops, kdf_mem, auth_hash, wrapped_keys, "
            "pk_x25519, pk_ed25519, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (secrets.token_hex(8), phone, email, "pending", cred["salt"], cred["ops"], cred["mem"],
             auth_hash(server, cred["authenticator"]), cred["wrapped"], cred["pk_x"], cred["pk_ed"], now()))
        account_id = cur.lastrowid
        profile = {"last_name": last, "first_name": first, "middle_name": middle, "birth_date": birth,
                   "phone": phone, "email": email}
        con.execute("INSERT INTO profile_versions (account_id, version, data, verified, reason, created_at) VALUES (?,?,?,?,?,?)",
                    (account_id, 1, json.dumps(profile, ensure_ascii=False), "[]", "registration", now()))
        challenge = send_code(server, con, account_id, "register", phone)
    return 201, challenge


def register_confirm(req):
    with req.server.db.transaction() as con:
        row = check_code(req.server, con, req.body.get("challenge_id"), req.body.get("code"), "register")
        con.execute("UPDATE accounts SET status = 'active' WHERE id = ?", (row["account_id"],))
        log_event(con, row["account_id"], req, "registered")
    return 200, {"status": "active"}


def resend_code(req):
    challenge_id = req.params["id"]
    with req.server.db.transaction() as con:
        row = con.execute("SELECT * FROM codes WHERE id = ?", (challenge_id,)).fetchone()
        if row is None or row["used"] or json.loads(row["payload"]).get("factor") == "totp":
            raise ApiError(404, "challenge_not_found", "Запрос подтверждения не найден или уже использован")
        wait = row["sent_at"] + CODE_RESEND_AFTER - now()
        if wait > 0:
            raise ApiError(429, "resend_too_early", "Новый код можно запросить через %d с" % int(wait + 0.999),
                           extra={"retry_after": int(wait + 0.999)})
        code = "%06d" % secrets.randbelow(10 ** 6)
        t = now()
        ttl = getattr(req.server, "code_ttl", CODE_TTL)
        con.execute("UPDATE codes SET code_hash = ?, sent_at = ?, expires_at = ?, attempts = 0 WHERE id = ?",
                    (code_hash(req.server, code), t, t + ttl, challenge_id))
        req.server.outbox.send(row["destination"], "Код подтверждения Госуслуг: %s. Никому его не сообщайте." % code,
                               code, row["purpose"])
    return 200, challenge_body(challenge_id, row["destination"], "otp", ttl)


def find_account(con, identifier):
    kind, value = v.normalize_identifier(identifier)
    if kind is None:
        raise validation([field_error("identifier", "Введите телефон (+7 и 10 цифр), e-mail или СНИЛС")])
    return con.execute("SELECT * FROM accounts WHERE %s = ?" % kind, (value,)).fetchone(), value


def prelogin(req):
    con = req.server.db.connect()
    acc, normalized = find_account(con, req.body.get("identifier"))
    if acc is None or acc["status"] != "active":
        # Same shape for unknown users: a salt derived from the identifier, so that the
        # answer does not reveal who is registered.
        fake = hmac.new(req.server.pepper, b"salt:" + normalized.encode(), hashlib.sha256).digest()[:16]
        return 200, {"salt": b64(fake), "kdf": {"alg": "argon2id13", "ops": 2, "mem": 64 * 1024 * 1024}}
    return 200, {"salt": acc["kdf_salt"], "kdf": {"alg": "argon2id13", "ops": acc["kdf_ops"], "mem": acc["kdf_mem"]}}


def login(req):
    server = req.server
    authenticator = b64decode(req.body.get("authenticator"), "authenticator", length=32)
    with server.db.transaction() as con:
        acc, _ = find_account(con, req.body.get("identifier"))
        t = now()
        if acc is None or acc["status"] != "active":
            raise ApiError(401, "invalid_credentials", "Неверный логин или пароль")
        if acc["locked_until"] > t:
            raise locked_error(acc["locked_until"])
        if not hmac.compare_digest(acc["auth_hash"], auth_hash(server, authenticator)):
            # KeepWritesError: the failure is recorded (the transaction commits), then reported.
            failed = acc["failed_logins"] + 1
            log_event(con, acc["id"], req, "login_failed")
            if failed >= LOCK_AFTER:
                until = t + LOCK_SECONDS
                con.execute("UPDATE accounts SET failed_logins = 0, locked_until = ? WHERE id = ?", (until, acc["id"]))
                log_event(con, acc["id"], req, "account_locked", "5 неудачных попыток входа")
                raise locked_error(until, KeepWritesError)
            con.execute("UPDATE accounts SET failed_logins = ? WHERE id = ?", (failed, acc["id"]))
            raise KeepWritesError(401, "invalid_credentials", "Неверный логин или пароль. Осталось попыток: %d" % (LOCK_AFTER - failed),
                                  extra={"attempts_left": LOCK_AFTER - failed})
        else:
            con.execute("UPDATE accounts SET failed_logins = 0 WHERE id = ?", (acc["id"],))
            if acc["totp_enabled"]:
                challenge = secrets.token_urlsafe(18)
                con.execute("INSERT INTO codes (id, account_id, purpose, code_hash, destination, expires_at, sent_at, payload) "
                            "VALUES (?,?,?,?,?,?,?,?)", (challenge, acc["id"], "login", b"", "totp", t + CODE_TTL, t,
                                                       json.dumps({"factor": "totp", "device": req.device})))
                result = dict(challenge_body(challenge, "", "totp"), destination="приложение-аутентификатор")
            else:
                result = send_code(server, con, acc["id"], "login", acc["phone"], {"factor": "otp", "device": req.device})
    return 200, result


def locked_error(until, cls=ApiError):
    when = time.strftime("%H:%M", time.localtime(until))
    return cls(423, "account_locked", "Вход временно заблокирован после 5 неудачных попыток. Попробуйте после %s." % when,
                    extra={"unlock_at": int(until)})


def new_session(con, account_id, req):
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    t = now()
    sid = secrets.token_hex(8)
    con.execute("INSERT INTO sessions (id, account_id, access_hash, refresh_hash, access_expires, refresh_expires, created_at, "
                "last_seen, ip, device) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (sid, account_id, token_hash(access), token_hash(refresh), t + ACCESS_TTL, t + REFRESH_TTL, t, t, req.ip, req.device))
    return sid, access, refresh


def login_verify(req):
    with req.server.db.transaction() as con:
        row = check_code(req.server, con, req.body.get("challenge_id"), req.body.get("code"), "login")
        acc = con.execute("SELECT * FROM accounts WHERE id = ?", (row["account_id"],)).fetchone()
        sid, access, refresh = new_session(con, acc["id"], req)
        log_event(con, acc["id"], req, "login")
    return 200, {"access_token": access, "refresh_token": refresh, "expires_in": ACCESS_TTL, "session_id": sid,
                 "account": account_summary(req.server, acc), "wrapped_keys": acc["wrapped_keys"],
                 "public_keys": {"x25519": acc["pk_x25519"], "ed25519": acc["pk_ed25519"]}}


def account_summary(server, acc):
    con = server.db.connect()
    prof = con.execute("SELECT data FROM profile_versions WHERE account_id = ? ORDER BY version DESC LIMIT 1", (acc["id"],)).fetchone()
    data = json.loads(prof["data"]) if prof else {}
    return {"id": acc["public_id"], "last_name": data.get("last_name", ""), "first_name": data.get("first_name", ""),
            "middle_name": data.get("middle_name", ""), "phone": acc["phone"], "email": acc["email"],
            "totp_enabled": bool(acc["totp_enabled"])}


def refresh(req):
    token = req.body.get("refresh_token")
    if not isinstance(token, str) or len(token) > 200:
        raise validation([field_error("refresh_token", "Неверный токен")])
    with req.server.db.transaction() as con:
        s = con.execute("SELECT * FROM sessions WHERE refresh_hash = ?", (token_hash(token),)).fetchone()
        t = now()
        if s is None or s["revoked_at"] or s["refresh_expires"] < t:
            raise ApiError(401, "session_expired", "Сеанс завершён. Войдите снова.")
        access, new_refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        con.execute("UPDATE sessions SET access_hash = ?, refresh_hash = ?, access_expires = ?, last_seen = ? WHERE id = ?",
                    (token_hash(access), token_hash(new_refresh), t + ACCESS_TTL, t, s["id"]))
    return 200, {"access_token": access, "refresh_token": new_refresh, "expires_in": ACCESS_TTL}


def logout(req):
    with req.server.db.transaction() as con:
        con.execute("UPDATE sessions SET revoked_at = ? WHERE id = ?", (now(), req.session["id"]))
        log_event(con, req.account["id"], req, "logout")
    return 204, None


def me(req):
    return 200, account_summary(req.server, req.account)


def list_sessions(req):
    t = now()
    rows = req.server.db.query("SELECT * FROM sessions WHERE account_id = ? AND revoked_at IS NULL AND refresh_expires > ? "
                               "ORDER BY last_seen DESC", (req.account["id"], t))
    return 200, {"items": [{"id": r["id"], "device": r["device"], "ip": r["ip"], "created_at": int(r["created_at"]),
                            "last_seen": int(r["last_seen"]), "current": r["id"] == req.session["id"]} for r in rows]}


def revoke_session(req):
    with req.server.db.transaction() as con:
        s = con.execute("SELECT * FROM sessions WHERE id = ? AND account_id = ? AND revoked_at IS NULL",
                        (req.params["id"], req.account["id"])).fetchone()
        if s is None:
            raise ApiError(404, "not_found", "Устройство не найдено")
        con.execute("UPDATE sessions SET revoked_at = ? WHERE id = ?", (now(), s["id"]))
        log_event(con, req.account["id"], req, "device_revoked", s["device"])
    return 204, None


def security_log(req):
    try:
        limit = max(1, min(200, int(req.query.get("limit", ["100"])[0])))
    except ValueError:
        limit = 100
    rows = req.server.db.query("SELECT * FROM security_log WHERE account_id = ? ORDER BY at DESC, id DESC LIMIT ?",
                               (req.account["id"], limit))
    return 200, {"items": [{"at": int(r["at"]), "ip": r["ip"], "device": r["device"], "event": r["event"],
                            "details": r["details"]} for r in rows]}


def recover(req):
    """Always answers the same way, whether or not the identifier is registered."""
    server = req.server
    with server.db.transaction() as con:
        acc, _ = find_account(con, req.body.get("identifier"))
        if acc is None or acc["status"] != "active":
            return 202, challenge_body(secrets.token_urlsafe(18), "", "otp")
        return 202, send_code(server, con, acc["id"], "recover", acc["phone"])


def recover_confirm(req):
    """New credentials after a code: the old keys cannot be unwrapped without the old password,
    so the client sends new key pairs; every session ends."""
    cred = parse_credentials(req.body)
    with req.server.db.transaction() as con:
        row = check_code(req.server, con, req.body.get("challenge_id"), req.body.get("code"), "recover")
        con.execute("UPDATE accounts SET kdf_salt = ?, kdf_ops = ?, kdf_mem = ?, auth_hash = ?, wrapped_keys = ?, pk_x25519 = ?, "
                    "pk_ed25519 = ?, failed_logins = 0, locked_until = 0 WHERE id = ?",
                    (cred["salt"], cred["ops"], cred["mem"], auth_hash(req.server, cred["authenticator"]), cred["wrapped"],
                     cred["pk_x"], cred["pk_ed"], row["account_id"]))
        con.execute("UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL", (now(), row["account_id"]))
        log_event(con, row["account_id"], req, "password_changed", "восстановление пароля; все сеансы завершены")
    return 200, {"status": "password_changed"}


def totp_setup(req):
    secret = base64.b32encode(secrets.token_bytes(20)).decode("ascii").rstrip("=")
    with req.server.db.transaction() as con:
        con.execute("UPDATE accounts SET totp_secret = ?, totp_enabled = 0 WHERE id = ?", (secret, req.account["id"]))
    label = urllib.parse.quote("Госуслуги:" + req.account["phone"])
    uri = "otpauth://totp/%s?secret=%s&issuer=%s&digits=6&period=30" % (label, secret, urllib.parse.quote("Госуслуги"))
    return 200, {"secret": secret, "otpauth_uri": uri}


def totp_enable(req):
    code = req.body.get("code")
    acc = req.server.db.one("SELECT totp_secret FROM accounts WHERE id = ?", (req.account["id"],))
    if not acc["totp_secret"]:
        raise ApiError(409, "totp_not_set_up", "Сначала получите ключ для приложения-аутентификатора")
    if not isinstance(code, str) or not totp_verify(acc["totp_secret"], code):
        raise ApiError(400, "wrong_code", "Неверный код из приложения. Проверьте время на телефоне.")
    with req.server.db.transaction() as con:
        con.execute("UPDATE accounts SET totp_enabled = 1 WHERE id = ?", (req.account["id"],))
        log_event(con, req.account["id"], req, "totp_enabled")
    return 200, {"totp_enabled": True}


def totp_disable(req):
    with req.server.db.transaction() as con:
        con.execute("UPDATE accounts SET totp_enabled = 0, totp_secret = NULL WHERE id = ?", (req.account["id"],))
        log_event(con, req.account["id"], req, "totp_disabled")
    return 204, None


def authenticate(server, header):
    """(account, session) for a bearer token, or raises 401."""
    if not header or not header.startswith("Bearer "):
        raise ApiError(401, "unauthorized", "Требуется вход в личный кабинет")
    token = header[7:].strip()
    if not token or len(token) > 200:
        raise ApiError(401, "unauthorized", "Требуется вход в личный кабинет")
    con = server.db.connect()
    s = con.execute("SELECT * FROM sessions WHERE access_hash = ?", (token_hash(token),)).fetchone()
    t = now()
    if s is None or s["revoked_at"]:
        raise ApiError(401, "unauthorized", "Сеанс завершён. Войдите снова.")
    if s["access_expires"] < t:
        raise ApiError(401, "token_expired", "Срок действия токена истёк")
    acc = con.execute("SELECT * FROM accounts WHERE id = ?", (s["account_id"],)).fetchone()
    if t - s["last_seen"] > 30:
        with server.db.transaction() as wcon:
            wcon.execute("UPDATE sessions SET last_seen = ? WHERE id = ?", (t, s["id"]))
    return acc, s
