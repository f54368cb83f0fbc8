#!/usr/bin/python3
"""Conformance suite for the REST contract (docs/openapi.yaml, docs/behaviour.md, docs/events.md):
status codes, the error shape, auth and authorization between users, the account-security rules,
the event stream — and every JSON response validated against the contract's schemas.

Runs against any backend that speaks /api/v1 and offers the contract's optional development
interface (GET /dev/outbox, where one-time codes "arrive"):

    tests/conformance/conformance.py --base http://host:port/api/v1 [--storage-dump CMD]
    tests/conformance/conformance.py --start-reference     # starts tools/serve.py itself

It imports nothing from the reference backend: client-side crypto through PyNaCl, TOTP through
pyotp, schemas through jsonschema + PyYAML (Debian's python3-* packages; run with /usr/bin/python3).

Checks that need a short-lived setting (codes that expire in seconds, a stale second factor, a small
storage quota, a short request deadline, a low connection cap) read it from the backend's answers
and say "skipped" when the backend's value makes the check impractical; --start-reference starts
the reference with such values (development switches). The storage check needs the stored bytes:
for the reference it reads the SQLite file (and checks the files' modes); for another backend pass
--storage-dump "CMD" (a command printing everything the backend stores, e.g. a database dump).

Ends with "N passed, M failed".
"""
import argparse
import base64
import hashlib
import http.client
import json
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

import jsonschema
import nacl.bindings as na
import pyotp
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CONTRACT_PATH = os.path.join(ROOT, "docs", "openapi.yaml")
RESULTS = []
SECRETS = []          # (label, bytes) that must never be found in the server's storage
VIOLATIONS = []       # responses that do not match the contract
RESPONSES = [0]
UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"


# -- client-side crypto, as the client does it (src/crypto/login_keys.cpp) -------------------------
def kdf_subkey(master, sub_id, ctx):
    return hashlib.blake2b(b"", digest_size=32, key=master, salt=sub_id.to_bytes(8, "little") + b"\0" * 8,
                           person=ctx + b"\0" * (16 - len(ctx))).digest()


def derive_login_keys(password, salt, ops=2, mem=64 * 1024 * 1024):
    master = na.crypto_pwhash_alg(32, password.encode("utf-8"), salt, ops, mem, na.crypto_pwhash_ALG_ARGON2ID13)
    return kdf_subkey(master, 1, b"lk-auth_"), kdf_subkey(master, 2, b"lk-wrap_")


def b64(raw):
    return base64.b64encode(raw).decode()


# -- the contract's schemas ----------------------------------------------------------------------
class Contract:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.doc = yaml.safe_load(f)
        self.paths = []
        for template, item in self.doc["paths"].items():
            rx = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")
            self.paths.append((template.count("{"), rx, template, item))
        self.paths.sort(key=lambda p: p[0])   # literal paths win over templated ones
        # The catalog and form documents have JSON Schemas of their own, referenced by relative path.
        base = "file://" + os.path.abspath(path)
        store = {}
        for name in ("catalog.schema.json", "form.schema.json"):
            with open(os.path.join(os.path.dirname(path), "schemas", name), encoding="utf-8") as f:
                sub = json.load(f)
            store[sub["$id"]] = sub
            store[urllib.parse.urljoin(base, "schemas/" + name)] = sub
        self.resolver = jsonschema.RefResolver(base, self.doc, store=store)

    def _deref(self, obj):
        while isinstance(obj, dict) and "$ref" in obj and obj["$ref"].startswith("#/components/responses/"):
            obj = self.doc["components"]["responses"][obj["$ref"].rsplit("/", 1)[1]]
        return obj

    def check(self, method, path, status, body, ctype):
        """Appends a violation when the response is not what the contract says."""
        RESPONSES[0] += 1
        path = urllib.parse.urlsplit(path).path
        for _, rx, template, item in self.paths:
            if rx.match(path):
                op = item.get(method.lower())
                break
        else:
            VIOLATIONS.append("%s %s: path not in the contract" % (method, path))
            return
        if op is None:
            if status != 405:
                VIOLATIONS.append("%s %s: method not in the contract, answered %d" % (method, template, status))
            return
        responses = op.get("responses", {})
        resp = responses.get(str(status)) or responses.get("%dXX" % (status // 100)) or responses.get("default")
        if resp is None:
            VIOLATIONS.append("%s %s: status %d not documented" % (method, template, status))
            return
        resp = self._deref(resp)
        content = resp.get("content")
        if not content:
            if body not in (None, b"", ""):
                VIOLATIONS.append("%s %s %d: a body where the contract has none" % (method, template, status))
            return
        media = content.get("application/json")
        if media is None:
            return  # event streams and other media types are checked by their own checks
        if not (ctype or "").startswith("application/json"):
            VIOLATIONS.append("%s %s %d: Content-Type %r, expected application/json" % (method, template, status, ctype))
            return
        schema = media.get("schema", {})
        validator = jsonschema.Draft202012Validator(schema, resolver=self.resolver, format_checker=jsonschema.FormatChecker())
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
        for e in errors[:3]:
            VIOLATIONS.append("%s %s %d: %s at %s" % (method, template, status, e.message[:200], "/".join(map(str, e.absolute_path))))


CONTRACT = None


class Api:
    def __init__(self, base, source=None):
        self.base = base.rstrip("/")
        u = urllib.parse.urlsplit(self.base)
        self.scheme, self.host, self.port, self.prefix = u.scheme, u.hostname, u.port or (443 if u.scheme == "https" else 80), u.path
        self.source = source

    def at(self, source):
        """The same backend seen from another client address (loopback has all of 127/8)."""
        return Api(self.base, source) if self.host.startswith("127.") else self

    def connection(self, timeout=30):
        cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        return cls(self.host, self.port, timeout=timeout, source_address=(self.source, 0) if self.source else None)

    def call(self, method, path, body=None, token=None, raw=None, headers=None, validate=True):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        h = {"Accept": "application/json", "User-Agent": UA}
        if data is not None:
            h["Content-Type"] = "application/json"
        if token:
            h["Authorization"] = "Bearer " + token
        h.update(headers or {})
        con = self.connection()
        try:
            con.request(method, self.prefix + path, body=data, headers=h)
            r = con.getresponse()
            payload = r.read()
            hdrs = {k: v for k, v in r.getheaders()}
        finally:
            con.close()
        parsed = _json(payload)
        if validate and raw is None:
            CONTRACT.check(method, path, r.status, parsed if payload else None, hdrs.get("Content-Type"))
        return r.status, parsed, hdrs

    def codes(self, destination):
        _, body, _ = self.call("GET", "/dev/outbox?destination=" + urllib.parse.quote(destination))
        return [m for m in (body or {}).get("items", [])]

    def last_code(self, destination):
        items = [m for m in self.codes(destination) if m.get("code")]
        return items[-1]["code"] if items else None


def _json(raw):
    try:
        return json.loads(raw.decode("utf-8")) if raw else None
    except (ValueError, UnicodeDecodeError):
        return "<not json>"


CHECKS = []


def check(name):
    def wrap(fn):
        fn.check_name = name
        CHECKS.append(fn)
        return fn
    return wrap


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
        n = (int(time.time() * 1000) + Citizen.counter * 7919) % 1_000_000_000
        self.api = api
        self.phone = "+79%09d" % n
        self.email = "citizen%d.%d@example.ru" % (n, Citizen.counter)
        self.password = password
        self.token = self.refresh = self.session_id = None
        self.sign_pk = self.sign_sk = None

    def credentials(self, password=None):
        salt = os.urandom(16)
        auth, wrap = derive_login_keys(password or self.password, salt)
        bpk, bsk = na.crypto_box_keypair()
        spk, ssk = na.crypto_sign_keypair()
        self.sign_pk, self.sign_sk = spk, ssk
        self.box_pk, self.box_sk = bpk, bsk
        nonce = os.urandom(24)
        wrapped = nonce + na.crypto_aead_xchacha20poly1305_ietf_encrypt(bsk + ssk, b"lk-keys-v1", nonce, wrap)
        pw = (password or self.password).encode()
        SECRETS.extend([("authenticator", auth), ("wrap key", wrap), ("x25519 secret key", bsk), ("ed25519 secret key", ssk),
                        ("password", pw), ("wrapped keys", wrapped)])
        return {"salt": b64(salt), "kdf": {"alg": "argon2id13", "ops": 2, "mem": 64 * 1024 * 1024},
                "authenticator": b64(auth), "public_keys": {"x25519": b64(bpk), "ed25519": b64(spk)},
                "wrapped_keys": b64(wrapped)}

    def register(self, confirm=True):
        body = {"last_name": "Тестова", "first_name": "Вера", "middle_name": "", "birth_date": "1991-07-01",
                "phone": self.phone, "email": self.email}
        body.update(self.credentials())
        st, b, _ = self.api.call("POST", "/auth/register", body)
        expect(st == 201, "register: %d %s" % (st, b))
        self.register_challenge = b
        if confirm:
            st, b, _ = self.api.call("POST", "/auth/register/confirm", {"challenge_id": b["challenge_id"], "code": self.api.last_code(self.phone)})
            expect(st == 200 and b["status"] == "active", "confirm: %d %s" % (st, b))
        return self

    def authenticator(self, password=None, identifier=None):
        st, b, _ = self.api.call("POST", "/auth/prelogin", {"identifier": identifier or self.phone})
        expect(st == 200, "prelogin: %d" % st)
        auth, _ = derive_login_keys(password or self.password, base64.b64decode(b["salt"]), b["kdf"]["ops"], b["kdf"]["mem"])
        return b64(auth)

    def start_login(self, identifier=None):
        st, b, _ = self.api.call("POST", "/auth/login", {"identifier": identifier or self.phone,
                                                         "authenticator": self.authenticator(identifier=identifier)})
        expect(st == 200, "login: %d %s" % (st, b))
        return b

    def login(self, identifier=None):
        b = self.start_login(identifier)
        st, b, _ = self.api.call("POST", "/auth/login/verify", {"challenge_id": b["challenge_id"], "code": self.api.last_code(self.phone)})
        expect(st == 200, "verify: %d %s" % (st, b))
        self.token, self.refresh, self.session_id = b["access_token"], b["refresh_token"], b["session_id"]
        SECRETS.extend([("access token", self.token.encode()), ("refresh token", self.refresh.encode())])
        return b


# == the contract itself ==============================================================================
@check("the contract is a valid OpenAPI 3.1 document (validator: @seriousme/openapi-schema-validator)")
def _(api, ctx):
    here = os.path.dirname(os.path.abspath(__file__))
    if not os.path.isdir(os.path.join(here, "node_modules", "@seriousme")):
        return "skipped: npm packages not installed (tools/setup.sh installs them)"
    out = subprocess.run(["node", os.path.join(here, "validate_contract.mjs"), CONTRACT_PATH], capture_output=True, text=True)
    expect(out.returncode == 0, "OpenAPI validation failed: %s%s" % (out.stdout[-2000:], out.stderr[-2000:]))


@check("GET /health names the contract version")
def _(api, ctx):
    st, b, h = api.call("GET", "/health")
    expect(st == 200 and b["status"] == "ok" and b["contract"] == "v1", "health: %d %s" % (st, b))
    expect(h.get("Content-Type", "").startswith("application/json"), "JSON content type")


@check("unknown resource, wrong method, unknown version: the documented error shape")
def _(api, ctx):
    expect_error(api.call("GET", "/no-such-resource", validate=False), 404)
    expect_error(api.call("DELETE", "/health"), 405)
    base = api.base.rsplit("/v1", 1)[0]
    expect_error(Api(base + "/v9").call("GET", "/health", validate=False), 404, "unknown_version")


@check("malformed JSON, a non-object body, lone surrogates and a 10 MB body are refused with 400/413")
def _(api, ctx):
    expect_error(api.call("POST", "/auth/prelogin", raw=b"{not json"), 400, "malformed_json")
    expect_error(api.call("POST", "/auth/prelogin", raw=b"[1,2,3]"), 400, "malformed_json")
    expect_error(api.call("POST", "/auth/prelogin", raw=b"\xff\xfe{}"), 400, "malformed_json")
    expect_error(api.call("POST", "/auth/prelogin", raw=b'{"identifier": "\\ud800\\udbff"}'), 400, "malformed_json")
    expect_error(api.call("POST", "/auth/prelogin", raw=b'{"identifier": ' + b"9" * 5000 + b"}"), 400)
    try:
        expect_error(api.call("POST", "/auth/prelogin", raw=b"x" * (10 * 1024 * 1024)), 413, "payload_too_large")
    except (ConnectionError, OSError):
        pass  # closing the connection on an oversize body is allowed too
    expect(api.call("GET", "/health")[0] == 200, "the server is still healthy")


FIELD_TYPES = {"text", "textarea", "number", "money", "date", "select", "radio", "checkbox", "phone", "email", "address", "postal_code",
               "file", "snils", "inn", "kpp", "ogrn", "ogrnip", "passport", "division_code", "bik", "account", "group"}


@check("catalog: matches docs/schemas/catalog.schema.json, references resolve; ETag revalidation gives 304")
def _(api, ctx):
    st, cat, h = api.call("GET", "/catalog")
    expect(st == 200, "catalog: %d" % st)
    with open(os.path.join(ROOT, "docs", "schemas", "catalog.schema.json"), encoding="utf-8") as f:
        jsonschema.validate(cat, json.load(f))
    ids = {s["id"] for s in cat["services"]}
    expect(len(ids) == len(cat["services"]), "service ids are unique")
    sub_ids = set()
    for sec in cat["sections"]:
        for sub in sec["subsections"]:
            sub_ids.add(sub["id"])
            expect(set(sub["services"]) <= ids, "subsection %s lists unknown services" % sub["id"])
    for s in cat["services"]:
        expect(s["subsection"] in sub_ids, "service %s names an unknown subsection" % s["id"])
    expect(set(cat["popular"]) <= ids, "popular lists unknown services")
    st, one, _ = api.call("GET", "/catalog/services/" + cat["services"][0]["id"])
    expect(st == 200 and one["id"] == cat["services"][0]["id"], "one service")
    st, _, h2 = api.call("GET", "/catalog", headers={"If-None-Match": h["ETag"]})
    expect(st == 304, "304 with the current ETag, got %d" % st)
    expect("Content-Security-Policy" in h2 and h2.get("X-Content-Type-Options") == "nosniff", "security headers on a 304 too")
    ctx["catalog"] = cat


@check("every service with a form has a schema matching docs/schemas/form.schema.json; conditions name real fields")
def _(api, ctx):
    with open(os.path.join(ROOT, "docs", "schemas", "form.schema.json"), encoding="utf-8") as f:
        form_schema = json.load(f)
    with_form = [s for s in ctx["catalog"]["services"] if s.get("has_form")]

    def fields_of(fs, ids, where):
        for f in fs:
            expect(f["type"] in FIELD_TYPES, "%s: unknown type %s" % (where, f["type"]))
            expect(f["id"] not in ids, "%s: duplicate id %s" % (where, f["id"]))
            ids.add(f["id"])
            if f["type"] == "group":
                fields_of(f["fields"], set(), where + "." + f["id"])
    for s in with_form:
        st, form, _ = api.call("GET", "/forms/" + urllib.parse.quote(s["form_code"]))
        expect(st == 200 and form["code"] == s["form_code"], "form %s" % s["form_code"])
        jsonschema.validate(form, form_schema)
        expect(len(base64.b64decode(form["agency_key"])) == 32, "agency key: 32 bytes")
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
    ctx["form_code"] = with_form[0]["form_code"] if with_form else None
    expect_error(api.call("GET", "/forms/NO-SUCH"), 404)
    return "%d forms" % len(with_form)


# == accounts =========================================================================================
@check("registration validates every field and names the wrong ones")
def _(api, ctx):
    err = expect_error(api.call("POST", "/auth/register", {"last_name": "Robert'); DROP TABLE accounts;--", "first_name": "",
                                                           "birth_date": "2099-01-01", "phone": "12345", "email": "nope"}), 422, "validation_failed")
    fields = {f["field"] for f in err.get("fields", [])}
    expect({"last_name", "first_name", "birth_date", "phone", "email"} <= fields, "fields named: %s" % fields)
    expect(api.call("GET", "/health")[0] == 200, "still healthy after SQL-looking input")


@check("register, confirm, sign in with the second factor; unknown fields are ignored")
def _(api, ctx):
    a = Citizen(api.at("127.0.0.11")).register()
    b = a.login()
    expect(b["account"]["phone"] == a.phone and "wrapped_keys" in b and "public_keys" in b, "verify body: %s" % list(b))
    ctx["a"] = a
    ctx["b"] = Citizen(api.at("127.0.0.12")).register()
    ctx["b"].login()


@check("wrong code: attempts left, then 5 wrong attempts end the code")
def _(api, ctx):
    c = Citizen(api.at("127.0.0.13")).register()
    b = c.start_login()
    right = api.last_code(c.phone)
    wrong = "000000" if right != "000000" else "111111"
    err = expect_error(c.api.call("POST", "/auth/login/verify", {"challenge_id": b["challenge_id"], "code": wrong}), 400, "wrong_code")
    expect(err.get("attempts_left") == 4, "attempts_left 4: %s" % err)
    for _ in range(3):
        c.api.call("POST", "/auth/login/verify", {"challenge_id": b["challenge_id"], "code": wrong})
    # the 5th wrong code is also the account's 5th: the account's code entry locks (checked below)
    st, _, _ = c.api.call("POST", "/auth/login/verify", {"challenge_id": b["challenge_id"], "code": wrong})
    expect(st in (400, 429), "5th wrong code: %d" % st)
    st, body, _ = c.api.call("POST", "/auth/login/verify", {"challenge_id": b["challenge_id"], "code": right})
    expect(st == 429 and body["error"]["code"] in ("too_many_attempts", "code_entry_locked"), "the right code no longer works: %d %s" % (st, body))
    expect_error(c.api.call("POST", "/auth/login/verify", {"challenge_id": b["challenge_id"], "code": "12a456"}), 422)


@check("resend: not before 60 s (429 with Retry-After)")
def _(api, ctx):
    c = Citizen(api.at("127.0.0.14")).register()
    b = c.start_login()
    st, body, h = c.api.call("POST", "/auth/codes/%s/resend" % b["challenge_id"], {})
    err = expect_error((st, body, h), 429, "resend_too_early")
    expect(0 < err.get("retry_after", 0) <= 60 and h.get("Retry-After") == str(err["retry_after"]), "retry_after: %s %s" % (err, h))


@check("an expired code is refused (when the backend's codes live ≤ 5 s, e.g. serve.py --dev --code-ttl)")
def _(api, ctx):
    c = Citizen(api.at("127.0.0.15")).register()
    b = c.start_login()
    if b["expires_in"] > 5:
        return "skipped: codes live %d s" % b["expires_in"]
    time.sleep(b["expires_in"] + 1.2)
    expect_error(c.api.call("POST", "/auth/login/verify", {"challenge_id": b["challenge_id"], "code": api.last_code(c.phone)}), 410, "code_expired")


@check("5 wrong passwords lock sign-in with the unlock time; the 6th attempt is refused")
def _(api, ctx):
    c = Citizen(api.at("127.0.0.16")).register()
    bad = c.authenticator("Неверный2026")
    for i in range(4):
        err = expect_error(c.api.call("POST", "/auth/login", {"identifier": c.phone, "authenticator": bad}), 401, "invalid_credentials")
        expect(err.get("attempts_left") == 4 - i, "attempts_left: %s" % err)
    err = expect_error(c.api.call("POST", "/auth/login", {"identifier": c.phone, "authenticator": bad}), 423, "account_locked")
    expect(err.get("unlock_at", 0) > time.time() + 14 * 60, "unlock in 15 min: %s" % err)
    expect_error(c.api.call("POST", "/auth/login", {"identifier": c.phone, "authenticator": c.authenticator()}), 423, "account_locked")


PRIVATE = [("GET", "/me"), ("POST", "/auth/logout"), ("GET", "/sessions"), ("DELETE", "/sessions/abc"), ("GET", "/security-log"),
           ("GET", "/profile"), ("PUT", "/profile"), ("GET", "/profile/versions"), ("GET", "/profile/versions/1"),
           ("POST", "/profile/versions/1/restore"), ("GET", "/consents"), ("POST", "/consents"), ("DELETE", "/consents/abc"),
           ("POST", "/auth/totp/setup"), ("POST", "/auth/totp/enable"), ("DELETE", "/auth/totp"), ("POST", "/auth/reauth"),
           ("POST", "/auth/reauth/confirm"), ("POST", "/me/email/verify"), ("POST", "/me/email/confirm"),
           ("GET", "/drafts"), ("GET", "/drafts/P-01"), ("PUT", "/drafts/P-01"), ("DELETE", "/drafts/P-01"),
           ("POST", "/attachments"), ("PUT", "/attachments/abc"), ("DELETE", "/attachments/abc"),
           ("POST", "/applications"), ("GET", "/applications"), ("GET", "/applications/ABCD-EFGH-JKLM"),
           ("POST", "/events/ticket"), ("GET", "/events")]


@check("every private endpoint refuses a request without a valid token (401)")
def _(api, ctx):
    for method, path in PRIVATE:
        expect_error(api.call(method, path, {}), 401)
        expect_error(api.call(method, path, {}, token="forged-token"), 401)


@check("user B reads and changes nothing of user A's (profile, versions, sessions, consents, log)")
def _(api, ctx):
    a, b = ctx["a"], ctx["b"]
    st, prof, _ = api.call("GET", "/profile", token=a.token)
    data = dict(prof["data"], residence_address="Секретный адрес А")
    SECRETS.append(("profile text", "Секретный адрес А".encode()))
    expect(api.call("PUT", "/profile", {"base_version": prof["version"], "data": data}, token=a.token)[0] == 200, "A edits")
    st, consent, _ = api.call("POST", "/consents", {"purpose": "notifications_sms"}, token=a.token)
    expect(st == 201, "A gives a consent")
    for method, path in [("GET", "/profile"), ("GET", "/profile/versions"), ("GET", "/profile/versions/1"), ("GET", "/profile/versions/2"),
                         ("GET", "/sessions"), ("GET", "/security-log"), ("GET", "/consents"), ("GET", "/me")]:
        st, body, _ = api.call(method, path, token=b.token)
        text = json.dumps(body, ensure_ascii=False)
        expect("Секретный адрес А" not in text and a.phone not in text and a.email not in text and a.session_id not in text
               and consent["id"] not in text, "%s %s leaks A's data to B" % (method, path))
    expect_error(api.call("DELETE", "/sessions/" + a.session_id, token=b.token), 404)
    expect_error(api.call("DELETE", "/consents/" + consent["id"], token=b.token), 404)
    st, _, _ = api.call("GET", "/profile", token=a.token)
    expect(st == 200, "A's session survives B's attempt")
    st, body, _ = api.call("GET", "/consents", token=a.token)
    expect(any(c["id"] == consent["id"] and c["withdrawn_at"] is None for c in body["items"]), "A's consent untouched")


@check("profile: versions, stale base_version (409), unknown fields dropped, SQL-looking text stored literally, restore, huge version 404")
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
    expect_error(api.call("GET", "/profile/versions/99999999999999999999", token=a.token, validate=False), 404)
    expect_error(api.call("PUT", "/profile", {"base_version": 10 ** 30, "data": data}, token=a.token), 409)


@check("Idempotency-Key: a repeat replays the first answer; another body with the key is 422; errors are not replayed")
def _(api, ctx):
    a = ctx["a"]
    key = "conf-%d" % int(time.time() * 1000)
    st1, c1, _ = api.call("POST", "/consents", {"purpose": "notifications_email"}, token=a.token, headers={"Idempotency-Key": key})
    st2, c2, _ = api.call("POST", "/consents", {"purpose": "notifications_email"}, token=a.token, headers={"Idempotency-Key": key})
    expect(st1 == st2 == 201 and c1["id"] == c2["id"], "same answer: %s %s" % (c1, c2))
    st, body, _ = api.call("GET", "/consents", token=a.token)
    expect(sum(1 for c in body["items"] if c["id"] == c1["id"]) == 1, "one consent")
    expect_error(api.call("POST", "/consents", {"purpose": "notifications_sms"}, token=a.token, headers={"Idempotency-Key": key}),
                 422, "idempotency_key_reused")
    st3, c3, _ = api.call("POST", "/consents", {"purpose": "notifications_email"}, token=a.token, headers={"Idempotency-Key": key + "x"})
    expect(st3 == 201 and c3["id"] != c1["id"], "a new key makes a new one")
    st4, c4, _ = api.call("POST", "/consents", {"purpose": "notifications_email"}, token=ctx["b"].token, headers={"Idempotency-Key": key})
    expect(st4 == 201 and c4["id"] != c1["id"], "keys are per user")
    # An error is not kept: after a refused request the same key can still succeed.
    ekey = key + "e"
    expect_error(api.call("POST", "/consents", {"purpose": "no-such"}, token=a.token, headers={"Idempotency-Key": ekey}), 422, "validation_failed")
    st5, _, _ = api.call("POST", "/consents", {"purpose": "no-such"}, token=a.token, headers={"Idempotency-Key": ekey})
    expect(st5 == 422, "the error is computed again, not replayed with another status")
    expect_error(api.call("POST", "/consents", {"purpose": "notifications_email"}, token=a.token, headers={"Idempotency-Key": "bad key!"}),
                 400, "bad_idempotency_key")


@check("security log and sessions: time, IP, device label derived from the User-Agent (client text never shown)")
def _(api, ctx):
    c = Citizen(api.at("127.0.0.17")).register()
    b = c.start_login()
    st, v, _ = c.api.call("POST", "/auth/login/verify", {"challenge_id": b["challenge_id"], "code": api.last_code(c.phone)},
                          headers={"X-Device": "<img src=x onerror=alert(1)> My laptop"})
    expect(st == 200, "signed in")
    st, log, _ = c.api.call("GET", "/security-log", token=v["access_token"])
    events = [e["event"] for e in log["items"]]
    expect({"login", "registered"} <= set(events), "events: %s" % events)
    st, sessions, _ = c.api.call("GET", "/sessions", token=v["access_token"])
    text = json.dumps([sessions, log], ensure_ascii=False)
    expect("<img" not in text and "My laptop" not in text, "client-supplied device text is shown: %s" % text[:300])
    cur = [s for s in sessions["items"] if s["current"]]
    expect(cur and cur[0]["device"] == "Chrome 120, Linux", "device label from the User-Agent: %s" % cur)


@check("refresh rotates tokens; reusing a rotated refresh token ends the session; logout ends it too")
def _(api, ctx):
    c = Citizen(api.at("127.0.0.18")).register()
    c.login()
    st, b, _ = c.api.call("POST", "/auth/refresh", {"refresh_token": c.refresh})
    expect(st == 200 and b["access_token"] != c.token, "refreshed")
    expect_error(c.api.call("GET", "/me", token=c.token), 401)  # the old access token went with the rotation
    expect(c.api.call("GET", "/me", token=b["access_token"])[0] == 200, "new token works")
    # The old refresh token again: someone copied it. The whole session ends, the new tokens too.
    expect_error(c.api.call("POST", "/auth/refresh", {"refresh_token": c.refresh}), 401, "session_expired")
    expect_error(c.api.call("GET", "/me", token=b["access_token"]), 401)
    expect_error(c.api.call("POST", "/auth/refresh", {"refresh_token": b["refresh_token"]}), 401)
    c.login()
    st, log, _ = c.api.call("GET", "/security-log", token=c.token)
    expect("refresh_token_reused" in [e["event"] for e in log["items"]], "the reuse is in the security log")
    expect(c.api.call("POST", "/auth/logout", {}, token=c.token)[0] == 204, "logout 204")
    expect_error(c.api.call("GET", "/me", token=c.token), 401)


@check("another device can be revoked; password recovery ends every session and every pending sign-in challenge")
def _(api, ctx):
    c = Citizen(api.at("127.0.0.19")).register()
    c.login()
    first = c.token
    c.login()
    sessions = c.api.call("GET", "/sessions", token=c.token)[1]["items"]
    other = [s for s in sessions if not s["current"]][0]
    expect(c.api.call("DELETE", "/sessions/" + other["id"], token=c.token)[0] == 204, "revoke")
    expect_error(c.api.call("GET", "/me", token=first), 401)
    pending = c.start_login()
    pending_code = api.last_code(c.phone)
    st, b, _ = c.api.call("POST", "/auth/recover", {"identifier": c.phone})
    expect(st == 202, "recover 202")
    body = {"challenge_id": b["challenge_id"], "code": api.last_code(c.phone)}
    body.update(c.credentials("НовыйПароль7"))
    expect(c.api.call("POST", "/auth/recover/confirm", body)[0] == 200, "recovered")
    expect_error(c.api.call("GET", "/me", token=c.token), 401)
    expect_error(c.api.call("POST", "/auth/login/verify", {"challenge_id": pending["challenge_id"], "code": pending_code}), 404,
                 "challenge_not_found")
    c.password = "НовыйПароль7"
    c.login()


@check("TOTP: changes need a fresh second factor; enrol; a TOTP step works once; a recovery code replaces a lost authenticator once")
def _(api, ctx):
    c = Citizen(api.at("127.0.0.20")).register()
    c.login()
    fresh = ctx.get("fresh_factor")
    if fresh is not None and fresh <= 5:
        time.sleep(fresh + 1)
        expect_error(c.api.call("POST", "/auth/totp/setup", {}, token=c.token), 403, "reauth_required")
        st, ch, _ = c.api.call("POST", "/auth/reauth", {}, token=c.token)
        expect(st == 201 and ch["second_factor"] == "otp", "reauth challenge: %s" % ch)
        st, _, _ = c.api.call("POST", "/auth/reauth/confirm", {"challenge_id": ch["challenge_id"], "code": api.last_code(c.phone)}, token=c.token)
        expect(st == 200, "reauth confirmed")
    st, b, _ = c.api.call("POST", "/auth/totp/setup", {}, token=c.token)
    expect(st == 200 and b["otpauth_uri"].startswith("otpauth://totp/"), "setup")
    totp = pyotp.TOTP(b["secret"])
    SECRETS.append(("TOTP secret", b["secret"].encode()))
    now_code = totp.now()
    expect_error(c.api.call("POST", "/auth/totp/enable", {"code": "000000" if now_code != "000000" else "111111"}, token=c.token), 400)
    st, en, _ = c.api.call("POST", "/auth/totp/enable", {"code": totp.now()}, token=c.token)
    expect(st == 200 and len(en["recovery_codes"]) == 10, "enable: %s" % en)
    # The step used to enable cannot sign in: wait for the next one.
    step = int(time.time() // 30)
    while int(time.time() // 30) == step:
        time.sleep(0.2)
    st, ch, _ = c.api.call("POST", "/auth/login", {"identifier": c.phone, "authenticator": c.authenticator()})
    expect(ch["second_factor"] == "totp", "second factor is TOTP now")
    code = totp.now()
    st, v, _ = c.api.call("POST", "/auth/login/verify", {"challenge_id": ch["challenge_id"], "code": code})
    expect(st == 200, "signed in with TOTP: %s" % v)
    st, ch2, _ = c.api.call("POST", "/auth/login", {"identifier": c.phone, "authenticator": c.authenticator()})
    expect_error(c.api.call("POST", "/auth/login/verify", {"challenge_id": ch2["challenge_id"], "code": code}), 400, "wrong_code")
    rc = en["recovery_codes"][0]
    st, v2, _ = c.api.call("POST", "/auth/login/verify", {"challenge_id": ch2["challenge_id"], "recovery_code": rc})
    expect(st == 200, "a recovery code signs in: %s" % v2)
    st, ch3, _ = c.api.call("POST", "/auth/login", {"identifier": c.phone, "authenticator": c.authenticator()})
    expect_error(c.api.call("POST", "/auth/login/verify", {"challenge_id": ch3["challenge_id"], "recovery_code": rc}), 400, "wrong_code")
    # Disabling it needs a fresh factor too (the sign-in just now is one).
    expect(c.api.call("DELETE", "/auth/totp", token=v2["access_token"])[0] == 204, "disabled with a fresh factor")


# == accounts that resist attack ========================================================================
@check("code guessing: wrong codes count per account across challenges; 5 lock code entry, escalating; log entry and owner told")
def _(api, ctx):
    c = Citizen(api.at("127.0.0.21")).register()
    c.login()
    wrong = lambda code: "000000" if code != "000000" else "111111"  # noqa: E731
    for i in range(5):   # every guess on a NEW challenge: a new challenge does not start a new count
        st, b, _ = c.api.call("POST", "/auth/recover", {"identifier": c.phone})
        code = api.last_code(c.phone)
        st, body, h = c.api.call("POST", "/auth/recover/confirm", dict(c.credentials("Другой2026"), challenge_id=b["challenge_id"],
                                                                       code=wrong(code)))
        if i < 4:
            expect(st == 400 and body["error"]["code"] == "wrong_code", "guess %d: %d %s" % (i + 1, st, body))
    err = expect_error((st, body, h), 429, "code_entry_locked")
    expect(14 * 60 <= err["retry_after"] <= 15 * 60 and h.get("Retry-After"), "15 minutes first: %s" % err)
    # Locked: even the right code of a fresh challenge is refused, without saying whether it was right.
    st, b, _ = c.api.call("POST", "/auth/recover", {"identifier": c.phone})
    if st == 202:
        expect_error(c.api.call("POST", "/auth/recover/confirm", dict(c.credentials("Другой2026"), challenge_id=b["challenge_id"],
                                                                       code=api.last_code(c.phone))), 429, "code_entry_locked")
    st, log, _ = c.api.call("GET", "/security-log", token=c.token)
    expect("codes_locked" in [e["event"] for e in log["items"]], "security log: %s" % [e["event"] for e in log["items"]])
    notices = [m for m in api.codes(c.phone) if not m.get("code")]
    expect(notices, "the owner was told (a message without a code to the phone)")
    # The same rules hold for an identifier nobody has (else the lock would tell who exists).
    ghost = "+7999%07d" % (int(time.time()) % 10_000_000)
    for i in range(5):
        st, b, _ = c.api.call("POST", "/auth/recover", {"identifier": ghost})
        st, body, _ = c.api.call("POST", "/auth/recover/confirm", dict(c.credentials("Другой2026"), challenge_id=b["challenge_id"], code="123456"))
    expect(st == 429 and body["error"]["code"] == "code_entry_locked", "unknown identifiers lock alike: %d %s" % (st, body))


@check("code guessing from one address across many accounts: 20 wrong codes an hour lock that address's code entry")
def _(api, ctx):
    if not api.host.startswith("127."):
        return "skipped: needs several client addresses (loopback)"
    attacker = api.at("127.0.0.22")
    locked = False
    for i in range(21):
        ghost = "+7998%07d" % ((int(time.time()) + i * 101) % 10_000_000)
        st, b, _ = attacker.call("POST", "/auth/recover", {"identifier": ghost})
        st, body, _ = attacker.call("POST", "/auth/recover/confirm", dict(Citizen(attacker).credentials(), challenge_id=b["challenge_id"],
                                                                          code="123456"))
        if st == 429 and body["error"]["code"] == "code_entry_locked":
            locked = i + 1
            break
    expect(locked == 20, "the 20th wrong code from the address locks it (locked at %s)" % locked)
    other = Citizen(api.at("127.0.0.23")).register()   # another address is unaffected
    other.login()


@check("sending limits: 10 codes an hour per destination, 60 per address (429 + Retry-After); decoys count alike")
def _(api, ctx):
    c = Citizen(api.at("127.0.0.24")).register()
    statuses = []
    for _ in range(10):
        st, b, h = c.api.call("POST", "/auth/recover", {"identifier": c.phone})
        statuses.append(st)
    # registration sent 1 code, so the 10th recovery is the 11th code of the hour
    expect(statuses[:9] == [202] * 9 and statuses[9] == 429, "per destination: %s" % statuses)
    err = expect_error((st, b, h), 429, "too_many_requests")
    expect(int(h.get("Retry-After", "0")) > 0 and err["retry_after"] > 0, "Retry-After: %s" % h)
    if not api.host.startswith("127."):
        return "per-address part skipped: needs several client addresses"
    sender = api.at("127.0.0.25")
    n, st = 0, 202
    while st == 202 and n < 70:
        st, b, h = sender.call("POST", "/auth/recover", {"identifier": "+7997%07d" % ((int(time.time() * 10) + n * 37) % 10_000_000)})
        n += 1
    expect(st == 429 and n == 61, "per address: refused at request %d (%d)" % (n, st))


@check("no user enumeration: prelogin, login, recovery, resend and registration answer alike (shape, status, time) for known and unknown")
def _(api, ctx):
    known = Citizen(api.at("127.0.0.26")).register()
    src = api.at("127.0.0.27")
    ghost_phone = "+7996%07d" % (int(time.time()) % 10_000_000)

    def shape(x):
        if isinstance(x, dict):
            return {k: shape(v) for k, v in x.items() if k not in ("message",)}
        if isinstance(x, list):
            return [shape(v) for v in x[:1]]
        return type(x).__name__

    # prelogin
    a = src.call("POST", "/auth/prelogin", {"identifier": known.phone})
    b = src.call("POST", "/auth/prelogin", {"identifier": ghost_phone})
    expect(a[0] == b[0] == 200 and shape(a[1]) == shape(b[1]), "prelogin: %s vs %s" % (a[1], b[1]))
    # login with a wrong authenticator
    wrong = b64(os.urandom(32))
    a = src.call("POST", "/auth/login", {"identifier": known.phone, "authenticator": wrong})
    b = src.call("POST", "/auth/login", {"identifier": ghost_phone, "authenticator": wrong})
    expect(a[0] == b[0] == 401 and shape(a[1]) == shape(b[1]) and a[1]["error"]["attempts_left"] == b[1]["error"]["attempts_left"],
           "login: %s vs %s" % (a[1], b[1]))
    # recovery
    a = src.call("POST", "/auth/recover", {"identifier": known.phone})
    b = src.call("POST", "/auth/recover", {"identifier": ghost_phone})
    expect(a[0] == b[0] == 202 and shape(a[1]) == shape(b[1]), "recover: %s vs %s" % (a[1], b[1]))
    expect(a[1]["destination"] != "" and b[1]["destination"] != "", "a masked destination either way")
    # a wrong code on each: the same error (400 wrong_code), never 404 for the unknown one
    ea = src.call("POST", "/auth/recover/confirm", dict(known.credentials(), challenge_id=a[1]["challenge_id"], code="000001"))
    eb = src.call("POST", "/auth/recover/confirm", dict(known.credentials(), challenge_id=b[1]["challenge_id"], code="000001"))
    expect(ea[0] == eb[0] == 400 and shape(ea[1]) == shape(eb[1]), "recover/confirm: %s vs %s" % (ea, eb))
    # resend (too early for both)
    ra = src.call("POST", "/auth/codes/%s/resend" % a[1]["challenge_id"], {})
    rb = src.call("POST", "/auth/codes/%s/resend" % b[1]["challenge_id"], {})
    expect(ra[0] == rb[0] == 429 and shape(ra[1]) == shape(rb[1]), "resend: %s vs %s" % (ra, rb))
    # registration with a taken phone: the same 201 challenge as a free one
    taken = Citizen(api.at("127.0.0.28"))
    taken.phone = known.phone
    st, body, _ = taken.api.call("POST", "/auth/register", dict({"last_name": "Другая", "first_name": "Вера", "birth_date": "1990-01-01",
                                                                 "phone": known.phone, "email": "other@example.ru"}, **taken.credentials()))
    fresh = Citizen(api.at("127.0.0.28"))
    st2, body2, _ = fresh.api.call("POST", "/auth/register", dict({"last_name": "Другая", "first_name": "Вера", "birth_date": "1990-01-01",
                                                                   "phone": fresh.phone, "email": fresh.email}, **fresh.credentials()))
    expect(st == st2 == 201 and shape(body) == shape(body2), "register: %s vs %s" % (body, body2))
    # timing: the median of answers to known and unknown identifiers, asked in turn so that a busy
    # machine slows both alike, within noise
    def medians_ms(method_path, known_body, unknown_body, addr_known, addr_unknown, rounds):
        tk, tu = [], []
        for _ in range(rounds):
            for body, addr, out in ((known_body, addr_known, tk), (unknown_body, addr_unknown, tu)):
                t0 = time.perf_counter()
                api.at(addr).call("POST", method_path, body)
                out.append((time.perf_counter() - t0) * 1000)
        return statistics.median(tk), statistics.median(tu)
    k1 = Citizen(api.at("127.0.0.29")).register()
    ghost1 = "+7995%07d" % (int(time.time()) % 10_000_000)
    tk, tu = medians_ms("/auth/login", {"identifier": k1.phone, "authenticator": wrong}, {"identifier": ghost1, "authenticator": wrong},
                        "127.0.0.30", "127.0.0.31", 15)
    expect(abs(tk - tu) < max(5.0, 0.5 * min(tk, tu)), "login timing known %.1f ms vs unknown %.1f ms" % (tk, tu))
    k2 = Citizen(api.at("127.0.0.29")).register()
    ghost2 = "+7994%07d" % (int(time.time()) % 10_000_000)
    # 8 rounds: within the sending limit of 10 codes an hour per destination
    rk, ru = medians_ms("/auth/recover", {"identifier": k2.phone}, {"identifier": ghost2}, "127.0.0.41", "127.0.0.42", 8)
    expect(abs(rk - ru) < max(5.0, 0.5 * min(rk, ru)), "recovery timing known %.1f ms vs unknown %.1f ms" % (rk, ru))
    return "median: login known %.1f / unknown %.1f ms, recovery known %.1f / unknown %.1f ms" % (tk, tu, rk, ru)


@check("an e-mail signs in only once confirmed; a СНИЛС only when verified; a pending registration cannot be displaced")
def _(api, ctx):
    c = Citizen(api.at("127.0.0.32")).register()
    st, b, _ = c.api.call("POST", "/auth/prelogin", {"identifier": c.email})
    auth, _ = derive_login_keys(c.password, base64.b64decode(b["salt"]), b["kdf"]["ops"], b["kdf"]["mem"])
    expect_error(c.api.call("POST", "/auth/login", {"identifier": c.email, "authenticator": b64(auth)}), 401, "invalid_credentials")
    c.login()
    st, me, _ = c.api.call("GET", "/me", token=c.token)
    expect(me["email_confirmed"] is False, "not confirmed yet")
    st, ch, _ = c.api.call("POST", "/me/email/verify", {}, token=c.token)
    expect(st == 201, "code sent to the e-mail: %s" % ch)
    st, ok, _ = c.api.call("POST", "/me/email/confirm", {"challenge_id": ch["challenge_id"], "code": api.last_code(c.email)}, token=c.token)
    expect(st == 200 and ok["email_confirmed"], "confirmed: %s" % ok)
    b = c.start_login(identifier=c.email)
    expect(b["second_factor"] == "otp", "the e-mail signs in now")
    # A СНИЛС typed into the profile is not an identifier until a registry verifies it.
    st, prof, _ = c.api.call("GET", "/profile", token=c.token)
    snils = "11223344595"   # the demo citizen's, or anyone's: typing it must not give a way in
    expect(c.api.call("PUT", "/profile", {"base_version": prof["version"], "data": dict(prof["data"], snils=snils)}, token=c.token)[0] == 200,
           "saved")
    st, b, _ = c.api.call("POST", "/auth/prelogin", {"identifier": snils})
    auth, _ = derive_login_keys(c.password, base64.b64decode(b["salt"]), b["kdf"]["ops"], b["kdf"]["mem"])
    st, _, _ = c.api.call("POST", "/auth/login", {"identifier": snils, "authenticator": b64(auth)})
    expect(st in (401, 423), "an unverified СНИЛС signs nobody in: %d" % st)
    # Pending registration: X registers (code not yet entered); Y registers the same phone.
    x = Citizen(api.at("127.0.0.33")).register(confirm=False)
    y = Citizen(api.at("127.0.0.34"))
    y.phone = x.phone
    st, yb, _ = y.api.call("POST", "/auth/register", dict({"last_name": "Захватов", "first_name": "Игорь", "birth_date": "1980-01-01",
                                                           "phone": x.phone, "email": y.email}, **y.credentials()))
    expect(st == 201, "Y gets the same answer: %d" % st)
    codes = [m["code"] for m in api.codes(x.phone) if m.get("code")]
    expect(len(codes) == 1, "no code was sent for Y's attempt: %s" % codes)
    expect_error(y.api.call("POST", "/auth/register/confirm", {"challenge_id": yb["challenge_id"], "code": codes[0]}), 400, "wrong_code")
    st, b, _ = x.api.call("POST", "/auth/register/confirm", {"challenge_id": x.register_challenge["challenge_id"], "code": codes[0]})
    expect(st == 200, "X confirms: %d %s" % (st, b))
    x.login()


@check("drafts, attachments, applications: per user, checked, one application per key, unambiguous numbers")
def _(api, ctx):
    a, b = ctx["a"], ctx["b"]
    code = ctx["form_code"] or "P-01"
    blob = b64(os.urandom(200))
    expect(api.call("PUT", "/drafts/" + code, {"blob": blob}, token=a.token)[0] == 200, "A saves a draft")
    st, d, _ = api.call("GET", "/drafts/" + code, token=a.token)
    expect(st == 200 and d["blob"] == blob, "A reads it back")
    st, d, _ = api.call("GET", "/drafts/" + code, token=b.token)
    expect(st == 200 and not d["exists"] and blob not in json.dumps(d), "B does not see A's draft")
    expect(api.call("DELETE", "/drafts/" + code, token=b.token)[0] == 204, "B deletes only B's own")
    expect(api.call("GET", "/drafts/" + code, token=a.token)[1]["blob"] == blob, "A's draft survives B's delete")
    expect_error(api.call("PUT", "/drafts/" + code, {"blob": "not base64!"}, token=a.token), 422)
    expect_error(api.call("PUT", "/drafts/" + code, {"blob": b64(b"x" * (600 * 1024))}, token=a.token), 422)
    expect_error(api.call("PUT", "/drafts/NO-SUCH", {"blob": blob}, token=a.token), 404)
    data = os.urandom(100_000)
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
    st, form, _ = api.call("GET", "/forms/" + code)
    agency_pk = base64.b64decode(form["agency_key"])
    text = json.dumps({"form_code": code, "answers": {}}, sort_keys=True, separators=(",", ":")).encode()
    sig = na.crypto_sign(text, a.sign_sk)[:64]
    envelope = json.dumps({"application": text.decode(), "signature": b64(sig), "signer": b64(a.sign_pk), "v": 1})
    sealed = b64(na.crypto_box_seal(envelope.encode(), agency_pk))
    body = {"form_code": code, "sealed": sealed, "attachments": [att["id"]]}
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
    # Pages of one walk the whole list, in the same order, each application once.
    seen, before = [], None
    for _ in range(len(mine["items"]) + 2):
        st, page, _ = api.call("GET", "/applications?limit=1" + ("&before=%d" % before if before else ""), token=a.token)
        expect(st == 200 and len(page["items"]) <= 1, "a page of one: %d %s" % (st, page))
        seen += [x["number"] for x in page["items"]]
        before = page["next"]
        if before is None:
            break
    expect(seen == [x["number"] for x in mine["items"]] and mine["next"] is None, "paged: %s, whole: %s" % (seen, mine))
    expect_error(api.call("GET", "/applications?limit=0", token=a.token), 422)
    expect_error(api.call("GET", "/applications?before=x", token=a.token), 422)
    expect(api.call("GET", "/drafts/" + code, token=a.token)[1]["exists"] is False, "the draft of a submitted form is gone")
    expect_error(api.call("GET", "/applications/" + app1["number"], token=b.token), 404)
    expect(app1["number"] not in json.dumps(api.call("GET", "/applications", token=b.token)[1]), "B's list has none of A's")
    expect_error(api.call("DELETE", "/attachments/" + att["id"], token=a.token), 409, "attached")
    st, again, _ = api.call("POST", "/applications", body, token=a.token, headers={"Idempotency-Key": key + "x"})
    expect_error((st, again, None), 422)
    ctx["signed_app"] = (app1["number"], b64(a.sign_pk), text, sig)


STATUS_TABLE = json.load(open(os.path.join(ROOT, "docs", "statuses.json"), encoding="utf-8"))
STATUS_MOVES = {(m["from"], m["to"]): m["by"] for m in STATUS_TABLE["transitions"]}
ALL_STATUSES = [s["code"] for s in STATUS_TABLE["statuses"]]


def submit_empty(api, user, code="P-01"):
    """An application with no answers, signed and sealed as the client does it."""
    st, form, _ = api.call("GET", "/forms/" + code)
    text = json.dumps({"form_code": code, "answers": {}}, sort_keys=True, separators=(",", ":")).encode()
    sig = na.crypto_sign(text, user.sign_sk)[:64]
    envelope = json.dumps({"application": text.decode(), "signature": b64(sig), "signer": b64(user.sign_pk), "v": 1})
    sealed = b64(na.crypto_box_seal(envelope.encode(), base64.b64decode(form["agency_key"])))
    st, app, _ = api.call("POST", "/applications", {"form_code": code, "sealed": sealed, "attachments": []}, token=user.token)
    expect(st == 201, "submit: %d %s" % (st, app))
    return app["number"]


def upload(api, user, data, complete=True):
    """An upload of `data` as the client makes one (the bytes stand for ciphertext); its id."""
    st, att, _ = api.call("POST", "/attachments", {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}, token=user.token)
    expect(st == 201, "upload: %d %s" % (st, att))
    part = data if complete else data[:len(data) // 2]
    st, done, _ = api.call("PUT", "/attachments/" + att["id"], {"offset": 0, "data": b64(part)}, token=user.token)
    expect(st == 200 and done["complete"] == complete, "upload: %d %s" % (st, done))
    return att["id"]


def agency_move(api, number, to):
    """The development interface's agency: moves an application (404 when the backend has none)."""
    body = {"status": to, "comment": "Проверка"}
    if to == "needs_info":
        body.update(question="Приложите копию свидетельства", answer_days=10)
    if to == "rejected":
        body.update(reason="Не приложены документы", what_to_do="Подайте заявление заново")
    return api.call("POST", "/dev/agency/applications/%s/status" % number, body)


@check("status machine (docs/statuses.json): every listed move works for its actor only, every other is 409 invalid_transition; the timeline records each move")
def _(api, ctx):
    u = Citizen(api.at("127.0.0.31")).register()
    u.login()
    other = Citizen(api.at("127.0.0.32")).register()
    other.login()
    n = submit_empty(api, u)
    expect_error(api.call("POST", "/applications/%s/cancel" % n, {}, token=u.token), 409, "invalid_transition")
    probe = agency_move(api, n, "teleported")
    if probe[0] == 404:
        return  # no development interface: only what the applicant can do is checked
    expect_error(probe, 422)
    paths = {"submitted": [], "accepted": ["accepted"], "in_progress": ["accepted", "in_progress"],
             "needs_info": ["accepted", "in_progress", "needs_info"], "done": ["accepted", "in_progress", "done"],
             "rejected": ["rejected"], "cancelled": ["accepted", "cancelled"], "expired": ["accepted", "in_progress", "needs_info", "expired"]}

    def reach(status):
        n = submit_empty(api, u)
        for step in paths[status]:
            if STATUS_MOVES[(status_of(n), step)] == "user":
                st, b, _ = api.call("POST", "/applications/%s/cancel" % n, {}, token=u.token)
            else:
                st, b, _ = agency_move(api, n, step)
            expect(st == 200 and b["status"] == step, "to %s: %d %s" % (step, st, b))
        return n

    def status_of(n):
        return api.call("GET", "/applications/" + n, token=u.token)[1]["status"]

    moved = 0
    for src in paths:
        n = reach(src)
        for to in ALL_STATUSES:
            by = STATUS_MOVES.get((src, to))
            dev_actor = "system" if to == "expired" else "agency"
            if by == dev_actor:
                st, b, _ = agency_move(api, reach(src), to)  # a fresh one: n stays in src for the refusals
                expect(st == 200 and b["status"] == to, "%s -> %s by %s: %d %s" % (src, to, by, st, b))
                last = b["history"][-1]
                expect(last["from"] == src and last["status"] == to and last["actor"] == by, "timeline: %s" % last)
                moved += 1
            else:
                expect_error(agency_move(api, n, to), 409, "invalid_transition")
        # The applicant's own move: cancel. Allowed only where the table says so, and only A's own.
        m = n
        expect(status_of(m) == src, "refused moves changed nothing: %s" % status_of(m))
        expect_error(api.call("POST", "/applications/%s/cancel" % m, {}, token=other.token), 404)
        st, b, _ = api.call("POST", "/applications/%s/cancel" % m, {"reason": "Передумал"}, token=u.token)
        if STATUS_MOVES.get((src, "cancelled")) == "user":
            expect(st == 200 and b["status"] == "cancelled" and b["history"][-1]["comment"] == "Передумал", "cancel: %d %s" % (st, b))
            moved += 1
        else:
            expect_error((st, b, None), 409, "invalid_transition")
            expect(status_of(m) == src, "a refused move changes nothing")
    expect(moved == sum(1 for (f, _), by in STATUS_MOVES.items() if f != "draft" and by != "user") + 1, "every move tried: %d" % moved)
    st, detail, _ = api.call("GET", "/applications/" + reach("in_progress"), token=u.token)
    expect([h["status"] for h in detail["history"]] == ["submitted", "accepted", "in_progress"], "timeline: %s" % detail["history"])
    expect(all(isinstance(h["at"], (int, float)) and h["actor"] in ("user", "agency", "system") for h in detail["history"]), "timeline fields")
    expect(detail["expected_at"] > detail["created_at"], "an expected date after submission")


@check("answering the agency's question: sealed, only the applicant's own, only while asked, not after the deadline (then expired)")
def _(api, ctx):
    u = Citizen(api.at("127.0.0.33")).register()
    u.login()
    other = Citizen(api.at("127.0.0.34")).register()
    other.login()
    n = submit_empty(api, u)
    st, form, _ = api.call("GET", "/forms/P-01")
    text = json.dumps({"answer": "Справка приложена", "number": n, "signed_at": int(time.time())}, sort_keys=True, separators=(",", ":"))
    sig = na.crypto_sign(text.encode(), u.sign_sk)[:64]
    envelope = json.dumps({"application": text, "signature": b64(sig), "signer": b64(u.sign_pk), "v": 1})
    sealed = b64(na.crypto_box_seal(envelope.encode(), base64.b64decode(form["agency_key"])))
    expect_error(api.call("POST", "/applications/%s/answer" % n, {"sealed": sealed}, token=u.token), 409, "invalid_transition")
    if agency_move(api, n, "accepted")[0] == 404:
        return  # no development interface to ask a question
    agency_move(api, n, "in_progress")
    st, b, _ = agency_move(api, n, "needs_info")
    expect(st == 200 and b["info"]["question"] and b["info"]["answer_due"] > time.time(), "the question and its deadline: %s" % b.get("info"))
    expect_error(api.call("POST", "/applications/%s/answer" % n, {"sealed": sealed}, token=other.token), 404)
    expect_error(api.call("POST", "/applications/%s/answer" % n, {"sealed": b64(b"short")}, token=u.token), 422)
    # Files with the answer: only the applicant's own complete uploads, each bound once.
    mine, half, theirs = upload(api, u, os.urandom(3000)), upload(api, u, os.urandom(3000), complete=False), upload(api, other, os.urandom(3000))
    for ids in ([theirs], [half], [mine, mine], ["no-such-file"]):
        expect_error(api.call("POST", "/applications/%s/answer" % n, {"sealed": sealed, "attachments": ids}, token=u.token), 422)
    st, b, _ = api.call("POST", "/applications/%s/answer" % n, {"sealed": sealed, "attachments": [mine]}, token=u.token)
    expect(st == 200 and b["status"] == "in_progress" and b["history"][-1]["actor"] == "user", "answered: %d %s" % (st, b))
    expect("Справка приложена" not in json.dumps(b), "the server cannot read the answer")
    expect_error(api.call("DELETE", "/attachments/" + mine, token=u.token), 409, "attached")
    expect_error(api.call("POST", "/applications/%s/answer" % n, {"sealed": sealed}, token=u.token), 409, "invalid_transition")
    # A question whose deadline has already passed: the answer is refused and the status is expired.
    m = submit_empty(api, u)
    for step in ("accepted", "in_progress"):
        agency_move(api, m, step)
    st, b, _ = api.call("POST", "/dev/agency/applications/%s/status" % m, {"status": "needs_info", "question": "Уточните адрес", "answer_days": 0})
    expect(st == 200, "asked: %d %s" % (st, b))
    expect_error(api.call("POST", "/applications/%s/answer" % m, {"sealed": sealed}, token=u.token), 409, "deadline_passed")
    st, b, _ = api.call("GET", "/applications/" + m, token=u.token)
    expect(b["status"] == "expired" and b["history"][-1]["actor"] == "system", "expired by the backend: %s" % b["history"][-1])


AGENCIES = {a["code"]: a for a in json.load(open(os.path.join(ROOT, "docs", "agencies.json"), encoding="utf-8"))["agencies"]}


def simulate(api, u, number, outcome, until):
    """Lets the development interface's agency simulator work an application to `until`: each round
    makes its next step due now and runs the simulator once."""
    for _ in range(8):
        st, b, _ = api.call("GET", "/applications/" + number, token=u.token)
        if b["status"] == until:
            return b
        st, p, _ = api.call("POST", "/dev/agency/applications/%s/plan" % number, {"outcome": outcome, "next_in": 0})
        expect(st == 200, "plan: %d %s" % (st, p))
        st, t, _ = api.call("POST", "/dev/agency/tick", {})
        expect(st == 200, "tick: %d %s" % (st, t))
    raise AssertionError("the simulator did not bring %s to %s: %s" % (number, until, b["status"]))


def verify_signed(item, key="statement"):
    """The statement (or revocation) of a document, checked against the agency key pinned in the
    contract (docs/agencies.json); returns it parsed."""
    part = item if key == "statement" else item["revocation"]
    statement = json.loads(part["statement"])
    pk = base64.b64decode(AGENCIES[statement.get("issuer") or item["issuer_code"]]["sign_pk"])
    na.crypto_sign_open(base64.b64decode(part["signature"]) + part["statement"].encode("utf-8"), pk)  # raises if forged
    return statement


@check("agency simulator: registers, works and decides on its own; «Готово» issues a document signed with the pinned agency key and sealed to the applicant")
def _(api, ctx):
    u = Citizen(api.at("127.0.0.35")).register()
    u.login()
    other = Citizen(api.at("127.0.0.36")).register()
    other.login()
    n = submit_empty(api, u)
    if api.call("POST", "/dev/agency/applications/%s/plan" % n, {"outcome": "done", "next_in": 3600})[0] == 404:
        return  # no development interface
    expect_error(api.call("POST", "/dev/agency/applications/%s/plan" % n, {"outcome": "lost"}), 422)
    b = simulate(api, u, n, "done", "done")
    expect([h["status"] for h in b["history"]] == ["submitted", "accepted", "in_progress", "done"], "timeline: %s" % b["history"])
    expect(all(h["actor"] == "agency" for h in b["history"][1:]), "the agency made every move")
    code = b["info"].get("document")
    expect(code, "the application names its result document: %s" % b["info"])
    st, docs, _ = api.call("GET", "/documents", token=u.token)
    item = next((d for d in docs["items"] if d["code"] == code), None)
    expect(st == 200 and item and item["application"] == n and item["kind"] == "result", "in the wallet: %s" % docs)
    statement = verify_signed(item)
    expect(statement["code"] == code and statement["application"] == n and statement["issuer"] in AGENCIES, "statement: %s" % statement)
    expect(api.call("GET", "/documents", token=other.token)[1]["items"] == [], "nobody else's wallet has it")
    expect_error(api.call("GET", "/documents/" + code, token=other.token), 404)
    st, full, _ = api.call("GET", "/documents/" + code, token=u.token)
    content = na.crypto_box_seal_open(base64.b64decode(full["sealed"]), u.box_pk, u.box_sk)
    expect(hashlib.sha256(content).hexdigest() == statement["content_sha256"], "the content is the signed one")
    expect(json.loads(content)["application"] == n, "the content: %s" % content[:200])
    # Anyone may verify by code, without signing in; it is recorded for the holder.
    st, pub, _ = api.call("GET", "/documents/verify/" + code.lower())
    expect(st == 200 and pub["statement"] == item["statement"] and pub["revocation"] is None and "sealed" not in pub, "verify: %s" % pub)
    expect_error(api.call("GET", "/documents/verify/AAAA-BBBB-CCCC-DDDD"), 404)
    expect_error(api.call("GET", "/documents/verify/not-a-code"), 404)
    st, seen, _ = api.call("GET", "/data-access", token=u.token)
    whys = [e["why"] for e in seen["items"]]
    expect(st == 200 and "Регистрация заявления" in whys and any("проверили" in w for w in whys), "who read my data: %s" % whys)
    expect(seen["organisations"] and all(e["who"] for e in seen["items"]), "organisations listed")
    org = seen["items"][-1]["who"]
    expect(all(e["who"] == org for e in api.call("GET", "/data-access?who=" + urllib.parse.quote(org), token=u.token)[1]["items"]), "filter by organisation")
    expect(api.call("GET", "/data-access?from=%d" % (time.time() + 60), token=u.token)[1]["items"] == [], "filter by period")
    expect(api.call("GET", "/data-access", token=other.token)[1]["items"] == [], "nobody else sees it")
    expect_error(api.call("GET", "/data-access?from=yesterday", token=u.token), 400)
    # A revocation is signed by the agency too.
    st, r, _ = api.call("POST", "/dev/agency/documents/%s/revoke" % code, {"reason": "Выдан по ошибке"})
    expect(st == 200, "revoke: %d %s" % (st, r))
    st, pub, _ = api.call("GET", "/documents/verify/" + code)
    pub["issuer_code"] = statement["issuer"]
    rev = verify_signed(pub, "revocation")
    expect(rev["code"] == code and rev["reason"] == "Выдан по ошибке", "revocation: %s" % rev)


@check("agency simulator: a question answered resumes the work to «Готово»; a refusal carries its reason; a cancel stops the simulator")
def _(api, ctx):
    u = Citizen(api.at("127.0.0.37")).register()
    u.login()
    n = submit_empty(api, u)
    if api.call("POST", "/dev/agency/applications/%s/plan" % n, {"outcome": "needs_info", "next_in": 3600})[0] == 404:
        return
    b = simulate(api, u, n, "needs_info", "needs_info")
    expect(b["info"]["question"] and b["info"]["answer_due"] > time.time(), "asked: %s" % b["info"])
    st, form, _ = api.call("GET", "/forms/P-01")
    text = json.dumps({"answer": "Скан приложен", "number": n}, sort_keys=True, separators=(",", ":"))
    envelope = json.dumps({"application": text, "signature": b64(na.crypto_sign(text.encode(), u.sign_sk)[:64]), "signer": b64(u.sign_pk), "v": 1})
    sealed = b64(na.crypto_box_seal(envelope.encode(), base64.b64decode(form["agency_key"])))
    st, b, _ = api.call("POST", "/applications/%s/answer" % n, {"sealed": sealed}, token=u.token)
    expect(st == 200 and b["status"] == "in_progress", "answered: %d %s" % (st, b))
    # The agency does not ask twice: the next decision is the result.
    st, t, _ = api.call("POST", "/dev/agency/tick", {})
    b = simulate(api, u, n, "needs_info", "done")
    expect(b["info"].get("document"), "a result document: %s" % b["info"])
    m = submit_empty(api, u)
    b = simulate(api, u, m, "rejected", "rejected")
    expect(b["info"]["reason"] and b["info"]["what_to_do"] and b["history"][-1]["actor"] == "agency", "refused: %s" % b["info"])
    k = submit_empty(api, u)
    simulate(api, u, k, "done", "accepted")
    st, b, _ = api.call("POST", "/applications/%s/cancel" % k, {}, token=u.token)
    expect(st == 200 and b["status"] == "cancelled", "cancelled: %d" % st)
    api.call("POST", "/dev/agency/tick", {})
    expect(api.call("GET", "/applications/" + k, token=u.token)[1]["status"] == "cancelled", "the simulator leaves a cancelled one alone")
    expect_error(api.call("POST", "/dev/agency/applications/%s/plan" % k, {"outcome": "done"}), 409, "invalid_transition")


def msk_clock(offset_seconds):
    """HH:MM in Moscow time (UTC+3), `offset_seconds` from now: quiet hours are set in it."""
    t = time.gmtime(time.time() + 3 * 3600 + offset_seconds)
    return "%02d:%02d" % (t.tm_hour, t.tm_min)


@check("notifications: a feed per user (status moves, documents, security), search, date and type filters, paging, read / all read, bulk delete; nobody touches another's")
def _(api, ctx):
    u = Citizen(api.at("127.0.0.38")).register()
    u.login()
    other = Citizen(api.at("127.0.0.39")).register()
    other.login()
    st, feed, _ = api.call("GET", "/notifications", token=u.token)
    expect(st == 200 and isinstance(feed["items"], list) and feed["unread"] >= 1, "feed: %d %s" % (st, feed))
    login = [i for i in feed["items"] if i["type"] == "security" and i["params"].get("event") == "login"]
    expect(login and login[0]["object"] == {"type": "security", "id": "login"} and not login[0]["read"] and login[0]["text"],
           "a sign-in is a security notification: %s" % feed["items"])
    n = submit_empty(api, u)
    if api.call("POST", "/dev/agency/applications/%s/plan" % n, {"outcome": "done", "next_in": 3600})[0] == 404:
        return
    b = simulate(api, u, n, "done", "done")
    code = b["info"]["document"]
    st, feed, _ = api.call("GET", "/notifications?q=" + urllib.parse.quote(n), token=u.token)
    kinds = [(i["kind"], i["params"].get("status")) for i in feed["items"]]
    expect(("application_status", "done") in kinds and ("application_status", "accepted") in kinds and ("document_issued", None) in kinds,
           "status moves and the document, found by the number: %s" % kinds)
    expect(all(n in json.dumps(i["params"], ensure_ascii=False) for i in feed["items"]), "the search finds only this application's")
    doc = next(i for i in feed["items"] if i["kind"] == "document_issued")
    expect(doc["object"] == {"type": "document", "id": code}, "it opens the document: %s" % doc)
    done = next(i for i in feed["items"] if i["params"].get("status") == "done")
    expect(done["object"] == {"type": "application", "id": n} and done["type"] == "status", "it opens the application: %s" % done)
    expect(api.call("GET", "/notifications?q=" + urllib.parse.quote("нет такого слова"), token=u.token)[1]["items"] == [], "search: no match")
    expect(api.call("GET", "/notifications?q=" + urllib.parse.quote("ГОТОВ"), token=u.token)[1]["items"], "search ignores case (Cyrillic too)")
    expect(all(i["type"] == "security" for i in api.call("GET", "/notifications?type=security", token=u.token)[1]["items"]), "type filter")
    expect(api.call("GET", "/notifications?from=%d" % (time.time() + 60), token=u.token)[1]["items"] == [], "date filter: from")
    expect(api.call("GET", "/notifications?to=%d" % (time.time() - 3600), token=u.token)[1]["items"] == [], "date filter: to")
    expect_error(api.call("GET", "/notifications?type=spam", token=u.token), 422)
    expect_error(api.call("GET", "/notifications?limit=100000", token=u.token), 422)
    expect_error(api.call("GET", "/notifications?q=" + urllib.parse.quote("я" * 201), token=u.token), 422)
    # Paging: newest first, `next` continues without overlap.
    st, all_, _ = api.call("GET", "/notifications?limit=500", token=u.token)
    ids = [i["id"] for i in all_["items"]]
    expect(ids == sorted(ids, reverse=True) and all_["next"] is None, "newest first, one page: %s" % ids)
    st, p1, _ = api.call("GET", "/notifications?limit=2", token=u.token)
    st, p2, _ = api.call("GET", "/notifications?limit=2&before=%d" % p1["next"], token=u.token)
    expect([i["id"] for i in p1["items"] + p2["items"]] == ids[:4], "pages: %s %s" % (p1, p2))
    # Another user can neither see, read nor delete them.
    expect(not set(ids) & {i["id"] for i in api.call("GET", "/notifications?limit=500", token=other.token)[1]["items"]}, "not in another's feed")
    st, r, _ = api.call("POST", "/notifications/read", {"ids": ids}, token=other.token)
    expect(st == 200 and r["marked"] == 0, "another's read marks nothing: %s" % r)
    st, r, _ = api.call("POST", "/notifications/delete", {"ids": ids}, token=other.token)
    expect(st == 200 and r["deleted"] == 0, "another's delete deletes nothing: %s" % r)
    unread = api.call("GET", "/notifications", token=u.token)[1]["unread"]
    expect(unread == len(ids), "all still unread: %d of %d" % (unread, len(ids)))
    st, r, _ = api.call("POST", "/notifications/read", {"ids": [ids[0]]}, token=u.token)
    expect(st == 200 and r == {"marked": 1, "unread": unread - 1}, "read one: %s" % r)
    expect(api.call("POST", "/notifications/read", {"ids": [ids[0]]}, token=u.token)[1]["marked"] == 0, "reading twice is harmless")
    expect(api.call("GET", "/notifications?unread=1&limit=500", token=u.token)[1]["items"][0]["id"] == ids[1], "unread filter")
    for bad in ({}, {"ids": []}, {"ids": ["1"]}, {"ids": [True]}, {"ids": list(range(1, 502))}, {"all": "yes"}):
        expect_error(api.call("POST", "/notifications/read", bad, token=u.token), 422)
        if "all" not in bad:
            expect_error(api.call("POST", "/notifications/delete", bad, token=u.token), 422)
    st, r, _ = api.call("POST", "/notifications/read", {"all": True}, token=u.token)
    expect(st == 200 and r["unread"] == 0, "all read: %s" % r)
    st, r, _ = api.call("POST", "/notifications/delete", {"ids": ids[:3]}, token=u.token)
    expect(st == 200 and r["deleted"] == 3, "bulk delete: %s" % r)
    left = [i["id"] for i in api.call("GET", "/notifications?limit=500", token=u.token)[1]["items"]]
    expect(left == ids[3:], "deleted are gone, the rest stay: %s" % left)
    expect_error(api.call("GET", "/notifications"), 401)


@check("notification settings: per type and channel, quiet hours (Moscow time) hold back e-mail/SMS/push, in-app off means no feed item; each change logged")
def _(api, ctx):
    u = Citizen(api.at("127.0.0.40")).register()
    u.login()
    st, s, _ = api.call("GET", "/notifications/settings", token=u.token)
    expect(st == 200 and set(s["types"]) == {"status", "payment", "security", "room", "appointment"} and s["quiet_hours"] is None, "defaults: %s" % s)
    expect(all(set(c) == {"inapp", "email", "sms", "push"} and all(isinstance(v, bool) for v in c.values()) for c in s["types"].values()), "channels")
    bad_bodies = [{}, {"types": "all"}, dict(s, quiet_hours={"from": "25:00", "to": "07:00"}), dict(s, quiet_hours={"from": "22:00", "to": "22:00"}),
                  {"types": dict(s["types"], spam={"inapp": True, "email": True, "sms": True, "push": True})},
                  {"types": dict(s["types"], status={"inapp": "yes", "email": True, "sms": True, "push": True})},
                  {"types": dict(s["types"], security={"inapp": False, "email": True, "sms": True, "push": True})}]
    for bad in bad_bodies:
        expect_error(api.call("PUT", "/notifications/settings", bad, token=u.token), 422)
    new = json.loads(json.dumps(s))
    new["types"]["status"] = {"inapp": False, "email": False, "sms": True, "push": False}
    st, r, _ = api.call("PUT", "/notifications/settings", new, token=u.token)
    expect(st == 200 and r["types"]["status"]["sms"] and not r["types"]["status"]["inapp"], "saved: %d %s" % (st, r))
    expect(api.call("GET", "/notifications/settings", token=u.token)[1] == r, "read back")
    log = api.call("GET", "/security-log", token=u.token)[1]["items"]
    expect(any(e["event"] == "notification_settings_changed" and "СМС" in e["details"] for e in log), "the change is logged: %s" % log[:3])
    n = submit_empty(api, u)
    if api.call("POST", "/dev/agency/applications/%s/plan" % n, {"outcome": "done", "next_in": 3600})[0] == 404:
        return
    before = len([m for m in api.codes(u.phone) if m.get("purpose") == "notification:sms"])
    simulate(api, u, n, "done", "accepted")
    sms = [m for m in api.codes(u.phone) if m.get("purpose") == "notification:sms"]
    expect(len(sms) == before + 1 and n in sms[-1]["text"], "an SMS for the move: %s" % sms[-1:])
    expect(not [i for i in api.call("GET", "/notifications?q=" + n, token=u.token)[1]["items"] if i["kind"] == "application_status"],
           "in-app off: no feed item")
    # Quiet hours around now: the SMS waits for their end.
    new["quiet_hours"] = {"from": msk_clock(-3600), "to": msk_clock(3600)}
    expect(api.call("PUT", "/notifications/settings", new, token=u.token)[0] == 200, "quiet hours set")
    simulate(api, u, n, "done", "in_progress")
    sms2 = [m for m in api.codes(u.phone) if m.get("purpose") == "notification:sms"]
    expect(len(sms2) == len(sms), "nothing sent in quiet hours: %s" % sms2[-1:])
    held = [d for d in api.call("GET", "/dev/deliveries")[1]["items"] if d["phone"] == u.phone]
    expect(held and held[0]["channel"] == "sms" and 0 < held[0]["send_after"] - time.time() <= 3660, "held until they end: %s" % held)
    expect_error(api.call("PUT", "/notifications/settings", new), 401)


def uin_ok(uin):
    """УИН control digit by the ГИС ГМП rule (SPEC §6), written here from the SPEC."""
    if not (isinstance(uin, str) and len(uin) in (20, 25) and uin.isdigit()):
        return False
    body = uin[:-1]
    for start in (1, 3):
        r = sum(int(c) * ((start - 1 + i) % 10 + 1) for i, c in enumerate(body)) % 11
        if r < 10:
            return int(uin[-1]) == r
    return uin[-1] == "0"


@check("charges: each with a valid УИН, amount, recipient, due date; a fine is half price for 20 days after the decision; per user; filters; a new one is announced")
def _(api, ctx):
    u = Citizen(api.at("127.0.0.41")).register()
    u.login()
    other = Citizen(api.at("127.0.0.42")).register()
    other.login()
    stream = EventReader(api, ticket(api, u.token))
    st, fresh, _ = api.call("POST", "/dev/charges", {"phone": u.phone, "kind": "fine", "amount": 150000, "decided_days_ago": 5})
    if st == 404:
        stream.close()
        return  # no development interface
    expect(st == 201, "create: %d %s" % (st, fresh))
    ev = stream.next()
    while ev.get("event") != "payment_changed":
        ev = stream.next()
    stream.close()
    expect(json.loads(ev["data"])["data"] == {"payment": None, "charge": fresh["id"]}, "a new charge is announced: %s" % ev)
    st, old, _ = api.call("POST", "/dev/charges", {"phone": u.phone, "kind": "fine", "amount": 50001, "decided_days_ago": 25})
    st, tax, _ = api.call("POST", "/dev/charges", {"phone": u.phone, "kind": "tax", "amount": 348700})
    expect_error(api.call("POST", "/dev/charges", {"phone": u.phone, "kind": "bribe", "amount": 1}), 422)
    expect_error(api.call("POST", "/dev/charges", {"phone": u.phone, "kind": "fee", "amount": 0}), 422)
    st, lst, _ = api.call("GET", "/charges", token=u.token)
    expect(st == 200 and len(lst["items"]) == 3, "the user's charges: %s" % lst)
    for c in lst["items"]:
        expect(uin_ok(c["uin"]), "УИН with its control digit: %s" % c["uin"])
        expect(c["recipient"]["inn"] and c["recipient"]["account"] and c["due_at"] > 0 and c["status"] == "unpaid", "charge: %s" % c)
    by_id = {c["id"]: c for c in lst["items"]}
    f = by_id[fresh["id"]]
    expect(f["amount_due"] == 75000 and abs(f["discount_until"] - (f["decided_at"] + 20 * 86400)) <= 1, "half price until day 20: %s" % f)
    o = by_id[old["id"]]
    expect(o["amount_due"] == 50001 and o["discount_until"] is None, "after 20 days the full amount: %s" % o)
    t = by_id[tax["id"]]
    expect(len(t["uin"]) in (20, 25) and t["amount_due"] == 348700 and t["discount_until"] is None, "a tax has no discount: %s" % t)
    expect([c["kind"] for c in api.call("GET", "/charges?kind=tax", token=u.token)[1]["items"]] == ["tax"], "filter by kind")
    expect(api.call("GET", "/charges?status=paid", token=u.token)[1]["items"] == [], "none paid yet")
    expect_error(api.call("GET", "/charges?kind=bribe", token=u.token), 422)
    expect(api.call("GET", "/charges", token=other.token)[1]["items"] == [], "nobody else's")
    expect_error(api.call("GET", "/charges/" + fresh["id"], token=other.token), 404)
    expect(api.call("GET", "/charges/" + fresh["id"], token=u.token)[1]["uin"] == f["uin"], "one charge")
    expect_error(api.call("GET", "/charges"), 401)


@check("payments through the test gateway: the discounted amount, one success per charge whatever the retries, double answers and timeouts; a declined one says why and can be retried; the receipt is signed and sealed")
def _(api, ctx):
    u = Citizen(api.at("127.0.0.43")).register()
    u.login()
    other = Citizen(api.at("127.0.0.44")).register()
    other.login()
    st, fine, _ = api.call("POST", "/dev/charges", {"phone": u.phone, "kind": "fine", "amount": 150000, "decided_days_ago": 3})
    if st == 404:
        return
    expect_error(api.call("POST", "/charges/%s/pay" % fine["id"], {}, token=other.token), 404)
    # Declined first, with the reason; then paid on a retry.
    expect(api.call("POST", "/dev/gateway", {"mode": "decline"})[0] == 200, "gateway: decline")
    st, p1, _ = api.call("POST", "/charges/%s/pay" % fine["id"], {}, token=u.token, headers={"Idempotency-Key": "pay-1"})
    expect(st == 201 and p1["status"] == "declined" and p1["reason"] and p1["test"] is True, "declined: %d %s" % (st, p1))
    c = api.call("GET", "/charges/" + fine["id"], token=u.token)[1]
    expect(c["status"] == "unpaid" and c["last_payment"]["id"] == p1["id"] and c["last_payment"]["reason"] == p1["reason"],
           "still unpaid, the declined payment beside it: %s" % c)
    # The gateway answers twice: paid once.
    expect(api.call("POST", "/dev/gateway", {"mode": "double"})[0] == 200, "gateway: double")
    st, p2, _ = api.call("POST", "/charges/%s/pay" % fine["id"], {}, token=u.token, headers={"Idempotency-Key": "pay-2"})
    expect(st == 201 and p2["status"] == "succeeded" and p2["amount"] == 75000, "paid half: %d %s" % (st, p2))
    st, again, h = api.call("POST", "/charges/%s/pay" % fine["id"], {}, token=u.token, headers={"Idempotency-Key": "pay-2"})
    expect(st == 201 and again["id"] == p2["id"], "a retry with the same key replays the payment: %d %s" % (st, again))
    expect_error(api.call("POST", "/charges/%s/pay" % fine["id"], {}, token=u.token, headers={"Idempotency-Key": "pay-3"}), 409, "already_paid")
    hist = api.call("GET", "/payments", token=u.token)[1]["items"]
    expect([x["status"] for x in hist if x["charge_id"] == fine["id"]] == ["succeeded", "declined"], "one success, one decline: %s" % hist)
    c = api.call("GET", "/charges/" + fine["id"], token=u.token)[1]
    expect(c["status"] == "paid" and c["paid_at"], "paid: %s" % c)
    # The receipt: in the wallet, signed by the gateway's pinned key, its content sealed to the payer.
    st, doc, _ = api.call("GET", "/documents/" + p2["receipt"], token=u.token)
    expect(st == 200 and doc["kind"] == "receipt", "receipt: %d %s" % (st, doc))
    statement = verify_signed(doc)
    expect(statement["issuer"] == "gateway" and statement["uin"] == fine["uin"] and statement["amount"] == 75000, "statement: %s" % statement)
    content = na.crypto_box_seal_open(base64.b64decode(doc["sealed"]), u.box_pk, u.box_sk)
    expect(hashlib.sha256(content).hexdigest() == statement["content_sha256"], "the content is the signed one")
    # A timeout: pending until the gateway answers; «Оплатить» again meanwhile returns the same payment.
    st, tax, _ = api.call("POST", "/dev/charges", {"phone": u.phone, "kind": "tax", "amount": 1000})
    expect(api.call("POST", "/dev/gateway", {"mode": "timeout"})[0] == 200, "gateway: timeout")
    st, p3, _ = api.call("POST", "/charges/%s/pay" % tax["id"], {}, token=u.token, headers={"Idempotency-Key": "pay-4"})
    expect(st == 201 and p3["status"] == "pending", "pending: %s" % p3)
    st, p4, _ = api.call("POST", "/charges/%s/pay" % tax["id"], {}, token=u.token, headers={"Idempotency-Key": "pay-5"})
    expect(p4["id"] == p3["id"] and p4["status"] == "pending", "no second payment while one is pending: %s" % p4)
    st, a1, _ = api.call("POST", "/dev/gateway/payments/%s/answer" % p3["id"], {"ok": True})
    st, a2, _ = api.call("POST", "/dev/gateway/payments/%s/answer" % p3["id"], {"ok": False})
    expect(a1["changed"] and a1["status"] == "succeeded" and not a2["changed"] and a2["status"] == "succeeded", "first answer counts: %s %s" % (a1, a2))
    expect(api.call("GET", "/payments/" + p3["id"], token=u.token)[1]["status"] == "succeeded", "read back")
    expect_error(api.call("GET", "/payments/" + p3["id"], token=other.token), 404)
    expect(api.call("GET", "/payments", token=other.token)[1]["items"] == [], "nobody else's history")
    expect([x["kind"] for x in api.call("GET", "/payments?kind=tax", token=u.token)[1]["items"]] == ["tax"], "filter by kind")
    expect(api.call("GET", "/payments?from=%d" % (time.time() + 60), token=u.token)[1]["items"] == [], "filter by date")
    api.call("POST", "/dev/gateway", {"mode": "succeed"})
    # A paid service's state fee is billed at submission and listed with its application.
    fee_rub = next(s["fee"] for s in api.call("GET", "/catalog")[1]["services"] if s.get("form_code") == "P-01")
    number = submit_empty(api, u, "P-01")
    detail = api.call("GET", "/applications/" + number, token=u.token)[1]
    fees = [c for c in detail["charges"] if c["kind"] == "fee"]
    expect(fee_rub == 0 or (len(fees) == 1 and fees[0]["amount"] == fee_rub * 100 and fees[0]["application"] == number
                            and fees[0]["status"] == "unpaid"), "the fee in the detail: %s" % detail["charges"])
    if fees:
        listed = api.call("GET", "/charges?kind=fee", token=u.token)[1]["items"]
        expect([c["id"] for c in listed] == [fees[0]["id"]], "and in the charges: %s" % listed)


def signed_in_citizens(api, *last_octets):
    """New citizens, registered and signed in, each from its own client address (127.0.0.N)."""
    users = [Citizen(api.at("127.0.0.%d" % n)).register() for n in last_octets]
    for u in users:
        u.login()
    return users


def room_entry(user, room, seq, prev, kind, body, at=None):
    """A journal entry signed as the client signs one (docs/rooms.md), and its chain hash."""
    e = {"seq": seq, "room": room, "prev": prev, "author": b64(user.sign_pk), "kind": kind, "body": body, "at": at or int(time.time())}
    text = json.dumps({k: e[k] for k in ("at", "author", "body", "kind", "prev", "room", "seq")},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    e["signature"] = b64(na.crypto_sign(text, user.sign_sk)[:64])
    h = hashlib.blake2b(digest_size=32)
    h.update(base64.b64decode(prev) if prev else bytes(32))
    h.update(text)
    h.update(base64.b64decode(e["signature"]))
    return e, base64.b64encode(h.digest()).decode()


@check("rooms: the creator's signed entry opens a room; members append signed, chained entries within their role; "
       "forged, out-of-turn and beyond-role entries are refused; non-members and removed members see nothing")
def _(api, ctx):
    a, b, c, x = signed_in_citizens(api, 51, 52, 53, 54)
    room = os.urandom(16).hex()
    e0, h0 = room_entry(a, room, 0, "", "created", {"title": "Семейное заявление", "box": b64(a.box_pk)})
    st, r, _ = api.call("POST", "/rooms", {"kind": "family", "entry": e0}, token=a.token)
    if st == 404:
        return  # a backend without rooms yet
    expect(st == 201 and r["head"] == h0 and r["head_seq"] == 0 and r["role"] == "initiator", "created: %d %s (hash %s)" % (st, r, h0))
    expect_error(api.call("POST", "/rooms", {"kind": "family", "entry": e0}, token=a.token), 409, "room_exists")
    other, _ = room_entry(a, os.urandom(16).hex(), 0, "", "created", {"box": b64(a.box_pk)})
    expect_error(api.call("POST", "/rooms", {"kind": "family", "entry": other}, token=b.token), 422)  # A's key, B's request
    expect_error(api.call("GET", "/rooms/%s/journal" % room, token=b.token), 404)

    e1, h1 = room_entry(a, room, 1, h0, "added", {"member": b64(b.sign_pk), "box": b64(b.box_pk), "role": "participant"})
    st, r, _ = api.call("POST", "/rooms/%s/journal" % room, {"entry": e1}, token=a.token)
    expect(st == 201 and r["hash"] == h1, "B added: %d %s" % (st, r))
    e2, h2 = room_entry(a, room, 2, h1, "added", {"member": b64(c.sign_pk), "box": b64(c.box_pk), "role": "observer"})
    expect(api.call("POST", "/rooms/%s/journal" % room, {"entry": e2}, token=a.token)[0] == 201, "C added as an observer")
    st, j, _ = api.call("GET", "/rooms/%s/journal" % room, token=b.token)
    expect(st == 200 and [e["signature"] for e in j["items"]] == [e0["signature"], e1["signature"], e2["signature"]] and j["items"][1] == e1,
           "B reads the journal exactly as signed: %d %s" % (st, j))
    st, j, _ = api.call("GET", "/rooms/%s/journal?after=1" % room, token=c.token)
    expect(st == 200 and [e["seq"] for e in j["items"]] == [2], "after=1: %s" % j)
    st, mine, _ = api.call("GET", "/rooms", token=b.token)
    expect(st == 200 and [r["id"] for r in mine["items"]] == [room] and mine["items"][0]["role"] == "participant", "B's rooms: %s" % mine)

    stale, _ = room_entry(b, room, 1, h0, "voted", {"proposal": "p1", "choice": "for"})
    expect_error(api.call("POST", "/rooms/%s/journal" % room, {"entry": stale}, token=b.token), 409, "journal_moved")
    forged, _ = room_entry(b, room, 3, h2, "message", {"text": "x"})
    forged["body"] = {"text": "y"}
    expect_error(api.call("POST", "/rooms/%s/journal" % room, {"entry": forged}, token=b.token), 422)
    as_a, _ = room_entry(a, room, 3, h2, "message", {"text": "от имени A"})
    expect_error(api.call("POST", "/rooms/%s/journal" % room, {"entry": as_a}, token=b.token), 422)
    add_x, _ = room_entry(b, room, 3, h2, "added", {"member": b64(x.sign_pk), "box": b64(x.box_pk), "role": "participant"})
    expect_error(api.call("POST", "/rooms/%s/journal" % room, {"entry": add_x}, token=b.token), 403, "room_forbidden")
    vote_c, _ = room_entry(c, room, 3, h2, "voted", {"proposal": "p1", "choice": "for"})
    expect_error(api.call("POST", "/rooms/%s/journal" % room, {"entry": vote_c}, token=c.token), 403, "room_forbidden")
    outsider, _ = room_entry(x, room, 3, h2, "message", {"text": "я тоже"})
    expect_error(api.call("POST", "/rooms/%s/journal" % room, {"entry": outsider}, token=x.token), 404)

    e3, h3 = room_entry(b, room, 3, h2, "message", {"text": "B пишет"})
    expect(api.call("POST", "/rooms/%s/journal" % room, {"entry": e3}, token=b.token)[0] == 201, "B writes")
    e4, h4 = room_entry(a, room, 4, h3, "removed", {"member": b64(b.sign_pk)})
    expect(api.call("POST", "/rooms/%s/journal" % room, {"entry": e4}, token=a.token)[0] == 201, "A removes B")
    expect_error(api.call("GET", "/rooms/%s/journal" % room, token=b.token), 404)
    late, _ = room_entry(b, room, 5, h4, "voted", {"proposal": "p1", "choice": "against"})
    expect_error(api.call("POST", "/rooms/%s/journal" % room, {"entry": late}, token=b.token), 404)
    # The epoch after a removal: the next one only, by a key holder (C, an observer, holds the key).
    skip, _ = room_entry(c, room, 5, h4, "rekeyed", {"epoch": 2})
    expect_error(api.call("POST", "/rooms/%s/journal" % room, {"entry": skip}, token=c.token), 403, "room_forbidden")
    e5, _ = room_entry(c, room, 5, h4, "rekeyed", {"epoch": 1})
    st, r, _ = api.call("POST", "/rooms/%s/journal" % room, {"entry": e5}, token=c.token)
    expect(st == 201, "C starts epoch 1: %d %s" % (st, r))


@check("room invitations: by phone or e-mail, also to someone who registers later; accepted or declined once, by the invitee, "
       "within 7 days; the accepted one carries the invitee's keys for the manager's signed «added» entry")
def _(api, ctx):
    a, b, c = signed_in_citizens(api, 55, 56, 57)
    room = os.urandom(16).hex()
    e0, h0 = room_entry(a, room, 0, "", "created", {"box": b64(a.box_pk)})
    st, _, _ = api.call("POST", "/rooms", {"kind": "joint", "entry": e0}, token=a.token)
    if st == 404:
        return  # a backend without rooms yet
    expect_error(api.call("POST", "/rooms/%s/invitations" % room, {"phone": "12345", "role": "participant"}, token=a.token), 422)
    expect_error(api.call("POST", "/rooms/%s/invitations" % room, {"phone": b.phone, "role": "initiator"}, token=a.token), 422)
    expect_error(api.call("POST", "/rooms/%s/invitations" % room, {"phone": b.phone, "role": "participant"}, token=c.token), 404)
    st, inv, _ = api.call("POST", "/rooms/%s/invitations" % room, {"phone": b.phone, "role": "participant"}, token=a.token)
    expect(st == 201 and inv["state"] == "sent" and inv["expires_at"] - inv["created_at"] == 7 * 86400 and b.phone not in json.dumps(inv),
           "invited, masked: %d %s" % (st, inv))
    st, mine, _ = api.call("GET", "/invitations", token=b.token)
    expect(st == 200 and [i["id"] for i in mine["items"]] == [inv["id"]] and mine["items"][0]["kind"] == "joint", "B sees it: %s" % mine)
    expect_error(api.call("POST", "/invitations/%s/accept" % inv["id"], token=c.token), 404)
    st, acc, _ = api.call("POST", "/invitations/%s/accept" % inv["id"], token=b.token)
    expect(st == 200 and acc["state"] == "accepted" and acc["invitee"] == {"ed25519": b64(b.sign_pk), "x25519": b64(b.box_pk)}, "accepted: %s" % acc)
    expect_error(api.call("POST", "/invitations/%s/accept" % inv["id"], token=b.token), 409, "invitation_closed")
    expect_error(api.call("POST", "/invitations/%s/decline" % inv["id"], token=b.token), 409, "invitation_closed")
    expect_error(api.call("GET", "/rooms/%s/journal" % room, token=b.token), 404)  # accepted is not a member yet
    st, listed, _ = api.call("GET", "/rooms/%s/invitations" % room, token=a.token)
    keys = listed["items"][0]["invitee"]
    e1, h1 = room_entry(a, room, 1, h0, "added", {"member": keys["ed25519"], "box": keys["x25519"], "role": "participant"})
    expect(api.call("POST", "/rooms/%s/journal" % room, {"entry": e1}, token=a.token)[0] == 201, "A adds B with the keys B accepted with")
    expect(api.call("GET", "/rooms/%s/journal" % room, token=b.token)[0] == 200, "B is a member now")
    # The names behind the keys, for display (who is a member the journal says): members only.
    st, people, _ = api.call("GET", "/rooms/%s/members" % room, token=b.token)
    expect(st == 200 and sorted(p["member"] for p in people["items"]) == sorted([b64(a.sign_pk), b64(b.sign_pk)])
           and all(isinstance(p["name"], str) and p["removed"] is False for p in people["items"]), "members' names: %s" % people)
    expect_error(api.call("GET", "/rooms/%s/members" % room, token=c.token), 404)
    st, listed_rooms, _ = api.call("GET", "/rooms", token=b.token)
    expect(st == 200 and [x["id"] for x in listed_rooms["items"]] == [room] and isinstance(listed_rooms["items"][0].get("title", ""), str),
           "B's rooms: %s" % listed_rooms)
    expect_error(api.call("POST", "/rooms/%s/invitations" % room, {"phone": c.phone, "role": "observer"}, token=b.token), 403, "room_forbidden")

    # Someone without an account yet: found once they register with that phone.
    newcomer = Citizen(api.at("127.0.0.58"))
    st, later, _ = api.call("POST", "/rooms/%s/invitations" % room, {"phone": newcomer.phone, "role": "observer"}, token=a.token)
    expect(st == 201, "invited before registering: %d %s" % (st, later))
    newcomer.register()
    newcomer.login()
    st, mine, _ = api.call("GET", "/invitations", token=newcomer.token)
    expect(st == 200 and [i["id"] for i in mine["items"]] == [later["id"]], "the newcomer finds it: %s" % mine)
    st, dec, _ = api.call("POST", "/invitations/%s/decline" % later["id"], token=newcomer.token)
    expect(st == 200 and dec["state"] == "declined" and "invitee" not in dec, "declined: %s" % dec)

    # By e-mail: found once the address is confirmed (an unconfirmed one could be anybody's).
    st, old, _ = api.call("POST", "/rooms/%s/invitations" % room, {"email": c.email.upper(), "role": "observer"}, token=a.token)
    expect(st == 201, "invited by e-mail: %d %s" % (st, old))
    expect_error(api.call("POST", "/invitations/%s/accept" % old["id"], token=c.token), 404)
    st, ch, _ = c.api.call("POST", "/me/email/verify", {}, token=c.token)
    c.api.call("POST", "/me/email/confirm", {"challenge_id": ch["challenge_id"], "code": api.last_code(c.email)}, token=c.token)
    st, mine, _ = api.call("GET", "/invitations", token=c.token)
    expect(st == 200 and [i["id"] for i in mine["items"]] == [old["id"]], "C finds it once the e-mail is confirmed: %s" % mine)
    # Seven days pass.
    if api.call("POST", "/dev/invitations/%s/expire" % old["id"])[0] == 200:
        st, mine, _ = api.call("GET", "/rooms/%s/invitations" % room, token=a.token)
        expect([i["state"] for i in mine["items"] if i["id"] == old["id"]] == ["expired"], "expired: %s" % mine)
        expect_error(api.call("POST", "/invitations/%s/accept" % old["id"], token=c.token), 409, "invitation_closed")


@check("room keys and chat: the key sealed per member and epoch, given only to members; messages stored as ciphertext only, "
       "paged, for members; a removed member gets neither; read markers; a message's files for its members")
def _(api, ctx):
    a, b, x = signed_in_citizens(api, 59, 60, 61)
    room = os.urandom(16).hex()
    e0, h0 = room_entry(a, room, 0, "", "created", {"box": b64(a.box_pk)})
    if api.call("POST", "/rooms", {"kind": "general", "entry": e0}, token=a.token)[0] == 404:
        return  # a backend without rooms yet
    e1, h1 = room_entry(a, room, 1, h0, "added", {"member": b64(b.sign_pk), "box": b64(b.box_pk), "role": "participant"})
    expect(api.call("POST", "/rooms/%s/journal" % room, {"entry": e1}, token=a.token)[0] == 201, "B added")
    key = os.urandom(32)
    sealed = {u: b64(na.crypto_box_seal(key, u.box_pk)) for u in (a, b)}
    SECRETS.append(("room key", key))
    expect_error(api.call("PUT", "/rooms/%s/keys/0" % room, {"keys": [{"member": b64(x.sign_pk), "sealed": sealed[a]}]}, token=a.token), 422)
    expect_error(api.call("PUT", "/rooms/%s/keys/1" % room, {"keys": [{"member": b64(a.sign_pk), "sealed": sealed[a]}]}, token=a.token), 409)
    st, r, _ = api.call("PUT", "/rooms/%s/keys/0" % room, {"keys": [{"member": b64(u.sign_pk), "sealed": sealed[u]} for u in (a, b)]}, token=a.token)
    expect(st == 200 and r["stored"] == 2, "sealed to A and B: %d %s" % (st, r))
    st, r, _ = api.call("PUT", "/rooms/%s/keys/0" % room, {"keys": [{"member": b64(b.sign_pk), "sealed": sealed[a]}]}, token=a.token)
    expect(st == 200 and r["stored"] == 0, "a stored copy is not replaced: %s" % r)
    st, mine, _ = api.call("GET", "/rooms/%s/keys" % room, token=b.token)
    expect(st == 200 and mine["items"] == [{"epoch": 0, "sealed": sealed[b]}], "B's copy: %s" % mine)
    expect(na.crypto_box_seal_open(base64.b64decode(mine["items"][0]["sealed"]), b.box_pk, b.box_sk) == key, "B opens it")
    expect_error(api.call("GET", "/rooms/%s/keys" % room, token=x.token), 404)

    text = "Встречаемся у нотариуса в пятницу, паспорта не забудьте — %s" % os.urandom(4).hex()
    SECRETS.append(("room message", text.encode()))
    nonce = os.urandom(24)
    ad = ("lk-room|%s|0|message" % room).encode()
    blob = nonce + na.crypto_aead_xchacha20poly1305_ietf_encrypt(text.encode(), ad, nonce, key)
    expect_error(api.call("POST", "/rooms/%s/messages" % room, {"epoch": 0, "ciphertext": b64(b"short")}, token=b.token), 422)
    expect_error(api.call("POST", "/rooms/%s/messages" % room, {"epoch": 0, "ciphertext": b64(os.urandom(70_000))}, token=b.token), 422)
    expect_error(api.call("POST", "/rooms/%s/messages" % room, {"epoch": 0, "ciphertext": b64(blob)}, token=x.token), 404)
    st, m, _ = api.call("POST", "/rooms/%s/messages" % room, {"epoch": 0, "ciphertext": b64(blob)}, token=b.token)
    expect(st == 201, "B writes: %d %s" % (st, m))
    for i in range(3):
        api.call("POST", "/rooms/%s/messages" % room, {"epoch": 0, "ciphertext": b64(blob)}, token=a.token)
    st, page, _ = api.call("GET", "/rooms/%s/messages?limit=2" % room, token=a.token)
    expect(st == 200 and len(page["items"]) == 2 and page["next"] == page["items"][-1]["id"], "a page: %s" % page)
    st, rest, _ = api.call("GET", "/rooms/%s/messages?before=%d" % (room, page["next"]), token=a.token)
    expect(st == 200 and [i["id"] for i in rest["items"]][-1] == m["id"] and rest["items"][-1]["author"] == b64(b.sign_pk), "the rest: %s" % rest)
    got = base64.b64decode(rest["items"][-1]["ciphertext"])
    expect(na.crypto_aead_xchacha20poly1305_ietf_decrypt(got[24:], ad, got[:24], key).decode() == text, "A decrypts B's message")

    # Read markers: «unread» counts the others' messages after the caller's marker; it only moves forward.
    def unread(user):
        st, rooms, _ = api.call("GET", "/rooms", token=user.token)
        mine = [r for r in rooms.get("items", []) if r["id"] == room]
        return (mine[0].get("unread"), mine[0].get("read_upto")) if st == 200 and mine else None
    if unread(b) is not None and unread(b)[0] is not None:
        expect(unread(b) == (3, 0) and unread(a) == (1, 0), "B has A's three unread, A has B's one: %s / %s" % (unread(b), unread(a)))
        newest = page["items"][0]["id"]
        resp = api.call("POST", "/rooms/%s/read" % room, {"message": newest - 1}, token=b.token)
        expect(resp[0] == 204, "B read up to the second newest: %s" % (resp,))
        expect(unread(b) == (1, newest - 1), "one left: %s" % (unread(b),))
        expect(api.call("POST", "/rooms/%s/read" % room, {"message": m["id"]}, token=b.token)[0] == 204, "an older marker")
        expect(unread(b) == (1, newest - 1), "the marker does not move back: %s" % (unread(b),))
        expect(unread(a) == (1, 0), "A's count is A's own: %s" % (unread(a),))
        expect_error(api.call("POST", "/rooms/%s/read" % room, {"message": "all"}, token=b.token), 422)
        expect_error(api.call("POST", "/rooms/%s/read" % room, {"message": newest}, token=x.token), 404)

    # A message's files: the sender's own complete uploads, bound to it; then the members fetch them
    # and the uploader can no longer delete them; a stranger's, a half-uploaded or a reused one is refused.
    cipher = os.urandom(3000)
    mine, half, theirs = upload(api, b, cipher), upload(api, b, os.urandom(100), complete=False), upload(api, x, os.urandom(100))
    for ids in ([half], [theirs], [mine, mine], ["x" * 10] * 6):
        expect_error(api.call("POST", "/rooms/%s/messages" % room, {"epoch": 0, "ciphertext": b64(blob), "attachments": ids}, token=b.token), 422)
    st, fm, _ = api.call("POST", "/rooms/%s/messages" % room, {"epoch": 0, "ciphertext": b64(blob), "attachments": [mine]}, token=b.token)
    expect(st == 201, "a message with a file: %d %s" % (st, fm))
    if st == 201:
        st, f, _ = api.call("GET", "/rooms/%s/attachments/%s" % (room, mine), token=a.token)
        expect(st == 200 and base64.b64decode(f["ciphertext"]) == cipher and f["message"] == fm["id"] and f["size"] == len(cipher),
               "A fetches B's file as uploaded: %d" % st)
        expect_error(api.call("GET", "/rooms/%s/attachments/%s" % (room, mine), token=x.token), 404)
        expect_error(api.call("GET", "/rooms/%s/attachments/%s" % (room, theirs), token=a.token), 404)  # not this room's
        expect_error(api.call("DELETE", "/attachments/%s" % mine, token=b.token), 409, "attached")
        expect_error(api.call("POST", "/rooms/%s/messages" % room, {"epoch": 0, "ciphertext": b64(blob), "attachments": [mine]}, token=b.token), 422)

    e2, h2 = room_entry(a, room, 2, h1, "removed", {"member": b64(b.sign_pk)})
    expect(api.call("POST", "/rooms/%s/journal" % room, {"entry": e2}, token=a.token)[0] == 201, "B removed")
    e3, _ = room_entry(a, room, 3, h2, "rekeyed", {"epoch": 1})
    expect(api.call("POST", "/rooms/%s/journal" % room, {"entry": e3}, token=a.token)[0] == 201, "epoch 1")
    expect_error(api.call("POST", "/rooms/%s/messages" % room, {"epoch": 0, "ciphertext": b64(blob)}, token=a.token), 409, "journal_moved")
    expect_error(api.call("GET", "/rooms/%s/messages" % room, token=b.token), 404)
    expect_error(api.call("GET", "/rooms/%s/keys" % room, token=b.token), 404)
    expect_error(api.call("GET", "/rooms/%s/attachments/%s" % (room, mine), token=b.token), 404)  # removed: not even his own


@check("room proposals: closed at the deadline's instant with the final count, or at once when settled; later votes, "
       "second votes, non-voters and out-of-range deadlines refused")
def _(api, ctx):
    a, b, c, o = signed_in_citizens(api, 62, 63, 64, 65)
    room = os.urandom(16).hex()
    e, h = room_entry(a, room, 0, "", "created", {"box": b64(a.box_pk)})
    if api.call("POST", "/rooms", {"kind": "general", "entry": e}, token=a.token)[0] == 404:
        return  # a backend without rooms yet
    seq = 0

    def append(user, kind, body, at=None):
        nonlocal seq, h
        entry, nh = room_entry(user, room, seq + 1, h, kind, body, at)
        resp = api.call("POST", "/rooms/%s/journal" % room, {"entry": entry}, token=user.token)
        if resp[0] == 201:
            seq, h = seq + 1, nh
        return resp

    for u, role in ((b, "participant"), (c, "participant"), (o, "observer")):
        expect(append(a, "added", {"member": b64(u.sign_pk), "box": b64(u.box_pk), "role": role})[0] == 201, "added")
    now = int(time.time())
    expect_error(append(a, "proposed", {"proposal": "short", "rule": "majority", "deadline": now + 600}), 422)
    expect_error(append(a, "proposed", {"proposal": "long", "rule": "majority", "deadline": now + 31 * 86400}), 422)
    expect_error(append(a, "proposed", {"proposal": "x", "rule": "dictator", "deadline": now + 7200}), 422)
    expect(append(a, "proposed", {"proposal": "p1", "rule": "majority", "deadline": now + 7200})[0] == 201, "p1")
    expect(append(a, "proposed", {"proposal": "p2", "rule": "unanimous", "deadline": now + 7200})[0] == 201, "p2")
    expect_error(append(o, "voted", {"proposal": "p1", "choice": "for"}), 403, "room_forbidden")
    expect(append(a, "voted", {"proposal": "p1", "choice": "for"})[0] == 201, "A votes on p1")
    expect_error(append(a, "voted", {"proposal": "p1", "choice": "against"}), 409, "already_voted")
    # p2 is settled by one «против»: closed at once.
    expect(append(b, "voted", {"proposal": "p2", "choice": "against"})[0] == 201, "B vetoes p2")
    st, ps, _ = api.call("GET", "/rooms/%s/proposals" % room, token=c.token)
    p2 = [p for p in ps["items"] if p["proposal"] == "p2"][0]
    expect(p2["outcome"] == "rejected" and p2["closed_at"] is not None and p2["closed_at"] < p2["deadline"], "p2 closed early: %s" % p2)
    expect_error(append(c, "voted", {"proposal": "p2", "choice": "for"}), 409, "proposal_closed")
    # p1: 1 for of 3 voters, quorum 2 — the deadline comes (moved 400 ms ahead by the development interface).
    if api.call("POST", "/dev/rooms/%s/proposals/p1/deadline" % room, {"in_ms": 400})[0] != 200:
        return
    deadline_seen = None
    end = time.time() + 10
    while time.time() < end:
        st, ps, _ = api.call("GET", "/rooms/%s/proposals" % room, token=b.token)
        p1 = [p for p in ps["items"] if p["proposal"] == "p1"][0]
        if p1["closed_at"] is not None:
            deadline_seen = p1
            break
        time.sleep(0.02)
    expect(deadline_seen is not None, "p1 never closed")
    late = (deadline_seen["closed_at"] - deadline_seen["deadline"]) * 1000
    # A timer armed for the deadline closes it within milliseconds (0 ms on an idle machine); a
    # periodic sweep would be up to its period late. 1 s leaves room for a saturated 2-core machine.
    expect(deadline_seen["outcome"] == "rejected" and 0 <= late < 1000, "closed at the deadline, not later (%.0f ms late): %s" % (late, deadline_seen))
    expect_error(append(b, "voted", {"proposal": "p1", "choice": "for"}), 409, "proposal_closed")

    # Notifications of type «room»: each voter but the author hears of a new proposal; those who had
    # not voted get the reminder; every member hears how it ended. Each opens the room.
    def kinds(user):
        st, feed, _ = api.call("GET", "/notifications", token=user.token)
        return [(n["kind"], n.get("object")) for n in feed.get("items", []) if n.get("type") == "room"]
    expect([k for k, _ in kinds(b)].count("proposal_new") == 2 and "proposal_new" not in [k for k, _ in kinds(a)],
           "new proposals told to the voters, not their author: %s / %s" % (kinds(b), kinds(a)))
    expect(all(o == {"type": "room", "id": room} for _, o in kinds(b)), "they open the room: %s" % kinds(b))
    expect([k for k, _ in kinds(c)].count("proposal_closed") == 2 and "proposal_closed" in [k for k, _ in kinds(o)],
           "every member hears of both outcomes: %s" % kinds(c))
    expect(append(a, "proposed", {"proposal": "p3", "rule": "majority", "deadline": int(time.time()) + 7200})[0] == 201, "p3")
    expect(append(b, "voted", {"proposal": "p3", "choice": "for"})[0] == 201, "B votes on p3")
    expect(api.call("POST", "/dev/rooms/%s/proposals/p3/deadline" % room, {"in_ms": 0, "what": "reminder"})[0] == 200, "reminder moved")
    end = time.time() + 10
    while time.time() < end and "proposal_reminder" not in [k for k, _ in kinds(c)]:
        time.sleep(0.05)
    expect("proposal_reminder" in [k for k, _ in kinds(c)] and "proposal_reminder" not in [k for k, _ in kinds(b)],
           "the reminder reaches who has not voted, not who has: %s / %s" % (kinds(c), kinds(b)))
    return "closed %.0f ms after its deadline" % late


@check("room delegations: a representative's vote counts for the member who delegated to them while it is in force; "
       "after it is withdrawn (a later delegation with vote false), for anyone else, or twice, refused")
def _(api, ctx):
    a, b, r = signed_in_citizens(api, 83, 84, 85)
    room = os.urandom(16).hex()
    e, h = room_entry(a, room, 0, "", "created", {"box": b64(a.box_pk)})
    if api.call("POST", "/rooms", {"kind": "general", "entry": e}, token=a.token)[0] == 404:
        return  # a backend without rooms yet
    seq = 0

    def append(user, kind, body):
        nonlocal seq, h
        entry, nh = room_entry(user, room, seq + 1, h, kind, body)
        resp = api.call("POST", "/rooms/%s/journal" % room, {"entry": entry}, token=user.token)
        if resp[0] == 201:
            seq, h = seq + 1, nh
        return resp

    expect(append(a, "added", {"member": b64(b.sign_pk), "box": b64(b.box_pk), "role": "participant"})[0] == 201, "B added")
    expect(append(a, "added", {"member": b64(r.sign_pk), "box": b64(r.box_pk), "role": "representative"})[0] == 201, "R added")
    now = int(time.time())
    for pid in ("p1", "p2"):
        expect(append(a, "proposed", {"proposal": pid, "rule": "majority", "quorum": 100, "deadline": now + 7200})[0] == 201, pid)
    expect_error(append(r, "voted", {"proposal": "p1", "choice": "for", "on_behalf": b64(b.sign_pk)}), 403, "room_forbidden")
    expect_error(append(r, "voted", {"proposal": "p1", "choice": "for"}), 403, "room_forbidden")  # votes only for someone
    expect(append(b, "delegated", {"to": b64(r.sign_pk), "vote": True, "until": now + 86400})[0] == 201, "B delegates to R")
    expect_error(append(r, "voted", {"proposal": "p1", "choice": "for", "on_behalf": b64(a.sign_pk)}), 403, "room_forbidden")
    expect(append(r, "voted", {"proposal": "p1", "choice": "for", "on_behalf": b64(b.sign_pk)})[0] == 201, "R votes for B")
    expect_error(append(r, "voted", {"proposal": "p1", "choice": "against", "on_behalf": b64(b.sign_pk)}), 409, "already_voted")
    expect_error(append(b, "voted", {"proposal": "p1", "choice": "against"}), 409, "already_voted")  # B's vote is cast
    expect(append(a, "voted", {"proposal": "p1", "choice": "for"})[0] == 201, "A votes")
    st, ps, _ = api.call("GET", "/rooms/%s/proposals" % room, token=b.token)
    p1 = [p for p in ps.get("items", []) if p["proposal"] == "p1"]
    # Quorum 100 % of the two voters: accepted only if R's vote counted as B's.
    expect(st == 200 and p1 and p1[0]["outcome"] == "accepted" and p1[0]["closed_at"] is not None, "R's vote counted for B: %s" % p1)
    expect(append(b, "delegated", {"to": b64(r.sign_pk), "vote": False, "until": int(time.time())})[0] == 201, "B withdraws")
    expect_error(append(r, "voted", {"proposal": "p2", "choice": "for", "on_behalf": b64(b.sign_pk)}), 403, "room_forbidden")
    expect(append(b, "voted", {"proposal": "p2", "choice": "against"})[0] == 201, "B votes himself")


@check("room rights, cell by cell (SPEC §7): initiator, administrator, participant, observer, support, a removed member "
       "and a stranger — each allowed exactly what the table gives, refused the rest")
def _(api, ctx):
    ini, adm, par, obs, sup, gone, stranger = signed_in_citizens(api, 76, 77, 78, 79, 80, 81, 82)
    room = os.urandom(16).hex()
    e, h = room_entry(ini, room, 0, "", "created", {"box": b64(ini.box_pk)})
    st, _, _ = api.call("POST", "/rooms", {"kind": "general", "entry": e}, token=ini.token)
    if st == 404:
        return  # a backend without rooms yet
    head = [0, h]

    def append(user, kind, body):
        entry, nh = room_entry(user, room, head[0] + 1, head[1], kind, body)
        st, out, _ = api.call("POST", "/rooms/%s/journal" % room, {"entry": entry}, token=user.token)
        if st == 201:
            head[0], head[1] = head[0] + 1, nh
        return st

    for user, role in ((adm, "admin"), (par, "participant"), (obs, "observer"), (sup, "support"), (gone, "participant")):
        expect(append(ini, "added", {"member": b64(user.sign_pk), "box": b64(user.box_pk), "role": role}) == 201, "added " + role)
    expect(append(ini, "removed", {"member": b64(gone.sign_pk)}) == 201, "removed")
    expect(append(ini, "rekeyed", {"epoch": 1}) == 201, "rekeyed")
    msg = {"epoch": 1, "ciphertext": b64(os.urandom(64))}
    ok = lambda st: st in (200, 201)
    # action -> (how, the roles the table allows it to)
    everyone = (ini, adm, par, obs, sup, gone, stranger)
    names = {id(ini): "initiator", id(adm): "admin", id(par): "participant", id(obs): "observer", id(sup): "support",
             id(gone): "removed", id(stranger): "stranger"}
    actions = [
        ("read the journal", lambda u: api.call("GET", "/rooms/%s/journal" % room, token=u.token)[0], (ini, adm, par, obs, sup)),
        ("read the names", lambda u: api.call("GET", "/rooms/%s/members" % room, token=u.token)[0], (ini, adm, par, obs, sup)),
        ("read the keys", lambda u: api.call("GET", "/rooms/%s/keys" % room, token=u.token)[0], (ini, adm, par, obs)),
        ("read the chat", lambda u: api.call("GET", "/rooms/%s/messages" % room, token=u.token)[0], (ini, adm, par, obs)),
        ("write in the chat", lambda u: api.call("POST", "/rooms/%s/messages" % room, msg, token=u.token)[0], (ini, adm, par, obs)),
        ("list invitations", lambda u: api.call("GET", "/rooms/%s/invitations" % room, token=u.token)[0], (ini, adm, par, obs)),
        ("invite", lambda u: api.call("POST", "/rooms/%s/invitations" % room, {"email": "x%d@example.ru" % id(u), "role": "observer"},
                                      token=u.token)[0], (ini, adm)),
        ("propose", lambda u: append(u, "proposed", {"proposal": os.urandom(8).hex(), "rule": "majority", "quorum": 50,
                                                    "deadline": int(time.time()) + 86400}), (ini, adm, par)),
        ("delegate a vote", lambda u: append(u, "delegated", {"to": b64(adm.sign_pk), "vote": True, "until": int(time.time()) + 3600}),
         (ini, adm, par)),
        ("edit a document", lambda u: append(u, "document", {"document": os.urandom(8).hex(), "version": 1, "hash": "0" * 64,
                                                            "epoch": 1, "words": b64(os.urandom(48))}), (ini, adm, par)),
        ("change a role", lambda u: append(u, "role", {"member": b64(obs.sign_pk), "role": "observer"}), (ini, adm)),
        ("write an unknown kind", lambda u: append(u, "note", {}), (ini, adm, par, obs)),
    ]
    for what, act, allowed in actions:
        for u in everyone:
            st = act(u)
            want = u in allowed
            expect(ok(st) == want, "%s: %s got %d, the table says %s" % (what, names[id(u)], st, "yes" if want else "no"))
            if not want:
                expect(st in (403, 404), "%s refused to %s with 403/404, not %d" % (what, names[id(u)], st))
    # Nobody removes the initiator, not even an administrator; a removed member cannot come back on their own.
    expect(append(adm, "removed", {"member": b64(ini.sign_pk)}) == 403, "an administrator cannot remove the initiator")
    expect(append(gone, "added", {"member": b64(gone.sign_pk), "box": b64(gone.box_pk), "role": "participant"}) == 404,
           "a removed member cannot re-add themselves")


@check("joint application: a shared document submitted only once every requested signer signed its version; each signer "
       "then finds it in their applications; an observer and a stranger cannot submit")
def _(api, ctx):
    a, b, c, x = signed_in_citizens(api, 72, 73, 74, 75)
    room = os.urandom(16).hex()
    e, h = room_entry(a, room, 0, "", "created", {"box": b64(a.box_pk)})
    st, _, _ = api.call("POST", "/rooms", {"kind": "joint", "entry": e}, token=a.token)
    if st == 404:
        return  # a backend without rooms yet
    seq = [0, h]

    def append(user, kind, body, want=201):
        entry, nh = room_entry(user, room, seq[0] + 1, seq[1], kind, body)
        st, out, _ = api.call("POST", "/rooms/%s/journal" % room, {"entry": entry}, token=user.token)
        expect(st == want, "%s by %s: %d %s" % (kind, user.phone, st, out))
        if st == 201:
            seq[0], seq[1] = seq[0] + 1, nh
        return out

    append(a, "added", {"member": b64(b.sign_pk), "box": b64(b.box_pk), "role": "participant"})
    append(a, "added", {"member": b64(c.sign_pk), "box": b64(c.box_pk), "role": "observer"})
    words = b64(os.urandom(120))  # the server never reads the words: any ciphertext
    digest = hashlib.sha256(b"{}").hexdigest()
    doc = os.urandom(16).hex()
    append(a, "document", {"document": doc, "version": 1, "hash": digest, "epoch": 0, "words": words})
    sealed = b64(os.urandom(400))
    submit = lambda user: api.call("POST", "/rooms/%s/applications" % room,
                                   {"document": doc, "version": 1, "form_code": "ND-01", "sealed": sealed}, token=user.token)
    expect_error(submit(a), 409, "not_signed")  # nobody was asked yet
    sign_by = int(time.time()) + 3 * 86400
    append(a, "sign_requested", {"document": doc, "version": 1, "hash": digest, "signers": [b64(a.sign_pk), b64(b.sign_pk)], "sign_by": sign_by})

    def asked(user):
        """The signature dates the calendar gives the user for this room (an older backend: None)."""
        st, cal, _ = api.call("GET", "/calendar", token=user.token)
        return None if st == 404 else [x["at"] for x in cal["items"] if x["type"] == "room_sign" and x["object"]["id"] == room]
    if asked(b) is not None:
        expect(asked(b) == [sign_by] and asked(c) == [] and asked(x) == [], "the signers' calendars have the date, others' not")
    text = ("lk-room-document|%s|%s|1|%s" % (room, doc, digest)).encode()
    append(a, "signed", {"document": doc, "version": 1, "hash": digest, "signature": b64(na.crypto_sign(text, a.sign_sk)[:64])})
    expect_error(submit(a), 409, "not_signed")  # b has not signed
    # A signature over something else does not count.
    append(b, "signed", {"document": doc, "version": 1, "hash": digest, "signature": b64(na.crypto_sign(b"other", b.sign_sk)[:64])})
    expect_error(submit(a), 409, "not_signed")
    if asked(b) is not None:
        expect(asked(b) == [sign_by], "a signature that does not verify leaves the date in the calendar")
    append(c, "signed", {"document": doc, "version": 1, "hash": digest, "signature": b64(na.crypto_sign(text, c.sign_sk)[:64])}, want=403)
    append(b, "signed", {"document": doc, "version": 1, "hash": digest, "signature": b64(na.crypto_sign(text, b.sign_sk)[:64])})
    if asked(b) is not None:
        expect(asked(b) == [] and asked(a) == [], "signed: the date leaves the calendar")
    expect_error(submit(c), 403, "room_forbidden")   # an observer does not submit
    expect_error(submit(x), 404)                      # a stranger does not learn the room exists
    st, app, _ = submit(a)
    expect(st == 201 and app["status"] == "submitted" and app["form_code"] == "ND-01", "submitted: %d %s" % (st, app))
    for user, sees in ((a, True), (b, True), (c, False), (x, False)):
        st, mine, _ = api.call("GET", "/applications", token=user.token)
        numbers = [i["number"] for i in mine["items"]]
        expect((app["number"] in numbers) == sees, "%s %s it: %s" % (user.phone, "sees" if sees else "does not see", numbers))
        st, one, _ = api.call("GET", "/applications/%s" % app["number"], token=user.token)
        expect((st == 200) == sees, "%s opens it: %d" % (user.phone, st))


@check("the signing key recorded at submission stays the application's after a password recovery (new key pairs)")
def _(api, ctx):
    a = ctx["a"]
    number, pk, text, sig = ctx["signed_app"]
    st, app, _ = api.call("GET", "/applications/" + number, token=a.token)
    expect(st == 200 and app["signer_key"] == pk, "signer_key recorded: %s" % app.get("signer_key"))
    st, b, _ = a.api.call("POST", "/auth/recover", {"identifier": a.phone})
    body = dict(a.credentials("ЕщёНовый2026"), challenge_id=b["challenge_id"], code=api.last_code(a.phone))
    expect(a.api.call("POST", "/auth/recover/confirm", body)[0] == 200, "recovered with new key pairs")
    a.password = "ЕщёНовый2026"
    a.login()
    st, app, _ = api.call("GET", "/applications/" + number, token=a.token)
    expect(app["signer_key"] == pk, "still the key it was signed with")
    na.crypto_sign_open(sig + text, base64.b64decode(app["signer_key"]))  # raises if it does not verify


@check("uploads append: a 5 MB file in 40 chunks, the last chunks no slower than the first; quota (413) and daily cap (429)")
def _(api, ctx):
    c = Citizen(api.at("127.0.0.35")).register()
    c.login()
    data = os.urandom(40 * 128 * 1024)
    st, att, _ = c.api.call("POST", "/attachments", {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}, token=c.token)
    times = []
    for i in range(40):
        t0 = time.perf_counter()
        st, r, _ = c.api.call("PUT", "/attachments/" + att["id"], {"offset": i * 131072, "data": b64(data[i * 131072:(i + 1) * 131072])},
                              token=c.token)
        times.append(time.perf_counter() - t0)
        expect(st == 200, "chunk %d: %d %s" % (i, st, r))
    expect(r["complete"], "complete")
    first, last = statistics.median(times[:10]), statistics.median(times[-11:-1])
    expect(last < 2.5 * first + 0.01, "chunk time grows with the file (rewriting?): first %.1f ms, last %.1f ms" % (first * 1000, last * 1000))
    quota = ctx.get("quota")
    note = "chunks: first %.1f ms, last %.1f ms" % (first * 1000, last * 1000)
    if quota and quota <= 20 * 1024 * 1024:
        st, q, _ = c.api.call("POST", "/attachments", {"size": 5 * 1024 * 1024, "sha256": "0" * 64}, token=c.token)
        expect_error((st, q, None), 413, "quota_exceeded")
    else:
        note += "; quota part skipped (quota %s)" % quota
    code = ctx["form_code"] or "P-01"
    st, form, _ = c.api.call("GET", "/forms/" + code)
    sealed = b64(na.crypto_box_seal(b'{"application":"{}"}' + b" " * 80, base64.b64decode(form["agency_key"])))
    statuses = [c.api.call("POST", "/applications", {"form_code": code, "sealed": sealed, "attachments": []}, token=c.token)[0] for _ in range(21)]
    expect(statuses[:20] == [201] * 20 and statuses[20] == 429, "20 applications a day, then 429: %s" % statuses)
    return note


@check("HTTP hardening: one request in is one answer out; duplicate/non-numeric Content-Length refused; JSON errors with security headers")
def _(api, ctx):
    def raw(data, read_for=3.0):
        s = socket.create_connection((api.host, api.port), timeout=read_for)
        s.sendall(data)
        out = b""
        end = time.time() + read_for
        try:
            while time.time() < end:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
        except socket.timeout:
            pass
        s.close()
        return out
    p = api.prefix
    smuggled = ("GET %s/health HTTP/1.1\r\nHost: x\r\nContent-Length: 44\r\n\r\nGET %s/health HTTP/1.1\r\nHost: x\r\n\r\n" % (p, p))
    # the body is 44 bytes: exactly the second "request", which must stay a body
    body = smuggled.split("\r\n\r\n", 1)[1]
    smuggled = smuggled.replace("Content-Length: 44", "Content-Length: %d" % len(body))
    out = raw(smuggled.encode(), 1.5)
    expect(out.count(b"HTTP/1.1 ") == 1, "one answer for one request, got %d" % out.count(b"HTTP/1.1 "))
    for bad in [b"POST %s/auth/prelogin HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}" % p.encode(),
                b"POST %s/auth/prelogin HTTP/1.1\r\nHost: x\r\nContent-Length: 2x\r\n\r\n{}" % p.encode()]:
        out = raw(bad, 2.0)
        head, _, rest = out.partition(b"\r\n\r\n")
        expect(re.match(rb"HTTP/1\.[01] 400 ", head), "refused with 400: %r" % head[:80])
        expect(b"content-security-policy" in head.lower() and b"application/json" in head.lower(), "JSON with headers: %r" % head)
        expect(json.loads(rest.decode())["error"]["code"], "the error shape")


# -- «Запись на приём» (docs/appointments.md) -------------------------------------------------------
def visit_service(api):
    """A service of the catalog that needs a visit, and the offices that give it."""
    cat = api.call("GET", "/catalog")[1]
    for s in cat.get("services", []):
        if s.get("visit") == "clinic":
            return s
    return None


def bookable_day(api, user, office, min_free=2):
    """A day after tomorrow with at least min_free free slots, and those slots."""
    st, days, _ = api.call("GET", "/offices/%s/days?days=60" % office, token=user.token)
    expect(st == 200 and len(days["items"]) >= 59, "60 days of an office: %s %s" % (st, days))
    expect_error(api.call("GET", "/offices/%s/days?days=61" % office, token=user.token), 422, "validation_failed")
    for d in days["items"][2:]:
        if d["free"] >= min_free:
            st, slots, _ = api.call("GET", "/offices/%s/slots?day=%s" % (office, d["day"]), token=user.token)
            expect(st == 200 and len(slots["items"]) == d["free"], "the day's slots are its free count: %s vs %s" % (d, slots))
            return d["day"], slots["items"], days
    raise AssertionError("no day with free slots: %s" % days)


@check("appointments: offices and free slots of a service that needs a visit; a booking takes its slot off the free ones; "
       "only its owner sees, moves or cancels it; past, off-grid, holiday and too-far slots refused")
def _(api, ctx):
    a, b = signed_in_citizens(api, 86, 87)
    svc = visit_service(api)
    if svc is None:
        return "skipped: the catalog marks no service as needing a visit"
    st, offices, _ = api.call("GET", "/offices?service=" + svc["id"], token=a.token)
    expect(st == 200 and offices["items"], "offices: %s %s" % (st, offices))
    expect_error(api.call("GET", "/offices?service=" + svc["id"]), 401)
    office = offices["items"][0]["id"]
    day, slots, days = bookable_day(api, a, office)
    closed = [d for d in days["items"] if d["closed"]]
    expect(all(d["free"] == 0 for d in closed), "a closed day offers nothing: %s" % closed[:3])
    st, booked, _ = api.call("POST", "/appointments", {"service": svc["id"], "office": office, "start": slots[0]["start"], "comment": "Первичный приём"},
                             token=a.token, headers={"Idempotency-Key": os.urandom(8).hex()})
    expect(st == 201 and booked["status"] == "booked" and booked["start"] == slots[0]["start"] and booked["office"]["id"] == office, "booked: %s" % booked)
    st, after, _ = api.call("GET", "/offices/%s/slots?day=%s" % (office, day), token=b.token)
    expect(slots[0]["start"] not in [x["start"] for x in after["items"]], "the booked slot is no longer offered")
    expect_error(api.call("POST", "/appointments", {"service": svc["id"], "office": office, "start": slots[0]["start"]}, token=b.token), 409, "slot_taken")
    expect_error(api.call("POST", "/appointments", {"service": svc["id"], "office": office, "start": slots[1]["start"]}, token=a.token), 409, "already_booked")
    expect_error(api.call("POST", "/appointments", {"service": svc["id"], "office": office, "start": slots[1]["start"] + 60}, token=b.token), 422, "slot_unavailable")
    expect_error(api.call("POST", "/appointments", {"service": svc["id"], "office": office, "start": int(time.time()) - 3600}, token=b.token), 422, "slot_in_past")
    expect_error(api.call("POST", "/appointments", {"service": svc["id"], "office": office, "start": slots[1]["start"] + 90 * 86400}, token=b.token), 422)
    holiday = [d for d in days["items"] if d["closed"] == "holiday"]
    if holiday:
        st, hs, _ = api.call("GET", "/offices/%s/slots?day=%s" % (office, holiday[0]["day"]), token=a.token)
        expect(st == 200 and hs["items"] == [] and hs["closed"] == "holiday", "a holiday has no slots: %s" % hs)
    # Nobody else sees, moves or cancels it.
    expect_error(api.call("GET", "/appointments/" + booked["id"], token=b.token), 404, "not_found")
    expect_error(api.call("POST", "/appointments/%s/cancel" % booked["id"], {}, token=b.token), 404, "not_found")
    expect_error(api.call("POST", "/appointments/%s/move" % booked["id"], {"start": slots[1]["start"]}, token=b.token), 404, "not_found")
    expect(api.call("GET", "/appointments", token=b.token)[1]["items"] == [], "B's list is empty")
    # Move, then cancel; the first slot is free again after the move.
    st, moved, _ = api.call("POST", "/appointments/%s/move" % booked["id"], {"start": slots[1]["start"]}, token=a.token)
    expect(st == 200 and moved["start"] == slots[1]["start"] and moved["id"] == booked["id"], "moved: %s" % moved)
    st, again, _ = api.call("GET", "/offices/%s/slots?day=%s" % (office, day), token=b.token)
    expect(slots[0]["start"] in [x["start"] for x in again["items"]] and slots[1]["start"] not in [x["start"] for x in again["items"]],
           "the old slot is free again, the new one taken")
    st, mine, _ = api.call("GET", "/appointments?scope=upcoming", token=a.token)
    expect(st == 200 and [x["id"] for x in mine["items"]] == [booked["id"]], "A's upcoming: %s" % mine)
    expect_error(api.call("GET", "/calendar?from=%d&to=%d" % (time.time(), time.time() + 500 * 86400), token=a.token), 422, "validation_failed")
    st, cal, _ = api.call("GET", "/calendar?from=%d&to=%d" % (time.time() - 86400, time.time() + 90 * 86400), token=a.token)
    expect(st == 200 and any(x["type"] == "appointment" and x["object"]["id"] == booked["id"] and x["at"] == slots[1]["start"] for x in cal["items"]),
           "the booking is in the calendar: %s" % cal)
    expect(not any(x["object"].get("id") == booked["id"] for x in api.call("GET", "/calendar", token=b.token)[1]["items"]), "not in B's calendar")
    st, c, _ = api.call("POST", "/appointments/%s/cancel" % booked["id"], {}, token=a.token)
    expect(st == 200 and c["status"] == "cancelled", "cancelled: %s" % c)
    expect_error(api.call("POST", "/appointments/%s/cancel" % booked["id"], {}, token=a.token), 409, "appointment_cancelled")
    st, past, _ = api.call("GET", "/appointments?scope=past", token=a.token)
    expect([x["id"] for x in past["items"]] == [booked["id"]], "a cancelled booking is history: %s" % past)


@check("appointments: two citizens race for the last free slot of a day — exactly one gets it, the other 409 slot_taken")
def _(api, ctx):
    users = signed_in_citizens(api, 88, 89)
    svc = visit_service(api)
    if svc is None:
        return "skipped: no service needs a visit"
    office = api.call("GET", "/offices?service=" + svc["id"], token=users[0].token)[1]["items"][0]["id"]
    day, slots, _ = bookable_day(api, users[0], office)
    st, filled, _ = api.call("POST", "/dev/offices/%s/fill" % office, {"day": day, "leave": 1})
    if st == 404:
        return "skipped: the backend has no /dev/offices/{id}/fill"
    expect(st == 200 and len(filled["free"]) == 1, "one slot left: %s" % filled)
    last = filled["free"][0]["start"]
    results = [None, None]
    go = threading.Event()

    def book(i):
        go.wait()
        results[i] = api.call("POST", "/appointments", {"service": svc["id"], "office": office, "start": last}, token=users[i].token)
    threads = [threading.Thread(target=book, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    go.set()
    for t in threads:
        t.join()
    codes = sorted(r[0] for r in results)
    expect(codes == [201, 409], "one 201 and one 409: %s" % [(r[0], r[1]) for r in results])
    loser = [r for r in results if r[0] == 409][0]
    expect(loser[1]["error"]["code"] == "slot_taken", "the loser is told the slot was taken: %s" % loser[1])
    st, left, _ = api.call("GET", "/offices/%s/slots?day=%s" % (office, day), token=users[0].token)
    expect(left["items"] == [], "nothing left that day: %s" % left)


def encrypted_upload(api, user, plain):
    """A file as the client sends one (docs/support.md): encrypted with a fresh key in 64 KB
    secretstream chunks, uploaded; (attachment id, key)."""
    key = os.urandom(32)
    state = na.crypto_secretstream_xchacha20poly1305_state()
    header = na.crypto_secretstream_xchacha20poly1305_init_push(state, key)
    parts, chunks = [header], [plain[i:i + 65536] for i in range(0, max(1, len(plain)), 65536)]
    for i, c in enumerate(chunks):
        tag = na.crypto_secretstream_xchacha20poly1305_TAG_FINAL if i == len(chunks) - 1 else 0
        parts.append(na.crypto_secretstream_xchacha20poly1305_push(state, c, None, tag))
    return upload(api, user, b"".join(parts)), key


def support_file(api, user, desk_key, name, plain):
    aid, key = encrypted_upload(api, user, plain)
    return {"attachment": aid, "name": name, "type": "image/png", "size": len(plain), "sha256": hashlib.sha256(plain).hexdigest(),
            "key_support": b64(na.crypto_box_seal(key, base64.b64decode(desk_key))), "key_own": b64(na.crypto_box_seal(key, user.box_pk))}


def wait_for(fn, what, timeout=15):
    end = time.time() + timeout
    while time.time() < end:
        v = fn()
        if v:
            return v
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


@check("support appeals: topic, text and files → a number; filters; only the owner sees, comments, marks or downloads; "
       "100 KB of text refused; the desk asks, answers and closes; every read by the desk in «Кто смотрел мои данные»")
def _(api, ctx):
    a, b = signed_in_citizens(api, 91, 92)
    st, t, _ = api.call("GET", "/support/topics", token=a.token)
    expect(st == 200 and "technical" in t["topics"] and "other" in t["service_types"] and t["limits"]["text"] >= 1000, "topics: %s" % t)
    expect_error(api.call("GET", "/support/topics"), 401)
    secret = "Не приходит код подтверждения на номер, Обращение-Секрет-%s" % os.urandom(4).hex()
    SECRETS.append(("appeal text", secret.encode()))
    plain = os.urandom(70000)
    f = support_file(api, a, t["desk_key"], "снимок экрана.png", plain)
    expect_error(api.call("POST", "/appeals", {"topic": "technical", "service_type": "other", "text": "х" * 100000}, token=a.token), 422, "validation_failed")
    expect_error(api.call("POST", "/appeals", {"topic": "nope", "service_type": "other", "text": "Вопрос"}, token=a.token), 422, "validation_failed")
    expect_error(api.call("POST", "/attachments", {"size": 10 * 1024 * 1024, "sha256": "0" * 64}, token=a.token), 422, "validation_failed")
    st, ap, _ = api.call("POST", "/appeals", {"topic": "technical", "service_type": "passports", "text": secret, "files": [f]},
                         token=a.token, headers={"Idempotency-Key": os.urandom(8).hex()})
    expect(st == 201 and ap["status"] == "in_progress" and ap["number"] and ap["messages"][0]["files"][0]["attachment"] == f["attachment"], "appeal: %s" % ap)
    n = ap["number"]
    # The file comes back as stored, and its key opens for its owner only.
    st, got, _ = api.call("GET", "/appeals/%s/files/%s" % (n, f["attachment"]), token=a.token)
    key = na.crypto_box_seal_open(base64.b64decode(ap["messages"][0]["files"][0]["key"]), a.box_pk, a.box_sk)
    expect(st == 200 and len(key) == 32, "file: %s" % st)
    # Filters.
    expect([x["number"] for x in api.call("GET", "/appeals?status=in_progress&service_type=passports", token=a.token)[1]["items"]] == [n], "filter")
    expect(api.call("GET", "/appeals?status=done", token=a.token)[1]["items"] == [], "status filter")
    expect(api.call("GET", "/appeals?since=%d" % (time.time() + 60), token=a.token)[1]["items"] == [], "period filter")
    expect_error(api.call("GET", "/appeals?status=teleported", token=a.token), 422, "validation_failed")
    # Nobody else.
    expect(api.call("GET", "/appeals", token=b.token)[1]["items"] == [], "B sees no appeals")
    for call in (("GET", "/appeals/" + n, None), ("POST", "/appeals/%s/messages" % n, {"text": "чужое"}),
                 ("POST", "/appeals/%s/status" % n, {"status": "done"}), ("GET", "/appeals/%s/files/%s" % (n, f["attachment"]), None)):
        expect_error(api.call(call[0], call[1], call[2], token=b.token), 404, "not_found")
    probe = api.call("POST", "/dev/support/appeals/" + n, {"action": "ask"})
    if probe[0] == 404:
        return "desk steps skipped: no development interface"
    expect(probe[0] == 200 and probe[1]["messages"][-1]["kind"] == "question" and probe[1]["waiting_for_me"], "asked: %s" % (probe[1],))
    seen = api.call("GET", "/data-access", token=a.token)[1]["items"]
    expect(any(n in e["what"] and "1 файл" in e["what"] for e in seen), "the desk's read is recorded: %s" % seen[:3])
    st, d, _ = api.call("POST", "/appeals/%s/messages" % n, {"text": "Заявление 0001-2026"}, token=a.token)
    expect(st == 201 and not d["waiting_for_me"] and d["messages"][-1]["author"] == "citizen", "answered: %s" % d)
    st, d, _ = api.call("POST", "/dev/support/appeals/" + n, {"action": "answer"})
    expect(d["messages"][-1]["kind"] == "answer", "the desk answered")
    st, d, _ = api.call("POST", "/appeals/%s/status" % n, {"status": "postponed"}, token=a.token)
    expect(st == 200 and d["status"] == "postponed", "postponed: %s" % d)
    st, d, _ = api.call("POST", "/appeals/%s/status" % n, {"status": "done"}, token=a.token)
    expect(st == 200 and d["status"] == "done" and d["messages"][-1]["kind"] == "status", "done: %s" % d)
    expect_error(api.call("POST", "/appeals/%s/messages" % n, {"text": "ещё"}, token=a.token), 409, "appeal_closed")
    expect_error(api.call("POST", "/appeals/%s/status" % n, {"status": "in_progress"}, token=a.token), 409, "appeal_closed")
    # A second appeal closed by the desk.
    st, ap2, _ = api.call("POST", "/appeals", {"topic": "payment", "service_type": "taxes", "text": "Платёж не прошёл"}, token=a.token)
    st, d, _ = api.call("POST", "/dev/support/appeals/" + ap2["number"], {"action": "close"})
    expect(d["status"] == "done", "closed by the desk")
    expect([x["number"] for x in api.call("GET", "/appeals?status=done", token=a.token)[1]["items"]] == [ap2["number"], n], "two done, newest first")


@check("support chat: suggested questions answered from the knowledge base, hand-over to an operator who types and replies, "
       "back to suggestions; history kept; another citizen sees nothing; the operator's reads in «Кто смотрел мои данные»")
def _(api, ctx):
    a, b = signed_in_citizens(api, 93, 94)
    st, sug, _ = api.call("GET", "/support/suggestions", token=a.token)
    expect(st == 200 and len(sug["items"]) >= 3 and all(x["question"] and x["answer"] for x in sug["items"]), "suggestions: %s" % sug)
    expect(api.call("GET", "/support/suggestions?lang=en", token=a.token)[1]["items"][0]["question"] != sug["items"][0]["question"], "English too")
    st, chat, _ = api.call("GET", "/support/chat", token=a.token)
    expect(st == 200 and chat["state"] == "bot" and chat["messages"] == [], "an empty chat: %s" % chat)
    st, chat, _ = api.call("POST", "/support/chat/messages", {"suggestion": sug["items"][0]["id"]}, token=a.token)
    expect(st == 201 and [m["author"] for m in chat["messages"]] == ["citizen", "bot"] and chat["messages"][1]["text"] == sug["items"][0]["answer"],
           "a suggestion is answered: %s" % chat)
    st, chat, _ = api.call("POST", "/support/chat/messages", {"text": "абвгд ёжз"}, token=a.token)
    expect(chat["messages"][-1]["kind"] == "no_answer", "no article for nonsense: %s" % chat["messages"][-1])
    expect_error(api.call("POST", "/support/chat/messages", {"text": "я" * 6000}, token=a.token), 422, "validation_failed")
    expect_error(api.call("POST", "/support/chat/messages", {"suggestion": "nope"}, token=a.token), 422, "validation_failed")
    before = len(api.call("GET", "/data-access", token=a.token)[1]["items"])
    st, chat, _ = api.call("POST", "/support/chat/operator", {}, token=a.token)
    expect(st == 200 and chat["state"] == "operator" and chat["operator"] and chat["messages"][-1]["kind"] == "handover", "handed over: %s" % chat)
    wait_for(lambda: api.call("GET", "/support/chat", token=a.token)[1]["messages"][-1]["author"] == "support", "the operator's greeting")
    api.call("POST", "/support/chat/messages", {"text": "Не могу оплатить штраф"}, token=a.token)
    wait_for(lambda: sum(m["author"] == "support" for m in api.call("GET", "/support/chat", token=a.token)[1]["messages"]) >= 2, "the operator's reply")
    seen = api.call("GET", "/data-access", token=a.token)[1]["items"]
    expect(len(seen) >= before + 2 and any("Чат поддержки" in e["what"] for e in seen), "the operator's reads are recorded: %s" % seen[:3])
    expect(api.call("GET", "/support/chat", token=b.token)[1]["messages"] == [], "B's chat is B's own")
    expect_error(api.call("GET", "/appeals/" + chat["number"], token=a.token), 404, "not_found")
    st, chat, _ = api.call("POST", "/support/chat/bot", {}, token=a.token)
    expect(st == 200 and chat["state"] == "bot" and chat["messages"][-1]["kind"] == "back_to_bot", "back to suggestions: %s" % chat)
    last = chat["messages"][-1]["id"]
    st, later, _ = api.call("GET", "/support/chat?after=%d" % last, token=a.token)
    expect(later["messages"] == [], "nothing after the last: %s" % later)
    expect_error(api.call("GET", "/support/chat"), 401)


@check("appointments: a reminder «за сутки» reaches the notifications when the clock passes a day before the visit, once")
def _(api, ctx):
    (u,) = signed_in_citizens(api, 90)
    svc = visit_service(api)
    st, clock, _ = api.call("GET", "/dev/clock")
    if svc is None or st == 404:
        return "skipped: no /dev/clock"
    office = api.call("GET", "/offices?service=" + svc["id"], token=u.token)[1]["items"][0]["id"]
    day, slots, _ = bookable_day(api, u, office, 1)
    st, booked, _ = api.call("POST", "/appointments", {"service": svc["id"], "office": office, "start": slots[0]["start"]}, token=u.token)
    expect(st == 201, "booked: %s" % booked)

    def reminders():
        items = api.call("GET", "/notifications", token=u.token)[1]["items"]
        return [n for n in items if n["kind"] == "appointment_reminder" and n["object"] == {"type": "appointment", "id": booked["id"]}]
    expect(reminders() == [], "no reminder yet")
    try:
        st, moved, _ = api.call("POST", "/dev/clock", {"advance": slots[0]["start"] - 86400 - clock["now"] + 60})
        expect(st == 200, "clock moved: %s" % moved)
        deadline = time.time() + 10
        while not reminders() and time.time() < deadline:
            time.sleep(0.1)
        got = reminders()
        expect(len(got) == 1 and got[0]["type"] == "appointment" and got[0]["params"]["start"] == slots[0]["start"], "one reminder: %s" % got)
    finally:
        api.call("POST", "/dev/clock", {"reset": True})
    api.call("POST", "/appointments/%s/cancel" % booked["id"], {}, token=u.token)


@check("deadlines: a body shorter than its Content-Length, and a request sent too slowly, get 408 JSON; others are served meanwhile")
def _(api, ctx):
    deadline = ctx.get("request_deadline")
    if deadline is None or deadline > 5:
        return "skipped: the backend's request deadline is %s s" % deadline
    s = socket.create_connection((api.host, api.port), timeout=deadline + 5)
    s.sendall(b"POST %s/auth/prelogin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"identifier\"" % api.prefix.encode())
    t0 = time.time()
    expect(api.call("GET", "/health")[0] == 200, "others are served while it waits")
    out = s.recv(65536)
    s.close()
    expect(out.startswith(b"HTTP/1.1 408") and b"request_timeout" in out, "408 for the short body: %r" % out[:200])
    expect(time.time() - t0 < deadline + 3, "within the deadline")
    s = socket.create_connection((api.host, api.port), timeout=deadline + 5)
    s.sendall(b"GET %s/health HTTP/1.1\r\nHo" % api.prefix.encode())
    out = s.recv(65536)
    s.close()
    expect(out.startswith(b"HTTP/1.1 408") and b"content-security-policy" in out.lower(), "408 for slow headers: %r" % out[:200])


@check("connections are capped per client address; other addresses are still served")
def _(api, ctx):
    cap = ctx.get("max_conns_per_ip")
    if cap is None or cap > 100 or not api.host.startswith("127."):
        return "skipped: cap %s" % cap
    socks = []
    try:
        for _ in range(cap):
            s = socket.socket()
            s.bind(("127.0.0.36", 0))
            s.connect((api.host, api.port))
            socks.append(s)
        s = socket.socket()
        s.bind(("127.0.0.36", 0))
        s.settimeout(5)
        s.connect((api.host, api.port))
        s.sendall(b"GET %s/health HTTP/1.1\r\nHost: x\r\n\r\n" % api.prefix.encode())
        out = s.recv(65536)
        s.close()
        expect(out.startswith(b"HTTP/1.1 429") and b"too_many_connections" in out, "connection %d refused: %r" % (cap + 1, out[:100]))
        expect(api.at("127.0.0.37").call("GET", "/health")[0] == 200, "another address is served")
    finally:
        for s in socks:
            s.close()


# == the event stream =============================================================================
class EventReader:
    """A minimal server-sent events client on a raw socket."""

    def __init__(self, api, query="", token=None, last_id=None, timeout=20):
        self.sock = socket.create_connection((api.host, api.port), timeout=timeout,
                                             source_address=(api.source, 0) if api.source else None)
        h = "GET %s/events%s HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n" % (api.prefix, query)
        if token:
            h += "Authorization: Bearer %s\r\n" % token
        if last_id is not None:
            h += "Last-Event-ID: %s\r\n" % last_id
        self.sock.sendall((h + "\r\n").encode())
        self.buf = b""
        self.status, self.headers = self._head()

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("stream closed")
        self.buf += chunk

    def _head(self):
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        self.chunked = "transfer-encoding: chunked" in head.decode("latin-1").lower()
        self.text = ""
        return int(lines[0].split()[1]), {l.split(":", 1)[0].lower(): l.split(":", 1)[1].strip() for l in lines[1:] if ":" in l}

    def _dechunk(self):
        if not self.chunked:
            self.text += self.buf.decode("utf-8", "replace")
            self.buf = b""
            return
        while True:
            if b"\r\n" not in self.buf:
                return
            size_line, rest = self.buf.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0] or b"0", 16)
            if size == 0:
                raise EOFError("stream ended")
            if len(rest) < size + 2:
                return
            self.text += rest[:size].decode("utf-8", "replace")
            self.buf = rest[size + 2:]

    def next(self, want_comment=False):
        """The next event as a dict {id, event, data} (or a comment line when want_comment)."""
        while True:
            self._dechunk()
            while "\n\n" in self.text:
                block, self.text = self.text.split("\n\n", 1)
                ev = {}
                for line in block.split("\n"):
                    if line.startswith(":"):
                        if want_comment and line.strip() != ": connected":
                            return {"comment": line}
                        continue
                    if ":" in line:
                        k, v = line.split(":", 1)
                        ev[k] = v[1:] if v.startswith(" ") else v
                if "data" in ev or "event" in ev:
                    return ev
            self._fill()

    def close(self):
        self.sock.close()


def ticket(api, token):
    st, t, _ = api.call("POST", "/events/ticket", {}, token=token)
    expect(st == 201 and t["ticket"], "ticket: %s" % t)
    return "?ticket=" + urllib.parse.quote(t["ticket"])


def change_profile(api, c, text):
    st, prof, _ = api.call("GET", "/profile", token=c.token)
    st, _, _ = api.call("PUT", "/profile", {"base_version": prof["version"], "data": dict(prof["data"], residence_address=text)}, token=c.token)
    expect(st == 200, "profile saved")


@check("events: a ticket opens the stream once; every open stream of the user gets each change; ids increase; other users see nothing")
def _(api, ctx):
    c = Citizen(api.at("127.0.0.38")).register()
    c.login()
    q = ticket(api, c.token)
    r1 = EventReader(api, q)
    expect(r1.status == 200 and r1.headers.get("content-type", "").startswith("text/event-stream"), "stream: %s %s" % (r1.status, r1.headers))
    expect("content-security-policy" in r1.headers, "security headers on the stream")
    r2 = EventReader(api, "", token=c.token)        # a native client: the bearer token
    reused = EventReader(api, q)
    expect(reused.status == 401, "a ticket works once: %d" % reused.status)
    reused.close()
    other = ctx["b"]
    ro = EventReader(api, ticket(api, other.token))
    change_profile(api, c, "Адрес для события 1")
    e1, e2 = r1.next(), r2.next()
    expect(e1["event"] == e2["event"] and e1["id"] == e2["id"], "both streams: %s %s" % (e1, e2))
    got = [e1]
    while not any(g["event"] == "profile_changed" for g in got):
        got.append(r1.next())
    pc = [g for g in got if g["event"] == "profile_changed"][0]
    body = json.loads(pc["data"])
    expect(body["type"] == "profile_changed" and int(pc["id"]) == body["id"] and "residence_address" in body["data"]["changed"],
           "profile_changed: %s" % body)
    change_profile(api, c, "Адрес для события 2")
    nxt = r1.next()
    expect(int(nxt["id"]) > int(got[-1]["id"]), "ids increase")
    # B's stream got nothing of C's: the next thing it sees is its own change.
    change_profile(api, other, "Адрес B")
    eb = ro.next()
    expect(json.loads(eb["data"])["data"] != {} and "Адрес для события" not in eb["data"], "B sees only B's events")
    for r in (r1, r2, ro):
        r.close()
    ctx["stream_user"] = c
    ctx["last_seen_id"] = int(nxt["id"])


@check("events: Last-Event-ID replays what was missed without duplicates; a too old or unknown id gets event: reset")
def _(api, ctx):
    c = ctx["stream_user"]
    last = ctx["last_seen_id"]
    change_profile(api, c, "Пропущенное 1")
    change_profile(api, c, "Пропущенное 2")
    r = EventReader(api, ticket(api, c.token), last_id=last)
    seen = []
    while len([e for e in seen if e["event"] == "profile_changed"]) < 2:
        seen.append(r.next())
    ids = [int(e["id"]) for e in seen]
    expect(ids == sorted(set(ids)) and ids[0] > last, "replayed in order without duplicates: %s" % ids)
    change_profile(api, c, "Живое")
    live = r.next()
    expect(int(live["id"]) > ids[-1], "then live events")
    r.close()
    r = EventReader(api, ticket(api, c.token), last_id=10 ** 15)
    ev = r.next()
    expect(ev["event"] == "reset" and json.loads(ev["data"])["reason"] == "unknown_id", "an unknown id: reset first, got %s" % ev)
    r.close()
    expect_error(api.call("GET", "/events?last_event_id=abc", token=c.token), 400, "bad_last_event_id")
    retention = ctx.get("event_retention")
    if retention is None or retention > 15:
        return "too-old part skipped: events are kept %s s" % retention
    old = ids[-1]
    time.sleep(retention * 1.5 + 1)   # kept `retention` s; the backend may prune a little later
    change_profile(api, c, "Через много времени")
    r = EventReader(api, ticket(api, c.token), last_id=old)
    ev = r.next()
    expect(ev["event"] == "reset" and json.loads(ev["data"])["reason"] == "too_old", "a too old id: reset first, got %s" % ev)
    nxt = r.next()
    expect(nxt["event"] in ("security", "profile_changed"), "then the events still kept: %s" % nxt)
    r.close()


@check("events: a heartbeat within 20 s; a stream ends when its session ends; clients vanishing mid-stream do not hurt the server")
def _(api, ctx):
    c = Citizen(api.at("127.0.0.39")).register()
    c.login()
    r = EventReader(c.api, ticket(api, c.token), timeout=25)
    t0 = time.time()
    ping = r.next(want_comment=True)
    expect("comment" in ping and time.time() - t0 <= 20, "heartbeat: %s after %.1f s" % (ping, time.time() - t0))
    vanishing = [EventReader(api.at("127.0.0.40"), ticket(api, c.token)) for _ in range(15)]
    for v in vanishing:
        v.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST on close
        v.close()
    change_profile(api, c, "После обрыва")
    expect(api.call("GET", "/health")[0] == 200, "healthy after 15 abrupt disconnects")
    api.call("POST", "/auth/logout", {}, token=c.token)
    ended = False
    try:
        for _ in range(10):
            r.next()
    except (EOFError, ConnectionError):
        ended = True
    expect(ended, "the stream closed with the session")
    r.close()


# == storage ====================================================================================
def storage_check(dump, files):
    """No password, authenticator, key, token, TOTP secret or profile text the suite used may appear in
    what the backend stores; the database files are readable by their owner only."""
    for path in files:
        if os.path.exists(path):
            mode = os.stat(path).st_mode & 0o777
            expect(mode & 0o077 == 0, "%s has mode %o (expected 0600)" % (path, mode))
    found = []
    for label, secret in SECRETS:
        forms_ = {secret, base64.b64encode(secret), secret.hex().encode()}
        if any(f in dump for f in forms_):
            found.append(label)
    expect(not found, "stored in clear: %s" % sorted(set(found)))
    return len(SECRETS)


def reference_dump(db_path):
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
    raw = b"".join(blobs)
    for suffix in ("", "-wal"):
        if os.path.exists(db_path + suffix):
            with open(db_path + suffix, "rb") as f:
                raw += f.read()
    return raw


def main():
    global CONTRACT
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", help="backend base URL, e.g. http://127.0.0.1:8080/api/v1")
    ap.add_argument("--start-reference", action="store_true", help="start tools/serve.py with short development settings and check its SQLite file")
    ap.add_argument("--storage-dump", help="a shell command printing everything the backend stores (for --base)")
    ap.add_argument("--request-deadline", type=float, help="the backend's request deadline in seconds, if short (for --base)")
    ap.add_argument("--max-conns-per-ip", type=int, help="the backend's connection cap per address, if small (for --base)")
    ap.add_argument("--quota", type=int, help="the backend's storage quota per user in bytes, if small (for --base)")
    ap.add_argument("--fresh-factor", type=int, help="seconds a second factor stays fresh, if short (for --base)")
    ap.add_argument("--event-retention", type=int, help="seconds events are kept, if short (for --base)")
    ap.add_argument("--only", help="run only checks whose name contains this text")
    args = ap.parse_args()
    CONTRACT = Contract(CONTRACT_PATH)
    proc = tmp = db = None
    ctx = {"request_deadline": args.request_deadline, "max_conns_per_ip": args.max_conns_per_ip, "quota": args.quota,
           "fresh_factor": args.fresh_factor, "event_retention": args.event_retention}
    if args.start_reference:
        tmp = tempfile.mkdtemp(prefix="lk-conformance-")
        db = os.path.join(tmp, "lk.sqlite3")
        ctx.update(request_deadline=2, max_conns_per_ip=20, quota=8_000_000, fresh_factor=3, event_retention=6)
        proc = subprocess.Popen(["/usr/bin/python3", os.path.join(ROOT, "tools", "serve.py"), "--port", "0", "--db", db,
                                 "--dist", os.path.join(tmp, "dist"), "--dev", "--code-ttl", "3", "--request-deadline", "2",
                                 "--max-conns-per-ip", "20", "--quota-bytes", "8000000", "--fresh-factor", "3",
                                 "--event-retention", "6", "--operator-delay", "0.3"],
                                stdout=subprocess.PIPE, text=True)
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
    passed = failed = 0
    try:
        for fn in CHECKS:
            if args.only and args.only not in fn.check_name:
                continue
            t0 = time.time()
            try:
                note = fn(api, ctx)
                passed += 1
                print("ok    %-110s %.2fs%s" % (fn.check_name, time.time() - t0, ("  (" + note + ")") if note else ""), flush=True)
            except Exception as e:  # noqa: BLE001 - report every failure and go on
                failed += 1
                print("FAIL  %s\n      %s: %s" % (fn.check_name, type(e).__name__, e), flush=True)
        if not args.only:
            if VIOLATIONS:
                failed += 1
                print("FAIL  every response matches the contract's schemas (%d responses, %d violations)" % (RESPONSES[0], len(VIOLATIONS)))
                for v in VIOLATIONS[:40]:
                    print("      " + v)
            else:
                passed += 1
                print("ok    every response matches the contract's schemas (%d responses, 0 violations)" % RESPONSES[0])
        dump = None
        if args.start_reference:
            proc.terminate()
            proc.wait(timeout=10)
            dump, files = reference_dump(db), [db, db + "-wal", db + "-shm", db + ".pepper", db + ".agency-keys.json"]
        elif args.storage_dump:
            dump, files = subprocess.run(args.storage_dump, shell=True, capture_output=True).stdout, []
        if dump is not None and not args.only:
            try:
                n = storage_check(dump, files)
                passed += 1
                print("ok    storage holds none of the %d passwords, authenticators, keys, wrapped keys, tokens, TOTP secrets "
                      "and profile texts in clear; files 0600" % n)
            except Exception as e:  # noqa: BLE001
                failed += 1
                print("FAIL  storage check\n      %s" % e)
        elif not args.only:
            print("note  storage check not run: give --storage-dump for a backend other than the reference")
    finally:
        if proc and proc.poll() is None:
            proc.terminate()
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
