#!/usr/bin/env python3
"""Reference backend and static server for the Gosuslugi personal account.

Serves the built web app (build/web/dist) and the REST contract under /api/v1 (docs/openapi.yaml)
from a real SQLite database. Python standard library only.

    python3 tools/serve.py [--port 8080] [--host 127.0.0.1] [--db build/lk.sqlite3]
                           [--dist build/web/dist] [--dev] [--seed]
"""
import argparse
import gzip
import hashlib
import json
import mimetypes
import os
import posixpath
import sqlite3
import sys
import threading
import time
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTRACT = "v1"
VERSION = "0.1.0"
MAX_BODY = 1 * 1024 * 1024          # request bodies above this are refused with 413
COMPRESSIBLE = {"text/html", "text/css", "text/javascript", "application/javascript",
                "application/json", "application/wasm", "font/ttf", "image/svg+xml"}
MIME = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
        ".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
        ".json": "application/json; charset=utf-8", ".wasm": "application/wasm",
        ".ttf": "font/ttf", ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}

MIGRATIONS = [
    # 1: bookkeeping only; each later feature adds its tables as a new migration.
    """CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);""",
]


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


class Database:
    """One SQLite file; a connection per thread; schema migrated on start."""

    def __init__(self, path):
        self.path = path
        self.local = threading.local()
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        con = self.connect()
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at REAL NOT NULL)")
        done = {row[0] for row in con.execute("SELECT version FROM schema_migrations")}
        for version, sql in enumerate(MIGRATIONS, start=1):
            if version in done:
                continue
            with con:
                con.executescript(sql)
                con.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, time.time()))

    def connect(self):
        con = getattr(self.local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=10)
            con.execute("PRAGMA foreign_keys=ON")
            self.local.con = con
        return con

    def schema_version(self):
        return self.connect().execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]


class StaticCache:
    """Files of the built app with their ETag and a gzip copy, rebuilt when the file changes."""

    def __init__(self, root):
        self.root = os.path.realpath(root)
        self.lock = threading.Lock()
        self.entries = {}

    def resolve(self, url_path):
        # Refuse traversal: normalise, then require the real path to stay inside the root.
        path = posixpath.normpath(urllib.parse.unquote(url_path))
        if "\x00" in path:
            return None
        parts = [p for p in path.split("/") if p and p not in (".", "..")]
        full = os.path.realpath(os.path.join(self.root, *parts))
        if full != self.root and not full.startswith(self.root + os.sep):
            return None
        if os.path.isdir(full):
            full = os.path.join(full, "index.html")
        return full if os.path.isfile(full) else None

    def get(self, full):
        st = os.stat(full)
        key = (full, st.st_mtime_ns, st.st_size)
        with self.lock:
            entry = self.entries.get(full)
            if entry and entry["key"] == key:
                return entry
        with open(full, "rb") as f:
            data = f.read()
        ext = os.path.splitext(full)[1].lower()
        ctype = MIME.get(ext) or mimetypes.guess_type(full)[0] or "application/octet-stream"
        entry = {"key": key, "data": data, "type": ctype,
                 "etag": '"%s"' % hashlib.sha256(data).hexdigest()[:32], "gz": None}
        if ctype.split(";")[0] in COMPRESSIBLE and len(data) > 512:
            entry["gz"] = gzip.compress(data, 9, mtime=0)
        with self.lock:
            self.entries[full] = entry
        return entry


class ApiError(Exception):
    def __init__(self, status, code, message, fields=None):
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields or []


class Handler(BaseHTTPRequestHandler):
    server_version = "lk-reference/" + VERSION
    sys_version = ""
    protocol_version = "HTTP/1.1"

    # -- plumbing -----------------------------------------------------------------------
    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))

    def send_body(self, status, body, ctype, extra=None, gz=None):
        accept_gzip = "gzip" in (self.headers.get("Accept-Encoding") or "")
        self.send_response(status)
        for k, v in security_headers(self.server.extra_connect).items():
            self.send_header(k, v)
        self.send_header("Content-Type", ctype)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        if gz is not None and accept_gzip:
            body = gz
            self.send_header("Content-Encoding", "gzip")
        if gz is not None:
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, status, obj, extra=None):
        data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        headers = {"Cache-Control": "no-store"}
        headers.update(extra or {})
        self.send_body(status, data, "application/json; charset=utf-8", headers)

    def send_error_json(self, err):
        body = {"error": {"code": err.code, "message": err.message}}
        if err.fields:
            body["error"]["fields"] = err.fields
        self.send_json(err.status, body)

    def read_json_body(self):
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding"):
            raise ApiError(411, "length_required", "Укажите длину тела запроса (Content-Length)")
        try:
            n = int(length or "0")
        except ValueError:
            raise ApiError(400, "bad_request", "Неверная длина тела запроса")
        if n > MAX_BODY:
            self.close_connection = True
            raise ApiError(413, "payload_too_large", "Слишком большой запрос: не более 1 МБ")
        raw = self.rfile.read(n) if n > 0 else b""
        if not raw:
            return {}
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise ApiError(400, "malformed_json", "Тело запроса не является корректным JSON")
        if not isinstance(body, dict):
            raise ApiError(400, "malformed_json", "Ожидался JSON-объект")
        return body

    # -- dispatch -----------------------------------------------------------------------
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
            self.send_error_json(e)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as e:  # never a stack trace to the client
            sys.stderr.write("internal error: %r\n" % (e,))
            self.send_error_json(ApiError(500, "internal", "Внутренняя ошибка сервера"))

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

    def handle_static(self, path):
        full = self.server.static.resolve(path)
        if full is None:
            raise ApiError(404, "not_found", "Файл не найден")
        entry = self.server.static.get(full)
        headers = {"ETag": entry["etag"], "Cache-Control": "no-cache",
                   "X-Decoded-Length": str(len(entry["data"]))}
        if self.headers.get("If-None-Match") == entry["etag"]:
            self.send_response(304)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_body(200, entry["data"], entry["type"], headers, gz=entry["gz"])

    def handle_api(self, url):
        prefix = "/api/" + CONTRACT
        if not (url.path == prefix or url.path.startswith(prefix + "/")):
            raise ApiError(404, "unknown_version", "Версия API не поддерживается; используйте /api/v1")
        route = url.path[len(prefix):] or "/"
        if self.command in ("POST", "PUT", "PATCH"):
            body = self.read_json_body()
        else:
            body = None
        handler = ROUTES.get((self.command if self.command != "HEAD" else "GET", route))
        if handler is None:
            if any(r == route for (_, r) in ROUTES):
                raise ApiError(405, "method_not_allowed", "Метод не поддерживается для этого ресурса")
            raise ApiError(404, "not_found", "Ресурс не найден")
        status, obj = handler(self, body)
        self.send_json(status, obj)


# -- API handlers --------------------------------------------------------------------------
def api_health(handler, _body):
    db = handler.server.db
    return 200, {"status": "ok", "contract": CONTRACT, "version": VERSION,
                 "schema": db.schema_version(), "time": int(time.time())}


ROUTES = {
    ("GET", "/health"): api_health,
}


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    ap.add_argument("--db", default=os.path.join(ROOT, "build", "lk.sqlite3"))
    ap.add_argument("--dist", default=os.path.join(ROOT, "build", "web", "dist"))
    ap.add_argument("--dev", action="store_true", help="developer mode: outbox for codes, demo logins printed")
    ap.add_argument("--seed", action="store_true", help="load demo data")
    ap.add_argument("--connect-src", default="", help="extra CSP connect-src origins (another backend)")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)

    srv = Server((args.host, args.port), Handler)
    srv.db = Database(args.db)
    srv.static = StaticCache(args.dist)
    srv.verbose = args.verbose
    srv.dev = args.dev
    srv.extra_connect = (" " + args.connect_src) if args.connect_src else ""
    host, port = srv.server_address[:2]
    print("Госуслуги — личный кабинет: http://%s:%d/" % (host, port), flush=True)
    if not os.path.isfile(os.path.join(args.dist, "index.html")):
        print("warning: %s has no index.html (build the web app first)" % args.dist, flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()


if __name__ == "__main__":
    main()
