"""HTTP plumbing: routing, the auth check on every private endpoint, body limits, the one error
shape, security headers, and the static app."""
import gzip
import json
import os
import re
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import applications, auth, catalog, forms, profile
from .errors import ApiError
from .static import StaticCache
from .store import Database

CONTRACT = "v1"
VERSION = "0.2.0"
MAX_BODY = 1024 * 1024


def security_headers(extra_connect=""):
    csp = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
           "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'%s; worker-src 'self' blob:; "
           "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'" % extra_connect)
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }


class Outbox:
    """The developer outbox: where SMS and e-mail codes 'go' in the reference backend."""

    def __init__(self, echo=False):
        self.lock = threading.Lock()
        self.messages = []
        self.echo = echo

    def send(self, destination, text, code, purpose):
        with self.lock:
            self.messages.append({"at": int(time.time()), "destination": destination, "text": text, "code": code,
                                  "purpose": purpose})
            del self.messages[:-500]
        if self.echo:
            print("[outbox] %s: %s" % (destination, text), flush=True)

    def for_destination(self, destination):
        with self.lock:
            return [m for m in self.messages if not destination or m["destination"] == destination]


class Request:
    def __init__(self, server, handler, body, params, query):
        self.server, self.body, self.params, self.query = server, body, params, query
        self.ip = handler.client_address[0]
        device = handler.headers.get("X-Device") or handler.headers.get("User-Agent") or "неизвестное устройство"
        self.device = device.strip()[:120]
        self.account = None
        self.session = None


def health(req):
    return 200, {"status": "ok", "contract": CONTRACT, "version": VERSION, "schema": req.server.db.schema_version(),
                 "time": int(time.time())}


def dev_outbox(req):
    if not req.server.dev:
        raise ApiError(404, "not_found", "Ресурс не найден")
    dest = req.query.get("destination", [""])[0]
    return 200, {"items": req.server.outbox.for_destination(dest)}


PUBLIC, PRIVATE = False, True
ROUTES = [
    ("GET", "/health", health, PUBLIC),
    ("GET", "/dev/outbox", dev_outbox, PUBLIC),
    ("GET", "/catalog", catalog.get_catalog, PUBLIC),
    ("GET", "/catalog/services/{id}", catalog.get_service, PUBLIC),
    ("GET", "/forms/{code}", forms.get_form, PUBLIC),
    ("POST", "/auth/register", auth.register, PUBLIC),
    ("POST", "/auth/register/confirm", auth.register_confirm, PUBLIC),
    ("POST", "/auth/codes/{id}/resend", auth.resend_code, PUBLIC),
    ("POST", "/auth/prelogin", auth.prelogin, PUBLIC),
    ("POST", "/auth/login", auth.login, PUBLIC),
    ("POST", "/auth/login/verify", auth.login_verify, PUBLIC),
    ("POST", "/auth/refresh", auth.refresh, PUBLIC),
    ("POST", "/auth/recover", auth.recover, PUBLIC),
    ("POST", "/auth/recover/confirm", auth.recover_confirm, PUBLIC),
    ("POST", "/auth/logout", auth.logout, PRIVATE),
    ("GET", "/me", auth.me, PRIVATE),
    ("POST", "/auth/totp/setup", auth.totp_setup, PRIVATE),
    ("POST", "/auth/totp/enable", auth.totp_enable, PRIVATE),
    ("DELETE", "/auth/totp", auth.totp_disable, PRIVATE),
    ("GET", "/sessions", auth.list_sessions, PRIVATE),
    ("DELETE", "/sessions/{id}", auth.revoke_session, PRIVATE),
    ("GET", "/security-log", auth.security_log, PRIVATE),
    ("GET", "/profile", profile.get_profile, PRIVATE),
    ("PUT", "/profile", profile.put_profile, PRIVATE),
    ("GET", "/profile/versions", profile.list_versions, PRIVATE),
    ("GET", "/profile/versions/{version}", profile.get_version, PRIVATE),
    ("POST", "/profile/versions/{version}/restore", profile.restore_version, PRIVATE),
    ("GET", "/consents", profile.list_consents, PRIVATE),
    ("POST", "/consents", profile.give_consent, PRIVATE),
    ("DELETE", "/consents/{id}", profile.withdraw_consent, PRIVATE),
    ("GET", "/drafts", applications.list_drafts, PRIVATE),
    ("GET", "/drafts/{code}", applications.get_draft, PRIVATE),
    ("PUT", "/drafts/{code}", applications.put_draft, PRIVATE),
    ("DELETE", "/drafts/{code}", applications.delete_draft, PRIVATE),
    ("POST", "/attachments", applications.create_attachment, PRIVATE),
    ("PUT", "/attachments/{id}", applications.put_attachment_chunk, PRIVATE),
    ("DELETE", "/attachments/{id}", applications.delete_attachment, PRIVATE),
    ("POST", "/applications", applications.submit_application, PRIVATE),
    ("GET", "/applications", applications.list_applications, PRIVATE),
    ("GET", "/applications/{number}", applications.get_application, PRIVATE),
]
# POSTs that create something. Sign-in answers (tokens) are never stored for replay.
IDEMPOTENT_ROUTES = re.compile(r"^(/auth/register|/consents|/profile/versions/\d+/restore|/attachments|/applications)$")
_COMPILED = [(m, re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[A-Za-z0-9_-]{1,64})", p) + "$"), h, private)
             for (m, p, h, private) in ROUTES]


class Handler(BaseHTTPRequestHandler):
    server_version = "lk-reference/" + VERSION
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 30

    def setup(self):
        super().setup()
        # Headers and body go out as two writes; without TCP_NODELAY, Nagle's algorithm and the
        # peer's delayed ACK add ~40 ms to every keep-alive response.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))

    def send_body(self, status, body, ctype, extra=None, gz=None):
        accept_gzip = "gzip" in (self.headers.get("Accept-Encoding") or "")
        self.send_response(status)
        for k, val in security_headers(self.server.extra_connect).items():
            self.send_header(k, val)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, val in (extra or {}).items():
            self.send_header(k, val)
        if gz is not None and accept_gzip:
            body = gz
            self.send_header("Content-Encoding", "gzip")
        if gz is not None:
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, status, obj):
        if status == 204 or obj is None:
            self.send_body(204 if obj is None else status, b"", None, {"Cache-Control": "no-store"})
            return
        data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.send_body(status, data, "application/json; charset=utf-8", {"Cache-Control": "no-store"})

    def read_json_body(self):
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            raise ApiError(411, "length_required", "Укажите длину тела запроса (Content-Length)")
        try:
            n = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            raise ApiError(400, "bad_request", "Неверная длина тела запроса")
        if n < 0:
            raise ApiError(400, "bad_request", "Неверная длина тела запроса")
        if n > MAX_BODY:
            self.close_connection = True  # do not read 10 MB just to throw it away
            raise ApiError(413, "payload_too_large", "Слишком большой запрос: не более 1 МБ")
        raw = self.rfile.read(n) if n > 0 else b""
        if not raw:
            return {}
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise ApiError(400, "malformed_json", "Тело запроса не является корректным JSON")
        if not isinstance(body, dict):
            raise ApiError(400, "malformed_json", "Ожидался JSON-объект")
        return body

    def handle_any(self):
        try:
            url = urllib.parse.urlsplit(self.path)
            if url.path.startswith("/api/"):
                self.handle_api(url)
            elif self.command in ("GET", "HEAD"):
                self.handle_static(url.path)
            else:
                raise ApiError(405, "method_not_allowed", "Метод не поддерживается")
        except ApiError as e:
            self.send_json(e.status, e.body())
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as e:  # never a stack trace to the client
            sys.stderr.write("internal error: %r\n" % (e,))
            self.send_json(500, ApiError(500, "internal", "Внутренняя ошибка сервера").body())

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

    def handle_static(self, path):
        full = self.server.static.resolve(path)
        if full is None:
            raise ApiError(404, "not_found", "Файл не найден")
        entry = self.server.static.get(full)
        headers = {"ETag": entry["etag"], "Cache-Control": "no-cache", "X-Decoded-Length": str(len(entry["data"]))}
        self.send_cacheable(entry["data"], entry["type"], headers, entry["gz"])

    def send_cacheable(self, body, ctype, headers, gz):
        """200 with the body, or 304 when the client's If-None-Match is the current ETag."""
        if self.headers.get("If-None-Match") == headers["ETag"]:
            self.send_response(304)
            for k, val in headers.items():
                self.send_header(k, val)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_body(200, body, ctype, headers, gz=gz)

    def handle_api(self, url):
        prefix = "/api/" + CONTRACT
        if not (url.path == prefix or url.path.startswith(prefix + "/")):
            raise ApiError(404, "unknown_version", "Версия API не поддерживается; используйте /api/v1")
        route = url.path[len(prefix):] or "/"
        method = "GET" if self.command == "HEAD" else self.command
        found, allowed = None, False
        for m, rx, h, private in _COMPILED:
            match = rx.match(route)
            if match:
                allowed = True
                if m == method:
                    found = (h, private, match.groupdict())
                    break
        if found is None:
            if allowed:
                raise ApiError(405, "method_not_allowed", "Метод не поддерживается для этого ресурса")
            raise ApiError(404, "not_found", "Ресурс не найден")
        handler, private, params = found
        if route == "/catalog" and method == "GET" and "size" in urllib.parse.parse_qs(url.query):
            # Developer mode: a generated catalog of N services (scrolling and load tests).
            if not self.server.dev:
                raise ApiError(404, "not_found", "Ресурс не найден")
            try:
                size = max(1, min(20000, int(urllib.parse.parse_qs(url.query)["size"][0])))
            except ValueError:
                raise ApiError(400, "bad_request", "size — число от 1 до 20000")
            self.send_json(200, catalog.synthetic(size))
            return
        if route == "/catalog" and method == "GET":
            # The catalog changes rarely: an ETag lets clients revalidate for free.
            headers = {"ETag": catalog.CATALOG_ETAG, "Cache-Control": "no-cache"}
            self.send_cacheable(self.server.catalog_body, "application/json; charset=utf-8", headers, self.server.catalog_gz)
            return
        # Who is asking comes first: a private endpoint refuses before reading anything else.
        account = session = None
        if private:
            account, session = auth.authenticate(self.server, self.headers.get("Authorization"))
        body = self.read_json_body() if method in ("POST", "PUT", "PATCH", "DELETE") else {}
        req = Request(self.server, self, body, params, urllib.parse.parse_qs(url.query))
        req.account, req.session = account, session
        key = self.headers.get("Idempotency-Key")
        if method == "POST" and key and IDEMPOTENT_ROUTES.match(route):
            status, obj = self.idempotent(key, account, method + " " + route, lambda: handler(req))
        else:
            status, obj = handler(req)
        self.send_json(status, obj)

    def idempotent(self, key, account, what, run):
        """The first answer to (caller, endpoint, key) is stored and replayed for 24 h, so a retry
        after a lost response or a double click creates one object, not two."""
        if len(key) > 64 or not re.fullmatch(r"[A-Za-z0-9_-]+", key):
            raise ApiError(400, "bad_idempotency_key", "Неверный ключ идемпотентности (до 64 латинских букв и цифр)")
        scope = "%s|%s" % (account["id"] if account else "ip:" + self.client_address[0], what)
        with self.server.idem_lock:
            lock = self.server.idem_locks.setdefault((scope, key), threading.Lock())
        with lock:
            db = self.server.db
            row = db.one("SELECT status, body FROM idempotency WHERE scope = ? AND key = ? AND created_at > ?",
                         (scope, key, time.time() - 86400))
            if row:
                return row["status"], json.loads(row["body"])
            try:
                status, obj = run()
            except ApiError as e:
                status, obj = e.status, e.body()
                if status >= 500 or status == 429:
                    raise
            if status < 500:
                with db.transaction() as con:
                    con.execute("INSERT OR REPLACE INTO idempotency VALUES (?,?,?,?,?)",
                                (scope, key, status, json.dumps(obj, ensure_ascii=False), time.time()))
            return status, obj


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def load_pepper(db_path):
    """A server secret kept beside the database (not in it), for HMACs of authenticators and codes."""
    path = db_path + ".pepper"
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(os.urandom(32))
    with open(path, "rb") as f:
        return f.read()


def make_server(host, port, db_path, dist, dev=False, verbose=False, extra_connect=""):
    srv = Server((host, port), Handler)
    srv.db = Database(db_path)
    srv.pepper = load_pepper(db_path)
    srv.agency_keys = applications.load_agency_keys(db_path)
    srv.static = StaticCache(dist)
    srv.verbose = verbose
    srv.dev = dev
    srv.outbox = Outbox(echo=dev and verbose)
    srv.catalog_body = catalog.CATALOG_JSON.encode("utf-8")
    srv.catalog_gz = gzip.compress(srv.catalog_body, 9, mtime=0)
    srv.idem_lock = threading.Lock()
    srv.idem_locks = {}
    srv.extra_connect = (" " + extra_connect) if extra_connect else ""
    return srv
