#!/usr/bin/env python3
"""Conformance suite for the REST contract (docs/openapi.yaml): status codes, body shapes, the
error shape, auth rules and authorization between two users. Runs against any backend that
speaks /api/v1 and has the developer outbox (GET /dev/outbox) for one-time codes:

    python3 tests/conformance/conformance.py --base http://host:port/api/v1
    python3 tests/conformance/conformance.py --start-reference     # starts tools/serve.py itself

With --start-reference it also inspects the reference backend's SQLite file: no password, no
authenticator and no private key may be stored in clear. Ends with "N passed, M failed".
Python standard library + Debian's libsodium (ctypes) for the client-side key derivation.
"""
import argparse
import base64
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
from lkserver import sodium  # noqa: E402  (client-side crypto helpers: Argon2id, key wrapping)

RESULTS = []
SECRETS = []  # everything that must never be found in the server's storage


class Api:
    def __init__(self, base):
        self.base = base.rstrip("/")

    def call(self, method, path, body=None, token=None, raw=None, headers=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        h = {"Content-Type": "application/json", "Accept": "application/json", "X-Device": "conformance-suite"}
        if token:
            h["Authorization"] = "Bearer " + token
        h.update(headers or {})
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, _json(r.read()), dict(r.headers)
        except urllib.error.HTTPError as e:
            return e.code, _json(e.read()), dict(e.headers)

    def last_code(self, destination):
        _, body, _ = self.call("GET", "/dev/outbox?destination=" + urllib.parse.quote(destination))
        return body["items"][-1]["code"] if body and body.get("items") else None


def _json(raw):
    try:
        return json.loads(raw.decode("utf-8")) if raw else None
    except (ValueError, UnicodeDecodeError):
        return "<not json>"


def check(name):
    def wrap(fn):
        fn.check_name = name
        CHECKS.append(fn)
        return fn
    return wrap


CHECKS = []


def expect(cond, message):
    if not cond:
        raise AssertionError(message)


def expect_error(resp, status, code=None):
    st, body, _ = resp
    expect(st == status, "expected HTTP %d, got %d: %s" % (status, st, body))
    expect(isinstance(body, dict) and isinstance(body.get("error"), dict), "error body must be {\"error\": {...}}: %r" % (body,))
    err = body["error"]
    expect(isinstance(err.get("code"), str) and isinstance(err.get("message"), str) and err["message"],
           "error needs code and message: %r" % err)
    expect(re.search("[А-Яа-яЁё]", err["message"]), "the message is for people, in Russian: %r" % err["message"])
    if code:
        expect(err["code"] == code, "expected error code %s, got %s" % (code, err["code"]))
    return err


# -- a citizen, created exactly as the client creates one ------------------------------------
class Citizen:
    counter = 0

    def __init__(self, api, password="Пароль2026"):
        Citizen.counter += 1
        n = int(time.time() * 1000) % 10_000_000 + Citizen.counter * 13
        self.api = api
        self.phone = "+79%09d" % (n % 1_000_000_000)
        self.email = "citizen%d.%d@example.ru" % (n, Citizen.counter)
        self.password = password
        self.token = self.refresh = self.session_id = None

    def credentials(self, password=None):
        salt = sodium.random_bytes(16)
        auth, wrap = sodium.derive_login_keys(password or self.password, salt)
        bpk, bsk, spk, ssk = sodium.generate_keys()
        wrapped = sodium.wrap_keys(bsk, ssk, wrap)
        SECRETS.extend([auth, wrap, bsk, ssk, (password or self.password).encode()])
        b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
        return {"salt": b64(salt), "kdf": {"alg": "argon2id13", "ops": sodium.KDF_OPS, "mem": sodium.KDF_MEM},
                "authenticator": b64(auth), "public_keys": {"x25519": b64(bpk), "ed25519": b64(spk)},
                "wrapped_keys": b64(wrapped)}

    def register(self):
        body = {"last_name": "Тестова", "first_name": "Вера", "middle_name": "", "birth_date": "1991-07-01",
                "phone": self.phone, "email": self.email}
        body.update(self.credentials())
        st, b, _ = self.api.call("POST", "/auth/register", body)
        expect(st == 201, "register: %d %s" % (st, b))
        st, b, _ = self.api.call("POST", "/auth/register/confirm", {"challenge_id": b["challenge_id"], "code": self.api.last_code(self.phone)})
        expect(st == 200 and b["status"] == "active", "confirm: %d %s" % (st, b))
        return self

    def authenticator(self, password=None):
        st, b, _ = self.api.call("POST", "/auth/prelogin", {"identifier": self.email})
        expect(st == 200, "prelogin: %d" % st)
        auth, _ = sodium.derive_login_keys(password or self.password, base64.b64decode(b["salt"]), b["kdf"]["ops"], b["kdf"]["mem"])
        return base64.b64encode(auth).decode()

    def login(self):
        st, b, _ = self.api.call("POST", "/auth/login", {"identifier": self.phone, "authenticator": self.authenticator()})
        expect(st == 200, "login: %d %s" % (st, b))
        st, b, _ = self.api.call("POST", "/auth/login/verify", {"challenge_id": b["challenge_id"], "code": self.api.last_code(self.phone)})
        expect(st == 200, "verify: %d %s" % (st, b))
        self.token, self.refresh, self.session_id = b["access_token"], b["refresh_token"], b["session_id"]
        SECRETS.extend([self.token.encode(), self.refresh.encode()])
        return b


# -- checks -------------------------------------------------------------------------------
@check("GET /health names the contract version")
def _(api, ctx):
    st, b, h = api.call("GET", "/health")
    expect(st == 200 and b["status"] == "ok" and b["contract"] == "v1", "health: %d %s" % (st, b))
    expect(h.get("Content-Type", "").startswith("application/json"), "JSON content type")


@check("unknown resource, wrong method, unknown version: the documented error shape")
def _(api, ctx):
    expect_error(api.call("GET", "/no-such-resource"), 404)
    expect_error(api.call("DELETE", "/health"), 405)
    base = api.base.rsplit("/v1", 1)[0]
    expect_error(Api(base + "/v9").call("GET", "/health"), 404)


@check("malformed JSON, a non-object body and a 10 MB body are refused with 400/413")
def _(api, ctx):
    expect_error(api.call("POST", "/auth/prelogin", raw=b"{not json"), 400, "malformed_json")
    expect_error(api.call("POST", "/auth/prelogin", raw=b"[1,2,3]"), 400, "malformed_json")
    expect_error(api.call("POST", "/auth/prelogin", raw=b"\xff\xfe{}"), 400, "malformed_json")
    try:
        expect_error(api.call("POST", "/auth/prelogin", raw=b"x" * (10 * 1024 * 1024)), 413, "payload_too_large")
    except (ConnectionError, urllib.error.URLError):
        pass  # closing the connection on an oversize body is allowed too
    expect(api.call("GET", "/health")[0] == 200, "the server is still healthy")


FIELD_TYPES = {"text", "textarea", "number", "money", "date", "select", "radio", "checkbox", "phone", "email", "address", "postal_code",
               "file", "snils", "inn", "kpp", "ogrn", "ogrnip", "passport", "division_code", "bik", "account", "group"}


@check("catalog: ≥120 services in ≥9 sections with full cards; ETag revalidation gives 304")
def _(api, ctx):
    st, cat, h = api.call("GET", "/catalog")
    expect(st == 200 and len(cat["services"]) >= 120 and len(cat["sections"]) >= 9, "size")
    for s in cat["services"]:
        expect({"id", "name", "description", "who", "documents", "fee", "days", "result", "online", "form_code", "keywords"} <= set(s),
               "card fields of %s" % s.get("id"))
    ids = {s["id"] for s in cat["services"]}
    for sec in cat["sections"]:
        for sub in sec["subsections"]:
            expect(set(sub["services"]) <= ids, "subsection %s lists unknown services" % sub["id"])
    st, _, _ = api.call("GET", "/catalog", headers={"If-None-Match": h["ETag"]})
    expect(st == 304, "304 with the current ETag, got %d" % st)
    ctx["catalog"] = cat


@check("every service with a form has a well-formed schema (≥8 forms)")
def _(api, ctx):
    with_form = [s for s in ctx["catalog"]["services"] if s.get("has_form")]
    expect(len(with_form) >= 8, "at least 8 services with forms")

    def fields_of(fs, ids, where):
        for f in fs:
            expect(f["type"] in FIELD_TYPES, "%s: unknown type %s" % (where, f["type"]))
            expect(f["id"] not in ids, "%s: duplicate id %s" % (where, f["id"]))
            ids.add(f["id"])
            if f["type"] in ("select", "radio"):
                expect(f.get("options"), "%s.%s needs options" % (where, f["id"]))
            if f["type"] == "group":
                fields_of(f["fields"], set(), where + "." + f["id"])
    for s in with_form:
        st, form, _ = api.call("GET", "/forms/" + urllib.parse.quote(s["form_code"]))
        expect(st == 200 and form["code"] == s["form_code"] and form["steps"], "form %s" % s["form_code"])
        ids = set()
        for step in form["steps"]:
            for sec in step["sections"]:
                fields_of(sec["fields"], ids, s["form_code"])
        for step in form["steps"]:
            for sec in step["sections"]:
                for f in sec["fields"]:
                    for cond in ("visible_if", "required_if"):
                        if cond in f:
                            expect(f[cond]["field"] in ids, "%s.%s: %s refers to an unknown field" % (s["form_code"], f["id"], cond))
    expect_error(api.call("GET", "/forms/NO-SUCH"), 404)


@check("registration validates every field and names the wrong ones")
def _(api, ctx):
    err = expect_error(api.call("POST", "/auth/register", {"last_name": "Robert'); DROP TABLE accounts;--", "first_name": "",
                                                           "birth_date": "2099-01-01", "phone": "12345", "email": "nope"}), 422, "validation_failed")
    fields = {f["field"] for f in err.get("fields", [])}
    expect({"last_name", "first_name", "birth_date", "phone", "email"} <= fields, "fields named: %s" % fields)
    expect(api.call("GET", "/health")[0] == 200, "still healthy after SQL-looking input")


@check("register, confirm, sign in with the second factor; unknown fields are ignored")
def _(api, ctx):
    a = Citizen(api).register()
    b = a.login()
    expect(b["account"]["phone"] == a.phone and "wrapped_keys" in b and "public_keys" in b, "verify body: %s" % list(b))
    ctx["a"] = a
    ctx["b"] = Citizen(api).register()
    ctx["b"].login()


@check("prelogin answers the same way for unknown identifiers (no user enumeration)")
def _(api, ctx):
    st1, b1, _ = api.call("POST", "/auth/prelogin", {"identifier": "nobody.%d@example.ru" % time.time()})
    st2, b2, _ = api.call("POST", "/auth/prelogin", {"identifier": ctx["a"].email})
    expect(st1 == st2 == 200 and set(b1) == set(b2), "same shape")
    expect(len(base64.b64decode(b1["salt"])) == 16, "16-byte salt")
    expect_error(api.call("POST", "/auth/prelogin", {"identifier": "x"}), 422)


@check("wrong code: attempts left, then 5 wrong attempts end the code")
def _(api, ctx):
    c = Citizen(api).register()
    st, b, _ = api.call("POST", "/auth/login", {"identifier": c.email, "authenticator": c.authenticator()})
    right = api.last_code(c.phone)
    wrong = "000000" if right != "000000" else "111111"
    err = expect_error(api.call("POST", "/auth/login/verify", {"challenge_id": b["challenge_id"], "code": wrong}), 400, "wrong_code")
    expect(err.get("attempts_left") == 4, "attempts_left 4: %s" % err)
    for _ in range(4):
        api.call("POST", "/auth/login/verify", {"challenge_id": b["challenge_id"], "code": wrong})
    expect_error(api.call("POST", "/auth/login/verify", {"challenge_id": b["challenge_id"], "code": right}), 429, "too_many_attempts")
    expect_error(api.call("POST", "/auth/login/verify", {"challenge_id": b["challenge_id"], "code": "12a456"}), 422)


@check("resend: not before 60 s")
def _(api, ctx):
    c = Citizen(api).register()
    st, b, _ = api.call("POST", "/auth/login", {"identifier": c.email, "authenticator": c.authenticator()})
    err = expect_error(api.call("POST", "/auth/codes/%s/resend" % b["challenge_id"], {}), 429, "resend_too_early")
    expect(0 < err.get("retry_after", 0) <= 60, "retry_after: %s" % err)


@check("an expired code is refused (when the backend's codes live ≤ 5 s, e.g. serve.py --code-ttl)")
def _(api, ctx):
    c = Citizen(api).register()
    st, b, _ = api.call("POST", "/auth/login", {"identifier": c.email, "authenticator": c.authenticator()})
    if b["expires_in"] > 5:
        return "skipped: codes live %d s" % b["expires_in"]
    time.sleep(b["expires_in"] + 1.2)
    expect_error(api.call("POST", "/auth/login/verify", {"challenge_id": b["challenge_id"], "code": api.last_code(c.phone)}), 410, "code_expired")


@check("5 wrong passwords lock the account with the unlock time; the 6th attempt is refused")
def _(api, ctx):
    c = Citizen(api).register()
    bad = c.authenticator("Неверный2026")
    for i in range(4):
        err = expect_error(api.call("POST", "/auth/login", {"identifier": c.email, "authenticator": bad}), 401, "invalid_credentials")
        expect(err.get("attempts_left") == 4 - i, "attempts_left: %s" % err)
    err = expect_error(api.call("POST", "/auth/login", {"identifier": c.email, "authenticator": bad}), 423, "account_locked")
    expect(err.get("unlock_at", 0) > time.time() + 14 * 60, "unlock in 15 min: %s" % err)
    expect_error(api.call("POST", "/auth/login", {"identifier": c.email, "authenticator": c.authenticator()}), 423, "account_locked")


PRIVATE = [("GET", "/me"), ("POST", "/auth/logout"), ("GET", "/sessions"), ("DELETE", "/sessions/abc"), ("GET", "/security-log"),
           ("GET", "/profile"), ("PUT", "/profile"), ("GET", "/profile/versions"), ("GET", "/profile/versions/1"),
           ("POST", "/profile/versions/1/restore"), ("GET", "/consents"), ("POST", "/consents"), ("DELETE", "/consents/abc"),
           ("POST", "/auth/totp/setup"), ("POST", "/auth/totp/enable"), ("DELETE", "/auth/totp"),
           ("GET", "/drafts"), ("GET", "/drafts/P-01"), ("PUT", "/drafts/P-01"), ("DELETE", "/drafts/P-01"),
           ("POST", "/attachments"), ("PUT", "/attachments/abc"), ("DELETE", "/attachments/abc"),
           ("POST", "/applications"), ("GET", "/applications"), ("GET", "/applications/ABCD-EFGH-JKLM")]


@check("every private endpoint refuses a request without a valid token (401)")
def _(api, ctx):
    for method, path in PRIVATE:
        expect_error(api.call(method, path, {}), 401)
        expect_error(api.call(method, path, {}, token="forged-token"), 401)


@check("user B reads and changes nothing of user A's (profile, versions, sessions, consents, log)")
def _(api, ctx):
    a, b = ctx["a"], ctx["b"]
    # A's data, marked so it can be recognised.
    st, prof, _ = api.call("GET", "/profile", token=a.token)
    data = dict(prof["data"], residence_address="Секретный адрес А")
    expect(api.call("PUT", "/profile", {"base_version": prof["version"], "data": data}, token=a.token)[0] == 200, "A edits")
    st, consent, _ = api.call("POST", "/consents", {"purpose": "notifications_sms"}, token=a.token)
    expect(st == 201, "A gives a consent")
    # B's view of everything: only B's own.
    for method, path in [("GET", "/profile"), ("GET", "/profile/versions"), ("GET", "/profile/versions/1"), ("GET", "/profile/versions/2"),
                         ("GET", "/sessions"), ("GET", "/security-log"), ("GET", "/consents"), ("GET", "/me")]:
        st, body, _ = api.call(method, path, token=b.token)
        text = json.dumps(body, ensure_ascii=False)
        expect("Секретный адрес А" not in text and a.phone not in text and a.email not in text and a.session_id not in text
               and consent["id"] not in text, "%s %s leaks A's data to B" % (method, path))
    # B's attempts to change A's things: not found, and nothing changed.
    expect_error(api.call("DELETE", "/sessions/" + a.session_id, token=b.token), 404)
    expect_error(api.call("DELETE", "/consents/" + consent["id"], token=b.token), 404)
    st, _, _ = api.call("GET", "/profile", token=a.token)
    expect(st == 200, "A's session survives B's attempt")
    st, body, _ = api.call("GET", "/consents", token=a.token)
    expect(any(c["id"] == consent["id"] and c["withdrawn_at"] is None for c in body["items"]), "A's consent untouched")


@check("profile: versions, stale base_version (409), unknown fields dropped, SQL-looking text stored literally, restore")
def _(api, ctx):
    a = ctx["a"]
    st, prof, _ = api.call("GET", "/profile", token=a.token)
    v = prof["version"]
    data = dict(prof["data"], registration_address="ул. O'Brien; DROP TABLE profile_versions;--", hacker_field="x")
    st, saved, _ = api.call("PUT", "/profile", {"base_version": v, "data": data}, token=a.token)
    expect(st == 200 and saved["version"] == v + 1, "saved: %d %s" % (st, saved))
    expect(saved["data"]["registration_address"] == data["registration_address"], "stored literally")
    expect("hacker_field" not in saved["data"], "unknown fields are dropped")
    expect_error(api.call("PUT", "/profile", {"base_version": v, "data": data}, token=a.token), 409, "version_conflict")
    expect_error(api.call("PUT", "/profile", {"base_version": v + 1, "data": dict(data, snils="11223344596")}, token=a.token), 422)
    st, versions, _ = api.call("GET", "/profile/versions", token=a.token)
    expect([x["version"] for x in versions["items"]][:2] == [v + 1, v], "versions newest first")
    st, restored, _ = api.call("POST", "/profile/versions/%d/restore" % v, {"base_version": v + 1}, token=a.token)
    expect(st == 200 and restored["version"] == v + 2 and restored["data"]["registration_address"] == prof["data"].get("registration_address"),
           "restored: %s" % restored)
    expect_error(api.call("GET", "/profile/versions/999", token=a.token), 404)


@check("Idempotency-Key: a repeated POST replays the first answer and creates one object")
def _(api, ctx):
    a = ctx["a"]
    key = "conf-%d" % int(time.time() * 1000)
    st1, c1, _ = api.call("POST", "/consents", {"purpose": "notifications_email"}, token=a.token, headers={"Idempotency-Key": key})
    st2, c2, _ = api.call("POST", "/consents", {"purpose": "notifications_email"}, token=a.token, headers={"Idempotency-Key": key})
    expect(st1 == st2 == 201 and c1["id"] == c2["id"], "same answer: %s %s" % (c1, c2))
    st, body, _ = api.call("GET", "/consents", token=a.token)
    expect(sum(1 for c in body["items"] if c["id"] == c1["id"]) == 1, "one consent")
    st3, c3, _ = api.call("POST", "/consents", {"purpose": "notifications_email"}, token=a.token, headers={"Idempotency-Key": key + "x"})
    expect(st3 == 201 and c3["id"] != c1["id"], "a new key makes a new one")
    # Another user with the same key gets their own answer.
    st4, c4, _ = api.call("POST", "/consents", {"purpose": "notifications_email"}, token=ctx["b"].token, headers={"Idempotency-Key": key})
    expect(st4 == 201 and c4["id"] != c1["id"], "keys are per user")


@check("security log and sessions: time, IP, device, event")
def _(api, ctx):
    a = ctx["a"]
    st, log, _ = api.call("GET", "/security-log", token=a.token)
    events = [e["event"] for e in log["items"]]
    expect({"login", "profile_changed", "registered"} <= set(events), "events: %s" % events)
    expect(all({"at", "ip", "device", "event"} <= set(e) for e in log["items"]), "fields")
    st, sessions, _ = api.call("GET", "/sessions", token=a.token)
    expect(any(s["current"] and s["device"] == "conformance-suite" for s in sessions["items"]), "current device listed")


@check("refresh rotates tokens; the old refresh token is refused; logout ends the session")
def _(api, ctx):
    c = Citizen(api).register()
    c.login()
    st, b, _ = api.call("POST", "/auth/refresh", {"refresh_token": c.refresh})
    expect(st == 200 and b["access_token"] != c.token, "refreshed")
    expect_error(api.call("POST", "/auth/refresh", {"refresh_token": c.refresh}), 401)
    expect_error(api.call("GET", "/me", token=c.token), 401)  # the old access token went with the rotation
    expect(api.call("GET", "/me", token=b["access_token"])[0] == 200, "new token works")
    expect(api.call("POST", "/auth/logout", {}, token=b["access_token"])[0] == 204, "logout 204")
    expect_error(api.call("GET", "/me", token=b["access_token"]), 401)


@check("another device can be revoked; password recovery ends every session")
def _(api, ctx):
    c = Citizen(api).register()
    c.login()
    first = c.token
    c.login()
    expect(api.call("DELETE", "/sessions/" + api.call("GET", "/sessions", token=c.token)[1]["items"][-1]["id"], token=c.token)[0] == 204, "revoke")
    expect_error(api.call("GET", "/me", token=first), 401)
    st, b, _ = api.call("POST", "/auth/recover", {"identifier": c.email})
    expect(st == 202, "recover 202")
    body = {"challenge_id": b["challenge_id"], "code": api.last_code(c.phone)}
    body.update(c.credentials("НовыйПароль7"))
    expect(api.call("POST", "/auth/recover/confirm", body)[0] == 200, "recovered")
    expect_error(api.call("GET", "/me", token=c.token), 401)
    c.password = "НовыйПароль7"
    c.login()


@check("TOTP (RFC 6238): enrol with a code from the secret, then sign in with the app's code")
def _(api, ctx):
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    from lkserver.auth import totp_at  # RFC 6238 reference computation
    c = Citizen(api).register()
    c.login()
    st, b, _ = api.call("POST", "/auth/totp/setup", {}, token=c.token)
    expect(st == 200 and b["otpauth_uri"].startswith("otpauth://totp/"), "setup")
    expect_error(api.call("POST", "/auth/totp/enable", {"code": "000000" if totp_at(b["secret"], time.time()) != "000000" else "111111"}, token=c.token), 400)
    expect(api.call("POST", "/auth/totp/enable", {"code": totp_at(b["secret"], time.time())}, token=c.token)[0] == 200, "enable")
    st, ch, _ = api.call("POST", "/auth/login", {"identifier": c.email, "authenticator": c.authenticator()})
    expect(ch["second_factor"] == "totp", "second factor is TOTP now")
    st, v, _ = api.call("POST", "/auth/login/verify", {"challenge_id": ch["challenge_id"], "code": totp_at(b["secret"], time.time())})
    expect(st == 200, "signed in with TOTP: %s" % v)


@check("drafts, attachments, applications: per user, checked, one application per key, unambiguous numbers")
def _(api, ctx):
    a, b = ctx["a"], ctx["b"]
    b64 = lambda raw: base64.b64encode(raw).decode()  # noqa: E731
    # Drafts: opaque blobs per user and form, with a size limit.
    blob = b64(sodium.random_bytes(200))
    expect(api.call("PUT", "/drafts/P-01", {"blob": blob}, token=a.token)[0] == 200, "A saves a draft")
    st, d, _ = api.call("GET", "/drafts/P-01", token=a.token)
    expect(st == 200 and d["blob"] == blob, "A reads it back")
    st, d, _ = api.call("GET", "/drafts/P-01", token=b.token)
    expect(st == 200 and not d["exists"] and blob not in json.dumps(d), "B does not see A's draft")
    expect(api.call("DELETE", "/drafts/P-01", token=b.token)[0] == 204, "B deletes only B's own")
    expect(api.call("GET", "/drafts/P-01", token=a.token)[1]["blob"] == blob, "A's draft survives B's delete")
    expect_error(api.call("PUT", "/drafts/P-01", {"blob": "not base64!"}, token=a.token), 422)
    expect_error(api.call("PUT", "/drafts/P-01", {"blob": b64(b"x" * (600 * 1024))}, token=a.token), 422)
    expect_error(api.call("PUT", "/drafts/NO-SUCH", {"blob": blob}, token=a.token), 404)
    # Attachments: declared size (≤ 5 MB + overhead) and SHA-256; chunks in order; per user.
    data = sodium.random_bytes(100_000)
    digest = hashlib.sha256(data).hexdigest()
    expect_error(api.call("POST", "/attachments", {"size": 6 * 1024 * 1024, "sha256": digest}, token=a.token), 422)
    st, att, _ = api.call("POST", "/attachments", {"size": len(data), "sha256": digest}, token=a.token)
    expect(st == 201, "A starts an upload: %d %s" % (st, att))
    expect_error(api.call("PUT", "/attachments/" + att["id"], {"offset": 0, "data": b64(data[:10])}, token=b.token), 404)
    expect_error(api.call("PUT", "/attachments/" + att["id"], {"offset": 5, "data": b64(data[:10])}, token=a.token), 409, "offset_mismatch")
    expect(api.call("PUT", "/attachments/" + att["id"], {"offset": 0, "data": b64(data[:60_000])}, token=a.token)[0] == 200, "chunk 1")
    st, done, _ = api.call("PUT", "/attachments/" + att["id"], {"offset": 60_000, "data": b64(data[60_000:])}, token=a.token)
    expect(st == 200 and done["complete"], "chunk 2 completes it: %s" % done)
    st, bad, _ = api.call("POST", "/attachments", {"size": 4, "sha256": "0" * 64}, token=a.token)
    expect_error(api.call("PUT", "/attachments/" + bad["id"], {"offset": 0, "data": b64(b"abcd")}, token=a.token), 422, "checksum_mismatch")
    # Applications: sealed to the agency's published key; the number avoids 0/O and 1/I.
    st, form, _ = api.call("GET", "/forms/P-01")
    agency_pk = base64.b64decode(form["agency_key"])
    envelope = json.dumps({"application": "{}", "signature": b64(sodium.random_bytes(64)), "signer": b64(sodium.random_bytes(32)), "v": 1})
    sealed = b64(sodium.box_seal(envelope.encode(), agency_pk))
    body = {"form_code": "P-01", "sealed": sealed, "attachments": [att["id"]]}
    expect_error(api.call("POST", "/applications", dict(body, attachments=[att["id"]]), token=b.token), 422)
    expect_error(api.call("POST", "/applications", dict(body, sealed=b64(b"short")), token=a.token), 422)
    expect_error(api.call("POST", "/applications", dict(body, attachments=[att["id"]] * 2), token=a.token), 422)
    key = "app-%d" % int(time.time() * 1000)
    st1, app1, _ = api.call("POST", "/applications", body, token=a.token, headers={"Idempotency-Key": key})
    st2, app2, _ = api.call("POST", "/applications", body, token=a.token, headers={"Idempotency-Key": key})
    expect(st1 == st2 == 201 and app1["number"] == app2["number"], "a retried submission replays its number: %s %s" % (app1, app2))
    expect(re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", app1["number"]), "unambiguous number: %s" % app1["number"])
    st, mine, _ = api.call("GET", "/applications", token=a.token)
    expect(sum(1 for x in mine["items"] if x["number"] == app1["number"]) == 1, "one application")
    expect(api.call("GET", "/drafts/P-01", token=a.token)[1]["exists"] is False, "the draft of a submitted form is gone")
    expect_error(api.call("GET", "/applications/" + app1["number"], token=b.token), 404)
    expect(app1["number"] not in json.dumps(api.call("GET", "/applications", token=b.token)[1]), "B's list has none of A's")
    expect_error(api.call("DELETE", "/attachments/" + att["id"], token=a.token), 409, "attached")
    st, again, _ = api.call("POST", "/applications", body, token=a.token, headers={"Idempotency-Key": key + "x"})
    expect_error((st, again, None), 422)  # the file already belongs to the first application


def storage_check(db_path):
    """No password, authenticator, key or token the suite used may appear in the database file."""
    con = sqlite3.connect(db_path)
    blobs = []
    for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'"):
        for row in con.execute("SELECT * FROM %s" % table):
            for v in row:
                if isinstance(v, bytes):
                    blobs.append(v)
                elif isinstance(v, str):
                    blobs.append(v.encode())
    con.close()
    raw = open(db_path, "rb").read() + b"".join(blobs)
    for wal in (db_path + "-wal",):
        if os.path.exists(wal):
            raw += open(wal, "rb").read()
    for secret in SECRETS:
        forms = {secret, base64.b64encode(secret), secret.hex().encode()}
        for f in forms:
            expect(f not in raw, "a secret (%d bytes) is stored in clear" % len(secret))
    return len(SECRETS)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", help="backend base URL, e.g. http://127.0.0.1:8080/api/v1")
    ap.add_argument("--start-reference", action="store_true", help="start tools/serve.py (with --code-ttl 3) and check its SQLite file")
    args = ap.parse_args()
    proc = tmp = None
    if args.start_reference:
        tmp = tempfile.mkdtemp(prefix="lk-conformance-")
        db = os.path.join(tmp, "lk.sqlite3")
        proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "tools", "serve.py"), "--port", "0", "--db", db,
                                 "--dist", os.path.join(tmp, "dist"), "--dev", "--code-ttl", "3"], stdout=subprocess.PIPE, text=True)
        line = proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if not m:
            print("could not start the reference backend: %r" % line)
            print("0 passed, 1 failed")
            return 1
        args.base = m.group(0) + "api/v1"
    if not args.base:
        ap.error("give --base or --start-reference")
    api = Api(args.base)
    ctx = {}
    passed = failed = 0
    try:
        for fn in CHECKS:
            t0 = time.time()
            try:
                note = fn(api, ctx)
                passed += 1
                print("ok    %-100s %.2fs%s" % (fn.check_name, time.time() - t0, ("  (" + note + ")") if note else ""))
            except Exception as e:  # noqa: BLE001 - report every failure and go on
                failed += 1
                print("FAIL  %s\n      %s: %s" % (fn.check_name, type(e).__name__, e))
        if args.start_reference:
            try:
                proc.terminate()
                proc.wait(timeout=10)
                n = storage_check(db)
                passed += 1
                print("ok    the SQLite file holds none of the %d passwords, authenticators, private keys and tokens in clear" % n)
            except Exception as e:  # noqa: BLE001
                failed += 1
                print("FAIL  storage check\n      %s" % e)
    finally:
        if proc and proc.poll() is None:
            proc.terminate()
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
