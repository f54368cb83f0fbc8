"""The built web app: files with ETag and a cached gzip copy; path traversal refused."""
import gzip
import hashlib
import mimetypes
import os
import posixpath
import threading
import urllib.parse

COMPRESSIBLE = {"text/html", "text/css", "text/javascript", "application/javascript",
                "application/json", "application/wasm", "font/ttf", "image/svg+xml"}
MIME = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
        ".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
        ".json": "application/json; charset=utf-8", ".wasm": "application/wasm",
        ".ttf": "font/ttf", ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}


class StaticCache:
    def __init__(self, root):
        self.root = os.path.realpath(root)
        self.lock = threading.Lock()
        self.entries = {}

    def resolve(self, url_path):
        """The file for a URL path, or None. The real path must stay inside the root."""
        path = posixpath.normpath(urllib.parse.unquote(url_path))
        if "\x00" in path or "\\" in path:
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
