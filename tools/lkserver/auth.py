"""Accounts and identity: registration with a confirmation code, login with a password-derived
authenticator and a second factor (one-time code or TOTP), sessions, lockout, recovery, the
security log. The server never sees a password: the client derives (Argon2id) an authenticator
and a key-wrapping key; the server stores HMAC(pepper, authenticator) and the wrapped keys
(encrypted once more at rest). docs/behaviour.md states the rules this file implements."""
import base64
import hashlib
import hmac
import json
import re
import secrets
import time

import pyotp
import user_agents

from . import events
from . import validate as v
from .errors import ApiError, KeepWritesError, field_error, validation
from .responses import reply
from .limits import (REGISTRATIONS_PER_ADDRESS, SEND_OVERALL, SEND_PER_ADDRESS, SEND_PER_DESTINATION, human,
                     too_many)
from .store import after_commit

CODE_TTL = 300            # codes live 5 minutes (serve.py --code-ttl shortens it for tests)
CODE_RESEND_AFTER = 60    # and can be sent again after 60 s
CODE_MAX_ATTEMPTS = 5
ACCESS_TTL = 15 * 60
REFRESH_TTL = 12 * 3600
FRESH_FACTOR = 10 * 60    # TOTP changes need a second factor entered within the last 10 minutes
KDF_OPS_RANGE = (2, 10)
KDF_MEM_RANGE = (16 * 1024 * 1024, 256 * 1024 * 1024)
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"   # no 0/o, 1/l/i


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


def identifier_subject(server, normalized):
    """What guesses against an identifier nobody has are counted against (same rules as an account)."""
    return "ident:" + hmac.new(server.pepper, b"ident:" + normalized.encode(), hashlib.sha256).hexdigest()[:32]


def account_subject(account_id):
    return "acct:%d" % account_id


SAFE_LABEL = re.compile(r"[^A-Za-z0-9 .\-]")


def device_label(user_agent):
    """'Chrome 156, Linux' from the User-Agent, through a parser's fixed vocabulary: the label shown
    to the user is never client text verbatim (an X-Device header, or a UA with markup, is not)."""
    if not user_agent:
        return "Неизвестное устройство"
    ua = user_agents.parse(user_agent[:512])
    browser = SAFE_LABEL.sub("", ua.browser.family)[:30].strip()
    major = ua.browser.version[0] if ua.browser.version else None
    os_name = SAFE_LABEL.sub("", ua.os.family)[:30].strip()
    if browser in ("", "Other"):
        return "Неизвестное устройство"
    label = browser + (" %d" % major if isinstance(major, int) else "")
    if os_name and os_name != "Other":
        label += ", " + os_name
    return label


# Security-log events that also reach «Уведомления» (type "security"): what the owner must hear of.
SECURITY_NOTICES = {
    "login": "вход в личный кабинет", "login_failed": "неудачная попытка входа", "account_locked": "вход заблокирован",
    "password_changed": "пароль изменён", "totp_enabled": "подключён аутентификатор", "totp_disabled": "отключён аутентификатор",
    "codes_locked": "ввод кодов заблокирован", "refresh_token_reused": "сеанс завершён: токен использован повторно",
    "recovery_code_used": "вход по резервному коду", "email_confirmed": "подтверждена электронная почта",
    "notification_settings_changed": "изменены настройки уведомлений",
}


def log_event(con, account_id, req, event, details=""):
    """A security-log entry, and the same as a `security` event on the user's stream."""
    t = now()
    device = req.device if req is not None else "сервер"
    ip = req.ip if req is not None else ""
    con.execute("INSERT INTO security_log (account_id, at, ip, device, event, details) VALUES (?,?,?,?,?,?)",
                (account_id, t, ip, device, event, details[:500]))
    server = req.server if req is not None else None
    if server is not None:
        events.publish(server, con, account_id, "security", {"event": event, "at": int(t), "ip": ip, "device": device,
                                                            "details": details[:500]})
        if event in SECURITY_NOTICES:
            from . import notify
            notify.notify(server, con, account_id, "security", "security", {"event": event, "device": device},
                          {"type": "security", "id": event}, "Безопасность: %s (%s)" % (SECURITY_NOTICES[event], device), now=t)


def notify_owner(server, con, destination, text):
    """A message to the account's owner (SMS in production; the outbox here), after the commit."""
    after_commit(con, lambda: server.outbox.send(destination, text, None, "notice"))


def _send_limits(server, con, destination, ip):
    dest_key = "dest:" + hmac.new(server.pepper, destination.encode(), hashlib.sha256).hexdigest()[:32]
    server.limits.check_rate(con, [(dest_key, SEND_PER_DESTINATION), ("addr-send:" + ip, SEND_PER_ADDRESS),
                                   ("send-all", SEND_OVERALL)])


def send_code(server, con, req, account_id, subject, purpose, destination, payload=None, decoy=False):
    """Creates a one-time code and 'sends' it (the outbox, after the commit); returns the challenge.
    A decoy (no account behind the identifier, or someone else's pending registration) is stored and
    counted exactly like a real code, but nothing is sent and no code can match it."""
    _send_limits(server, con, destination, req.ip)
    code = "%06d" % secrets.randbelow(10 ** 6)
    challenge = secrets.token_urlsafe(18)
    t = now()
    ttl = server.code_ttl
    stored_hash = code_hash(server, code) if not decoy else secrets.token_bytes(32)
    con.execute("INSERT INTO codes (id, account_id, subject, purpose, code_hash, destination, expires_at, sent_at, payload) "
                "VALUES (?,?,?,?,?,?,?,?,?)", (challenge, account_id, subject, purpose, stored_hash,
                                               server.at_rest.seal(destination, "codes.destination"), t + ttl, t,
                                               json.dumps(dict(payload or {}, decoy=decoy))))
    if not decoy:
        text = "Код подтверждения Госуслуг: %s. Никому его не сообщайте." % code
        after_commit(con, lambda: server.outbox.send(destination, text, code, purpose))
    return challenge_body(challenge, destination, "otp", ttl)


def challenge_body(challenge, destination, factor, ttl=CODE_TTL):
    return {"challenge_id": challenge, "second_factor": factor, "destination": v.mask_destination(destination),
            "expires_in": ttl, "resend_after": CODE_RESEND_AFTER, "code_length": 6}


def code_locked_error(wait, cls=ApiError):
    wait = int(wait + 0.999)
    return cls(429, "code_entry_locked", "Слишком много неверных кодов. Ввод кодов заблокирован на %s." % human(wait),
               extra={"retry_after": wait, "unlock_at": int(now() + wait)}, headers={"Retry-After": str(wait)})


def _totp_step(secret, code):
    """The 30-second step a TOTP code belongs to, among the current and the previous one; or None."""
    totp = pyotp.TOTP(secret)
    t = now()
    for back in (0, 1):
        at = t - back * 30
        if hmac.compare_digest(totp.at(at), code):
            return int(at // 30)
    return None


def live_challenge(server, con, req, challenge_id, purposes, totp_only=False):
    """The code row of a challenge that may still be answered; else the documented error (not
    found or used, code entry locked, too many attempts, expired)."""
    if not isinstance(challenge_id, str) or len(challenge_id) > 64:
        raise validation([field_error("challenge_id", "Неверный идентификатор запроса")])
    row = con.execute("SELECT * FROM codes WHERE id = ?", (challenge_id,)).fetchone()
    if row is None or row["used"] or row["purpose"] not in purposes or \
            (totp_only and json.loads(row["payload"]).get("factor") != "totp"):
        raise ApiError(404, "challenge_not_found", "Запрос подтверждения не найден или уже использован. Запросите новый код.")
    wait = server.limits.code_lock_wait(con, row["subject"], req.ip)
    if wait > 0:
        raise code_locked_error(wait)
    if row["attempts"] >= CODE_MAX_ATTEMPTS:
        raise ApiError(429, "too_many_attempts", "Код введён неверно 5 раз. Запросите новый код.")
    if row["expires_at"] < now():
        raise ApiError(410, "code_expired", "Срок действия кода истёк. Запросите новый код.")
    return row


def check_code(server, con, req, challenge_id, code, purposes):
    """Verifies a code of a challenge; raises the documented errors. Returns the code row."""
    if not isinstance(code, str) or not (code.isdigit() and len(code) == 6):
        raise validation([field_error("code", "Код — 6 цифр")])
    row = live_challenge(server, con, req, challenge_id, purposes)
    payload = json.loads(row["payload"])
    step = None
    if payload.get("factor") == "totp":
        acc = con.execute("SELECT totp_secret, totp_last_step FROM accounts WHERE id = ?", (row["account_id"],)).fetchone()
        secret = server.at_rest.open_text(acc["totp_secret"], "accounts.totp_secret") if acc and acc["totp_secret"] else None
        step = _totp_step(secret, code) if secret else None
        ok = step is not None and step > acc["totp_last_step"]   # a step is accepted once
    else:
        ok = hmac.compare_digest(bytes(row["code_hash"]), code_hash(server, code))
    if not ok:
        wrong_code(server, con, req, row)
    con.execute("UPDATE codes SET used = 1 WHERE id = ?", (challenge_id,))
    server.limits.code_succeeded(con, row["subject"])
    if step is not None:
        con.execute("UPDATE accounts SET totp_last_step = ? WHERE id = ?", (step, row["account_id"]))
    return row


def wrong_code(server, con, req, row):
    """Counts a wrong code and raises: 400 with the attempts left, or the lockout it started."""
    code_failed(server, con, req, row)
    left = CODE_MAX_ATTEMPTS - row["attempts"] - 1
    raise KeepWritesError(400, "wrong_code", "Неверный код. Осталось попыток: %d" % left, extra={"attempts_left": left})


def code_failed(server, con, req, row):
    """A wrong code: counted for the code, its subject (across challenges) and the address. When that
    starts a lockout, the owner is told and the security log says so; the error is the lockout."""
    con.execute("UPDATE codes SET attempts = attempts + 1 WHERE id = ?", (row["id"],))
    locked, address_locked = server.limits.code_failed(con, row["subject"], req.ip)
    if locked and row["account_id"] is not None:
        log_event(con, row["account_id"], req, "codes_locked", "ввод кодов заблокирован на %s после неверных кодов" % human(locked))
        acc = con.execute("SELECT phone FROM accounts WHERE id = ?", (row["account_id"],)).fetchone()
        notify_owner(server, con, acc["phone"], "Госуслуги: несколько раз введён неверный код для вашей учётной записи. "
                     "Ввод кодов временно заблокирован. Если это были не вы, никому не сообщайте коды.")
    if locked or address_locked:
        raise code_locked_error(max(locked, address_locked), KeepWritesError)


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
            "pk_x": b64(pk_x), "pk_ed": b64(pk_ed), "wrapped": wrapped}


def encrypt_legacy_rows(server):
    """Rows written before encryption at rest (schema ≤ 4) are encrypted on start, once."""
    seal = server.at_rest.seal
    with server.db.transaction() as con:
        for r in con.execute("SELECT id, wrapped_keys, totp_secret FROM accounts WHERE typeof(wrapped_keys) = 'text' "
                             "OR typeof(totp_secret) = 'text'").fetchall():
            wk = r["wrapped_keys"]
            wk = base64.b64decode(wk) if isinstance(wk, str) else server.at_rest.open(wk, "accounts.wrapped_keys")
            con.execute("UPDATE accounts SET wrapped_keys = ?, totp_secret = ? WHERE id = ?",
                        (seal(wk, "accounts.wrapped_keys"),
                         seal(r["totp_secret"], "accounts.totp_secret") if isinstance(r["totp_secret"], str) else r["totp_secret"], r["id"]))
        for r in con.execute("SELECT account_id, version, data FROM profile_versions WHERE typeof(data) = 'text'").fetchall():
            con.execute("UPDATE profile_versions SET data = ? WHERE account_id = ? AND version = ?",
                        (seal(r["data"], "profile_versions.data"), r["account_id"], r["version"]))


# -- endpoints --------------------------------------------------------------------------
def register(req):
    """Always 201 with a challenge. When the phone already belongs to an account (or to someone
    else's registration still waiting for its code) the challenge is a decoy: nothing is displaced,
    nothing is revealed, and the owner of an existing account is told."""
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
        server.limits.check_rate(con, [("addr-register:" + req.ip, REGISTRATIONS_PER_ADDRESS)])
        t = now()
        acc = con.execute("SELECT * FROM accounts WHERE phone = ?", (phone,)).fetchone()
        if acc is not None and acc["status"] == "pending":
            live = con.execute("SELECT 1 FROM codes WHERE account_id = ? AND purpose = 'register' AND used = 0 AND expires_at > ?",
                               (acc["id"], t)).fetchone()
            if not live:  # an abandoned registration: its code expired, the phone is free again
                con.execute("DELETE FROM accounts WHERE id = ?", (acc["id"],))
                acc = None
        if acc is not None:
            if acc["status"] == "active":
                notify_owner(server, con, phone, "Госуслуги: кто-то пытается зарегистрироваться с вашим номером телефона. "
                             "Если это вы — войдите или восстановите пароль.")
            challenge = send_code(server, con, req, None, identifier_subject(server, phone), "register", phone, decoy=True)
            return reply(201, challenge)
        cur = con.execute(
            "INSERT INTO accounts (public_id, phone, email, status, kdf_salt, kdf_ops, kdf_mem, auth_hash, wrapped_keys, "
            "pk_x25519, pk_ed25519, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (secrets.token_hex(8), phone, None, "pending", cred["salt"], cred["ops"], cred["mem"],
             auth_hash(server, cred["authenticator"]), server.at_rest.seal(cred["wrapped"], "accounts.wrapped_keys"),
             cred["pk_x"], cred["pk_ed"], t))
        account_id = cur.lastrowid
        profile = {"last_name": last, "first_name": first, "middle_name": middle, "birth_date": birth,
                   "phone": phone, "email": email}
        con.execute("INSERT INTO profile_versions (account_id, version, data, verified, reason, created_at) VALUES (?,?,?,?,?,?)",
                    (account_id, 1, server.at_rest.seal(json.dumps(profile, ensure_ascii=False), "profile_versions.data"), "[]",
                     "registration", t))
        challenge = send_code(server, con, req, account_id, account_subject(account_id), "register", phone)
    return reply(201, challenge)


def register_confirm(req):
    with req.server.db.transaction() as con:
        row = check_code(req.server, con, req, req.body.get("challenge_id"), req.body.get("code"), ("register",))
        con.execute("UPDATE accounts SET status = 'active' WHERE id = ?", (row["account_id"],))
        log_event(con, row["account_id"], req, "registered")
    return reply(200, {"status": "active"})


def resend_code(req):
    challenge_id = req.params["id"]
    server = req.server
    with server.db.transaction() as con:
        row = con.execute("SELECT * FROM codes WHERE id = ?", (challenge_id,)).fetchone()
        payload = json.loads(row["payload"]) if row else {}
        if row is None or row["used"] or payload.get("factor") == "totp":
            raise ApiError(404, "challenge_not_found", "Запрос подтверждения не найден или уже использован")
        wait = row["sent_at"] + CODE_RESEND_AFTER - now()
        if wait > 0:
            raise ApiError(429, "resend_too_early", "Новый код можно запросить через %d с" % int(wait + 0.999),
                           extra={"retry_after": int(wait + 0.999)}, headers={"Retry-After": str(int(wait + 0.999))})
        destination = server.at_rest.open_text(row["destination"], "codes.destination")
        _send_limits(server, con, destination, req.ip)
        code = "%06d" % secrets.randbelow(10 ** 6)
        t = now()
        ttl = server.code_ttl
        stored = code_hash(server, code) if not payload.get("decoy") else secrets.token_bytes(32)
        con.execute("UPDATE codes SET code_hash = ?, sent_at = ?, expires_at = ?, attempts = 0 WHERE id = ?",
                    (stored, t, t + ttl, challenge_id))
        if not payload.get("decoy"):
            text = "Код подтверждения Госуслуг: %s. Никому его не сообщайте." % code
            after_commit(con, lambda: server.outbox.send(destination, text, code, row["purpose"]))
    return reply(200, challenge_body(challenge_id, destination, "otp", ttl))


def find_account(con, identifier):
    """(active-or-pending account row or None, normalized identifier). An e-mail finds an account
    only once confirmed, a СНИЛС only when verified (both columns hold nothing else)."""
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
        return reply(200, {"salt": b64(fake), "kdf": {"alg": "argon2id13", "ops": 2, "mem": 64 * 1024 * 1024}})
    return reply(200, {"salt": acc["kdf_salt"], "kdf": {"alg": "argon2id13", "ops": acc["kdf_ops"], "mem": acc["kdf_mem"]}})


def login(req):
    """First factor. Unknown identifiers are answered exactly like known ones with a wrong
    authenticator — same errors, same attempt count, same lockout, same work."""
    server = req.server
    authenticator = b64decode(req.body.get("authenticator"), "authenticator", length=32)
    with server.db.transaction() as con:
        acc, normalized = find_account(con, req.body.get("identifier"))
        t = now()
        known = acc is not None and acc["status"] == "active"
        subject = account_subject(acc["id"]) if known else identifier_subject(server, normalized)
        wait_subject, wait_addr = server.limits.login_lock_wait(con, "login-" + subject, req.ip)
        if wait_addr > 0:
            raise too_many("too_many_requests", "Слишком много неудачных входов с вашего адреса. Повторите через %s." % human(wait_addr),
                           wait_addr)
        if wait_subject > 0:
            raise locked_error(t + wait_subject)
        expected = acc["auth_hash"] if known else hmac.new(server.pepper, b"none:" + normalized.encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(bytes(expected), auth_hash(server, authenticator)) or not known:
            # KeepWritesError: the failure is recorded (the transaction commits), then reported.
            left, locked_until = server.limits.login_failed(con, "login-" + subject, req.ip, t)
            if known:
                log_event(con, acc["id"], req, "login_failed")
            if locked_until:
                if known:
                    log_event(con, acc["id"], req, "account_locked", "5 неудачных попыток входа")
                raise locked_error(locked_until, KeepWritesError)
            raise KeepWritesError(401, "invalid_credentials", "Неверный логин или пароль. Осталось попыток: %d" % left,
                                  extra={"attempts_left": left})
        server.limits.login_succeeded(con, "login-" + subject)
        if acc["totp_enabled"]:
            challenge = secrets.token_urlsafe(18)
            con.execute("INSERT INTO codes (id, account_id, subject, purpose, code_hash, destination, expires_at, sent_at, payload) "
                        "VALUES (?,?,?,?,?,?,?,?,?)", (challenge, acc["id"], subject, "login", b"", b"", t + server.code_ttl, t,
                                                       json.dumps({"factor": "totp"})))
            result = dict(challenge_body(challenge, "", "totp", server.code_ttl), destination="приложение-аутентификатор")
        else:
            result = send_code(server, con, req, acc["id"], subject, "login", acc["phone"], {"factor": "otp"})
    return reply(200, result)


def locked_error(until, cls=ApiError):
    when = time.strftime("%H:%M", time.localtime(until))
    wait = int(until - now() + 0.999)
    return cls(423, "account_locked", "Вход временно заблокирован после 5 неудачных попыток. Попробуйте после %s." % when,
               extra={"unlock_at": int(until), "retry_after": wait}, headers={"Retry-After": str(wait)})


def new_session(con, account_id, req):
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    t = now()
    sid = secrets.token_hex(8)
    con.execute("INSERT INTO sessions (id, account_id, access_hash, refresh_hash, access_expires, refresh_expires, created_at, "
                "last_seen, ip, device, factor_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (sid, account_id, token_hash(access), token_hash(refresh), t + req.server.access_ttl, t + REFRESH_TTL, t, t,
                 req.ip, req.device, t))
    return sid, access, refresh


def login_verify(req):
    """Second factor: the one-time code, the TOTP code, or (TOTP accounts) one of the recovery codes."""
    server = req.server
    with server.db.transaction() as con:
        recovery = req.body.get("recovery_code")
        if recovery is not None:
            row = use_recovery_code(server, con, req, req.body.get("challenge_id"), recovery)
        else:
            row = check_code(server, con, req, req.body.get("challenge_id"), req.body.get("code"), ("login",))
        acc = con.execute("SELECT * FROM accounts WHERE id = ?", (row["account_id"],)).fetchone()
        sid, access, refresh = new_session(con, acc["id"], req)
        log_event(con, acc["id"], req, "login")
        summary = account_summary(server, con, acc)
    return reply(200, {"access_token": access, "refresh_token": refresh, "expires_in": server.access_ttl, "session_id": sid,
                       "account": summary, "wrapped_keys": b64(server.at_rest.open(acc["wrapped_keys"], "accounts.wrapped_keys")),
                       "public_keys": {"x25519": acc["pk_x25519"], "ed25519": acc["pk_ed25519"]}})


def use_recovery_code(server, con, req, challenge_id, code):
    """A lost authenticator: one of the ten recovery codes given when TOTP was enabled stands in for
    the TOTP code, once. Wrong ones count like wrong codes."""
    if not isinstance(code, str) or not re.fullmatch(r"[a-z0-9]{4}-?[a-z0-9]{4}-?[a-z0-9]{2}", code.strip().lower()):
        raise validation([field_error("recovery_code", "Резервный код — 10 символов, например abcd-efgh-jk")])
    row = live_challenge(server, con, req, challenge_id, ("login",), totp_only=True)
    h = code_hash(server, "recovery:" + code.strip().lower().replace("-", ""))
    hit = con.execute("SELECT 1 FROM recovery_codes WHERE account_id = ? AND code_hash = ? AND used_at IS NULL",
                      (row["account_id"], h)).fetchone()
    if not hit:
        wrong_code(server, con, req, row)
    con.execute("UPDATE recovery_codes SET used_at = ? WHERE account_id = ? AND code_hash = ?", (now(), row["account_id"], h))
    con.execute("UPDATE codes SET used = 1 WHERE id = ?", (challenge_id,))
    left = con.execute("SELECT COUNT(*) FROM recovery_codes WHERE account_id = ? AND used_at IS NULL", (row["account_id"],)).fetchone()[0]
    log_event(con, row["account_id"], req, "recovery_code_used", "осталось резервных кодов: %d" % left)
    return row


def account_summary(server, con, acc):
    prof = con.execute("SELECT data FROM profile_versions WHERE account_id = ? ORDER BY version DESC LIMIT 1", (acc["id"],)).fetchone()
    data = json.loads(server.at_rest.open_text(prof["data"], "profile_versions.data")) if prof else {}
    return {"id": acc["public_id"], "last_name": data.get("last_name", ""), "first_name": data.get("first_name", ""),
            "middle_name": data.get("middle_name", ""), "phone": acc["phone"], "email": data.get("email", "") or "",
            "email_confirmed": bool(acc["email"]) and acc["email"] == data.get("email"),
            "totp_enabled": bool(acc["totp_enabled"])}


def refresh(req):
    """Rotates both tokens. Presenting a refresh token that was already rotated away means it was
    copied: the session ends (the thief's and the owner's copy alike) and the log says so."""
    token = req.body.get("refresh_token")
    if not isinstance(token, str) or len(token) > 200:
        raise validation([field_error("refresh_token", "Неверный токен")])
    server = req.server
    with server.db.transaction() as con:
        h = token_hash(token)
        s = con.execute("SELECT * FROM sessions WHERE refresh_hash = ?", (h,)).fetchone()
        t = now()
        if s is None:
            old = con.execute("SELECT * FROM sessions WHERE prev_refresh_hash = ? AND revoked_at IS NULL", (h,)).fetchone()
            if old is not None:
                con.execute("UPDATE sessions SET revoked_at = ? WHERE id = ?", (t, old["id"]))
                log_event(con, old["account_id"], req, "refresh_token_reused", "сеанс «%s» завершён" % old["device"])
                after_commit(con, lambda: server.hub.end_sessions_threadsafe(old["account_id"], [old["id"]]))
                raise KeepWritesError(401, "session_expired", "Сеанс завершён. Войдите снова.")
        if s is None or s["revoked_at"] or s["refresh_expires"] < t:
            raise ApiError(401, "session_expired", "Сеанс завершён. Войдите снова.")
        access, new_refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        con.execute("UPDATE sessions SET access_hash = ?, refresh_hash = ?, prev_refresh_hash = ?, access_expires = ?, last_seen = ? "
                    "WHERE id = ?", (token_hash(access), token_hash(new_refresh), h, t + server.access_ttl, t, s["id"]))
    return reply(200, {"access_token": access, "refresh_token": new_refresh, "expires_in": server.access_ttl})


def _end_session(req, con, session, event, details=""):
    con.execute("UPDATE sessions SET revoked_at = ? WHERE id = ?", (now(), session["id"]))
    log_event(con, session["account_id"], req, event, details)
    events.publish(req.server, con, session["account_id"], "session_ended", {"session_id": session["id"]})
    after_commit(con, lambda: req.server.hub.end_sessions_threadsafe(session["account_id"], [session["id"]]))


def logout(req):
    with req.server.db.transaction() as con:
        _end_session(req, con, req.session, "logout")
    return reply(204)


def me(req):
    return reply(200, account_summary(req.server, req.server.db.connect(), req.account))


def list_sessions(req):
    t = now()
    rows = req.server.db.query("SELECT * FROM sessions WHERE account_id = ? AND revoked_at IS NULL AND refresh_expires > ? "
                               "ORDER BY last_seen DESC", (req.account["id"], t))
    return reply(200, {"items": [{"id": r["id"], "device": r["device"], "ip": r["ip"], "created_at": int(r["created_at"]),
                                  "last_seen": int(r["last_seen"]), "current": r["id"] == req.session["id"]} for r in rows]})


def revoke_session(req):
    with req.server.db.transaction() as con:
        s = con.execute("SELECT * FROM sessions WHERE id = ? AND account_id = ? AND revoked_at IS NULL",
                        (req.params["id"], req.account["id"])).fetchone()
        if s is None:
            raise ApiError(404, "not_found", "Устройство не найдено")
        _end_session(req, con, s, "device_revoked", s["device"])
    return reply(204)


def security_log(req):
    try:
        limit = max(1, min(200, int(req.query.get("limit", ["100"])[0][:4])))
    except ValueError:
        limit = 100
    rows = req.server.db.query("SELECT * FROM security_log WHERE account_id = ? ORDER BY at DESC, id DESC LIMIT ?",
                               (req.account["id"], limit))
    return reply(200, {"items": [{"at": int(r["at"]), "ip": r["ip"], "device": r["device"], "event": r["event"],
                                  "details": r["details"]} for r in rows]})


def _fake_phone(server, normalized):
    """A masked phone for an identifier nobody has: stable per identifier, like a real one."""
    if normalized.startswith("+7"):
        return normalized
    d = hmac.new(server.pepper, b"phone:" + normalized.encode(), hashlib.sha256).digest()
    return "+79%09d" % (int.from_bytes(d[:8], "big") % 10 ** 9)


def recover(req):
    """Always 202 with a challenge of the same shape, whether or not the identifier is registered."""
    server = req.server
    with server.db.transaction() as con:
        acc, normalized = find_account(con, req.body.get("identifier"))
        if acc is None or acc["status"] != "active":
            body = send_code(server, con, req, None, identifier_subject(server, normalized), "recover", _fake_phone(server, normalized),
                             decoy=True)
        else:
            body = send_code(server, con, req, acc["id"], account_subject(acc["id"]), "recover", acc["phone"])
    return reply(202, body)


def recover_confirm(req):
    """New credentials after a code: the old keys cannot be unwrapped without the old password,
    so the client sends new key pairs; every session and every pending challenge ends."""
    cred = parse_credentials(req.body)
    server = req.server
    with server.db.transaction() as con:
        row = check_code(server, con, req, req.body.get("challenge_id"), req.body.get("code"), ("recover",))
        aid = row["account_id"]
        con.execute("UPDATE accounts SET kdf_salt = ?, kdf_ops = ?, kdf_mem = ?, auth_hash = ?, wrapped_keys = ?, pk_x25519 = ?, "
                    "pk_ed25519 = ?, failed_logins = 0, locked_until = 0 WHERE id = ?",
                    (cred["salt"], cred["ops"], cred["mem"], auth_hash(server, cred["authenticator"]),
                     server.at_rest.seal(cred["wrapped"], "accounts.wrapped_keys"), cred["pk_x"], cred["pk_ed"], aid))
        con.execute("UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL", (now(), aid))
        con.execute("UPDATE codes SET used = 1 WHERE account_id = ? AND used = 0", (aid,))
        log_event(con, aid, req, "password_changed", "восстановление пароля; все сеансы завершены")
        events.publish(server, con, aid, "session_ended", {"session_id": None})
        after_commit(con, lambda: server.hub.end_sessions_threadsafe(aid))
    return reply(200, {"status": "password_changed"})


# -- a fresh second factor for sensitive changes -----------------------------------------------
def reauth(req):
    """Starts a second-factor check inside a session (TOTP changes need one from the last 10 min)."""
    server, acc = req.server, req.account
    with server.db.transaction() as con:
        t = now()
        if acc["totp_enabled"]:
            challenge = secrets.token_urlsafe(18)
            con.execute("INSERT INTO codes (id, account_id, subject, purpose, code_hash, destination, expires_at, sent_at, payload) "
                        "VALUES (?,?,?,?,?,?,?,?,?)", (challenge, acc["id"], account_subject(acc["id"]), "reauth", b"", b"",
                                                       t + server.code_ttl, t, json.dumps({"factor": "totp", "session": req.session["id"]})))
            body = dict(challenge_body(challenge, "", "totp", server.code_ttl), destination="приложение-аутентификатор")
        else:
            body = send_code(server, con, req, acc["id"], account_subject(acc["id"]), "reauth", acc["phone"],
                             {"factor": "otp", "session": req.session["id"]})
    return reply(201, body)


def reauth_confirm(req):
    server = req.server
    with server.db.transaction() as con:
        row = check_code(server, con, req, req.body.get("challenge_id"), req.body.get("code"), ("reauth",))
        if row["account_id"] != req.account["id"] or json.loads(row["payload"]).get("session") != req.session["id"]:
            raise ApiError(404, "challenge_not_found", "Запрос подтверждения не найден или уже использован. Запросите новый код.")
        con.execute("UPDATE sessions SET factor_at = ? WHERE id = ?", (now(), req.session["id"]))
    return reply(200, {"fresh_until": int(now() + req.server.fresh_factor)})


def require_fresh_factor(req):
    if now() - (req.session["factor_at"] or 0) > req.server.fresh_factor:
        raise ApiError(403, "reauth_required", "Подтвердите вход кодом ещё раз: для этого действия нужен свежий второй фактор",
                       extra={"reauth": "/auth/reauth"})


# -- e-mail as a sign-in identifier ----------------------------------------------------------------
def _profile_email(server, con, account_id):
    prof = con.execute("SELECT data FROM profile_versions WHERE account_id = ? ORDER BY version DESC LIMIT 1", (account_id,)).fetchone()
    return json.loads(server.at_rest.open_text(prof["data"], "profile_versions.data")).get("email") or ""


def email_verify(req):
    server = req.server
    with server.db.transaction() as con:
        email = _profile_email(server, con, req.account["id"])
        if not email:
            raise ApiError(409, "no_email", "Укажите e-mail в профиле")
        body = send_code(server, con, req, req.account["id"], account_subject(req.account["id"]), "email", email, {"email": email})
    return reply(201, body)


def email_confirm(req):
    server = req.server
    with server.db.transaction() as con:
        row = check_code(server, con, req, req.body.get("challenge_id"), req.body.get("code"), ("email",))
        email = json.loads(row["payload"]).get("email")
        if row["account_id"] != req.account["id"] or email != _profile_email(server, con, req.account["id"]):
            raise ApiError(409, "email_changed", "E-mail в профиле изменился: запросите код для нового адреса")
        if con.execute("SELECT 1 FROM accounts WHERE email = ? AND id != ?", (email, req.account["id"])).fetchone():
            raise ApiError(409, "email_taken", "Этот e-mail уже подтверждён в другой учётной записи")
        con.execute("UPDATE accounts SET email = ? WHERE id = ?", (email, req.account["id"]))
        log_event(con, req.account["id"], req, "email_confirmed", v.mask_destination(email))
    return reply(200, {"email": email, "email_confirmed": True})


# -- TOTP (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits; the secret is base32 without padding) --------
def totp_setup(req):
    require_fresh_factor(req)
    secret = pyotp.random_base32(32)
    with req.server.db.transaction() as con:
        # A new secret waits beside the current one (payload of a setup row) until it is confirmed:
        # replacing TOTP does not switch it off in between.
        con.execute("DELETE FROM codes WHERE account_id = ? AND purpose = 'totp_setup'", (req.account["id"],))
        t = now()
        con.execute("INSERT INTO codes (id, account_id, subject, purpose, code_hash, destination, expires_at, sent_at, payload) "
                    "VALUES (?,?,?,?,?,?,?,?,?)", (secrets.token_urlsafe(18), req.account["id"], account_subject(req.account["id"]),
                                                   "totp_setup", b"", req.server.at_rest.seal(secret, "codes.destination"),
                                                   t + 900, t, "{}"))
    uri = pyotp.TOTP(secret).provisioning_uri(name="Госуслуги:" + req.account["phone"], issuer_name="Госуслуги")
    return reply(200, {"secret": secret, "otpauth_uri": uri})


def totp_enable(req):
    require_fresh_factor(req)
    server = req.server
    code = req.body.get("code")
    if not isinstance(code, str) or not (code.isdigit() and len(code) == 6):
        raise validation([field_error("code", "Код — 6 цифр")])
    with server.db.transaction() as con:
        row = con.execute("SELECT * FROM codes WHERE account_id = ? AND purpose = 'totp_setup' AND used = 0 AND expires_at > ?",
                          (req.account["id"], now())).fetchone()
        if row is None:
            raise ApiError(409, "totp_not_set_up", "Сначала получите ключ для приложения-аутентификатора")
        wait = server.limits.code_lock_wait(con, row["subject"], req.ip)
        if wait > 0:
            raise code_locked_error(wait)
        secret = server.at_rest.open_text(row["destination"], "codes.destination")
        step = _totp_step(secret, code)
        if step is None:
            code_failed(server, con, req, row)
            raise KeepWritesError(400, "wrong_code", "Неверный код из приложения. Проверьте время на телефоне.")
        con.execute("UPDATE codes SET used = 1 WHERE id = ?", (row["id"],))
        con.execute("UPDATE accounts SET totp_enabled = 1, totp_secret = ?, totp_last_step = ? WHERE id = ?",
                    (server.at_rest.seal(secret, "accounts.totp_secret"), step, req.account["id"]))
        codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODES)]
        con.execute("DELETE FROM recovery_codes WHERE account_id = ?", (req.account["id"],))
        for c in codes:
            con.execute("INSERT INTO recovery_codes (account_id, code_hash) VALUES (?, ?)",
                        (req.account["id"], code_hash(server, "recovery:" + c)))
        log_event(con, req.account["id"], req, "totp_enabled")
    return reply(200, {"totp_enabled": True, "recovery_codes": ["%s-%s-%s" % (c[:4], c[4:8], c[8:]) for c in codes]})


def totp_disable(req):
    require_fresh_factor(req)
    with req.server.db.transaction() as con:
        con.execute("UPDATE accounts SET totp_enabled = 0, totp_secret = NULL, totp_last_step = 0 WHERE id = ?", (req.account["id"],))
        con.execute("DELETE FROM recovery_codes WHERE account_id = ?", (req.account["id"],))
        log_event(con, req.account["id"], req, "totp_disabled")
    return reply(204)


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
